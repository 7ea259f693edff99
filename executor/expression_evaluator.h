// Vectorized evaluation of bound expressions (sql/bound_expr.h) over a chunk.
//
// One call evaluates a whole expression tree for all rows of a chunk: the
// tree is walked once per chunk and each node runs a tight loop over the
// rows (or calls a ScalarFn on whole columns). Row weights are ignored.
#pragma once

#include <cstdint>
#include <vector>

#include "common/chunk.h"
#include "common/status.h"
#include "executor/function_registry.h"
#include "sql/bound_expr.h"

namespace kappa {

struct EvalContext {
  FunctionContext fn;
  const std::vector<Value>* params = nullptr;  // $1.. values; may be null if none
};

// Evaluates `expr` for every row of `input`; `out` receives input.num_rows
// values of type expr.type (it is reset first). Errors carry SQLSTATE
// (22012 division by zero, 22003 out of range, 22P02 bad cast input, ...).
Status EvaluateExpression(const BoundExpr& expr, const Chunk& input, const EvalContext& ctx,
                          Column* out);

// Evaluates a boolean predicate and appends to `selected` the indexes of the
// rows where it is TRUE (not FALSE, not NULL), in order.
Status EvaluatePredicate(const BoundExpr& pred, const Chunk& input, const EvalContext& ctx,
                         std::vector<uint32_t>* selected);

// Evaluates a constant expression (no column references) to one Value.
Result<Value> EvaluateConstant(const BoundExpr& expr, const EvalContext& ctx);

}  // namespace kappa
