// SortOperator: ORDER BY, optionally with LIMIT/OFFSET (top-N). Batch-only:
// it consolidates its input (net count per identical row; retractions from
// the table logs cancel their inserts), passes barriers on, and emits the
// rows with positive count in order at OnEnd, each with its count as weight.
//
// PostgreSQL's order: per key ascending or descending, NULLs first or last
// as given (the binder resolves PostgreSQL's defaults), text bytewise (C
// collation), NaN above every other float. Without LIMIT ties keep arrival
// order (stable); with LIMIT or OFFSET (top-N) ties are broken by the whole row
// (CompareRows), the same total order TopNOperator and row_number() use, so
// a materialized view and the batch query pick the same rows.
#pragma once

#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "executor/expression_evaluator.h"
#include "executor/operator.h"
#include "executor/row_key.h"

namespace kappa {

struct OrderKey {
  BoundExprPtr expr;
  bool descending = false;
  bool nulls_first = false;
};

// The deterministic tie-break shared by top-N, Sort with LIMIT and
// row_number(): orders row i of `a` against row j of `b` (same schema) by
// every column in column order, ascending, NULLs last (CompareValues); values
// equal under CompareValues but not identical (1.0 vs 1.00, -0 vs 0,
// '1 mon' vs '30 days') are then ordered by their representation, so only
// identical rows compare 0. Returns -1, 0 or 1.
int CompareRows(const Chunk& a, size_t i, const Chunk& b, size_t j);

// Compares row a of `keys` with row b by `order` (NULLs placed as given):
// -1, 0 or 1.
int CompareOrderKeys(const std::vector<const Column*>& keys, const std::vector<OrderKey>& order,
                     uint32_t a, uint32_t b);

// Sorts `perm` (indexes into the key columns' rows) by the keys. Ties: with
// `tie_rows` (the rows the keys were computed from) by CompareRows on them,
// then arrival order; without, arrival order (stable).
// With 0 <= top < perm->size() only the first `top` positions are ordered.
void SortPermutation(const std::vector<const Column*>& keys, const std::vector<OrderKey>& order,
                     int64_t top, std::vector<uint32_t>* perm, const Chunk* tie_rows = nullptr);

class SortOperator final : public Operator {
 public:
  // limit -1 = no limit.
  SortOperator(std::vector<DataType> types, std::vector<OrderKey> keys, int64_t limit,
               int64_t offset, std::shared_ptr<const EvalContext> ctx);

  Status OnChanges(int port, Chunk chunk) override;
  Status OnEnd(int port) override;
  // Not forwarded yet (issue 3 defines watermarks through this operator).
  Status OnWatermark(int, int, int64_t) override { return Status::OK(); }
  std::string Describe() const override;
  uint64_t StateRows() const override { return rows_.size(); }
  uint64_t StateBytes() const override { return rows_.bytes(); }

 private:
  std::vector<DataType> types_;
  std::vector<OrderKey> keys_;
  int64_t limit_, offset_;
  std::shared_ptr<const EvalContext> ctx_;
  RowMultiset rows_;
};

// The rows of `set` with positive count, in insertion order, as one chunk
// whose weights are the counts (helper for the batch-only operators).
Chunk LiveRows(const RowMultiset& set);

// Emits rows perm[...] of `rows` downstream in that order, skipping the first
// `offset` rows and stopping after `limit` (-1: all), where a row of weight w
// counts as w rows; in chunks of kChunkRows.
Status EmitInOrder(const Chunk& rows, const std::vector<uint32_t>& perm, int64_t limit,
                   int64_t offset, const std::function<Status(Chunk)>& emit);

}  // namespace kappa
