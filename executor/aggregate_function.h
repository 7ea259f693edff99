// Aggregate functions: resolution (binder) and retraction-aware
// accumulators (aggregate operator).
#pragma once

#include <string_view>
#include <vector>

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

}  // namespace kappa
