// TableWriter: the single writer of one table's log. It serializes writes to
// the table (one writer per log, as storage/table_log.h requires), enforces
// the PRIMARY KEY with an in-memory index of current keys (built from the log
// on first use), and appends each statement's changes as one durable entry.
//
// LATENESS (tables with a WATERMARK; product.md semantics 4 and 5). The
// table has one log partition (0) and a watermark W (micros of the
// watermark column; kNoWatermark before any row), persisted with the late
// rows (storage/late_rows.h), so W survives restarts without a log scan.
// For each row of a write, in order: if its time column is not NULL and
// below W, the row is LATE; otherwise it is on time and W = max(W,
// watermark_expr(row)) (a NULL result leaves W unchanged). Late rows are not
// appended to the log; they, the table's late counter and the new W are
// written in the same atomic RocksDB write as the log entry of the on-time
// rows (or alone, synced, if every row was late; their log_position is then
// the table's last seq). The write still succeeds. The watermark expression
// is evaluated per chunk, in UTC, without statement parameters.
//
// Thread safety: all methods are thread-safe; Lock() gives a statement
// exclusive write access for its read-check-append sequence.
#pragma once

#include <cstdint>
#include <mutex>
#include <string>
#include <unordered_map>
#include <vector>

#include "common/chunk.h"
#include "common/status.h"
#include "sql/bound_expr.h"
#include "sql/catalog.h"
#include "storage/late_rows.h"
#include "storage/table_log.h"

namespace kappa {

class Store;

// What a write did with late rows.
struct LateOutcome {
  int64_t late_rows = 0;             // rows of the write that were late
  int64_t watermark = kNoWatermark;  // W the last of them was late against
  std::vector<uint32_t> rows;        // their indexes in the write, ascending
};

// The NOTICE text for a write with late rows, e.g. "2 rows were late
// (watermark 2024-01-01 00:00:05) and went to kappa_catalog.late_rows";
// empty if late.late_rows == 0.
std::string LateRowsNotice(const TableInfo& table, const LateOutcome& late);

class TableWriter {
 public:
  TableWriter(Store* store, TableInfoPtr table) : store_(store), table_(std::move(table)) {}

  std::unique_lock<std::mutex> Lock() { return std::unique_lock<std::mutex>(mu_); }

  // Checks the changes against NOT NULL and the PRIMARY KEY (retractions
  // first, then insertions) and appends them as one log entry. On a
  // violation nothing is written (23502 / 23505 with PostgreSQL's messages).
  // With a WATERMARK, late rows are split off first (LATENESS above; the
  // key check sees only on-time rows) and reported in `*late` if given.
  // `source`, if given, adds writes to the same atomic write as the entry
  // (a connector's position, so rows and position commit together); it runs
  // even when every row was late.
  // REQUIRES: the caller holds Lock().
  Status Apply(const Chunk& changes, LateOutcome* late = nullptr,
               const TableLog::ExtraWrites& source = nullptr);

  // The table's lateness state now (W and the late counter).
  // REQUIRES: the caller holds Lock().
  Result<LateState> CurrentLateState();

 private:
  Status LoadKeys();       // REQUIRES: mu_ held
  Status LoadWatermark();  // REQUIRES: mu_ held
  // PRIMARY KEY check, then Append(changes, extra). REQUIRES: mu_ held.
  Status CheckAndAppend(const Chunk& changes, const TableLog::ExtraWrites& extra);
  std::string KeyOf(const Chunk& chunk, size_t row) const;
  std::string KeyText(const Chunk& chunk, size_t row) const;

  Store* store_;
  TableInfoPtr table_;
  std::mutex mu_;
  bool keys_loaded_ = false;                          // GUARDED_BY(mu_)
  std::unordered_map<std::string, int64_t> keys_;    // GUARDED_BY(mu_) pk -> count
  bool watermark_loaded_ = false;                     // GUARDED_BY(mu_)
  BoundExprPtr watermark_expr_;                       // GUARDED_BY(mu_)
  LateState late_;                                    // GUARDED_BY(mu_) persisted state
};

}  // namespace kappa
