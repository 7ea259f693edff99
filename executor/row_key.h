// Row keys: how operators hash, compare and index rows and key columns.
//
// ENCODING. EncodeKeys turns the values of some columns of a chunk into one
// byte string per row plus its hash, column by column in tight loops (hash
// once per chunk, then every lookup reuses it). Two modes:
//   kSemantic  SQL equality for GROUP BY, DISTINCT, set operations and join
//              keys: 1.0 = 1.00, -0.0 = 0.0, NaN = NaN, '1 day' = '24 hours',
//              NULL = NULL (callers that need "NULL never matches", i.e. join
//              keys, check EncodedKeys::has_null).
//   kExact     row identity for consolidating Z-sets: 1.0 and 1.00 are
//              different rows (they print differently).
// Fixed-width columns always take the same number of bytes, so keys of
// fixed-width columns are encoded without per-row work beyond the copy.
//
// KeyTable maps encoded keys to dense ids (reused after Erase) with open
// addressing; key bytes live in one arena, so inserting a key allocates
// nothing per row (amortized growth only).
//
// RowMultiset is a consolidating multiset of whole rows: row -> signed
// counts (one or more counters, e.g. one per input of INTERSECT), with the
// row values stored once, columnar. Sort, LIMIT, window, distinct, set
// operations, join state and the result sink are built on it.
//
// Column helpers at the end compare, copy and gather single values for the
// operators' cold paths (per changed group or per output row).
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "common/chunk.h"
#include "common/datetime.h"  // IntervalSpan: interval order and equality

namespace kappa {

enum class KeyMode { kSemantic, kExact };

inline constexpr uint32_t kNoId = UINT32_MAX;

struct EncodedKeys {
  std::string bytes;               // all rows' keys, back to back
  std::vector<uint32_t> offsets;   // num_rows + 1 offsets into bytes
  std::vector<uint64_t> hashes;    // one per row
  std::vector<uint8_t> has_null;   // one per row: some key column is NULL

  size_t size() const { return hashes.size(); }
  std::string_view Key(size_t row) const {
    return std::string_view(bytes.data() + offsets[row], offsets[row + 1] - offsets[row]);
  }
};

// Encodes rows [0, num_rows) of `cols` (all with num_rows values). With no
// columns every row gets the same empty key.
void EncodeKeys(const std::vector<const Column*>& cols, size_t num_rows, KeyMode mode,
                EncodedKeys* out);
// All columns of `chunk`.
void EncodeRowKeys(const Chunk& chunk, KeyMode mode, EncodedKeys* out);

uint64_t HashBytes(const char* data, size_t n);

// A hash table from encoded keys to dense ids. Not thread-safe.
class KeyTable {
 public:
  KeyTable();

  // Returns the id of `key`, inserting it (with a fresh or reused id) if
  // absent; *inserted tells which. `hash` must be HashBytes(key).
  uint32_t FindOrInsert(std::string_view key, uint64_t hash, bool* inserted);
  // kNoId if absent.
  uint32_t Find(std::string_view key, uint64_t hash) const;
  // REQUIRES: `id` is live. The id may be returned by a later insert.
  void Erase(uint32_t id);

  std::string_view Key(uint32_t id) const {
    return std::string_view(arena_.data() + entries_[id].offset, entries_[id].length);
  }
  bool IsLive(uint32_t id) const { return id < entries_.size() && entries_[id].live; }
  size_t size() const { return live_; }
  // Every id ever returned is < id_limit(); size per-id arrays with it.
  uint32_t id_limit() const { return static_cast<uint32_t>(entries_.size()); }
  uint64_t bytes() const;

 private:
  struct Entry {
    uint64_t hash;
    uint64_t offset;
    uint32_t length;
    bool live;
  };
  static constexpr uint32_t kEmpty = UINT32_MAX;
  static constexpr uint32_t kTombstone = UINT32_MAX - 1;

  void Rehash(size_t new_capacity);
  void CompactArena();
  size_t FindSlot(std::string_view key, uint64_t hash) const;  // slot index or SIZE_MAX

