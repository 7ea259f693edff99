#include "executor/limit_operator.h"

#include <algorithm>
#include <numeric>

#include "executor/sort_operator.h"

namespace kappa {

LimitOperator::LimitOperator(std::vector<DataType> types, int64_t limit, int64_t offset,
                             bool ordered_input)
    : limit_(limit),
      offset_(std::max<int64_t>(offset, 0)),
      ordered_(ordered_input),
      rows_(std::move(types), KeyMode::kExact, 1, true) {}

Status LimitOperator::OnChanges(int /*port*/, Chunk chunk) {
  if (!ordered_) {
    rows_.Add(chunk, 0, nullptr, nullptr, nullptr);
    return Status::OK();
  }
  const int64_t end = limit_ < 0 ? INT64_MAX : offset_ + limit_;
  std::vector<uint32_t> idx;
  std::vector<int64_t> w;
  for (size_t r = 0; r < chunk.num_rows && seen_ < end; ++r) {
    int64_t n = chunk.weights[r];
    if (n <= 0) {
      return Status::Internal("LIMIT over ordered input received a retraction");
    }
    // This row covers positions [seen_, seen_ + n).
    int64_t from = std::max(seen_, offset_);
    int64_t to = std::min(seen_ + n, end);
    seen_ += n;
    if (to > from) {
      idx.push_back(static_cast<uint32_t>(r));
      w.push_back(to - from);
    }
  }
  if (idx.empty()) return Status::OK();
  Chunk out = Chunk::Select(chunk, idx.data(), idx.size());
  out.weights = std::move(w);
  return Emit(std::move(out));
}

Status LimitOperator::OnEnd(int port) {
  if (!AllEnded(port)) return Status::OK();
  if (!ordered_) {
    Chunk live = LiveRows(rows_);
    std::vector<uint32_t> perm(live.num_rows);
    std::iota(perm.begin(), perm.end(), 0u);
    KAPPA_RETURN_IF_ERROR(EmitInOrder(live, perm, limit_, offset_,
                                      [this](Chunk c) { return Emit(std::move(c)); }));
  }
  return EmitEnd();
}

std::string LimitOperator::Describe() const {
  std::string s = "Limit(";
  s += limit_ >= 0 ? "limit=" + std::to_string(limit_) : std::string("limit=ALL");
  if (offset_ > 0) s += ", offset=" + std::to_string(offset_);
  return s + ")";
}

}  // namespace kappa
