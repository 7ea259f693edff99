// The vectorized expression evaluator: three-valued logic, CASE evaluating
// branches only on the rows that take them, IN lists, COALESCE, parameters,
// predicates and per-chunk evaluation over real columns.
#include <doctest/doctest.h>

#include <map>
#include <string>
#include <vector>

#include "common/value_format.h"
#include "executor/expression_evaluator.h"
#include "executor/function_registry.h"
#include "sql/bound_expr.h"

namespace kappa {
namespace {

BoundExprPtr Col(int i, TypeId t) { return BoundExpr::ColumnRef(i, DataType(t)); }
BoundExprPtr Int(int64_t v) { return BoundExpr::Constant(Value::Int(TypeId::kInt32, v)); }
BoundExprPtr Bool(bool v) { return BoundExpr::Constant(Value::Bool(v)); }
BoundExprPtr NullOf(TypeId t) { return BoundExpr::Constant(Value::Null(DataType(t))); }
BoundExprPtr Str(const std::string& s) { return BoundExpr::Constant(Value::String(s)); }

BoundExprPtr Fn(const std::string& name, std::vector<BoundExprPtr> args) {
  std::vector<DataType> types;
  for (const auto& a : args) types.push_back(a->type);
  auto r = ResolveScalarFunction(name, types);
  REQUIRE_MESSAGE(r.ok(), r.status().ToString());
  auto e = std::make_unique<BoundExpr>(BoundExprKind::kFunction, r->return_type);
  e->function = r->function;
  e->function_name = name;
  for (size_t i = 0; i < args.size(); ++i) {
    if (r->arg_casts[i] != args[i]->type) {
      auto c = std::make_unique<BoundExpr>(BoundExprKind::kCast, r->arg_casts[i]);
      c->children.push_back(std::move(args[i]));
      e->children.push_back(std::move(c));
    } else {
      e->children.push_back(std::move(args[i]));
    }
  }
  return e;
}

BoundExprPtr Bin(const std::string& op, BoundExprPtr a, BoundExprPtr b) {
  std::vector<BoundExprPtr> v;
  v.push_back(std::move(a));
  v.push_back(std::move(b));
  return Fn(op, std::move(v));
}

BoundExprPtr Node(BoundExprKind kind, DataType type, std::vector<BoundExprPtr> children) {
  auto e = std::make_unique<BoundExpr>(kind, type);
  e->children = std::move(children);
  return e;
}

template <typename... A>
std::vector<BoundExprPtr> List(A... a) {
  std::vector<BoundExprPtr> v;
  (v.push_back(std::move(a)), ...);
  return v;
}

// x int4 column with values 10, 0, NULL, -5, 2.
Chunk TestChunk() {
  Chunk chunk({DataType(TypeId::kInt32), DataType(TypeId::kText)});
  chunk.AppendRow({Value::Int(TypeId::kInt32, 10), Value::String("apple")});
  chunk.AppendRow({Value::Int(TypeId::kInt32, 0), Value::String("banana")});
  chunk.AppendRow({Value::Null(DataType(TypeId::kInt32)), Value::Null(DataType(TypeId::kText))});
  chunk.AppendRow({Value::Int(TypeId::kInt32, -5), Value::String("cherry")});
  chunk.AppendRow({Value::Int(TypeId::kInt32, 2), Value::String("Apricot")});
  return chunk;
}

// Evaluates over TestChunk() and joins the row texts with '|' (NULL as "N").
std::string EvalRows(const BoundExpr& e, const std::vector<Value>* params = nullptr) {
  EvalContext ctx;
  ctx.params = params;
  Column out(e.type);
  Status st = EvaluateExpression(e, TestChunk(), ctx, &out);
  if (!st.ok()) return "ERROR " + st.sqlstate() + ": " + st.message();
  std::string s;
  for (size_t i = 0; i < out.size(); ++i) {
    if (i) s += "|";
    if (out.IsNull(i)) {
      s += "N";
    } else {
      AppendValueText(out, i, &s);
    }
  }
  return s;
}

TEST_CASE("column arithmetic runs over the whole chunk with NULL propagation") {
  auto e = Bin("*", Col(0, TypeId::kInt32), Int(3));
  CHECK(EvalRows(*e) == "30|0|N|-15|6");
  auto upper = Fn("upper", List(Col(1, TypeId::kText)));
  CHECK(EvalRows(*upper) == "APPLE|BANANA|N|CHERRY|APRICOT");
}

TEST_CASE("division by zero in any row fails the whole expression with 22012") {
  auto e = Bin("/", Int(100), Col(0, TypeId::kInt32));
  CHECK(EvalRows(*e) == "ERROR 22012: division by zero");
}

TEST_CASE("CASE evaluates a branch only on the rows that take it") {
  // CASE WHEN x <> 0 THEN 100 / x ELSE -1 END
  auto c = Node(BoundExprKind::kCase, DataType(TypeId::kInt32),
                List(Bin("<>", Col(0, TypeId::kInt32), Int(0)),
                     Bin("/", Int(100), Col(0, TypeId::kInt32)), Int(-1)));
  c->has_else = true;
  CHECK(EvalRows(*c) == "10|-1|-1|-20|50");
  // Without ELSE the unmatched rows are NULL.
  auto d = Node(BoundExprKind::kCase, DataType(TypeId::kText),
                List(Bin(">", Col(0, TypeId::kInt32), Int(5)), Str("big"),
                     Bin(">", Col(0, TypeId::kInt32), Int(0)), Str("small")));
  CHECK(EvalRows(*d) == "big|N|N|N|small");
}

TEST_CASE("AND and OR use three-valued logic and skip decided rows") {
  // x <> 0 AND 100 / x > 10: rows with x = 0 are decided FALSE before dividing.
  auto a = Node(BoundExprKind::kAnd, DataType(TypeId::kBool),
                List(Bin("<>", Col(0, TypeId::kInt32), Int(0)),
                     Bin(">", Bin("/", Int(100), Col(0, TypeId::kInt32)), Int(10))));
  CHECK(EvalRows(*a) == "f|f|N|f|t");
  auto o = Node(BoundExprKind::kOr, DataType(TypeId::kBool),
                List(Bin("=", Col(0, TypeId::kInt32), Int(0)),
                     Bin(">", Bin("/", Int(100), Col(0, TypeId::kInt32)), Int(10))));
  CHECK(EvalRows(*o) == "f|t|N|f|t");
  auto null_and_false = Node(BoundExprKind::kAnd, DataType(TypeId::kBool),
                             List(NullOf(TypeId::kBool), Bool(false)));
  CHECK(EvalRows(*null_and_false) == "f|f|f|f|f");
  auto null_or_true = Node(BoundExprKind::kOr, DataType(TypeId::kBool),
                           List(NullOf(TypeId::kBool), Bool(true)));
  CHECK(EvalRows(*null_or_true) == "t|t|t|t|t");
  auto null_and_true = Node(BoundExprKind::kAnd, DataType(TypeId::kBool),
                            List(NullOf(TypeId::kBool), Bool(true)));
  CHECK(EvalRows(*null_and_true) == "N|N|N|N|N");
  auto n = Node(BoundExprKind::kNot, DataType(TypeId::kBool),
                List(Bin(">", Col(0, TypeId::kInt32), Int(1))));
  CHECK(EvalRows(*n) == "f|t|N|t|f");
}

TEST_CASE("IS NULL, IS DISTINCT FROM and IN follow SQL NULL semantics") {
  auto isnull = Node(BoundExprKind::kIsNull, DataType(TypeId::kBool), List(Col(0, TypeId::kInt32)));
  CHECK(EvalRows(*isnull) == "f|f|t|f|f");
  isnull->negated = true;
  CHECK(EvalRows(*isnull) == "t|t|f|t|t");
  auto distinct = Node(BoundExprKind::kIsDistinct, DataType(TypeId::kBool),
                       List(Col(0, TypeId::kInt32), NullOf(TypeId::kInt32)));
  CHECK(EvalRows(*distinct) == "t|t|f|t|t");
  auto in = Node(BoundExprKind::kInList, DataType(TypeId::kBool),
                 List(Col(0, TypeId::kInt32), Int(0), Int(2)));
  CHECK(EvalRows(*in) == "f|t|N|f|t");
  auto in_null = Node(BoundExprKind::kInList, DataType(TypeId::kBool),
                      List(Col(0, TypeId::kInt32), Int(0), NullOf(TypeId::kInt32)));
  CHECK(EvalRows(*in_null) == "N|t|N|N|N");
  in_null->negated = true;
  CHECK(EvalRows(*in_null) == "N|f|N|N|N");
  // Mixed types are compared in their common type: x IN (2.0).
  auto in_num = Node(BoundExprKind::kInList, DataType(TypeId::kBool),
                     List(Col(0, TypeId::kInt32),
                          BoundExpr::Constant(Value::Dec(Decimal{20, 1}))));
  CHECK(EvalRows(*in_num) == "f|f|N|f|t");
}

TEST_CASE("COALESCE takes the first non-null and evaluates lazily") {
  auto c = Node(BoundExprKind::kCoalesce, DataType(TypeId::kInt32),
                List(Col(0, TypeId::kInt32), Int(42)));
  CHECK(EvalRows(*c) == "10|0|42|-5|2");
  // A failing first argument fails the whole expression.
  auto lazy = Node(BoundExprKind::kCoalesce, DataType(TypeId::kInt32),
                   List(Bin("/", Int(100), Col(0, TypeId::kInt32)), Int(7)));
  CHECK(EvalRows(*lazy) == "ERROR 22012: division by zero");
  auto safe = Node(BoundExprKind::kCoalesce, DataType(TypeId::kText),
                   List(Col(1, TypeId::kText), Str("none")));
  CHECK(EvalRows(*safe) == "apple|banana|none|cherry|Apricot");
}

TEST_CASE("LIKE with a constant pattern filters a chunk") {
  auto like = Bin("ilike", Col(1, TypeId::kText), Str("a%"));
  EvalContext ctx;
  std::vector<uint32_t> rows;
  REQUIRE(EvaluatePredicate(*like, TestChunk(), ctx, &rows).ok());
  CHECK(rows == std::vector<uint32_t>{0, 4});
}

TEST_CASE("predicates select only TRUE rows") {
  auto p = Bin(">=", Col(0, TypeId::kInt32), Int(0));
  EvalContext ctx;
  std::vector<uint32_t> rows;
  REQUIRE(EvaluatePredicate(*p, TestChunk(), ctx, &rows).ok());
  CHECK(rows == std::vector<uint32_t>{0, 1, 4});
}

TEST_CASE("parameters are read from the context and broadcast") {
  auto param = std::make_unique<BoundExpr>(BoundExprKind::kParam, DataType(TypeId::kInt32));
  param->param_index = 0;
  auto e = Bin("+", Col(0, TypeId::kInt32), std::move(param));
  std::vector<Value> params = {Value::Int(TypeId::kInt32, 1)};
  CHECK(EvalRows(*e, &params) == "11|1|N|-4|3");
  auto missing = std::make_unique<BoundExpr>(BoundExprKind::kParam, DataType(TypeId::kInt32));
  missing->param_index = 3;
  CHECK(EvalRows(*missing, &params) == "ERROR 42P02: there is no parameter $4");
}

TEST_CASE("casts inside expressions use assignment rules unless explicit") {
  auto cast = std::make_unique<BoundExpr>(BoundExprKind::kCast, DataType::Varchar(3));
  cast->children.push_back(Col(1, TypeId::kText));
  CHECK(EvalRows(*cast) == "ERROR 22001: value too long for type character varying(3)");
  cast->explicit_cast = true;
  CHECK(EvalRows(*cast) == "app|ban|N|che|Apr");
}

TEST_CASE("constant expressions evaluate to one value") {
  EvalContext ctx;
  ctx.fn.statement_time_us = 1795433043186188LL;
  ctx.fn.user = "alice";
  ctx.fn.database = "shop";
  std::map<std::string, std::string> settings = {{"server_version_num", "130000"}};
  ctx.fn.settings = &settings;
  auto run = [&](const BoundExpr& e) {
    auto v = EvaluateConstant(e, ctx);
    if (!v.ok()) return "ERROR " + v.status().sqlstate() + ": " + v.status().message();
    return v->is_null ? std::string("NULL") : FormatValue(*v);
  };
  CHECK(run(*Fn("now", {})) == "2026-11-23 11:24:03.186188+00");
  CHECK(run(*Fn("current_date", {})) == "2026-11-23");
  CHECK(run(*Fn("localtimestamp", {})) == "2026-11-23 11:24:03.186188");
  CHECK(run(*Fn("current_user", {})) == "alice");
  CHECK(run(*Fn("current_database", {})) == "shop");
  CHECK(run(*Fn("current_schema", {})) == "public");
  CHECK(run(*Fn("version", {})).rfind("PostgreSQL 13.0 (kappadb ", 0) == 0);
  CHECK(run(*Fn("current_setting", List(Str("server_version_num")))) == "130000");
  CHECK(run(*Fn("current_setting", List(Str("nope")))) ==
        "ERROR 42704: unrecognized configuration parameter \"nope\"");
  CHECK(run(*Fn("current_setting", List(Str("nope"), Bool(true)))) == "NULL");
  auto r = EvaluateConstant(*Fn("random", {}), ctx);
  REQUIRE(r.ok());
  CHECK(r->f >= 0.0);
  CHECK(r->f < 1.0);
}

TEST_CASE("bound expressions clone deeply and print for EXPLAIN") {
  auto e = Bin("+", Col(0, TypeId::kInt32), Int(1));
  auto copy = e->Clone();
  CHECK(copy->ToString() == "(#0 + 1)");
  auto like = Bin("like", Col(1, TypeId::kText), Str("a%"));
  CHECK(like->ToString() == "(#1 LIKE 'a%')");
  auto f = Fn("lower", List(Col(1, TypeId::kText)));
  CHECK(f->ToString() == "lower(#1)");
  auto c = Node(BoundExprKind::kCoalesce, DataType(TypeId::kInt32),
                List(Col(0, TypeId::kInt32), Int(42)));
  CHECK(c->ToString() == "COALESCE(#0, 42)");
  CHECK(EvalRows(*copy) == "11|1|N|-4|3");
}

}  // namespace
}  // namespace kappa

namespace kappa {
namespace {

TEST_CASE("tumble_start floors a timestamp to its window") {
  Chunk chunk({DataType(TypeId::kTimestamp)});
  chunk.AppendRow({Value::Int(TypeId::kTimestamp, 7 * 60 * 1000000LL + 5)});
  chunk.AppendRow({Value::Int(TypeId::kTimestamp, -1)});
  std::vector<BoundExprPtr> args;
  args.push_back(BoundExpr::ColumnRef(0, DataType(TypeId::kTimestamp)));
  args.push_back(BoundExpr::Constant(Value::Intv({0, 0, 5 * 60 * 1000000LL})));
  auto e = Fn("tumble_start", std::move(args));
  Column out(e->type);
  EvalContext ctx;
  REQUIRE(EvaluateExpression(*e, chunk, ctx, &out).ok());
  CHECK(FormatValue(out.Get(0)) == "1970-01-01 00:05:00");
  CHECK(FormatValue(out.Get(1)) == "1969-12-31 23:55:00");
}

}  // namespace
}  // namespace kappa
