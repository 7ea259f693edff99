// Late rows: the rows of tables with a WATERMARK that arrived below the
// table's watermark (product.md, semantics 4 and 5), and each such table's
// lateness state (its watermark W and how many rows were late).
//
// Lateness is decided by the table's writer (server/table_writer.h) when a
// write arrives. The late rows, the new state and the write's log entry go
// into ONE RocksDB WriteBatch (TableLog::Append's `extra`), so a crash never
// loses or doubles a late row and W never disagrees with the log.
//
// Layout, in the Store's "meta" column family:
//   "late/row/"   + table_id (8 BE) + log_position (8 BE) + ordinal (8 BE)
//       -> format byte 1 + watermark (8 BE, two's complement) + row text
//   "late/state/" + table_id (8 BE)
//       -> format byte 1 + watermark (8 BE, two's complement) + late count (8 BE)
//       or, for a table fed by a multi-partition source (LateState::partitions
//       not empty), format byte 2 + watermark + late count + partition count
//       (4 BE) + per partition: partition (4 BE) + W_p (8 BE, two's complement).
//       Format 1 is still read (no partitions) and still written for tables
//       without partitions.
// log_position is the seq of the log entry written with the row (the
// table's last seq if the write appended no entry); ordinal is the row's
// number among the table's late rows (0, 1, 2, ...; = the late count before
// it), so keys are unique and in arrival order.
//
// Thread safety: the functions may be called from any thread; writes for
// one table are serialized by its TableWriter.
#pragma once

#include <cstdint>
#include <functional>
#include <limits>
#include <map>
#include <string>

#include "common/chunk.h"
#include "common/status.h"

namespace rocksdb {
class WriteBatch;
}  // namespace rocksdb

namespace kappa {

class Store;

// W before any row: no watermark yet.
inline constexpr int64_t kNoWatermark = std::numeric_limits<int64_t>::min();

struct LateState {
  // The TABLE watermark: micros (the watermark column's physical value). For
  // a table fed by a multi-partition source it is the one views see (the
  // minimum over the active partitions' W_p, never moving back;
  // server/table_writer.h), else the one W.
  int64_t watermark = kNoWatermark;
  uint64_t late_rows = 0;  // rows that were late, ever
  // Source partition -> W_p (max watermark_expr of its on-time rows; may be
  // kNoWatermark for a partition the source declared but that sent nothing).
  // Empty for tables fed by INSERT/COPY (one log partition).
  std::map<int32_t, int64_t> partitions;

  bool operator==(const LateState&) const = default;
};

struct LateRow {
  uint64_t log_position = 0;
  uint64_t ordinal = 0;
  int64_t watermark = kNoWatermark;  // W when the row arrived
  std::string row_text;              // PostgreSQL record text: (1,"2024-01-01 00:00:00")
};

// The persisted state of a table (defaults if it has none).
Result<LateState> LoadLateState(Store* store, uint64_t table_id);

// Adds the state / one late row to `batch` (written by the caller).
void PutLateState(Store* store, uint64_t table_id, const LateState& state,
                  rocksdb::WriteBatch* batch);
void PutLateRow(Store* store, uint64_t table_id, const LateRow& row, rocksdb::WriteBatch* batch);

// Writes `batch` durably (synced), for writes whose rows were all late (no
// log entry to carry them).
Status WriteLateBatch(Store* store, rocksdb::WriteBatch* batch);

// Calls `fn` with each late row of `table_id`, in (log_position, ordinal)
// order, from one snapshot. XX001 if a value does not decode.
Status ScanLateRows(Store* store, uint64_t table_id,
                    const std::function<Status(const LateRow&)>& fn);

// DROP TABLE: deletes the table's late rows and its state, durably.
Status DropLateRows(Store* store, uint64_t table_id);

// PostgreSQL's record text form of row `row` of `chunk` (record_out): the
// fields' text forms separated by commas in parentheses; a NULL is empty; a
// field that is empty or contains '"', '\\', '(', ')', ',' or white space is
// double-quoted, with '"' and '\\' doubled. `(1,"2024-01-01 00:00:00",)`.
std::string RecordText(const Chunk& chunk, size_t row);

}  // namespace kappa
