// Log entries live in the "log" column family:
//   key   = table_id (8 bytes big-endian) + seq (8 bytes big-endian)
//   value = format byte (kLogFormatRows = 1) + storage/row_codec.h encoding
//        or format byte (kLogFormatRowsWatermark = 2) + the table watermark
//           after the entry (8 BE, two's complement) + row codec encoding
// Big-endian keys keep each table's entries contiguous and in seq order.
#include "storage/table_log.h"

#include <rocksdb/db.h>
#include <rocksdb/write_batch.h>

#include <algorithm>
#include <limits>
#include <string>

#include "storage/key_codec.h"
#include "storage/row_codec.h"
#include "storage/store.h"

namespace kappa {

namespace {

// Log value formats. New formats get new numbers; readers keep old ones.
constexpr char kLogFormatRows = 1;
constexpr char kLogFormatRowsWatermark = 2;

constexpr size_t kKeySize = 16;

std::string LogKey(uint64_t table_id, uint64_t seq) {
  std::string k;
  k.reserve(kKeySize);
  PutBigEndian64(table_id, &k);
  PutBigEndian64(seq, &k);
  return k;
}

Status FromRocks(const rocksdb::Status& s, const std::string& what) {
  if (s.ok()) return Status::OK();
  const char* code = s.IsCorruption() ? sqlstate::kDataCorrupted : sqlstate::kIoError;
  return Status::Error(code, what + ": " + s.ToString());
}

Status EntryError(uint64_t table_id, uint64_t seq, const Status& st) {
  return Status::Error(st.sqlstate(), "log entry " + std::to_string(seq) + " of table " +
                                          std::to_string(table_id) + ": " + st.message());
}

}  // namespace

Result<uint64_t> TableLog::Append(uint64_t table_id, const Chunk& changes,
                                  const ExtraWrites& extra) {
  return AppendEntry(table_id, changes, nullptr, extra);
}

Result<uint64_t> TableLog::AppendWithWatermark(uint64_t table_id, const Chunk& changes,
                                               int64_t watermark, const ExtraWrites& extra) {
  return AppendEntry(table_id, changes, &watermark, extra);
}

Result<uint64_t> TableLog::AppendEntry(uint64_t table_id, const Chunk& changes,
                                       const int64_t* watermark, const ExtraWrites& extra) {
  KAPPA_ASSIGN_OR_RETURN(uint64_t last, LastSeq(table_id));
  const uint64_t seq = last + 1;
  const std::string key = LogKey(table_id, seq);
  std::string value;
  value.reserve(64);
  if (watermark != nullptr) {
    value.push_back(kLogFormatRowsWatermark);
    PutBigEndian64(static_cast<uint64_t>(*watermark), &value);
  } else {
    value.push_back(kLogFormatRows);
  }
  EncodeRows(changes, &value);
  rocksdb::WriteOptions wo;
  wo.sync = true;  // concurrent syncing writers share one fsync (RocksDB's group commit)
  rocksdb::WriteBatch batch;
  KAPPA_RETURN_IF_ERROR(
      FromRocks(batch.Put(store_->log_cf(), key, value), "log append failed"));
  if (extra) KAPPA_RETURN_IF_ERROR(extra(seq, &batch));
  KAPPA_RETURN_IF_ERROR(FromRocks(store_->db()->Write(wo, &batch), "log append failed"));
  {
    std::lock_guard<std::mutex> lock(mu_);
    uint64_t& cached = last_seq_[table_id];
    cached = std::max(cached, seq);
  }
  if (listener_) listener_();
  return seq;
}

Result<uint64_t> TableLog::LastSeq(uint64_t table_id) {
  {
    std::lock_guard<std::mutex> lock(mu_);
    auto it = last_seq_.find(table_id);
    if (it != last_seq_.end()) return it->second;
  }
  // First use of this table since open: the last key of its range.
  uint64_t found = 0;
  rocksdb::ReadOptions ro;
  std::unique_ptr<rocksdb::Iterator> it(store_->db()->NewIterator(ro, store_->log_cf()));
  const std::string prefix = LogKey(table_id, 0).substr(0, 8);
  it->SeekForPrev(LogKey(table_id, std::numeric_limits<uint64_t>::max()));
  if (it->Valid() && it->key().size() == kKeySize && it->key().starts_with(prefix)) {
    found = GetBigEndian64(it->key().data() + 8);
  }
  KAPPA_RETURN_IF_ERROR(FromRocks(it->status(), "log read failed"));
  std::lock_guard<std::mutex> lock(mu_);
  // An Append that finished meanwhile may have cached a newer value: keep the max.
  uint64_t& cached = last_seq_[table_id];
  cached = std::max(cached, found);
  return cached;
}

Status TableLog::Scan(uint64_t table_id, const std::vector<DataType>& types, uint64_t from_seq,
                      uint64_t to_seq,
                      const std::function<Status(Chunk&&, uint64_t last_seq)>& fn) {
  return ScanWithWatermarks(table_id, types, from_seq, to_seq,
                            [&fn](Chunk&& chunk, const ChunkInfo& info) -> Status {
                              if (chunk.num_rows == 0) return Status::OK();
                              return fn(std::move(chunk), info.last_seq);
                            });
}

Status TableLog::ScanWithWatermarks(uint64_t table_id, const std::vector<DataType>& types,
                                    uint64_t from_seq, uint64_t to_seq,
                                    const std::function<Status(Chunk&&, const ChunkInfo&)>& fn) {
  from_seq = std::max<uint64_t>(from_seq, 1);
  if (from_seq > to_seq) return Status::OK();
  const std::string start = LogKey(table_id, from_seq);
  const std::string prefix = start.substr(0, 8);
  std::string end;
  rocksdb::Slice end_slice;
  rocksdb::ReadOptions ro;  // the iterator reads one implicit snapshot
  if (to_seq != std::numeric_limits<uint64_t>::max()) {
    end = LogKey(table_id, to_seq + 1);
    end_slice = rocksdb::Slice(end);
    ro.iterate_upper_bound = &end_slice;
  }
  std::unique_ptr<rocksdb::Iterator> it(store_->db()->NewIterator(ro, store_->log_cf()));

  auto fresh = [&types]() {
    Chunk c(types);
    for (auto& col : c.columns) col.Reserve(kChunkRows);
    c.weights.reserve(kChunkRows);
    return c;
  };
  Chunk batch = fresh();
  ChunkInfo info;  // of `batch`; info.last_seq = seq of its last entry
  auto ship = [&]() -> Status {
    KAPPA_RETURN_IF_ERROR(fn(std::move(batch), info));
    batch = fresh();
    info.has_watermark = false;
    return Status::OK();
  };
  for (it->Seek(start); it->Valid(); it->Next()) {
    rocksdb::Slice key = it->key();
    if (key.size() != kKeySize || !key.starts_with(prefix)) break;
    const uint64_t seq = GetBigEndian64(key.data() + 8);
    if (seq > to_seq) break;
    rocksdb::Slice value = it->value();
    size_t header = 1;
    bool has_wm = false;
    int64_t wm = 0;
    if (!value.empty() && value[0] == kLogFormatRowsWatermark && value.size() >= 9) {
      header = 9;
      has_wm = true;
      wm = static_cast<int64_t>(GetBigEndian64(value.data() + 1));
    } else if (value.empty() || value[0] != kLogFormatRows) {
      return EntryError(table_id, seq,
                        Status::Error(sqlstate::kDataCorrupted, "unknown log entry format"));
    }
    std::string_view rows(value.data() + header, value.size() - header);
    if (batch.num_rows > 0) {
      // Keep chunks near kChunkRows: ship what we have before a big entry.
      Result<size_t> n = EncodedRowCount(rows);
      if (!n.ok()) return EntryError(table_id, seq, n.status());
      if (batch.num_rows + *n > kChunkRows) KAPPA_RETURN_IF_ERROR(ship());
    }
    Status st = DecodeRows(rows, &batch);
    if (!st.ok()) return EntryError(table_id, seq, st);
    info.last_seq = seq;
    if (has_wm) {
      info.has_watermark = true;
      info.watermark = wm;
    }
    if (batch.num_rows >= kChunkRows) KAPPA_RETURN_IF_ERROR(ship());
  }
  KAPPA_RETURN_IF_ERROR(FromRocks(it->status(), "log scan failed"));
  if (batch.num_rows > 0 || info.has_watermark) KAPPA_RETURN_IF_ERROR(ship());
  return Status::OK();
}

Status TableLog::Drop(uint64_t table_id) {
  const std::string begin = LogKey(table_id, 0);
  const std::string end = table_id == std::numeric_limits<uint64_t>::max()
                              ? LogKey(table_id, std::numeric_limits<uint64_t>::max())
                              : LogKey(table_id + 1, 0);
  rocksdb::WriteOptions wo;
  wo.sync = true;
  KAPPA_RETURN_IF_ERROR(FromRocks(store_->db()->DeleteRange(wo, store_->log_cf(), begin, end),
                                  "log drop failed"));
  std::lock_guard<std::mutex> lock(mu_);
  last_seq_[table_id] = 0;
  return Status::OK();
}

}  // namespace kappa
