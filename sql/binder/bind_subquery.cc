// Subqueries in expressions, planned as joins (no nested-loop evaluation):
//
// - Uncorrelated scalar subquery: joined once (cross join) to the block's
//   input. Unless the subquery is a global aggregate (always one row), it is
//   wrapped in Aggregate(count(*), min(x)) and its value read through
//   __single_row(count, value), which fails with 21000 "more than one row
//   returned by a subquery used as an expression" when count > 1 — the
//   check runs only for outer rows that exist, like PostgreSQL's.
// - Correlated scalar subquery whose WHERE correlates by equalities
//   (inner_expr = outer_expr): LEFT JOIN to the subquery grouped by the
//   inner expressions. With aggregates, the select expression is evaluated
//   over the joined aggregate columns, count() values of missing groups
//   read as 0 (as over an empty input). Without aggregates, the grouped
//   count/min pair and __single_row as above.
// - Top-level WHERE conjuncts [NOT] EXISTS and IN / = ANY (semi join),
//   NOT IN / <> ALL (null-aware anti join; uncorrelated only): the correlated
//   equalities become join keys, other correlated conjuncts the join's
//   residual.
// - EXISTS elsewhere (select list, OR, HAVING): a count over the subquery
//   (grouped by the correlation keys) joined like a scalar subquery.
// - Uncorrelated IN elsewhere: a "mark join" built from two joins (see
//   BindInSubqueryExpr).
// Everything else that references an outer query (outer references in the
// select list, GROUP BY, LIMIT, set operations, more than one level up,
// correlated IN inside OR) fails with 0A000 rather than giving a wrong answer.
#include "executor/aggregate_function.h"
#include "sql/binder/query_binder.h"

