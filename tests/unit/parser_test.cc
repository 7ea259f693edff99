// Tests for sql/parse: ParseSql's AST, errors and limits.
#include <doctest/doctest.h>

#include <atomic>
#include <chrono>
#include <ctime>
#include <filesystem>
#include <fstream>
#include <regex>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include "sql/ast.h"
#include "sql/parse/lexer_check.h"
#include "sql/parse/parser.h"

namespace kappa {
namespace {

using ast::Expr;
using ast::ExprKind;
using ast::StmtKind;

// A compact rendering of an expression, for asserting tree shapes:
// (+ 1 (* 2 3)), a.b, 'str', $1, (cast 'x' date), (fn count *), ...
std::string Show(const Expr* e);

std::string ShowAll(const std::vector<ast::ExprPtr>& list) {
  std::string out;
  for (const auto& c : list) out += " " + Show(c.get());
  return out;
}

std::string Show(const Expr* e) {
  if (e == nullptr) return "null";
  switch (e->kind) {
    case ExprKind::kLiteral:
      switch (e->literal_kind) {
        case ast::LiteralKind::kNull: return "NULL";
        case ast::LiteralKind::kBool: return e->bool_value ? "TRUE" : "FALSE";
        case ast::LiteralKind::kString: return "'" + e->literal + "'";
        case ast::LiteralKind::kDecimal: return e->literal + "d";
        default: return e->literal;
      }
    case ExprKind::kColumnRef:
    case ExprKind::kStar: {
      std::string out;
      for (const auto& part : e->name) out += (out.empty() ? "" : ".") + part;
      if (e->kind == ExprKind::kStar) out += out.empty() ? "*" : ".*";
      return out;
    }
    case ExprKind::kParam: return "$" + std::to_string(e->param_index);
    case ExprKind::kUnary: return "(" + e->op + " " + Show(e->children[0].get()) + ")";
    case ExprKind::kBinary:
      return "(" + e->op + " " + Show(e->children[0].get()) + " " + Show(e->children[1].get()) + ")";
    case ExprKind::kFunction: {
      std::string out = "(fn " + e->func_name;
      if (e->agg_distinct) out += " distinct";
      if (e->agg_star) out += " *";
      out += ShowAll(e->children);
      if (!e->agg_order_by.empty()) out += " order";
      if (e->agg_filter) out += " filter " + Show(e->agg_filter.get());
      if (e->over) out += " over";
      return out + ")";
    }
    case ExprKind::kCast:
      return "(cast " + Show(e->children[0].get()) + " " + e->cast_type.spelling +
             (e->cast_type.is_array ? "[]" : "") + ")";
    case ExprKind::kCase: {
      std::string out = "(case";
      if (e->case_operand) out += " " + Show(e->case_operand.get());
      for (const auto& w : e->when_clauses) {
        out += " (when " + Show(w.when.get()) + " " + Show(w.then.get()) + ")";
      }
      if (e->case_else) out += " (else " + Show(e->case_else.get()) + ")";
      return out + ")";
    }
    case ExprKind::kIsNull:
      return std::string("(is") + (e->negated ? "-not" : "") + "-null " + Show(e->children[0].get()) + ")";
    case ExprKind::kIsBool:
      return std::string("(is") + (e->negated ? "-not" : "") + "-" +
             (e->is_bool_value == 1 ? "true" : e->is_bool_value == 0 ? "false" : "unknown") + " " +
             Show(e->children[0].get()) + ")";
    case ExprKind::kIsDistinct:
      return std::string("(is") + (e->negated ? "-not" : "") + "-distinct" + ShowAll(e->children) + ")";
    case ExprKind::kBetween:
      return std::string(e->negated ? "(not-between" : "(between") + (e->symmetric ? "-sym" : "") +
             ShowAll(e->children) + ")";
    case ExprKind::kInList: return std::string(e->negated ? "(not-in" : "(in") + ShowAll(e->children) + ")";
    case ExprKind::kInSubquery:
      return std::string(e->negated ? "(not-in-select " : "(in-select ") + Show(e->children[0].get()) + ")";
    case ExprKind::kExists: return "(exists)";
    case ExprKind::kSubquery: return "(select)";
    case ExprKind::kAnyAll:
      return "(" + e->op + (e->is_all ? " all " : " any ") + Show(e->children[0].get()) +
             (e->subquery ? " select" : " " + Show(e->children[1].get())) + ")";
    case ExprKind::kArray: return e->subquery ? "(array select)" : "(array" + ShowAll(e->children) + ")";
    case ExprKind::kSubscript:
      return "(sub " + Show(e->children[0].get()) + " " + Show(e->children[1].get()) + ")";
    case ExprKind::kRow: return "(row" + ShowAll(e->children) + ")";
    case ExprKind::kCollate: return "(collate " + Show(e->children[0].get()) + ")";
    case ExprKind::kFieldSelect: return "(field " + Show(e->children[0].get()) + " " + e->name[0] + ")";
    case ExprKind::kDefault: return "DEFAULT";
  }
  return "?";
}

std::vector<ast::StatementPtr> Parse(const std::string& sql) {
  auto r = ParseSql(sql);
  INFO(sql);
  INFO(r.status().ToString());
  REQUIRE(r.ok());
  return std::move(r).value();
}

template <typename T>
std::unique_ptr<T> ParseOne(const std::string& sql) {
  auto stmts = Parse(sql);
  REQUIRE(stmts.size() == 1);
  auto* raw = dynamic_cast<T*>(stmts[0].get());
  REQUIRE(raw != nullptr);
  stmts[0].release();
  return std::unique_ptr<T>(raw);
}

std::unique_ptr<ast::SelectStmt> ParseSelect(const std::string& sql) {
  return std::move(ParseOne<ast::SelectStatement>(sql)->select);
}

// The single select-list expression of "SELECT <expr>", rendered.
std::string E(const std::string& expr) {
  auto select = ParseSelect("SELECT " + expr);
  REQUIRE(select->targets.size() == 1);
  return Show(select->targets[0].expr.get());
}

Status Error(const std::string& sql) {
  auto r = ParseSql(sql);
  INFO(sql);
  REQUIRE_FALSE(r.ok());
  return r.status();
}

std::filesystem::path RepoRoot() {
  return std::filesystem::path(__FILE__).parent_path().parent_path().parent_path();
}

std::string ReadFile(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

// ---------------------------------------------------------------- expressions

TEST_CASE("arithmetic follows PostgreSQL's operator precedence") {
  CHECK(E("1 + 2 * 3") == "(+ 1 (* 2 3))");
  CHECK(E("(1 + 2) * 3") == "(* (+ 1 2) 3)");
  CHECK(E("1 - 2 - 3") == "(- (- 1 2) 3)");
  CHECK(E("2 ^ 3 ^ 2") == "(^ (^ 2 3) 2)");
  CHECK(E("-2 ^ 2") == "(^ -2 2)");  // unary minus binds tighter than ^, as in PostgreSQL
  CHECK(E("- a ^ 2") == "(^ (- a) 2)");
  CHECK(E("a * b % c / d") == "(/ (% (* a b) c) d)");
  CHECK(E("- x::int") == "(- (cast x int))");
  CHECK(E("a + b::int") == "(+ a (cast b int))");
  CHECK(E("a || b || c") == "(|| (|| a b) c)");
  CHECK(E("a + 1 || b") == "(|| (+ a 1) b)");
}

TEST_CASE("boolean operators follow PostgreSQL's precedence") {
  CHECK(E("a OR b AND c") == "(OR a (AND b c))");
  CHECK(E("a AND b OR c") == "(OR (AND a b) c)");
  CHECK(E("NOT a = b") == "(NOT (= a b))");
  CHECK(E("NOT a AND b") == "(AND (NOT a) b)");
  CHECK(E("a = b IS NULL") == "(is-null (= a b))");
  CHECK(E("a < b AND c >= d") == "(AND (< a b) (>= c d))");
  CHECK(E("a || b LIKE c") == "(LIKE (|| a b) c)");
  CHECK(E("a = b LIKE c") == "(= a (LIKE b c))");
  CHECK(E("x BETWEEN 1 AND 2 AND y") == "(AND (between x 1 2) y)");
  CHECK(E("x NOT BETWEEN SYMMETRIC a + 1 AND b * 2") == "(not-between-sym x (+ a 1) (* b 2))");
  CHECK(E("a IN (1, 2) OR b NOT IN (3)") == "(OR (in a 1 2) (not-in b 3))");
  CHECK(E("x IS NOT DISTINCT FROM y") == "(is-not-distinct x y)");
  CHECK(E("x IS DISTINCT FROM y") == "(is-distinct x y)");
  CHECK(E("x IS NOT TRUE") == "(is-not-true x)");
  CHECK(E("x IS FALSE") == "(is-false x)");
  CHECK(E("x IS UNKNOWN") == "(is-unknown x)");
  CHECK(E("x ISNULL") == "(is-null x)");
  CHECK(E("x NOTNULL") == "(is-not-null x)");
  CHECK(E("x IS NOT NULL") == "(is-not-null x)");
}

TEST_CASE("comparison and pattern operators are normalized") {
  CHECK(E("a != b") == "(<> a b)");
  CHECK(E("a <> b") == "(<> a b)");
  CHECK(E("a <= b") == "(<= a b)");
  CHECK(E("a NOT ILIKE 'x%'") == "(NOT ILIKE a 'x%')");
  CHECK(E("a ~~ 'x'") == "(LIKE a 'x')");
  CHECK(E("a !~~* 'x'") == "(NOT ILIKE a 'x')");
  CHECK(E("a LIKE 'x!%' ESCAPE '!'") == "(LIKE a (fn like_escape 'x!%' '!'))");
  CHECK(E("a SIMILAR TO 'x'") == "(~ a (fn similar_to_escape 'x'))");
  CHECK(E("a NOT SIMILAR TO 'x' ESCAPE '#'") == "(!~ a (fn similar_to_escape 'x' '#'))");
  CHECK(E("n !~ '^pg_'") == "(!~ n '^pg_')");
  CHECK(E("n ~* 'x'") == "(~* n 'x')");
  CHECK(E("c.relname OPERATOR(pg_catalog.~) '^(orders)$'") == "(~ c.relname '^(orders)$')");
  CHECK(E("a OPERATOR(pg_catalog.=) b") == "(= a b)");
  CHECK(E("'d' = any(stxkind)") == "(= any 'd' stxkind)");
  CHECK(E("x <> ALL (ARRAY[1, 2])") == "(<> all x (array 1 2))");
  CHECK(E("x = SOME (SELECT 1)") == "(= any x select)");
  CHECK(E("x LIKE ANY (p)") == "(LIKE any x p)");
}

TEST_CASE("numeric literals keep their digits and fold a leading minus") {
  CHECK(E("42") == "42");
  CHECK(E("1.5") == "1.5d");
  CHECK(E(".5") == ".5d");
  CHECK(E("1e10") == "1e10d");
  CHECK(E("2.5E-3") == "2.5E-3d");
  CHECK(E("-7") == "-7");
  CHECK(E("- 1.5") == "-1.5d");
  CHECK(E("-(7)") == "-7");  // PostgreSQL folds through parentheses too
  CHECK(E("9223372036854775807") == "9223372036854775807");
  CHECK(E("9223372036854775808") == "9223372036854775808d");
  CHECK(E("-9223372036854775808") == "-9223372036854775808");
  CHECK(E("TRUE") == "TRUE");
  CHECK(E("false") == "FALSE");
  CHECK(E("NULL") == "NULL");
  CHECK(E("$1 + $12") == "(+ $1 $12)");
}

TEST_CASE("a minus folds into a numeric constant like PostgreSQL's doNegate: the sign toggles") {
  // Regression: "- -5" used to become the literal "--5" (22P02 at bind time).
  CHECK(E("-(5)") == "-5");
  CHECK(E("- -5") == "5");
  CHECK(E("-(-(5))") == "5");
  CHECK(E("- - -5") == "-5");
  CHECK(E("+5") == "(+ 5)");
  CHECK(E("- +5") == "(- (+ 5))");
  CHECK(E("- - 5.5") == "5.5d");
  CHECK(E("-(-1e3)") == "1e3d");
  CHECK(E("- x") == "(- x)");
  CHECK(E("- - x") == "(- (- x))");
  CHECK(E("-(5)::int") == "(- (cast 5 int))");  // :: binds tighter than unary minus
  CHECK(E("- (1 + 2)") == "(- (+ 1 2))");
  // Integer kinds follow the value: INT64_MIN fits, its negation does not.
  CHECK(E("- 9223372036854775808") == "-9223372036854775808");
  CHECK(E("-(-9223372036854775808)") == "9223372036854775808d");
  CHECK(E("- -9223372036854775807") == "9223372036854775807");
  CHECK(E("- -2147483648") == "2147483648");
  // The folded constant is located at the (outermost) minus sign.
  auto s = ParseSelect("SELECT 1, - -5");
  CHECK(s->targets[1].expr->location == 11);
  CHECK(s->targets[1].expr->literal_kind == ast::LiteralKind::kInteger);
}

TEST_CASE("DEFAULT is a value expression: VALUES items, UPDATE SET, rejected later elsewhere") {
  auto i = ParseOne<ast::InsertStatement>("INSERT INTO d VALUES (3, DEFAULT, 1.5), (4, (DEFAULT), default)");
  REQUIRE(i->source != nullptr);
  REQUIRE(i->source->values_rows.size() == 2);
  const auto& r0 = i->source->values_rows[0];
  CHECK(ShowAll(r0) == " 3 DEFAULT 1.5d");
  CHECK(r0[1]->kind == ExprKind::kDefault);
  CHECK(r0[1]->location == 26);
  CHECK(ShowAll(i->source->values_rows[1]) == " 4 DEFAULT DEFAULT");
  i = ParseOne<ast::InsertStatement>("INSERT INTO d (id, qty) VALUES (4, DEFAULT), (5, 7)");
  CHECK(ShowAll(i->source->values_rows[0]) == " 4 DEFAULT");
  i = ParseOne<ast::InsertStatement>("INSERT INTO d DEFAULT VALUES");
  CHECK(i->source == nullptr);
  // UPDATE: DEFAULT (also parenthesized) is Assignment::value == nullptr.
  auto u = ParseOne<ast::UpdateStatement>("UPDATE d SET qty = DEFAULT, b = (DEFAULT), c = 1 WHERE id = 2");
  REQUIRE(u->assignments.size() == 3);
  CHECK(u->assignments[0].value == nullptr);
  CHECK(u->assignments[1].value == nullptr);
  CHECK(Show(u->assignments[2].value.get()) == "1");
  // Parsed anywhere, like PostgreSQL (the binder rejects it out of context).
  CHECK(E("DEFAULT") == "DEFAULT");
  CHECK(E("DEFAULT + 1") == "(+ DEFAULT 1)");
  CHECK(Show(ParseSelect("VALUES (DEFAULT)")->values_rows[0][0].get()) == "DEFAULT");
  // ... except as a column's DEFAULT (PostgreSQL's b_expr has no DEFAULT).
  Status s = Error("CREATE TABLE e (a int DEFAULT DEFAULT)");
  CHECK(s.sqlstate() == "42601");
  CHECK(s.message() == "syntax error at or near \"DEFAULT\"");
  CHECK(s.position() == 31);
  // SET x = DEFAULT is still the session form.
  CHECK(ParseSql("SET search_path = DEFAULT").ok());
  CHECK(ParseSql("SET TIME ZONE DEFAULT").ok());
}

TEST_CASE("string literals are unescaped") {
  CHECK(E("'it''s'") == "'it's'");
  CHECK(E("''") == "''");
  CHECK(E("E'a\\tb\\n'") == "'a\tb\n'");
  CHECK(E("e'\\x41\\101\\u00e9\\''''") == "'AA\xc3\xa9''" "'");
  CHECK(E("E'back\\\\slash'") == "'back\\slash'");
  CHECK(E("E'\\U0001F600'") == "'\xf0\x9f\x98\x80'");
  CHECK(E("$$it's $ raw$$") == "'it's $ raw'");
  CHECK(E("$fn$ a $$ b $fn$") == "' a $$ b '");
  CHECK(E("N'national'") == "'national'");
  CHECK(E("'caf\xc3\xa9'") == "'caf\xc3\xa9'");
}

TEST_CASE("an E string that decodes to invalid UTF-8 is rejected with 22021") {
  Status st = Error("SELECT E'\\xff'");
  CHECK(st.sqlstate() == "22021");
  CHECK(st.position() == 8);
  CHECK(Error("SELECT E'\\u12'").sqlstate() == "22025");
  CHECK(Error("SELECT E'\\u12'").message() == "invalid Unicode escape");
}

TEST_CASE("identifiers are case-folded unless quoted") {
  auto select = ParseSelect("SELECT Foo, \"Foo\", \"a\"\"b\", FOO.Bar FROM MySchema.\"MyTable\"");
  CHECK(Show(select->targets[0].expr.get()) == "foo");
  CHECK(Show(select->targets[1].expr.get()) == "Foo");
  CHECK(Show(select->targets[2].expr.get()) == "a\"b");
  CHECK(Show(select->targets[3].expr.get()) == "foo.bar");
  REQUIRE(select->from.size() == 1);
  CHECK(select->from[0]->name == ast::QualifiedName{"myschema", "MyTable"});
}

TEST_CASE("common non-reserved keywords work as column and table names") {
  auto select = ParseSelect(
      "SELECT name, type, value, date, time, timestamp, key, year, position, first, last, "
      "format, sink, watermark, interval, values, ts.timestamp FROM key k, time");
  CHECK(select->targets.size() == 17);
  CHECK(Show(select->targets[5].expr.get()) == "timestamp");
  CHECK(Show(select->targets[14].expr.get()) == "interval");
  CHECK(Show(select->targets[16].expr.get()) == "ts.timestamp");
  CHECK(select->from[0]->name == ast::QualifiedName{"key"});
  CHECK(select->from[0]->alias == "k");
  CHECK(select->from[1]->name == ast::QualifiedName{"time"});
  auto create = ParseOne<ast::CreateTableStatement>(
      "CREATE TABLE t (name text, type int, value int, date date, key int, offset_ int, time time, "
      "timestamp timestamp)");
  CHECK(create->columns.size() == 8);
  CHECK(create->columns[4].name == "key");
  CHECK(create->columns[7].type.type.id == TypeId::kTimestamp);
}

TEST_CASE("every keyword is accepted as a column label after AS") {
  // The keyword list comes from the lexer grammar, so a new keyword is
  // covered automatically.
  std::string grammar = ReadFile(RepoRoot() / "grammar" / "KappaSqlLexer.g4");
  REQUIRE_FALSE(grammar.empty());
  std::regex rule("\n([A-Z_]+): ([A-Z] |'_' )*[A-Z];");
  int count = 0;
  for (auto it = std::sregex_iterator(grammar.begin(), grammar.end(), rule); it != std::sregex_iterator(); ++it) {
    std::string kw = (*it)[1];
    if (kw.size() > 2 && kw.substr(kw.size() - 2) == "_P") kw.resize(kw.size() - 2);
    auto select = ParseSelect("SELECT 1 AS " + kw + ", t." + kw + " FROM t");
    std::string lower;
    for (char c : kw) lower.push_back(static_cast<char>(std::tolower(c)));
    CHECK(select->targets[0].alias == lower);
    CHECK(Show(select->targets[1].expr.get()) == "t." + lower);
    ++count;
  }
  CHECK(count > 150);
}

TEST_CASE("casts and typed literals become kCast") {
  CHECK(E("x::int") == "(cast x int)");
  CHECK(E("CAST(x AS varchar(10))") == "(cast x varchar)");
  CHECK(E("c.oid::pg_catalog.regclass::pg_catalog.text") == "(cast (cast c.oid regclass) text)");
  CHECK(E("$1::oid[]") == "(cast $1 oid[])");
  CHECK(E("x::int4[3]") == "(cast x int4[])");
  CHECK(E("DATE '2024-01-02'") == "(cast '2024-01-02' date)");
  CHECK(E("TIMESTAMP '2024-01-02 10:00'") == "(cast '2024-01-02 10:00' timestamp)");
  CHECK(E("TIMESTAMP WITH TIME ZONE '2024-01-02'") == "(cast '2024-01-02' timestamp with time zone)");
  CHECK(E("timestamptz '2024-01-02'") == "(cast '2024-01-02' timestamptz)");
  CHECK(E("TIME '10:00'") == "(cast '10:00' time)");
  CHECK(E("INTERVAL '1 day'") == "(cast '1 day' interval)");
  CHECK(E("INTERVAL '5' SECOND") == "(cast '5 second' interval)");
  CHECK(E("INTERVAL '1' MINUTE") == "(cast '1 minute' interval)");
  CHECK(E("INTERVAL '2 hours'") == "(cast '2 hours' interval)");
  CHECK(E("INTERVAL '1' DAY TO HOUR") == "(cast '1 hour' interval)");
  CHECK(E("INTERVAL '1:30' HOUR TO MINUTE") == "(cast '1:30' interval)");
  CHECK(E("int4 '1'") == "(cast '1' int4)");
  CHECK(E("'x'::\"char\"") == "(cast 'x' \"char\")");
}

TEST_CASE("type names map to DataTypes") {
  auto create = ParseOne<ast::CreateTableStatement>(
      "CREATE TABLE t (a BOOLEAN, b BOOL, c SMALLINT, d INT2, e INTEGER, f INT, g INT4, h BIGINT, "
      "i INT8, j REAL, k FLOAT4, l DOUBLE PRECISION, m FLOAT8, n FLOAT(10), o FLOAT(30), "
      "p NUMERIC, q DECIMAL(10, 2), r NUMERIC(5), s VARCHAR(20), u CHARACTER VARYING(3), "
      "v CHAR(4), w TEXT, x STRING, y DATE, z TIME, aa TIMESTAMP, ab TIMESTAMP WITHOUT TIME ZONE, "
      "ac TIMESTAMPTZ, ad TIMESTAMP WITH TIME ZONE, ae INTERVAL, af regclass, ag int[], "
      "ah pg_catalog.int8, ai jsonb, aj VARCHAR, ak CHAR, al TIMESTAMP(3))");
  std::vector<DataType> want = {
      DataType(TypeId::kBool), DataType(TypeId::kBool), DataType(TypeId::kInt16),
      DataType(TypeId::kInt16), DataType(TypeId::kInt32), DataType(TypeId::kInt32),
      DataType(TypeId::kInt32), DataType(TypeId::kInt64), DataType(TypeId::kInt64),
      DataType(TypeId::kFloat32), DataType(TypeId::kFloat32), DataType(TypeId::kFloat64),
      DataType(TypeId::kFloat64), DataType(TypeId::kFloat32), DataType(TypeId::kFloat64),
      DataType::Numeric(), DataType::Numeric(10, 2), DataType::Numeric(5, 0),
      DataType::Varchar(20), DataType::Varchar(3), DataType::Varchar(4), DataType(TypeId::kText),
      DataType(TypeId::kText), DataType(TypeId::kDate), DataType(TypeId::kTime),
      DataType(TypeId::kTimestamp), DataType(TypeId::kTimestamp), DataType(TypeId::kTimestampTz),
      DataType(TypeId::kTimestampTz), DataType(TypeId::kInterval), DataType(TypeId::kUnknown),
      DataType(TypeId::kInt32), DataType(TypeId::kInt64), DataType(TypeId::kUnknown),
      DataType::Varchar(-1), DataType::Varchar(1), DataType(TypeId::kTimestamp)};
  REQUIRE(create->columns.size() == want.size());
  for (size_t i = 0; i < want.size(); ++i) {
    INFO(create->columns[i].name << " " << create->columns[i].type.spelling);
    CHECK(create->columns[i].type.type == want[i]);
  }
  CHECK(create->columns[11].type.spelling == "double precision");
  CHECK(create->columns[19].type.spelling == "character varying");
  CHECK(create->columns[30].type.spelling == "regclass");
  CHECK(create->columns[31].type.is_array);
  CHECK(create->columns[32].type.spelling == "int8");
  CHECK_FALSE(create->columns[0].type.is_array);
  CHECK(Error("CREATE TABLE t (a VARCHAR(0))").sqlstate() == "22023");
  CHECK(Error("CREATE TABLE t (a NUMERIC(0))").sqlstate() == "22023");
  CHECK(ParseSql("CREATE TABLE t (a NUMERIC(3, 5))").ok());  // allowed since PostgreSQL 15
}

TEST_CASE("special-syntax functions become ordinary calls") {
  CHECK(E("EXTRACT(YEAR FROM ts)") == "(fn extract 'year' ts)");
  CHECK(E("extract(epoch from ts)") == "(fn extract 'epoch' ts)");
  CHECK(E("SUBSTRING(s FROM 2 FOR 3)") == "(fn substring s 2 3)");
  CHECK(E("SUBSTRING(s FROM 2)") == "(fn substring s 2)");
  CHECK(E("SUBSTRING(s FOR 3)") == "(fn substring s 1 3)");
  CHECK(E("substring(s, 2, 3)") == "(fn substring s 2 3)");
  CHECK(E("POSITION('b' IN s)") == "(fn position s 'b')");
  CHECK(E("TRIM(s)") == "(fn btrim s)");
  CHECK(E("TRIM(BOTH 'x' FROM s)") == "(fn btrim s 'x')");
  CHECK(E("TRIM(LEADING FROM s)") == "(fn ltrim s)");
  CHECK(E("trim(trailing ';' from f(x))") == "(fn rtrim (fn f x) ';')");
  CHECK(E("OVERLAY(s PLACING 'ab' FROM 2 FOR 1)") == "(fn overlay s 'ab' 2 1)");
  CHECK(E("COALESCE(a, b)") == "(fn coalesce a b)");
  CHECK(E("NULLIF(a, b)") == "(fn nullif a b)");
  CHECK(E("GREATEST(a, b, c)") == "(fn greatest a b c)");
  CHECK(E("least(a, b)") == "(fn least a b)");
  CHECK(E("CURRENT_TIMESTAMP") == "(fn current_timestamp)");
  CHECK(E("current_date") == "(fn current_date)");
  CHECK(E("CURRENT_TIME") == "(fn current_time)");
  CHECK(E("LOCALTIMESTAMP") == "(fn localtimestamp)");
  CHECK(E("CURRENT_USER") == "(fn current_user)");
  CHECK(E("SESSION_USER") == "(fn session_user)");
  CHECK(E("USER") == "(fn current_user)");
  CHECK(E("CURRENT_SCHEMA") == "(fn current_schema)");
  CHECK(E("current_schema()") == "(fn current_schema)");
  CHECK(E("CURRENT_CATALOG") == "(fn current_catalog)");
  CHECK(E("ts AT TIME ZONE 'UTC'") == "(fn timezone 'UTC' ts)");
  CHECK(E("pg_catalog.version()") == "(fn pg_catalog.version)");
  CHECK(E("left(s, 2)") == "(fn left s 2)");
}

TEST_CASE("aggregate and window calls keep their modifiers") {
  CHECK(E("count(*)") == "(fn count *)");
  CHECK(E("count(DISTINCT x)") == "(fn count distinct x)");
  CHECK(E("sum(x) FILTER (WHERE x > 0)") == "(fn sum x filter (> x 0))");
  CHECK(E("string_agg(x, ',' ORDER BY y DESC)") == "(fn string_agg x ',' order)");
  CHECK(E("percentile_cont(0.5) WITHIN GROUP (ORDER BY x)") == "(fn percentile_cont 0.5d order)");
  auto select = ParseSelect("SELECT row_number() OVER (PARTITION BY a, b ORDER BY c DESC NULLS LAST)");
  const Expr* fn = select->targets[0].expr.get();
  REQUIRE(fn->over != nullptr);
  CHECK(fn->over->partition_by.size() == 2);
  REQUIRE(fn->over->order_by.size() == 1);
  CHECK(fn->over->order_by[0].descending);
  CHECK(fn->over->order_by[0].nulls_first == false);
  CHECK(Error("SELECT sum(x) OVER (ORDER BY y ROWS BETWEEN 1 PRECEDING AND CURRENT ROW)").sqlstate() ==
        "0A000");
}

TEST_CASE("CASE, arrays, rows, subscripts and subqueries in expressions") {
  CHECK(E("CASE WHEN a THEN 1 WHEN b THEN 2 ELSE 3 END") == "(case (when a 1) (when b 2) (else 3))");
  CHECK(E("CASE x WHEN 1 THEN 'a' END") == "(case x (when 1 'a'))");
  CHECK(E("ARRAY[1, 2]") == "(array 1 2)");
  CHECK(E("ARRAY[[1, 2], [3]]") == "(array (array 1 2) (array 3))");
  CHECK(E("ARRAY[]") == "(array)");
  CHECK(E("array(select 1)") == "(array select)");
  CHECK(E("ROW(1, 'a')") == "(row 1 'a')");
  CHECK(E("(1, 2)") == "(row 1 2)");
  CHECK(E("a[1]") == "(sub a 1)");
  CHECK(E("(pg_catalog.current_schemas(true))[1]") == "(sub (fn pg_catalog.current_schemas TRUE) 1)");
  CHECK(E("(f(x)).n") == "(field (fn f x) n)");
  CHECK(E("(result.keys).x") == "(field result.keys x)");
  CHECK(E("(SELECT 1)") == "(select)");
  CHECK(E("EXISTS (SELECT 1)") == "(exists)");
  CHECK(E("NOT EXISTS(SELECT 1)") == "(NOT (exists))");
  CHECK(E("x IN (SELECT y FROM t)") == "(in-select x)");
  CHECK(E("x NOT IN (SELECT y FROM t)") == "(not-in-select x)");
  CHECK(E("x COLLATE pg_catalog.default") == "(collate x)");
  CHECK(E("t.*") == "t.*");
  CHECK(Error("SELECT a[1:2]").sqlstate() == "0A000");
}

// ---------------------------------------------------------------- queries

TEST_CASE("a simple SELECT has targets, FROM, WHERE, GROUP BY, HAVING, ORDER BY and LIMIT") {
  auto s = ParseSelect(
      "SELECT DISTINCT a AS x, b y, * FROM t WHERE a > 1 GROUP BY a, 2 HAVING count(*) > 1 "
      "ORDER BY 1 DESC NULLS FIRST, b LIMIT 10 OFFSET 5");
  CHECK(s->distinct);
  REQUIRE(s->targets.size() == 3);
  CHECK(s->targets[0].alias == "x");
  CHECK(s->targets[1].alias == "y");
  CHECK(s->targets[2].expr->kind == ExprKind::kStar);
  CHECK(Show(s->where.get()) == "(> a 1)");
  CHECK(s->group_by.size() == 2);
  CHECK(Show(s->having.get()) == "(> (fn count *) 1)");
  REQUIRE(s->order_by.size() == 2);
  CHECK(s->order_by[0].descending);
  CHECK(s->order_by[0].nulls_first == true);
  CHECK_FALSE(s->order_by[1].nulls_first.has_value());
  CHECK(Show(s->limit.get()) == "10");
  CHECK(Show(s->offset.get()) == "5");
}

TEST_CASE("LIMIT ALL, OFFSET ROWS and FETCH FIRST are LIMIT/OFFSET") {
  auto s = ParseSelect("SELECT 1 LIMIT ALL");
  CHECK(s->limit == nullptr);
  s = ParseSelect("SELECT 1 OFFSET 2 ROWS FETCH FIRST 3 ROWS ONLY");
  CHECK(Show(s->limit.get()) == "3");
  CHECK(Show(s->offset.get()) == "2");
  s = ParseSelect("SELECT 1 FETCH NEXT ROW ONLY");
  CHECK(Show(s->limit.get()) == "1");
  CHECK(Error("(SELECT 1 LIMIT 1) LIMIT 2").message() == "multiple LIMIT clauses not allowed");
}

TEST_CASE("DISTINCT ON keeps its expressions") {
  auto s = ParseSelect("SELECT DISTINCT ON (a, b) a, c FROM t");
  CHECK(s->distinct);
  CHECK(s->distinct_on.size() == 2);
}

TEST_CASE("joins of every kind build a left-deep join tree") {
  auto s = ParseSelect(
      "SELECT * FROM a JOIN b ON a.x = b.x LEFT OUTER JOIN c USING (x, y) RIGHT JOIN d ON true "
      "FULL JOIN e ON true CROSS JOIN f NATURAL JOIN g, h AS hh (c1, c2)");
  REQUIRE(s->from.size() == 2);
  const ast::TableRef* j = s->from[0].get();
  CHECK(j->kind == ast::TableRefKind::kJoin);
  CHECK(j->natural);
  CHECK(j->right->name == ast::QualifiedName{"g"});
  j = j->left.get();
  CHECK(j->join_type == ast::JoinType::kCross);
  j = j->left.get();
  CHECK(j->join_type == ast::JoinType::kFull);
  j = j->left.get();
  CHECK(j->join_type == ast::JoinType::kRight);
  j = j->left.get();
  CHECK(j->join_type == ast::JoinType::kLeft);
  CHECK(j->using_columns == std::vector<std::string>{"x", "y"});
  j = j->left.get();
  CHECK(j->join_type == ast::JoinType::kInner);
  CHECK(Show(j->join_condition.get()) == "(= a.x b.x)");
  CHECK(s->from[1]->alias == "hh");
  CHECK(s->from[1]->column_aliases == std::vector<std::string>{"c1", "c2"});
}

TEST_CASE("subqueries, LATERAL and parenthesized joins in FROM") {
  auto s = ParseSelect(
      "SELECT * FROM (SELECT 1) AS s (a), LATERAL (SELECT a) l, (x JOIN y ON true) j, "
      "generate_series(1, 3) g(n), pg_catalog.unnest(arr) u");
  REQUIRE(s->from.size() == 5);
  CHECK(s->from[0]->kind == ast::TableRefKind::kSubquery);
  CHECK(s->from[0]->column_aliases == std::vector<std::string>{"a"});
  CHECK(s->from[1]->lateral);
  CHECK(s->from[2]->kind == ast::TableRefKind::kJoin);
  CHECK(s->from[2]->alias == "j");
  CHECK(s->from[3]->kind == ast::TableRefKind::kFunction);
  CHECK(s->from[3]->func_name == "generate_series");
  CHECK(s->from[3]->func_args.size() == 2);
  CHECK(s->from[3]->column_aliases == std::vector<std::string>{"n"});
  CHECK(s->from[4]->func_name == "pg_catalog.unnest");
}

TEST_CASE("TUMBLE, HOP and Flink's TABLE(TUMBLE(TABLE t, DESCRIPTOR(c), size)) share one form") {
  auto check = [](const std::string& from, const std::string& fn, size_t nargs) {
    auto s = ParseSelect("SELECT window_start FROM " + from);
    REQUIRE(s->from.size() == 1);
    const ast::TableRef* t = s->from[0].get();
    CHECK(t->kind == ast::TableRefKind::kFunction);
    CHECK(t->func_name == fn);
    REQUIRE(t->func_args.size() == nargs);
    CHECK(Show(t->func_args[0].get()) == "bids");
    CHECK(Show(t->func_args[1].get()) == "date_time");
    CHECK(Show(t->func_args[nargs - 1].get()) == "(cast '1 minute' interval)");
  };
  check("TUMBLE(bids, date_time, INTERVAL '1' MINUTE)", "tumble", 3);
  check("HOP(bids, date_time, INTERVAL '10' SECOND, INTERVAL '1' MINUTE)", "hop", 4);
  check("TABLE(TUMBLE(TABLE bids, DESCRIPTOR(date_time), INTERVAL '1' MINUTE))", "tumble", 3);
  check("TABLE(HOP(TABLE bids, DESCRIPTOR(date_time), INTERVAL '10' SECOND, INTERVAL '1' MINUTE))",
        "hop", 4);
  // Flink's named arguments, in any order.
  check("TABLE(TUMBLE(DATA => TABLE bids, TIMECOL => DESCRIPTOR(date_time), "
        "SIZE => INTERVAL '1' MINUTE))",
        "tumble", 3);
  check("TABLE(HOP(SIZE => INTERVAL '1' MINUTE, DATA => TABLE bids, "
        "SLIDE => INTERVAL '10' SECOND, TIMECOL => DESCRIPTOR(date_time))) AS h",
        "hop", 4);
  auto s = ParseSelect("SELECT 1 FROM TABLE(HOP(SIZE => INTERVAL '1' MINUTE, DATA => TABLE bids, "
                       "SLIDE => INTERVAL '10' SECOND, TIMECOL => DESCRIPTOR(date_time))) AS h");
  CHECK(Show(s->from[0]->func_args[2].get()) == "(cast '10 second' interval)");
  CHECK(s->from[0]->alias == "h");
}

TEST_CASE("Flink's named window arguments: unknown, duplicate or mixed names are syntax errors") {
  for (const char* sql :
       {"SELECT 1 FROM TABLE(TUMBLE(DATA => TABLE b, TIMECOL => DESCRIPTOR(ts), WIDTH => INTERVAL '1' MINUTE))",
        "SELECT 1 FROM TABLE(TUMBLE(DATA => TABLE b, DATA => TABLE b, SIZE => INTERVAL '1' MINUTE))",
        "SELECT 1 FROM TABLE(TUMBLE(TABLE b, TIMECOL => DESCRIPTOR(ts), SIZE => INTERVAL '1' MINUTE))",
        "SELECT 1 FROM TABLE(FOO(DATA => TABLE b))"}) {
    INFO(sql);
    auto r = ParseSql(sql);
    REQUIRE(!r.ok());
    CHECK(r.status().sqlstate() == "42601");
  }
}

TEST_CASE("set operations bind INTERSECT tighter and keep ALL") {
  auto s = ParseSelect("SELECT 1 UNION ALL SELECT 2 INTERSECT SELECT 3 EXCEPT SELECT 4 ORDER BY 1 LIMIT 1");
  CHECK(s->set_op == ast::SetOp::kExcept);
  CHECK_FALSE(s->set_all);
  CHECK(s->order_by.size() == 1);
  CHECK(s->limit != nullptr);
  const ast::SelectStmt* left = s->left.get();
  CHECK(left->set_op == ast::SetOp::kUnion);
  CHECK(left->set_all);
  CHECK(left->right->set_op == ast::SetOp::kIntersect);
  s = ParseSelect("(SELECT 1 ORDER BY 1 LIMIT 1) UNION DISTINCT (SELECT 2)");
  CHECK(s->set_op == ast::SetOp::kUnion);
  CHECK(s->left->limit != nullptr);
  CHECK(s->left->order_by.size() == 1);
  CHECK(s->limit == nullptr);
}

TEST_CASE("VALUES is a query and TABLE t is SELECT * FROM t") {
  auto s = ParseSelect("VALUES (1, 'a'), (2, 'b') ORDER BY 1");
  CHECK(s->values_rows.size() == 2);
  CHECK(s->values_rows[1].size() == 2);
  CHECK(s->order_by.size() == 1);
  s = ParseSelect("TABLE t");
  CHECK(s->targets.size() == 1);
  CHECK(s->from[0]->name == ast::QualifiedName{"t"});
}

TEST_CASE("WITH [RECURSIVE] keeps CTEs with column lists") {
  auto s = ParseSelect(
      "WITH RECURSIVE r(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM r WHERE n < 3), "
      "x AS NOT MATERIALIZED (SELECT 2) SELECT * FROM r, x");
  CHECK(s->recursive);
  REQUIRE(s->ctes.size() == 2);
  CHECK(s->ctes[0].name == "r");
  CHECK(s->ctes[0].column_aliases == std::vector<std::string>{"n"});
  CHECK(s->ctes[0].query->set_op == ast::SetOp::kUnion);
  CHECK(s->ctes[1].name == "x");
}

// ---------------------------------------------------------------- statements

TEST_CASE("CREATE TABLE with constraints, watermark, options and format") {
  auto c = ParseOne<ast::CreateTableStatement>(
      "CREATE TABLE IF NOT EXISTS s.bids (auction BIGINT NOT NULL, bidder BIGINT NULL, "
      "price BIGINT DEFAULT 0, channel VARCHAR, date_time TIMESTAMP, PRIMARY KEY (auction, bidder), "
      "WATERMARK FOR date_time AS date_time - INTERVAL '5' SECOND) APPEND ONLY "
      "INCLUDE partition AS p INCLUDE offset "
      "WITH (connector = 'kafka', 'quoted.Key' = 'v', properties.bootstrap.server = '127.0.0.1:9092', "
      "n = 5, flag = true, Mode = Earliest) FORMAT plain ENCODE json (schema.registry = 'x')");
  CHECK(c->name == ast::QualifiedName{"s", "bids"});
  CHECK(c->if_not_exists);
  REQUIRE(c->columns.size() == 5);
  CHECK(c->columns[0].not_null);
  CHECK_FALSE(c->columns[1].not_null);
  CHECK(Show(c->columns[2].default_value.get()) == "0");
  CHECK(c->columns[2].default_sql == "0");
  CHECK(c->primary_key == std::vector<std::string>{"auction", "bidder"});
  REQUIRE(c->watermark.has_value());
  CHECK(c->watermark->column == "date_time");
  CHECK(Show(c->watermark->expr.get()) == "(- date_time (cast '5 second' interval))");
  CHECK(c->watermark->expr_sql == "date_time - INTERVAL '5' SECOND");
  CHECK(c->append_only);
  REQUIRE(c->includes.size() == 2);
  CHECK(c->includes[0].what == "partition");
  CHECK(c->includes[0].alias == "p");
  CHECK(c->includes[1].what == "offset");
  REQUIRE(c->with_options.size() == 6);
  CHECK(c->with_options[0].key == "connector");
  CHECK(c->with_options[0].value == "kafka");
  CHECK(c->with_options[1].key == "quoted.Key");
  CHECK(c->with_options[2].key == "properties.bootstrap.server");
  CHECK(c->with_options[2].value == "127.0.0.1:9092");
  CHECK(c->with_options[3].value == "5");
  CHECK(c->with_options[4].value == "true");
  CHECK(c->with_options[5].key == "mode");
  CHECK(c->with_options[5].value == "earliest");
  CHECK(c->format == "PLAIN");
  CHECK(c->encode == "JSON");
  REQUIRE(c->encode_options.size() == 1);
  CHECK(c->encode_options[0].key == "schema.registry");
}

TEST_CASE("a column-level PRIMARY KEY is the table's key and two keys are an error") {
  auto c = ParseOne<ast::CreateTableStatement>("CREATE TABLE t (id INT PRIMARY KEY, v TEXT)");
  CHECK(c->columns[0].primary_key);
  CHECK(c->primary_key == std::vector<std::string>{"id"});
  CHECK(Error("CREATE TABLE t (a INT PRIMARY KEY, b INT, PRIMARY KEY (b))").sqlstate() == "42P16");
  CHECK(Error("CREATE TABLE t (a INT UNIQUE)").sqlstate() == "0A000");
}

TEST_CASE("CREATE TABLE AS SELECT and DROP TABLE") {
  auto c = ParseOne<ast::CreateTableStatement>("CREATE TABLE t2 AS SELECT * FROM t");
  CHECK(c->as_select != nullptr);
  auto d = ParseOne<ast::DropStatement>("DROP TABLE IF EXISTS a, s.b CASCADE");
  CHECK(d->kind == StmtKind::kDropTable);
  CHECK(d->if_exists);
  CHECK(d->cascade);
  CHECK(d->names.size() == 2);
  CHECK(d->names[1] == ast::QualifiedName{"s", "b"});
  d = ParseOne<ast::DropStatement>("DROP TABLE t RESTRICT");
  CHECK_FALSE(d->cascade);
}

TEST_CASE("INSERT with columns, VALUES, SELECT, DEFAULT VALUES and RETURNING") {
  auto i = ParseOne<ast::InsertStatement>("INSERT INTO t (a, b) VALUES (1, 'x'), (2, 'y') RETURNING a, b AS bb");
  CHECK(i->table == ast::QualifiedName{"t"});
  CHECK(i->columns == std::vector<std::string>{"a", "b"});
  REQUIRE(i->source != nullptr);
  CHECK(i->source->values_rows.size() == 2);
  CHECK(i->returning.size() == 2);
  CHECK(i->returning[1].alias == "bb");
  i = ParseOne<ast::InsertStatement>("INSERT INTO t SELECT * FROM u");
  CHECK(i->source->from.size() == 1);
  i = ParseOne<ast::InsertStatement>("INSERT INTO t DEFAULT VALUES");
  CHECK(i->source == nullptr);
  i = ParseOne<ast::InsertStatement>("INSERT INTO t (SELECT 1)");
  CHECK(i->columns.empty());
  CHECK(i->source != nullptr);
}

TEST_CASE("UPDATE and DELETE with alias, WHERE and RETURNING") {
  auto u = ParseOne<ast::UpdateStatement>("UPDATE t AS x SET a = a + 1, b = DEFAULT WHERE id = 3 RETURNING *");
  CHECK(u->alias == "x");
  REQUIRE(u->assignments.size() == 2);
  CHECK(Show(u->assignments[0].value.get()) == "(+ a 1)");
  CHECK(u->assignments[1].value == nullptr);
  CHECK(Show(u->where.get()) == "(= id 3)");
  CHECK(u->returning.size() == 1);
  u = ParseOne<ast::UpdateStatement>("UPDATE t SET a = 1");
  CHECK(u->alias.empty());
  auto d = ParseOne<ast::DeleteStatement>("DELETE FROM s.t x WHERE x.a IS NULL RETURNING x.a");
  CHECK(d->table == ast::QualifiedName{"s", "t"});
  CHECK(d->alias == "x");
  CHECK(d->where != nullptr);
  CHECK(d->returning.size() == 1);
}

TEST_CASE("CREATE [MATERIALIZED] VIEW records the query text and EMIT ON WINDOW CLOSE") {
  std::string sql =
      "CREATE MATERIALIZED VIEW IF NOT EXISTS mv (a, n) WITH (x = 1) AS SELECT a, count(*) FROM t "
      "GROUP BY a EMIT ON WINDOW CLOSE";
  auto v = ParseOne<ast::CreateViewStatement>(sql);
  CHECK(v->kind == StmtKind::kCreateMaterializedView);
  CHECK(v->materialized);
  CHECK(v->if_not_exists);
  CHECK(v->column_aliases == std::vector<std::string>{"a", "n"});
  CHECK(v->with_options.size() == 1);
  CHECK(v->emit_on_window_close);
  CHECK(sql.substr(v->query_text_begin, v->query_text_end - v->query_text_begin) ==
        "SELECT a, count(*) FROM t GROUP BY a");
  v = ParseOne<ast::CreateViewStatement>("CREATE OR REPLACE VIEW v AS SELECT 1");
  CHECK(v->kind == StmtKind::kCreateView);
  CHECK_FALSE(v->materialized);
  CHECK(v->or_replace);
  auto d = ParseOne<ast::DropStatement>("DROP MATERIALIZED VIEW IF EXISTS mv CASCADE");
  CHECK(d->kind == StmtKind::kDropView);
  CHECK(d->materialized);
  d = ParseOne<ast::DropStatement>("DROP VIEW v");
  CHECK_FALSE(d->materialized);
}

TEST_CASE("CREATE SINK from a view or a query, and DROP SINK") {
  auto s = ParseOne<ast::CreateSinkStatement>(
      "CREATE SINK IF NOT EXISTS s FROM mv WITH (connector = 'kafka', topic = 'out') FORMAT UPSERT "
      "ENCODE JSON");
  CHECK(s->if_not_exists);
  CHECK(s->from == ast::QualifiedName{"mv"});
  CHECK(s->with_options.size() == 2);
  CHECK(s->format == "UPSERT");
  CHECK(s->encode == "JSON");
  s = ParseOne<ast::CreateSinkStatement>("CREATE SINK s AS SELECT * FROM t WITH (connector = 'x') FORMAT DEBEZIUM ENCODE JSON");
  CHECK(s->as_query != nullptr);
  CHECK(s->format == "DEBEZIUM");
  auto d = ParseOne<ast::DropStatement>("DROP SINK IF EXISTS s");
  CHECK(d->kind == StmtKind::kDropSink);
}

TEST_CASE("SHOW joins its words lower-cased") {
  CHECK(ParseOne<ast::ShowStatement>("SHOW TABLES")->what == "tables");
  CHECK(ParseOne<ast::ShowStatement>("show materialized views")->what == "materialized views");
  CHECK(ParseOne<ast::ShowStatement>("SHOW TRANSACTION ISOLATION LEVEL")->what == "transaction isolation level");
  CHECK(ParseOne<ast::ShowStatement>("SHOW ALL")->what == "all");
  CHECK(ParseOne<ast::ShowStatement>("SHOW search_path")->what == "search_path");
  CHECK(ParseOne<ast::ShowStatement>("SHOW \"DateStyle\"")->what == "datestyle");
  CHECK(ParseOne<ast::ShowStatement>("SHOW TIME ZONE")->what == "timezone");
  CHECK(ParseOne<ast::ShowStatement>("SHOW my.setting")->what == "my.setting");
}

TEST_CASE("SET, SET TIME ZONE, SET SESSION CHARACTERISTICS and RESET") {
  auto s = ParseOne<ast::SetStatement>("SET extra_float_digits = 3");
  CHECK(s->name == "extra_float_digits");
  CHECK(s->values == std::vector<std::string>{"3"});
  s = ParseOne<ast::SetStatement>("SET application_name = 'PostgreSQL JDBC Driver'");
  CHECK(s->values == std::vector<std::string>{"PostgreSQL JDBC Driver"});
  s = ParseOne<ast::SetStatement>("SET SESSION search_path TO public, \"$user\"");
  CHECK(s->values == std::vector<std::string>{"public", "$user"});
  CHECK_FALSE(s->local);
  s = ParseOne<ast::SetStatement>("SET LOCAL x = -1.5");
  CHECK(s->local);
  CHECK(s->values == std::vector<std::string>{"-1.5"});
  s = ParseOne<ast::SetStatement>("SET DateStyle = ISO, MDY");
  CHECK(s->name == "datestyle");
  CHECK(s->values == std::vector<std::string>{"iso", "mdy"});
  s = ParseOne<ast::SetStatement>("SET x TO DEFAULT");
  CHECK(s->is_default);
  s = ParseOne<ast::SetStatement>("SET standard_conforming_strings = on");
  CHECK(s->values == std::vector<std::string>{"on"});
  s = ParseOne<ast::SetStatement>("SET TIME ZONE 'UTC'");
  CHECK(s->name == "timezone");
  CHECK(s->values == std::vector<std::string>{"UTC"});
  s = ParseOne<ast::SetStatement>("SET TIME ZONE LOCAL");
  CHECK(s->is_default);
  s = ParseOne<ast::SetStatement>("SET SESSION CHARACTERISTICS AS TRANSACTION ISOLATION LEVEL READ COMMITTED");
  CHECK(s->name == "session characteristics");
  CHECK(s->values == std::vector<std::string>{"isolation level read committed"});
  s = ParseOne<ast::SetStatement>("SET TRANSACTION READ ONLY, ISOLATION LEVEL SERIALIZABLE");
  CHECK(s->name == "transaction");
  CHECK(s->values.size() == 2);
  s = ParseOne<ast::SetStatement>("SET NAMES 'UTF8'");
  CHECK(s->name == "client_encoding");
  CHECK(ParseOne<ast::ResetStatement>("RESET ALL")->name == "all");
  CHECK(ParseOne<ast::ResetStatement>("RESET search_path")->name == "search_path");
  CHECK(ParseOne<ast::ResetStatement>("RESET TIME ZONE")->name == "timezone");
}

TEST_CASE("transaction statements in all their spellings") {
  auto op = [](const std::string& sql) { return ParseOne<ast::TransactionStatement>(sql)->op; };
  using ast::TransactionOp;
  CHECK(op("BEGIN") == TransactionOp::kBegin);
  CHECK(op("begin work") == TransactionOp::kBegin);
  CHECK(op("BEGIN TRANSACTION ISOLATION LEVEL REPEATABLE READ READ ONLY") == TransactionOp::kBegin);
  CHECK(op("START TRANSACTION READ WRITE") == TransactionOp::kBegin);
  CHECK(op("COMMIT") == TransactionOp::kCommit);
  CHECK(op("END TRANSACTION") == TransactionOp::kCommit);
  CHECK(op("ROLLBACK") == TransactionOp::kRollback);
  CHECK(op("ABORT") == TransactionOp::kRollback);
  CHECK(op("SAVEPOINT sp") == TransactionOp::kSavepoint);
  CHECK(op("RELEASE SAVEPOINT sp") == TransactionOp::kRelease);
  CHECK(op("RELEASE sp") == TransactionOp::kRelease);
  auto t = ParseOne<ast::TransactionStatement>("ROLLBACK TO SAVEPOINT Sp");
  CHECK(t->op == TransactionOp::kRollbackTo);
  CHECK(t->savepoint == "sp");
}

TEST_CASE("FLUSH, DISCARD, UNLISTEN and EXPLAIN") {
  CHECK(Parse("FLUSH")[0]->kind == StmtKind::kFlush);
  auto d = ParseOne<ast::SimpleStatement>("DISCARD ALL");
  CHECK(d->kind == StmtKind::kDiscard);
  CHECK(d->argument == "all");
  auto u = ParseOne<ast::SimpleStatement>("UNLISTEN *");
  CHECK(u->kind == StmtKind::kUnlisten);
  CHECK(u->argument == "*");
  auto e = ParseOne<ast::ExplainStatement>("EXPLAIN ANALYZE VERBOSE SELECT 1");
  CHECK(e->analyze);
  CHECK(e->verbose);
  REQUIRE(e->target != nullptr);
  CHECK(e->target->kind == StmtKind::kSelect);
  CHECK(e->target->text_begin == 24);
  e = ParseOne<ast::ExplainStatement>("EXPLAIN (ANALYZE false, VERBOSE) CREATE MATERIALIZED VIEW v AS SELECT 1");
  CHECK_FALSE(e->analyze);
  CHECK(e->verbose);
  CHECK(e->target->kind == StmtKind::kCreateMaterializedView);
}

TEST_CASE("cursors: DECLARE, FETCH, MOVE and CLOSE") {
  auto d = ParseOne<ast::DeclareCursorStatement>("DECLARE \"c\" BINARY NO SCROLL CURSOR WITH HOLD FOR SELECT 1");
  CHECK(d->name == "c");
  CHECK(d->binary);
  CHECK(d->with_hold);
  CHECK(d->query != nullptr);
  d = ParseOne<ast::DeclareCursorStatement>("DECLARE c CURSOR WITHOUT HOLD FOR SELECT * FROM t");
  CHECK_FALSE(d->with_hold);
  auto f = ParseOne<ast::FetchStatement>("FETCH FORWARD 50 FROM \"c\"");
  CHECK(f->cursor == "c");
  CHECK(f->count == 50);
  CHECK_FALSE(f->move);
  CHECK(ParseOne<ast::FetchStatement>("FETCH ALL IN c")->count == -1);
  CHECK(ParseOne<ast::FetchStatement>("FETCH NEXT FROM c")->count == 1);
  CHECK(ParseOne<ast::FetchStatement>("FETCH c")->count == 1);
  CHECK(ParseOne<ast::FetchStatement>("FETCH 7 c")->count == 7);
  CHECK(ParseOne<ast::FetchStatement>("FETCH FORWARD ALL FROM c")->count == -1);
  CHECK(ParseOne<ast::FetchStatement>("MOVE 3 IN c")->move);
  CHECK(Error("FETCH BACKWARD 1 FROM c").sqlstate() == "55000");
  CHECK(ParseOne<ast::CloseStatement>("CLOSE c")->cursor == "c");
  CHECK(ParseOne<ast::CloseStatement>("CLOSE ALL")->cursor.empty());
}

TEST_CASE("COPY in new and old option syntax") {
  auto c = ParseOne<ast::CopyStatement>("COPY t (a, b) FROM STDIN WITH (FORMAT csv, HEADER true, DELIMITER ',', NULL '')");
  CHECK(c->table == ast::QualifiedName{"t"});
  CHECK(c->columns == std::vector<std::string>{"a", "b"});
  CHECK(c->from);
  REQUIRE(c->options.size() == 4);
  CHECK(c->options[0].key == "format");
  CHECK(c->options[0].value == "csv");
  CHECK(c->options[1].key == "header");
  CHECK(c->options[1].value == "true");
  CHECK(c->options[2].value == ",");
  CHECK(c->options[3].key == "null");
  CHECK(c->options[3].value.empty());
  c = ParseOne<ast::CopyStatement>("COPY t FROM stdin WITH CSV HEADER DELIMITER AS ';' NULL AS 'x'");
  REQUIRE(c->options.size() == 4);
  CHECK(c->options[0].key == "format");
  CHECK(c->options[0].value == "csv");
  CHECK(c->options[1].key == "header");
  CHECK(c->options[1].value == "true");
  CHECK(c->options[2].value == ";");
  CHECK(c->options[3].value == "x");
  c = ParseOne<ast::CopyStatement>("COPY (SELECT * FROM t) TO STDOUT (FORMAT text, HEADER)");
  CHECK_FALSE(c->from);
  CHECK(c->query != nullptr);
  CHECK(c->options[1].value == "true");
  c = ParseOne<ast::CopyStatement>("COPY t TO STDOUT");
  CHECK(c->options.empty());
  CHECK(Error("COPY t FROM '/etc/passwd'").sqlstate() == "0A000");
  CHECK(Error("COPY t FROM STDOUT").sqlstate() == "42601");
}

// ---------------------------------------------------------------- splitting, errors, limits

TEST_CASE("several statements get their own byte ranges without the semicolon") {
  std::string sql = "SELECT 1;  select 'a;b' /* ; */ ;\n-- c;\nINSERT INTO t VALUES (1);;";
  auto stmts = Parse(sql);
  REQUIRE(stmts.size() == 3);  // empty parts between ';;' are dropped
  CHECK(sql.substr(stmts[0]->text_begin, stmts[0]->text_end - stmts[0]->text_begin) == "SELECT 1");
  CHECK(stmts[0]->location == 1);
  CHECK(sql.substr(stmts[1]->text_begin, stmts[1]->text_end - stmts[1]->text_begin) == "select 'a;b'");
  CHECK(stmts[1]->location == 12);
  CHECK(stmts[2]->kind == StmtKind::kInsert);
  CHECK(sql.substr(stmts[2]->text_begin, stmts[2]->text_end - stmts[2]->text_begin) ==
        "INSERT INTO t VALUES (1)");
}

TEST_CASE("byte ranges and positions count multi-byte characters correctly") {
  std::string sql = "SELECT '\xc3\xa9\xc3\xa9'; SELECT 2";
  auto stmts = Parse(sql);
  REQUIRE(stmts.size() == 2);
  CHECK(stmts[1]->text_begin == 15);  // bytes
  CHECK(stmts[1]->location == 14);    // characters, 1-based
  Status st = Error("SELECT '\xc3\xa9' FRM t");  // FRM is an alias, t is the error
  CHECK(st.message() == "syntax error at or near \"t\"");
  CHECK(st.position() == 16);
}

TEST_CASE("an input of only comments or semicolons is one empty statement") {
  for (const char* sql : {"", "   ", ";", ";;", "-- ping", "/* a /* nested */ comment */", " ; -- x\n ;"}) {
    auto stmts = Parse(sql);
    REQUIRE(stmts.size() == 1);
    CHECK(stmts[0]->kind == StmtKind::kEmpty);
  }
}

TEST_CASE("comments are skipped, including nested block comments") {
  auto s = ParseSelect("SELECT /* one /* two */ still */ 1 -- trailing\n + 2");
  CHECK(Show(s->targets[0].expr.get()) == "(+ 1 2)");
}

TEST_CASE("syntax errors have PostgreSQL's message and position") {
  Status st = Error("SELECT * FRM t");
  CHECK(st.sqlstate() == "42601");
  CHECK(st.message() == "syntax error at or near \"FRM\"");
  CHECK(st.position() == 10);
  st = Error("SELECT * FROM");
  CHECK(st.message() == "syntax error at end of input");
  CHECK(st.position() == 14);
  st = Error("SELECT * FROM   ");
  CHECK(st.position() == 17);
  st = Error("SELECT 1; SELEC 2");
  CHECK(st.message() == "syntax error at or near \"SELEC\"");
  CHECK(st.position() == 11);
  st = Error("select 'a' 'b'");
  CHECK(st.message() == "syntax error at or near \"'b'\"");
  CHECK(st.position() == 12);
  st = Error("select 1 2");
  CHECK(st.position() == 10);
  st = Error("select 1 FROM t x y");
  CHECK(st.message() == "syntax error at or near \"y\"");
  CHECK(st.position() == 19);
  st = Error("SELECT (1");
  CHECK(st.message() == "syntax error at end of input");
  st = Error("SELECT 1 ? 2");
  CHECK(st.message() == "syntax error at or near \"?\"");
}

TEST_CASE("unterminated literals and comments are reported like PostgreSQL") {
  Status st = Error("SELECT 'abc");
  CHECK(st.message() == "unterminated quoted string at or near \"'abc\"");
  CHECK(st.position() == 8);
  st = Error("SELECT /* x");
  CHECK(st.message() == "unterminated /* comment at or near \"/* x\"");
  CHECK(st.position() == 8);
  st = Error("SELECT $$abc");
  CHECK(st.message() == "unterminated dollar-quoted string at or near \"$$abc\"");
  st = Error("SELECT \"abc");
  CHECK(st.message() == "unterminated quoted identifier at or near \"\"abc\"");
  st = Error("SELECT \"\"");
  CHECK(st.message() == "zero-length delimited identifier at or near \"\"\"\"");
  CHECK(st.position() == 8);
}

TEST_CASE("invalid UTF-8 is rejected with 22021") {
  for (std::string sql : {std::string("SELECT '\xff'"), std::string("SELECT '\xc3\x28'"),
                          std::string("SELECT '\xe0\x80\xaf'"), std::string("SELECT '\xed\xa0\x80'"),
                          std::string("SELECT 1\0", 9), std::string("SELECT '\xf4\x90\x80\x80'")}) {
    Status st = Error(sql);
    CHECK(st.sqlstate() == "22021");
    CHECK(st.message().rfind("invalid byte sequence for encoding \"UTF8\": 0x", 0) == 0);
  }
  CHECK(Error("SELECT '\xc3\x28'").message() == "invalid byte sequence for encoding \"UTF8\": 0xc3 0x28");
}

TEST_CASE("deep nesting fails with 54001 instead of overflowing the stack") {
  auto nested = [](int depth, const std::string& open, const std::string& close) {
    std::string sql = "SELECT ";
    for (int i = 0; i < depth; ++i) sql += open;
    sql += "1";
    for (int i = 0; i < depth; ++i) sql += close;
    return sql;
  };
  CHECK(Error(nested(100000, "(", ")")).sqlstate() == "54001");
  CHECK(Error(nested(100000, "(", "")).sqlstate() == "54001");
  CHECK(Error(nested(kMaxParseNesting + 1, "(", ")")).sqlstate() == "54001");
  CHECK(Error(nested(100000, "ARRAY[", "]")).sqlstate() == "54001");
  CHECK(Error(nested(100000, "NOT ", "")).sqlstate() == "54001");
  CHECK(Error(nested(100000, "- ", "")).sqlstate() == "54001");
  CHECK(Error(nested(20000, "CASE WHEN true THEN ", " END")).sqlstate() == "54001");
  std::string chain = "SELECT 1";
  for (int i = 0; i < 50000; ++i) chain += " + 1";
  CHECK(Error(chain).sqlstate() == "54001");
  // Within the limits, deep input still parses.
  auto s = ParseSelect(nested(200, "(", ")"));
  CHECK(Show(s->targets[0].expr.get()) == "1");
  std::string ok_chain = "SELECT 1";
  for (int i = 0; i < 500; ++i) ok_chain += " + 1";
  CHECK(ParseSql(ok_chain).ok());
  std::string in_list = "SELECT 1 IN (0";
  for (int i = 0; i < 20000; ++i) in_list += ", " + std::to_string(i);
  CHECK(ParseSql(in_list + ")").ok());
}

TEST_CASE("random token soup and random bytes never crash the parser") {
  const std::vector<std::string> pieces = {
      "SELECT", "FROM", "WHERE", "(", ")", "[", "]", ",", ";", "'x'", "E'\\x41'", "$$d$$", "1",
      "1.5", "a", "\"Q\"", "+", "-", "*", "/", "::", "int", "AND", "OR", "NOT", "IN", "IS",
      "NULL", "CASE", "WHEN", "THEN", "END", "ARRAY", "JOIN", "ON", "GROUP", "BY", "ORDER",
      "LIMIT", "CREATE", "TABLE", "INSERT", "INTO", "VALUES", "WITH", "AS", "UNION", "=", "<>",
      "||", "~", "OPERATOR", "INTERVAL", "TIMESTAMP", "EXTRACT", "TRIM", "count", "(*)", "'",
      "/*", "*/", "--", "\n", "$1", ".", "E'", "\"", "$", "?", "\xc3\xa9", "\xff"};
  uint32_t state = 12345;
  auto next = [&state] {
    state = state * 1103515245u + 12345u;
    return state >> 8;
  };
  int ok = 0;
  for (int i = 0; i < 3000; ++i) {
    std::string sql;
    int len = static_cast<int>(next() % 30);
    for (int k = 0; k < len; ++k) sql += pieces[next() % pieces.size()] + " ";
    auto r = ParseSql(sql);
    if (r.ok()) {
      ++ok;
      CHECK_FALSE(r.value().empty());
    } else {
      INFO(sql);
      const std::string& code = r.status().sqlstate();
      CHECK((code == "42601" || code == "22021" || code == "22025" || code == "0A000" ||
             code == "42P16" || code == "22023" || code == "55000" || code == "54001" ||
             code == "42P02"));
    }
  }
  for (int i = 0; i < 1000; ++i) {
    std::string bytes;
    int len = static_cast<int>(next() % 64);
    for (int k = 0; k < len; ++k) bytes.push_back(static_cast<char>(next() & 0xFF));
    auto r = ParseSql(bytes);
    CHECK((r.ok() || r.status().sqlstate() != "XX000"));
  }
  CHECK(ok > 0);
}

// ---------------------------------------------------------------- real client SQL

// Statements of a reference file: psql's files are ';'-separated SQL with
// "-- Qn" comments and "########" section lines; the others are server logs
// ("LOG:  statement: ...", "execute <name>: ...") with tab-indented
// continuation lines.
std::vector<std::string> ReferenceStatements(const std::string& text) {
  std::vector<std::string> out;
  std::istringstream in(text);
  std::string line;
  bool log_format = text.find("LOG:  ") != std::string::npos || text.find("\nexecute ") != std::string::npos;
  if (!log_format) {
    std::string body;
    while (std::getline(in, line)) {
      if (line.rfind("#", 0) != 0) body += line + "\n";
    }
    out.push_back(body);  // ParseSql splits on ';' itself
    return out;
  }
  std::regex start("^(?:\\[\\[unknown\\]\\] LOG:\\s+)?(?:statement|execute [^:]*): ?(.*)$");
  std::smatch m;
  while (std::getline(in, line)) {
    if (line.rfind("\t", 0) == 0) {
      if (!out.empty()) out.back() += "\n" + line.substr(1);
    } else if (std::regex_match(line, m, start)) {
      out.push_back(m[1]);
    }
  }
  return out;
}

// asyncpg 0.27's type-introspection query is cut off in the captured log;
// this is the rest of it, from asyncpg/introspection.py (the second copy of
// _TYPEINFO plus the recursive step and the final SELECT).
const char* kAsyncpgTail = R"SQL(
                        pg_type t2,
                        typebases tb
                    WHERE
                       tb.oid = t2.oid
                       AND t2.typbasetype != 0
               ) SELECT oid FROM typebases ORDER BY depth DESC LIMIT 1)
               ELSE NULL
            END)                            AS basetype,
            t.typelem                       AS elemtype,
            elem_t.typdelim                 AS elemdelim,
            COALESCE(
                range_t.rngsubtype,
                multirange_t.rngsubtype)    AS range_subtype,
            (CASE WHEN t.typtype = 'c' THEN
                (SELECT array_agg(ia.atttypid ORDER BY ia.attnum)
                FROM pg_attribute ia INNER JOIN pg_class c ON (ia.attrelid = c.oid)
                WHERE ia.attnum > 0 AND NOT ia.attisdropped AND c.reltype = t.oid)
                ELSE NULL
            END)                            AS attrtypoids,
            (CASE WHEN t.typtype = 'c' THEN
                (SELECT array_agg(ia.attname::text ORDER BY ia.attnum)
                FROM pg_attribute ia INNER JOIN pg_class c ON (ia.attrelid = c.oid)
                WHERE ia.attnum > 0 AND NOT ia.attisdropped AND c.reltype = t.oid)
                ELSE NULL
            END)                            AS attrnames
        FROM
            pg_catalog.pg_type AS t
            INNER JOIN pg_catalog.pg_namespace ns ON (ns.oid = t.typnamespace)
            LEFT JOIN pg_type elem_t ON (t.typlen = -1 AND t.typelem != 0 AND t.typelem = elem_t.oid)
            LEFT JOIN pg_range range_t ON (t.oid = range_t.rngtypid)
            LEFT JOIN pg_range multirange_t ON (t.oid = multirange_t.rngmultitypid)
    )
 ti,
        typeinfo_tree tt
    WHERE
        (tt.elemtype IS NOT NULL AND ti.oid = tt.elemtype)
        OR (tt.attrtypoids IS NOT NULL AND ti.oid = any(tt.attrtypoids))
        OR (tt.range_subtype IS NOT NULL AND ti.oid = tt.range_subtype)
)
SELECT DISTINCT
    *,
    basetype::regtype::text AS basetype_name,
    elemtype::regtype::text AS elemtype_name,
    range_subtype::regtype::text AS range_subtype_name
