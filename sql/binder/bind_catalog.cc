// PostgreSQL catalog syntax that client tools send (query_binder.h:
// BindRegCast, BindAnyAllArray, BindArrayExpr).
//
// kappadb has no oid or array types: oid-like types (oid, regclass,
// regtype, regproc, regnamespace, regrole, ...) are int8, and arrays are
// their PostgreSQL text form ('{a,b}'), which the array functions of
// executor/functions/catalog_functions.h read and write.
//  - 'name'::regclass resolves through the bound catalog snapshot (42P01 if
//    absent); ::regtype via the pg_type table (42704); ::regnamespace (3F000);
//    a string of digits is the oid itself; a non-constant text goes through
//    to_regclass()/to_regtype()/to_regnamespace().
//  - x::regclass::text (and ::regtype/::regnamespace) prints the name.
//  - x::t[] is x as text.
//  - x op ANY (ARRAY[a, b]) is (x op a) OR (x op b) (ALL: AND); x = ANY(arr)
//    and x <> ALL(arr) over any other array value test membership in its
//    text form.
//  - ARRAY[a, b] is the text form built from its elements; ARRAY(subquery)
//    is the scalar subquery aggregating the subquery's one column.
#include <cctype>
#include <set>

#include "executor/functions/catalog_functions.h"
#include "sql/empty_relations.h"
#include "sql/binder/query_binder.h"
#include "sql/pg_type_table.h"

