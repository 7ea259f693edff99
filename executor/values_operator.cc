#include "executor/values_operator.h"

namespace kappa {

Status ValuesOperator::Pump() {
  if (pumped_) return Status::OK();
  pumped_ = true;
  return Emit(rows_);
}

std::string ValuesOperator::Describe() const {
  return "Values(rows=" + std::to_string(rows_.num_rows) + ")";
}

}  // namespace kappa
