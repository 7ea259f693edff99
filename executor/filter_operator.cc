#include "executor/filter_operator.h"

namespace kappa {

FilterOperator::FilterOperator(BoundExprPtr predicate, std::shared_ptr<const EvalContext> ctx)
    : predicate_(std::move(predicate)), ctx_(std::move(ctx)) {}

Status FilterOperator::OnChanges(int /*port*/, Chunk chunk) {
  selected_.clear();
  KAPPA_RETURN_IF_ERROR(EvaluatePredicate(*predicate_, chunk, *ctx_, &selected_));
  if (selected_.size() == chunk.num_rows) return Emit(std::move(chunk));
  if (selected_.empty()) return Status::OK();
  return Emit(Chunk::Select(chunk, selected_.data(), selected_.size()));
}

std::string FilterOperator::Describe() const {
  return "Filter(" + predicate_->ToString() + ")";
}

}  // namespace kappa
