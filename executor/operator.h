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
// WATERMARKS (issue 3). OnWatermark(port, column, value) promises that no
// future row on that port has `column` below `value`. Stateless operators
// forward it (mapping the column index); windowed operators close windows.
//
// THREADING. One dataflow runs on one thread at a time; operators are not
// thread-safe and need no locks. Different dataflows run independently.
//
// STATE. Hot state lives in memory in the operator; durable state is written
// to a storage state table per checkpoint (issue 3). Batch queries keep no
// durable state.
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
