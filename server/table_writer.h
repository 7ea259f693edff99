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
// PER-PARTITION LATENESS (a table fed by a multi-partition source, Kafka:
// Apply with `partitions`; docs/watermarks.md). Each source partition p has
// its own W_p (the max watermark_expr over its on-time rows), and the TABLE
// watermark TW = max(TW, min over the active partitions of W_p): it never
// moves back. Known partitions are those the source declared
// (DeclarePartitions; W_p = kNoWatermark until p sends a row) or that sent
// a row. A row of partition p is late iff its time column is below
// max(W_p, TW) as of the start of the write (TW exceeds W_p only when p was
// left out as idle, or is new): "below the largest ts seen before it in the
// same partition, minus d", and never below what windows already closed on.
// All W_p and TW persist in the late state (atomic with the entry), and
// every log entry of such a table records TW after it
// (TableLog::AppendWithWatermark), which scans replay instead of deriving
// the watermark from the rows (executor/scan_operator.h): a view created
// later sees exactly the watermarks the live view saw.
//
// IDLE TIMEOUT (table option source.idle-timeout, common/idle_timeout_option.h;
// default none). A known partition with no record for that long (wall clock,
// steady; a restart starts every partition's timer afresh) is not active: it
// is left out of the minimum until it receives a record again. When that
// raises TW, CheckIdle (called periodically by the source's feeding thread)
// appends a zero-row log entry carrying the new TW, so windows close and
// replay sees the same decision. This is THE ONE PROCESSING-TIME EXCEPTION to
// replay determinism: whether a partition counted as idle depends on wall
// clock time; the decision is recorded in the log, so replay repeats it, but
// re-ingesting the same topic could decide differently.
//
// Thread safety: all methods are thread-safe; Lock() gives a statement
// exclusive write access for its read-check-append sequence.
#pragma once

#include <cstdint>
#include <functional>
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
  // `partitions`, if given, holds the source partition of each row
  // (changes.num_rows entries): PER-PARTITION LATENESS above; ignored for a
  // table without a WATERMARK. Null: one partition (INSERT/COPY).
  // REQUIRES: the caller holds Lock().
  Status Apply(const Chunk& changes, LateOutcome* late = nullptr,
               const TableLog::ExtraWrites& source = nullptr,
               const int32_t* partitions = nullptr);

  // The source's partitions (a multi-partition source, after it opens):
  // each one not known yet becomes known with W_p = kNoWatermark, so it
  // holds the table watermark back until it sends rows or goes idle.
  // No-op without a WATERMARK. REQUIRES: the caller holds Lock().
  Status DeclarePartitions(const std::vector<int32_t>& partitions);

  // The periodic idle check (IDLE TIMEOUT above): if leaving out the idle
  // partitions raises the table watermark, appends a zero-row entry
  // recording it (with the new state). Cheap no-op without a timeout or
  // partitions. REQUIRES: the caller holds Lock().
  Status CheckIdle();

  // Tests: the clock of the idle timeout (milliseconds, monotonic).
  void SetClockForTesting(std::function<int64_t()> now_ms) { now_ms_ = std::move(now_ms); }

  // FORMAT UPSERT (Kafka tables): applies `rows` in order. A row with
  // deletes[r] == 0 upserts: it replaces the current row with its PRIMARY
  // KEY (a retraction of the old row, then the new row) or inserts it; a row
  // with deletes[r] == 1 (a tombstone: only the key columns are set)
  // retracts the current row with that key, if any. The resulting changes
  // are one log entry; `source` joins the same atomic write (written alone,
  // synced, when nothing changed). The current rows are kept in memory,
  // rebuilt from the log on first use. Rows must satisfy NOT NULL (the
  // decoder checks it). REQUIRES: the caller holds Lock(); the table has a
  // PRIMARY KEY and no WATERMARK.
  Status ApplyUpsert(const Chunk& rows, const std::vector<uint8_t>& deletes,
                     const TableLog::ExtraWrites& source);

  // The table's lateness state now (W and the late counter).
  // REQUIRES: the caller holds Lock().
  Result<LateState> CurrentLateState();

 private:
  Status LoadKeys();       // REQUIRES: mu_ held
  Status LoadWatermark();  // REQUIRES: mu_ held
  // PRIMARY KEY check, then Append(changes, extra). REQUIRES: mu_ held.
  // With `recorded_watermark`, the entry records it (PER-PARTITION LATENESS).
  Status CheckAndAppend(const Chunk& changes, const TableLog::ExtraWrites& extra,
                        const int64_t* recorded_watermark = nullptr);
  // Per-partition lateness: the table watermark of `state` at `now_ms`
  // (max(state.watermark, min over active partitions)). REQUIRES: mu_ held.
  int64_t TableWatermark(const LateState& state, int64_t now_ms) const;
  int64_t NowMs() const;
  std::string KeyOf(const Chunk& chunk, size_t row) const;
  std::string KeyText(const Chunk& chunk, size_t row) const;
  Status LoadUpsertRows();  // REQUIRES: mu_ held
  // Stores row `row` of `rows` in a free slot of upsert_rows_; returns it.
  uint32_t StoreUpsertRow(const Chunk& rows, size_t row);

  Store* store_;
  TableInfoPtr table_;
  std::mutex mu_;
  bool keys_loaded_ = false;                          // GUARDED_BY(mu_)
  std::unordered_map<std::string, int64_t> keys_;    // GUARDED_BY(mu_) pk -> count
  bool watermark_loaded_ = false;                     // GUARDED_BY(mu_)
  BoundExprPtr watermark_expr_;                       // GUARDED_BY(mu_)
  LateState late_;                                    // GUARDED_BY(mu_) persisted state
  // FORMAT UPSERT: the current rows, in slots (freed ones reused), by key.
  bool upsert_loaded_ = false;                        // GUARDED_BY(mu_)
  Chunk upsert_rows_;                                 // GUARDED_BY(mu_)
  std::vector<uint32_t> upsert_free_;                 // GUARDED_BY(mu_)
  std::unordered_map<std::string, uint32_t> upsert_index_;  // GUARDED_BY(mu_) pk -> slot
  int64_t idle_timeout_ms_ = 0;                       // GUARDED_BY(mu_) 0 = none
  std::unordered_map<int32_t, int64_t> last_record_ms_;  // GUARDED_BY(mu_) partition -> NowMs()
  std::function<int64_t()> now_ms_;                   // tests only; else steady clock
};

}  // namespace kappa
