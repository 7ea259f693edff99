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
//
// DURABLE STATE: the per-input counts are the consolidated inputs, kept by
// an InputState (deferred: the first SaveState records the stored counts),
// recorded as each row's stored representative (the first one seen), so a
// restored operator names every row as it was emitted.
// LoadState feeds them back with the output detached and then runs the
// barrier step, so what was emitted before the stop counts as emitted.
//
// WATERMARKS: output columns are the input columns. A column's watermark is
// the minimum over the inputs once every input has sent one; it is held
// until the next barrier (or the end) and forwarded after the changes it
// covers are emitted.
#pragma once

#include <string>
#include <vector>

#include "executor/input_state.h"
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
  Status OnWatermark(int port, int column, int64_t value) override;
  Status SaveState(StateWriter& w) override;
  Status LoadState(StateReader& r) override;
  std::string Describe() const override;
  uint64_t StateRows() const override { return rows_.size(); }
  uint64_t StateBytes() const override { return rows_.bytes(); }

 private:
  int64_t OutputCount(uint32_t id) const;
  Status Flush();
  Status ForwardWatermarks();

  SetOpKind kind_;
  std::vector<DataType> types_;
  RowMultiset rows_;
  std::vector<int64_t> emitted_;  // id -> multiplicity emitted so far
  std::vector<uint8_t> dirty_;
  std::vector<uint32_t> dirty_list_;
  std::vector<uint32_t> ids_;
  InputState input_;
  // Watermarks: per input, per column the latest; per column the last
  // forwarded.
  std::vector<std::vector<int64_t>> wm_;
  std::vector<std::vector<uint8_t>> has_wm_;
  std::vector<int64_t> fwd_;
  std::vector<uint8_t> has_fwd_;
};

}  // namespace kappa
