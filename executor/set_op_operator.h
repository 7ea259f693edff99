// SetOpOperator: DISTINCT, INTERSECT [ALL] and EXCEPT [ALL] with
// PostgreSQL's multiset semantics, incrementally maintained.
//
// Keeps every distinct row (SQL equality: NULLs equal, 1.0 = 1.00) with its
// net count per input. At a barrier, for every row changed in the epoch the
// output multiplicity is recomputed and the difference from what was
// emitted before goes out:
//   DISTINCT        [c0 > 0]                 (one input)
//   INTERSECT       [c0 > 0 and c1 > 0]      INTERSECT ALL  min(c0, c1)
//   EXCEPT          [c0 > 0 and c1 <= 0]     EXCEPT ALL     max(c0 - c1, 0)
// Port 0 is the left input, port 1 the right.
#pragma once

#include <string>
#include <vector>

#include "executor/operator.h"
#include "executor/row_key.h"

namespace kappa {

enum class SetOpKind { kDistinct, kIntersect, kIntersectAll, kExcept, kExceptAll };

class SetOpOperator : public Operator {
 public:
  SetOpOperator(SetOpKind kind, std::vector<DataType> types);

  Status OnChanges(int port, Chunk chunk) override;
  Status OnBarrier(int port, uint64_t epoch) override;
  Status OnEnd(int port) override;
  // Not forwarded yet (issue 3 defines watermarks through this operator).
  Status OnWatermark(int, int, int64_t) override { return Status::OK(); }
  std::string Describe() const override;
  uint64_t StateRows() const override { return rows_.size(); }
  uint64_t StateBytes() const override { return rows_.bytes(); }

 private:
  int64_t OutputCount(uint32_t id) const;
  Status Flush();

  SetOpKind kind_;
  std::vector<DataType> types_;
  RowMultiset rows_;
  std::vector<int64_t> emitted_;  // id -> multiplicity emitted so far
  std::vector<uint8_t> dirty_;
  std::vector<uint32_t> dirty_list_;
  std::vector<uint32_t> ids_;
};

}  // namespace kappa
