#include "storage/store.h"

#include <rocksdb/cache.h>
#include <rocksdb/convenience.h>
#include <rocksdb/db.h>
#include <rocksdb/filter_policy.h>
#include <rocksdb/options.h>
#include <rocksdb/slice.h>
#include <rocksdb/table.h>
#include <rocksdb/write_batch.h>

#include <algorithm>
#include <filesystem>
#include <map>
#include <mutex>
#include <system_error>

#include "storage/data_dir_lock.h"
#include "storage/key_codec.h"
#include "storage/state_store.h"
#include "storage/table_log.h"

namespace kappa {

namespace {

constexpr const char* kCatalogCf = "catalog";
constexpr const char* kLogCf = "log";
constexpr const char* kMetaCf = "meta";
constexpr const char* kStateCf = "state";

Status FromRocks(const rocksdb::Status& s, const std::string& what) {
  if (s.ok()) return Status::OK();
  const char* code = s.IsCorruption() ? sqlstate::kDataCorrupted : sqlstate::kIoError;
  return Status::Error(code, what + ": " + s.ToString());
}

rocksdb::CompressionType FastCompression() {
  std::vector<rocksdb::CompressionType> supported = rocksdb::GetSupportedCompressions();
  for (auto want : {rocksdb::kLZ4Compression, rocksdb::kSnappyCompression}) {
    if (std::find(supported.begin(), supported.end(), want) != supported.end()) return want;
  }
  return rocksdb::kNoCompression;
}

// Options sized for a small machine (2 cores): two background jobs in all,
// one shared block cache, small memtables for the small spaces.
rocksdb::DBOptions MakeDbOptions() {
  rocksdb::DBOptions o;
  o.create_if_missing = true;
  o.create_missing_column_families = true;
  o.max_background_jobs = 2;
  o.max_subcompactions = 1;
  o.max_open_files = 512;
  o.keep_log_file_num = 3;
  o.max_log_file_size = 8 << 20;
  o.info_log_level = rocksdb::InfoLogLevel::WARN_LEVEL;
  o.bytes_per_sync = 1 << 20;
  o.wal_bytes_per_sync = 0;  // the WAL is fsynced by every acknowledged write anyway
  // All column families share the WAL: bound it so a rarely written family
  // (catalog, meta) does not pin old WAL files forever.
  o.max_total_wal_size = 256 << 20;
  o.db_write_buffer_size = 256 << 20;
  o.avoid_unnecessary_blocking_io = true;
  return o;
}

rocksdb::ColumnFamilyOptions MakeCfOptions(const std::string& name,
                                           const std::shared_ptr<rocksdb::Cache>& cache) {
  rocksdb::ColumnFamilyOptions o;
  rocksdb::BlockBasedTableOptions t;
  t.block_cache = cache;
  t.format_version = 5;
  t.cache_index_and_filter_blocks = true;
  t.pin_l0_filter_and_index_blocks_in_cache = true;
  if (name == kLogCf) {
    // Appended in key order, read by range scans: big blocks, no filter.
    t.block_size = 32 << 10;
    o.compression = FastCompression();
    o.write_buffer_size = 32 << 20;
    o.max_write_buffer_number = 3;
    o.level_compaction_dynamic_level_bytes = true;
  } else if (name == kStateCf) {
    // Point lookups and prefix scans of operator state.
    t.block_size = 16 << 10;
    t.filter_policy.reset(rocksdb::NewBloomFilterPolicy(10));
    o.merge_operator = MakeZsetMergeOperator();
    o.compaction_filter = ZsetCompactionFilter();
    o.compression = FastCompression();
    o.write_buffer_size = 32 << 20;
    o.max_write_buffer_number = 3;
    o.level_compaction_dynamic_level_bytes = true;
  } else {
    // catalog, meta and anything unknown: tiny.
    o.compression = rocksdb::kNoCompression;
    o.write_buffer_size = 4 << 20;
    o.max_write_buffer_number = 2;
  }
  o.table_factory.reset(rocksdb::NewBlockBasedTableFactory(t));
  return o;
}

rocksdb::WriteOptions SyncWrite() {
  rocksdb::WriteOptions w;
  w.sync = true;  // return only once the WAL is fsynced
  return w;
}

}  // namespace

struct Store::Impl {
  std::unique_ptr<DataDirLock> lock;
  rocksdb::DB* db = nullptr;
  std::vector<rocksdb::ColumnFamilyHandle*> handles;  // all opened, for cleanup
  rocksdb::ColumnFamilyHandle* catalog = nullptr;
  rocksdb::ColumnFamilyHandle* log_cf = nullptr;
  rocksdb::ColumnFamilyHandle* meta = nullptr;
  rocksdb::ColumnFamilyHandle* state = nullptr;
  std::unique_ptr<TableLog> log;
  std::mutex counters_mu;
  std::map<std::string, uint64_t> counters;  // GUARDED_BY(counters_mu) last value handed out
};

Store::Store() : impl_(std::make_unique<Impl>()) {}

Store::~Store() {
  impl_->log.reset();
  if (impl_->db != nullptr) {
    for (auto* h : impl_->handles) impl_->db->DestroyColumnFamilyHandle(h);
    impl_->handles.clear();
    rocksdb::Status s = impl_->db->Close();
    (void)s;  // nothing useful to do on a failed close at shutdown
    delete impl_->db;
    impl_->db = nullptr;
  }
  impl_->lock.reset();  // last: nobody may open the directory while RocksDB is open
}

Result<std::unique_ptr<Store>> Store::Open(const std::string& data_dir) {
  std::error_code ec;
  std::filesystem::create_directories(data_dir, ec);
  if (ec) {
    return Status::Io("could not create data directory \"" + data_dir + "\": " + ec.message());
  }
  std::unique_ptr<Store> store(new Store());
  Impl& impl = *store->impl_;
  KAPPA_ASSIGN_OR_RETURN(impl.lock, DataDirLock::Acquire(data_dir));

  const std::string db_path = data_dir + "/db";
  auto cache = rocksdb::NewLRUCache(64 << 20);
  // Open every family the database has (a newer version may have added
  // some) plus ours.
  std::vector<std::string> names = {rocksdb::kDefaultColumnFamilyName, kCatalogCf, kLogCf,
                                    kMetaCf, kStateCf};
  std::vector<std::string> existing;
  if (rocksdb::DB::ListColumnFamilies(rocksdb::DBOptions(), db_path, &existing).ok()) {
    for (const auto& n : existing) {
      if (std::find(names.begin(), names.end(), n) == names.end()) names.push_back(n);
    }
  }
  std::vector<rocksdb::ColumnFamilyDescriptor> descriptors;
  for (const auto& n : names) descriptors.emplace_back(n, MakeCfOptions(n, cache));

  rocksdb::DB* db = nullptr;
  KAPPA_RETURN_IF_ERROR(FromRocks(
      rocksdb::DB::Open(MakeDbOptions(), db_path, descriptors, &impl.handles, &db),
      "could not open the store in \"" + data_dir + "\""));
  impl.db = db;
  for (auto* h : impl.handles) {
    const std::string& n = h->GetName();
    if (n == kCatalogCf) impl.catalog = h;
    if (n == kLogCf) impl.log_cf = h;
    if (n == kMetaCf) impl.meta = h;
    if (n == kStateCf) impl.state = h;
  }
  impl.log = std::make_unique<TableLog>(store.get());
  return store;
}

Status Store::PutCatalog(const std::string& key, const std::string& value) {
  return FromRocks(impl_->db->Put(SyncWrite(), impl_->catalog, key, value), "catalog write failed");
}

Status Store::DeleteCatalog(const std::string& key) {
  return FromRocks(impl_->db->Delete(SyncWrite(), impl_->catalog, key), "catalog write failed");
}

Result<std::vector<std::pair<std::string, std::string>>> Store::ScanCatalog(
    const std::string& prefix) {
  std::vector<std::pair<std::string, std::string>> out;
  rocksdb::ReadOptions ro;
  std::unique_ptr<rocksdb::Iterator> it(impl_->db->NewIterator(ro, impl_->catalog));
  for (it->Seek(prefix); it->Valid() && it->key().starts_with(prefix); it->Next()) {
    out.emplace_back(it->key().ToString(), it->value().ToString());
  }
  KAPPA_RETURN_IF_ERROR(FromRocks(it->status(), "catalog scan failed"));
  return out;
}

Result<uint64_t> Store::NextId(const std::string& counter) {
  std::lock_guard<std::mutex> lock(impl_->counters_mu);
  const std::string key = "counter/" + counter;
  auto it = impl_->counters.find(counter);
  uint64_t last = 0;
  if (it != impl_->counters.end()) {
    last = it->second;
  } else {
    std::string value;
    rocksdb::Status s = impl_->db->Get(rocksdb::ReadOptions(), impl_->meta, key, &value);
    if (s.ok()) {
      if (value.size() != 8) {
        return Status::Error(sqlstate::kDataCorrupted, "bad counter \"" + counter + "\"");
      }
      last = GetBigEndian64(value.data());
    } else if (!s.IsNotFound()) {
      return FromRocks(s, "counter read failed");
    }
  }
  uint64_t next = last + 1;
  std::string value;
  PutBigEndian64(next, &value);
  KAPPA_RETURN_IF_ERROR(
      FromRocks(impl_->db->Put(SyncWrite(), impl_->meta, key, value), "counter write failed"));
  impl_->counters[counter] = next;
  return next;
}

TableLog& Store::log() { return *impl_->log; }
rocksdb::DB* Store::db() { return impl_->db; }
rocksdb::ColumnFamilyHandle* Store::catalog_cf() { return impl_->catalog; }
rocksdb::ColumnFamilyHandle* Store::log_cf() { return impl_->log_cf; }
rocksdb::ColumnFamilyHandle* Store::meta_cf() { return impl_->meta; }
rocksdb::ColumnFamilyHandle* Store::state_cf() { return impl_->state; }

}  // namespace kappa
