// The part of a SELECT block after WHERE: select list, GROUP BY, HAVING,
// window functions, DISTINCT, ORDER BY, LIMIT, assembled in PostgreSQL's
// evaluation order.
#include <cstdlib>

#include "sql/binder/query_binder.h"

namespace kappa::binder {

namespace {

bool IsIntegerLiteral(const ast::Expr& e) {
  return e.kind == ast::ExprKind::kLiteral && e.literal_kind == ast::LiteralKind::kInteger;
}

bool IsNonIntegerConstant(const ast::Expr& e) {
  return e.kind == ast::ExprKind::kLiteral && e.literal_kind != ast::LiteralKind::kInteger;
}

bool IsBareName(const ast::Expr& e) {
  return e.kind == ast::ExprKind::kColumnRef && e.name.size() == 1;
}

struct OrderTarget {
  int select_index = -1;   // output column, or -1: `expr` (maybe hidden)
  BoundExprPtr expr;
  bool descending = false;
  bool nulls_first = false;
  int location = 0;
};

}  // namespace

Result<LogicalPlanPtr> QueryBinder::FinishSelectBlock(const ast::SelectStmt& stmt,
                                                      BlockState* st, LogicalPlanPtr plan,
                                                      int depth) {
  if (!stmt.distinct_on.empty()) {
    return Status::NotSupported("SELECT DISTINCT ON is not supported yet",
                                stmt.distinct_on[0]->location);
  }
  // ---- select list
  std::vector<BoundExprPtr> sel;
  std::vector<std::string> names;
  ExprState es;
  es.clause = Clause::kSelect;
  for (const auto& t : stmt.targets) {
    if (t.expr->kind == ast::ExprKind::kStar) {
      KAPPA_RETURN_IF_ERROR(ExpandStar(*t.expr, st, &sel, &names));
      continue;
    }
    KAPPA_ASSIGN_OR_RETURN(auto b, BindExpr(*t.expr, st, es));
    if (b->location == 0) b->location = t.expr->location;
    sel.push_back(std::move(b));
    names.push_back(t.alias.empty() ? FigureColumnName(*t.expr) : t.alias);
  }

  // ---- GROUP BY: input columns first, then output names, ordinals, expressions
  auto output_by_name = [&](const std::string& name, const char* clause, int location,
                            int* index) -> Status {
    *index = -1;
    for (size_t i = 0; i < names.size(); ++i) {
      if (names[i] != name) continue;
      if (*index >= 0 && !BoundEqual(*sel[*index], *sel[i])) {
        return Status::Error(sqlstate::kAmbiguousColumn,
                             std::string(clause) + " \"" + name + "\" is ambiguous", location);
      }
      if (*index < 0) *index = static_cast<int>(i);
    }
    return Status::OK();
  };
  for (const auto& g : stmt.group_by) {
    BoundExprPtr b;
    if (IsIntegerLiteral(*g)) {
      long k = std::strtol(g->literal.c_str(), nullptr, 10);
      if (k < 1 || k > static_cast<long>(sel.size())) {
        return Status::Error(sqlstate::kInvalidColumnReference,
                             "GROUP BY position " + g->literal + " is not in select list",
                             g->location);
      }
      b = sel[k - 1]->Clone();
    } else if (IsNonIntegerConstant(*g)) {
      return Status::Error(sqlstate::kSyntaxError, "non-integer constant in GROUP BY",
                           g->location);
    } else {
      int index = -1;
      if (IsBareName(*g)) {
        KAPPA_ASSIGN_OR_RETURN(const ScopeColumn* input,
                               st->scope.FindUnqualified(g->name[0], g->location));
        if (input == nullptr) {
          KAPPA_RETURN_IF_ERROR(output_by_name(g->name[0], "GROUP BY", g->location, &index));
        }
      }
      if (index >= 0) {
        b = sel[index]->Clone();
      } else {
        ExprState ges;
        ges.clause = Clause::kGroupBy;
        KAPPA_ASSIGN_OR_RETURN(b, BindExpr(*g, st, ges));
      }
    }
    if (HasMarker(*b, Marker::kAggregate)) {
      return Status::Error(sqlstate::kGroupingError,
                           "aggregate functions are not allowed in GROUP BY", g->location);
    }
    if (HasMarker(*b, Marker::kWindow)) {
      return Status::Error(sqlstate::kWindowingError,
                           "window functions are not allowed in GROUP BY", g->location);
    }
    bool dup = false;
    for (const auto& x : st->group_exprs) dup = dup || BoundEqual(*x, *b);
    if (!dup) st->group_exprs.push_back(std::move(b));
  }

  // ---- HAVING
  BoundExprPtr having;
  if (stmt.having) {
    ExprState hes;
    hes.clause = Clause::kHaving;
    KAPPA_ASSIGN_OR_RETURN(having, BindCondition(*stmt.having, st, hes, "HAVING"));
    if (HasMarker(*having, Marker::kWindow)) {
      return Status::Error(sqlstate::kWindowingError, "window functions are not allowed in HAVING",
                           stmt.having->location);
    }
  }

  // ---- ORDER BY: output names and ordinals first, then input expressions
  std::vector<OrderTarget> order;
  for (const auto& item : stmt.order_by) {
    OrderTarget ot;
    ot.descending = item.descending;
    ot.nulls_first = item.nulls_first.has_value() ? *item.nulls_first : item.descending;
    ot.location = item.expr->location;
    const ast::Expr& x = *item.expr;
    if (IsIntegerLiteral(x)) {
      long k = std::strtol(x.literal.c_str(), nullptr, 10);
      if (k < 1 || k > static_cast<long>(sel.size())) {
        return Status::Error(sqlstate::kInvalidColumnReference,
                             "ORDER BY position " + x.literal + " is not in select list",
                             x.location);
      }
      ot.select_index = static_cast<int>(k - 1);
    } else if (IsNonIntegerConstant(x)) {
      return Status::Error(sqlstate::kSyntaxError, "non-integer constant in ORDER BY",
                           x.location);
    } else {
      int index = -1;
      if (IsBareName(x)) {
        KAPPA_RETURN_IF_ERROR(output_by_name(x.name[0], "ORDER BY", x.location, &index));
      }
      if (index >= 0) {
        ot.select_index = index;
      } else {
        ExprState oes;
        oes.clause = Clause::kOrderBy;
        KAPPA_ASSIGN_OR_RETURN(ot.expr, BindExpr(x, st, oes));
      }
    }
    order.push_back(std::move(ot));
  }

  // ---- aggregation
  if (NeedsAggregation(stmt, *st)) {
    for (auto& e : sel) KAPPA_RETURN_IF_ERROR(CheckGrouped(&e, st));
    if (having) KAPPA_RETURN_IF_ERROR(CheckGrouped(&having, st));
    for (auto& o : order) {
      if (o.expr) KAPPA_RETURN_IF_ERROR(CheckGrouped(&o.expr, st));
    }
    for (auto& w : st->windows) {
      for (auto& p : w.partition) KAPPA_RETURN_IF_ERROR(CheckGrouped(&p, st));
      for (auto& k : w.order) KAPPA_RETURN_IF_ERROR(CheckGrouped(&k.expr, st));
    }
    KAPPA_ASSIGN_OR_RETURN(plan, BuildAggregate(std::move(plan), st));
    for (auto& e : sel) RemapAfterAggregate(e.get(), st);
    if (having) RemapAfterAggregate(having.get(), st);
    for (auto& o : order) {
      if (o.expr) RemapAfterAggregate(o.expr.get(), st);
    }
    for (auto& w : st->windows) {
      for (auto& p : w.partition) RemapAfterAggregate(p.get(), st);
      for (auto& k : w.order) RemapAfterAggregate(k.expr.get(), st);
    }
  }
  if (having) {
    KAPPA_RETURN_IF_ERROR(Place(&having, st, &plan));
    plan = MakeFilter(std::move(plan), std::move(having));
  }
  KAPPA_ASSIGN_OR_RETURN(plan, BuildWindows(std::move(plan), st));

  // ---- projection (select list + hidden ORDER BY columns)
  for (auto& e : sel) KAPPA_RETURN_IF_ERROR(Place(&e, st, &plan));
  std::vector<SortKey> sort_keys;
  const int visible = static_cast<int>(sel.size());
  for (auto& o : order) {
    if (o.select_index < 0) {
      KAPPA_RETURN_IF_ERROR(Place(&o.expr, st, &plan));
      for (int i = 0; i < static_cast<int>(sel.size()); ++i) {
        if (BoundEqual(*sel[i], *o.expr)) {
          o.select_index = i;
          break;
        }
      }
      if (o.select_index < 0) {
        if (stmt.distinct) {
          return Status::Error(sqlstate::kInvalidColumnReference,
                               "for SELECT DISTINCT, ORDER BY expressions must appear in select "
                               "list",
                               o.location);
        }
        o.select_index = static_cast<int>(sel.size());
        sel.push_back(std::move(o.expr));
        names.push_back("?column?");
      }
    }
    DataType t = sel[o.select_index]->type;
    sort_keys.push_back(
        SortKey{BoundExpr::ColumnRef(o.select_index, t), o.descending, o.nulls_first});
  }
  plan = MakeProject(std::move(plan), std::move(sel), std::move(names));
  if (stmt.distinct) {
    auto d = std::make_unique<LogicalPlan>(LogicalKind::kDistinct);
    d->columns = plan->columns;
    d->children.push_back(std::move(plan));
    plan = std::move(d);
  }
  if (!sort_keys.empty()) {
    auto s = std::make_unique<LogicalPlan>(LogicalKind::kSort);
    s->columns = plan->columns;
    s->sort_keys = std::move(sort_keys);
    s->children.push_back(std::move(plan));
    plan = std::move(s);
  }
  KAPPA_RETURN_IF_ERROR(BindLimitOffset(stmt, &plan));
  if (static_cast<int>(plan->columns.size()) > visible) {
    plan = MakeTruncatingProject(std::move(plan), visible);
  }
  return plan;
}

}  // namespace kappa::binder
