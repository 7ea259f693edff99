// SessionWindowOperator: the SESSION window table function,
// SESSION(t, ts, gap [, partition columns...]) and Flink's
// TABLE(SESSION(TABLE t PARTITION BY k, DESCRIPTOR(ts), gap)).
//
// SEMANTICS. Within each partition (the rows with equal partition columns,
// GROUP BY equality; no partition columns: one partition), rows are ordered
// by ts and a session is a maximal run in which each row's ts is less than
// `gap` after the previous row's: a row at ts opens the interval
// [ts, ts + gap), and overlapping intervals merge (half-open: a row exactly
// `gap` after the previous one starts a new session). A session's
// window_start is its first ts and window_end its last ts + gap. The output
// is every input row followed by window_start and window_end of its session
// (both of the time column's type), with the row's weight. A row whose ts
// is NULL belongs to no session and produces no row (as for HOP).
//
// INCREMENTAL. Inserts and retractions arrive in any order. A row can
// extend a session, merge two (it bridges the gap), and a retraction can
// shrink or split one; the rows of a changed session are retracted with
// their old bounds and inserted with the new ones. Changes are buffered and
// applied per partition at the barrier, so the output of an epoch is its
// net change (a session that grows by many rows in one epoch is re-emitted
// once).
//
// WATERMARK on ts (value w): no later change has ts < w, so a session with
// window_end <= w is closed: no row can join it (a new row's interval starts
// at >= w) and none of its rows can be retracted. At the barrier after the
// changes, closed sessions are dropped from the state; with
// emit_on_window_close the operator emits nothing while a session is open
// and emits a closed session's rows once, final. It then forwards w on
// window_end and min(w, first ts of the oldest open session) on ts and
// window_start (every later output row's ts/window_start is at least that).
// Watermarks on other columns are not forwarded.
//
// A batch query (one barrier, then OnEnd) emits every session, open or not
// (the operator only runs with emit_on_window_close in a view).
//
// STATE: the rows of open sessions, per partition, sorted by ts; durable
// through executor/input_state.h (closed sessions recorded as evictions).
// Memory is bounded by the open sessions when a watermark flows.
#pragma once

#include <cstdint>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include "executor/input_state.h"
#include "executor/operator.h"
#include "executor/row_key.h"

namespace kappa {

class SessionWindowOperator final : public Operator {
 public:
  // REQUIRES: gap_us > 0; time_column is an int64 timestamp column of
  // input_types; partition_columns index input_types.
  SessionWindowOperator(std::vector<DataType> input_types, int time_column, int64_t gap_us,
                        std::vector<int> partition_columns, bool emit_on_window_close);

  Status OnChanges(int port, Chunk chunk) override;
  Status OnBarrier(int port, uint64_t epoch) override;
  Status OnEnd(int port) override;
  Status OnWatermark(int port, int column, int64_t value) override;
  Status SaveState(StateWriter& w) override;
  Status LoadState(StateReader& r) override;
  std::string Describe() const override;
  uint64_t StateRows() const override;
  uint64_t StateBytes() const override;

 private:
  struct Partition {
    Chunk rows;                   // consolidated, sorted by (ts, row), weights != 0
    std::vector<uint32_t> pending;  // rows of pending_ for this partition
    bool dirty = false;
    bool live = false;
    int64_t first_end = 0;        // window_end of the first session (when rows non-empty)
  };

  // Applies the buffered changes (emitting their net output unless EOWC).
  Status ApplyPending();
  // Closes the sessions with window_end <= wm_ (emitting them under EOWC).
  Status CloseSessions();
  // Applies pending changes, closes sessions and forwards watermarks.
  Status Advance();
  Status ApplyToPartition(uint32_t id, Chunk* out);
  void UpdateFirstEnd(uint32_t id);
  int64_t End(int64_t ts) const;
  // Appends rows[idx] of `src` with bounds and weights to `out`.
  void AppendOut(const Chunk& src, const std::vector<uint32_t>& idx,
                 const std::vector<int64_t>& weights, const std::vector<int64_t>& starts,
                 const std::vector<int64_t>& ends, Chunk* out) const;

  std::vector<DataType> input_types_;
  std::vector<DataType> output_types_;
  int time_column_;
  int64_t gap_us_;
  std::vector<int> partition_columns_;
  bool emit_on_window_close_;

  KeyTable partition_ids_;
  std::vector<Partition> parts_;
  std::vector<uint32_t> dirty_;
  std::set<std::pair<int64_t, uint32_t>> closing_;  // (first_end, partition) of non-empty ones
  Chunk pending_;                 // changes since the last barrier

  bool has_wm_ = false;       // a watermark arrived
  int64_t wm_ = 0;            // the largest watermark received
  bool wm_applied_ = false;   // wm_ was applied (sessions closed, forwarded)
  int64_t forwarded_end_wm_ = INT64_MIN;
  int64_t forwarded_start_wm_ = INT64_MIN;

  uint64_t state_rows_ = 0;
  InputState input_state_;
  EncodedKeys scratch_keys_;
};

}  // namespace kappa
