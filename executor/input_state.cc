#include "executor/input_state.h"

#include <cstring>

#include "executor/row_key.h"
#include "storage/row_codec.h"

namespace kappa {

InputState::InputState(std::vector<std::vector<DataType>> port_types)
    : port_types_(std::move(port_types)), pending_(port_types_.size()) {}

void InputState::Record(int port, const Chunk& chunk) {
  if (loading_ || !recording_ || chunk.num_rows == 0) return;
  pending_[port].push_back(chunk);
}

void InputState::RecordEviction(int port, const Chunk& rows) {
  if (loading_ || !recording_ || rows.num_rows == 0) return;
  pending_[port].push_back(rows);
  for (int64_t& w : pending_[port].back().weights) w = -w;
}

uint64_t InputState::pending_rows() const {
  uint64_t n = 0;
  for (const auto& port : pending_) {
    for (const Chunk& c : port) n += c.num_rows;
  }
  return n;
}

Status InputState::Save(StateWriter& w) {
  EncodedKeys keys;
  std::string key, payload;
  for (size_t port = 0; port < pending_.size(); ++port) {
    std::vector<Chunk>& chunks = pending_[port];
    if (chunks.empty()) continue;
    // Consolidate the epoch's changes by exact row identity: one AddCount
    // per distinct row with a non-zero net weight.
    KeyTable table;
    std::vector<int64_t> net;             // key id -> net weight
    std::vector<uint32_t> src_chunk, src_row;  // key id -> first occurrence
    std::vector<uint32_t> order;          // key ids in first-seen order
    for (size_t ci = 0; ci < chunks.size(); ++ci) {
      const Chunk& c = chunks[ci];
      EncodeRowKeys(c, KeyMode::kExact, &keys);
      for (size_t r = 0; r < c.num_rows; ++r) {
        bool inserted = false;
        uint32_t id = table.FindOrInsert(keys.Key(r), keys.hashes[r], &inserted);
        if (net.size() <= id) {
          net.resize(id + 1, 0);
          src_chunk.resize(id + 1, 0);
          src_row.resize(id + 1, 0);
        }
        if (inserted) {
          net[id] = 0;
          src_chunk[id] = static_cast<uint32_t>(ci);
          src_row[id] = static_cast<uint32_t>(r);
          order.push_back(id);
        }
        net[id] += c.weights[r];
      }
    }
    Chunk one(port_types_[port]);
    for (uint32_t id : order) {
      if (net[id] == 0) continue;
      key.assign(1, static_cast<char>(port));
      key.append(table.Key(id));
      one.Clear();
      one.AppendRowFrom(chunks[src_chunk[id]], src_row[id]);
      one.weights[0] = 1;
      payload.clear();
      EncodeRows(one, &payload);
      w.AddCount(key, net[id], payload);
    }
    chunks.clear();
  }
  return Status::OK();
}

Status InputState::Load(StateReader& r,
                        const std::function<Status(int port, Chunk chunk)>& fn) {
  struct LoadingGuard {
    bool* flag;
    ~LoadingGuard() { *flag = false; }
  } guard{&loading_};
  loading_ = true;
  for (auto& p : pending_) p.clear();

  int cur_port = -1;
  Chunk cur;
  auto flush = [&]() -> Status {
    if (cur_port < 0 || cur.num_rows == 0) return Status::OK();
    Chunk c = std::move(cur);
    cur = Chunk(port_types_[cur_port]);
    return fn(cur_port, std::move(c));
  };
  KAPPA_RETURN_IF_ERROR(r.Scan([&](std::string_view key, std::string_view value) -> Status {
    if (key.empty() || value.size() < 8) {
      return Status::Error(sqlstate::kDataCorrupted, "malformed operator input state entry");
    }
    const int port = static_cast<uint8_t>(key[0]);
    if (port >= static_cast<int>(port_types_.size())) {
      return Status::Error(sqlstate::kDataCorrupted, "operator input state names an unknown port");
    }
    int64_t count;
    std::memcpy(&count, value.data(), 8);
    if (count == 0) return Status::OK();
    if (port != cur_port) {
      KAPPA_RETURN_IF_ERROR(flush());
      cur_port = port;
      cur = Chunk(port_types_[port]);
    }
    const size_t before = cur.num_rows;
    KAPPA_RETURN_IF_ERROR(DecodeRows(value.substr(8), &cur));
    if (cur.num_rows != before + 1) {
      return Status::Error(sqlstate::kDataCorrupted, "operator input state entry is not one row");
    }
    cur.weights.back() = count;
    if (cur.num_rows >= kChunkRows) return flush();
    return Status::OK();
  }));
  KAPPA_RETURN_IF_ERROR(flush());
  recording_ = true;
  return Status::OK();
}

}  // namespace kappa
