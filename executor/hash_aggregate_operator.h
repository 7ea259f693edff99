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
#pragma once

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
  std::string name;     // for Describe
};

class HashAggregateOperator final : public Operator {
 public:
  // `group_types`: types of the group expressions (the first output columns).
  // Errors from Create: 0A000 for an aggregate without an implementation.
  static Result<std::unique_ptr<HashAggregateOperator>> Create(
      std::vector<BoundExprPtr> group_exprs, std::vector<AggregateSpec> aggregates,
      std::shared_ptr<const EvalContext> ctx);

  Status OnChanges(int port, Chunk chunk) override;
  Status OnBarrier(int port, uint64_t epoch) override;
  Status OnEnd(int port) override;
  // Not forwarded yet (issue 3 defines watermarks through this operator).
  Status OnWatermark(int, int, int64_t) override { return Status::OK(); }
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
  };

  HashAggregateOperator(std::vector<BoundExprPtr> group_exprs, std::vector<Agg> aggs,
                        std::shared_ptr<const EvalContext> ctx);
  void Grow(uint32_t limit);
  Status UpdateAggregate(Agg& a, const Chunk& chunk);
  Status DistinctTransitions(Agg& a, const Column& arg, const uint32_t* rows,
                             const uint32_t* gids, const int64_t* weights, size_t n);
  // Emits the net change of every group changed since the last call.
  Status Flush();

  std::vector<BoundExprPtr> group_exprs_;
  std::vector<Agg> aggs_;
  std::shared_ptr<const EvalContext> ctx_;
  std::vector<DataType> output_types_;

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
