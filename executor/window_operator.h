// WindowOperator: row_number() OVER (PARTITION BY ... ORDER BY ...),
// appended to each row as an int8 column. Batch-only: it consolidates its
// input and at OnEnd emits every row (a row of count n as n rows, numbered
// apart) sorted by the partition keys (ascending, NULLs last) and then the
// order keys, as PostgreSQL's WindowAgg produces them. Rows that tie on the
// order keys are numbered by the whole row (CompareRows in sort_operator.h),
// the order TopNOperator uses, so a view equals the batch query.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "executor/expression_evaluator.h"
#include "executor/operator.h"
#include "executor/row_key.h"
#include "executor/sort_operator.h"

namespace kappa {

class WindowOperator final : public Operator {
 public:
  WindowOperator(std::vector<DataType> types, std::vector<BoundExprPtr> partition,
                 std::vector<OrderKey> order, std::shared_ptr<const EvalContext> ctx);

  Status OnChanges(int port, Chunk chunk) override;
  Status OnEnd(int port) override;
  // Not forwarded yet (issue 3 defines watermarks through this operator).
  Status OnWatermark(int, int, int64_t) override { return Status::OK(); }
  std::string Describe() const override;
  uint64_t StateRows() const override { return rows_.size(); }
  uint64_t StateBytes() const override { return rows_.bytes(); }

 private:
  std::vector<DataType> types_;
  std::vector<BoundExprPtr> partition_;
  std::vector<OrderKey> order_;
  std::shared_ptr<const EvalContext> ctx_;
  RowMultiset rows_;
};

}  // namespace kappa
