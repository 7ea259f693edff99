// HashAggregateOperator: GROUP BY with aggregates, incrementally maintained.
//
// Per chunk: group keys are evaluated and encoded once (row_key.h), each row
// finds its dense group id, and every aggregate updates its retraction-aware
// state (aggregate_function.h) for the whole chunk in one call. Output is
// produced at a barrier: for every group changed in the epoch, the
// previously emitted row is retracted and the new one inserted (nothing if
// unchanged); a group whose rows all were retracted disappears. Without
// GROUP BY there is exactly one group, always present (count = 0, sum =
// NULL on empty input).
//
// FILTER (WHERE ...) restricts an aggregate's rows; DISTINCT keeps per group
// a value -> count table and feeds the aggregate only when a value appears
// or disappears. Output schema: group columns, then one per aggregate.
//
// WATERMARKS (operator.h). A watermark on input column c applies to every
// GROUP BY expression that is a plain reference to c (an int64-backed
// column): groups whose key there is below the watermark are complete. At
// the next barrier (or OnEnd), after the epoch's changes:
//  - emit on update (default): their state is dropped; their rows stay
//    downstream as they are (no retraction);
//  - EMIT ON WINDOW CLOSE: changes are never emitted at barriers; a complete
//    group is emitted once, as an insert of its final row (nothing if it
//    has no rows), then dropped. Open groups are never emitted, not even
//    at OnEnd (a batch run equals the closed windows).
// Then the watermark is forwarded on the group's output column.
//
// DURABLE STATE (operator.h). One record per group, keyed by
//   'G' varint(len) <encoded group key>
// holding flags (emitted, changed since the last barrier), the row count,
// the group values and last emitted row (storage/row_codec.h) and every
// aggregate's AggregateState::Save bytes; each live DISTINCT value of a
// group is a record under the group's key + u8 aggregate index + the
// value's encoded bytes, holding its count. 'W' holds the watermarks.
// SaveState writes the records of groups and DISTINCT values changed since
// the previous SaveState and deletes those of removed groups (the first
// SaveState of an operator that was never loaded writes everything).
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "executor/aggregate_function.h"
#include "executor/expression_evaluator.h"
#include "executor/operator.h"
#include "executor/row_key.h"

namespace kappa {

struct AggregateSpec {
  ResolvedAggregate agg;
  BoundExprPtr arg;     // null for count(*)
  BoundExprPtr arg2;    // string_agg delimiter, else null
  BoundExprPtr filter;  // FILTER (WHERE ...), else null
  bool distinct = false;
  bool append_only_input = false;  // the input never retracts (AggregateState::SetAppendOnlyInput)
  std::string name;     // for Describe
};

class HashAggregateOperator final : public Operator {
 public:
  // `group_types`: types of the group expressions (the first output columns).
  // Errors from Create: 0A000 for an aggregate without an implementation.
  static Result<std::unique_ptr<HashAggregateOperator>> Create(
      std::vector<BoundExprPtr> group_exprs, std::vector<AggregateSpec> aggregates,
      std::shared_ptr<const EvalContext> ctx, bool emit_on_window_close = false);

  Status OnChanges(int port, Chunk chunk) override;
  Status OnBarrier(int port, uint64_t epoch) override;
  Status OnEnd(int port) override;
  // Records the watermark for the group columns referencing `column`
  // (ignored otherwise, and when it does not advance); applied at the next
  // barrier.
  Status OnWatermark(int port, int column, int64_t value) override;
  // Errors from LoadState: XX001 for malformed records.
  Status SaveState(StateWriter& w) override;
  Status LoadState(StateReader& r) override;
  // "HashAggregate(groups=[#0], aggs=[count(*)], emit=on_window_close, state_rows=3)".
  std::string Describe() const override;
  uint64_t StateRows() const override { return groups_.size(); }
  uint64_t StateBytes() const override;

