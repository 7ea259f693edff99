// Aggregate functions: resolution (binder) and retraction-aware
// accumulators (aggregate operator).
#pragma once

#include <cstdint>
#include <cstring>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "common/chunk.h"
#include "common/status.h"
#include "common/types.h"

namespace kappa {

enum class AggregateKind {
  kCountStar,  // count(*)
  kCount,      // count(x)
  kSum,
  kAvg,
  kMin,
  kMax,
  kBoolAnd,    // bool_and / every
  kBoolOr,
  kStringAgg,  // string_agg(x, delim)
  kArrayAgg,   // reserved for issue 5
};

struct ResolvedAggregate {
  AggregateKind kind;
  DataType input_type;   // the argument is cast to this type first
  DataType return_type;  // PostgreSQL's: sum(int4) -> int8, sum(int8) -> numeric,
                         // avg(int) -> numeric, avg(float) -> float8, count -> int8
};

// Resolves an aggregate by name. `arg_types` is empty for count(*).
// Errors: 42883 ("function sum(text) does not exist").
Result<ResolvedAggregate> ResolveAggregate(std::string_view name,
                                           const std::vector<DataType>& arg_types);

bool IsAggregateName(std::string_view name);

// The running state of one aggregate for many groups (dense group ids), as
// the hash aggregate operator keeps it. Retraction-aware: a negative weight
// removes copies of a value (min/max keep a value -> count multiset per
// group, sums keep exact running totals). NULL arguments are ignored (except
// by count(*), which has none). Calls are per chunk, never per row.
class AggregateState {
 public:
  virtual ~AggregateState() = default;
  // Makes room for group ids < n; new groups start empty.
  virtual void Resize(size_t n) = 0;
  // Empties group `g` (its id is about to be reused).
  virtual void Reset(uint32_t g) = 0;
  // For k < n: adds weights[k] copies of row rows[k] of `arg` (and `arg2`,
  // string_agg's delimiter) to group gids[k]. `arg` is null for count(*).
  virtual Status Update(const uint32_t* gids, const uint32_t* rows, const int64_t* weights,
                        size_t n, const Column* arg, const Column* arg2) = 0;
  // Appends the current result of groups gids[0..n) to `out` (return_type).
  // Errors: 22003 when a sum no longer fits its result type.
  virtual Status Finalize(const uint32_t* gids, size_t n, Column* out) = 0;
  virtual uint64_t Bytes() const = 0;

  // Order-sensitive aggregates (string_agg) tell the copies of one value
  // apart by the input row they came from, so that deleting a row removes
  // that row's value and not an equal one elsewhere in the order. When this
  // returns true, the operator calls SetRowHashes with a hash of every
  // input row (whole row, exact) before each Update; the array is indexed
  // like the chunk's rows and valid during that Update.
  virtual bool WantsRowHashes() const { return false; }

  // The input will never retract (an append-only table, through filters,
  // projections and windows): min/max then keep only the current extreme
  // per group instead of every value. Call before the first Update; a
  // negative weight afterwards is an internal error.
  virtual void SetAppendOnlyInput() {}
  virtual void SetRowHashes(const uint64_t* /*hashes*/) {}

