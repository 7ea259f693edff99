#include "server/source_errors.h"

#include <rocksdb/db.h>
#include <rocksdb/write_batch.h>

#include <memory>

#include "storage/key_codec.h"
#include "storage/store.h"

namespace kappa {

namespace {

std::string ErrorPrefix(uint64_t table_id) {
  std::string k = "srcerr/";
  PutBigEndian64(table_id, &k);
  return k;
}

std::string CountersKey(uint64_t table_id) {
  std::string k = "srcstat/";
  PutBigEndian64(table_id, &k);
  return k;
}

void PutString(const std::string& s, std::string* out) {
  PutBigEndian64(s.size(), out);
  out->append(s);
}

bool GetU64(std::string_view* in, uint64_t* v) {
  if (in->size() < 8) return false;
  *v = GetBigEndian64(in->data());
  in->remove_prefix(8);
  return true;
}

bool GetString(std::string_view* in, std::string* s) {
  uint64_t n;
  if (!GetU64(in, &n) || in->size() < n) return false;
  s->assign(in->data(), n);
  in->remove_prefix(n);
  return true;
}

Status Io(const rocksdb::Status& s) { return Status::Io("source state: " + s.ToString()); }

}  // namespace

Status PutSourceErrors(Store* store, uint64_t table_id, int64_t first_ordinal,
                       const std::vector<SourceErrorRecord>& errors, rocksdb::WriteBatch* batch) {
  for (size_t i = 0; i < errors.size(); ++i) {
    const SourceErrorRecord& e = errors[i];
    std::string key = ErrorPrefix(table_id);
    PutBigEndian64(static_cast<uint64_t>(first_ordinal) + i, &key);
    std::string v;
    PutBigEndian64(static_cast<uint32_t>(e.partition), &v);
    PutBigEndian64(static_cast<uint64_t>(e.offset), &v);
    PutBigEndian64(static_cast<uint64_t>(e.read_at_micros), &v);
    PutString(e.raw, &v);
    PutString(e.error, &v);
    rocksdb::Status s = batch->Put(store->meta_cf(), key, v);
    if (!s.ok()) return Io(s);
  }
  return Status::OK();
}

Status PutSourceCounters(Store* store, uint64_t table_id, const SourceCounters& counters,
                         rocksdb::WriteBatch* batch) {
  std::string v;
  PutBigEndian64(static_cast<uint64_t>(counters.records), &v);
  PutBigEndian64(static_cast<uint64_t>(counters.bad), &v);
  rocksdb::Status s = batch->Put(store->meta_cf(), CountersKey(table_id), v);
  return s.ok() ? Status::OK() : Io(s);
}

Result<SourceCounters> LoadSourceCounters(Store* store, uint64_t table_id) {
  std::string v;
  rocksdb::Status s =
      store->db()->Get(rocksdb::ReadOptions(), store->meta_cf(), CountersKey(table_id), &v);
  SourceCounters c;
  if (s.IsNotFound()) return c;
  if (!s.ok()) return Io(s);
  if (v.size() != 16) return Status::Error(sqlstate::kDataCorrupted, "bad source counters");
  c.records = static_cast<int64_t>(GetBigEndian64(v.data()));
  c.bad = static_cast<int64_t>(GetBigEndian64(v.data() + 8));
  return c;
}

Status ScanSourceErrors(Store* store, uint64_t table_id,
                        const std::function<Status(const SourceErrorRecord&)>& fn) {
  const std::string prefix = ErrorPrefix(table_id);
  std::unique_ptr<rocksdb::Iterator> it(
      store->db()->NewIterator(rocksdb::ReadOptions(), store->meta_cf()));
  for (it->Seek(prefix); it->Valid() && it->key().starts_with(prefix); it->Next()) {
    std::string_view in(it->value().data(), it->value().size());
    SourceErrorRecord e;
    uint64_t p, o, t;
    if (!GetU64(&in, &p) || !GetU64(&in, &o) || !GetU64(&in, &t) || !GetString(&in, &e.raw) ||
        !GetString(&in, &e.error)) {
      return Status::Error(sqlstate::kDataCorrupted, "bad source error record");
    }
    e.partition = static_cast<int32_t>(static_cast<uint32_t>(p));
    e.offset = static_cast<int64_t>(o);
    e.read_at_micros = static_cast<int64_t>(t);
    KAPPA_RETURN_IF_ERROR(fn(e));
  }
  if (!it->status().ok()) return Io(it->status());
  return Status::OK();
}

Status DropSourceState(Store* store, uint64_t table_id) {
  rocksdb::WriteOptions wo;
  wo.sync = true;
  rocksdb::WriteBatch b;
  rocksdb::Status s = b.DeleteRange(store->meta_cf(), ErrorPrefix(table_id), ErrorPrefix(table_id + 1));
  if (s.ok()) s = b.Delete(store->meta_cf(), CountersKey(table_id));
  if (s.ok()) s = store->db()->Write(wo, &b);
  return s.ok() ? Status::OK() : Io(s);
}

}  // namespace kappa
