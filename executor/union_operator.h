// UnionOperator: UNION ALL of two or more inputs of the same schema; changes
// pass through unchanged (UNION is this followed by a DistinctOperator).
// Barriers and the end are forwarded once every input has them.
#pragma once

#include <string>

#include "executor/operator.h"

namespace kappa {

class UnionOperator final : public Operator {
 public:
  explicit UnionOperator(int num_inputs) { SetNumInputs(num_inputs); }
  Status OnChanges(int /*port*/, Chunk chunk) override { return Emit(std::move(chunk)); }
  // Not forwarded yet: a union's watermark is the minimum over its inputs
  // (issue 3).
  Status OnWatermark(int, int, int64_t) override { return Status::OK(); }
  std::string Describe() const override {
    return "UnionAll(inputs=" + std::to_string(num_inputs()) + ")";
  }
};

}  // namespace kappa
