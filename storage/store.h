// Store: the RocksDB instance under the data directory, and the one place
// that opens it.
//
// Layout (column families):
//   "catalog"  key = catalog object key (see sql/catalog), value = serialized object
//   "log"      key = table_id (8 bytes BE) + seq (8 bytes BE), value = encoded row batch
//   "meta"     small counters (next table id, ...)
//   "state"    operator state tables (issue 3)
// Writes that acknowledge a client are synced (WAL fsync) before returning.
//
// Thread safety: all methods may be called from any thread concurrently.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "common/status.h"

namespace rocksdb {
class DB;
class ColumnFamilyHandle;
}  // namespace rocksdb

namespace kappa {

class TableLog;

class Store {
 public:
  // Opens (creating if needed) the store in `data_dir`. Takes an exclusive
  // lock on DATA_DIR/LOCK (flock): if another process holds it, fails with
  // 55P03 "data directory \"...\" is in use by another kappadb server (pid N)".
  static Result<std::unique_ptr<Store>> Open(const std::string& data_dir);
  ~Store();

  // Catalog objects: a small key/value space. Put/Delete are durable on return.
  Status PutCatalog(const std::string& key, const std::string& value);
  Status DeleteCatalog(const std::string& key);
  // All (key, value) pairs whose key starts with `prefix`, in key order.
  Result<std::vector<std::pair<std::string, std::string>>> ScanCatalog(const std::string& prefix);

  // A durable counter in "meta": returns the next value (starting at 1).
  Result<uint64_t> NextId(const std::string& counter);

  // The append-only change logs of all tables.
  TableLog& log();

  rocksdb::DB* db();
  // The column families (owned by the Store, valid for its lifetime).
  rocksdb::ColumnFamilyHandle* catalog_cf();
  rocksdb::ColumnFamilyHandle* log_cf();
  rocksdb::ColumnFamilyHandle* meta_cf();
  rocksdb::ColumnFamilyHandle* state_cf();

 private:
  Store();
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace kappa
