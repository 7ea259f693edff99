#include "executor/set_op_operator.h"

#include <algorithm>
#include <climits>

namespace kappa {

SetOpOperator::SetOpOperator(SetOpKind kind, std::vector<DataType> types)
    : kind_(kind),
      types_(types),
      rows_(types, KeyMode::kSemantic, kind == SetOpKind::kDistinct ? 1 : 2, false),
      input_(std::vector<std::vector<DataType>>(kind == SetOpKind::kDistinct ? 1 : 2, types)) {
  const int inputs = kind == SetOpKind::kDistinct ? 1 : 2;
  SetNumInputs(inputs);
  input_.DeferRecording();
  wm_.assign(inputs, std::vector<int64_t>(types.size(), 0));
  has_wm_.assign(inputs, std::vector<uint8_t>(types.size(), 0));
  fwd_.assign(types.size(), 0);
  has_fwd_.assign(types.size(), 0);
}

Status SetOpOperator::OnChanges(int port, Chunk chunk) {
  if (chunk.num_rows == 0) return Status::OK();
  rows_.Add(chunk, port, nullptr, &ids_, nullptr);
  if (input_.recording() && !input_.loading()) {
    // Record the stored representative of each row (1.0 and 1.00 are one
    // row here): the saved state then names each live row one way, the way
    // it was emitted, and a restored operator emits it the same way.
    Chunk rec(types_);
    for (size_t c = 0; c < types_.size(); ++c) {
      AppendGathered(&rec.columns[c], rows_.rows().columns[c], ids_.data(), ids_.size());
    }
    rec.num_rows = ids_.size();
    rec.weights = chunk.weights;
    input_.Record(port, rec);
  }
  if (emitted_.size() < rows_.id_limit()) {
    emitted_.resize(rows_.id_limit(), 0);
    dirty_.resize(rows_.id_limit(), 0);
  }
  for (uint32_t id : ids_) {
    if (!dirty_[id]) {
      dirty_[id] = 1;
      dirty_list_.push_back(id);
    }
  }
  return Status::OK();
}

int64_t SetOpOperator::OutputCount(uint32_t id) const {
  const int64_t c0 = rows_.count(id, 0);
  const int64_t c1 = kind_ == SetOpKind::kDistinct ? 0 : rows_.count(id, 1);
  switch (kind_) {
    case SetOpKind::kDistinct: return c0 > 0 ? 1 : 0;
    case SetOpKind::kIntersect: return c0 > 0 && c1 > 0 ? 1 : 0;
    case SetOpKind::kIntersectAll: return std::max<int64_t>(0, std::min(c0, c1));
    case SetOpKind::kExcept: return c0 > 0 && c1 <= 0 ? 1 : 0;
    case SetOpKind::kExceptAll: return std::max<int64_t>(0, c0 - std::max<int64_t>(c1, 0));
  }
  return 0;
}

Status SetOpOperator::Flush() {
  std::vector<uint32_t> out_ids;
  std::vector<int64_t> out_w;
  auto emit = [&]() -> Status {
    if (out_ids.empty()) return Status::OK();
    Chunk out(types_);
    for (size_t c = 0; c < types_.size(); ++c) {
      AppendGathered(&out.columns[c], rows_.rows().columns[c], out_ids.data(), out_ids.size());
    }
    out.num_rows = out_ids.size();
    out.weights = out_w;
    out_ids.clear();
    out_w.clear();
    return Emit(std::move(out));
  };
  std::vector<uint32_t> dead;
  for (uint32_t id : dirty_list_) {
    dirty_[id] = 0;
    const int64_t now = OutputCount(id);
    if (now != emitted_[id]) {
      out_ids.push_back(id);
      out_w.push_back(now - emitted_[id]);
      emitted_[id] = now;
    }
    bool zero = rows_.count(id, 0) == 0 && (kind_ == SetOpKind::kDistinct || rows_.count(id, 1) == 0);
    if (zero && now == 0) dead.push_back(id);
    if (out_ids.size() >= kChunkRows) KAPPA_RETURN_IF_ERROR(emit());
  }
  dirty_list_.clear();
  KAPPA_RETURN_IF_ERROR(emit());
  for (uint32_t id : dead) rows_.Erase(id);
  return Status::OK();
}

Status SetOpOperator::OnBarrier(int port, uint64_t epoch) {
  if (!BarrierComplete(port, epoch)) return Status::OK();
  KAPPA_RETURN_IF_ERROR(Flush());
  KAPPA_RETURN_IF_ERROR(ForwardWatermarks());
  return EmitBarrier(epoch);
}

Status SetOpOperator::OnEnd(int port) {
  if (!AllEnded(port)) return Status::OK();
  KAPPA_RETURN_IF_ERROR(Flush());
  KAPPA_RETURN_IF_ERROR(ForwardWatermarks());
  return EmitEnd();
}

Status SetOpOperator::OnWatermark(int port, int column, int64_t value) {
  if (port < 0 || port >= num_inputs() || column < 0 ||
      column >= static_cast<int>(types_.size())) {
    return Status::OK();
  }
  if (has_wm_[port][column] && value <= wm_[port][column]) return Status::OK();
  wm_[port][column] = value;
  has_wm_[port][column] = 1;
  return Status::OK();  // forwarded at the next barrier, after the changes it covers
}

Status SetOpOperator::ForwardWatermarks() {
  for (size_t c = 0; c < types_.size(); ++c) {
    bool all = true;
    int64_t m = INT64_MAX;
    for (int p = 0; p < num_inputs(); ++p) {
      if (!has_wm_[p][c]) {
        all = false;
        break;
      }
      m = std::min(m, wm_[p][c]);
    }
    if (!all || (has_fwd_[c] && m <= fwd_[c])) continue;
    has_fwd_[c] = 1;
    fwd_[c] = m;
    KAPPA_RETURN_IF_ERROR(EmitWatermark(static_cast<int>(c), m));
  }
  return Status::OK();
}

Status SetOpOperator::SaveState(StateWriter& w) {
  if (!input_.recording()) {
    // First checkpoint: the store is empty, so write every input's counts.
    input_.StartRecording();
    for (int p = 0; p < num_inputs(); ++p) {
      std::vector<uint32_t> ids;
      for (uint32_t id = 0; id < rows_.id_limit(); ++id) {
        if (rows_.IsLive(id) && rows_.count(id, p) != 0) ids.push_back(id);
      }
      for (size_t b = 0; b < ids.size(); b += kChunkRows) {
        const size_t k = std::min(kChunkRows, ids.size() - b);
        Chunk c(types_);
        for (size_t ci = 0; ci < types_.size(); ++ci) {
          AppendGathered(&c.columns[ci], rows_.rows().columns[ci], ids.data() + b, k);
        }
        c.num_rows = k;
        c.weights.resize(k);
        for (size_t i = 0; i < k; ++i) c.weights[i] = rows_.count(ids[b + i], p);
        input_.Record(p, c);
      }
    }
  }
  return input_.Save(w);
}

Status SetOpOperator::LoadState(StateReader& r) {
  KAPPA_RETURN_IF_ERROR(
      input_.Load(r, [this](int port, Chunk chunk) { return OnChanges(port, std::move(chunk)); }));
  // The barrier step: what the counts imply was emitted before the stop
  // (the output is detached, so nothing goes out).
  return Flush();
}

std::string SetOpOperator::Describe() const {
  switch (kind_) {
    case SetOpKind::kDistinct: return "Distinct";
    case SetOpKind::kIntersect: return "Intersect";
    case SetOpKind::kIntersectAll: return "IntersectAll";
    case SetOpKind::kExcept: return "Except";
    case SetOpKind::kExceptAll: return "ExceptAll";
  }
  return "SetOp";
}

}  // namespace kappa
