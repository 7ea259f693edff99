// The execution model of kappadb, explained once.
//
// CHANGES. Data moves as Chunks (common/chunk.h): columnar batches of rows,
// each with a signed weight (+n inserts n copies, -n retracts them). Every
// operator consumes and produces changes, so every operator is
// retraction-aware: an aggregate retracts its old output row and inserts the
// new one, a join emits signed combinations, a group with no rows left
// disappears.
//
// DATAFLOW. A query compiles to a DAG of Operators. Operators are push-based:
// a source calls downstream->OnChanges(port, chunk). Each operator has one
// output, which may feed one downstream operator (a multi-consumer output is
// a Fanout operator). Joins and unions have several input ports (0 = left,
// 1 = right). Work per call is per chunk: an operator processes a whole chunk
// in tight loops with no virtual call and no heap allocation per row.
//
// BARRIERS. Stateful operators (aggregate, distinct, join outputs are
// immediate; aggregate/distinct/sort/top-N outputs are not) buffer their
// changes and emit the net change of their output when they receive
// OnBarrier(epoch). A barrier flows from the sources through every path;
// an operator with several inputs acts on a barrier once it has it from all
// of them. Between two barriers an operator's output is the consolidated
// difference of its result, so downstream sees one retract/insert pair per
// changed row per epoch, not one per input row.
//
// BATCH IS STREAMING. A one-shot SELECT is a bounded scan of each table's
// log (from its beginning to the current end) pushed through the same
// operators, followed by one barrier and OnEnd on every source. OnEnd means
// "no more input on this port, ever"; after OnEnd on all inputs an operator
// emits whatever it still holds and forwards OnEnd. Sort and LIMIT without a
// streaming form are batch-only operators: they emit at OnEnd.
//
// WATERMARKS. OnWatermark(port, column, value) promises that no later
// change (insert or retraction) on that port has `column` below `value`.
// Values are the column's int64 physical value (common/types.h: micros for
// timestamps, days for dates, the integer for integers); only kInt64
// columns carry watermarks. Sources send them between chunks: a scan of a
// table with WATERMARK FOR ts AS expr sends, after each chunk, the maximum
// of expr over the rows read so far, or, for a table fed by a partitioned
// source (Kafka), the table watermark recorded in the log entry (the minimum
// over partitions, storage/table_log.h). Lateness was already decided when
// the rows were written, so replay and live see the same watermarks.
// Per operator:
//  - filter: forwards; project: forwards to every output column that is a
//    reference to the column, or a monotone non-decreasing function of it
//    with other arguments constant (tumble_start, ts +/- constant interval,
//    date_trunc), mapping the value through the function; union: per
//    column, the minimum over its inputs once every input has sent one.
//  - hash aggregate: a watermark on a column that a GROUP BY expression
//    references directly means groups with a smaller key are complete. At
//    the next barrier it emits its changes, then (EMIT ON WINDOW CLOSE)
//    emits the completed groups once, final, or (emit on update) just drops
//    their state; it then forwards the watermark on that output column.
//  - hash join: a watermark on an equi-key column on both sides lets each
//    side drop stored rows whose key is below the other side's watermark
//    (they can never match again); the output key columns get the minimum.
//  - the window functions TUMBLE/HOP derive window_start/window_end
//    watermarks from the time column's (the largest window start/end whose
//    window can still receive rows).
// An operator forwards a watermark only after emitting every change it
// covers. A watermark never moves backwards; operators ignore one that does.
//
// DURABLE STATE. A view's operators persist their state through
// SaveState/LoadState (executor/operator_state.h). After every barrier the
// runtime calls SaveState on each operator: it writes the changes to its
// state since its previous SaveState (deltas, not a full copy). After a
// restart the runtime builds the same dataflow, detaches every operator's
// output (Emit becomes a no-op) and calls LoadState before any data flows:
// the operator returns exactly to the state it had at its last SaveState,
// including what it had emitted (so later output is the correct delta).
// Operators whose state is a function of their consolidated input (join,
// distinct, set operations, top-N) use executor/input_state.h: it records
// their input changes and feeds them back on load. The hash aggregate keeps
// its own per-group state encoding, so a restart costs the state's size,
// never the history's.
//
// THREADING. One dataflow runs on one thread at a time; operators are not
// thread-safe and need no locks. Different dataflows run independently.
//
// STATE. Hot state lives in memory in the operator; durable state is written
// per checkpoint (DURABLE STATE above). Batch queries keep no durable state.
//
// ERRORS. Every call returns Status. A per-row evaluation error (division by
// zero) aborts the batch query with that error; in a view it becomes the
// view's visible error state (issue 3). Nothing throws.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "common/chunk.h"
#include "common/status.h"
#include "executor/operator_state.h"

namespace kappa {

class Operator {
 public:
  virtual ~Operator() = default;

  // A batch of changes arrives on input `port`. The chunk's schema is the
  // input's schema for that port. The operator may move from `chunk`.
  virtual Status OnChanges(int port, Chunk chunk) = 0;

  // All inputs reached epoch `epoch`: emit buffered net changes, then forward.
  // Default: forward (stateless operators).
  virtual Status OnBarrier(int port, uint64_t epoch);

  // Input `port` has ended. Default: when all inputs ended, forward OnEnd.
  virtual Status OnEnd(int port);

  // Watermark on `port`: no later row has column `column` below `value`
  // (micros for timestamps). Default: forward unchanged.
  virtual Status OnWatermark(int port, int column, int64_t value);

  // Durable state (see DURABLE STATE above). Defaults: stateless.
  virtual Status SaveState(StateWriter& /*w*/) { return Status::OK(); }
  virtual Status LoadState(StateReader& /*r*/) { return Status::OK(); }

  // Operator name and state for EXPLAIN: "HashAggregate(groups=[#0], aggs=[count(*)])".
  virtual std::string Describe() const = 0;
  // Rows and bytes of state held now (for kappa_catalog.view_operators).
  virtual uint64_t StateRows() const { return 0; }
  virtual uint64_t StateBytes() const { return 0; }

  // Wiring. REQUIRES: called before any data flows.
  void SetOutput(Operator* downstream, int downstream_port) {
    output_ = downstream;
    output_port_ = downstream_port;
  }
  void SetNumInputs(int n) {
    num_inputs_ = n;
    ended_.assign(n, false);
    barriers_.assign(n, 0);
  }
  int num_inputs() const { return num_inputs_; }
  Operator* output() const { return output_; }
  int output_port() const { return output_port_; }

 protected:
  // Sends to the downstream operator (no-op without one). Empty chunks are
  // not sent.
  Status Emit(Chunk chunk) {
    if (output_ == nullptr || chunk.num_rows == 0) return Status::OK();
    return output_->OnChanges(output_port_, std::move(chunk));
  }
  Status EmitBarrier(uint64_t epoch) {
    return output_ ? output_->OnBarrier(output_port_, epoch) : Status::OK();
  }
  Status EmitEnd() { return output_ ? output_->OnEnd(output_port_) : Status::OK(); }
  Status EmitWatermark(int column, int64_t value) {
    return output_ ? output_->OnWatermark(output_port_, column, value) : Status::OK();
  }
  // Records that `port` reached `epoch`; true once every input has.
  bool BarrierComplete(int port, uint64_t epoch);
  // Records that `port` ended; true once every input has.
  bool AllEnded(int port);

  Operator* output_ = nullptr;
  int output_port_ = 0;
  int num_inputs_ = 1;
  std::vector<bool> ended_ = {false};
  std::vector<uint64_t> barriers_ = {0};
};

using OperatorPtr = std::unique_ptr<Operator>;

}  // namespace kappa
