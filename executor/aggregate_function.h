// Aggregate functions: resolution (binder) and retraction-aware
// accumulators (aggregate operator).
#pragma once

#include <cstdint>
#include <memory>
#include <string_view>
#include <vector>

#include "common/chunk.h"
#include "common/status.h"
#include "common/types.h"

namespace kappa {

enum class AggregateKind {
  kCountStar,  // count(*)
  kCount,      // count(x)
  kSum,
  kAvg,
  kMin,
  kMax,
  kBoolAnd,    // bool_and / every
  kBoolOr,
  kStringAgg,  // string_agg(x, delim)
  kArrayAgg,   // reserved for issue 5
};

struct ResolvedAggregate {
  AggregateKind kind;
  DataType input_type;   // the argument is cast to this type first
  DataType return_type;  // PostgreSQL's: sum(int4) -> int8, sum(int8) -> numeric,
                         // avg(int) -> numeric, avg(float) -> float8, count -> int8
};

// Resolves an aggregate by name. `arg_types` is empty for count(*).
// Errors: 42883 ("function sum(text) does not exist").
Result<ResolvedAggregate> ResolveAggregate(std::string_view name,
                                           const std::vector<DataType>& arg_types);

bool IsAggregateName(std::string_view name);

// The running state of one aggregate for many groups (dense group ids), as
// the hash aggregate operator keeps it. Retraction-aware: a negative weight
// removes copies of a value (min/max keep a value -> count multiset per
// group, sums keep exact running totals). NULL arguments are ignored (except
// by count(*), which has none). Calls are per chunk, never per row.
class AggregateState {
 public:
  virtual ~AggregateState() = default;
  // Makes room for group ids < n; new groups start empty.
  virtual void Resize(size_t n) = 0;
  // Empties group `g` (its id is about to be reused).
  virtual void Reset(uint32_t g) = 0;
  // For k < n: adds weights[k] copies of row rows[k] of `arg` (and `arg2`,
  // string_agg's delimiter) to group gids[k]. `arg` is null for count(*).
  virtual Status Update(const uint32_t* gids, const uint32_t* rows, const int64_t* weights,
                        size_t n, const Column* arg, const Column* arg2) = 0;
  // Appends the current result of groups gids[0..n) to `out` (return_type).
  // Errors: 22003 when a sum no longer fits its result type.
  virtual Status Finalize(const uint32_t* gids, size_t n, Column* out) = 0;
  virtual uint64_t Bytes() const = 0;

  // Order-sensitive aggregates (string_agg) tell the copies of one value
  // apart by the input row they came from, so that deleting a row removes
  // that row's value and not an equal one elsewhere in the order. When this
  // returns true, the operator calls SetRowHashes with a hash of every
  // input row (whole row, exact) before each Update; the array is indexed
  // like the chunk's rows and valid during that Update.
  virtual bool WantsRowHashes() const { return false; }
  virtual void SetRowHashes(const uint64_t* /*hashes*/) {}
};

std::unique_ptr<AggregateState> MakeAggregateState(const ResolvedAggregate& agg);

}  // namespace kappa
