// TableWriter: the single writer of one table's log. It serializes writes to
// the table (one writer per log, as storage/table_log.h requires), enforces
// the PRIMARY KEY with an in-memory index of current keys (built from the log
// on first use), and appends each statement's changes as one durable entry.
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
#include "sql/catalog.h"

namespace kappa {

class Store;

class TableWriter {
 public:
  TableWriter(Store* store, TableInfoPtr table) : store_(store), table_(std::move(table)) {}

  std::unique_lock<std::mutex> Lock() { return std::unique_lock<std::mutex>(mu_); }

  // Checks the changes against NOT NULL and the PRIMARY KEY (retractions
  // first, then insertions) and appends them as one log entry. On a
  // violation nothing is written (23502 / 23505 with PostgreSQL's messages).
  // REQUIRES: the caller holds Lock().
  Status Apply(const Chunk& changes);

 private:
  Status LoadKeys();  // REQUIRES: mu_ held
  std::string KeyOf(const Chunk& chunk, size_t row) const;
  std::string KeyText(const Chunk& chunk, size_t row) const;

  Store* store_;
  TableInfoPtr table_;
  std::mutex mu_;
  bool keys_loaded_ = false;                          // GUARDED_BY(mu_)
  std::unordered_map<std::string, int64_t> keys_;    // GUARDED_BY(mu_) pk -> count
};

}  // namespace kappa
