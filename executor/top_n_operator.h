// TopNOperator: the streaming, retraction-aware top-N of a materialized view:
// `ORDER BY ... LIMIT n OFFSET m` (no partition) and
// `row_number() OVER (PARTITION BY ... ORDER BY ...) <= n` (with_row_number).
//
// STATE. Every live input row (consolidated by exact row identity, a row of
// count 2 occupying two positions) is kept, per partition (PARTITION BY
// values, SQL equality: NULLs equal, 1.0 = 1.00), in a sorted set of row ids,
// so one change costs O(log n). Rows with net count <= 0 are not in the
// order. Per partition the operator also remembers what it emitted: the rows
// at positions offset+1 .. offset+limit, as runs (row, copies).
//
// ORDER. The order keys (ASC/DESC, NULLs first or last as given), then ties by
// the whole row: every input column in column order, ascending, NULLs last
// (CompareRows in sort_operator.h, shared with SortOperator with LIMIT and
// row_number() in WindowOperator, so a view equals the batch query).
//
// OUTPUT. Nothing before a barrier. At OnBarrier, for every partition changed
// in the epoch, the net difference between the previously emitted top-N and
// the new one goes out (rows that left or whose row_number changed are
// retracted, new ones inserted, unchanged ones not touched), then the barrier
// is forwarded. Without row_number a row's weight is its change in copies
// within the window; with it every (row, row_number) is one output row of
// weight +1/-1. OnEnd flushes like a barrier, then forwards the end.
// Watermarks are dropped (top-N reorders rows, so no column stays ordered).
//
// DURABLE STATE. The input is recorded through InputState (input_state.h);
// LoadState feeds it back and runs the barrier logic with the output
// detached, which restores both the sorted rows and what was emitted.
#pragma once

#include <cstdint>
#include <memory>
#include <set>
#include <string>
#include <vector>

#include "executor/expression_evaluator.h"
#include "executor/input_state.h"
#include "executor/operator.h"
#include "executor/row_key.h"
#include "executor/sort_operator.h"

namespace kappa {

class TopNOperator final : public Operator {
 public:
  // partition_exprs: may be empty (one partition: ORDER BY ... LIMIT n OFFSET m).
  // order: the sort keys (OrderKey from executor/sort_operator.h).
  // Keeps, per partition, the rows at positions offset+1 .. offset+limit (limit >= 0)
  // in `order`. with_row_number: the output gets one more int8 column, the row's
  // 1-based position within its partition (row_number()), for the
  // `row_number() OVER (PARTITION BY .. ORDER BY ..) <= n` pattern.
  TopNOperator(std::vector<DataType> input_types, std::vector<BoundExprPtr> partition_exprs,
               std::vector<OrderKey> order, int64_t limit, int64_t offset, bool with_row_number,
               std::shared_ptr<const EvalContext> ctx);
  ~TopNOperator() override;
  TopNOperator(const TopNOperator&) = delete;
  TopNOperator& operator=(const TopNOperator&) = delete;

  Status OnChanges(int port, Chunk chunk) override;
  Status OnBarrier(int port, uint64_t epoch) override;
  Status OnEnd(int port) override;
  // Dropped: the output is not ordered by any input column.
  Status OnWatermark(int, int, int64_t) override { return Status::OK(); }
  Status SaveState(StateWriter& w) override;
  Status LoadState(StateReader& r) override;
  // "TopN(partition=[#0], order=[#1 DESC], limit=3, offset=0)"
  std::string Describe() const override;
  uint64_t StateRows() const override { return rows_.size(); }
  uint64_t StateBytes() const override;

 private:
  struct RowLess {
    const TopNOperator* op;
    bool operator()(uint32_t a, uint32_t b) const;
  };
  struct Run {
    uint32_t id;
    int64_t count;
  };
  struct Partition {
    explicit Partition(const TopNOperator* op) : rows(RowLess{op}) {}
    std::set<uint32_t, RowLess> rows;  // ids with count > 0, in order
    std::vector<Run> emitted;          // positions offset+1.., as emitted
    int64_t refs = 0;                  // live row ids of this partition
    bool dirty = false;
  };

  // Applies the epoch's changes to the sorted sets and emits the difference.
  Status Flush();
  void ComputeTop(const Partition& p, std::vector<Run>* out) const;
  Status EmitDiff(const std::vector<Run>& before, const std::vector<Run>& after);
  void AddOutput(uint32_t id, int64_t weight, int64_t row_number);
  Status FlushOutput();

  std::vector<DataType> input_types_;
  std::vector<DataType> output_types_;
  std::vector<BoundExprPtr> partition_exprs_;
  std::vector<OrderKey> order_;
  int64_t limit_, offset_;
  bool with_row_number_;
  std::shared_ptr<const EvalContext> ctx_;

  RowMultiset rows_;                       // exact rows -> net count (kept at 0 until flushed)
  std::vector<Column> order_vals_;         // per order key: its value per row id
  std::vector<const Column*> order_cols_;  // &order_vals_[k]
  KeyTable partitions_;                    // partition key -> partition id
  std::vector<std::unique_ptr<Partition>> parts_;  // by partition id
  std::vector<uint32_t> part_of_;          // row id -> partition id
  std::vector<uint8_t> in_set_;            // row id -> in its partition's set
  std::vector<uint8_t> dirty_;             // row id -> changed this epoch
  std::vector<uint32_t> dirty_ids_;
  std::vector<uint32_t> dirty_parts_;
  InputState state_;

  // Scratch.
  std::vector<uint32_t> ids_;
  std::vector<uint8_t> inserted_;
  EncodedKeys part_keys_;
  std::vector<Column> eval_scratch_;
  std::vector<int64_t> delta_;  // row id -> copies (diff without row_number)
  std::vector<Run> new_top_;
  std::vector<uint32_t> out_ids_;
  std::vector<int64_t> out_w_;
  std::vector<int64_t> out_rn_;
};

}  // namespace kappa
