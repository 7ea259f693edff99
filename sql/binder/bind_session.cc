// The SESSION window table function:
//   SESSION(t, ts, gap [, partition column, ...])
//   TABLE(SESSION(TABLE t PARTITION BY k, ..., DESCRIPTOR(ts), gap))   (Flink; the parser
//   appends the PARTITION BY columns after gap)
// t's columns, then window_start and window_end of ts's type (a kSession node,
// executor/session_window_operator.h). gap is a constant interval without
// months, > 0 (22023); ts must be a timestamp or timestamptz (42804);
// partition arguments must be columns of t (42703).
#include "executor/expression_evaluator.h"
#include "sql/binder/query_binder.h"

namespace kappa::binder {

Result<LogicalPlanPtr> QueryBinder::BindSessionFunction(const ast::TableRef& ref, Scope* scope,
                                                        int depth) {
  if (ref.func_args.size() < 3 || ref.func_args[0]->kind != ast::ExprKind::kColumnRef ||
      ref.func_args[1]->kind != ast::ExprKind::kColumnRef) {
    return Status::Error(sqlstate::kUndefinedFunction,
                         "SESSION expects (table, time column, gap interval[, partition "
                         "columns...])",
                         ref.location);
  }
  Scope inner;
  KAPPA_ASSIGN_OR_RETURN(auto plan, BindRelation(ref.func_args[0]->name,
                                                 ref.func_args[0]->location, "", {}, &inner,
                                                 depth));
  auto find_column = [&](const ast::Expr& arg) -> Result<const ScopeColumn*> {
    if (arg.kind != ast::ExprKind::kColumnRef) {
      return Status::Error(sqlstate::kUndefinedFunction,
                           "the partition arguments of SESSION must be columns", arg.location);
    }
    KAPPA_ASSIGN_OR_RETURN(const ScopeColumn* col,
                           inner.FindUnqualified(arg.name.back(), arg.location));
    if (col == nullptr) {
      return Status::Error(sqlstate::kUndefinedColumn,
                           "column \"" + arg.name.back() + "\" does not exist", arg.location);
    }
    return col;
  };
  KAPPA_ASSIGN_OR_RETURN(const ScopeColumn* col, find_column(*ref.func_args[1]));
  if (col->type.id != TypeId::kTimestamp && col->type.id != TypeId::kTimestampTz) {
    return Status::Error(sqlstate::kDatatypeMismatch,
                         "the time column of SESSION must be a timestamp, not " +
                             TypeName(col->type),
                         ref.func_args[1]->location);
  }
  const DataType time_type = col->type;
  const int time_index = col->index;

  // The gap: a constant interval > 0 without months.
  const ast::Expr& gap_arg = *ref.func_args[2];
  auto bad_gap = [&](const std::string& why) {
    return Status::Error(sqlstate::kInvalidParameterValue, "the gap of SESSION " + why,
                         gap_arg.location);
  };
  ExprState es;
  es.clause = Clause::kFunctionArg;
  auto bound = BindExpr(gap_arg, nullptr, es);
  if (!bound.ok()) {
    if (bound.status().sqlstate() == sqlstate::kUndefinedColumn) {
      return bad_gap("must be a constant interval");
    }
    return bound.status();
  }
  KAPPA_ASSIGN_OR_RETURN(auto iv, Coerce(std::move(bound).value(), DataType(TypeId::kInterval),
                                         CastContext::kImplicit));
  EvalContext ec;
  bool has_param = false;
  VisitExpr(*iv, [&](const BoundExpr& n) {
    if (n.kind == BoundExprKind::kParam) has_param = true;
    return !has_param;
  });
  if (has_param) {
    if (ctx_.param_values == nullptr) return bad_gap("must be a constant interval, not a parameter");
    ec.params = ctx_.param_values;
  }
  auto v = EvaluateConstant(*iv, ec);
  if (!v.ok()) {
    Status st = v.status();
    st.WithPosition(gap_arg.location);
    return st;
  }
  if (v->is_null) return bad_gap("must not be NULL");
  if (v->iv.months != 0) return bad_gap("must not contain months or years");
  int64_t gap_us;
  if (__builtin_mul_overflow(static_cast<int64_t>(v->iv.days), 86400LL * 1000000LL, &gap_us) ||
      __builtin_add_overflow(gap_us, v->iv.micros, &gap_us)) {
    return bad_gap("is out of range");
  }
  if (gap_us <= 0) return bad_gap("must be greater than zero");

  std::vector<int> partition;
  for (size_t i = 3; i < ref.func_args.size(); ++i) {
    KAPPA_ASSIGN_OR_RETURN(const ScopeColumn* pc, find_column(*ref.func_args[i]));
    partition.push_back(pc->index);
  }

  auto node = std::make_unique<LogicalPlan>(LogicalKind::kSession);
  node->columns = plan->columns;
  node->columns.push_back(
      LogicalColumn{"window_start", time_type, plan->columns[time_index].nullable});
  node->columns.push_back(
      LogicalColumn{"window_end", time_type, plan->columns[time_index].nullable});
  node->session_time_column = time_index;
  node->session_gap_us = gap_us;
  node->session_partition_columns = std::move(partition);
  node->children.push_back(std::move(plan));
  plan = std::move(node);
  std::string refname = ref.alias.empty() ? ref.func_args[0]->name.back() : ref.alias;
  KAPPA_RETURN_IF_ERROR(
      AddPlanItem(*plan, refname, ref.column_aliases, ref.location, scope, nullptr));
  return plan;
}

}  // namespace kappa::binder
