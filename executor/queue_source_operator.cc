#include "executor/queue_source_operator.h"

namespace kappa {

Status QueueSourceOperator::Pump() {
  while (!queue_.empty()) {
    Chunk in = std::move(queue_.front());
    queue_.pop_front();
    Chunk out;
    out.columns.reserve(columns_.size());
    for (int c : columns_) out.columns.push_back(in.columns[c]);
    out.weights = std::move(in.weights);
    out.num_rows = in.num_rows;
    KAPPA_RETURN_IF_ERROR(Emit(std::move(out)));
  }
  return Status::OK();
}

}  // namespace kappa