FROM
    typeinfo_tree
ORDER BY
    depth DESC
)SQL";

std::filesystem::path ReferenceDir() {
  return RepoRoot() / "tests" / "reference" / "pg-clients";
}

TEST_CASE("every statement real clients send (reference/pg-clients/*.sql) parses") {
  std::filesystem::path dir = ReferenceDir();
  REQUIRE(std::filesystem::is_directory(dir));
  int files = 0;
  int statements = 0;
  for (const auto& entry : std::filesystem::directory_iterator(dir)) {
    if (entry.path().extension() != ".sql") continue;
    ++files;
    std::string name = entry.path().filename().string();
    for (std::string sql : ReferenceStatements(ReadFile(entry.path()))) {
      if (name.rfind("asyncpg", 0) == 0) {
        // The log is truncated mid-statement: that is a syntax error at the
        // end, and with the known rest appended the whole query parses.
        Status st = Error(sql);
        CHECK(st.message() == "syntax error at end of input");
        sql += kAsyncpgTail;
      }
      auto r = ParseSql(sql);
      INFO(name);
      INFO(sql);
      INFO(r.status().ToString() << " at " << r.status().position());
      REQUIRE(r.ok());
      for (const auto& stmt : r.value()) {
        CHECK(stmt->kind != StmtKind::kEmpty);
        ++statements;
      }
    }
  }
  CHECK(files == 6);
  CHECK(statements > 120);
}

