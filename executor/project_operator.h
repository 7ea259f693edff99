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

class ProjectOperator final : public Operator {
 public:
  ProjectOperator(std::vector<BoundExprPtr> exprs, std::shared_ptr<const EvalContext> ctx);
  Status OnChanges(int port, Chunk chunk) override;
  // Forwarded for every output column that is a plain reference to `column`.
  Status OnWatermark(int port, int column, int64_t value) override;
  std::string Describe() const override;

 private:
  std::vector<BoundExprPtr> exprs_;
  std::shared_ptr<const EvalContext> ctx_;
};

}  // namespace kappa
