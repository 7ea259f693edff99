#include "storage/late_rows.h"

#include <rocksdb/db.h>
#include <rocksdb/write_batch.h>

#include <memory>

#include "common/value_format.h"
#include "storage/key_codec.h"
#include "storage/store.h"

namespace kappa {

namespace {

constexpr char kLateFormat = 1;
constexpr char kLateStateFormatPartitions = 2;
constexpr const char* kRowPrefix = "late/row/";
constexpr const char* kStatePrefix = "late/state/";

std::string RowPrefix(uint64_t table_id) {
  std::string k = kRowPrefix;
  PutBigEndian64(table_id, &k);
  return k;
}

std::string StateKey(uint64_t table_id) {
  std::string k = kStatePrefix;
  PutBigEndian64(table_id, &k);
  return k;
}

Status FromRocks(const rocksdb::Status& s, const std::string& what) {
  if (s.ok()) return Status::OK();
  const char* code = s.IsCorruption() ? sqlstate::kDataCorrupted : sqlstate::kIoError;
  return Status::Error(code, what + ": " + s.ToString());
}

Status Corrupt(uint64_t table_id, const char* what) {
  return Status::Error(sqlstate::kDataCorrupted, std::string("bad ") + what + " of table " +
                                                     std::to_string(table_id));
}

bool NeedsQuotes(const std::string& s) {
  if (s.empty()) return true;
  for (char ch : s) {
    if (ch == '"' || ch == '\\' || ch == '(' || ch == ')' || ch == ',' || ch == ' ' ||
        ch == '\t' || ch == '\n' || ch == '\r' || ch == '\v' || ch == '\f') {
      return true;
    }
  }
  return false;
}

}  // namespace

Result<LateState> LoadLateState(Store* store, uint64_t table_id) {
  std::string value;
  rocksdb::Status s =
      store->db()->Get(rocksdb::ReadOptions(), store->meta_cf(), StateKey(table_id), &value);
  LateState st;
  if (s.IsNotFound()) return st;
  KAPPA_RETURN_IF_ERROR(FromRocks(s, "late state read failed"));
  if (value.size() < 17) return Corrupt(table_id, "late state");
  if (value[0] == kLateFormat) {
    if (value.size() != 17) return Corrupt(table_id, "late state");
  } else if (value[0] == kLateStateFormatPartitions) {
    if (value.size() < 21) return Corrupt(table_id, "late state");
    const auto* u = reinterpret_cast<const unsigned char*>(value.data());
    const uint32_t n = (uint32_t{u[17]} << 24) | (uint32_t{u[18]} << 16) |
                       (uint32_t{u[19]} << 8) | u[20];
    if (value.size() != 21 + size_t{n} * 12) return Corrupt(table_id, "late state");
    for (uint32_t i = 0; i < n; ++i) {
      const unsigned char* e = u + 21 + size_t{i} * 12;
      const uint32_t p =
          (uint32_t{e[0]} << 24) | (uint32_t{e[1]} << 16) | (uint32_t{e[2]} << 8) | e[3];
      st.partitions[static_cast<int32_t>(p)] =
          static_cast<int64_t>(GetBigEndian64(reinterpret_cast<const char*>(e + 4)));
    }
  } else {
    return Corrupt(table_id, "late state");
  }
  st.watermark = static_cast<int64_t>(GetBigEndian64(value.data() + 1));
  st.late_rows = GetBigEndian64(value.data() + 9);
  return st;
}

void PutLateState(Store* store, uint64_t table_id, const LateState& state,
                  rocksdb::WriteBatch* batch) {
  const bool parts = !state.partitions.empty();
  std::string value(1, parts ? kLateStateFormatPartitions : kLateFormat);
  PutBigEndian64(static_cast<uint64_t>(state.watermark), &value);
  PutBigEndian64(state.late_rows, &value);
  auto put32 = [&value](uint32_t v) {
    for (int shift = 24; shift >= 0; shift -= 8) value.push_back(static_cast<char>(v >> shift));
  };
  if (parts) {
    put32(static_cast<uint32_t>(state.partitions.size()));
    for (const auto& [p, w] : state.partitions) {
      put32(static_cast<uint32_t>(p));
      PutBigEndian64(static_cast<uint64_t>(w), &value);
    }
  }
  batch->Put(store->meta_cf(), StateKey(table_id), value);
}

void PutLateRow(Store* store, uint64_t table_id, const LateRow& row, rocksdb::WriteBatch* batch) {
  std::string key = RowPrefix(table_id);
  PutBigEndian64(row.log_position, &key);
  PutBigEndian64(row.ordinal, &key);
  std::string value(1, kLateFormat);
  PutBigEndian64(static_cast<uint64_t>(row.watermark), &value);
  value += row.row_text;
  batch->Put(store->meta_cf(), key, value);
}

Status WriteLateBatch(Store* store, rocksdb::WriteBatch* batch) {
  rocksdb::WriteOptions wo;
  wo.sync = true;
  return FromRocks(store->db()->Write(wo, batch), "late rows write failed");
}

Status ScanLateRows(Store* store, uint64_t table_id,
                    const std::function<Status(const LateRow&)>& fn) {
  const std::string prefix = RowPrefix(table_id);
  const std::string end = RowPrefix(table_id + 1);  // table ids never reach 2^64-1
  rocksdb::Slice end_slice(end);
  rocksdb::ReadOptions ro;
  ro.iterate_upper_bound = &end_slice;
  std::unique_ptr<rocksdb::Iterator> it(store->db()->NewIterator(ro, store->meta_cf()));
  LateRow row;
  for (it->Seek(prefix); it->Valid(); it->Next()) {
    rocksdb::Slice key = it->key();
    if (!key.starts_with(prefix)) break;
    rocksdb::Slice value = it->value();
    if (key.size() != prefix.size() + 16 || value.size() < 9 || value[0] != kLateFormat) {
      return Corrupt(table_id, "late row");
    }
    row.log_position = GetBigEndian64(key.data() + prefix.size());
    row.ordinal = GetBigEndian64(key.data() + prefix.size() + 8);
    row.watermark = static_cast<int64_t>(GetBigEndian64(value.data() + 1));
    row.row_text.assign(value.data() + 9, value.size() - 9);
    KAPPA_RETURN_IF_ERROR(fn(row));
  }
  return FromRocks(it->status(), "late rows scan failed");
}

Status DropLateRows(Store* store, uint64_t table_id) {
  rocksdb::WriteBatch batch;
  batch.DeleteRange(store->meta_cf(), RowPrefix(table_id), RowPrefix(table_id + 1));
  batch.Delete(store->meta_cf(), StateKey(table_id));
  return WriteLateBatch(store, &batch);
}

std::string RecordText(const Chunk& chunk, size_t row) {
  std::string out = "(";
  std::string field;
  for (size_t c = 0; c < chunk.columns.size(); ++c) {
    if (c) out += ',';
    const Column& col = chunk.columns[c];
    if (col.IsNull(row)) continue;
    field.clear();
    AppendValueText(col, row, &field);
    if (!NeedsQuotes(field)) {
      out += field;
      continue;
    }
    out += '"';
    for (char ch : field) {
      if (ch == '"' || ch == '\\') out += ch;
      out += ch;
    }
    out += '"';
  }
  out += ')';
  return out;
}

}  // namespace kappa
