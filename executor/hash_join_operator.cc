#include "executor/hash_join_operator.h"

#include <algorithm>
#include <climits>

#include "executor/project_operator.h"

namespace kappa {

const char* JoinTypeName(JoinType t) {
  switch (t) {
    case JoinType::kInner: return "Inner";
    case JoinType::kLeft: return "Left";
    case JoinType::kRight: return "Right";
    case JoinType::kFull: return "Full";
    case JoinType::kSemi: return "Semi";
    case JoinType::kAnti: return "Anti";
    case JoinType::kAntiNullAware: return "AntiNullAware";
  }
  return "?";
}

struct HashJoinOperator::Side {
  Side(std::vector<DataType> t, std::vector<BoundExprPtr> k)
      : types(std::move(t)), key_exprs(std::move(k)), rows(types, KeyMode::kExact, 1, false) {}

  void Grow() {
    size_t n = rows.id_limit();
    if (key_of.size() < n) {
      key_of.resize(n, kNoId);
      next.resize(n, kNoId);
      prev.resize(n, kNoId);
      match.resize(n, 0);
    }
    if (head.size() < keys.id_limit()) head.resize(keys.id_limit(), kNoId);
  }
  void Link(uint32_t id, uint32_t kid) {
    key_of[id] = kid;
    prev[id] = kNoId;
    next[id] = head[kid];
    if (head[kid] != kNoId) prev[head[kid]] = id;
    head[kid] = id;
  }
  void Unlink(uint32_t id) {
    uint32_t kid = key_of[id];
    if (kid == kNoId) return;
    if (prev[id] != kNoId) {
      next[prev[id]] = next[id];
    } else {
      head[kid] = next[id];
    }
    if (next[id] != kNoId) prev[next[id]] = prev[id];
    key_of[id] = kNoId;
    if (head[kid] == kNoId) keys.Erase(kid);
  }

  std::vector<DataType> types;
  std::vector<BoundExprPtr> key_exprs;
  RowMultiset rows;                // row -> multiplicity
  KeyTable keys;                   // join key -> key id
  std::vector<uint32_t> head;      // key id -> first row id
  std::vector<uint32_t> key_of;    // row id -> key id (kNoId: NULL key)
  std::vector<uint32_t> next, prev;
  std::vector<int64_t> match;      // row id -> matching multiplicity on the other side
  int64_t total = 0;               // sum of multiplicities
  int64_t null_total = 0;          // ... of rows with a NULL key
  EncodedKeys scratch;
};

// Collects output rows as (left source row, right source row, weight) and
// gathers them column-wise into chunks of about kChunkRows rows.
class HashJoinOperator::Output {
 public:
  Output(HashJoinOperator* op, size_t left_width, bool with_right)
      : op_(op), left_width_(left_width), with_right_(with_right), out_(op->output_types_) {}

  // kNoId for a side means NULLs; a null source means NULLs for every row.
  Status Add(const Chunk* lsrc, uint32_t l, const Chunk* rsrc, uint32_t r, int64_t w) {
    if (w == 0) return Status::OK();
    if (lsrc != lsrc_ || rsrc != rsrc_) {
      KAPPA_RETURN_IF_ERROR(FlushSegment());
      lsrc_ = lsrc;
      rsrc_ = rsrc;
    }
    l_.push_back(l);
    r_.push_back(r);
    w_.push_back(w);
    if (l_.size() + out_.num_rows >= kChunkRows) return FlushSegment();
    return Status::OK();
  }
  Status Finish() {
    KAPPA_RETURN_IF_ERROR(FlushSegment());
    return EmitOut();
  }

