// TableLog: every table's append-only, durable log of changes.
//
// Each table has a log of entries with a monotonically increasing sequence
// number (1, 2, 3, ... per table). An entry is a batch of changes: rows with
// signed weights (a Chunk). INSERT appends +1 rows; DELETE appends -1 rows;
// UPDATE appends -old and +new rows in one entry. Rows are encoded with
// storage/row_codec.h in the table's column types.
//
// Recorded watermarks: an entry may carry the table's watermark after it
// (AppendWithWatermark; a table fed by a multi-partition source, whose
// watermark is the minimum over its partitions and so not derivable from the
// rows; server/table_writer.h). Such an entry may have zero rows (the
// watermark alone moved, e.g. a partition went idle). Entries written by
// Append carry none; both kinds read back.
//
// Durability: Append returns only after the entry is in RocksDB's WAL and
// fsynced; a client is acknowledged after Append returns.
//
// Thread safety: Append for one table must be serialized by the caller
// (one writer per table); Scan may run concurrently with Append and sees a
// consistent prefix of the log.
#pragma once

#include <cstdint>
#include <functional>
#include <mutex>
#include <unordered_map>
#include <vector>

#include "common/chunk.h"
#include "common/status.h"

namespace rocksdb {
class WriteBatch;
}  // namespace rocksdb

namespace kappa {

class Store;

class TableLog {
 public:
  explicit TableLog(Store* store) : store_(store) {}

  // Appends `changes` (schema = the table's column types) as one entry.
  // Returns its sequence number. Durable on return.
  // `extra`, if given, is called with the new entry's seq and the
  // WriteBatch that will carry it, and may add its own writes (any column
  // family): they are committed atomically with the entry (late rows,
  // storage/late_rows.h). If it fails, nothing is written.
  using ExtraWrites = std::function<Status(uint64_t seq, rocksdb::WriteBatch* batch)>;
  Result<uint64_t> Append(uint64_t table_id, const Chunk& changes,
                          const ExtraWrites& extra = nullptr);

  // Append with the table watermark after this entry recorded in it (see
  // "Recorded watermarks"). `changes` may have zero rows.
  Result<uint64_t> AppendWithWatermark(uint64_t table_id, const Chunk& changes,
                                       int64_t watermark, const ExtraWrites& extra = nullptr);

  // Sequence number of the last entry (0 if the log is empty).
  Result<uint64_t> LastSeq(uint64_t table_id);

  // Called after every durable Append (from the appending thread; must be
  // quick and must not call back into the log). The view engine uses it to
  // start an epoch at once. Set once, before writes begin.
  void SetAppendListener(std::function<void()> listener) { listener_ = std::move(listener); }

  // Calls `fn` with the entries with from_seq <= seq <= to_seq, in order,
  // re-batched into chunks of at most kChunkRows rows (small entries are
  // concatenated; an entry is never split, so one bigger than kChunkRows
  // arrives alone). `last_seq` is the seq of the last entry in the chunk.
  // Reads one snapshot: entries appended during the scan are not seen.
  // `types` is the table's column types. Stops and returns the first non-OK
  // status of `fn`; XX001 if an entry does not decode.
  Status Scan(uint64_t table_id, const std::vector<DataType>& types, uint64_t from_seq,
              uint64_t to_seq, const std::function<Status(Chunk&&, uint64_t last_seq)>& fn);

  // Scan, also telling for each chunk whether one of its entries recorded a
  // watermark and the one the last such entry recorded (the table watermark
  // after the chunk). A chunk may then have zero rows (entries carrying only
  // a watermark); chunks without rows and without a recorded watermark are
  // never passed.
  struct ChunkInfo {
    uint64_t last_seq = 0;
    bool has_watermark = false;
    int64_t watermark = 0;  // valid if has_watermark
  };
  Status ScanWithWatermarks(uint64_t table_id, const std::vector<DataType>& types,
                            uint64_t from_seq, uint64_t to_seq,
                            const std::function<Status(Chunk&&, const ChunkInfo&)>& fn);

  // Deletes the whole log of a table (DROP TABLE).
  Status Drop(uint64_t table_id);

 private:
  Result<uint64_t> AppendEntry(uint64_t table_id, const Chunk& changes, const int64_t* watermark,
                               const ExtraWrites& extra);

  Store* store_;
  std::mutex mu_;
  std::unordered_map<uint64_t, uint64_t> last_seq_;  // GUARDED_BY(mu_) table -> last seq
  std::function<void()> listener_;
};

}  // namespace kappa