  // Durable state (the hash aggregate's SaveState/LoadState). Save appends
  // the complete state of group `g` to `out` (values that are already
  // merged or still buffered alike); Load consumes exactly what Save wrote
  // from the front of `*in` and makes group `g` (REQUIRES: g < the size
  // given to Resize, and empty) hold that state, so that later Update and
  // Finalize calls behave exactly as on the saved object. The encoding is
  // self-delimiting and compact (fixed-width little-endian numbers, varint
  // lengths). Errors: XX001 on truncated or malformed input.
  virtual void Save(uint32_t g, std::string* out) const = 0;
  virtual Status Load(uint32_t g, std::string_view* in) = 0;
};

// Byte-level helpers for durable state encodings (AggregateState::Save/Load
// and the hash aggregate's group records): little-endian fixed-width
// numbers and LEB128 varints. The Get functions consume from the front of
// `*in` and return false when it is too short.
namespace state_codec {

inline void PutFixed64(std::string* out, uint64_t v) {
  char b[8];
  for (int i = 0; i < 8; ++i) b[i] = static_cast<char>(v >> (8 * i));
  out->append(b, 8);
}
inline void PutFixed32(std::string* out, uint32_t v) {
  char b[4];
  for (int i = 0; i < 4; ++i) b[i] = static_cast<char>(v >> (8 * i));
  out->append(b, 4);
}
inline void PutInt128(std::string* out, __int128 v) {
  const unsigned __int128 u = static_cast<unsigned __int128>(v);
  PutFixed64(out, static_cast<uint64_t>(u));
  PutFixed64(out, static_cast<uint64_t>(u >> 64));
}
inline void PutDouble(std::string* out, double d) {
  uint64_t v;
  std::memcpy(&v, &d, 8);
  PutFixed64(out, v);
}
inline void PutVarint(std::string* out, uint64_t v) {
  while (v >= 0x80) {
    out->push_back(static_cast<char>((v & 0x7f) | 0x80));
    v >>= 7;
  }
  out->push_back(static_cast<char>(v));
}
// A varint length, then the bytes.
inline void PutBytes(std::string* out, std::string_view bytes) {
  PutVarint(out, bytes.size());
  out->append(bytes);
}

inline bool GetFixed64(std::string_view* in, uint64_t* v) {
  if (in->size() < 8) return false;
  uint64_t r = 0;
  for (int i = 0; i < 8; ++i) r |= static_cast<uint64_t>(static_cast<uint8_t>((*in)[i])) << (8 * i);
  *v = r;
  in->remove_prefix(8);
  return true;
}
inline bool GetInt64(std::string_view* in, int64_t* v) {
  uint64_t u;
  if (!GetFixed64(in, &u)) return false;
  *v = static_cast<int64_t>(u);
  return true;
}
inline bool GetFixed32(std::string_view* in, uint32_t* v) {
  if (in->size() < 4) return false;
  uint32_t r = 0;
  for (int i = 0; i < 4; ++i) r |= static_cast<uint32_t>(static_cast<uint8_t>((*in)[i])) << (8 * i);
  *v = r;
  in->remove_prefix(4);
  return true;
}
inline bool GetInt32(std::string_view* in, int32_t* v) {
  uint32_t u;
  if (!GetFixed32(in, &u)) return false;
  *v = static_cast<int32_t>(u);
  return true;
}
inline bool GetInt128(std::string_view* in, __int128* v) {
  uint64_t lo, hi;
  if (!GetFixed64(in, &lo) || !GetFixed64(in, &hi)) return false;
  *v = static_cast<__int128>((static_cast<unsigned __int128>(hi) << 64) | lo);
  return true;
}
inline bool GetDouble(std::string_view* in, double* d) {
  uint64_t v;
  if (!GetFixed64(in, &v)) return false;
  std::memcpy(d, &v, 8);
  return true;
}
inline bool GetVarint(std::string_view* in, uint64_t* v) {
  uint64_t r = 0;
  for (int shift = 0; shift < 64; shift += 7) {
    if (in->empty()) return false;
    const uint8_t b = static_cast<uint8_t>(in->front());
    in->remove_prefix(1);
    r |= static_cast<uint64_t>(b & 0x7f) << shift;
    if ((b & 0x80) == 0) {
      *v = r;
      return true;
    }
  }
  return false;
}
inline bool GetBytes(std::string_view* in, std::string_view* bytes) {
  uint64_t n;
  if (!GetVarint(in, &n) || n > in->size()) return false;
  *bytes = in->substr(0, n);
  in->remove_prefix(n);
  return true;
}

// XX001 "corrupt aggregate state: <what>".
Status Corrupt(std::string_view what);

}  // namespace state_codec

std::unique_ptr<AggregateState> MakeAggregateState(const ResolvedAggregate& agg);

}  // namespace kappa
