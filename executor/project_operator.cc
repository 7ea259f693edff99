#include "executor/project_operator.h"

namespace kappa {

namespace {

bool IsDatetime(TypeId t) {
  return t == TypeId::kDate || t == TypeId::kTimestamp || t == TypeId::kTimestampTz;
}

// A literal, a parameter, or a cast of one.
bool IsConstant(const BoundExpr& e) {
  switch (e.kind) {
    case BoundExprKind::kConstant:
    case BoundExprKind::kParam:
      return true;
    case BoundExprKind::kCast:
      return IsConstant(*e.children[0]);
    default:
      return false;
  }
}

// The input column of the one non-constant argument `arg` when every
// other argument is constant, else -1.
int MonotoneIn(const BoundExpr& e, size_t arg) {
  if (arg >= e.children.size()) return -1;
  for (size_t i = 0; i < e.children.size(); ++i) {
    if (i != arg && !IsConstant(*e.children[i])) return -1;
  }
  return MonotoneInputColumn(*e.children[arg]);
}

// The type of the first reference to `column` in `e` (found: true).
bool ColumnType(const BoundExpr& e, int column, DataType* type) {
  if (e.kind == BoundExprKind::kColumnRef && e.column_index == column) {
    *type = e.type;
    return true;
  }
  for (const auto& c : e.children) {
    if (ColumnType(*c, column, type)) return true;
  }
  return false;
}

}  // namespace

int MonotoneInputColumn(const BoundExpr& e) {
  if (Physical(e.type) != PhysicalKind::kInt64 || e.type.id == TypeId::kBool) return -1;
  switch (e.kind) {
    case BoundExprKind::kColumnRef:
      return e.column_index;
    case BoundExprKind::kCast: {
      const TypeId from = e.children[0]->type.id;
      const TypeId to = e.type.id;
      const bool ok = (IsDatetime(from) && IsDatetime(to)) || (IsIntegral(from) && IsIntegral(to));
      return ok ? MonotoneInputColumn(*e.children[0]) : -1;
    }
    case BoundExprKind::kFunction: {
      const std::string& f = e.function_name;
      const size_t n = e.children.size();
      if (f == "tumble_start" && n == 2) return MonotoneIn(e, 0);
      if (f == "date_bin" && n == 3) return MonotoneIn(e, 1);
      if (f == "date_trunc" && n == 2) return MonotoneIn(e, 1);
      if (f == "-" && n == 2) return MonotoneIn(e, 0);
      if (f == "+" && n == 2) {
        if (IsConstant(*e.children[0])) return MonotoneIn(e, 1);
        return MonotoneIn(e, 0);
      }
      return -1;
    }
    default:
      return -1;
  }
}

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
    : exprs_(std::move(exprs)), ctx_(std::move(ctx)) {
  watermark_source_.reserve(exprs_.size());
  for (const auto& e : exprs_) {
    // A plain reference forwards the value whatever the column's type.
    watermark_source_.push_back(e->kind == BoundExprKind::kColumnRef ? e->column_index
                                                                     : MonotoneInputColumn(*e));
  }
}

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
    if (watermark_source_[i] != column) continue;
    const BoundExpr& e = *exprs_[i];
    if (e.kind == BoundExprKind::kColumnRef) {
      KAPPA_RETURN_IF_ERROR(EmitWatermark(static_cast<int>(i), value));
      continue;
    }
    // Evaluate the expression on a one-row chunk holding the watermark in
    // `column` (the expression reads no other column).
    DataType type;
    if (!ColumnType(e, column, &type)) continue;
    Chunk one;
    one.columns.resize(static_cast<size_t>(column) + 1);
    for (auto& c : one.columns) {
      c.type = type;
      c.nulls.push_back(1);
      c.ints.push_back(0);
    }
    one.columns[column].nulls[0] = 0;
    one.columns[column].ints[0] = value;
    one.weights.push_back(1);
    one.num_rows = 1;
    Column out(e.type);
    if (!EvaluateExpression(e, one, *ctx_, &out).ok() || out.size() != 1 || out.IsNull(0)) {
      continue;  // e.g. out of range: no watermark for this column
    }
    KAPPA_RETURN_IF_ERROR(EmitWatermark(static_cast<int>(i), out.ints[0]));
  }
  return Status::OK();
}

std::string ProjectOperator::Describe() const { return "Project(" + DescribeExprs(exprs_) + ")"; }

}  // namespace kappa