  std::vector<uint32_t> slots_;  // id, kEmpty or kTombstone
  size_t mask_ = 0;
  size_t used_slots_ = 0;        // live + tombstones
  size_t live_ = 0;
  std::vector<Entry> entries_;
  std::vector<uint32_t> free_ids_;
  std::string arena_;
  size_t dead_bytes_ = 0;
};

// A consolidating multiset of rows: row -> `num_counters` signed counts.
class RowMultiset {
 public:
  // erase_at_zero: a row whose counters all become 0 is removed at once (so
  // a re-inserted row counts as new: new id, new sequence number).
  RowMultiset(std::vector<DataType> types, KeyMode mode, int num_counters, bool erase_at_zero);

  // Adds weights[r] (chunk.weights if null) to counter `counter` of each row
  // r of `chunk`, in row order. If `ids` is not null it receives each row's
  // id (kNoId for a row erased by erase_at_zero); if `inserted` is not null,
  // 1 for rows that created their entry.
  void Add(const Chunk& chunk, int counter, const int64_t* weights, std::vector<uint32_t>* ids,
           std::vector<uint8_t>* inserted);
  // As Add, with the keys already encoded (EncodeRowKeys with this mode).
  void AddEncoded(const Chunk& chunk, const EncodedKeys& keys, int counter,
                  const int64_t* weights, std::vector<uint32_t>* ids,
                  std::vector<uint8_t>* inserted);

  // REQUIRES: live id.
  void Erase(uint32_t id);

  int64_t count(uint32_t id, int counter = 0) const { return counts_[id * num_counters_ + counter]; }
  int64_t& count_ref(uint32_t id, int counter = 0) { return counts_[id * num_counters_ + counter]; }
  bool IsLive(uint32_t id) const { return table_.IsLive(id); }
  // Stored values: row `id` of rows() (valid while live).
  const Chunk& rows() const { return rows_; }
  uint32_t id_limit() const { return table_.id_limit(); }
  size_t size() const { return table_.size(); }
  // Live ids ordered by when they were (last) inserted.
  std::vector<uint32_t> LiveIdsInOrder() const;
  uint64_t bytes() const;
  KeyMode mode() const { return mode_; }

 private:
  KeyMode mode_;
  int num_counters_;
  bool erase_at_zero_;
  KeyTable table_;
  Chunk rows_;
  std::vector<int64_t> counts_;
  std::vector<uint64_t> seq_;
  uint64_t next_seq_ = 0;
  EncodedKeys scratch_keys_;
};

// ---- column helpers (cold paths: per changed group or per output row)

// Makes room for `n` more values, growing geometrically (Column::Reserve
// reserves exactly, which makes repeated appends quadratic).
void ReserveForAppend(Column* col, size_t n);
// Makes `col` hold `n` values (new ones NULL).
void ResizeColumn(Column* col, size_t n);
// dst[dst_row] = src[src_row]. REQUIRES: dst_row < dst->size(), same kinds.
void SetColumnValue(Column* dst, size_t dst_row, const Column& src, size_t src_row);
// Identical value (NULL equals NULL; 1.0 differs from 1.00; NaN equals NaN).
bool SameValue(const Column& a, size_t i, const Column& b, size_t j);
// PostgreSQL ordering of two non-NULL values of the same kind: -1, 0, 1.
// Text bytewise (C collation), NaN after every other float, numeric by value,
// interval by its span (1 mon = 30 days).
int CompareValues(const Column& a, size_t i, const Column& b, size_t j);
// Appends src[idx[k]] for k < n; idx[k] == kNoId appends NULL.
void AppendGathered(Column* out, const Column& src, const uint32_t* idx, size_t n);
// Appends n NULLs.
void AppendNulls(Column* out, size_t n);

// Float total order used by PostgreSQL: -0 == 0, NaN greatest, NaN == NaN.
int CompareDoubles(double a, double b);

}  // namespace kappa
