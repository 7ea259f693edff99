// HashJoinOperator: equi-join (plus a residual predicate) of two change
// streams, incrementally maintained. Port 0 is the left input, port 1 the
// right.
//
// Each side keeps its rows with multiplicity (a RowMultiset), indexed by
// join key (a KeyTable of keys -> an intrusive list of row ids). A change on
// one side probes the other side's index and emits the signed combinations
// at once (joins need no barrier). NULL keys never match (the rows are kept,
// unindexed, for outer joins). No keys = cross join.
//
// For every stored row the join keeps its match count: the multiplicity of
// the other side's rows that match it (equal keys and the residual TRUE; for
// outer joins the residual is part of the match condition). When a count
// crosses zero the row switches between matched and NULL-padded output (outer
// joins), or enters/leaves the output (semi/anti joins).
//
// Output schema: left columns then right columns; semi/anti joins: left only.
// Output goes out in chunks of about kChunkRows rows, so one input chunk
// with many matches (a cross join) never builds one huge chunk; with a
// cancel flag set (SetCancel) the join stops with 57014 between them.
#pragma once

#include <atomic>
#include <memory>
#include <string>
#include <vector>

#include "executor/expression_evaluator.h"
#include "executor/operator.h"
#include "executor/row_key.h"

namespace kappa {

enum class JoinType {
  kInner,
  kLeft,
  kRight,
  kFull,
  kSemi,           // left rows with a match
  kAnti,           // left rows without a match
  kAntiNullAware,  // NOT IN: no match, and no NULL key on the right; a left
                   // row with a NULL key qualifies only if the right is empty
};

const char* JoinTypeName(JoinType t);

class HashJoinOperator final : public Operator {
 public:
  HashJoinOperator(JoinType type, std::vector<DataType> left_types,
                   std::vector<DataType> right_types, std::vector<BoundExprPtr> left_keys,
                   std::vector<BoundExprPtr> right_keys, BoundExprPtr residual,
                   std::shared_ptr<const EvalContext> ctx);
  ~HashJoinOperator() override;

  Status OnChanges(int port, Chunk chunk) override;
  // Checked before each batch of ~kChunkRows candidate pairs: once set, the
  // current call fails with 57014 (may be null: never).
  void SetCancel(const std::atomic<bool>* cancel) { cancel_ = cancel; }
  // Not forwarded yet (issue 3 defines watermarks through this operator).
  Status OnWatermark(int, int, int64_t) override { return Status::OK(); }
  std::string Describe() const override;
  uint64_t StateRows() const override;
  uint64_t StateBytes() const override;

 private:
  struct Side;
  class Output;

  Status ProcessDelta(int s, const Chunk& delta);
  Status ProcessPairs(int s, const Chunk& delta, std::vector<uint32_t>* cand_d,
                      std::vector<uint32_t>* cand_o, std::vector<int64_t>* m, Output* out);
  void ApplyDelta(Side& side, const Chunk& delta, const EncodedKeys& keys,
                  const std::vector<int64_t>& m, bool keep_rows);
  // NOT IN after a right-side change: re-derives the affected left rows.
  Status NullAwareRecheck(int64_t old_total, int64_t old_nulls, Output* out);
  bool PadsSide(int s) const;

  JoinType type_;
  std::vector<DataType> left_types_, right_types_, output_types_;
  BoundExprPtr residual_;
  std::shared_ptr<const EvalContext> ctx_;
  const std::atomic<bool>* cancel_ = nullptr;
  std::unique_ptr<Side> sides_[2];
  // NOT IN: left rows whose match count changed during a right-side change.
  std::vector<uint8_t> touched_flag_;
  std::vector<uint32_t> touched_;
  std::vector<int64_t> touched_old_;
};

}  // namespace kappa
