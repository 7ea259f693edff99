#include "executor/project_operator.h"

namespace kappa {

Result<const Column*> EvaluateColumn(const BoundExpr& expr, const Chunk& chunk,
                                     const EvalContext& ctx, Column* scratch) {
  if (expr.kind == BoundExprKind::kColumnRef && expr.column_index >= 0 &&
      static_cast<size_t>(expr.column_index) < chunk.columns.size() &&
      Physical(chunk.columns[expr.column_index].type) == Physical(expr.type)) {
    return &chunk.columns[expr.column_index];
  }
  scratch->type = expr.type;
  KAPPA_RETURN_IF_ERROR(EvaluateExpression(expr, chunk, ctx, scratch));
  return static_cast<const Column*>(scratch);
}

std::string DescribeExprs(const std::vector<BoundExprPtr>& exprs) {
  std::string s = "[";
  for (size_t i = 0; i < exprs.size(); ++i) {
    if (i) s += ", ";
    s += exprs[i]->ToString();
  }
  return s + "]";
}

ProjectOperator::ProjectOperator(std::vector<BoundExprPtr> exprs,
                                 std::shared_ptr<const EvalContext> ctx)
    : exprs_(std::move(exprs)), ctx_(std::move(ctx)) {}

Status ProjectOperator::OnChanges(int /*port*/, Chunk chunk) {
  // Plain column references take the input column; the last reference to a
  // column moves it instead of copying.
  std::vector<int> refs(chunk.columns.size(), 0);
  for (const auto& e : exprs_) {
    if (e->kind == BoundExprKind::kColumnRef) ++refs[e->column_index];
  }
  Chunk out;
  out.columns.resize(exprs_.size());
  // Computed expressions first: they may read columns that references move.
  for (size_t i = 0; i < exprs_.size(); ++i) {
    const BoundExpr& e = *exprs_[i];
    if (e.kind == BoundExprKind::kColumnRef &&
        Physical(chunk.columns[e.column_index].type) == Physical(e.type)) {
      continue;
    }
    out.columns[i].type = e.type;
    KAPPA_RETURN_IF_ERROR(EvaluateExpression(e, chunk, *ctx_, &out.columns[i]));
  }
  for (size_t i = 0; i < exprs_.size(); ++i) {
    const BoundExpr& e = *exprs_[i];
    if (e.kind != BoundExprKind::kColumnRef ||
        Physical(chunk.columns[e.column_index].type) != Physical(e.type)) {
      continue;
    }
    if (--refs[e.column_index] == 0) {
      out.columns[i] = std::move(chunk.columns[e.column_index]);
    } else {
      out.columns[i] = chunk.columns[e.column_index];
    }
    out.columns[i].type = e.type;
  }
  out.weights = std::move(chunk.weights);
  out.num_rows = chunk.num_rows;
  return Emit(std::move(out));
}

Status ProjectOperator::OnWatermark(int /*port*/, int column, int64_t value) {
  for (size_t i = 0; i < exprs_.size(); ++i) {
    const BoundExpr& e = *exprs_[i];
    if (e.kind == BoundExprKind::kColumnRef && e.column_index == column) {
      KAPPA_RETURN_IF_ERROR(EmitWatermark(static_cast<int>(i), value));
    }
  }
  return Status::OK();
}

std::string ProjectOperator::Describe() const { return "Project(" + DescribeExprs(exprs_) + ")"; }

}  // namespace kappa
