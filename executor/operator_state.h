// Durable operator state: the interfaces through which an operator of a
// materialized view writes its state at a checkpoint and reads it back after
// a restart (see "DURABLE STATE" in executor/operator.h).
//
// Keys are the operator's own: the runtime gives every operator a private
// key space (storage/state_store.h prefixes them with the view and the
// operator's index), so an operator may use any bytes as keys, and keys of
// different operators never collide. All writes of one checkpoint go into
// one atomic RocksDB write together with every other operator's writes, the
// view contents and the views' positions in the table logs.
#pragma once

#include <cstdint>
#include <functional>
#include <string_view>

#include "common/status.h"

namespace kappa {

class StateWriter {
 public:
  virtual ~StateWriter() = default;
  virtual void Put(std::string_view key, std::string_view value) = 0;
  virtual void Delete(std::string_view key) = 0;
  // Deletes every key k with begin <= k < end (bytewise order). Within one
  // checkpoint, range deletions apply before every other write.
  virtual void DeleteRange(std::string_view begin, std::string_view end) = 0;
  // Adds `delta` to the count stored under `key` (a Z-set entry). The stored
  // value is [8-byte little-endian int64 count][payload]; the first payload
  // written for a key is kept. No read happens: RocksDB merges the deltas
  // (storage/state_store.h). An entry whose count sums to 0 reads as absent.
  virtual void AddCount(std::string_view key, int64_t delta, std::string_view payload) = 0;
};

class StateReader {
 public:
  virtual ~StateReader() = default;
  // Calls fn(key, value) for every key of this operator, in bytewise key
  // order; for AddCount entries value is [count][payload] with count != 0.
  // Stops at and returns the first non-OK status of fn.
  virtual Status Scan(
      const std::function<Status(std::string_view key, std::string_view value)>& fn) = 0;
  // The value under `key`: false if absent.
  virtual Result<bool> Get(std::string_view key, std::string* value) = 0;
};

}  // namespace kappa
