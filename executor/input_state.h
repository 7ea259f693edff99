// InputState: durable state for operators whose state is a function of the
// consolidated multiset of their inputs (hash join, distinct, set
// operations, top-N). Instead of an encoding per operator, the operator
// records its input changes; at a checkpoint they are written as Z-set
// count deltas (StateWriter::AddCount, no reads), keyed by the exact row
// encoding (row_key.h, KeyMode::kExact) under a one-byte port prefix; on
// restart Load feeds the surviving rows (count != 0) back, port by port, so
// the operator rebuilds its state through its normal path (with its output
// detached, see executor/operator.h). A restart therefore costs the size of
// the state, not of the history.
//
// Rows an operator drops from its state without an input change (state
// behind a watermark) are recorded with RecordEviction so they are not
// restored either.
//
// Memory: only the changes since the last Save are buffered (one epoch).
//
// Deferred start (optional): an operator that can list its whole state may
// call DeferRecording() at construction. Record and RecordEviction are then
// no-ops until Load or StartRecording, so a batch query (which never saves)
// copies nothing; before its first Save the operator calls StartRecording()
// and Records its whole current state (as one multiset per port), which is
// what the store must hold at that point.
#pragma once

#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "common/chunk.h"
#include "common/status.h"
#include "executor/operator_state.h"

namespace kappa {

class InputState {
 public:
  // One schema per input port.
  explicit InputState(std::vector<std::vector<DataType>> port_types);

  // Records a change arriving on `port` (call from OnChanges). Ignored while
  // loading (so Load's feed-back is not recorded again).
  void Record(int port, const Chunk& chunk);
  // Records that the rows of `rows`, with their weights as the multiplicities
  // dropped, left the operator's state on `port` without an input change.
  void RecordEviction(int port, const Chunk& rows);

  // Writes the changes recorded since the last Save and forgets them.
  Status Save(StateWriter& w);

  // Reads the saved multisets and calls fn(port, chunk) with the rows
  // (weights = their counts), all of port 0 first, then port 1, ..., in
  // chunks of at most kChunkRows rows. Record is ignored while fn runs.
  Status Load(StateReader& r, const std::function<Status(int port, Chunk chunk)>& fn);

  bool loading() const { return loading_; }
  uint64_t pending_rows() const;

  // Deferred start (see above).
  void DeferRecording() { recording_ = false; }
  void StartRecording() { recording_ = true; }
  bool recording() const { return recording_; }

 private:
  std::vector<std::vector<DataType>> port_types_;
  std::vector<std::vector<Chunk>> pending_;  // per port: changes since Save (evictions negated)
  bool loading_ = false;
  bool recording_ = true;
};

}  // namespace kappa
