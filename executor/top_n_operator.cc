#include "executor/top_n_operator.h"

#include <algorithm>
#include <limits>

#include "executor/project_operator.h"

namespace kappa {

bool TopNOperator::RowLess::operator()(uint32_t a, uint32_t b) const {
  int cmp = CompareOrderKeys(op->order_cols_, op->order_, a, b);
  if (cmp == 0) cmp = CompareRows(op->rows_.rows(), a, op->rows_.rows(), b);
  if (cmp != 0) return cmp < 0;
  return a < b;  // unreachable for distinct exact rows; keeps a strict order
}

TopNOperator::TopNOperator(std::vector<DataType> input_types,
                           std::vector<BoundExprPtr> partition_exprs, std::vector<OrderKey> order,
                           int64_t limit, int64_t offset, bool with_row_number,
                           std::shared_ptr<const EvalContext> ctx)
    : input_types_(input_types),
      output_types_(input_types),
      partition_exprs_(std::move(partition_exprs)),
      order_(std::move(order)),
      limit_(limit < 0 ? std::numeric_limits<int64_t>::max() : limit),
      offset_(std::max<int64_t>(offset, 0)),
      with_row_number_(with_row_number),
      ctx_(std::move(ctx)),
      rows_(input_types, KeyMode::kExact, 1, false),
      state_({input_types}) {
  if (with_row_number_) output_types_.push_back(DataType(TypeId::kInt64));
  order_vals_.reserve(order_.size());
  for (const auto& k : order_) order_vals_.emplace_back(k.expr->type);
  for (const auto& c : order_vals_) order_cols_.push_back(&c);
  eval_scratch_.resize(partition_exprs_.size() + order_.size());
}

TopNOperator::~TopNOperator() = default;

Status TopNOperator::OnChanges(int port, Chunk chunk) {
  if (chunk.num_rows == 0) return Status::OK();
  state_.Record(port, chunk);
  const size_t n = chunk.num_rows;
  // Keys of the chunk's rows, evaluated per chunk.
  const size_t np = partition_exprs_.size();
  std::vector<const Column*> part_cols(np);
  for (size_t k = 0; k < np; ++k) {
    KAPPA_ASSIGN_OR_RETURN(part_cols[k],
                           EvaluateColumn(*partition_exprs_[k], chunk, *ctx_, &eval_scratch_[k]));
  }
  std::vector<const Column*> key_cols(order_.size());
  for (size_t k = 0; k < order_.size(); ++k) {
    KAPPA_ASSIGN_OR_RETURN(key_cols[k], EvaluateColumn(*order_[k].expr, chunk, *ctx_,
                                                       &eval_scratch_[np + k]));
  }
  EncodeKeys(part_cols, n, KeyMode::kSemantic, &part_keys_);

  rows_.Add(chunk, 0, nullptr, &ids_, &inserted_);
  const uint32_t limit = rows_.id_limit();
  if (part_of_.size() < limit) {
    part_of_.resize(limit, 0);
    in_set_.resize(limit, 0);
    dirty_.resize(limit, 0);
    for (auto& c : order_vals_) {
      ReserveForAppend(&c, limit - c.size());
      ResizeColumn(&c, limit);
    }
  }
  for (size_t r = 0; r < n; ++r) {
    const uint32_t id = ids_[r];
    if (id == kNoId) continue;
    if (inserted_[r]) {
      for (size_t k = 0; k < order_vals_.size(); ++k) {
        SetColumnValue(&order_vals_[k], id, *key_cols[k], r);
      }
      bool new_part = false;
      const uint32_t pid =
          partitions_.FindOrInsert(part_keys_.Key(r), part_keys_.hashes[r], &new_part);
      if (pid >= parts_.size()) parts_.resize(pid + 1);
      if (new_part || parts_[pid] == nullptr) parts_[pid] = std::make_unique<Partition>(this);
      part_of_[id] = pid;
      ++parts_[pid]->refs;
    }
    if (!dirty_[id]) {
      dirty_[id] = 1;
      dirty_ids_.push_back(id);
    }
  }
  return Status::OK();
}

void TopNOperator::ComputeTop(const Partition& p, std::vector<Run>* out) const {
  out->clear();
  int64_t skip = offset_;
  int64_t left = limit_;
  for (auto it = p.rows.begin(); it != p.rows.end() && left > 0; ++it) {
    int64_t c = rows_.count(*it);
    if (skip > 0) {
      const int64_t s = std::min(skip, c);
      skip -= s;
      c -= s;
      if (c == 0) continue;
    }
    c = std::min(c, left);
    left -= c;
    out->push_back(Run{*it, c});
  }
}

void TopNOperator::AddOutput(uint32_t id, int64_t weight, int64_t row_number) {
  out_ids_.push_back(id);
  out_w_.push_back(weight);
  if (with_row_number_) out_rn_.push_back(row_number);
}

Status TopNOperator::FlushOutput() {
  if (out_ids_.empty()) return Status::OK();
  Chunk out(output_types_);
  const size_t n = out_ids_.size();
  for (size_t c = 0; c < input_types_.size(); ++c) {
    AppendGathered(&out.columns[c], rows_.rows().columns[c], out_ids_.data(), n);
  }
  if (with_row_number_) {
    Column& rn = out.columns.back();
    rn.nulls.assign(n, 0);
    rn.ints = out_rn_;
  }
  out.num_rows = n;
  out.weights = out_w_;
  out_ids_.clear();
  out_w_.clear();
  out_rn_.clear();
  return Emit(std::move(out));
}

Status TopNOperator::EmitDiff(const std::vector<Run>& before, const std::vector<Run>& after) {
  auto maybe_flush = [&]() -> Status {
    return out_ids_.size() >= kChunkRows ? FlushOutput() : Status::OK();
  };
  if (!with_row_number_) {
    // Net copies per row.
    if (delta_.size() < rows_.id_limit()) delta_.resize(rows_.id_limit(), 0);
    for (const Run& r : before) delta_[r.id] -= r.count;
    for (const Run& r : after) delta_[r.id] += r.count;
    for (const auto* runs : {&before, &after}) {
      for (const Run& r : *runs) {
        if (delta_[r.id] == 0) continue;
        AddOutput(r.id, delta_[r.id], 0);
        delta_[r.id] = 0;
        KAPPA_RETURN_IF_ERROR(maybe_flush());
      }
    }
    return Status::OK();
  }
  // Position by position: (row, row_number) pairs that differ.
  size_t i = 0, j = 0;
  int64_t left_i = before.empty() ? 0 : before[0].count;
  int64_t left_j = after.empty() ? 0 : after[0].count;
  int64_t pos = offset_ + 1;
  while (i < before.size() || j < after.size()) {
    const bool has_old = i < before.size(), has_new = j < after.size();
    int64_t m;
    if (has_old && has_new) {
      m = std::min(left_i, left_j);
    } else {
      m = has_old ? left_i : left_j;
    }
    if (!(has_old && has_new && before[i].id == after[j].id)) {
      for (int64_t k = 0; k < m; ++k) {
        if (has_old) AddOutput(before[i].id, -1, pos + k);
        if (has_new) AddOutput(after[j].id, 1, pos + k);
        KAPPA_RETURN_IF_ERROR(maybe_flush());
      }
    }
    pos += m;
    if (has_old && (left_i -= m) == 0 && ++i < before.size()) left_i = before[i].count;
    if (has_new && (left_j -= m) == 0 && ++j < after.size()) left_j = after[j].count;
  }
  return Status::OK();
}

Status TopNOperator::Flush() {
  // 1. The epoch's row changes into the sorted sets.
  for (uint32_t id : dirty_ids_) {
    dirty_[id] = 0;
    const uint32_t pid = part_of_[id];
    Partition& p = *parts_[pid];
    const bool want = rows_.count(id) > 0;
    if (want != (in_set_[id] != 0)) {
      if (want) {
        p.rows.insert(id);
      } else {
        p.rows.erase(id);
      }
      in_set_[id] = want ? 1 : 0;
    }
    if (!p.dirty) {
      p.dirty = true;
      dirty_parts_.push_back(pid);
    }
  }
  // 2. The difference per changed partition.
  for (uint32_t pid : dirty_parts_) {
    Partition& p = *parts_[pid];
    p.dirty = false;
    ComputeTop(p, &new_top_);
    KAPPA_RETURN_IF_ERROR(EmitDiff(p.emitted, new_top_));
    p.emitted.swap(new_top_);
  }
  KAPPA_RETURN_IF_ERROR(FlushOutput());
  // 3. Forget rows with no copies left (no longer in any set or output) and
  // partitions with no rows.
  for (uint32_t id : dirty_ids_) {
    if (!rows_.IsLive(id) || rows_.count(id) != 0) continue;
    rows_.Erase(id);
    const uint32_t pid = part_of_[id];
    if (--parts_[pid]->refs == 0) {
      parts_[pid].reset();
      partitions_.Erase(pid);
    }
  }
  dirty_ids_.clear();
  dirty_parts_.clear();
  return Status::OK();
}

Status TopNOperator::OnBarrier(int port, uint64_t epoch) {
  if (!BarrierComplete(port, epoch)) return Status::OK();
  KAPPA_RETURN_IF_ERROR(Flush());
  return EmitBarrier(epoch);
}

Status TopNOperator::OnEnd(int port) {
  if (!AllEnded(port)) return Status::OK();
  KAPPA_RETURN_IF_ERROR(Flush());
  return EmitEnd();
}

Status TopNOperator::SaveState(StateWriter& w) { return state_.Save(w); }

Status TopNOperator::LoadState(StateReader& r) {
  KAPPA_RETURN_IF_ERROR(
      state_.Load(r, [this](int port, Chunk chunk) { return OnChanges(port, std::move(chunk)); }));
  // With the output detached this only rebuilds what had been emitted.
  return Flush();
}

uint64_t TopNOperator::StateBytes() const {
  uint64_t b = rows_.bytes() + partitions_.bytes();
  // Set nodes (about 40 bytes each) and the order key copies.
  b += rows_.size() * (40 + 8 * order_.size());
  for (const auto& p : parts_) {
    if (p != nullptr) b += sizeof(Partition) + p->emitted.size() * sizeof(Run);
  }
  return b;
}

std::string TopNOperator::Describe() const {
  std::string s = "TopN(partition=" + DescribeExprs(partition_exprs_) + ", order=[";
  for (size_t k = 0; k < order_.size(); ++k) {
    if (k) s += ", ";
    s += order_[k].expr->ToString();
    if (order_[k].descending) s += " DESC";
    if (order_[k].nulls_first != order_[k].descending) {
      s += order_[k].nulls_first ? " NULLS FIRST" : " NULLS LAST";
    }
  }
  s += "], limit=" +
       (limit_ == std::numeric_limits<int64_t>::max() ? std::string("ALL")
                                                      : std::to_string(limit_));
  s += ", offset=" + std::to_string(offset_);
  return s + ")";
}

}  // namespace kappa
