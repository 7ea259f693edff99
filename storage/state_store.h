// State store: how materialized views keep their durable state in the
// Store's "state" column family, and how readers see one consistent
// snapshot of all views.
//
// Keys: [view id, 8 bytes big-endian][section byte][rest]
//   'b' + seq (8 bytes BE)     the view's contents as a log of change
//                              blobs: each a chunk (storage/row_codec.h)
//                              of rows with signed weights, one or more per
//                              epoch. The contents are their sum: readers
//                              stream the blobs, weights and all, into the
//                              query (every operator is retraction-aware),
//                              so an append-only view is read without any
//                              consolidation. The runtime rewrites the blobs
//                              consolidated when they hold more than about
//                              twice the view's rows (CompactContents).
//   'o' + op index (4 bytes BE) + operator key
//                              the state of the view's operator number
//                              `op index` (executor/operator_state.h)
//   'p'                        the view's progress (the runtime's encoding)
//
// Values: every stored value starts with one tag byte: 'P' (Put: the rest
// is the value) or 'Z' (Z-set entry: [8-byte little-endian int64 count]
// [payload]). AddCount writes RocksDB merge operands that the "kappa.zset"
// merge operator sums, so a count update needs no read; a compaction filter
// drops entries whose count reached 0; readers skip them until then.
//
// One epoch's writes for every view (contents, operator state, progress)
// go into one StateBatch, committed as one atomic RocksDB write. Readers use
// a ViewSnapshot: a RocksDB snapshot taken right after a commit, so a query
// sees every view at the same epoch.
#pragma once

#include <rocksdb/write_batch.h>

#include <cstdint>
#include <functional>
#include <memory>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "common/chunk.h"
#include "common/status.h"
#include "executor/operator_state.h"

namespace rocksdb {
class Snapshot;
class MergeOperator;
class CompactionFilter;
}  // namespace rocksdb

namespace kappa {

class Store;

std::string ViewKeyPrefix(uint64_t view_id);                   // [id]
std::string ViewContentsPrefix(uint64_t view_id);              // [id]'b'
std::string OperatorStatePrefix(uint64_t view_id, uint32_t op);  // [id]'o'[op]
std::string ViewProgressKey(uint64_t view_id);                 // [id]'p'
// The smallest key greater than every key starting with `prefix`.
std::string PrefixEnd(std::string_view prefix);

// The merge operator and compaction filter of the state column family
// (installed by Store::Open).
std::shared_ptr<rocksdb::MergeOperator> MakeZsetMergeOperator();
const rocksdb::CompactionFilter* ZsetCompactionFilter();

// One epoch's writes.
class StateBatch {
 public:
  explicit StateBatch(Store* store) : store_(store) {}

  // A writer whose keys are prefixed with `prefix` (valid while the batch is).
  std::unique_ptr<StateWriter> Writer(std::string prefix);
  void Put(std::string_view key, std::string_view value);     // full key, tagged 'P'
  void DeletePrefix(std::string_view prefix);
  // Appends `changes` (weights = deltas) to a view's contents as blob `seq`.
  void AppendContents(uint64_t view_id, uint64_t seq, const Chunk& changes);

  size_t bytes() const { return bytes_; }
  // Applies everything atomically. `sync`: fsync the WAL before returning.
  Status Commit(bool sync);

 private:
  friend class BatchWriterImpl;
  // Writes are buffered and applied in key order at Commit (inserting
  // sorted keys into RocksDB's memtable is several times faster than
  // random ones); writes to one key keep their order.
  enum class Op : uint8_t { kPut, kDelete, kMerge, kDeleteRange };
  struct Write {
    Op op;
    std::string key;
    std::string value;  // kDeleteRange: the end key
  };
  void Add(Op op, std::string key, std::string value);

  Store* store_;
  rocksdb::WriteBatch batch_;
  std::vector<Write> writes_;
  size_t bytes_ = 0;
  std::string key_, value_;
};

// Reads keys under `prefix` (stripped), at `snapshot` (null = latest).
class PrefixStateReader final : public StateReader {
 public:
  PrefixStateReader(Store* store, std::string prefix, const rocksdb::Snapshot* snapshot)
      : store_(store), prefix_(std::move(prefix)), snapshot_(snapshot) {}
  Status Scan(const std::function<Status(std::string_view, std::string_view)>& fn) override;
  Result<bool> Get(std::string_view key, std::string* value) override;

 private:
  Store* store_;
  std::string prefix_;
  const rocksdb::Snapshot* snapshot_;
};

// A consistent read point for all views: the state after epoch `epoch`.
class ViewSnapshot {
 public:
  // Takes a RocksDB snapshot now. `views`: the views whose contents exist at
  // this point (a view being built is absent: readers wait for it).
  ViewSnapshot(Store* store, uint64_t epoch, std::set<uint64_t> views);
  ~ViewSnapshot();
  ViewSnapshot(const ViewSnapshot&) = delete;
  ViewSnapshot& operator=(const ViewSnapshot&) = delete;

  uint64_t epoch() const { return epoch_; }
  bool HasView(uint64_t id) const { return views_.count(id) != 0; }
  // Calls fn with the view's change blobs in order: chunks whose rows with
  // their (signed) weights sum to the contents. `types`: the view's types.
  Status ScanContents(uint64_t view_id, const std::vector<DataType>& types,
                      const std::function<Status(Chunk&&)>& fn) const;
  const rocksdb::Snapshot* raw() const { return snapshot_; }

 private:
  Store* store_;
  uint64_t epoch_;
  std::set<uint64_t> views_;
  const rocksdb::Snapshot* snapshot_;
};

}  // namespace kappa
