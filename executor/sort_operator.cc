#include "executor/sort_operator.h"

#include <algorithm>
#include <numeric>

#include "executor/project_operator.h"

namespace kappa {

void SortPermutation(const std::vector<const Column*>& keys, const std::vector<OrderKey>& order,
                     int64_t top, std::vector<uint32_t>* perm) {
  auto less = [&](uint32_t a, uint32_t b) {
    for (size_t k = 0; k < keys.size(); ++k) {
      const Column& c = *keys[k];
      const bool na = c.nulls[a] != 0, nb = c.nulls[b] != 0;
      int cmp;
      if (na || nb) {
        if (na && nb) continue;
        // NULLs go first or last whatever the direction.
        return na ? order[k].nulls_first : !order[k].nulls_first;
      } else {
        cmp = CompareValues(c, a, c, b);
      }
      if (cmp == 0) continue;
      if (order[k].descending) cmp = -cmp;
      return cmp < 0;
    }
    return a < b;  // stable: arrival order
  };
  if (top >= 0 && static_cast<size_t>(top) < perm->size()) {
    std::partial_sort(perm->begin(), perm->begin() + top, perm->end(), less);
  } else {
    std::sort(perm->begin(), perm->end(), less);
  }
}

Chunk LiveRows(const RowMultiset& set) {
  std::vector<uint32_t> ids = set.LiveIdsInOrder();
  ids.erase(std::remove_if(ids.begin(), ids.end(), [&](uint32_t id) { return set.count(id) <= 0; }),
            ids.end());
  Chunk out = Chunk::Select(set.rows(), ids.data(), ids.size());
  for (size_t k = 0; k < ids.size(); ++k) out.weights[k] = set.count(ids[k]);
  return out;
}

Status EmitInOrder(const Chunk& rows, const std::vector<uint32_t>& perm, int64_t limit,
                   int64_t offset, const std::function<Status(Chunk)>& emit) {
  std::vector<uint32_t> idx;
  std::vector<int64_t> w;
  auto flush = [&]() -> Status {
    if (idx.empty()) return Status::OK();
    Chunk out = Chunk::Select(rows, idx.data(), idx.size());
    out.weights = w;
    idx.clear();
    w.clear();
    return emit(std::move(out));
  };
  int64_t skip = std::max<int64_t>(offset, 0);
  int64_t left = limit;
  for (uint32_t r : perm) {
    if (left == 0) break;
    int64_t n = rows.weights[r];
    if (n <= 0) continue;
    if (skip > 0) {
      int64_t s = std::min(skip, n);
      skip -= s;
      n -= s;
      if (n == 0) continue;
    }
    if (left > 0) {
      n = std::min(n, left);
      left -= n;
    }
    idx.push_back(r);
    w.push_back(n);
    if (idx.size() >= kChunkRows) KAPPA_RETURN_IF_ERROR(flush());
  }
  return flush();
}

SortOperator::SortOperator(std::vector<DataType> types, std::vector<OrderKey> keys, int64_t limit,
                           int64_t offset, std::shared_ptr<const EvalContext> ctx)
    : types_(types),
      keys_(std::move(keys)),
      limit_(limit),
      offset_(offset),
      ctx_(std::move(ctx)),
      rows_(std::move(types), KeyMode::kExact, 1, true) {}

Status SortOperator::OnChanges(int /*port*/, Chunk chunk) {
  rows_.Add(chunk, 0, nullptr, nullptr, nullptr);
  return Status::OK();
}

Status SortOperator::OnEnd(int port) {
  if (!AllEnded(port)) return Status::OK();
  Chunk live = LiveRows(rows_);
  std::vector<Column> scratch(keys_.size());
  std::vector<const Column*> cols(keys_.size());
  for (size_t k = 0; k < keys_.size(); ++k) {
    KAPPA_ASSIGN_OR_RETURN(cols[k], EvaluateColumn(*keys_[k].expr, live, *ctx_, &scratch[k]));
  }
  std::vector<uint32_t> perm(live.num_rows);
  std::iota(perm.begin(), perm.end(), 0u);
  int64_t top = -1;
  if (limit_ >= 0) top = limit_ + std::max<int64_t>(offset_, 0);
  SortPermutation(cols, keys_, top, &perm);
  if (top >= 0 && static_cast<size_t>(top) < perm.size()) perm.resize(top);
  KAPPA_RETURN_IF_ERROR(EmitInOrder(live, perm, limit_, offset_,
                                    [this](Chunk c) { return Emit(std::move(c)); }));
  return EmitEnd();
}

std::string SortOperator::Describe() const {
  std::string s = "Sort(keys=[";
  for (size_t k = 0; k < keys_.size(); ++k) {
    if (k) s += ", ";
    s += keys_[k].expr->ToString();
    if (keys_[k].descending) s += " DESC";
    if (keys_[k].nulls_first != keys_[k].descending) {
      s += keys_[k].nulls_first ? " NULLS FIRST" : " NULLS LAST";
    }
  }
  s += "]";
  if (limit_ >= 0) s += ", limit=" + std::to_string(limit_);
  if (offset_ > 0) s += ", offset=" + std::to_string(offset_);
  return s + ")";
}

}  // namespace kappa
