#include "executor/session_window_operator.h"

#include <algorithm>
#include <numeric>

#include "common/value_format.h"

namespace kappa {

namespace {

// Appends rows idx[0..n) of `src` (columns and weights) to `dst`.
void AppendRows(Chunk* dst, const Chunk& src, const uint32_t* idx, size_t n) {
  if (n == 0) return;
  for (size_t c = 0; c < src.columns.size(); ++c) {
    dst->columns[c].AppendSelected(src.columns[c], idx, n);
  }
  dst->weights.reserve(dst->weights.size() + n);
  for (size_t i = 0; i < n; ++i) dst->weights.push_back(src.weights[idx[i]]);
  dst->num_rows += n;
}

}  // namespace

SessionWindowOperator::SessionWindowOperator(std::vector<DataType> input_types, int time_column,
                                             int64_t gap_us, std::vector<int> partition_columns,
                                             bool emit_on_window_close)
    : input_types_(std::move(input_types)),
      time_column_(time_column),
      gap_us_(gap_us),
      partition_columns_(std::move(partition_columns)),
      emit_on_window_close_(emit_on_window_close),
      pending_(input_types_),
      input_state_({input_types_}) {
  output_types_ = input_types_;
  output_types_.push_back(input_types_[time_column_]);
  output_types_.push_back(input_types_[time_column_]);
  input_state_.DeferRecording();
}

int64_t SessionWindowOperator::End(int64_t ts) const {
  int64_t e;
  if (__builtin_add_overflow(ts, gap_us_, &e)) return INT64_MAX;
  return e;
}

Status SessionWindowOperator::OnChanges(int /*port*/, Chunk chunk) {
  if (chunk.num_rows == 0) return Status::OK();
  const Column& tcol = chunk.columns[time_column_];
  bool any_null = false;
  for (size_t i = 0; i < chunk.num_rows; ++i) any_null |= tcol.nulls[i] != 0;
  if (any_null) {
    std::vector<uint32_t> keep;
    keep.reserve(chunk.num_rows);
    for (size_t i = 0; i < chunk.num_rows; ++i) {
      if (tcol.nulls[i] == 0) keep.push_back(static_cast<uint32_t>(i));
    }
    chunk = Chunk::Select(chunk, keep.data(), keep.size());
    if (chunk.num_rows == 0) return Status::OK();
  }
  if (input_state_.recording()) input_state_.Record(0, chunk);

  std::vector<const Column*> key_cols;
  for (int c : partition_columns_) key_cols.push_back(&chunk.columns[c]);
  EncodeKeys(key_cols, chunk.num_rows, KeyMode::kSemantic, &scratch_keys_);
  const uint32_t base = static_cast<uint32_t>(pending_.num_rows);
  for (size_t i = 0; i < chunk.num_rows; ++i) {
    bool inserted = false;
    const uint32_t id =
        partition_ids_.FindOrInsert(scratch_keys_.Key(i), scratch_keys_.hashes[i], &inserted);
    if (id >= parts_.size()) parts_.resize(id + 1);
    Partition& p = parts_[id];
    if (!p.live) {
      p.live = true;
      p.rows = Chunk(input_types_);
      p.pending.clear();
      p.dirty = false;
    }
    p.pending.push_back(base + static_cast<uint32_t>(i));
    if (!p.dirty) {
      p.dirty = true;
      dirty_.push_back(id);
    }
  }
  if (pending_.num_rows == 0) {
    pending_ = std::move(chunk);
  } else {
    std::vector<uint32_t> all(chunk.num_rows);
    std::iota(all.begin(), all.end(), 0u);
    AppendRows(&pending_, chunk, all.data(), all.size());
  }
  return Status::OK();
}

Status SessionWindowOperator::OnWatermark(int /*port*/, int column, int64_t value) {
  if (column != time_column_) return Status::OK();
  if (has_wm_ && value <= wm_) return Status::OK();
  has_wm_ = true;
  wm_ = value;
  wm_applied_ = false;
  return Status::OK();
}

void SessionWindowOperator::UpdateFirstEnd(uint32_t id) {
  Partition& p = parts_[id];
  const auto& ts = p.rows.columns[time_column_].ints;
  int64_t last = ts[0];
  for (size_t i = 1; i < p.rows.num_rows && ts[i] < End(last); ++i) last = ts[i];
  p.first_end = End(last);
}

void SessionWindowOperator::AppendOut(const Chunk& src, const std::vector<uint32_t>& idx,
                                      const std::vector<int64_t>& weights,
                                      const std::vector<int64_t>& starts,
                                      const std::vector<int64_t>& ends, Chunk* out) const {
  const size_t n = idx.size();
  if (n == 0) return;
  const size_t in_cols = input_types_.size();
  for (size_t c = 0; c < in_cols; ++c) out->columns[c].AppendSelected(src.columns[c], idx.data(), n);
  Column& ws = out->columns[in_cols];
  Column& we = out->columns[in_cols + 1];
  ws.ints.insert(ws.ints.end(), starts.begin(), starts.end());
  ws.nulls.resize(ws.nulls.size() + n, 0);
  we.ints.insert(we.ints.end(), ends.begin(), ends.end());
  we.nulls.resize(we.nulls.size() + n, 0);
  out->weights.insert(out->weights.end(), weights.begin(), weights.end());
  out->num_rows += n;
}

Status SessionWindowOperator::ApplyToPartition(uint32_t id, Chunk* out) {
  Partition& p = parts_[id];
  p.dirty = false;
  const size_t n_old = p.rows.num_rows;
  if (n_old > 0) closing_.erase({p.first_end, id});
  Chunk m = std::move(p.rows);
  AppendRows(&m, pending_, p.pending.data(), p.pending.size());
  p.pending.clear();
  const size_t n = m.num_rows;

  // Consolidate: one entry per distinct row, with its old and new weight.
  EncodeRowKeys(m, KeyMode::kExact, &scratch_keys_);
  KeyTable table;
  std::vector<uint32_t> first;
  std::vector<int64_t> old_w, new_w;
  for (size_t i = 0; i < n; ++i) {
    bool inserted = false;
    const uint32_t d = table.FindOrInsert(scratch_keys_.Key(i), scratch_keys_.hashes[i], &inserted);
    if (d >= first.size()) {
      first.resize(d + 1);
      old_w.resize(d + 1, 0);
      new_w.resize(d + 1, 0);
    }
    if (inserted) first[d] = static_cast<uint32_t>(i);
    if (i < n_old) old_w[d] += m.weights[i];
    new_w[d] += m.weights[i];
  }
  const size_t nd = first.size();
  const auto& ts = m.columns[time_column_].ints;
  std::vector<uint32_t> order(nd);
  std::iota(order.begin(), order.end(), 0u);
  std::stable_sort(order.begin(), order.end(),
                   [&](uint32_t a, uint32_t b) { return ts[first[a]] < ts[first[b]]; });

  // Session bounds of every distinct row under a weight vector.
  auto assign = [&](const std::vector<int64_t>& w, std::vector<int64_t>* s,
                    std::vector<int64_t>* e) {
    s->assign(nd, 0);
    e->assign(nd, 0);
    size_t begin = 0;  // position in order of the current session's first row
    bool open = false;
    int64_t start = 0, last = 0;
    auto finish = [&](size_t end_pos) {
      const int64_t end = End(last);
      for (size_t q = begin; q < end_pos; ++q) {
        const uint32_t d = order[q];
        if (w[d] == 0) continue;
        (*s)[d] = start;
        (*e)[d] = end;
      }
    };
    for (size_t q = 0; q < nd; ++q) {
      const uint32_t d = order[q];
      if (w[d] == 0) continue;
      const int64_t t = ts[first[d]];
      if (open && t < End(last)) {
        last = t;
        continue;
      }
      if (open) finish(q);
      open = true;
      begin = q;
      start = t;
      last = t;
    }
    if (open) finish(nd);
  };
  std::vector<int64_t> os, oe, ns, ne;
  assign(old_w, &os, &oe);
  assign(new_w, &ns, &ne);

  if (!emit_on_window_close_) {
    std::vector<uint32_t> idx;
    std::vector<int64_t> w, s, e;
    auto add = [&](uint32_t d, int64_t weight, int64_t st, int64_t en) {
      idx.push_back(first[d]);
      w.push_back(weight);
      s.push_back(st);
      e.push_back(en);
    };
    for (uint32_t d : order) {
      const int64_t ow = old_w[d], nw = new_w[d];
      if (ow != 0 && nw != 0 && os[d] == ns[d] && oe[d] == ne[d]) {
        if (nw != ow) add(d, nw - ow, ns[d], ne[d]);
        continue;
      }
      if (ow != 0) add(d, -ow, os[d], oe[d]);
      if (nw != 0) add(d, nw, ns[d], ne[d]);
    }
    AppendOut(m, idx, w, s, e, out);
  }

  std::vector<uint32_t> keep;
  for (uint32_t d : order) {
    if (new_w[d] != 0) keep.push_back(first[d]);
  }
  p.rows = Chunk::Select(m, keep.data(), keep.size());
  for (size_t i = 0, k = 0; i < nd && k < keep.size(); ++i) {
    const uint32_t d = order[i];
    if (new_w[d] != 0) p.rows.weights[k++] = new_w[d];
  }
  state_rows_ = state_rows_ - n_old + p.rows.num_rows;
  if (p.rows.num_rows == 0) {
    p.live = false;
    p.rows = Chunk();
    partition_ids_.Erase(id);
  } else {
    UpdateFirstEnd(id);
    closing_.insert({p.first_end, id});
  }
  return Status::OK();
}

Status SessionWindowOperator::ApplyPending() {
  if (dirty_.empty()) {
    pending_ = Chunk(input_types_);
    return Status::OK();
  }
  Chunk out(output_types_);
  std::vector<uint32_t> dirty = std::move(dirty_);
  dirty_.clear();
  for (uint32_t id : dirty) {
    KAPPA_RETURN_IF_ERROR(ApplyToPartition(id, &out));
    if (out.num_rows >= kChunkRows) {
      KAPPA_RETURN_IF_ERROR(Emit(std::move(out)));
      out = Chunk(output_types_);
    }
  }
  pending_ = Chunk(input_types_);
  return Emit(std::move(out));
}

Status SessionWindowOperator::CloseSessions() {
  Chunk out(output_types_);
  while (!closing_.empty() && closing_.begin()->first <= wm_) {
    const uint32_t id = closing_.begin()->second;
    closing_.erase(closing_.begin());
    Partition& p = parts_[id];
    const auto& ts = p.rows.columns[time_column_].ints;
    const size_t n = p.rows.num_rows;
    std::vector<uint32_t> idx;
    std::vector<int64_t> w, s, e;
    size_t i = 0;
    while (i < n) {
      size_t j = i + 1;
      int64_t last = ts[i];
      while (j < n && ts[j] < End(last)) last = ts[j++];
      const int64_t end = End(last);
      if (end > wm_) break;
      for (size_t q = i; q < j; ++q) {
        idx.push_back(static_cast<uint32_t>(q));
        w.push_back(p.rows.weights[q]);
        s.push_back(ts[i]);
        e.push_back(end);
      }
      i = j;
    }
    Chunk closed = Chunk::Select(p.rows, idx.data(), idx.size());
    if (input_state_.recording()) input_state_.RecordEviction(0, closed);
    if (emit_on_window_close_) AppendOut(p.rows, idx, w, s, e, &out);
    std::vector<uint32_t> rest(n - i);
    std::iota(rest.begin(), rest.end(), static_cast<uint32_t>(i));
    p.rows = Chunk::Select(p.rows, rest.data(), rest.size());
    state_rows_ -= i;
    if (p.rows.num_rows == 0) {
      p.live = false;
      p.rows = Chunk();
      partition_ids_.Erase(id);
    } else {
      UpdateFirstEnd(id);
      closing_.insert({p.first_end, id});
    }
    if (out.num_rows >= kChunkRows) {
      KAPPA_RETURN_IF_ERROR(Emit(std::move(out)));
      out = Chunk(output_types_);
    }
  }
  return Emit(std::move(out));
}

Status SessionWindowOperator::Advance() {
  KAPPA_RETURN_IF_ERROR(ApplyPending());
  if (!has_wm_ || wm_applied_) return Status::OK();
  wm_applied_ = true;
  KAPPA_RETURN_IF_ERROR(CloseSessions());
  int64_t start_wm = wm_;
  for (const auto& [end, id] : closing_) {
    (void)end;
    start_wm = std::min(start_wm, parts_[id].rows.columns[time_column_].ints[0]);
  }
  const int in_cols = static_cast<int>(input_types_.size());
  if (start_wm > forwarded_start_wm_) {
    forwarded_start_wm_ = start_wm;
    KAPPA_RETURN_IF_ERROR(EmitWatermark(time_column_, start_wm));
    KAPPA_RETURN_IF_ERROR(EmitWatermark(in_cols, start_wm));
  }
  if (wm_ > forwarded_end_wm_) {
    forwarded_end_wm_ = wm_;
    KAPPA_RETURN_IF_ERROR(EmitWatermark(in_cols + 1, wm_));
  }
  return Status::OK();
}

Status SessionWindowOperator::OnBarrier(int port, uint64_t epoch) {
  if (!BarrierComplete(port, epoch)) return Status::OK();
  KAPPA_RETURN_IF_ERROR(Advance());
  return EmitBarrier(epoch);
}

Status SessionWindowOperator::OnEnd(int port) {
  if (!AllEnded(port)) return Status::OK();
  KAPPA_RETURN_IF_ERROR(Advance());
  return EmitEnd();
}

Status SessionWindowOperator::SaveState(StateWriter& w) {
  if (!input_state_.recording()) {
    input_state_.StartRecording();
    for (const Partition& p : parts_) {
      if (p.live && p.rows.num_rows > 0) input_state_.Record(0, p.rows);
    }
    if (pending_.num_rows > 0) input_state_.Record(0, pending_);
  }
  return input_state_.Save(w);
}

Status SessionWindowOperator::LoadState(StateReader& r) {
  KAPPA_RETURN_IF_ERROR(input_state_.Load(
      r, [&](int port, Chunk chunk) { return OnChanges(port, std::move(chunk)); }));
  return ApplyPending();  // output is detached while loading: rebuilds state only
}

std::string SessionWindowOperator::Describe() const {
  std::string s = "SessionWindow(time=#" + std::to_string(time_column_) +
                  ", gap=" + FormatInterval(Interval{0, 0, gap_us_});
  if (!partition_columns_.empty()) {
    s += ", partition=[";
    for (size_t i = 0; i < partition_columns_.size(); ++i) {
      if (i > 0) s += ", ";
      s += "#" + std::to_string(partition_columns_[i]);
    }
    s += "]";
  }
  if (emit_on_window_close_) s += ", emit on window close";
  return s + ")";
}

uint64_t SessionWindowOperator::StateRows() const { return state_rows_; }

uint64_t SessionWindowOperator::StateBytes() const {
  return state_rows_ * (16 + 8 * input_types_.size()) + partition_ids_.bytes() +
         parts_.size() * sizeof(Partition);
}

}  // namespace kappa
