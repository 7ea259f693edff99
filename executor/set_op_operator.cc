#include "executor/set_op_operator.h"

#include <algorithm>

namespace kappa {

SetOpOperator::SetOpOperator(SetOpKind kind, std::vector<DataType> types)
    : kind_(kind),
      types_(types),
      rows_(std::move(types), KeyMode::kSemantic, kind == SetOpKind::kDistinct ? 1 : 2, false) {
  SetNumInputs(kind == SetOpKind::kDistinct ? 1 : 2);
}

Status SetOpOperator::OnChanges(int port, Chunk chunk) {
  if (chunk.num_rows == 0) return Status::OK();
  rows_.Add(chunk, port, nullptr, &ids_, nullptr);
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
  return EmitBarrier(epoch);
}

Status SetOpOperator::OnEnd(int port) {
  if (!AllEnded(port)) return Status::OK();
  KAPPA_RETURN_IF_ERROR(Flush());
  return EmitEnd();
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
