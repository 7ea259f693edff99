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
//
// DURABLE STATE: the join's state is its two consolidated inputs, kept by an
// InputState (deferred: nothing is recorded until the first SaveState, which
// records both sides' stored rows). LoadState feeds them back, left then
// right, through the normal path with the output detached, which rebuilds
// the match counts too.
//
// WATERMARKS: for each equi-key pair (left_keys[i], right_keys[i]) that are
// both plain int64 column references, once both sides have a watermark on
// their column, t = min(wl, wr): stored rows (either side) with a key below
// t can never match or be retracted again, so they are dropped from the
// state (recorded as evictions; their output stays downstream) and t is
// forwarded on the output positions of both key columns (semi/anti: the
// left one). Each side tracks a lower bound of its stored key values, so an
// advance that passes no stored key costs O(1); one that does scans that
// side once. NOT IN (kAntiNullAware) depends on the whole right side (a
// NULL arriving flips every left row), so it keeps everything and forwards
// no watermark. Other watermarks are not forwarded.
#pragma once

#include <atomic>
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "executor/expression_evaluator.h"
#include "executor/input_state.h"
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
  Status OnWatermark(int port, int column, int64_t value) override;
  Status SaveState(StateWriter& w) override;
  Status LoadState(StateReader& r) override;
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
  // Drops the rows of side `s` whose column `col` is below `t`; `pair` is the
  // index into wm_pairs_ whose lower bound is maintained.
  void EvictBelow(int s, size_t pair, int col, int64_t t);
  Status ForwardWatermark(int out_col, int64_t value);

  // An equi-key pair of plain int64 column references (watermark cleanup).
  struct WmPair {
    int col[2];              // left column, right column
    bool has_t = false;      // a cleanup threshold has been applied
    int64_t t = 0;
    int64_t lower[2] = {INT64_MAX, INT64_MAX};  // lower bound of stored keys per side
  };

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
  InputState input_;
  std::vector<WmPair> wm_pairs_;
  std::vector<int64_t> wm_[2];       // per side, per column: latest watermark
  std::vector<uint8_t> has_wm_[2];
  std::vector<int64_t> fwd_;         // per output column: last forwarded watermark
  std::vector<uint8_t> has_fwd_;
};

}  // namespace kappa
