// ProjectOperator: evaluates one expression per output column over each
// chunk (weights pass through). Also home of EvaluateColumn, the shortcut
// every operator uses to get an expression's values for a chunk.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "executor/expression_evaluator.h"
#include "executor/operator.h"

namespace kappa {

// The values of `expr` for every row of `chunk`: the chunk's own column for
// a plain column reference (no copy), else evaluated into `scratch`.
Result<const Column*> EvaluateColumn(const BoundExpr& expr, const Chunk& chunk,
                                     const EvalContext& ctx, Column* scratch);

// "[#0, (#1 + 1)]" for Describe().
std::string DescribeExprs(const std::vector<BoundExprPtr>& exprs);

// The input column `expr` is a monotone non-decreasing function of, with
// every other argument constant, or -1. Recognized (recursively, each step
// of an int64-physical type, see common/types.h): a column reference; casts
// among date/timestamp/timestamptz and among integer types; tumble_start(x,
// const); date_bin(const, x, const); date_trunc(const, x); x + const,
// const + x, x - const. Constants are literals, parameters and casts of
// them. Evaluating such an expression on a watermark value of the column
// gives a watermark of the expression.
int MonotoneInputColumn(const BoundExpr& expr);

class ProjectOperator final : public Operator {
 public:
  ProjectOperator(std::vector<BoundExprPtr> exprs, std::shared_ptr<const EvalContext> ctx);
  Status OnChanges(int port, Chunk chunk) override;
  // Forwarded for every output column that is a plain reference to
  // `column` (the value unchanged) or a monotone function of it (see
  // MonotoneInputColumn: the expression evaluated on `value`; nothing is
  // forwarded for that column if the evaluation fails or gives NULL).
  Status OnWatermark(int port, int column, int64_t value) override;
  std::string Describe() const override;

 private:
  std::vector<BoundExprPtr> exprs_;
  std::shared_ptr<const EvalContext> ctx_;
  // Per output column: MonotoneInputColumn of its expression, or -1 when
  // the output column cannot carry a watermark (not int64-physical).
  std::vector<int> watermark_source_;
};

}  // namespace kappa
