// DistinctOperator: SELECT DISTINCT and the distinct step of UNION. Emits
// each distinct row once while its net count is positive (NULLs equal).
// The logic is SetOpOperator's single-input case.
#pragma once

#include <vector>

#include "executor/set_op_operator.h"

namespace kappa {

class DistinctOperator final : public SetOpOperator {
 public:
  explicit DistinctOperator(std::vector<DataType> types)
      : SetOpOperator(SetOpKind::kDistinct, std::move(types)) {}
};

}  // namespace kappa
