// MemoryState: an in-memory StateWriter/StateReader (executor/operator_state.h)
// for unit tests of operators' SaveState/LoadState, with the same semantics
// as the RocksDB-backed one (storage/state_store.h): AddCount entries merge
// by adding counts, keep the first payload, and read as absent at count 0.
#pragma once

#include <cstring>
#include <map>
#include <set>
#include <string>

#include "executor/operator_state.h"

namespace kappa::testing {

class MemoryState final : public StateWriter, public StateReader {
 public:
  void Put(std::string_view key, std::string_view value) override {
    counts_.erase(std::string(key));
    kv_[std::string(key)] = std::string(value);
  }
  void Delete(std::string_view key) override {
    counts_.erase(std::string(key));
    kv_.erase(std::string(key));
  }
  void DeleteRange(std::string_view begin, std::string_view end) override {
    kv_.erase(kv_.lower_bound(std::string(begin)), kv_.lower_bound(std::string(end)));
  }
  void AddCount(std::string_view key, int64_t delta, std::string_view payload) override {
    counts_.insert(std::string(key));
    auto it = kv_.find(std::string(key));
    if (it == kv_.end()) {
      std::string v(8, '\0');
      std::memcpy(v.data(), &delta, 8);
      v.append(payload);
      kv_.emplace(std::string(key), std::move(v));
      return;
    }
    int64_t c;
    std::memcpy(&c, it->second.data(), 8);
    c += delta;
    std::memcpy(it->second.data(), &c, 8);
    if (it->second.size() == 8) it->second.append(payload);
  }
  Status Scan(const std::function<Status(std::string_view, std::string_view)>& fn) override {
    for (const auto& [k, v] : kv_) {
      if (IsZeroCount(k, v)) continue;
      Status st = fn(k, v);
      if (!st.ok()) return st;
    }
    return Status::OK();
  }
  Result<bool> Get(std::string_view key, std::string* value) override {
    auto it = kv_.find(std::string(key));
    if (it == kv_.end() || IsZeroCount(it->first, it->second)) return false;
    *value = it->second;
    return true;
  }
  size_t size() const { return kv_.size(); }
  const std::map<std::string, std::string>& entries() const { return kv_; }
 private:
  bool IsZeroCount(const std::string& key, const std::string& v) const {
    if (counts_.count(key) == 0) return false;
    int64_t c;
    std::memcpy(&c, v.data(), 8);
    return c == 0;
  }
  std::map<std::string, std::string> kv_;
  std::set<std::string> counts_;  // keys written with AddCount
};

}  // namespace kappa::testing