 private:
  struct Agg {
    AggregateSpec spec;
    std::unique_ptr<AggregateState> state;
    // DISTINCT: (group id, value) -> live copies.
    std::unique_ptr<KeyTable> seen;
    std::vector<int64_t> seen_counts;
    // Durable mode: seen ids changed since the last SaveState.
    std::vector<uint8_t> seen_dirty;
    std::vector<uint32_t> seen_dirty_list;
  };

  // Watermark state of one group column.
  struct GroupWatermark {
    bool eligible = false;      // the group expr is a column ref to an int64-backed column
    int input_column = -1;
    bool has = false;           // received (value valid)
    int64_t value = 0;
    bool has_applied = false;   // applied at a barrier and forwarded
    int64_t applied = 0;
    int64_t min_key = INT64_MAX;  // lower bound of the live groups' keys
  };

  HashAggregateOperator(std::vector<BoundExprPtr> group_exprs, std::vector<Agg> aggs,
                        std::shared_ptr<const EvalContext> ctx, bool emit_on_window_close);
  void Grow(uint32_t limit);
  Status UpdateAggregate(Agg& a, const Chunk& chunk);
  Status DistinctTransitions(Agg& a, const Column& arg, const uint32_t* rows,
                             const uint32_t* gids, const int64_t* weights, size_t n);
  // Emits the net change of every group changed since the last call.
  Status Flush();
  // Barrier/end work: the epoch's changes (or, EOWC, dropping empty groups),
  // then the new watermarks (closing groups, forwarding).
  Status Advance();
  Status ApplyWatermarks();
  // Forgets group g (its DISTINCT values are the caller's: PurgeDistinct);
  // durable mode records its key for deletion at the next SaveState.
  void DropGroup(uint32_t g);
  // Erases the DISTINCT entries of groups with drop[gid] set.
  void PurgeDistinct(const std::vector<uint8_t>& drop);
  void MarkSaveDirty(uint32_t g) {
    if (!save_dirty_[g]) {
      save_dirty_[g] = 1;
      save_dirty_list_.push_back(g);
    }
  }
  void NoteNewKey(uint32_t g);
  std::string DurableGroupKey(uint32_t g) const;
  std::string EncodeGroup(uint32_t g) const;
  Status LoadGroup(std::string_view key, std::string_view value);
  Status LoadDistinct(std::string_view key, std::string_view agg_and_value,
                      std::string_view count);
  Status LoadWatermarks(std::string_view value);

  std::vector<BoundExprPtr> group_exprs_;
  std::vector<Agg> aggs_;
  std::shared_ptr<const EvalContext> ctx_;
  bool emit_on_window_close_;
  bool has_distinct_ = false;
  std::vector<DataType> output_types_;
  std::vector<GroupWatermark> wms_;  // one per group expr
  bool any_eligible_ = false;
  bool wm_changed_ = false;          // since the last SaveState

  // Durable state bookkeeping (only once SaveState or LoadState was called).
  bool durable_ = false;
  std::vector<uint8_t> save_dirty_;        // group id -> changed since the last SaveState
  std::vector<uint32_t> save_dirty_list_;
  std::vector<std::string> removed_keys_;  // durable keys of dropped groups

  KeyTable groups_;
  Chunk group_rows_;               // group id -> its key values (columns of the group exprs)
  std::vector<int64_t> row_count_; // group id -> net rows
  std::vector<uint8_t> dirty_;
  std::vector<uint32_t> dirty_list_;
  Chunk emitted_rows_;             // group id -> the output row last emitted
  std::vector<uint8_t> emitted_;

  // Per-chunk scratch.
  EncodedKeys keys_;
  EncodedKeys row_keys_;  // whole input rows, for order-sensitive aggregates
  std::vector<uint32_t> gids_, sel_, sel_gids_, iota_;
  std::vector<int64_t> sel_weights_;
  std::vector<uint32_t> d_rows_, d_gids_;
  std::vector<int64_t> d_weights_;
  std::string key_buf_;
};

}  // namespace kappa