TEST_CASE("the hand-written lexer agrees with the ANTLR lexer grammar") {
  std::vector<std::string> inputs = {
      "SELECT a.b, \"Q\"\"x\", 'it''s', E'\\'q\\\\', N'n', $$d$$, $t$x$y$t$, $1, 1, 1.5, .5, 1e5, "
      "1e, 1.e3, 2.5E+3x, a$b, _x9 FROM t -- c\n/* a /* b */ c */ WHERE x<>y AND x!=y OR "
      "x<=>y || z ||/ w |/ v !~~* u ~~ q @> r <@ s && t -> u ->> v #> w #>> x :: y := z => q",
      "'abc", "E'abc\\", "\"abc", "/* open", "$$ open", "$a$ x $b$ y", "$a", "? ! ` \\ { }",
      "caf\xc3\xa9 \xe2\x82\xac '\xf0\x9f\x98\x80'", "1..2 a.1 x::int[] arr[1:2]", "--", "-", "E", "N'x",
      "SELECT * FROM TUMBLE(t, ts, INTERVAL '1' MINUTE);;"};
  std::filesystem::path dir = ReferenceDir();
  if (!dir.empty()) {
    for (const auto& entry : std::filesystem::directory_iterator(dir)) {
      inputs.push_back(ReadFile(entry.path()));
    }
  }
  for (const std::string& sql : inputs) {
    INFO(sql);
    CHECK(parse::DiffAgainstGeneratedLexer(sql) == "");
  }
}

