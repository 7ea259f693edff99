#include "executor/collect_sink_operator.h"

#include "executor/sort_operator.h"

namespace kappa {

CollectSinkOperator::CollectSinkOperator(std::vector<DataType> types, bool ordered,
                                         const std::atomic<bool>* cancel)
    : types_(types),
      ordered_(ordered),
      cancel_(cancel),
      rows_(std::move(types), KeyMode::kExact, 1, true) {}

Status CollectSinkOperator::OnChanges(int /*port*/, Chunk chunk) {
  if (cancel_ && cancel_->load(std::memory_order_relaxed)) {
    return Status::Error(sqlstate::kQueryCanceled, "canceling statement due to user request");
  }
  if (chunk.num_rows == 0) return Status::OK();
  if (!ordered_) {
    rows_.Add(chunk, 0, nullptr, nullptr, nullptr);
    return Status::OK();
  }
  for (int64_t w : chunk.weights) {
    if (w <= 0) return Status::Internal("ordered result received a retraction");
  }
  ordered_rows_.push_back(std::move(chunk));
  return Status::OK();
}

Status CollectSinkOperator::OnBarrier(int port, uint64_t epoch) {
  if (BarrierComplete(port, epoch)) last_epoch_ = epoch;
  return Status::OK();
}

Status CollectSinkOperator::OnEnd(int port) {
  if (AllEnded(port)) ended_all_ = true;
  return Status::OK();
}

std::vector<Chunk> CollectSinkOperator::TakeResult() {
  std::vector<Chunk> out;
  if (ordered_) {
    out = std::move(ordered_rows_);
    ordered_rows_.clear();
    return out;
  }
  Chunk live = LiveRows(rows_);
  rows_ = RowMultiset(types_, KeyMode::kExact, 1, true);
  if (live.num_rows <= kChunkRows) {
    if (live.num_rows > 0) out.push_back(std::move(live));
    return out;
  }
  for (size_t start = 0; start < live.num_rows; start += kChunkRows) {
    size_t end = std::min(live.num_rows, start + kChunkRows);
    std::vector<uint32_t> idx;
    for (size_t r = start; r < end; ++r) idx.push_back(static_cast<uint32_t>(r));
    out.push_back(Chunk::Select(live, idx.data(), idx.size()));
  }
  return out;
}

}  // namespace kappa