namespace kappa::binder {

namespace {

bool IsTextType(TypeId t) { return t == TypeId::kText || t == TypeId::kVarchar || t == TypeId::kUnknown; }

bool IsRegSpelling(const std::string& s) {
  static const std::set<std::string> kReg = {
      "oid",       "regclass", "regtype",      "regproc",   "regprocedure", "regnamespace",
      "regrole",   "regoper",  "regoperator",  "regconfig", "regdictionary", "xid", "cid"};
  return kReg.count(s) != 0;
}

bool AllDigits(const std::string& s) {
  if (s.empty()) return false;
  for (char c : s) {
    if (!std::isdigit(static_cast<unsigned char>(c))) return false;
  }
  return true;
}

ast::ExprPtr Lit(const std::string& s) {
  auto e = std::make_unique<ast::Expr>(ast::ExprKind::kLiteral);
  e->literal_kind = ast::LiteralKind::kString;
  e->literal = s;
  return e;
}

ast::ExprPtr Fn(const std::string& name, std::vector<ast::ExprPtr> args, int loc) {
  auto e = std::make_unique<ast::Expr>(ast::ExprKind::kFunction, loc);
  e->func_name = name;
  e->children = std::move(args);
  return e;
}

ast::ExprPtr Concat(ast::ExprPtr a, ast::ExprPtr b, int loc) {
  auto e = std::make_unique<ast::Expr>(ast::ExprKind::kBinary, loc);
  e->op = "||";
  e->children.push_back(std::move(a));
  e->children.push_back(std::move(b));
  return e;
}

bool HasAggregateCall(const ast::Expr& e) {
  static const std::set<std::string> kAggs = {"count", "sum", "min", "max", "avg", "string_agg",
                                              "array_agg", "bool_and", "bool_or", "every",
                                              "json_agg", "jsonb_agg", "json_object_agg"};
  if (e.kind == ast::ExprKind::kFunction && e.over == nullptr) {
    std::string n = e.func_name;
    if (n.rfind("pg_catalog.", 0) == 0) n = n.substr(11);
    if (kAggs.count(n) != 0) return true;
  }
  for (const auto& c : e.children) {
    if (c && HasAggregateCall(*c)) return true;
  }
  for (const auto& w : e.when_clauses) {
    if ((w.when && HasAggregateCall(*w.when)) || (w.then && HasAggregateCall(*w.then))) return true;
  }
  if (e.case_operand && HasAggregateCall(*e.case_operand)) return true;
  if (e.case_else && HasAggregateCall(*e.case_else)) return true;
  return false;
}

}  // namespace

bool QueryBinder::FromIsProvablyEmpty(const ast::TableRef& ref) {
  switch (ref.kind) {
    case ast::TableRefKind::kTable: {
      if (ref.name.size() == 1) {
        for (const auto& c : ctes_) {
          if (c.name == ref.name[0]) return false;
        }
      }
      if (!ctx_.catalog) return false;
      std::string schema = ref.name.size() >= 2 ? ref.name[ref.name.size() - 2] : "";
      TableInfoPtr t = ctx_.catalog->Find(schema, ref.name.back());
      return t != nullptr && IsAlwaysEmptyRelation(t->id);
    }
    case ast::TableRefKind::kJoin: {
      bool l = ref.left && FromIsProvablyEmpty(*ref.left);
      bool r = ref.right && FromIsProvablyEmpty(*ref.right);
      switch (ref.join_type) {
        case ast::JoinType::kLeft: return l;
        case ast::JoinType::kRight: return r;
        case ast::JoinType::kFull: return l && r;
        default: return l || r;
      }
    }
    default:
      return false;
  }
}

bool QueryBinder::ScalarSubqueryIsProvablyNull(const ast::Expr& e) {
  if (e.subquery == nullptr) return false;
  const ast::SelectStmt& q = *e.subquery;
  if (q.set_op != ast::SetOp::kNone || !q.values_rows.empty() || q.targets.size() != 1 ||
      !q.group_by.empty() || q.having != nullptr || HasAggregateCall(*q.targets[0].expr)) {
    return false;
  }
  for (const auto& ref : q.from) {
    if (FromIsProvablyEmpty(*ref)) return true;
  }
  return false;
}

Result<LogicalPlanPtr> QueryBinder::BindProvablyEmptySelect(const ast::SelectStmt& stmt,
                                                            Status error) {
  if (!stmt.group_by.empty() || stmt.having != nullptr || stmt.targets.empty()) return error;
  bool empty = false;
  for (const auto& ref : stmt.from) empty = empty || FromIsProvablyEmpty(*ref);
  if (!empty) return error;
  auto node = std::make_unique<LogicalPlan>(LogicalKind::kValues);
  for (const auto& t : stmt.targets) {
    if (t.expr->kind == ast::ExprKind::kStar || HasAggregateCall(*t.expr)) return error;
    node->columns.push_back(LogicalColumn{t.alias.empty() ? FigureColumnName(*t.expr) : t.alias,
                                          DataType(TypeId::kText), true});
  }
  return LogicalPlanPtr(std::move(node));
}

Result<BoundExprPtr> QueryBinder::BindRegCast(const ast::Expr& e, BlockState* st, ExprState es,
                                              bool* handled) {
  *handled = true;
  const std::string& sp = e.cast_type.spelling;
  if (e.cast_type.is_array) {
    KAPPA_ASSIGN_OR_RETURN(auto child, BindExpr(*e.children[0], st, es));
    return Coerce(std::move(child), DataType(TypeId::kText), CastContext::kExplicit);
  }
  // x::regclass::text prints the relation's name.
  const ast::Expr& c0 = *e.children[0];
  if ((e.cast_type.type.id == TypeId::kText || e.cast_type.type.id == TypeId::kVarchar) &&
      c0.kind == ast::ExprKind::kCast && !c0.cast_type.is_array &&
      (c0.cast_type.spelling == "regclass" || c0.cast_type.spelling == "regtype" ||
       c0.cast_type.spelling == "regnamespace")) {
    KAPPA_ASSIGN_OR_RETURN(auto oid, BindExpr(c0, st, es));
    std::vector<BoundExprPtr> args;
    args.push_back(std::move(oid));
    return CallFunction("__" + c0.cast_type.spelling + "_name", std::move(args), e.location);
  }
  if (!IsRegSpelling(sp)) {
    *handled = false;
    return BoundExprPtr();
  }
  const DataType i8(TypeId::kInt64);
  KAPPA_ASSIGN_OR_RETURN(auto child, BindExpr(c0, st, es));
  if (child->kind == BoundExprKind::kConstant && IsTextType(child->type.id)) {
    if (child->constant.is_null) return BoundExpr::Constant(Value::Null(i8));
    std::string s = child->constant.s;
    while (!s.empty() && s.back() == ' ') s.pop_back();
    while (!s.empty() && s.front() == ' ') s.erase(0, 1);
    if (AllDigits(s)) {
      return BoundExpr::Constant(Value::Int(TypeId::kInt64, std::stoll(s.substr(0, 18))));
    }
    if ((sp == "regproc" || sp == "regprocedure") && !AllDigits(s)) {
      // pg_type.typinput/typoutput hold function names (text) here, so a
      // function name cast to regproc stays its unqualified name: pgjdbc's
      // `typinput = 'pg_catalog.array_in'::regproc` compares names.
      if (s.rfind("pg_catalog.", 0) == 0) s = s.substr(11);
      return BoundExpr::Constant(Value::String(s));
    }
    int64_t oid = 0;
    if (sp == "regclass") {
      oid = ctx_.catalog ? static_cast<int64_t>(ResolveRegclassIn(*ctx_.catalog, s)) : 0;
      if (oid == 0) {
        return Status::Error(sqlstate::kUndefinedTable, "relation \"" + s + "\" does not exist",
                             e.location);
      }
    } else if (sp == "regtype") {
      oid = PgTypeOidByName(s);
      if (oid == 0) {
        return Status::Error(sqlstate::kUndefinedObject, "type \"" + s + "\" does not exist",
                             e.location);
      }
    } else if (sp == "regnamespace") {
      oid = ResolveRegnamespace(s);
      if (oid == 0) {
        return Status::Error(sqlstate::kInvalidSchemaName, "schema \"" + s + "\" does not exist",
                             e.location);
      }
    } else if (sp == "regrole") {
      oid = 10;
    } else if (sp == "oid" || sp == "xid" || sp == "cid") {
      return Status::Error(sqlstate::kInvalidTextRepresentation,
                           "invalid input syntax for type " + sp + ": \"" + s + "\"", e.location);
    }
    // regproc & co: kappadb's functions have no stable oids outside pg_proc; 0.
    return BoundExpr::Constant(Value::Int(TypeId::kInt64, oid));
  }
  if (IsTextType(child->type.id) && (sp == "regclass" || sp == "regtype" || sp == "regnamespace")) {
    KAPPA_ASSIGN_OR_RETURN(child, Coerce(std::move(child), DataType(TypeId::kText),
                                         CastContext::kExplicit));
    std::vector<BoundExprPtr> args;
    args.push_back(std::move(child));
    return CallFunction(sp == "regclass" ? "to_regclass"
                        : sp == "regtype" ? "to_regtype"
                                          : "to_regnamespace",
                        std::move(args), e.location);
  }
  return Coerce(std::move(child), i8, CastContext::kExplicit);
}

Result<BoundExprPtr> QueryBinder::BindAnyAllArray(const ast::Expr& e, BlockState* st,
                                                  ExprState es) {
  const ast::Expr& arr = *e.children[1];
  std::string op = e.op;
  if (arr.kind == ast::ExprKind::kArray && arr.subquery == nullptr) {
    if (arr.children.empty()) {
      return BoundExpr::Constant(Value::Bool(e.is_all));
    }
    KAPPA_ASSIGN_OR_RETURN(auto left, BindExpr(*e.children[0], st, es));
    auto n = std::make_unique<BoundExpr>(e.is_all ? BoundExprKind::kAnd : BoundExprKind::kOr,
                                         DataType(TypeId::kBool));
    n->location = e.location;
    for (const auto& item : arr.children) {
      KAPPA_ASSIGN_OR_RETURN(auto right, BindExpr(*item, st, es));
      std::vector<BoundExprPtr> args;
      args.push_back(left->Clone());
      args.push_back(std::move(right));
      KAPPA_ASSIGN_OR_RETURN(auto cmp, CallFunction(op, std::move(args), e.location));
      n->children.push_back(std::move(cmp));
    }
    if (n->children.size() == 1) return std::move(n->children[0]);
    return n;
  }
  if (!((op == "=" && !e.is_all) || (op == "<>" && e.is_all))) {
    return Status::NotSupported("op ANY/ALL (array) is supported only as = ANY and <> ALL",
                                e.location);
  }
  KAPPA_ASSIGN_OR_RETURN(auto left, BindExpr(*e.children[0], st, es));
  KAPPA_ASSIGN_OR_RETURN(auto right, BindExpr(arr, st, es));
  DataType text(TypeId::kText);
  KAPPA_ASSIGN_OR_RETURN(left, Coerce(std::move(left), text, CastContext::kExplicit));
  KAPPA_ASSIGN_OR_RETURN(right, Coerce(std::move(right), text, CastContext::kExplicit));
  std::vector<BoundExprPtr> args;
  args.push_back(std::move(left));
  args.push_back(std::move(right));
  KAPPA_ASSIGN_OR_RETURN(auto contains, CallFunction("__array_contains", std::move(args),
                                                     e.location));
  if (!e.is_all) return contains;
  auto n = std::make_unique<BoundExpr>(BoundExprKind::kNot, DataType(TypeId::kBool));
  n->location = e.location;
  n->children.push_back(std::move(contains));
  return n;
}

Result<BoundExprPtr> QueryBinder::BindArrayExpr(const ast::Expr& e, BlockState* st,
                                                ExprState es) {
  if (e.subquery == nullptr) {
    // ARRAY[a, b] -> '{' || __array_elem(a::text) || ',' || ... || '}'.
    std::vector<BoundExprPtr> elems;
    for (const auto& c : e.children) {
      KAPPA_ASSIGN_OR_RETURN(auto b, BindExpr(*c, st, es));
      if (b->type.id == TypeId::kUnknown) {
        KAPPA_ASSIGN_OR_RETURN(b, Coerce(std::move(b), DataType(TypeId::kText),
                                         CastContext::kImplicit));
      }
      KAPPA_ASSIGN_OR_RETURN(b, Coerce(std::move(b), DataType(TypeId::kText),
                                       CastContext::kExplicit));
      std::vector<BoundExprPtr> args;
      args.push_back(std::move(b));
      KAPPA_ASSIGN_OR_RETURN(auto el, CallFunction("__array_elem", std::move(args), e.location));
      elems.push_back(std::move(el));
    }
    auto concat = [&](BoundExprPtr l, BoundExprPtr r) {
      std::vector<BoundExprPtr> args;
      args.push_back(std::move(l));
      args.push_back(std::move(r));
      return CallFunction("||", std::move(args), e.location);
    };
    BoundExprPtr out = BoundExpr::Constant(Value::String("{"));
    for (size_t i = 0; i < elems.size(); ++i) {
      if (i > 0) {
        KAPPA_ASSIGN_OR_RETURN(out, concat(std::move(out), BoundExpr::Constant(Value::String(","))));
      }
      KAPPA_ASSIGN_OR_RETURN(out, concat(std::move(out), std::move(elems[i])));
    }
    return concat(std::move(out), BoundExpr::Constant(Value::String("}")));
  }
  auto& owner = const_cast<ast::Expr&>(e);
  ast::SelectStmt& q = *owner.subquery;
  // ARRAY(SELECT 'prefix' || x FROM unnest(arr) x), as psql's \d+ sends it
  // for reloptions: __array_prefix(arr, 'prefix') (also when arr is an outer
  // column, which a FROM function cannot read).
  if (q.set_op == ast::SetOp::kNone && q.from.size() == 1 && q.targets.size() == 1 &&
      q.where == nullptr && q.group_by.empty() && q.order_by.empty() &&
      q.from[0]->kind == ast::TableRefKind::kFunction && q.from[0]->func_args.size() == 1 &&
      (q.from[0]->func_name == "unnest" || q.from[0]->func_name == "pg_catalog.unnest")) {
    const ast::TableRef& f = *q.from[0];
    std::string x = !f.column_aliases.empty() ? f.column_aliases[0] : f.alias;
    const ast::Expr& t = *q.targets[0].expr;
    if (t.kind == ast::ExprKind::kBinary && t.op == "||" &&
        t.children[0]->kind == ast::ExprKind::kLiteral &&
        t.children[0]->literal_kind == ast::LiteralKind::kString &&
        t.children[1]->kind == ast::ExprKind::kColumnRef && t.children[1]->name.size() == 1 &&
        t.children[1]->name[0] == x) {
      KAPPA_ASSIGN_OR_RETURN(auto arr, BindExpr(*f.func_args[0], st, es));
      KAPPA_ASSIGN_OR_RETURN(arr, Coerce(std::move(arr), DataType(TypeId::kText),
                                         CastContext::kExplicit));
      std::vector<BoundExprPtr> args;
      args.push_back(std::move(arr));
      args.push_back(BoundExpr::Constant(Value::String(t.children[0]->literal)));
      return CallFunction("__array_prefix", std::move(args), e.location);
    }
  }
  if (q.set_op == ast::SetOp::kNone && q.values_rows.empty() && q.targets.size() == 1 &&
      q.targets[0].expr->kind != ast::ExprKind::kStar && !HasAggregateCall(*q.targets[0].expr) &&
      q.group_by.empty() && q.having == nullptr && !q.distinct && q.distinct_on.empty() &&
      q.limit == nullptr && q.offset == nullptr && q.ctes.empty() && q.order_by.empty()) {
    // A simple block: aggregate in place, so that a correlation in its WHERE
    // decorrelates like any scalar subquery's:
    //   ARRAY(SELECT x FROM ... WHERE ...)
    //   -> (SELECT coalesce('{' || string_agg(__array_elem(x::text), ',')
    //       || '}', '{}') FROM ... WHERE ...).
    // The node becomes that scalar subquery for good (binding it again is the same).
    int loc = e.location;
    auto cast = std::make_unique<ast::Expr>(ast::ExprKind::kCast, loc);
    cast->cast_type.type = DataType(TypeId::kText);
    cast->cast_type.spelling = "text";
    cast->children.push_back(std::move(q.targets[0].expr));
    std::vector<ast::ExprPtr> elem_args;
    elem_args.push_back(std::move(cast));
    std::vector<ast::ExprPtr> agg_args;
    agg_args.push_back(Fn("__array_elem", std::move(elem_args), loc));
    agg_args.push_back(Lit(","));
    ast::ExprPtr agg = Fn("string_agg", std::move(agg_args), loc);
    ast::ExprPtr body = Concat(Concat(Lit("{"), std::move(agg), loc), Lit("}"), loc);
    std::vector<ast::ExprPtr> co_args;
    co_args.push_back(std::move(body));
    co_args.push_back(Lit("{}"));
    q.targets[0].expr = Fn("coalesce", std::move(co_args), loc);
    if (q.targets[0].alias.empty()) q.targets[0].alias = "array";
    owner.kind = ast::ExprKind::kSubquery;
    return BindScalarSubquery(owner, st, es);
  }
  // ARRAY(subquery) -> (SELECT coalesce('{' || string_agg(__array_elem(
  //   __elem::text), ',') || '}', '{}') FROM (subquery) AS __array(__elem)).
  // The subquery is lent to the new AST for the duration of the bind.
  auto from = std::make_unique<ast::TableRef>(ast::TableRefKind::kSubquery, e.location);
  from->subquery = std::move(owner.subquery);
  from->alias = "__array";
  from->column_aliases = {"__elem"};
  ast::TableRef* lent = from.get();

  auto col = std::make_unique<ast::Expr>(ast::ExprKind::kColumnRef, e.location);
  col->name = {"__elem"};
  auto cast = std::make_unique<ast::Expr>(ast::ExprKind::kCast, e.location);
  cast->cast_type.type = DataType(TypeId::kText);
  cast->cast_type.spelling = "text";
  cast->children.push_back(std::move(col));
  std::vector<ast::ExprPtr> elem_args;
  elem_args.push_back(std::move(cast));
  std::vector<ast::ExprPtr> agg_args;
  agg_args.push_back(Fn("__array_elem", std::move(elem_args), e.location));
  agg_args.push_back(Lit(","));
  ast::ExprPtr body =
      Concat(Concat(Lit("{"), Fn("string_agg", std::move(agg_args), e.location), e.location),
             Lit("}"), e.location);
  std::vector<ast::ExprPtr> co_args;
  co_args.push_back(std::move(body));
  co_args.push_back(Lit("{}"));
  auto sel = std::make_unique<ast::SelectStmt>();
  sel->location = e.location;
  ast::SelectItem item;
  item.expr = Fn("coalesce", std::move(co_args), e.location);
  item.location = e.location;
  sel->targets.push_back(std::move(item));
  sel->from.push_back(std::move(from));
  ast::Expr sub(ast::ExprKind::kSubquery, e.location);
  sub.subquery = std::move(sel);
  Result<BoundExprPtr> r = BindScalarSubquery(sub, st, es);
  owner.subquery = std::move(lent->subquery);
  if (!r.ok() && (r.status().sqlstate() == sqlstate::kUndefinedTable ||
                  r.status().sqlstate() == sqlstate::kUndefinedColumn)) {
    // Here the subquery is a derived table, which cannot see the outer
    // query's columns: a correlated ARRAY(... ORDER BY ...).
    return Status::NotSupported(
        "ARRAY(subquery) with ORDER BY that references the outer query is not supported (" +
            r.status().message() + ")",
        e.location);
  }
  return r;
}

Result<BoundExprPtr> QueryBinder::BindArraySubscript(const ast::Expr& e, BlockState* st,
                                                     ExprState es) {
  KAPPA_ASSIGN_OR_RETURN(auto arr, BindExpr(*e.children[0], st, es));
  KAPPA_ASSIGN_OR_RETURN(auto index, BindExpr(*e.children[1], st, es));
  KAPPA_ASSIGN_OR_RETURN(arr, Coerce(std::move(arr), DataType(TypeId::kText),
                                     CastContext::kExplicit));
  std::vector<BoundExprPtr> args;
  args.push_back(std::move(arr));
  args.push_back(std::move(index));
  return CallFunction("__array_subscript", std::move(args), e.location);
}

}  // namespace kappa::binder
