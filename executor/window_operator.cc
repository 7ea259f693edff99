#include "executor/window_operator.h"

#include <numeric>

#include "executor/project_operator.h"

namespace kappa {

WindowOperator::WindowOperator(std::vector<DataType> types, std::vector<BoundExprPtr> partition,
                               std::vector<OrderKey> order, std::shared_ptr<const EvalContext> ctx)
    : types_(types),
      partition_(std::move(partition)),
      order_(std::move(order)),
      ctx_(std::move(ctx)),
      rows_(std::move(types), KeyMode::kExact, 1, true) {}

Status WindowOperator::OnChanges(int /*port*/, Chunk chunk) {
  rows_.Add(chunk, 0, nullptr, nullptr, nullptr);
  return Status::OK();
}

Status WindowOperator::OnEnd(int port) {
  if (!AllEnded(port)) return Status::OK();
  Chunk live = LiveRows(rows_);
  // One row per copy.
  std::vector<uint32_t> expand;
  for (size_t r = 0; r < live.num_rows; ++r) {
    for (int64_t c = 0; c < live.weights[r]; ++c) expand.push_back(static_cast<uint32_t>(r));
  }
  Chunk rows = Chunk::Select(live, expand.data(), expand.size());
  std::fill(rows.weights.begin(), rows.weights.end(), 1);

  const size_t np = partition_.size();
  std::vector<Column> scratch(np + order_.size());
  std::vector<const Column*> cols(np + order_.size());
  std::vector<OrderKey> keys;
  for (size_t k = 0; k < np; ++k) {
    KAPPA_ASSIGN_OR_RETURN(cols[k], EvaluateColumn(*partition_[k], rows, *ctx_, &scratch[k]));
    keys.emplace_back();  // ascending, NULLs last
  }
  for (size_t k = 0; k < order_.size(); ++k) {
    KAPPA_ASSIGN_OR_RETURN(cols[np + k],
                           EvaluateColumn(*order_[k].expr, rows, *ctx_, &scratch[np + k]));
    OrderKey key;
    key.descending = order_[k].descending;
    key.nulls_first = order_[k].nulls_first;
    keys.push_back(std::move(key));
  }
  std::vector<uint32_t> perm(rows.num_rows);
  std::iota(perm.begin(), perm.end(), 0u);
  // Ties within the order keys: by the whole row (as TopNOperator does).
  SortPermutation(cols, keys, -1, &perm, &rows);

  int64_t number = 0;
  for (size_t start = 0; start < perm.size(); start += kChunkRows) {
    const size_t end = std::min(perm.size(), start + kChunkRows);
    Chunk out = Chunk::Select(rows, perm.data() + start, end - start);
    Column numbers{DataType(TypeId::kInt64)};
    numbers.Reserve(end - start);
    out.columns.push_back(std::move(numbers));
    for (size_t k = start; k < end; ++k) {
      // A new partition restarts the numbering.
      bool same = k > 0;
      for (size_t p = 0; p < np && same; ++p) {
        const Column& c = *cols[p];
        uint32_t a = perm[k - 1], b = perm[k];
        if (c.nulls[a] || c.nulls[b]) {
          same = c.nulls[a] && c.nulls[b];
        } else {
          same = CompareValues(c, a, c, b) == 0;
        }
      }
      number = same ? number + 1 : 1;
      out.columns.back().nulls.push_back(0);
      out.columns.back().ints.push_back(number);
    }
    KAPPA_RETURN_IF_ERROR(Emit(std::move(out)));
  }
  return EmitEnd();
}

std::string WindowOperator::Describe() const {
  std::string s = "Window(row_number(), partition=[";
  for (size_t k = 0; k < partition_.size(); ++k) {
    if (k) s += ", ";
    s += partition_[k]->ToString();
  }
  s += "], order=[";
  for (size_t k = 0; k < order_.size(); ++k) {
    if (k) s += ", ";
    s += order_[k].expr->ToString();
    if (order_[k].descending) s += " DESC";
  }
  return s + "])";
}

}  // namespace kappa