 private:
  Status FlushSegment() {
    if (l_.empty()) return Status::OK();
    const size_t n = l_.size();
    for (size_t c = 0; c < left_width_; ++c) {
      if (lsrc_) {
        AppendGathered(&out_.columns[c], lsrc_->columns[c], l_.data(), n);
      } else {
        AppendNulls(&out_.columns[c], n);
      }
    }
    if (with_right_) {
      for (size_t c = left_width_; c < out_.columns.size(); ++c) {
        if (rsrc_) {
          AppendGathered(&out_.columns[c], rsrc_->columns[c - left_width_], r_.data(), n);
        } else {
          AppendNulls(&out_.columns[c], n);
        }
      }
    }
    out_.weights.insert(out_.weights.end(), w_.begin(), w_.end());
    out_.num_rows += n;
    l_.clear();
    r_.clear();
    w_.clear();
    if (out_.num_rows >= kChunkRows) return EmitOut();
    return Status::OK();
  }
  Status EmitOut() {
    if (out_.num_rows == 0) return Status::OK();
    Chunk c = std::move(out_);
    out_ = Chunk(op_->output_types_);
    return op_->Emit(std::move(c));
  }

  HashJoinOperator* op_;
  size_t left_width_;
  bool with_right_;
  Chunk out_;
  const Chunk* lsrc_ = nullptr;
  const Chunk* rsrc_ = nullptr;
  std::vector<uint32_t> l_, r_;
  std::vector<int64_t> w_;
};

HashJoinOperator::HashJoinOperator(JoinType type, std::vector<DataType> left_types,
                                   std::vector<DataType> right_types,
                                   std::vector<BoundExprPtr> left_keys,
                                   std::vector<BoundExprPtr> right_keys, BoundExprPtr residual,
                                   std::shared_ptr<const EvalContext> ctx)
    : type_(type),
      left_types_(left_types),
      right_types_(right_types),
      residual_(std::move(residual)),
      ctx_(std::move(ctx)),
      input_(std::vector<std::vector<DataType>>{left_types, right_types}) {
  SetNumInputs(2);
  input_.DeferRecording();
  output_types_ = left_types_;
  const bool semi_anti =
      type_ == JoinType::kSemi || type_ == JoinType::kAnti || type_ == JoinType::kAntiNullAware;
  if (!semi_anti) output_types_.insert(output_types_.end(), right_types_.begin(), right_types_.end());
  sides_[0] = std::make_unique<Side>(std::move(left_types), std::move(left_keys));
  sides_[1] = std::make_unique<Side>(std::move(right_types), std::move(right_keys));
  if (type_ != JoinType::kAntiNullAware) {
    const auto& lk = sides_[0]->key_exprs;
    const auto& rk = sides_[1]->key_exprs;
    for (size_t i = 0; i < lk.size() && i < rk.size(); ++i) {
      if (lk[i]->kind != BoundExprKind::kColumnRef || rk[i]->kind != BoundExprKind::kColumnRef) {
        continue;
      }
      if (Physical(lk[i]->type) != PhysicalKind::kInt64 ||
          Physical(rk[i]->type) != PhysicalKind::kInt64) {
        continue;
      }
      WmPair p;
      p.col[0] = lk[i]->column_index;
      p.col[1] = rk[i]->column_index;
      wm_pairs_.push_back(p);
    }
  }
  for (int s = 0; s < 2; ++s) {
    wm_[s].assign(sides_[s]->types.size(), 0);
    has_wm_[s].assign(sides_[s]->types.size(), 0);
  }
  fwd_.assign(output_types_.size(), 0);
  has_fwd_.assign(output_types_.size(), 0);
}

HashJoinOperator::~HashJoinOperator() = default;

bool HashJoinOperator::PadsSide(int s) const {
  if (type_ == JoinType::kFull) return true;
  return s == 0 ? type_ == JoinType::kLeft : type_ == JoinType::kRight;
}

Status HashJoinOperator::OnChanges(int port, Chunk chunk) {
  if (chunk.num_rows == 0) return Status::OK();
  input_.Record(port, chunk);
  return ProcessDelta(port, chunk);
}

Status HashJoinOperator::ProcessDelta(int s, const Chunk& delta) {
  Side& S = *sides_[s];
  Side& O = *sides_[1 - s];
  const size_t n = delta.num_rows;
  const bool semi_anti =
      type_ == JoinType::kSemi || type_ == JoinType::kAnti || type_ == JoinType::kAntiNullAware;
  Output out(this, left_types_.size(), !semi_anti);

  std::vector<Column> scratch(S.key_exprs.size());
  std::vector<const Column*> cols(S.key_exprs.size());
  for (size_t i = 0; i < S.key_exprs.size(); ++i) {
    KAPPA_ASSIGN_OR_RETURN(cols[i], EvaluateColumn(*S.key_exprs[i], delta, *ctx_, &scratch[i]));
  }
  EncodedKeys keys;
  EncodeKeys(cols, n, KeyMode::kSemantic, &keys);

  const int64_t old_total = S.total, old_nulls = S.null_total;
  std::vector<int64_t> m(n, 0);
  std::vector<uint32_t> cand_d, cand_o;
  for (size_t i = 0; i < n; ++i) {
    if (keys.has_null[i]) continue;
    uint32_t kid = O.keys.Find(keys.Key(i), keys.hashes[i]);
    if (kid == kNoId) continue;
    for (uint32_t o = O.head[kid]; o != kNoId; o = O.next[o]) {
      cand_d.push_back(static_cast<uint32_t>(i));
      cand_o.push_back(o);
      if (cand_d.size() >= kChunkRows) {
        KAPPA_RETURN_IF_ERROR(ProcessPairs(s, delta, &cand_d, &cand_o, &m, &out));
      }
    }
  }
  KAPPA_RETURN_IF_ERROR(ProcessPairs(s, delta, &cand_d, &cand_o, &m, &out));

  // The delta rows' own output: NULL-padded, or semi/anti membership.
  const Chunk* d = &delta;
  for (size_t i = 0; i < n; ++i) {
    const uint32_t r = static_cast<uint32_t>(i);
    const int64_t w = delta.weights[i];
    const bool matched = m[i] > 0;
    if (PadsSide(s)) {
      if (!matched) {
        KAPPA_RETURN_IF_ERROR(s == 0 ? out.Add(d, r, nullptr, kNoId, w)
                                     : out.Add(nullptr, kNoId, d, r, w));
      }
    } else if (s == 0 && type_ == JoinType::kSemi) {
      if (matched) KAPPA_RETURN_IF_ERROR(out.Add(d, r, nullptr, kNoId, w));
    } else if (s == 0 && type_ == JoinType::kAnti) {
      if (!matched) KAPPA_RETURN_IF_ERROR(out.Add(d, r, nullptr, kNoId, w));
    } else if (s == 0 && type_ == JoinType::kAntiNullAware) {
      bool qualifies = keys.has_null[i] ? O.total == 0 : (O.null_total == 0 && !matched);
      if (qualifies) KAPPA_RETURN_IF_ERROR(out.Add(d, r, nullptr, kNoId, w));
    }
  }
  // Once the other input has ended, this side's rows can never match a
  // future change: keep only the totals (a batch join streams its probe side).
  const bool keep_rows = !ended_[1 - s];
  ApplyDelta(S, delta, keys, m, keep_rows);
  if (keep_rows) {
    // Lower bounds of the stored key values, for watermark cleanup.
    for (WmPair& p : wm_pairs_) {
      const Column& c = delta.columns[p.col[s]];
      int64_t lo = p.lower[s];
      for (size_t i = 0; i < n; ++i) {
        if (!c.nulls[i] && c.ints[i] < lo) lo = c.ints[i];
      }
      p.lower[s] = lo;
    }
  }
  if (s == 1 && type_ == JoinType::kAntiNullAware) {
    KAPPA_RETURN_IF_ERROR(NullAwareRecheck(old_total, old_nulls, &out));
  }
  return out.Finish();
}

Status HashJoinOperator::ProcessPairs(int s, const Chunk& delta, std::vector<uint32_t>* cand_d,
                                      std::vector<uint32_t>* cand_o, std::vector<int64_t>* m,
                                      Output* out) {
  if (cand_d->empty()) return Status::OK();
  if (cancel_ && cancel_->load(std::memory_order_relaxed)) {
    return Status::Error(sqlstate::kQueryCanceled, "canceling statement due to user request");
  }
  Side& O = *sides_[1 - s];
  const Chunk* ochunk = &O.rows.rows();
  const size_t n = cand_d->size();
  std::vector<uint32_t> selected;
  if (residual_) {
    // Evaluate the residual on the joined candidate rows.
    Chunk joined;
    joined.columns.reserve(left_types_.size() + right_types_.size());
    const Chunk& lsrc = s == 0 ? delta : *ochunk;
    const Chunk& rsrc = s == 0 ? *ochunk : delta;
    const uint32_t* lidx = s == 0 ? cand_d->data() : cand_o->data();
    const uint32_t* ridx = s == 0 ? cand_o->data() : cand_d->data();
    for (size_t c = 0; c < left_types_.size(); ++c) {
      joined.columns.emplace_back(left_types_[c]);
      AppendGathered(&joined.columns.back(), lsrc.columns[c], lidx, n);
    }
    for (size_t c = 0; c < right_types_.size(); ++c) {
      joined.columns.emplace_back(right_types_[c]);
      AppendGathered(&joined.columns.back(), rsrc.columns[c], ridx, n);
    }
    joined.num_rows = n;
    joined.weights.assign(n, 1);
    KAPPA_RETURN_IF_ERROR(EvaluatePredicate(*residual_, joined, *ctx_, &selected));
  } else {
    selected.resize(n);
    for (size_t k = 0; k < n; ++k) selected[k] = static_cast<uint32_t>(k);
  }
  const bool emit_pairs = type_ == JoinType::kInner || type_ == JoinType::kLeft ||
                          type_ == JoinType::kRight || type_ == JoinType::kFull;
  const bool o_pads = PadsSide(1 - s);
  const bool o_semi_anti =
      s == 1 && (type_ == JoinType::kSemi || type_ == JoinType::kAnti);
  const bool o_null_aware = s == 1 && type_ == JoinType::kAntiNullAware;
  const Chunk* d = &delta;
  for (uint32_t k : selected) {
    const uint32_t i = (*cand_d)[k];
    const uint32_t o = (*cand_o)[k];
    const int64_t wi = delta.weights[i];
    const int64_t wo = O.rows.count(o);
    (*m)[i] += wo;
    if (emit_pairs) {
      KAPPA_RETURN_IF_ERROR(s == 0 ? out->Add(d, i, ochunk, o, wi * wo)
                                   : out->Add(ochunk, o, d, i, wi * wo));
    }
    const int64_t before = O.match[o];
    if (o_null_aware) {
      if (touched_flag_.size() < O.match.size()) touched_flag_.resize(O.match.size(), 0);
      if (!touched_flag_[o]) {
        touched_flag_[o] = 1;
        touched_.push_back(o);
        touched_old_.push_back(before);
      }
    }
    const int64_t after = before + wi;
    O.match[o] = after;
    if ((before > 0) == (after > 0)) continue;
    const bool now_matched = after > 0;
    if (o_pads) {
      // The stored row's NULL-padded output disappears or comes back.
      int64_t w = now_matched ? -wo : wo;
      KAPPA_RETURN_IF_ERROR(s == 0 ? out->Add(nullptr, kNoId, ochunk, o, w)
                                   : out->Add(ochunk, o, nullptr, kNoId, w));
    } else if (o_semi_anti) {
      bool in_output = type_ == JoinType::kSemi ? now_matched : !now_matched;
      KAPPA_RETURN_IF_ERROR(out->Add(ochunk, o, nullptr, kNoId, in_output ? wo : -wo));
    }
  }
  cand_d->clear();
  cand_o->clear();
  return Status::OK();
}

void HashJoinOperator::ApplyDelta(Side& S, const Chunk& delta, const EncodedKeys& keys,
                                  const std::vector<int64_t>& m, bool keep_rows) {
  if (!keep_rows) {
    for (size_t i = 0; i < delta.num_rows; ++i) {
      S.total += delta.weights[i];
      if (keys.has_null[i]) S.null_total += delta.weights[i];
    }
    return;
  }
  std::vector<uint32_t> ids;
  std::vector<uint8_t> inserted;
  S.rows.Add(delta, 0, nullptr, &ids, &inserted);
  S.Grow();
  for (size_t i = 0; i < delta.num_rows; ++i) {
    const int64_t w = delta.weights[i];
    S.total += w;
    if (keys.has_null[i]) S.null_total += w;
    if (!inserted[i]) continue;
    uint32_t id = ids[i];
    S.match[id] = m[i];
    if (keys.has_null[i]) {
      S.key_of[id] = kNoId;
      S.next[id] = S.prev[id] = kNoId;
      continue;
    }
    bool new_key;
    uint32_t kid = S.keys.FindOrInsert(keys.Key(i), keys.hashes[i], &new_key);
    S.Grow();
    if (new_key) S.head[kid] = kNoId;
    S.Link(id, kid);
  }
  for (size_t i = 0; i < delta.num_rows; ++i) {
    uint32_t id = ids[i];
    if (!S.rows.IsLive(id) || S.rows.count(id) != 0) continue;
    S.Unlink(id);
    S.match[id] = 0;
    S.rows.Erase(id);
  }
}

Status HashJoinOperator::NullAwareRecheck(int64_t old_total, int64_t old_nulls, Output* out) {
  const Side& L = *sides_[0];
  const Side& R = *sides_[1];
  auto qualifies = [](bool null_key, int64_t match, int64_t total, int64_t nulls) {
    return null_key ? total == 0 : (nulls == 0 && !(match > 0));
  };
  const Chunk* lrows = &L.rows.rows();
  auto recheck = [&](uint32_t o, int64_t old_match) -> Status {
    bool null_key = L.key_of[o] == kNoId;
    bool before = qualifies(null_key, old_match, old_total, old_nulls);
    bool after = qualifies(null_key, L.match[o], R.total, R.null_total);
    if (before == after) return Status::OK();
    int64_t w = L.rows.count(o);
    return out->Add(lrows, o, nullptr, kNoId, after ? w : -w);
  };
  const bool global_change =
      (old_total == 0) != (R.total == 0) || (old_nulls == 0) != (R.null_total == 0);
  Status st;
  if (global_change) {
    // Every left row may change: compare each against its old match count.
    std::vector<int64_t> old_match(L.match);
    for (size_t k = 0; k < touched_.size(); ++k) old_match[touched_[k]] = touched_old_[k];
    for (uint32_t o = 0; o < L.rows.id_limit() && st.ok(); ++o) {
      if (L.rows.IsLive(o)) st = recheck(o, old_match[o]);
    }
  } else {
    for (size_t k = 0; k < touched_.size() && st.ok(); ++k) {
      if (L.rows.IsLive(touched_[k])) st = recheck(touched_[k], touched_old_[k]);
    }
  }
  for (uint32_t o : touched_) touched_flag_[o] = 0;
  touched_.clear();
  touched_old_.clear();
  return st;
}

Status HashJoinOperator::OnWatermark(int port, int column, int64_t value) {
  if (port < 0 || port > 1 || column < 0 ||
      column >= static_cast<int>(wm_[port].size())) {
    return Status::OK();
  }
  if (has_wm_[port][column] && value <= wm_[port][column]) return Status::OK();
  wm_[port][column] = value;
  has_wm_[port][column] = 1;
  const bool semi_anti = type_ == JoinType::kSemi || type_ == JoinType::kAnti;
  for (size_t pi = 0; pi < wm_pairs_.size(); ++pi) {
    WmPair& p = wm_pairs_[pi];
    if (p.col[port] != column) continue;
    if (!has_wm_[0][p.col[0]] || !has_wm_[1][p.col[1]]) continue;
    const int64_t t = std::min(wm_[0][p.col[0]], wm_[1][p.col[1]]);
    if (p.has_t && t <= p.t) continue;
    p.has_t = true;
    p.t = t;
    for (int s = 0; s < 2; ++s) {
      if (p.lower[s] < t) EvictBelow(s, pi, p.col[s], t);
    }
    KAPPA_RETURN_IF_ERROR(ForwardWatermark(p.col[0], t));
    if (!semi_anti) {
      KAPPA_RETURN_IF_ERROR(
          ForwardWatermark(static_cast<int>(left_types_.size()) + p.col[1], t));
    }
  }
  return Status::OK();
}

Status HashJoinOperator::ForwardWatermark(int out_col, int64_t value) {
  if (has_fwd_[out_col] && value <= fwd_[out_col]) return Status::OK();
  has_fwd_[out_col] = 1;
  fwd_[out_col] = value;
  return EmitWatermark(out_col, value);
}

void HashJoinOperator::EvictBelow(int s, size_t pair, int col, int64_t t) {
  Side& S = *sides_[s];
  const Column& c = S.rows.rows().columns[col];
  std::vector<uint32_t> drop;
  int64_t lo = INT64_MAX;
  for (uint32_t id = 0; id < S.rows.id_limit(); ++id) {
    if (!S.rows.IsLive(id) || c.nulls[id]) continue;
    if (c.ints[id] < t) {
      drop.push_back(id);
    } else if (c.ints[id] < lo) {
      lo = c.ints[id];
    }
  }
  wm_pairs_[pair].lower[s] = lo;
  if (drop.empty()) return;
  // Record the evictions (so a restart does not restore them), in chunks.
  for (size_t b = 0; b < drop.size(); b += kChunkRows) {
    const size_t k = std::min(kChunkRows, drop.size() - b);
    Chunk ev(S.types);
    for (size_t ci = 0; ci < S.types.size(); ++ci) {
      AppendGathered(&ev.columns[ci], S.rows.rows().columns[ci], drop.data() + b, k);
    }
    ev.num_rows = k;
    ev.weights.resize(k);
    for (size_t i = 0; i < k; ++i) ev.weights[i] = S.rows.count(drop[b + i]);
    input_.RecordEviction(s, ev);
  }
  for (uint32_t id : drop) {
    S.total -= S.rows.count(id);
    S.Unlink(id);
    S.match[id] = 0;
    S.rows.Erase(id);
  }
}

Status HashJoinOperator::SaveState(StateWriter& w) {
  if (!input_.recording()) {
    // First checkpoint: the store is empty, so write both sides' whole state.
    input_.StartRecording();
    for (int s = 0; s < 2; ++s) {
      const Side& S = *sides_[s];
      std::vector<uint32_t> ids;
      for (uint32_t id = 0; id < S.rows.id_limit(); ++id) {
        if (S.rows.IsLive(id) && S.rows.count(id) != 0) ids.push_back(id);
      }
      for (size_t b = 0; b < ids.size(); b += kChunkRows) {
        const size_t k = std::min(kChunkRows, ids.size() - b);
        Chunk c(S.types);
        for (size_t ci = 0; ci < S.types.size(); ++ci) {
          AppendGathered(&c.columns[ci], S.rows.rows().columns[ci], ids.data() + b, k);
        }
        c.num_rows = k;
        c.weights.resize(k);
        for (size_t i = 0; i < k; ++i) c.weights[i] = S.rows.count(ids[b + i]);
        input_.Record(s, c);
      }
    }
  }
  return input_.Save(w);
}

Status HashJoinOperator::LoadState(StateReader& r) {
  return input_.Load(r, [this](int port, Chunk chunk) { return ProcessDelta(port, chunk); });
}

std::string HashJoinOperator::Describe() const {
  std::string s = std::string("HashJoin(") + JoinTypeName(type_);
  if (!sides_[0]->key_exprs.empty()) {
    s += ", keys=" + DescribeExprs(sides_[0]->key_exprs) + " = " +
         DescribeExprs(sides_[1]->key_exprs);
  }
  if (residual_) s += ", residual=" + residual_->ToString();
  return s + ")";
}

uint64_t HashJoinOperator::StateRows() const {
  return sides_[0]->rows.size() + sides_[1]->rows.size();
}

uint64_t HashJoinOperator::StateBytes() const {
  // Slots of erased rows are reused, not freed: count the live share.
  uint64_t b = 0;
  for (const auto& s : sides_) {
    const uint64_t all =
        s->rows.bytes() + s->keys.bytes() + s->key_of.size() * 20 + s->head.size() * 4;
    const uint64_t limit = s->rows.id_limit();
    if (limit > 0) b += all * s->rows.size() / limit;
  }
  return b;
}

}  // namespace kappa
