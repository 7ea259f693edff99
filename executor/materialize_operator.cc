#include "executor/materialize_operator.h"

namespace kappa {

MaterializeOperator::MaterializeOperator(std::vector<DataType> types)
    : types_(types), pending_(std::move(types), KeyMode::kExact, 1, /*erase_at_zero=*/true) {}

Status MaterializeOperator::OnChanges(int /*port*/, Chunk chunk) {
  bool negative = false;
  for (size_t i = 0; i < chunk.num_rows; ++i) {
    rows_ += chunk.weights[i];
    negative |= chunk.weights[i] < 0;
  }
  if (!consolidating_ && !negative) {
    buffered_bytes_ += chunk.num_rows * 16 * chunk.columns.size();
    buffered_.push_back(std::move(chunk));
    return Status::OK();
  }
  if (!consolidating_) {
    consolidating_ = true;
    for (const Chunk& c : buffered_) pending_.Add(c, 0, nullptr, nullptr, nullptr);
    buffered_.clear();
    buffered_bytes_ = 0;
  }
  pending_.Add(chunk, 0, nullptr, nullptr, nullptr);
  return Status::OK();
}

Status MaterializeOperator::OnBarrier(int port, uint64_t epoch) {
  BarrierComplete(port, epoch);
  return Status::OK();
}

Status MaterializeOperator::OnEnd(int port) {
  AllEnded(port);
  return Status::OK();
}

std::vector<Chunk> MaterializeOperator::TakeChanges() {
  std::vector<Chunk> out;
  if (!consolidating_) {
    out.swap(buffered_);
    buffered_bytes_ = 0;
    return out;
  }
  consolidating_ = false;
  if (pending_.size() == 0) return out;
  const Chunk& rows = pending_.rows();
  Chunk cur(types_);
  for (uint32_t id = 0; id < pending_.id_limit(); ++id) {
    if (!pending_.IsLive(id) || pending_.count(id) == 0) continue;
    for (size_t c = 0; c < types_.size(); ++c) cur.columns[c].AppendFrom(rows.columns[c], id);
    cur.weights.push_back(pending_.count(id));
    ++cur.num_rows;
    if (cur.num_rows >= kChunkRows) {
      out.push_back(std::move(cur));
      cur = Chunk(types_);
    }
  }
  if (cur.num_rows > 0) out.push_back(std::move(cur));
  pending_ = RowMultiset(types_, KeyMode::kExact, 1, true);
  return out;
}

}  // namespace kappa
