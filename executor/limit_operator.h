// LimitOperator: LIMIT/OFFSET without a sort directly below (a sort below is
// fused into SortOperator as top-N). Batch-only.
//
// Ordered input (a sort, window or limit below, possibly under projections
// or filters): rows arrive once, in order, with positive weights; the
// operator passes those inside the window as they come. Unordered input:
// it consolidates (net count per identical row) and emits at OnEnd the rows
// inside the window in the order they (last) appeared. A row of weight w
// counts as w rows.
#pragma once

#include <string>
#include <vector>

#include "executor/operator.h"
#include "executor/row_key.h"

namespace kappa {

class LimitOperator final : public Operator {
 public:
  // limit -1 = no limit.
  LimitOperator(std::vector<DataType> types, int64_t limit, int64_t offset, bool ordered_input);

  Status OnChanges(int port, Chunk chunk) override;
  Status OnEnd(int port) override;
  // Not forwarded yet (issue 3 defines watermarks through this operator).
  Status OnWatermark(int, int, int64_t) override { return Status::OK(); }
  std::string Describe() const override;
  uint64_t StateRows() const override { return rows_.size(); }
  uint64_t StateBytes() const override { return rows_.bytes(); }

 private:
  int64_t limit_, offset_;
  bool ordered_;
  int64_t seen_ = 0;  // ordered: rows (with multiplicity) seen so far
  RowMultiset rows_;
};

}  // namespace kappa
