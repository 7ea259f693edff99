#include "executor/hash_aggregate_operator.h"

#include <cstring>
#include <numeric>

#include "executor/project_operator.h"

namespace kappa {

Result<std::unique_ptr<HashAggregateOperator>> HashAggregateOperator::Create(
    std::vector<BoundExprPtr> group_exprs, std::vector<AggregateSpec> aggregates,
    std::shared_ptr<const EvalContext> ctx) {
  std::vector<Agg> aggs;
  for (auto& spec : aggregates) {
    Agg a;
    a.state = MakeAggregateState(spec.agg);
    if (a.state == nullptr) {
      return Status::NotSupported("aggregate " + spec.name + " is not supported");
    }
    if (spec.distinct && spec.arg != nullptr) a.seen = std::make_unique<KeyTable>();
    a.spec = std::move(spec);
    aggs.push_back(std::move(a));
  }
  return std::unique_ptr<HashAggregateOperator>(
      new HashAggregateOperator(std::move(group_exprs), std::move(aggs), std::move(ctx)));
}

HashAggregateOperator::HashAggregateOperator(std::vector<BoundExprPtr> group_exprs,
                                             std::vector<Agg> aggs,
                                             std::shared_ptr<const EvalContext> ctx)
    : group_exprs_(std::move(group_exprs)), aggs_(std::move(aggs)), ctx_(std::move(ctx)) {
  std::vector<DataType> group_types;
  for (const auto& e : group_exprs_) group_types.push_back(e->type);
  group_rows_ = Chunk(group_types);
  output_types_ = group_types;
  for (const auto& a : aggs_) output_types_.push_back(a.spec.agg.return_type);
  emitted_rows_ = Chunk(output_types_);
  if (group_exprs_.empty()) {
    // The single group of a global aggregate exists from the start, so the
    // first barrier emits its row even without input.
    bool inserted;
    groups_.FindOrInsert(std::string_view(), HashBytes(nullptr, 0), &inserted);
    Grow(groups_.id_limit());
    group_rows_.num_rows = 1;
    group_rows_.weights.push_back(1);
    dirty_[0] = 1;
    dirty_list_.push_back(0);
  }
}

void HashAggregateOperator::Grow(uint32_t limit) {
  if (row_count_.size() >= limit) return;
  row_count_.resize(limit, 0);
  dirty_.resize(limit, 0);
  emitted_.resize(limit, 0);
  for (auto& a : aggs_) a.state->Resize(limit);
}

Status HashAggregateOperator::OnChanges(int /*port*/, Chunk chunk) {
  const size_t n = chunk.num_rows;
  if (n == 0) return Status::OK();
  gids_.resize(n);
  if (group_exprs_.empty()) {
    std::fill(gids_.begin(), gids_.end(), 0);
  } else {
    std::vector<Column> scratch(group_exprs_.size());
    std::vector<const Column*> cols(group_exprs_.size());
    for (size_t i = 0; i < group_exprs_.size(); ++i) {
      KAPPA_ASSIGN_OR_RETURN(cols[i], EvaluateColumn(*group_exprs_[i], chunk, *ctx_, &scratch[i]));
    }
    EncodeKeys(cols, n, KeyMode::kSemantic, &keys_);
    const uint32_t base = static_cast<uint32_t>(group_rows_.num_rows);
    std::vector<uint32_t> append_rows;
    std::vector<std::pair<uint32_t, uint32_t>> reuse;
    for (size_t r = 0; r < n; ++r) {
      bool inserted;
      uint32_t g = groups_.FindOrInsert(keys_.Key(r), keys_.hashes[r], &inserted);
      gids_[r] = g;
      if (!inserted) continue;
      if (g >= base + append_rows.size()) {
        append_rows.push_back(static_cast<uint32_t>(r));
      } else {
        reuse.emplace_back(g, static_cast<uint32_t>(r));
      }
    }
    if (!append_rows.empty()) {
      for (size_t i = 0; i < cols.size(); ++i) {
        ReserveForAppend(&group_rows_.columns[i], append_rows.size());
        group_rows_.columns[i].AppendSelected(*cols[i], append_rows.data(), append_rows.size());
      }
      group_rows_.num_rows += append_rows.size();
      group_rows_.weights.resize(group_rows_.num_rows, 1);
    }
    for (auto [g, r] : reuse) {
      for (size_t i = 0; i < cols.size(); ++i) {
        SetColumnValue(&group_rows_.columns[i], g, *cols[i], r);
      }
    }
    Grow(groups_.id_limit());
  }
  const int64_t* w = chunk.weights.data();
  for (size_t r = 0; r < n; ++r) {
    uint32_t g = gids_[r];
    row_count_[g] += w[r];
    if (!dirty_[g]) {
      dirty_[g] = 1;
      dirty_list_.push_back(g);
    }
  }
  if (iota_.size() < n) {
    iota_.resize(n);
    std::iota(iota_.begin(), iota_.end(), 0u);
  }
  for (auto& a : aggs_) KAPPA_RETURN_IF_ERROR(UpdateAggregate(a, chunk));
  return Status::OK();
}

Status HashAggregateOperator::UpdateAggregate(Agg& a, const Chunk& chunk) {
  const size_t n = chunk.num_rows;
  Column arg_scratch, arg2_scratch;
  const Column* arg = nullptr;
  const Column* arg2 = nullptr;
  if (a.spec.arg) {
    KAPPA_ASSIGN_OR_RETURN(arg, EvaluateColumn(*a.spec.arg, chunk, *ctx_, &arg_scratch));
  }
  if (a.spec.arg2) {
    KAPPA_ASSIGN_OR_RETURN(arg2, EvaluateColumn(*a.spec.arg2, chunk, *ctx_, &arg2_scratch));
  }
  const uint32_t* rows = iota_.data();
  const uint32_t* gids = gids_.data();
  const int64_t* weights = chunk.weights.data();
  size_t m = n;
  if (a.spec.filter) {
    sel_.clear();
    KAPPA_RETURN_IF_ERROR(EvaluatePredicate(*a.spec.filter, chunk, *ctx_, &sel_));
    m = sel_.size();
    sel_gids_.resize(m);
    sel_weights_.resize(m);
    for (size_t k = 0; k < m; ++k) {
      sel_gids_[k] = gids_[sel_[k]];
      sel_weights_[k] = chunk.weights[sel_[k]];
    }
    rows = sel_.data();
    gids = sel_gids_.data();
    weights = sel_weights_.data();
  }
  if (a.seen) {
    KAPPA_RETURN_IF_ERROR(DistinctTransitions(a, *arg, rows, gids, weights, m));
    rows = d_rows_.data();
    gids = d_gids_.data();
    weights = d_weights_.data();
    m = d_rows_.size();
  }
  if (m == 0) return Status::OK();
  if (a.state->WantsRowHashes()) {
    EncodeRowKeys(chunk, KeyMode::kExact, &row_keys_);
    a.state->SetRowHashes(row_keys_.hashes.data());
  }
  return a.state->Update(gids, rows, weights, m, arg, arg2);
}

// Turns changes of (group, value) multiplicities into +1/-1 changes of the
// set of distinct values per group.
Status HashAggregateOperator::DistinctTransitions(Agg& a, const Column& arg,
                                                  const uint32_t* rows, const uint32_t* gids,
                                                  const int64_t* weights, size_t n) {
  d_rows_.clear();
  d_gids_.clear();
  d_weights_.clear();
  EncodedKeys values;
  EncodeKeys({&arg}, arg.size(), KeyMode::kSemantic, &values);
  for (size_t k = 0; k < n; ++k) {
    uint32_t r = rows[k];
    if (arg.nulls[r] || weights[k] == 0) continue;
    std::string_view v = values.Key(r);
    key_buf_.resize(4 + v.size());
    std::memcpy(key_buf_.data(), &gids[k], 4);
    std::memcpy(key_buf_.data() + 4, v.data(), v.size());
    bool inserted;
    uint32_t id = a.seen->FindOrInsert(key_buf_, HashBytes(key_buf_.data(), key_buf_.size()),
                                       &inserted);
    if (a.seen_counts.size() < a.seen->id_limit()) a.seen_counts.resize(a.seen->id_limit(), 0);
    if (inserted) a.seen_counts[id] = 0;
    int64_t before = a.seen_counts[id];
    int64_t after = before + weights[k];
    a.seen_counts[id] = after;
    if ((before > 0) != (after > 0)) {
      d_rows_.push_back(r);
      d_gids_.push_back(gids[k]);
      d_weights_.push_back(after > 0 ? 1 : -1);
    }
    if (after == 0) a.seen->Erase(id);
  }
  return Status::OK();
}

Status HashAggregateOperator::Flush() {
  if (dirty_list_.empty()) return Status::OK();
  const bool global = group_exprs_.empty();
  std::vector<uint32_t> live, removed;
  for (uint32_t g : dirty_list_) {
    dirty_[g] = 0;
    (global || row_count_[g] > 0 ? live : removed).push_back(g);
  }
  dirty_list_.clear();
  if (emitted_rows_.num_rows < groups_.id_limit()) {
    for (auto& c : emitted_rows_.columns) ResizeColumn(&c, groups_.id_limit());
    emitted_rows_.num_rows = groups_.id_limit();
    emitted_rows_.weights.resize(emitted_rows_.num_rows, 1);
  }
  const size_t num_groups = group_exprs_.size();
  std::vector<uint32_t> retract, insert, insert_gids;
  for (size_t start = 0; start < live.size() || start == 0; start += kChunkRows) {
    const size_t end = std::min(live.size(), start + kChunkRows);
    const size_t count = end - start;
    const uint32_t* ids = live.data() + start;
    Chunk fresh(output_types_);
    for (size_t i = 0; i < num_groups; ++i) {
      AppendGathered(&fresh.columns[i], group_rows_.columns[i], ids, count);
    }
    for (size_t j = 0; j < aggs_.size(); ++j) {
      KAPPA_RETURN_IF_ERROR(aggs_[j].state->Finalize(ids, count, &fresh.columns[num_groups + j]));
    }
    retract.clear();
    insert.clear();
    insert_gids.clear();
    for (size_t k = 0; k < count; ++k) {
      uint32_t g = ids[k];
      if (emitted_[g]) {
        bool same = true;
        for (size_t c = 0; c < output_types_.size() && same; ++c) {
          same = SameValue(fresh.columns[c], k, emitted_rows_.columns[c], g);
        }
        if (same) continue;
        retract.push_back(g);
      }
      insert.push_back(static_cast<uint32_t>(k));
      insert_gids.push_back(g);
    }
    if (end == live.size()) {
      // The last slice also retracts the groups that disappeared.
      for (uint32_t g : removed) {
        if (emitted_[g]) retract.push_back(g);
      }
    }
    Chunk out(output_types_);
    for (size_t c = 0; c < output_types_.size(); ++c) {
      AppendGathered(&out.columns[c], emitted_rows_.columns[c], retract.data(), retract.size());
      AppendGathered(&out.columns[c], fresh.columns[c], insert.data(), insert.size());
    }
    out.num_rows = retract.size() + insert.size();
    out.weights.assign(retract.size(), -1);
    out.weights.resize(out.num_rows, 1);
    for (size_t k = 0; k < insert.size(); ++k) {
      uint32_t g = insert_gids[k];
      for (size_t c = 0; c < output_types_.size(); ++c) {
        SetColumnValue(&emitted_rows_.columns[c], g, fresh.columns[c], insert[k]);
      }
      emitted_[g] = 1;
    }
    KAPPA_RETURN_IF_ERROR(Emit(std::move(out)));
    if (live.empty()) break;
  }
  for (uint32_t g : removed) {
    emitted_[g] = 0;
    row_count_[g] = 0;
    for (auto& a : aggs_) a.state->Reset(g);
    groups_.Erase(g);
  }
  return Status::OK();
}

Status HashAggregateOperator::OnBarrier(int port, uint64_t epoch) {
  if (!BarrierComplete(port, epoch)) return Status::OK();
  KAPPA_RETURN_IF_ERROR(Flush());
  return EmitBarrier(epoch);
}

Status HashAggregateOperator::OnEnd(int port) {
  if (!AllEnded(port)) return Status::OK();
  KAPPA_RETURN_IF_ERROR(Flush());
  return EmitEnd();
}

std::string HashAggregateOperator::Describe() const {
  std::string s = "HashAggregate(groups=" + DescribeExprs(group_exprs_) + ", aggs=[";
  for (size_t i = 0; i < aggs_.size(); ++i) {
    if (i) s += ", ";
    s += aggs_[i].spec.name;
  }
  return s + "])";
}

uint64_t HashAggregateOperator::StateBytes() const {
  uint64_t b = groups_.bytes() + row_count_.size() * 10;
  for (const auto& a : aggs_) {
    b += a.state->Bytes();
    if (a.seen) b += a.seen->bytes() + a.seen_counts.size() * 8;
  }
  return b;
}

}  // namespace kappa