// ---------------------------------------------------------------- speed

double ThreadCpuMicros() {
  timespec ts;
  clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
  return static_cast<double>(ts.tv_sec) * 1e6 + static_cast<double>(ts.tv_nsec) / 1e3;
}

TEST_CASE("a typical 200-character SELECT parses in well under 100 microseconds") {
  const std::string sql =
      "SELECT o.id, o.customer, sum(o.amount) AS total FROM orders o JOIN customers c ON c.id = "
      "o.customer WHERE o.created_at >= '2024-01-01' AND c.region IN ('eu', 'us') GROUP BY 1, 2 "
      "ORDER BY total DESC LIMIT 10";
  REQUIRE(sql.size() >= 190);
  for (int i = 0; i < 200; ++i) REQUIRE(ParseSql(sql).ok());  // warm ANTLR's DFA cache
  // CPU time of this thread, so that a loaded machine does not distort it.
  double best = 1e9;
  for (int round = 0; round < 5; ++round) {
    constexpr int kRuns = 200;
    double start = ThreadCpuMicros();
    for (int i = 0; i < kRuns; ++i) (void)ParseSql(sql);
    best = std::min(best, (ThreadCpuMicros() - start) / kRuns);
  }
  MESSAGE("ParseSql of a " << sql.size() << "-character SELECT: " << best << " us of CPU");
#if defined(NDEBUG) && !defined(__SANITIZE_ADDRESS__)
  CHECK(best < 250);  // ~50 us on a 2-core Xeon VM; the bound leaves room for slow CI machines
#endif
}

TEST_CASE("parsing from several threads at once gives the same results") {
  const std::vector<std::string> queries = {
      "SELECT a + 1 FROM t WHERE b IN (1, 2) ORDER BY 1",
      "SELECT count(*) FILTER (WHERE x > 0) OVER (PARTITION BY y) FROM u JOIN v USING (id)",
      "INSERT INTO t (a, b) VALUES (1, 'x') RETURNING *",
      "CREATE MATERIALIZED VIEW m AS SELECT window_start, count(*) FROM TUMBLE(t, ts, INTERVAL '1' MINUTE) GROUP BY 1"};
  std::vector<std::thread> threads;
  std::atomic<int> failures{0};
  for (int t = 0; t < 4; ++t) {
    threads.emplace_back([&, t] {
      for (int i = 0; i < 300; ++i) {
        auto r = ParseSql(queries[(t + i) % queries.size()]);
        if (!r.ok() || r.value().size() != 1) ++failures;
      }
    });
  }
  for (auto& th : threads) th.join();
  CHECK(failures.load() == 0);
}

}  // namespace
}  // namespace kappa
