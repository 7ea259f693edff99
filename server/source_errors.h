// Durable per-source state of connector tables, kept in the Store's meta
// space next to the connector's offsets, and written in the SAME atomic
// write as the rows and offsets of a batch (server/connector_runner.h):
//
//   "srcerr/" + table id (BE64) + ordinal (BE64) -> one undecodable record
//       (kappa_catalog.source_errors): partition, offset, raw prefix, error,
//       time it was read;
//   "srcstat/" + table id (BE64) -> records read and bad records so far.
//
// The ordinal of an error is the table's bad-record count before it, so
// errors are listed in the order they were read.
#pragma once

#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "common/status.h"

namespace rocksdb {
class WriteBatch;
}

namespace kappa {

class Store;

struct SourceErrorRecord {
  int32_t partition = 0;
  int64_t offset = 0;
  std::string raw;
  std::string error;
  int64_t read_at_micros = 0;  // wall clock when kappadb read it
};

struct SourceCounters {
  int64_t records = 0;  // records read (decoded or not)
  int64_t bad = 0;      // records that did not decode
};

// Adds `errors` (ordinals counters.bad, counters.bad + 1, ...) to `batch`.
Status PutSourceErrors(Store* store, uint64_t table_id, int64_t first_ordinal,
                       const std::vector<SourceErrorRecord>& errors, rocksdb::WriteBatch* batch);
Status PutSourceCounters(Store* store, uint64_t table_id, const SourceCounters& counters,
                         rocksdb::WriteBatch* batch);
// Zero counters when none were stored.
Result<SourceCounters> LoadSourceCounters(Store* store, uint64_t table_id);
// In ordinal order.
Status ScanSourceErrors(Store* store, uint64_t table_id,
                        const std::function<Status(const SourceErrorRecord&)>& fn);
// Removes the table's errors and counters (DROP TABLE).
Status DropSourceState(Store* store, uint64_t table_id);

}  // namespace kappa
