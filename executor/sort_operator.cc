#include "executor/sort_operator.h"

#include <algorithm>
#include <cmath>
#include <numeric>

#include "executor/project_operator.h"

namespace kappa {

namespace {

// Orders values that CompareValues finds equal by their representation.
int CompareRepresentation(const Column& a, size_t i, const Column& b, size_t j) {
  auto cmp = [](auto x, auto y) { return x < y ? -1 : (x > y ? 1 : 0); };
  switch (Physical(a.type)) {
    case PhysicalKind::kFloat64: {
      const double x = a.floats[i], y = b.floats[j];
      if (std::isnan(x) || std::isnan(y)) return 0;
      return cmp(std::signbit(y), std::signbit(x));  // -0 before 0
    }
    case PhysicalKind::kDecimal: return cmp(a.decimals[i].scale, b.decimals[j].scale);
    case PhysicalKind::kInterval: {
      const Interval& x = a.intervals[i];
      const Interval& y = b.intervals[j];
      if (x.months != y.months) return cmp(x.months, y.months);
      if (x.days != y.days) return cmp(x.days, y.days);
      return cmp(x.micros, y.micros);
    }
    default: return 0;
  }
}

}  // namespace

int CompareRows(const Chunk& a, size_t i, const Chunk& b, size_t j) {
  const size_t n = a.columns.size();
  for (size_t c = 0; c < n; ++c) {
    const Column& x = a.columns[c];
    const Column& y = b.columns[c];
    const bool nx = x.nulls[i] != 0, ny = y.nulls[j] != 0;
    if (nx || ny) {
      if (nx && ny) continue;
      return nx ? 1 : -1;  // NULLs last
    }
    const int cmp = CompareValues(x, i, y, j);
    if (cmp != 0) return cmp;
  }
  for (size_t c = 0; c < n; ++c) {
    const Column& x = a.columns[c];
    if (x.nulls[i]) continue;
    const int cmp = CompareRepresentation(x, i, b.columns[c], j);
    if (cmp != 0) return cmp;
  }
  return 0;
}

int CompareOrderKeys(const std::vector<const Column*>& keys, const std::vector<OrderKey>& order,
                     uint32_t a, uint32_t b) {
  for (size_t k = 0; k < keys.size(); ++k) {
    const Column& c = *keys[k];
    const bool na = c.nulls[a] != 0, nb = c.nulls[b] != 0;
    if (na || nb) {
      if (na && nb) continue;
      // NULLs go first or last whatever the direction.
      return (na == order[k].nulls_first) ? -1 : 1;
    }
    int cmp = CompareValues(c, a, c, b);
    if (cmp == 0) continue;
    return order[k].descending ? -cmp : cmp;
  }
  return 0;
}

void SortPermutation(const std::vector<const Column*>& keys, const std::vector<OrderKey>& order,
                     int64_t top, std::vector<uint32_t>* perm, const Chunk* tie_rows) {
  auto less = [&](uint32_t a, uint32_t b) {
    int cmp = CompareOrderKeys(keys, order, a, b);
    if (cmp == 0 && tie_rows != nullptr) cmp = CompareRows(*tie_rows, a, *tie_rows, b);
    if (cmp != 0) return cmp < 0;
    return a < b;  // arrival order
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
  // With LIMIT/OFFSET, ties are broken by the whole row (as TopNOperator does).
  SortPermutation(cols, keys_, top, &perm, limit_ >= 0 || offset_ > 0 ? &live : nullptr);
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
