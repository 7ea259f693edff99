#include "executor/operator.h"

namespace kappa {

bool Operator::BarrierComplete(int port, uint64_t epoch) {
  barriers_[port] = epoch;
  for (uint64_t b : barriers_) {
    if (b < epoch) return false;
  }
  return true;
}

bool Operator::AllEnded(int port) {
  ended_[port] = true;
  for (bool e : ended_) {
    if (!e) return false;
  }
  return true;
}

Status Operator::OnBarrier(int port, uint64_t epoch) {
  if (!BarrierComplete(port, epoch)) return Status::OK();
  return EmitBarrier(epoch);
}

Status Operator::OnEnd(int port) {
  if (!AllEnded(port)) return Status::OK();
  return EmitEnd();
}

Status Operator::OnWatermark(int /*port*/, int column, int64_t value) {
  return EmitWatermark(column, value);
}

}  // namespace kappa
