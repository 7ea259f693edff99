// Expressions: literals, column references, parameters, operators,
// functions, CASE, casts, IN lists, BETWEEN, IS [NOT] ... .
#include <algorithm>
#include <cctype>
#include <climits>

#include "common/value_parse.h"
#include "executor/aggregate_function.h"
#include "sql/binder/query_binder.h"

namespace kappa::binder {

namespace {

std::string Lower(std::string s) {
  for (auto& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return s;
}

std::string StripCatalog(const std::string& name) {
  static const std::string kPrefix = "pg_catalog.";
  if (name.compare(0, kPrefix.size(), kPrefix) == 0) return name.substr(kPrefix.size());
  return name;
}

std::string JoinName(const ast::QualifiedName& n) {
  std::string out;
  for (size_t i = 0; i < n.size(); ++i) {
    if (i > 0) out += ".";
    out += n[i];
  }
  return out;
}

}  // namespace

Result<BoundExprPtr> QueryBinder::BindExpr(const ast::Expr& e, BlockState* st, ExprState es) {
  DepthGuard guard(this);
  if (guard.exceeded()) return DepthError();
  switch (e.kind) {
    case ast::ExprKind::kLiteral:
      return BindLiteral(e);
    case ast::ExprKind::kColumnRef:
      return BindColumnRef(e, st, es);
    case ast::ExprKind::kStar:
      return Status::Error(sqlstate::kFeatureNotSupported,
                           "row expansion via \"*\" is not supported here", e.location);
    case ast::ExprKind::kParam:
      return BindParam(e);
    case ast::ExprKind::kUnary: {
      const std::string op = Lower(e.op);
      if (op == "not") {
        KAPPA_ASSIGN_OR_RETURN(auto child, BindCondition(*e.children[0], st, es, "NOT"));
        auto n = std::make_unique<BoundExpr>(BoundExprKind::kNot, DataType(TypeId::kBool));
        n->location = e.location;
        n->children.push_back(std::move(child));
        return n;
      }
      const ast::Expr& c = *e.children[0];
      if (op == "-" && c.kind == ast::ExprKind::kLiteral &&
          (c.literal_kind == ast::LiteralKind::kInteger ||
           c.literal_kind == ast::LiteralKind::kDecimal)) {
        // PostgreSQL folds the sign into numeric literals (-2147483648 is int4).
        // The parser already does (sql/parse/parser.h); this covers ASTs built
        // otherwise. The sign toggles: - (-5) is 5, never "--5".
        ast::Expr neg(ast::ExprKind::kLiteral, e.location);
        neg.literal_kind = c.literal_kind;
        neg.literal = !c.literal.empty() && c.literal[0] == '-' ? c.literal.substr(1)
                                                                : "-" + c.literal;
        return BindLiteral(neg);
      }
      KAPPA_ASSIGN_OR_RETURN(auto child, BindExpr(c, st, es));
      if (op == "+") {
        if (IsNumeric(child->type.id) || child->type.id == TypeId::kInterval) return child;
        return Status::Error(sqlstate::kUndefinedFunction,
                             "operator does not exist: + " + TypeName(child->type), e.location)
            .WithHint("No operator matches the given name and argument type. You might need to "
                      "add an explicit type cast.");
      }
      std::vector<BoundExprPtr> args;
      args.push_back(std::move(child));
      return CallFunction(op == "-" ? "neg" : op, std::move(args), e.location);
    }
    case ast::ExprKind::kBinary: {
      std::string op = Lower(e.op);
      if (op == "and" || op == "or") {
        auto node = std::make_unique<BoundExpr>(
            op == "and" ? BoundExprKind::kAnd : BoundExprKind::kOr, DataType(TypeId::kBool));
        node->location = e.location;
        // Flatten left-deep chains iteratively (a AND b AND c ... can be long).
        std::vector<const ast::Expr*> stack{&e};
        std::vector<const ast::Expr*> operands;
        while (!stack.empty()) {
          const ast::Expr* x = stack.back();
          stack.pop_back();
          if (x->kind == ast::ExprKind::kBinary && Lower(x->op) == op) {
            stack.push_back(x->children[1].get());
            stack.push_back(x->children[0].get());
          } else {
            operands.push_back(x);
          }
        }
        const char* construct = op == "and" ? "AND" : "OR";
        for (const ast::Expr* x : operands) {
          KAPPA_ASSIGN_OR_RETURN(auto c, BindCondition(*x, st, es, construct));
          node->children.push_back(std::move(c));
        }
        return node;
      }
      if (op == "!=") op = "<>";
      KAPPA_ASSIGN_OR_RETURN(auto l, BindExpr(*e.children[0], st, es));
      KAPPA_ASSIGN_OR_RETURN(auto r, BindExpr(*e.children[1], st, es));
      std::vector<BoundExprPtr> args;
      args.push_back(std::move(l));
      args.push_back(std::move(r));
      return CallFunction(op, std::move(args), e.location);
    }
    case ast::ExprKind::kFunction:
      return BindFunction(e, st, es);
    case ast::ExprKind::kCast:
      return BindCast(e, st, es);
    case ast::ExprKind::kCase:
      return BindCase(e, st, es);
    case ast::ExprKind::kIsNull: {
      KAPPA_ASSIGN_OR_RETURN(auto child, BindExpr(*e.children[0], st, es));
      auto n = std::make_unique<BoundExpr>(BoundExprKind::kIsNull, DataType(TypeId::kBool));
      n->negated = e.negated;
      n->location = e.location;
      n->children.push_back(std::move(child));
      return n;
    }
    case ast::ExprKind::kIsBool: {
      const char* construct = e.is_bool_value == 1    ? (e.negated ? "IS NOT TRUE" : "IS TRUE")
                              : e.is_bool_value == 0  ? (e.negated ? "IS NOT FALSE" : "IS FALSE")
                                                      : (e.negated ? "IS NOT UNKNOWN" : "IS UNKNOWN");
      KAPPA_ASSIGN_OR_RETURN(auto child, BindCondition(*e.children[0], st, es, construct));
      if (e.is_bool_value < 0) {
        auto n = std::make_unique<BoundExpr>(BoundExprKind::kIsNull, DataType(TypeId::kBool));
        n->negated = e.negated;
        n->location = e.location;
        n->children.push_back(std::move(child));
        return n;
      }
      // x IS TRUE == x IS NOT DISTINCT FROM true.
      auto n = std::make_unique<BoundExpr>(BoundExprKind::kIsDistinct, DataType(TypeId::kBool));
      n->negated = !e.negated;
      n->location = e.location;
      n->children.push_back(std::move(child));
      n->children.push_back(BoundExpr::Constant(Value::Bool(e.is_bool_value == 1)));
      return n;
    }
    case ast::ExprKind::kIsDistinct: {
      KAPPA_ASSIGN_OR_RETURN(auto l, BindExpr(*e.children[0], st, es));
      KAPPA_ASSIGN_OR_RETURN(auto r, BindExpr(*e.children[1], st, es));
      // Check that the types are comparable (like PostgreSQL's = lookup).
      std::vector<DataType> types{l->type, r->type};
      auto common = CommonType(types, "IS DISTINCT FROM");
      if (!common.ok()) {
        auto eq = ResolveScalarFunction("=", types);
        if (!eq.ok()) {
          Status s = eq.status();
          s.WithPosition(e.location);
          return s;
        }
        KAPPA_ASSIGN_OR_RETURN(l, Coerce(std::move(l), eq->arg_casts[0], CastContext::kImplicit));
        KAPPA_ASSIGN_OR_RETURN(r, Coerce(std::move(r), eq->arg_casts[1], CastContext::kImplicit));
      } else {
        KAPPA_RETURN_IF_ERROR(CoerceToCommon({&l, &r}, "IS DISTINCT FROM").status());
      }
      auto n = std::make_unique<BoundExpr>(BoundExprKind::kIsDistinct, DataType(TypeId::kBool));
      n->negated = e.negated;
      n->location = e.location;
      n->children.push_back(std::move(l));
      n->children.push_back(std::move(r));
      return n;
    }
    case ast::ExprKind::kBetween:
      return BindBetween(e, st, es);
    case ast::ExprKind::kInList:
      return BindInList(e, st, es);
    case ast::ExprKind::kInSubquery:
      return BindInSubqueryExpr(e, st, es);
    case ast::ExprKind::kExists:
      return BindExistsExpr(e, st, es);
    case ast::ExprKind::kSubquery:
      if (ScalarSubqueryIsProvablyNull(e)) {
        return BoundExpr::Constant(Value::Null(DataType(TypeId::kUnknown)));
      }
      return BindScalarSubquery(e, st, es);
    case ast::ExprKind::kAnyAll:
      if (e.subquery != nullptr) return BindInSubqueryExpr(e, st, es);
      return BindAnyAllArray(e, st, es);
    case ast::ExprKind::kArray:
      return BindArrayExpr(e, st, es);
    case ast::ExprKind::kSubscript:
      return BindArraySubscript(e, st, es);
    case ast::ExprKind::kRow:
      return Status::NotSupported("row expressions are not supported here", e.location);
    case ast::ExprKind::kCollate:
      return BindExpr(*e.children[0], st, es);
    case ast::ExprKind::kFieldSelect:
      return Status::NotSupported("composite field selection is not supported yet", e.location);
    case ast::ExprKind::kDefault:
      // Only an item of INSERT's VALUES rows (BindInsertSource) means the
      // column's default.
      return Status::Error(sqlstate::kSyntaxError, "DEFAULT is not allowed in this context",
                           e.location);
  }
  return Status::Internal("unknown expression kind");
}

Result<BoundExprPtr> QueryBinder::RequireBoolean(BoundExprPtr e, const char* construct) {
  if (e->type.id == TypeId::kBool) return e;
  if (e->type.id == TypeId::kUnknown &&
      (e->kind == BoundExprKind::kConstant || e->kind == BoundExprKind::kParam)) {
    return Coerce(std::move(e), DataType(TypeId::kBool), CastContext::kImplicit);
  }
  return Status::Error(sqlstate::kDatatypeMismatch,
                       std::string("argument of ") + construct + " must be type boolean, not type " +
                           TypeName(e->type),
                       e->location);
}

Result<BoundExprPtr> QueryBinder::BindCondition(const ast::Expr& e, BlockState* st,
                                                ExprState es, const char* construct) {
  KAPPA_ASSIGN_OR_RETURN(auto b, BindExpr(e, st, es));
  if (b->location == 0) b->location = e.location;
  return RequireBoolean(std::move(b), construct);
}

Result<BoundExprPtr> QueryBinder::BindLiteral(const ast::Expr& e) {
  BoundExprPtr out;
  switch (e.literal_kind) {
    case ast::LiteralKind::kNull:
      out = BoundExpr::Constant(Value::Null(DataType(TypeId::kUnknown)));
      break;
    case ast::LiteralKind::kBool:
      out = BoundExpr::Constant(Value::Bool(e.bool_value));
      break;
    case ast::LiteralKind::kInteger: {
      errno = 0;
      char* end = nullptr;
      long long v = std::strtoll(e.literal.c_str(), &end, 10);
      if (errno == 0 && end != nullptr && *end == '\0' && !e.literal.empty()) {
        if (v >= INT32_MIN && v <= INT32_MAX) {
          out = BoundExpr::Constant(Value::Int(TypeId::kInt32, v));
        } else {
          out = BoundExpr::Constant(Value::Int(TypeId::kInt64, v));
        }
        break;
      }
      [[fallthrough]];
    }
    case ast::LiteralKind::kDecimal: {
      auto v = ParseValue(e.literal, DataType::Numeric());
      if (!v.ok()) {
        Status s = v.status();
        s.WithPosition(e.location);
        return s;
      }
      Value value = std::move(v).value();
      value.type = DataType::Numeric();
      out = BoundExpr::Constant(std::move(value));
      break;
    }
    case ast::LiteralKind::kString:
      out = BoundExpr::Constant(Value::String(e.literal, DataType(TypeId::kUnknown)));
      break;
  }
  out->location = e.location;
  return out;
}

Result<BoundExprPtr> QueryBinder::BindParam(const ast::Expr& e) {
  int idx = e.param_index - 1;
  if (idx < 0 || idx >= 65535) {
    return Status::Error(sqlstate::kUndefinedParameter,
                         "there is no parameter $" + std::to_string(e.param_index), e.location);
  }
  if (idx >= static_cast<int>(ctx_.param_types.size())) ctx_.param_types.resize(idx + 1);
  auto p = std::make_unique<BoundExpr>(BoundExprKind::kParam, ctx_.param_types[idx]);
  p->param_index = idx;
  p->location = e.location;
  return p;
}

Result<BoundExprPtr> QueryBinder::BindColumnRef(const ast::Expr& e, BlockState* st,
                                                ExprState es) {
  const auto& name = e.name;
  if (name.empty() || name.size() > 3) {
    return Status::Error(sqlstate::kSyntaxError,
                         "improper qualified name (too many dotted names): " + JoinName(name),
                         e.location);
  }
  const std::string& col = name.back();
  const std::string qualifier = name.size() >= 2 ? name[name.size() - 2] : "";
  const std::string schema = name.size() == 3 ? name[0] : "";
  bool qualifier_seen = false;
  int level = 0;
  for (BlockState* s = st; s != nullptr; s = s->outer, ++level) {
    const ScopeColumn* found = nullptr;
    if (qualifier.empty()) {
      KAPPA_ASSIGN_OR_RETURN(found, s->scope.FindUnqualified(col, e.location));
    } else {
      auto items = s->scope.FindItems(schema, qualifier);
      if (items.size() > 1) {
        return Status::Error("42P09", "table reference \"" + qualifier + "\" is ambiguous",
                             e.location);
      }
      if (items.size() == 1) {
        qualifier_seen = true;
        for (const auto& c : items[0]->columns) {
          if (c.name == col) {
            found = &c;
            break;
          }
        }
        if (found == nullptr) {
          return Status::Error(sqlstate::kUndefinedColumn,
                               "column " + qualifier + "." + col + " does not exist", e.location);
        }
      }
    }
    if (found == nullptr) continue;
    if (level == 0) {
      auto ref = BoundExpr::ColumnRef(found->index, found->type);
      ref->location = e.location;
      return ref;
    }
    if (level > 1) {
      return Status::NotSupported(
          "correlated references to a query level more than one up are not supported",
          e.location);
    }
    st->saw_outer_ref = true;
    return MarkerRef(Marker::kOuter, found->index, found->type, e.location);
  }
  if (!qualifier.empty() && !qualifier_seen) {
    // A whole-row reference to a FROM item (SELECT t FROM t) is not supported.
    return Status::Error(sqlstate::kUndefinedTable,
                         "missing FROM-clause entry for table \"" + qualifier + "\"", e.location);
  }
  if (qualifier.empty() && st != nullptr && !st->scope.FindItems("", col).empty()) {
    return Status::NotSupported("whole-row references (\"" + col + "\") are not supported",
                                e.location);
  }
  return Status::Error(sqlstate::kUndefinedColumn, "column \"" + col + "\" does not exist",
                       e.location);
}

Result<BoundExprPtr> QueryBinder::CallFunction(const std::string& name,
                                               std::vector<BoundExprPtr> args, int location) {
  std::vector<DataType> types;
  types.reserve(args.size());
  for (const auto& a : args) types.push_back(a->type);
  auto resolved = ResolveScalarFunction(name, types);
  if (!resolved.ok()) {
    Status s = resolved.status();
    s.WithPosition(location);
    return s;
  }
  for (size_t i = 0; i < args.size() && i < resolved->arg_casts.size(); ++i) {
    KAPPA_ASSIGN_OR_RETURN(args[i], Coerce(std::move(args[i]), resolved->arg_casts[i],
                                           CastContext::kImplicit));
  }
  return MakeFunction(*resolved, name, std::move(args), location);
}

Result<BoundExprPtr> QueryBinder::BindFunction(const ast::Expr& e, BlockState* st,
                                               ExprState es) {
  const std::string name = StripCatalog(e.func_name);
  if (e.over != nullptr) return BindWindowCall(e, st, es);
  if (IsAggregateName(name)) return BindAggregateCall(e, st, es);
  auto not_aggregate = [&](const char* what) {
    return Status::Error(sqlstate::kWrongObjectType,
                         std::string(what) + " specified, but " + name +
                             " is not an aggregate function",
                         e.location);
  };
  if (e.agg_star) return not_aggregate((name + "(*)").c_str());
  if (e.agg_distinct) return not_aggregate("DISTINCT");
  if (e.agg_filter) return not_aggregate("FILTER");
  if (!e.agg_order_by.empty()) return not_aggregate("ORDER BY");

  std::vector<BoundExprPtr> args;
  for (const auto& a : e.children) {
    KAPPA_ASSIGN_OR_RETURN(auto b, BindExpr(*a, st, es));
    args.push_back(std::move(b));
  }
  if (name == "coalesce") {
    if (args.empty()) {
      return Status::Error(sqlstate::kSyntaxError, "syntax error at or near \")\"", e.location);
    }
    std::vector<BoundExprPtr*> ptrs;
    for (auto& a : args) ptrs.push_back(&a);
    KAPPA_ASSIGN_OR_RETURN(DataType t, CoerceToCommon(ptrs, "COALESCE"));
    auto n = std::make_unique<BoundExpr>(BoundExprKind::kCoalesce, t);
    n->location = e.location;
    n->children = std::move(args);
    return n;
  }
  if (name == "nullif" && args.size() == 2) {
    // NULLIF(a, b) = CASE WHEN a = b THEN NULL ELSE a END, typed as a after
    // the = operator's coercion.
    std::vector<BoundExprPtr> eq_args;
    eq_args.push_back(std::move(args[0]));
    eq_args.push_back(std::move(args[1]));
    KAPPA_ASSIGN_OR_RETURN(auto eq, CallFunction("=", std::move(eq_args), e.location));
    if (eq->type.id != TypeId::kBool) {
      return Status::Error(sqlstate::kDatatypeMismatch, "NULLIF requires = operator to yield boolean",
                           e.location);
    }
    auto value = eq->children[0]->Clone();
    DataType t = value->type.id == TypeId::kUnknown ? DataType(TypeId::kText) : value->type;
    KAPPA_ASSIGN_OR_RETURN(value, Coerce(std::move(value), t, CastContext::kImplicit));
    auto n = std::make_unique<BoundExpr>(BoundExprKind::kCase, t);
    n->location = e.location;
    n->has_else = true;
    n->children.push_back(std::move(eq));
    n->children.push_back(BoundExpr::Constant(Value::Null(t)));
    n->children.push_back(std::move(value));
    return n;
  }
  return CallFunction(name, std::move(args), e.location);
}

Result<BoundExprPtr> QueryBinder::BindCase(const ast::Expr& e, BlockState* st, ExprState es) {
  BoundExprPtr operand;
  if (e.case_operand) {
    KAPPA_ASSIGN_OR_RETURN(operand, BindExpr(*e.case_operand, st, es));
  }
  std::vector<BoundExprPtr> conds;
  std::vector<BoundExprPtr> results;
  for (const auto& w : e.when_clauses) {
    if (operand) {
      KAPPA_ASSIGN_OR_RETURN(auto v, BindExpr(*w.when, st, es));
      std::vector<BoundExprPtr> args;
      args.push_back(operand->Clone());
      args.push_back(std::move(v));
      KAPPA_ASSIGN_OR_RETURN(auto eq, CallFunction("=", std::move(args), w.when->location));
      KAPPA_ASSIGN_OR_RETURN(eq, RequireBoolean(std::move(eq), "CASE/WHEN"));
      conds.push_back(std::move(eq));
    } else {
      KAPPA_ASSIGN_OR_RETURN(auto c, BindCondition(*w.when, st, es, "CASE/WHEN"));
      conds.push_back(std::move(c));
    }
    KAPPA_ASSIGN_OR_RETURN(auto r, BindExpr(*w.then, st, es));
    results.push_back(std::move(r));
  }
  if (e.case_else) {
    KAPPA_ASSIGN_OR_RETURN(auto r, BindExpr(*e.case_else, st, es));
    results.push_back(std::move(r));
  } else {
    results.push_back(BoundExpr::Constant(Value::Null(DataType(TypeId::kUnknown))));
  }
  std::vector<BoundExprPtr*> ptrs;
  for (auto& r : results) ptrs.push_back(&r);
  auto common = CoerceToCommon(ptrs, "CASE");
  if (!common.ok()) {
    Status s = common.status();
    s.WithPosition(e.location);
    return s;
  }
  auto n = std::make_unique<BoundExpr>(BoundExprKind::kCase, *common);
  n->location = e.location;
  n->has_else = true;
  for (size_t i = 0; i < conds.size(); ++i) {
    n->children.push_back(std::move(conds[i]));
    n->children.push_back(std::move(results[i]));
  }
  n->children.push_back(std::move(results.back()));
  return n;
}

Result<BoundExprPtr> QueryBinder::BindCast(const ast::Expr& e, BlockState* st, ExprState es) {
  bool handled = false;
  KAPPA_ASSIGN_OR_RETURN(auto reg, BindRegCast(e, st, es, &handled));
  if (handled) return reg;
  KAPPA_ASSIGN_OR_RETURN(auto child, BindExpr(*e.children[0], st, es));
  const DataType& target = e.cast_type.type;
  auto r = Coerce(std::move(child), target, CastContext::kExplicit);
  if (!r.ok()) {
    Status s = r.status();
    s.WithPosition(e.location);
    return s;
  }
  if ((*r)->location == 0) (*r)->location = e.location;
  return r;
}

Result<BoundExprPtr> QueryBinder::BindInList(const ast::Expr& e, BlockState* st, ExprState es) {
  std::vector<BoundExprPtr> all;
  for (const auto& c : e.children) {
    KAPPA_ASSIGN_OR_RETURN(auto b, BindExpr(*c, st, es));
    all.push_back(std::move(b));
  }
  std::vector<DataType> types;
  for (const auto& a : all) types.push_back(a->type);
  if (CommonType(types, "IN").ok()) {
    std::vector<BoundExprPtr*> ptrs;
    for (auto& a : all) ptrs.push_back(&a);
    KAPPA_RETURN_IF_ERROR(CoerceToCommon(ptrs, "IN").status());
    auto n = std::make_unique<BoundExpr>(BoundExprKind::kInList, DataType(TypeId::kBool));
    n->negated = e.negated;
    n->location = e.location;
    n->children = std::move(all);
    return n;
  }
  // No common type: x = a OR x = b ... with per-pair operator resolution
  // (PostgreSQL does the same).
  auto n = std::make_unique<BoundExpr>(e.negated ? BoundExprKind::kAnd : BoundExprKind::kOr,
                                       DataType(TypeId::kBool));
  n->location = e.location;
  for (size_t i = 1; i < all.size(); ++i) {
    std::vector<BoundExprPtr> args;
    args.push_back(all[0]->Clone());
    args.push_back(std::move(all[i]));
    KAPPA_ASSIGN_OR_RETURN(auto cmp, CallFunction(e.negated ? "<>" : "=", std::move(args),
                                                  e.location));
    n->children.push_back(std::move(cmp));
  }
  if (n->children.size() == 1) return std::move(n->children[0]);
  return n;
}

Result<BoundExprPtr> QueryBinder::BindBetween(const ast::Expr& e, BlockState* st, ExprState es) {
  KAPPA_ASSIGN_OR_RETURN(auto a, BindExpr(*e.children[0], st, es));
  KAPPA_ASSIGN_OR_RETURN(auto b, BindExpr(*e.children[1], st, es));
  KAPPA_ASSIGN_OR_RETURN(auto c, BindExpr(*e.children[2], st, es));
  auto range = [&](const BoundExpr& lo, const BoundExpr& hi) -> Result<BoundExprPtr> {
    std::vector<BoundExprPtr> ge;
    ge.push_back(a->Clone());
    ge.push_back(lo.Clone());
    KAPPA_ASSIGN_OR_RETURN(auto x, CallFunction(">=", std::move(ge), e.location));
    std::vector<BoundExprPtr> le;
    le.push_back(a->Clone());
    le.push_back(hi.Clone());
    KAPPA_ASSIGN_OR_RETURN(auto y, CallFunction("<=", std::move(le), e.location));
    std::vector<BoundExprPtr> both;
    both.push_back(std::move(x));
    both.push_back(std::move(y));
    return MakeAnd(std::move(both));
  };
  KAPPA_ASSIGN_OR_RETURN(auto result, range(*b, *c));
  if (e.symmetric) {
    KAPPA_ASSIGN_OR_RETURN(auto swapped, range(*c, *b));
    auto o = std::make_unique<BoundExpr>(BoundExprKind::kOr, DataType(TypeId::kBool));
    o->children.push_back(std::move(result));
    o->children.push_back(std::move(swapped));
    result = std::move(o);
  }
  if (e.negated) {
    auto n = std::make_unique<BoundExpr>(BoundExprKind::kNot, DataType(TypeId::kBool));
    n->children.push_back(std::move(result));
    result = std::move(n);
  }
  result->location = e.location;
  return result;
}

Status QueryBinder::ExpandStar(const ast::Expr& star, BlockState* st,
                               std::vector<BoundExprPtr>* exprs,
                               std::vector<std::string>* names) {
  auto add = [&](const ScopeItem& item) {
    for (const auto& c : item.columns) {
      auto ref = BoundExpr::ColumnRef(c.index, c.type);
      ref->location = star.location;
      exprs->push_back(std::move(ref));
      names->push_back(c.name);
    }
  };
  if (star.name.empty()) {
    if (st == nullptr || st->scope.items.empty()) {
      return Status::Error(sqlstate::kSyntaxError, "SELECT * with no tables specified is not valid",
                           star.location);
    }
    for (const auto& item : st->scope.items) {
      if (item.cols_visible) add(item);
    }
    return Status::OK();
  }
  const std::string& qualifier = star.name.back();
  const std::string schema = star.name.size() >= 2 ? star.name[star.name.size() - 2] : "";
  auto items = st != nullptr ? st->scope.FindItems(schema, qualifier)
                             : std::vector<const ScopeItem*>{};
  if (items.empty()) {
    return Status::Error(sqlstate::kUndefinedTable,
                         "missing FROM-clause entry for table \"" + qualifier + "\"",
                         star.location);
  }
  if (items.size() > 1) {
    return Status::Error("42P09", "table reference \"" + qualifier + "\" is ambiguous",
                         star.location);
  }
  add(*items[0]);
  return Status::OK();
}

}  // namespace kappa::binder
