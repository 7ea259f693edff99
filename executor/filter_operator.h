// FilterOperator: keeps the rows (inserts and retractions alike) for which
// the predicate is TRUE.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "executor/expression_evaluator.h"
#include "executor/operator.h"

namespace kappa {

class FilterOperator final : public Operator {
 public:
  FilterOperator(BoundExprPtr predicate, std::shared_ptr<const EvalContext> ctx);
  Status OnChanges(int port, Chunk chunk) override;
  std::string Describe() const override;

 private:
  BoundExprPtr predicate_;
  std::shared_ptr<const EvalContext> ctx_;
  std::vector<uint32_t> selected_;
};

}  // namespace kappa
