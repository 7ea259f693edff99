// ORDER BY over output columns (set operations, VALUES) and LIMIT/OFFSET.
// The ORDER BY of a simple SELECT is resolved in bind_select_block.cc
// because it may use input columns.
#include <climits>
#include <cstdlib>

#include "executor/expression_evaluator.h"
#include "sql/binder/query_binder.h"

namespace kappa::binder {

namespace {
constexpr int64_t kNullLimit = INT64_MIN;

bool HasParam(const BoundExpr& e) {
  bool found = false;
  VisitExpr(e, [&](const BoundExpr& n) {
    if (n.kind == BoundExprKind::kParam) found = true;
    return !found;
  });
  return found;
}
}  // namespace

Result<int64_t> QueryBinder::EvalLimitValue(const ast::Expr& e, Clause clause) {
  ExprState es;
  es.clause = clause;
  auto bound = BindExpr(e, nullptr, es);
  if (!bound.ok()) {
    if (bound.status().sqlstate() == sqlstate::kUndefinedColumn) {
      return Status::Error(sqlstate::kInvalidColumnReference,
                           std::string("argument of ") + ClauseName(clause) +
                               " must not contain variables",
                           e.location);
    }
    return bound.status();
  }
  KAPPA_ASSIGN_OR_RETURN(auto b, CoerceAssign(std::move(bound).value(),
                                              DataType(TypeId::kInt64), ClauseName(clause),
                                              &ctx_));
  EvalContext ec;
  if (HasParam(*b)) {
    if (ctx_.param_values == nullptr) {
      ctx_.limit_needs_params = true;
      return kNullLimit;
    }
    ec.params = ctx_.param_values;
  }
  if (b->kind == BoundExprKind::kConstant) {
    return b->constant.is_null ? kNullLimit : b->constant.i;
  }
  auto v = EvaluateConstant(*b, ec);
  if (!v.ok()) {
    Status s = v.status();
    s.WithPosition(e.location);
    return s;
  }
  return v->is_null ? kNullLimit : v->i;
}

Status QueryBinder::BindLimitOffset(const ast::SelectStmt& stmt, LogicalPlanPtr* plan) {
  if (stmt.limit == nullptr && stmt.offset == nullptr) return Status::OK();
  int64_t limit = -1;
  int64_t offset = 0;
  if (stmt.limit) {
    KAPPA_ASSIGN_OR_RETURN(int64_t v, EvalLimitValue(*stmt.limit, Clause::kLimit));
    if (v != kNullLimit) {
      if (v < 0) {
        return Status::Error("2201W", "LIMIT must not be negative", stmt.limit->location);
      }
      limit = v;
    }
  }
  if (stmt.offset) {
    KAPPA_ASSIGN_OR_RETURN(int64_t v, EvalLimitValue(*stmt.offset, Clause::kOffset));
    if (v != kNullLimit) {
      if (v < 0) {
        return Status::Error("2201X", "OFFSET must not be negative", stmt.offset->location);
      }
      offset = v;
    }
  }
  if (limit < 0 && offset == 0) return Status::OK();
  auto l = std::make_unique<LogicalPlan>(LogicalKind::kLimit);
  l->columns = (*plan)->columns;
  l->limit = limit;
  l->offset = offset;
  l->children.push_back(std::move(*plan));
  *plan = std::move(l);
  return Status::OK();
}

Status QueryBinder::BindOutputOrderBy(const std::vector<ast::OrderItem>& items, const char* what,
                                      LogicalPlanPtr* plan) {
  if (items.empty()) return Status::OK();
  std::vector<SortKey> keys;
  const auto& cols = (*plan)->columns;
  for (const auto& item : items) {
    const ast::Expr& x = *item.expr;
    int index = -1;
    if (x.kind == ast::ExprKind::kLiteral && x.literal_kind == ast::LiteralKind::kInteger) {
      long k = std::strtol(x.literal.c_str(), nullptr, 10);
      if (k < 1 || k > static_cast<long>(cols.size())) {
        return Status::Error(sqlstate::kInvalidColumnReference,
                             "ORDER BY position " + x.literal + " is not in select list",
                             x.location);
      }
      index = static_cast<int>(k - 1);
    } else if (x.kind == ast::ExprKind::kColumnRef && x.name.size() == 1) {
      for (size_t i = 0; i < cols.size(); ++i) {
        if (cols[i].name != x.name[0]) continue;
        if (index >= 0) {
          return Status::Error(sqlstate::kAmbiguousColumn,
                               "ORDER BY \"" + x.name[0] + "\" is ambiguous", x.location);
        }
        index = static_cast<int>(i);
      }
      if (index < 0) {
        return Status::Error(sqlstate::kUndefinedColumn,
                             "column \"" + x.name[0] + "\" does not exist", x.location);
      }
    } else {
      return Status::Error(sqlstate::kFeatureNotSupported,
                           std::string("invalid ") + what + " ORDER BY clause", x.location)
          .WithDetail("Only result column names can be used, not expressions or functions.");
    }
    bool nulls_first = item.nulls_first.has_value() ? *item.nulls_first : item.descending;
    keys.push_back(SortKey{BoundExpr::ColumnRef(index, cols[index].type), item.descending,
                           nulls_first});
  }
  auto s = std::make_unique<LogicalPlan>(LogicalKind::kSort);
  s->columns = (*plan)->columns;
  s->sort_keys = std::move(keys);
  s->children.push_back(std::move(*plan));
  *plan = std::move(s);
  return Status::OK();
}

}  // namespace kappa::binder