namespace kappa::binder {

namespace {

Status SingleRowFn(const Column* const* args, size_t num_args, size_t num_rows, Column* out,
                   const FunctionContext& ctx) {
  const Column& count = *args[0];
  for (size_t r = 0; r < num_rows; ++r) {
    if (!count.IsNull(r) && count.ints[r] > 1) {
      return Status::Error(sqlstate::kCardinalityViolation,
                           "more than one row returned by a subquery used as an expression");
    }
  }
  DataType t = out->type;
  *out = *args[1];
  out->type = t;
  return Status::OK();
}

const ScalarFunction kSingleRowFunction{
    "__single_row", {DataType(TypeId::kInt64), DataType(TypeId::kUnknown)},
    DataType(TypeId::kUnknown), &SingleRowFn, false, false};

// __single_row(count, value), typed `type` (min() may have widened the
// value, e.g. varchar -> text).
BoundExprPtr SingleRowValue(BoundExprPtr count, BoundExprPtr value, const DataType& type) {
  auto f = std::make_unique<BoundExpr>(BoundExprKind::kFunction, value->type);
  f->function = &kSingleRowFunction;
  f->function_name = "__single_row";
  f->children.push_back(std::move(count));
  f->children.push_back(std::move(value));
  if (f->type != type) return MakeCast(std::move(f), type);
  return f;
}

bool AstHasAggregate(const ast::Expr& e) {
  if (e.kind == ast::ExprKind::kFunction && e.over == nullptr) {
    std::string name = e.func_name;
    if (name.rfind("pg_catalog.", 0) == 0) name = name.substr(11);
    if (IsAggregateName(name)) return true;
  }
  for (const auto& c : e.children) {
    if (AstHasAggregate(*c)) return true;
  }
  if (e.case_operand && AstHasAggregate(*e.case_operand)) return true;
  if (e.case_else && AstHasAggregate(*e.case_else)) return true;
  for (const auto& w : e.when_clauses) {
    if (AstHasAggregate(*w.when) || AstHasAggregate(*w.then)) return true;
  }
  return false;
}

bool AstHasWindow(const ast::Expr& e) {
  if (e.kind == ast::ExprKind::kFunction && e.over != nullptr) return true;
  for (const auto& c : e.children) {
    if (AstHasWindow(*c)) return true;
  }
  return false;
}

bool IsSimpleBlock(const ast::SelectStmt& q) {
  return q.set_op == ast::SetOp::kNone && q.values_rows.empty() && q.ctes.empty();
}

// Replaces Marker::kOuter references by the outer input column they name.
void ResolveOuterMarkers(BoundExpr* e) {
  if (e->kind == BoundExprKind::kColumnRef && MarkerOf(e->column_index) == Marker::kOuter) {
    e->column_index = MarkerOrdinal(e->column_index);
    return;
  }
  for (auto& c : e->children) ResolveOuterMarkers(c.get());
}

bool OnlyInner(const BoundExpr& e) {
  bool ok = true;
  VisitExpr(e, [&](const BoundExpr& n) {
    if (n.kind == BoundExprKind::kColumnRef && MarkerOf(n.column_index) != Marker::kNone) {
      ok = false;
    }
    return ok;
  });
  return ok && HasInputColumns(e);
}

bool OnlyOuter(const BoundExpr& e) {
  bool ok = true;
  VisitExpr(e, [&](const BoundExpr& n) {
    if (n.kind == BoundExprKind::kColumnRef && MarkerOf(n.column_index) != Marker::kOuter) {
      ok = false;
    }
    if (n.kind == BoundExprKind::kFunction && n.function != nullptr && n.function->volatile_fn) {
      ok = false;
    }
    return ok;
  });
  return ok && HasMarker(e, Marker::kOuter);
}

// A subquery plan that always yields exactly one row: a global aggregate.
bool AlwaysOneRow(const LogicalPlan& p) {
  const LogicalPlan* x = &p;
  while (x->kind == LogicalKind::kProject) x = x->children[0].get();
  return x->kind == LogicalKind::kAggregate && x->group_exprs.empty();
}

Status Unsupported(const char* what, int location) {
  return Status::NotSupported(std::string(what), location);
}

}  // namespace

// The correlated form of a simple subquery block: FROM + uncorrelated WHERE
// conjuncts as `plan`, the correlating equalities as key pairs, the other
// correlated conjuncts as residual (over [outer input | plan]).
struct CorrelatedBlock {
  BlockState st;
  LogicalPlanPtr plan;
  bool correlated = false;
  std::vector<BoundExprPtr> outer_keys;  // over the outer input
  std::vector<BoundExprPtr> inner_keys;  // over plan
  std::vector<BoundExprPtr> residual;    // inner columns + Marker::kOuter
};

namespace {

Status SplitCorrelation(QueryBinder* b, CorrelatedBlock* cb, int location) {
  for (auto& c : cb->st.correlated) {
    if (HasMarker(*c, Marker::kSubquery) || HasMarker(*c, Marker::kAggregate)) {
      return Unsupported("subqueries inside correlated conditions are not supported", location);
    }
    if (c->kind == BoundExprKind::kFunction && c->function_name == "=" &&
        c->children.size() == 2) {
      BoundExpr* in = nullptr;
      BoundExpr* out = nullptr;
      if (OnlyInner(*c->children[0]) && OnlyOuter(*c->children[1])) {
        in = c->children[0].get();
        out = c->children[1].get();
      } else if (OnlyOuter(*c->children[0]) && OnlyInner(*c->children[1])) {
        in = c->children[1].get();
        out = c->children[0].get();
      }
      if (in != nullptr) {
        auto common = CommonType({in->type, out->type}, "=");
        if (common.ok()) {
          BoundExprPtr ik = in->Clone();
          BoundExprPtr ok = out->Clone();
          ResolveOuterMarkers(ok.get());
          KAPPA_ASSIGN_OR_RETURN(ik, b->Coerce(std::move(ik), *common, CastContext::kImplicit));
          KAPPA_ASSIGN_OR_RETURN(ok, b->Coerce(std::move(ok), *common, CastContext::kImplicit));
          cb->inner_keys.push_back(std::move(ik));
          cb->outer_keys.push_back(std::move(ok));
          continue;
        }
      }
    }
    cb->residual.push_back(std::move(c));
  }
  cb->st.correlated.clear();
  return Status::OK();
}

}  // namespace

// Binds FROM/WHERE of a simple subquery block with `outer` visible.
static Result<std::unique_ptr<CorrelatedBlock>> BindCorrelated(QueryBinder* b,
                                                               const ast::SelectStmt& q,
                                                               BlockState* outer, int depth) {
  auto cb = std::make_unique<CorrelatedBlock>();
  cb->st.outer = outer;
  KAPPA_ASSIGN_OR_RETURN(cb->plan, b->BindFromWhere(q, &cb->st, depth));
  cb->correlated = !cb->st.correlated.empty();
  if (cb->correlated) KAPPA_RETURN_IF_ERROR(SplitCorrelation(b, cb.get(), q.location));
  return cb;
}

// An uncorrelated subquery plan (any query form). Outer references outside
// WHERE equalities are rejected.
static Result<LogicalPlanPtr> BindUncorrelated(QueryBinder* b, const ast::SelectStmt& q,
                                               CorrelatedBlock* cb, BlockState* outer,
                                               int depth) {
  LogicalPlanPtr plan;
  if (cb != nullptr) {
    KAPPA_ASSIGN_OR_RETURN(plan, b->FinishSelectBlock(q, &cb->st, std::move(cb->plan), depth));
  } else {
    KAPPA_ASSIGN_OR_RETURN(plan, b->BindQueryNode(q, outer, depth));
  }
  if (PlanHasMarker(plan.get(), Marker::kOuter)) {
    return Status::NotSupported(
        "correlated subqueries are only supported with the outer references in WHERE "
        "equalities (inner = outer)",
        q.location);
  }
  KAPPA_RETURN_IF_ERROR(b->ResolveUnknownOutputs(&plan));
  return plan;
}

Status QueryBinder::Place(BoundExprPtr* e, BlockState* st, LogicalPlanPtr* plan) {
  BoundExpr& x = **e;
  if (x.kind == BoundExprKind::kColumnRef) {
    const Marker m = MarkerOf(x.column_index);
    const int ord = MarkerOrdinal(x.column_index);
    if (m == Marker::kWindow) {
      if (st->windows[ord].column < 0) return Status::Internal("window used before planning");
      x.column_index = st->windows[ord].column;
    } else if (m == Marker::kSubquery) {
      PendingSubquery& p = st->subqueries[ord];
      if (p.column < 0) {
        for (auto& k : p.outer_keys) KAPPA_RETURN_IF_ERROR(Place(&k, st, plan));
        const int n = static_cast<int>((*plan)->columns.size());
        BoundExprPtr value = std::move(p.value);
        auto joined = MakeJoin(std::move(*plan), std::move(p.plan), p.join_type,
                               std::move(p.outer_keys), std::move(p.inner_keys), nullptr);
        if (value->kind == BoundExprKind::kColumnRef &&
            MarkerOf(value->column_index) == Marker::kNone) {
          p.column = n + value->column_index;
          *plan = std::move(joined);
        } else {
          ShiftColumns(value.get(), n);
          std::vector<BoundExprPtr> exprs;
          std::vector<std::string> names;
          for (int i = 0; i < n; ++i) {
            exprs.push_back(BoundExpr::ColumnRef(i, joined->columns[i].type));
            names.push_back(joined->columns[i].name);
          }
          exprs.push_back(std::move(value));
          names.push_back("?column?");
          *plan = MakeProject(std::move(joined), std::move(exprs), std::move(names));
          p.column = n;
        }
      }
      x.column_index = p.column;
    }
    return Status::OK();
  }
  for (auto& c : x.children) KAPPA_RETURN_IF_ERROR(Place(&c, st, plan));
  return Status::OK();
}

namespace {

// Aggregate(group `keys`; count(*), min(value)) for the single-row check.
Result<LogicalPlanPtr> CountMinAggregate(LogicalPlanPtr input, std::vector<BoundExprPtr> keys,
                                         BoundExprPtr value) {
  auto node = std::make_unique<LogicalPlan>(LogicalKind::kAggregate);
  for (auto& k : keys) {
    node->columns.push_back(LogicalColumn{"?column?", k->type, true});
    node->group_exprs.push_back(std::move(k));
  }
  KAPPA_ASSIGN_OR_RETURN(auto count, ResolveAggregate("count", {}));
  LogicalAggregate c;
  c.agg = count;
  c.name = "count(*)";
  node->columns.push_back(LogicalColumn{"count", count.return_type, false});
  node->aggregates.push_back(std::move(c));
  auto min = ResolveAggregate("min", {value->type});
  if (!min.ok() && value->type.id == TypeId::kBool) min = ResolveAggregate("bool_and", {value->type});
  if (!min.ok()) {
    return Status::NotSupported("scalar subqueries returning type " + TypeName(value->type) +
                                " are not supported yet");
  }
  LogicalAggregate m;
  m.agg = *min;
  m.name = "min";
  if (value->type != min->input_type) value = MakeCast(std::move(value), min->input_type);
  m.arg = std::move(value);
  node->columns.push_back(LogicalColumn{"min", min->return_type, true});
  node->aggregates.push_back(std::move(m));
  node->children.push_back(std::move(input));
  return node;
}

}  // namespace

Result<BoundExprPtr> QueryBinder::BindScalarSubquery(const ast::Expr& e, BlockState* st,
                                                     ExprState es) {
  if (st == nullptr || es.clause == Clause::kRow || es.clause == Clause::kJoinOn) {
    return Status::NotSupported(std::string("subqueries are not supported in ") +
                                    ClauseName(es.clause) + " yet",
                                e.location);
  }
  const ast::SelectStmt& q = *e.subquery;
  PendingSubquery p;
  std::unique_ptr<CorrelatedBlock> cb;
  if (IsSimpleBlock(q)) {
    KAPPA_ASSIGN_OR_RETURN(cb, BindCorrelated(this, q, st, 0));
  }
  if (cb == nullptr || !cb->correlated) {
    KAPPA_ASSIGN_OR_RETURN(auto plan, BindUncorrelated(this, q, cb.get(), st, 0));
    if (plan->columns.size() != 1) {
      return Status::Error(sqlstate::kSyntaxError, "subquery must return only one column",
                           e.location);
    }
    if (AlwaysOneRow(*plan)) {
      p.value = BoundExpr::ColumnRef(0, plan->columns[0].type);
      p.plan = std::move(plan);
    } else {
      DataType t = plan->columns[0].type;
      KAPPA_ASSIGN_OR_RETURN(p.plan, CountMinAggregate(std::move(plan), {},
                                                       BoundExpr::ColumnRef(0, t)));
      p.value = SingleRowValue(BoundExpr::ColumnRef(0, DataType(TypeId::kInt64)),
                               BoundExpr::ColumnRef(1, p.plan->columns[1].type), t);
    }
    p.join_type = LogicalJoinType::kInner;
  } else {
    // Correlated by equalities.
    if (!cb->residual.empty()) {
      return Unsupported("correlated scalar subqueries are only supported when correlated by "
                         "equalities (inner = outer) combined with AND",
                         e.location);
    }
    if (!q.group_by.empty() || q.having || q.distinct || q.limit || q.offset ||
        !q.distinct_on.empty()) {
      return Unsupported("correlated scalar subqueries with GROUP BY, HAVING, DISTINCT, LIMIT "
                         "or OFFSET are not supported",
                         e.location);
    }
    if (q.targets.size() != 1 || q.targets[0].expr->kind == ast::ExprKind::kStar) {
      return Status::Error(sqlstate::kSyntaxError, "subquery must return only one column",
                           e.location);
    }
    const ast::Expr& target = *q.targets[0].expr;
    if (AstHasWindow(target)) {
      return Unsupported("window functions in correlated subqueries are not supported",
                         e.location);
    }
    ExprState tes;
    tes.clause = Clause::kSelect;
    KAPPA_ASSIGN_OR_RETURN(auto value, BindExpr(target, &cb->st, tes));
    if (HasMarker(*value, Marker::kOuter) || HasMarker(*value, Marker::kSubquery)) {
      return Unsupported("outer references or subqueries in the select list of a correlated "
                         "subquery are not supported",
                         e.location);
    }
    const int nkeys = static_cast<int>(cb->inner_keys.size());
    if (!cb->st.aggregates.empty()) {
      // Like PostgreSQL, no GROUP BY: only aggregates may be used.
      KAPPA_RETURN_IF_ERROR(CheckGrouped(&value, &cb->st));
      auto agg = std::make_unique<LogicalPlan>(LogicalKind::kAggregate);
      for (auto& k : cb->inner_keys) {
        agg->columns.push_back(LogicalColumn{"?column?", k->type, true});
        agg->group_exprs.push_back(std::move(k));
      }
      for (size_t i = 0; i < cb->st.aggregates.size(); ++i) {
        auto& a = cb->st.aggregates[i];
        agg->columns.push_back(LogicalColumn{cb->st.aggregate_names[i], a.agg.return_type, true});
      }
      // Aggregate markers -> joined columns; count() of a missing group is 0.
      std::vector<bool> is_count;
      for (auto& a : cb->st.aggregates) {
        is_count.push_back(a.agg.kind == AggregateKind::kCount ||
                           a.agg.kind == AggregateKind::kCountStar);
      }
      std::function<void(BoundExprPtr*)> remap = [&](BoundExprPtr* x) {
        BoundExpr& n = **x;
        if (n.kind == BoundExprKind::kColumnRef &&
            MarkerOf(n.column_index) == Marker::kAggregate) {
          int a = MarkerOrdinal(n.column_index);
          n.column_index = nkeys + a;
          if (is_count[a]) {
            auto c = std::make_unique<BoundExpr>(BoundExprKind::kCoalesce, n.type);
            c->children.push_back(std::move(*x));
            c->children.push_back(BoundExpr::Constant(Value::Int(TypeId::kInt64, 0)));
            *x = std::move(c);
          }
          return;
        }
        for (auto& ch : n.children) remap(&ch);
      };
      remap(&value);
      for (auto& a : cb->st.aggregates) {
        if (a.arg) KAPPA_RETURN_IF_ERROR(Place(&a.arg, &cb->st, &cb->plan));
        if (a.filter) KAPPA_RETURN_IF_ERROR(Place(&a.filter, &cb->st, &cb->plan));
        agg->aggregates.push_back(std::move(a));
      }
      agg->children.push_back(std::move(cb->plan));
      p.plan = std::move(agg);
      p.value = std::move(value);
    } else {
      KAPPA_RETURN_IF_ERROR(Place(&value, &cb->st, &cb->plan));
      if (value->type.id == TypeId::kUnknown) {
        KAPPA_ASSIGN_OR_RETURN(value, Coerce(std::move(value), DataType(TypeId::kText),
                                             CastContext::kImplicit));
      }
      const DataType vt = value->type;
      KAPPA_ASSIGN_OR_RETURN(p.plan, CountMinAggregate(std::move(cb->plan),
                                                       std::move(cb->inner_keys),
                                                       std::move(value)));
      p.value = SingleRowValue(BoundExpr::ColumnRef(nkeys, DataType(TypeId::kInt64)),
                               BoundExpr::ColumnRef(nkeys + 1, p.plan->columns[nkeys + 1].type),
                               vt);
    }
    for (int i = 0; i < nkeys; ++i) {
      p.inner_keys.push_back(BoundExpr::ColumnRef(i, p.plan->columns[i].type));
    }
    p.outer_keys = std::move(cb->outer_keys);
    p.join_type = LogicalJoinType::kLeft;
  }
  DataType type = p.value->type;
  st->subqueries.push_back(std::move(p));
  return MarkerRef(Marker::kSubquery, static_cast<int>(st->subqueries.size() - 1), type,
                   e.location);
}

Result<BoundExprPtr> QueryBinder::BindExistsExpr(const ast::Expr& e, BlockState* st,
                                                 ExprState es) {
  if (st == nullptr || es.clause == Clause::kRow || es.clause == Clause::kJoinOn) {
    return Status::NotSupported(std::string("subqueries are not supported in ") +
                                    ClauseName(es.clause) + " yet",
                                e.location);
  }
  const ast::SelectStmt& q = *e.subquery;
  std::unique_ptr<CorrelatedBlock> cb;
  if (IsSimpleBlock(q)) {
    KAPPA_ASSIGN_OR_RETURN(cb, BindCorrelated(this, q, st, 0));
  }
  PendingSubquery p;
  KAPPA_ASSIGN_OR_RETURN(auto count, ResolveAggregate("count", {}));
  auto agg = std::make_unique<LogicalPlan>(LogicalKind::kAggregate);
  int nkeys = 0;
  if (cb == nullptr || !cb->correlated) {
    KAPPA_ASSIGN_OR_RETURN(auto plan, BindUncorrelated(this, q, cb.get(), st, 0));
    agg->children.push_back(std::move(plan));
    p.join_type = LogicalJoinType::kInner;
  } else {
    if (!cb->residual.empty()) {
      return Unsupported("EXISTS correlated by non-equality conditions is only supported as a "
                         "top-level WHERE condition",
                         e.location);
    }
    for (const auto& t : q.targets) {
      if (t.expr->kind != ast::ExprKind::kStar && AstHasAggregate(*t.expr)) {
        return Unsupported("correlated EXISTS over an aggregate is not supported", e.location);
      }
    }
    if (!q.group_by.empty() || q.having || q.limit || q.offset) {
      return Unsupported("correlated EXISTS with GROUP BY, HAVING, LIMIT or OFFSET is not "
                         "supported",
                         e.location);
    }
    nkeys = static_cast<int>(cb->inner_keys.size());
    for (auto& k : cb->inner_keys) {
      agg->columns.push_back(LogicalColumn{"?column?", k->type, true});
      p.inner_keys.push_back(BoundExpr::ColumnRef(static_cast<int>(agg->group_exprs.size()),
                                                  k->type));
      agg->group_exprs.push_back(std::move(k));
    }
    p.outer_keys = std::move(cb->outer_keys);
    agg->children.push_back(std::move(cb->plan));
    p.join_type = LogicalJoinType::kLeft;
  }
  LogicalAggregate c;
  c.agg = count;
  c.name = "count(*)";
  agg->columns.push_back(LogicalColumn{"count", count.return_type, false});
  agg->aggregates.push_back(std::move(c));
  p.plan = std::move(agg);
  auto cnt = BoundExpr::ColumnRef(nkeys, DataType(TypeId::kInt64));
  BoundExprPtr value;
  if (p.join_type == LogicalJoinType::kLeft) {
    value = std::make_unique<BoundExpr>(BoundExprKind::kIsNull, DataType(TypeId::kBool));
    value->negated = !e.negated;  // a matching group exists
    value->children.push_back(std::move(cnt));
  } else {
    std::vector<BoundExprPtr> args;
    args.push_back(std::move(cnt));
    args.push_back(BoundExpr::Constant(Value::Int(TypeId::kInt64, 0)));
    KAPPA_ASSIGN_OR_RETURN(value, CallFunction(e.negated ? "=" : ">", std::move(args),
                                               e.location));
  }
  p.value = std::move(value);
  st->subqueries.push_back(std::move(p));
  return MarkerRef(Marker::kSubquery, static_cast<int>(st->subqueries.size() - 1),
                   DataType(TypeId::kBool), e.location);
}

// IN (subquery) where a semi join cannot be used (inside OR, in the select
// list, ...), uncorrelated only: the three-valued result is computed from
// two joins, like a mark join:
//   m    = x has a match (LEFT JOIN to the subquery's distinct values)
//   code = 0 if the subquery is empty, 1 if it has a NULL, else 2
//   x IN (...) = CASE WHEN m THEN true WHEN code = 0 THEN false
//                     WHEN x IS NULL OR code = 1 THEN NULL ELSE false END
Result<BoundExprPtr> QueryBinder::BindInSubqueryExpr(const ast::Expr& e, BlockState* st,
                                                     ExprState es) {
  bool negated = e.negated;
  if (e.kind == ast::ExprKind::kAnyAll) {
    if (e.op == "=" && !e.is_all) {
      negated = false;
    } else if ((e.op == "<>" || e.op == "!=") && e.is_all) {
      negated = true;
    } else {
      return Status::NotSupported("op ANY/ALL (subquery) is only supported as = ANY and <> ALL",
                                  e.location);
    }
  }
  if (st == nullptr || es.clause == Clause::kRow || es.clause == Clause::kJoinOn) {
    return Status::NotSupported(std::string("subqueries are not supported in ") +
                                    ClauseName(es.clause) + " yet",
                                e.location);
  }
  if (e.children[0]->kind == ast::ExprKind::kRow) {
    return Unsupported("row IN (subquery) is only supported as a top-level condition of WHERE",
                       e.location);
  }
  KAPPA_ASSIGN_OR_RETURN(auto x, BindExpr(*e.children[0], st, es));
  const ast::SelectStmt& q = *e.subquery;
  std::unique_ptr<CorrelatedBlock> cb;
  if (IsSimpleBlock(q)) {
    KAPPA_ASSIGN_OR_RETURN(cb, BindCorrelated(this, q, st, 0));
    if (cb->correlated) {
      return Unsupported("correlated IN (subquery) is only supported as a top-level condition "
                         "of WHERE",
                         e.location);
    }
  }
  KAPPA_ASSIGN_OR_RETURN(auto plan, BindUncorrelated(this, q, cb.get(), st, 0));
  if (plan->columns.size() != 1) {
    return Status::Error(sqlstate::kSyntaxError,
                         plan->columns.size() > 1 ? "subquery has too many columns"
                                                  : "subquery has too few columns",
                         e.location);
  }
  auto common = CommonType({x->type, plan->columns[0].type}, "IN");
  if (!common.ok()) {
    auto eq = ResolveScalarFunction("=", {x->type, plan->columns[0].type});
    Status s = eq.ok() ? common.status() : eq.status();
    s.WithPosition(e.location);
    return s;
  }
  KAPPA_ASSIGN_OR_RETURN(x, Coerce(std::move(x), *common, CastContext::kImplicit));
  KAPPA_ASSIGN_OR_RETURN(auto y, Coerce(BoundExpr::ColumnRef(0, plan->columns[0].type), *common,
                                        CastContext::kImplicit));
  KAPPA_ASSIGN_OR_RETURN(auto count, ResolveAggregate("count", {}));
  KAPPA_ASSIGN_OR_RETURN(auto count_x, ResolveAggregate("count", {*common}));
  const DataType i8(TypeId::kInt64);

  // code: 0 empty, 1 has NULL, 2 otherwise.
  PendingSubquery stats;
  {
    auto agg = std::make_unique<LogicalPlan>(LogicalKind::kAggregate);
    LogicalAggregate all;
    all.agg = count;
    all.name = "count(*)";
    LogicalAggregate nonnull;
    nonnull.agg = count_x;
    nonnull.name = "count";
    nonnull.arg = y->Clone();
    agg->columns.push_back(LogicalColumn{"count", i8, false});
    agg->columns.push_back(LogicalColumn{"count", i8, false});
    agg->aggregates.push_back(std::move(all));
    agg->aggregates.push_back(std::move(nonnull));
    agg->children.push_back(ClonePlan(*plan));
    stats.plan = std::move(agg);
    auto code = std::make_unique<BoundExpr>(BoundExprKind::kCase, DataType(TypeId::kInt32));
    code->has_else = true;
    std::vector<BoundExprPtr> a1;
    a1.push_back(BoundExpr::ColumnRef(0, i8));
    a1.push_back(BoundExpr::Constant(Value::Int(TypeId::kInt64, 0)));
    KAPPA_ASSIGN_OR_RETURN(auto empty, CallFunction("=", std::move(a1), e.location));
    std::vector<BoundExprPtr> a2;
    a2.push_back(BoundExpr::ColumnRef(0, i8));
    a2.push_back(BoundExpr::ColumnRef(1, i8));
    KAPPA_ASSIGN_OR_RETURN(auto has_null, CallFunction(">", std::move(a2), e.location));
    code->children.push_back(std::move(empty));
    code->children.push_back(BoundExpr::Constant(Value::Int(TypeId::kInt32, 0)));
    code->children.push_back(std::move(has_null));
    code->children.push_back(BoundExpr::Constant(Value::Int(TypeId::kInt32, 1)));
    code->children.push_back(BoundExpr::Constant(Value::Int(TypeId::kInt32, 2)));
    stats.value = std::move(code);
    stats.join_type = LogicalJoinType::kInner;
  }
  // m: a match for x among the subquery's values.
  PendingSubquery match;
  {
    auto agg = std::make_unique<LogicalPlan>(LogicalKind::kAggregate);
    agg->columns.push_back(LogicalColumn{"?column?", *common, true});
    agg->columns.push_back(LogicalColumn{"count", i8, false});
    agg->group_exprs.push_back(std::move(y));
    LogicalAggregate all;
    all.agg = count;
    all.name = "count(*)";
    agg->aggregates.push_back(std::move(all));
    agg->children.push_back(std::move(plan));
    match.plan = std::move(agg);
    match.outer_keys.push_back(x->Clone());
    match.inner_keys.push_back(BoundExpr::ColumnRef(0, *common));
    auto m = std::make_unique<BoundExpr>(BoundExprKind::kIsNull, DataType(TypeId::kBool));
    m->negated = true;
    m->children.push_back(BoundExpr::ColumnRef(1, i8));
    match.value = std::move(m);
    match.join_type = LogicalJoinType::kLeft;
  }
  st->subqueries.push_back(std::move(stats));
  auto code_ref = MarkerRef(Marker::kSubquery, static_cast<int>(st->subqueries.size() - 1),
                            DataType(TypeId::kInt32), e.location);
  st->subqueries.push_back(std::move(match));
  auto m_ref = MarkerRef(Marker::kSubquery, static_cast<int>(st->subqueries.size() - 1),
                         DataType(TypeId::kBool), e.location);

  auto code_is = [&](int v) -> Result<BoundExprPtr> {
    std::vector<BoundExprPtr> args;
    args.push_back(code_ref->Clone());
    args.push_back(BoundExpr::Constant(Value::Int(TypeId::kInt32, v)));
    return CallFunction("=", std::move(args), e.location);
  };
  auto result = std::make_unique<BoundExpr>(BoundExprKind::kCase, DataType(TypeId::kBool));
  result->location = e.location;
  result->has_else = true;
  result->children.push_back(std::move(m_ref));
  result->children.push_back(BoundExpr::Constant(Value::Bool(!negated)));
  KAPPA_ASSIGN_OR_RETURN(auto is_empty, code_is(0));
  result->children.push_back(std::move(is_empty));
  result->children.push_back(BoundExpr::Constant(Value::Bool(negated)));
  auto unknown = std::make_unique<BoundExpr>(BoundExprKind::kOr, DataType(TypeId::kBool));
  auto x_null = std::make_unique<BoundExpr>(BoundExprKind::kIsNull, DataType(TypeId::kBool));
  x_null->children.push_back(std::move(x));
  unknown->children.push_back(std::move(x_null));
  KAPPA_ASSIGN_OR_RETURN(auto has_null, code_is(1));
  unknown->children.push_back(std::move(has_null));
  result->children.push_back(std::move(unknown));
  result->children.push_back(BoundExpr::Constant(Value::Null(DataType(TypeId::kBool))));
  result->children.push_back(BoundExpr::Constant(Value::Bool(negated)));
  return result;
}

Status QueryBinder::TryBindSemiJoin(const ast::Expr& conjunct, BlockState* st,
                                    LogicalPlanPtr* plan, int depth, bool* handled) {
  *handled = false;
  bool negated = false;
  const ast::Expr* x = &conjunct;
  if (x->kind == ast::ExprKind::kUnary && (x->op == "NOT" || x->op == "not")) {
    negated = true;
    x = x->children[0].get();
  }
  bool is_exists = false;
  if (x->kind == ast::ExprKind::kExists) {
    is_exists = true;
    negated = negated != x->negated;
  } else if (x->kind == ast::ExprKind::kInSubquery) {
    negated = negated != x->negated;
  } else if (x->kind == ast::ExprKind::kAnyAll && x->subquery != nullptr) {
    if (x->op == "=" && !x->is_all) {
      // = ANY is IN
    } else if ((x->op == "<>" || x->op == "!=") && x->is_all) {
      negated = !negated;  // <> ALL is NOT IN
    } else {
      return Status::OK();
    }
  } else {
    return Status::OK();
  }
  *handled = true;
  const ast::SelectStmt& q = *x->subquery;

  // Left side of IN.
  std::vector<BoundExprPtr> lhs;
  if (!is_exists) {
    ExprState es;
    es.clause = Clause::kWhere;
    const ast::Expr& l = *x->children[0];
    if (l.kind == ast::ExprKind::kRow) {
      for (const auto& c : l.children) {
        KAPPA_ASSIGN_OR_RETURN(auto b, BindExpr(*c, st, es));
        lhs.push_back(std::move(b));
      }
    } else {
      KAPPA_ASSIGN_OR_RETURN(auto b, BindExpr(l, st, es));
      lhs.push_back(std::move(b));
    }
    for (auto& b : lhs) {
      if (HasMarker(*b, Marker::kOuter)) {
        return Unsupported("outer references on the left of IN (subquery) are not supported",
                           x->location);
      }
      KAPPA_RETURN_IF_ERROR(Place(&b, st, plan));
    }
  }

  std::unique_ptr<CorrelatedBlock> cb;
  if (IsSimpleBlock(q)) {
    KAPPA_ASSIGN_OR_RETURN(cb, BindCorrelated(this, q, st, depth));
  }
  LogicalPlanPtr inner;
  std::vector<BoundExprPtr> inner_exprs;  // IN: the subquery's output expressions over inner
  std::vector<BoundExprPtr> outer_keys, inner_keys;
  BoundExprPtr residual;
  if (cb == nullptr || !cb->correlated) {
    KAPPA_ASSIGN_OR_RETURN(inner, BindUncorrelated(this, q, cb.get(), st, depth));
    for (size_t i = 0; i < inner->columns.size() && !is_exists; ++i) {
      inner_exprs.push_back(BoundExpr::ColumnRef(static_cast<int>(i), inner->columns[i].type));
    }
  } else {
    if (!is_exists && negated) {
      return Unsupported("correlated NOT IN (subquery) is not supported; use NOT EXISTS",
                         x->location);
    }
    if (!q.group_by.empty() || q.having || q.limit || q.offset || !q.distinct_on.empty()) {
      return Unsupported("correlated subqueries with GROUP BY, HAVING, LIMIT or OFFSET are not "
                         "supported",
                         x->location);
    }
    for (const auto& t : q.targets) {
      if (t.expr->kind != ast::ExprKind::kStar &&
          (AstHasAggregate(*t.expr) || AstHasWindow(*t.expr))) {
        return Unsupported("correlated subqueries over aggregates are not supported here",
                           x->location);
      }
    }
    if (!is_exists) {
      ExprState tes;
      tes.clause = Clause::kSelect;
      for (const auto& t : q.targets) {
        if (t.expr->kind == ast::ExprKind::kStar) {
          std::vector<std::string> names;
          KAPPA_RETURN_IF_ERROR(ExpandStar(*t.expr, &cb->st, &inner_exprs, &names));
          continue;
        }
        KAPPA_ASSIGN_OR_RETURN(auto b, BindExpr(*t.expr, &cb->st, tes));
        if (HasMarker(*b, Marker::kOuter)) {
          return Unsupported("outer references in the select list of a correlated subquery "
                             "are not supported",
                             x->location);
        }
        inner_exprs.push_back(std::move(b));
      }
      for (auto& b : inner_exprs) KAPPA_RETURN_IF_ERROR(Place(&b, &cb->st, &cb->plan));
    }
    inner = std::move(cb->plan);
    outer_keys = std::move(cb->outer_keys);
    inner_keys = std::move(cb->inner_keys);
    residual = MakeAnd(std::move(cb->residual));
  }

  if (!is_exists) {
    if (inner_exprs.size() > lhs.size()) {
      return Status::Error(sqlstate::kSyntaxError, "subquery has too many columns", x->location);
    }
    if (inner_exprs.size() < lhs.size()) {
      return Status::Error(sqlstate::kSyntaxError, "subquery has too few columns", x->location);
    }
    if (negated && lhs.size() > 1) {
      return Unsupported("NOT IN with a row on the left is not supported", x->location);
    }
    std::vector<BoundExprPtr> keys_out, keys_in;
    for (size_t i = 0; i < lhs.size(); ++i) {
      auto common = CommonType({lhs[i]->type, inner_exprs[i]->type}, "IN");
      if (!common.ok()) {
        // Report like PostgreSQL's operator lookup.
        std::vector<DataType> types{lhs[i]->type, inner_exprs[i]->type};
        auto eq = ResolveScalarFunction("=", types);
        Status s = eq.ok() ? common.status() : eq.status();
        s.WithPosition(x->location);
        return s;
      }
      KAPPA_ASSIGN_OR_RETURN(auto l, Coerce(std::move(lhs[i]), *common, CastContext::kImplicit));
      KAPPA_ASSIGN_OR_RETURN(auto r, Coerce(std::move(inner_exprs[i]), *common,
                                            CastContext::kImplicit));
      keys_out.push_back(std::move(l));
      keys_in.push_back(std::move(r));
    }
    for (auto& k : outer_keys) keys_out.push_back(std::move(k));
    for (auto& k : inner_keys) keys_in.push_back(std::move(k));
    outer_keys = std::move(keys_out);
    inner_keys = std::move(keys_in);
  }
  const int n = static_cast<int>((*plan)->columns.size());
  if (residual) {
    ShiftColumns(residual.get(), n);
    ResolveOuterMarkers(residual.get());
  }
  LogicalJoinType type = negated ? (is_exists ? LogicalJoinType::kAnti
                                              : LogicalJoinType::kAntiNullAware)
                                 : LogicalJoinType::kSemi;
  *plan = MakeJoin(std::move(*plan), std::move(inner), type, std::move(outer_keys),
                   std::move(inner_keys), std::move(residual));
  return Status::OK();
}

}  // namespace kappa::binder
