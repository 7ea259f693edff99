// ValuesOperator (a source): literal rows (VALUES, or the one empty row of a SELECT
// without FROM), evaluated by the planner and pushed once.
#pragma once

#include <string>

#include "executor/source_operator.h"

namespace kappa {

class ValuesOperator final : public SourceOperator {
 public:
  explicit ValuesOperator(Chunk rows) : rows_(std::move(rows)) {}
  // The first call pushes the rows; later calls push nothing.
  Status Pump() override;
  std::string Describe() const override;

 private:
  Chunk rows_;
  bool pumped_ = false;
};

}  // namespace kappa
