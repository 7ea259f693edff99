// Aggregates, grouping and window functions.
//
// While the select list, HAVING and ORDER BY are bound, an aggregate call is
// collected into BlockState::aggregates and replaced by a Marker::kAggregate
// reference; a window call likewise (Marker::kWindow). If the block
// aggregates, CheckGrouped then rewrites each expression so that it only
// uses group expressions (Marker::kGroup) and aggregates — PostgreSQL's
// check_ungrouped_columns, including the rule that a column is allowed when
// the primary key of its table is grouped — and RemapAfterAggregate turns
// markers into columns of the Aggregate node (groups first, then
// aggregates).
#include "executor/aggregate_function.h"
#include "sql/binder/query_binder.h"

namespace kappa::binder {

bool QueryBinder::NeedsAggregation(const ast::SelectStmt& stmt, const BlockState& st) const {
  return !st.aggregates.empty() || !st.group_exprs.empty() || stmt.having != nullptr;
}

Result<BoundExprPtr> QueryBinder::BindAggregateCall(const ast::Expr& e, BlockState* st,
                                                    ExprState es) {
  std::string name = e.func_name;
  if (name.rfind("pg_catalog.", 0) == 0) name = name.substr(11);
  const bool allowed = es.clause == Clause::kSelect || es.clause == Clause::kHaving ||
                       es.clause == Clause::kOrderBy || es.clause == Clause::kWindow;
  if (st != nullptr && st->outer != nullptr && !e.children.empty()) {
    // An aggregate over only outer columns belongs to the outer query
    // (PostgreSQL's rule); that is not supported.
    ExprState probe = es;
    probe.clause = Clause::kSelect;
    probe.in_aggregate = true;
    BlockState scratch;
    scratch.scope = st->scope;
    scratch.outer = st->outer;
    bool only_outer = true;
    for (const auto& a : e.children) {
      auto b = BindExpr(*a, &scratch, probe);
      if (!b.ok() || HasInputColumns(**b) || !HasMarker(**b, Marker::kOuter)) only_outer = false;
    }
    if (only_outer) {
      return Status::NotSupported("aggregates over columns of an outer query are not supported",
                                  e.location);
    }
  }
  if (!allowed || st == nullptr) {
    return Status::Error(sqlstate::kGroupingError,
                         std::string("aggregate functions are not allowed in ") +
                             ClauseName(es.clause),
                         e.location);
  }
  if (es.in_aggregate) {
    return Status::Error(sqlstate::kGroupingError, "aggregate function calls cannot be nested",
                         e.location);
  }
  ExprState aes = es;
  aes.in_aggregate = true;
  std::vector<BoundExprPtr> args;
  for (const auto& a : e.children) {
    KAPPA_ASSIGN_OR_RETURN(auto b, BindExpr(*a, st, aes));
    if (b->type.id == TypeId::kUnknown) {
      KAPPA_ASSIGN_OR_RETURN(b, Coerce(std::move(b), DataType(TypeId::kText),
                                       CastContext::kImplicit));
    }
    args.push_back(std::move(b));
  }
  std::vector<DataType> types;
  for (const auto& a : args) types.push_back(a->type);
  auto resolved = ResolveAggregate(name, types);
  if (!resolved.ok()) {
    Status s = resolved.status();
    s.WithPosition(e.location);
    return s;
  }
  LogicalAggregate la;
  la.agg = *resolved;
  la.distinct = e.agg_distinct;
  if (!args.empty()) {
    KAPPA_ASSIGN_OR_RETURN(la.arg, Coerce(std::move(args[0]), resolved->input_type,
                                          CastContext::kImplicit));
  }
  if (args.size() >= 2) la.arg2 = std::move(args[1]);
  if (e.agg_filter) {
    KAPPA_ASSIGN_OR_RETURN(la.filter, BindCondition(*e.agg_filter, st, aes, "FILTER"));
  }
  if (!e.agg_order_by.empty() && (resolved->kind == AggregateKind::kStringAgg ||
                                  resolved->kind == AggregateKind::kArrayAgg)) {
    return Status::NotSupported("ORDER BY inside " + name + "() is not supported yet",
                                e.location);
  }
  // Other aggregates do not depend on input order: ORDER BY is ignored.
  std::string label = name + "(";
  if (e.agg_distinct) label += "DISTINCT ";
  label += e.agg_star ? "*" : (la.arg ? la.arg->ToString() : "");
  if (la.arg2) label += ", " + la.arg2->ToString();
  label += ")";
  if (la.filter) label += " FILTER (WHERE " + la.filter->ToString() + ")";
  la.name = label;

  auto same = [](const BoundExprPtr& a, const BoundExprPtr& b) {
    if ((a == nullptr) != (b == nullptr)) return false;
    return a == nullptr || BoundEqual(*a, *b);
  };
  for (size_t i = 0; i < st->aggregates.size(); ++i) {
    const auto& x = st->aggregates[i];
    if (x.agg.kind == la.agg.kind && x.agg.input_type == la.agg.input_type &&
        x.agg.return_type == la.agg.return_type && x.distinct == la.distinct &&
        same(x.arg, la.arg) && same(x.arg2, la.arg2) && same(x.filter, la.filter)) {
      return MarkerRef(Marker::kAggregate, static_cast<int>(i), la.agg.return_type, e.location);
    }
  }
  DataType rt = la.agg.return_type;
  st->aggregates.push_back(std::move(la));
  st->aggregate_names.push_back(name);
  return MarkerRef(Marker::kAggregate, static_cast<int>(st->aggregates.size() - 1), rt,
                   e.location);
}

Result<BoundExprPtr> QueryBinder::BindWindowCall(const ast::Expr& e, BlockState* st,
                                                 ExprState es) {
  std::string name = e.func_name;
  if (name.rfind("pg_catalog.", 0) == 0) name = name.substr(11);
  if ((es.clause != Clause::kSelect && es.clause != Clause::kOrderBy) || st == nullptr) {
    return Status::Error(sqlstate::kWindowingError,
                         std::string("window functions are not allowed in ") +
                             ClauseName(es.clause),
                         e.location);
  }
  if (es.in_aggregate) {
    return Status::Error(sqlstate::kGroupingError,
                         "aggregate function calls cannot contain window function calls",
                         e.location);
  }
  if (es.in_window) {
    return Status::Error(sqlstate::kWindowingError, "window function calls cannot be nested",
                         e.location);
  }
  if (name != "row_number") {
    static const char* kWindowFunctions[] = {"rank",        "dense_rank", "percent_rank",
                                             "cume_dist",   "ntile",      "lag",
                                             "lead",        "first_value", "last_value",
                                             "nth_value"};
    bool known = IsAggregateName(name);
    for (const char* w : kWindowFunctions) known = known || name == w;
    if (!known) {
      return Status::Error(sqlstate::kWrongObjectType,
                           "OVER specified, but " + name +
                               " is not a window function nor an aggregate function",
                           e.location);
    }
    return Status::NotSupported("window function " + name +
                                    "() is not supported yet (only row_number())",
                                e.location);
  }
  if (!e.children.empty() || e.agg_star) {
    return Status::Error(sqlstate::kUndefinedFunction,
                         "function row_number() with arguments does not exist", e.location);
  }
  ExprState wes = es;
  wes.in_window = true;
  wes.clause = Clause::kWindow;
  WindowCall w;
  for (const auto& p : e.over->partition_by) {
    KAPPA_ASSIGN_OR_RETURN(auto b, BindExpr(*p, st, wes));
    w.partition.push_back(std::move(b));
  }
  for (const auto& o : e.over->order_by) {
    KAPPA_ASSIGN_OR_RETURN(auto b, BindExpr(*o.expr, st, wes));
    bool nulls_first = o.nulls_first.has_value() ? *o.nulls_first : o.descending;
    w.order.push_back(SortKey{std::move(b), o.descending, nulls_first});
  }
  st->windows.push_back(std::move(w));
  return MarkerRef(Marker::kWindow, static_cast<int>(st->windows.size() - 1),
                   DataType(TypeId::kInt64), e.location);
}

Status QueryBinder::CheckGrouped(BoundExprPtr* e, BlockState* st, int depth) {
  BoundExpr& x = **e;
  if (!HasInputColumns(x) && !HasMarker(x, Marker::kSubquery)) return Status::OK();
  for (size_t g = 0; g < st->group_exprs.size(); ++g) {
    if (BoundEqual(x, *st->group_exprs[g])) {
      *e = MarkerRef(Marker::kGroup, static_cast<int>(g), x.type, x.location);
      return Status::OK();
    }
  }
  if (x.kind == BoundExprKind::kColumnRef) {
    const Marker m = MarkerOf(x.column_index);
    if (m == Marker::kSubquery) {
      PendingSubquery& p = st->subqueries[MarkerOrdinal(x.column_index)];
      if (!p.post_passed) {
        p.post_passed = true;
        for (auto& k : p.outer_keys) KAPPA_RETURN_IF_ERROR(CheckGrouped(&k, st, depth + 1));
      }
      return Status::OK();
    }
    if (m != Marker::kNone) return Status::OK();
    const int idx = x.column_index;
    const ColumnOrigin* origin =
        idx < static_cast<int>(st->scope.origins.size()) ? &st->scope.origins[idx] : nullptr;
    if (origin != nullptr && !origin->key_columns.empty()) {
      // Functionally dependent on a grouped primary key: group by it too.
      bool all = true;
      for (int k : origin->key_columns) {
        bool grouped = false;
        for (const auto& g : st->group_exprs) {
          grouped = grouped || (g->kind == BoundExprKind::kColumnRef && g->column_index == k);
        }
        all = all && grouped;
      }
      if (all) {
        st->group_exprs.push_back(BoundExpr::ColumnRef(idx, x.type));
        *e = MarkerRef(Marker::kGroup, static_cast<int>(st->group_exprs.size() - 1), x.type,
                       x.location);
        return Status::OK();
      }
    }
    std::string qualified = origin != nullptr ? origin->qualified_name : "?";
    return Status::Error(sqlstate::kGroupingError,
                         "column \"" + qualified +
                             "\" must appear in the GROUP BY clause or be used in an aggregate "
                             "function",
                         x.location);
  }
  for (auto& c : x.children) KAPPA_RETURN_IF_ERROR(CheckGrouped(&c, st, depth + 1));
  return Status::OK();
}

void QueryBinder::RemapAfterAggregate(BoundExpr* e, BlockState* st) {
  if (e->kind == BoundExprKind::kColumnRef) {
    const Marker m = MarkerOf(e->column_index);
    const int ord = MarkerOrdinal(e->column_index);
    if (m == Marker::kGroup) {
      e->column_index = ord;
    } else if (m == Marker::kAggregate) {
      e->column_index = static_cast<int>(st->group_exprs.size()) + ord;
    } else if (m == Marker::kSubquery) {
      PendingSubquery& p = st->subqueries[ord];
      if (p.column < 0 && !p.remapped) {
        p.remapped = true;
        for (auto& k : p.outer_keys) RemapAfterAggregate(k.get(), st);
      }
    }
    return;
  }
  for (auto& c : e->children) RemapAfterAggregate(c.get(), st);
}

Result<LogicalPlanPtr> QueryBinder::BuildAggregate(LogicalPlanPtr plan, BlockState* st) {
  auto node = std::make_unique<LogicalPlan>(LogicalKind::kAggregate);
  for (const auto& g : st->group_exprs) {
    BoundExprPtr b = g->Clone();
    KAPPA_RETURN_IF_ERROR(Place(&b, st, &plan));
    std::string name = "?column?";
    if (b->kind == BoundExprKind::kColumnRef && b->column_index >= 0 &&
        b->column_index < static_cast<int>(plan->columns.size())) {
      name = plan->columns[b->column_index].name;
    }
    node->columns.push_back(LogicalColumn{name, b->type, true});
    node->group_exprs.push_back(std::move(b));
  }
  for (size_t i = 0; i < st->aggregates.size(); ++i) {
    auto& a = st->aggregates[i];
    LogicalAggregate la;
    la.agg = a.agg;
    la.distinct = a.distinct;
    la.name = a.name;
    la.arg = a.arg ? a.arg->Clone() : nullptr;
    la.arg2 = a.arg2 ? a.arg2->Clone() : nullptr;
    la.filter = a.filter ? a.filter->Clone() : nullptr;
    if (la.arg) KAPPA_RETURN_IF_ERROR(Place(&la.arg, st, &plan));
    if (la.arg2) KAPPA_RETURN_IF_ERROR(Place(&la.arg2, st, &plan));
    if (la.filter) KAPPA_RETURN_IF_ERROR(Place(&la.filter, st, &plan));
    const bool is_count = la.agg.kind == AggregateKind::kCount ||
                          la.agg.kind == AggregateKind::kCountStar;
    node->columns.push_back(LogicalColumn{st->aggregate_names[i], la.agg.return_type, !is_count});
    node->aggregates.push_back(std::move(la));
  }
  node->children.push_back(std::move(plan));
  return node;
}

Result<LogicalPlanPtr> QueryBinder::BuildWindows(LogicalPlanPtr plan, BlockState* st) {
  for (auto& w : st->windows) {
    auto node = std::make_unique<LogicalPlan>(LogicalKind::kWindow);
    for (auto& p : w.partition) {
      KAPPA_RETURN_IF_ERROR(Place(&p, st, &plan));
      node->partition_exprs.push_back(p->Clone());
    }
    for (auto& k : w.order) {
      KAPPA_RETURN_IF_ERROR(Place(&k.expr, st, &plan));
      node->sort_keys.push_back(SortKey{k.expr->Clone(), k.descending, k.nulls_first});
    }
    node->columns = plan->columns;
    node->columns.push_back(LogicalColumn{"row_number", DataType(TypeId::kInt64), false});
    w.column = static_cast<int>(plan->columns.size());
    node->children.push_back(std::move(plan));
    plan = std::move(node);
  }
  return plan;
}

}  // namespace kappa::binder
