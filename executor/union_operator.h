// UnionOperator: UNION ALL of two or more inputs of the same schema; changes
// pass through unchanged (UNION is this followed by a DistinctOperator).
// Barriers and the end are forwarded once every input has them.
//
// WATERMARKS: per column, the minimum over the inputs, forwarded once every
// input has sent a watermark on that column and only when it advances.
#pragma once

#include <string>
#include <vector>

#include "executor/operator.h"

namespace kappa {

class UnionOperator final : public Operator {
 public:
  explicit UnionOperator(int num_inputs) { SetNumInputs(num_inputs); }
  Status OnChanges(int /*port*/, Chunk chunk) override { return Emit(std::move(chunk)); }
  Status OnWatermark(int port, int column, int64_t value) override;
  std::string Describe() const override {
    return "UnionAll(inputs=" + std::to_string(num_inputs()) + ")";
  }

 private:
  struct ColumnWatermarks {
    std::vector<int64_t> value;  // per input
    std::vector<uint8_t> has;    // per input
    bool forwarded = false;
    int64_t last = 0;            // last forwarded
  };
  std::vector<ColumnWatermarks> wm_;  // per column, grown on demand
};

}  // namespace kappa
