#include "executor/hash_aggregate_operator.h"

#include <algorithm>
#include <cstring>
#include <numeric>

#include "executor/project_operator.h"
#include "storage/row_codec.h"

namespace kappa {

using namespace state_codec;

namespace {

constexpr char kGroupTag = 'G';
constexpr char kWatermarkKey[] = "W";
constexpr uint8_t kEmittedFlag = 1;
constexpr uint8_t kDirtyFlag = 2;

// The smallest string greater than every string with prefix `p`.
std::string PrefixEnd(std::string p) {
  while (!p.empty() && static_cast<uint8_t>(p.back()) == 0xff) p.pop_back();
  if (p.empty()) return std::string(1, '\xff') + std::string(1, '\xff');
  p.back() = static_cast<char>(static_cast<uint8_t>(p.back()) + 1);
  return p;
}

// One row (`g` of `src`) as a row_codec blob.
std::string EncodeOneRow(const Chunk& src, uint32_t g) {
  Chunk one(src.Types());
  for (size_t c = 0; c < src.columns.size(); ++c) {
    AppendGathered(&one.columns[c], src.columns[c], &g, 1);
  }
  one.num_rows = 1;
  one.weights.push_back(1);
  std::string out;
  EncodeRows(one, &out);
  return out;
}

}  // namespace

Result<std::unique_ptr<HashAggregateOperator>> HashAggregateOperator::Create(
    std::vector<BoundExprPtr> group_exprs, std::vector<AggregateSpec> aggregates,
    std::shared_ptr<const EvalContext> ctx, bool emit_on_window_close) {
  std::vector<Agg> aggs;
  for (auto& spec : aggregates) {
    Agg a;
    a.state = MakeAggregateState(spec.agg);
    if (a.state == nullptr) {
      return Status::NotSupported("aggregate " + spec.name + " is not supported");
    }
    if (spec.append_only_input) a.state->SetAppendOnlyInput();
    if (spec.distinct && spec.arg != nullptr) a.seen = std::make_unique<KeyTable>();
    a.spec = std::move(spec);
    aggs.push_back(std::move(a));
  }
  return std::unique_ptr<HashAggregateOperator>(
      new HashAggregateOperator(std::move(group_exprs), std::move(aggs), std::move(ctx),
                                emit_on_window_close));
}

HashAggregateOperator::HashAggregateOperator(std::vector<BoundExprPtr> group_exprs,
                                             std::vector<Agg> aggs,
                                             std::shared_ptr<const EvalContext> ctx,
                                             bool emit_on_window_close)
    : group_exprs_(std::move(group_exprs)),
      aggs_(std::move(aggs)),
      ctx_(std::move(ctx)),
      emit_on_window_close_(emit_on_window_close) {
  std::vector<DataType> group_types;
  for (const auto& e : group_exprs_) group_types.push_back(e->type);
  wms_.resize(group_exprs_.size());
  for (size_t i = 0; i < group_exprs_.size(); ++i) {
    const BoundExpr& e = *group_exprs_[i];
    if (e.kind == BoundExprKind::kColumnRef && Physical(e.type) == PhysicalKind::kInt64) {
      wms_[i].eligible = true;
      wms_[i].input_column = e.column_index;
      any_eligible_ = true;
    }
  }
  for (const auto& a : aggs_) has_distinct_ |= a.seen != nullptr;
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
  save_dirty_.resize(limit, 0);
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
    if (any_eligible_) {
      for (uint32_t r : append_rows) NoteNewKey(gids_[r]);
      for (const auto& gr : reuse) NoteNewKey(gr.first);
    }
  }
  const int64_t* w = chunk.weights.data();
  for (size_t r = 0; r < n; ++r) {
    uint32_t g = gids_[r];
    row_count_[g] += w[r];
    if (!dirty_[g]) {
      dirty_[g] = 1;
      dirty_list_.push_back(g);
      if (durable_) MarkSaveDirty(g);
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
    if (a.seen_counts.size() < a.seen->id_limit()) {
      a.seen_counts.resize(a.seen->id_limit(), 0);
      if (durable_) a.seen_dirty.resize(a.seen->id_limit(), 0);
    }
    if (inserted) a.seen_counts[id] = 0;
    if (durable_ && !a.seen_dirty[id]) {
      a.seen_dirty[id] = 1;
      a.seen_dirty_list.push_back(id);
    }
    int64_t before = a.seen_counts[id];
    int64_t after = before + weights[k];
    a.seen_counts[id] = after;
    if ((before > 0) != (after > 0)) {
      d_rows_.push_back(r);
      d_gids_.push_back(gids[k]);
      d_weights_.push_back(after > 0 ? 1 : -1);
    }
    // Durable mode keeps a value at count 0 until SaveState has deleted it.
    if (after == 0 && !durable_) a.seen->Erase(id);
  }
  return Status::OK();
}

Status HashAggregateOperator::Flush() {
  if (dirty_list_.empty()) return Status::OK();
  const bool global = group_exprs_.empty();
  std::vector<uint32_t> live, removed;
  for (uint32_t g : dirty_list_) {
    dirty_[g] = 0;
    if (durable_) MarkSaveDirty(g);
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
  // (Their DISTINCT values all are at count 0, so already erased or, in
  // durable mode, erased by the next SaveState.)
  for (uint32_t g : removed) DropGroup(g);
  return Status::OK();
}

void HashAggregateOperator::NoteNewKey(uint32_t g) {
  for (size_t i = 0; i < wms_.size(); ++i) {
    if (!wms_[i].eligible) continue;
    const Column& c = group_rows_.columns[i];
    if (!c.nulls[g]) wms_[i].min_key = std::min(wms_[i].min_key, c.ints[g]);
  }
}

void HashAggregateOperator::DropGroup(uint32_t g) {
  if (durable_) removed_keys_.push_back(DurableGroupKey(g));
  emitted_[g] = 0;
  row_count_[g] = 0;
  dirty_[g] = 0;
  for (auto& a : aggs_) a.state->Reset(g);
  groups_.Erase(g);
}

void HashAggregateOperator::PurgeDistinct(const std::vector<uint8_t>& drop) {
  for (auto& a : aggs_) {
    if (!a.seen) continue;
    for (uint32_t id = 0; id < a.seen->id_limit(); ++id) {
      if (!a.seen->IsLive(id)) continue;
      uint32_t gid;
      std::memcpy(&gid, a.seen->Key(id).data(), 4);
      if (gid < drop.size() && drop[gid]) {
        a.seen_counts[id] = 0;
        a.seen->Erase(id);
      }
    }
  }
}

Status HashAggregateOperator::OnWatermark(int /*port*/, int column, int64_t value) {
  for (auto& wm : wms_) {
    if (!wm.eligible || wm.input_column != column) continue;
    if (wm.has && value <= wm.value) continue;
    wm.has = true;
    wm.value = value;
    wm_changed_ = true;
  }
  return Status::OK();
}

Status HashAggregateOperator::Advance() {
  if (!emit_on_window_close_) {
    KAPPA_RETURN_IF_ERROR(Flush());
  } else {
    // Nothing is emitted before a group closes; groups left without rows
    // simply go away (they never were emitted).
    const bool global = group_exprs_.empty();
    for (uint32_t g : dirty_list_) {
      dirty_[g] = 0;
      if (durable_) MarkSaveDirty(g);
      if (!global && row_count_[g] <= 0 && groups_.IsLive(g)) DropGroup(g);
    }
    dirty_list_.clear();
  }
  return ApplyWatermarks();
}

Status HashAggregateOperator::ApplyWatermarks() {
  std::vector<size_t> advanced;
  for (size_t i = 0; i < wms_.size(); ++i) {
    const GroupWatermark& wm = wms_[i];
    if (wm.has && (!wm.has_applied || wm.value > wm.applied)) advanced.push_back(i);
  }
  if (advanced.empty()) return Status::OK();
  // Groups whose key in an advanced column is below its watermark.
  std::vector<uint32_t> closed;
  std::vector<uint8_t> closing;
  for (size_t i : advanced) {
    GroupWatermark& wm = wms_[i];
    if (wm.value <= wm.min_key) continue;
    closing.resize(groups_.id_limit(), 0);
    const Column& c = group_rows_.columns[i];
    int64_t min_left = INT64_MAX;
    const uint32_t limit = std::min<uint32_t>(groups_.id_limit(), c.size());
    for (uint32_t g = 0; g < limit; ++g) {
      if (!groups_.IsLive(g) || c.nulls[g]) continue;
      if (c.ints[g] < wm.value) {
        if (!closing[g]) {
          closing[g] = 1;
          closed.push_back(g);
        }
      } else {
        min_left = std::min(min_left, c.ints[g]);
      }
    }
    wm.min_key = min_left;
  }
  if (!closed.empty()) {
    std::sort(closed.begin(), closed.end());
    if (emit_on_window_close_) {
      // Each closed group's final row, once, as an insert.
      std::vector<uint32_t> nonempty;
      for (uint32_t g : closed) {
        if (row_count_[g] > 0) nonempty.push_back(g);
      }
      const size_t num_groups = group_exprs_.size();
      for (size_t start = 0; start < nonempty.size(); start += kChunkRows) {
        const size_t count = std::min(nonempty.size() - start, kChunkRows);
        const uint32_t* ids = nonempty.data() + start;
        Chunk out(output_types_);
        for (size_t i = 0; i < num_groups; ++i) {
          AppendGathered(&out.columns[i], group_rows_.columns[i], ids, count);
        }
        for (size_t j = 0; j < aggs_.size(); ++j) {
          KAPPA_RETURN_IF_ERROR(
              aggs_[j].state->Finalize(ids, count, &out.columns[num_groups + j]));
        }
        out.num_rows = count;
        out.weights.assign(count, 1);
        KAPPA_RETURN_IF_ERROR(Emit(std::move(out)));
      }
    }
    if (has_distinct_) PurgeDistinct(closing);
    for (uint32_t g : closed) DropGroup(g);
  }
  for (size_t i : advanced) {
    GroupWatermark& wm = wms_[i];
    wm.has_applied = true;
    wm.applied = wm.value;
    wm_changed_ = true;
    KAPPA_RETURN_IF_ERROR(EmitWatermark(static_cast<int>(i), wm.value));
  }
  return Status::OK();
}

Status HashAggregateOperator::OnBarrier(int port, uint64_t epoch) {
  if (!BarrierComplete(port, epoch)) return Status::OK();
  KAPPA_RETURN_IF_ERROR(Advance());
  return EmitBarrier(epoch);
}

Status HashAggregateOperator::OnEnd(int port) {
  if (!AllEnded(port)) return Status::OK();
  KAPPA_RETURN_IF_ERROR(Advance());
  return EmitEnd();
}

// ---------------------------------------------------------------- durable state

std::string HashAggregateOperator::DurableGroupKey(uint32_t g) const {
  std::string k(1, kGroupTag);
  PutBytes(&k, groups_.Key(g));
  return k;
}

std::string HashAggregateOperator::EncodeGroup(uint32_t g) const {
  std::string v;
  uint8_t flags = (emitted_[g] ? kEmittedFlag : 0) | (dirty_[g] ? kDirtyFlag : 0);
  v.push_back(static_cast<char>(flags));
  PutFixed64(&v, static_cast<uint64_t>(row_count_[g]));
  if (!group_exprs_.empty()) PutBytes(&v, EncodeOneRow(group_rows_, g));
  if (emitted_[g]) PutBytes(&v, EncodeOneRow(emitted_rows_, g));
  std::string agg;
  for (const auto& a : aggs_) {
    agg.clear();
    a.state->Save(g, &agg);
    PutBytes(&v, agg);
  }
  return v;
}

Status HashAggregateOperator::SaveState(StateWriter& w) {
  if (!durable_) {
    // First save of a fresh operator: everything it holds.
    durable_ = true;
    w.DeleteRange(std::string(1, kGroupTag), PrefixEnd(std::string(1, kGroupTag)));
    for (uint32_t g = 0; g < groups_.id_limit(); ++g) {
      if (groups_.IsLive(g)) MarkSaveDirty(g);
    }
    for (auto& a : aggs_) {
      if (!a.seen) continue;
      a.seen_dirty.assign(a.seen->id_limit(), 0);
      for (uint32_t id = 0; id < a.seen->id_limit(); ++id) {
        if (!a.seen->IsLive(id)) continue;
        a.seen_dirty[id] = 1;
        a.seen_dirty_list.push_back(id);
      }
    }
    wm_changed_ = true;
  }
  for (const std::string& k : removed_keys_) {
    if (has_distinct_) {
      w.DeleteRange(k, PrefixEnd(k));
    } else {
      w.Delete(k);
    }
  }
  removed_keys_.clear();
  for (uint32_t g : save_dirty_list_) {
    save_dirty_[g] = 0;
    if (groups_.IsLive(g)) w.Put(DurableGroupKey(g), EncodeGroup(g));
  }
  save_dirty_list_.clear();
  std::string key, count;
  for (size_t j = 0; j < aggs_.size(); ++j) {
    Agg& a = aggs_[j];
    if (!a.seen) continue;
    for (uint32_t id : a.seen_dirty_list) {
      a.seen_dirty[id] = 0;
      if (!a.seen->IsLive(id)) continue;
      std::string_view sk = a.seen->Key(id);
      uint32_t gid;
      std::memcpy(&gid, sk.data(), 4);
      const int64_t c = a.seen_counts[id];
      if (gid < groups_.id_limit() && groups_.IsLive(gid)) {
        key = DurableGroupKey(gid);
        key.push_back(static_cast<char>(j));
        key.append(sk.substr(4));
        if (c == 0) {
          w.Delete(key);
        } else {
          count.clear();
          PutFixed64(&count, static_cast<uint64_t>(c));
          w.Put(key, count);
        }
      }
      // (A value of a removed group went with the group's key range.)
      if (c == 0) a.seen->Erase(id);
    }
    a.seen_dirty_list.clear();
  }
  if (wm_changed_) {
    std::string v;
    PutVarint(&v, wms_.size());
    for (const auto& wm : wms_) {
      v.push_back(static_cast<char>((wm.has ? 1 : 0) | (wm.has_applied ? 2 : 0)));
      PutFixed64(&v, static_cast<uint64_t>(wm.value));
      PutFixed64(&v, static_cast<uint64_t>(wm.applied));
    }
    w.Put(kWatermarkKey, v);
    wm_changed_ = false;
  }
  return Status::OK();
}

Status HashAggregateOperator::LoadGroup(std::string_view key, std::string_view in) {
  if (in.empty()) return Corrupt("empty group record");
  const uint8_t flags = static_cast<uint8_t>(in.front());
  in.remove_prefix(1);
  int64_t rows;
  if (!GetInt64(&in, &rows)) return Corrupt("truncated group record");
  bool inserted;
  const uint32_t g = groups_.FindOrInsert(key, HashBytes(key.data(), key.size()), &inserted);
  if (!inserted && !group_exprs_.empty()) return Corrupt("duplicate group record");
  Grow(groups_.id_limit());
  if (!group_exprs_.empty()) {
    std::string_view blob;
    if (!GetBytes(&in, &blob)) return Corrupt("truncated group record");
    Chunk one(group_rows_.Types());
    KAPPA_RETURN_IF_ERROR(DecodeRows(blob, &one));
    if (one.num_rows != 1) return Corrupt("bad group key row");
    if (group_rows_.num_rows <= g) {
      for (auto& c : group_rows_.columns) ResizeColumn(&c, g + 1);
      group_rows_.num_rows = g + 1;
      group_rows_.weights.resize(g + 1, 1);
    }
    for (size_t i = 0; i < one.columns.size(); ++i) {
      SetColumnValue(&group_rows_.columns[i], g, one.columns[i], 0);
    }
    if (any_eligible_) NoteNewKey(g);
  }
  row_count_[g] = rows;
  if (flags & kEmittedFlag) {
    std::string_view blob;
    if (!GetBytes(&in, &blob)) return Corrupt("truncated group record");
    Chunk one(output_types_);
    KAPPA_RETURN_IF_ERROR(DecodeRows(blob, &one));
    if (one.num_rows != 1) return Corrupt("bad emitted row");
    if (emitted_rows_.num_rows < groups_.id_limit()) {
      for (auto& c : emitted_rows_.columns) ResizeColumn(&c, groups_.id_limit());
      emitted_rows_.num_rows = groups_.id_limit();
      emitted_rows_.weights.resize(emitted_rows_.num_rows, 1);
    }
    for (size_t i = 0; i < one.columns.size(); ++i) {
      SetColumnValue(&emitted_rows_.columns[i], g, one.columns[i], 0);
    }
    emitted_[g] = 1;
  }
  for (auto& a : aggs_) {
    std::string_view blob;
    if (!GetBytes(&in, &blob)) return Corrupt("truncated group record");
    a.state->Reset(g);
    KAPPA_RETURN_IF_ERROR(a.state->Load(g, &blob));
    if (!blob.empty()) return Corrupt("trailing aggregate state");
  }
  if (!in.empty()) return Corrupt("trailing group record bytes");
  const bool dirty = (flags & kDirtyFlag) != 0;
  if (dirty && !dirty_[g]) {
    dirty_[g] = 1;
    dirty_list_.push_back(g);
  } else if (!dirty && dirty_[g]) {
    dirty_[g] = 0;
    dirty_list_.erase(std::remove(dirty_list_.begin(), dirty_list_.end(), g), dirty_list_.end());
  }
  return Status::OK();
}

Status HashAggregateOperator::LoadDistinct(std::string_view key, std::string_view rest,
                                           std::string_view count) {
  const size_t j = static_cast<uint8_t>(rest.front());
  if (j >= aggs_.size() || !aggs_[j].seen) return Corrupt("bad DISTINCT record");
  int64_t c;
  if (!GetInt64(&count, &c) || !count.empty() || c == 0) return Corrupt("bad DISTINCT count");
  const uint32_t gid = groups_.Find(key, HashBytes(key.data(), key.size()));
  if (gid == kNoId) return Corrupt("DISTINCT value without its group");
  Agg& a = aggs_[j];
  std::string k(4 + rest.size() - 1, '\0');
  std::memcpy(k.data(), &gid, 4);
  std::memcpy(k.data() + 4, rest.data() + 1, rest.size() - 1);
  bool inserted;
  const uint32_t id = a.seen->FindOrInsert(k, HashBytes(k.data(), k.size()), &inserted);
  if (!inserted) return Corrupt("duplicate DISTINCT record");
  if (a.seen_counts.size() < a.seen->id_limit()) a.seen_counts.resize(a.seen->id_limit(), 0);
  if (a.seen_dirty.size() < a.seen->id_limit()) a.seen_dirty.resize(a.seen->id_limit(), 0);
  a.seen_counts[id] = c;
  return Status::OK();
}

Status HashAggregateOperator::LoadWatermarks(std::string_view in) {
  uint64_t n;
  if (!GetVarint(&in, &n) || n != wms_.size()) return Corrupt("bad watermark record");
  for (auto& wm : wms_) {
    if (in.empty()) return Corrupt("truncated watermark record");
    const uint8_t flags = static_cast<uint8_t>(in.front());
    in.remove_prefix(1);
    if (!GetInt64(&in, &wm.value) || !GetInt64(&in, &wm.applied)) {
      return Corrupt("truncated watermark record");
    }
    wm.has = (flags & 1) != 0;
    wm.has_applied = (flags & 2) != 0;
  }
  return in.empty() ? Status::OK() : Corrupt("trailing watermark bytes");
}

Status HashAggregateOperator::LoadState(StateReader& r) {
  durable_ = true;
  KAPPA_RETURN_IF_ERROR(r.Scan([&](std::string_view key, std::string_view value) -> Status {
    if (key == kWatermarkKey) return LoadWatermarks(value);
    if (key.empty() || key.front() != kGroupTag) return Corrupt("unknown state key");
    std::string_view rest = key.substr(1);
    std::string_view group_key;
    if (!GetBytes(&rest, &group_key)) return Corrupt("bad group key");
    if (rest.empty()) return LoadGroup(group_key, value);
    return LoadDistinct(group_key, rest, value);
  }));
  save_dirty_.assign(save_dirty_.size(), 0);
  save_dirty_list_.clear();
  removed_keys_.clear();
  wm_changed_ = false;
  return Status::OK();
}

std::string HashAggregateOperator::Describe() const {
  std::string s = "HashAggregate(groups=" + DescribeExprs(group_exprs_) + ", aggs=[";
  for (size_t i = 0; i < aggs_.size(); ++i) {
    if (i) s += ", ";
    s += aggs_[i].spec.name;
  }
  s += "]";
  if (emit_on_window_close_) s += ", emit=on_window_close";
  return s + ", state_rows=" + std::to_string(StateRows()) + ")";
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
