// SourceOperator: where changes enter a dataflow (a table log scan, literal
// VALUES). A source has no inputs; whoever drives the dataflow calls Pump()
// to push the input available now, then SendBarrier(epoch) on every source
// to close an epoch, and SendEnd() once a bounded input is exhausted.
#pragma once

#include <cstdint>

#include "executor/operator.h"

namespace kappa {

class SourceOperator : public Operator {
 public:
  SourceOperator() { SetNumInputs(0); }

  Status OnChanges(int /*port*/, Chunk /*chunk*/) final {
    return Status::Internal("a source operator has no inputs");
  }
  // Pushes every change available now downstream, in chunks.
  virtual Status Pump() = 0;
  Status SendBarrier(uint64_t epoch) { return EmitBarrier(epoch); }
  Status SendEnd() { return EmitEnd(); }
};

}  // namespace kappa
