#include "executor/row_key.h"

#include <algorithm>
#include <cmath>
#include <cstring>
#include <limits>

#include "common/decimal.h"

namespace kappa {

namespace {

inline uint64_t Mix(uint64_t a, uint64_t b) {
  unsigned __int128 r = static_cast<unsigned __int128>(a) * b;
  return static_cast<uint64_t>(r) ^ static_cast<uint64_t>(r >> 64);
}

constexpr uint64_t kP0 = 0xa0761d6478bd642fULL;
constexpr uint64_t kP1 = 0xe7037ed1a0b428dbULL;
constexpr uint64_t kP2 = 0x8ebc6af09c88c6e3ULL;

// Encoded payload width of a fixed-width column (the NULL tag not included);
// 0 for strings (4-byte length + bytes).
size_t FixedWidth(PhysicalKind k) {
  switch (k) {
    case PhysicalKind::kInt64:
    case PhysicalKind::kFloat64: return 8;
    case PhysicalKind::kDecimal: return 20;
    case PhysicalKind::kInterval: return 16;
    case PhysicalKind::kString: return 0;
  }
  return 0;
}

// memcmp(a, b, n) == 0 without a library call for the short keys that
// dominate (one or two fixed-width columns).
inline bool KeyEquals(const char* a, const char* b, size_t n) {
  while (n >= 8) {
    uint64_t x, y;
    std::memcpy(&x, a, 8);
    std::memcpy(&y, b, 8);
    if (x != y) return false;
    a += 8;
    b += 8;
    n -= 8;
  }
  for (size_t i = 0; i < n; ++i) {
    if (a[i] != b[i]) return false;
  }
  return true;
}

inline double NormalizeDouble(double d) {
  if (std::isnan(d)) return std::numeric_limits<double>::quiet_NaN();
  if (d == 0) return 0.0;  // -0 == 0
  return d;
}

// Writes the values of `col` (rows [0, n)) at pos[r] + 0..., advancing pos.
void EncodeColumn(const Column& col, size_t n, KeyMode mode, char* base, uint32_t* pos,
                  uint8_t* has_null) {
  const PhysicalKind kind = Physical(col.type);
  const uint8_t* nulls = col.nulls.data();
  for (size_t r = 0; r < n; ++r) {
    base[pos[r]] = nulls[r] ? 0 : 1;
    has_null[r] |= nulls[r];
    pos[r] += 1;
  }
  switch (kind) {
    case PhysicalKind::kInt64: {
      const int64_t* v = col.ints.data();
      for (size_t r = 0; r < n; ++r) {
        int64_t x = nulls[r] ? 0 : v[r];
        std::memcpy(base + pos[r], &x, 8);
        pos[r] += 8;
      }
      break;
    }
    case PhysicalKind::kFloat64: {
      const double* v = col.floats.data();
      for (size_t r = 0; r < n; ++r) {
        double x = nulls[r] ? 0.0 : v[r];
        if (mode == KeyMode::kSemantic || std::isnan(x)) x = NormalizeDouble(x);
        std::memcpy(base + pos[r], &x, 8);
        pos[r] += 8;
      }
      break;
    }
    case PhysicalKind::kDecimal: {
      const Decimal* v = col.decimals.data();
      for (size_t r = 0; r < n; ++r) {
        Decimal d = nulls[r] ? Decimal{} : v[r];
        if (mode == KeyMode::kSemantic) d = DecimalNormalize(d);
        std::memcpy(base + pos[r], &d.unscaled, 16);
        std::memcpy(base + pos[r] + 16, &d.scale, 4);
        pos[r] += 20;
      }
      break;
    }
    case PhysicalKind::kInterval: {
      const Interval* v = col.intervals.data();
      for (size_t r = 0; r < n; ++r) {
        Interval iv = nulls[r] ? Interval{} : v[r];
        if (mode == KeyMode::kSemantic) {
          __int128 span = IntervalSpan(iv);
          std::memcpy(base + pos[r], &span, 16);
        } else {
          std::memcpy(base + pos[r], &iv.months, 4);
          std::memcpy(base + pos[r] + 4, &iv.days, 4);
          std::memcpy(base + pos[r] + 8, &iv.micros, 8);
        }
        pos[r] += 16;
      }
      break;
    }
    case PhysicalKind::kString: {
      for (size_t r = 0; r < n; ++r) {
        uint32_t len = nulls[r] ? 0 : static_cast<uint32_t>(col.strings[r].size());
        std::memcpy(base + pos[r], &len, 4);
        if (len) std::memcpy(base + pos[r] + 4, col.strings[r].data(), len);
        pos[r] += 4 + len;
      }
      break;
    }
  }
}

}  // namespace

uint64_t HashBytes(const char* p, size_t n) {
  uint64_t h = kP0 ^ (n * kP1);
  while (n >= 8) {
    uint64_t w;
    std::memcpy(&w, p, 8);
    h = Mix(h ^ w ^ kP2, kP1);
    p += 8;
    n -= 8;
  }
  if (n > 0) {
    uint64_t w = 0;
    std::memcpy(&w, p, n);
    h = Mix(h ^ w ^ kP2, kP0 ^ n);
  }
  return Mix(h, kP2);
}

int CompareDoubles(double a, double b) {
  bool na = std::isnan(a), nb = std::isnan(b);
  if (na || nb) return na == nb ? 0 : (na ? 1 : -1);
  return a < b ? -1 : (a > b ? 1 : 0);
}

void EncodeKeys(const std::vector<const Column*>& cols, size_t n, KeyMode mode,
                EncodedKeys* out) {
  size_t fixed = 0;
  bool has_strings = false;
  for (const Column* c : cols) {
    PhysicalKind k = Physical(c->type);
    fixed += 1 + FixedWidth(k);
    if (k == PhysicalKind::kString) {
      fixed += 4;
      has_strings = true;
    }
  }
  out->offsets.resize(n + 1);
  out->has_null.assign(n, 0);
  out->hashes.resize(n);
  uint32_t* off = out->offsets.data();
  if (!has_strings) {
    for (size_t r = 0; r <= n; ++r) off[r] = static_cast<uint32_t>(r * fixed);
  } else {
    off[0] = 0;
    for (size_t r = 0; r < n; ++r) off[r + 1] = static_cast<uint32_t>(fixed);
    for (const Column* c : cols) {
      if (Physical(c->type) != PhysicalKind::kString) continue;
      for (size_t r = 0; r < n; ++r) {
        if (!c->nulls[r]) off[r + 1] += static_cast<uint32_t>(c->strings[r].size());
      }
    }
    for (size_t r = 0; r < n; ++r) off[r + 1] += off[r];
  }
  out->bytes.resize(off[n]);
  if (n == 0) return;
  std::vector<uint32_t> pos(off, off + n);
  char* base = out->bytes.data();
  for (const Column* c : cols) EncodeColumn(*c, n, mode, base, pos.data(), out->has_null.data());
  for (size_t r = 0; r < n; ++r) out->hashes[r] = HashBytes(base + off[r], off[r + 1] - off[r]);
}

void EncodeRowKeys(const Chunk& chunk, KeyMode mode, EncodedKeys* out) {
  std::vector<const Column*> cols;
  cols.reserve(chunk.columns.size());
  for (const auto& c : chunk.columns) cols.push_back(&c);
  EncodeKeys(cols, chunk.num_rows, mode, out);
}

// ---------------------------------------------------------------- KeyTable

KeyTable::KeyTable() { Rehash(16); }

void KeyTable::Rehash(size_t cap) {
  std::vector<uint32_t> old = std::move(slots_);
  slots_.assign(cap, kEmpty);
  mask_ = cap - 1;
  used_slots_ = 0;
  for (uint32_t id : old) {
    if (id == kEmpty || id == kTombstone) continue;
    size_t s = entries_[id].hash & mask_;
    while (slots_[s] != kEmpty) s = (s + 1) & mask_;
    slots_[s] = id;
    ++used_slots_;
  }
}

size_t KeyTable::FindSlot(std::string_view key, uint64_t hash) const {
  size_t s = hash & mask_;
  for (;;) {
    uint32_t id = slots_[s];
    if (id == kEmpty) return SIZE_MAX;
    if (id != kTombstone) {
      const Entry& e = entries_[id];
      if (e.hash == hash && e.length == key.size() &&
          KeyEquals(arena_.data() + e.offset, key.data(), key.size())) {
        return s;
      }
    }
    s = (s + 1) & mask_;
  }
}

uint32_t KeyTable::Find(std::string_view key, uint64_t hash) const {
  size_t s = FindSlot(key, hash);
  return s == SIZE_MAX ? kNoId : slots_[s];
}

uint32_t KeyTable::FindOrInsert(std::string_view key, uint64_t hash, bool* inserted) {
  size_t s = hash & mask_;
  size_t first_tomb = SIZE_MAX;
  for (;;) {
    uint32_t id = slots_[s];
    if (id == kEmpty) break;
    if (id == kTombstone) {
      if (first_tomb == SIZE_MAX) first_tomb = s;
    } else {
      const Entry& e = entries_[id];
      if (e.hash == hash && e.length == key.size() &&
          KeyEquals(arena_.data() + e.offset, key.data(), key.size())) {
        *inserted = false;
        return id;
      }
    }
    s = (s + 1) & mask_;
  }
  *inserted = true;
  uint32_t id;
  if (!free_ids_.empty()) {
    id = free_ids_.back();
    free_ids_.pop_back();
  } else {
    id = static_cast<uint32_t>(entries_.size());
    entries_.push_back({});
  }
  Entry& e = entries_[id];
  e.hash = hash;
  e.offset = arena_.size();
  e.length = static_cast<uint32_t>(key.size());
  e.live = true;
  arena_.append(key.data(), key.size());
  ++live_;
  if (first_tomb != SIZE_MAX) {
    slots_[first_tomb] = id;
  } else {
    slots_[s] = id;
    ++used_slots_;
  }
  if (used_slots_ * 2 > slots_.size()) {
    size_t cap = slots_.size();
    while (live_ * 2 > cap / 2) cap *= 2;  // keep live load <= 1/4 after growth
    Rehash(cap);
  }
  return id;
}

void KeyTable::Erase(uint32_t id) {
  Entry& e = entries_[id];
  size_t s = e.hash & mask_;
  while (slots_[s] != id) s = (s + 1) & mask_;
  slots_[s] = kTombstone;
  e.live = false;
  dead_bytes_ += e.length;
  free_ids_.push_back(id);
  --live_;
  if (dead_bytes_ > (64u << 10) && dead_bytes_ * 2 > arena_.size()) CompactArena();
}

void KeyTable::CompactArena() {
  std::string fresh;
  fresh.reserve(arena_.size() - dead_bytes_);
  for (Entry& e : entries_) {
    if (!e.live) continue;
    uint64_t off = fresh.size();
    fresh.append(arena_.data() + e.offset, e.length);
    e.offset = off;
  }
  arena_ = std::move(fresh);
  dead_bytes_ = 0;
}

uint64_t KeyTable::bytes() const {
  return slots_.size() * sizeof(uint32_t) + entries_.size() * sizeof(Entry) + arena_.size();
}

// ---------------------------------------------------------------- RowMultiset

RowMultiset::RowMultiset(std::vector<DataType> types, KeyMode mode, int num_counters,
                         bool erase_at_zero)
    : mode_(mode), num_counters_(num_counters), erase_at_zero_(erase_at_zero), rows_(types) {}

void RowMultiset::Add(const Chunk& chunk, int counter, const int64_t* weights,
                      std::vector<uint32_t>* ids, std::vector<uint8_t>* inserted) {
  EncodeRowKeys(chunk, mode_, &scratch_keys_);
  AddEncoded(chunk, scratch_keys_, counter, weights, ids, inserted);
}

void RowMultiset::AddEncoded(const Chunk& chunk, const EncodedKeys& keys, int counter,
                             const int64_t* weights, std::vector<uint32_t>* ids,
                             std::vector<uint8_t>* inserted) {
  const size_t n = chunk.num_rows;
  if (weights == nullptr) weights = chunk.weights.data();
  if (ids) ids->resize(n);
  if (inserted) inserted->assign(n, 0);
  const uint32_t base_rows = static_cast<uint32_t>(rows_.num_rows);
  std::vector<uint32_t> append_rows;             // rows for fresh ids, in id order
  std::vector<std::pair<uint32_t, uint32_t>> reuse;  // (id, row) for reused ids
  for (size_t r = 0; r < n; ++r) {
    bool ins = false;
    uint32_t id = table_.FindOrInsert(keys.Key(r), keys.hashes[r], &ins);
    if (ins) {
      size_t need = static_cast<size_t>(table_.id_limit()) * num_counters_;
      if (counts_.size() < need) {
        counts_.resize(need, 0);
        seq_.resize(table_.id_limit(), 0);
      }
      for (int c = 0; c < num_counters_; ++c) count_ref(id, c) = 0;
      seq_[id] = next_seq_++;
      if (id >= base_rows + append_rows.size()) {
        append_rows.push_back(static_cast<uint32_t>(r));
      } else {
        reuse.emplace_back(id, static_cast<uint32_t>(r));
      }
      if (inserted) (*inserted)[r] = 1;
    }
    int64_t& cnt = count_ref(id, counter);
    cnt += weights[r];
    if (erase_at_zero_ && cnt == 0) {
      bool all_zero = true;
      for (int c = 0; c < num_counters_; ++c) all_zero &= count(id, c) == 0;
      if (all_zero) {
        table_.Erase(id);
        id = kNoId;
      }
    }
    if (ids) (*ids)[r] = id;
  }
  if (!append_rows.empty()) {
    for (size_t c = 0; c < rows_.columns.size(); ++c) {
      ReserveForAppend(&rows_.columns[c], append_rows.size());
      rows_.columns[c].AppendSelected(chunk.columns[c], append_rows.data(), append_rows.size());
    }
    rows_.weights.resize(rows_.weights.size() + append_rows.size(), 1);
    rows_.num_rows += append_rows.size();
  }
  for (auto [id, r] : reuse) {
    for (size_t c = 0; c < rows_.columns.size(); ++c) {
      SetColumnValue(&rows_.columns[c], id, chunk.columns[c], r);
    }
  }
}

void RowMultiset::Erase(uint32_t id) {
  for (int c = 0; c < num_counters_; ++c) count_ref(id, c) = 0;
  table_.Erase(id);
}

std::vector<uint32_t> RowMultiset::LiveIdsInOrder() const {
  std::vector<uint32_t> ids;
  ids.reserve(table_.size());
  for (uint32_t id = 0; id < table_.id_limit(); ++id) {
    if (table_.IsLive(id)) ids.push_back(id);
  }
  std::sort(ids.begin(), ids.end(), [&](uint32_t a, uint32_t b) { return seq_[a] < seq_[b]; });
  return ids;
}

uint64_t RowMultiset::bytes() const {
  uint64_t b = table_.bytes() + counts_.size() * 8 + seq_.size() * 8;
  for (const auto& c : rows_.columns) {
    b += c.nulls.size() + c.ints.size() * 8 + c.floats.size() * 8 + c.decimals.size() * 32 +
         c.intervals.size() * 16;
    for (const auto& s : c.strings) b += sizeof(std::string) + s.size();
  }
  return b;
}

// ---------------------------------------------------------------- column helpers

void ResizeColumn(Column* col, size_t n) {
  while (col->size() < n) col->AppendNull();
}

void SetColumnValue(Column* dst, size_t d, const Column& src, size_t s) {
  dst->nulls[d] = src.nulls[s];
  switch (Physical(dst->type)) {
    case PhysicalKind::kInt64: dst->ints[d] = src.ints[s]; break;
    case PhysicalKind::kFloat64: dst->floats[d] = src.floats[s]; break;
    case PhysicalKind::kDecimal: dst->decimals[d] = src.decimals[s]; break;
    case PhysicalKind::kString: dst->strings[d] = src.strings[s]; break;
    case PhysicalKind::kInterval: dst->intervals[d] = src.intervals[s]; break;
  }
}

bool SameValue(const Column& a, size_t i, const Column& b, size_t j) {
  if (a.nulls[i] || b.nulls[j]) return a.nulls[i] && b.nulls[j];
  switch (Physical(a.type)) {
    case PhysicalKind::kInt64: return a.ints[i] == b.ints[j];
    case PhysicalKind::kFloat64: {
      double x = a.floats[i], y = b.floats[j];
      if (std::isnan(x) || std::isnan(y)) return std::isnan(x) && std::isnan(y);
      return x == y && std::signbit(x) == std::signbit(y);
    }
    case PhysicalKind::kDecimal:
      return a.decimals[i].unscaled == b.decimals[j].unscaled &&
             a.decimals[i].scale == b.decimals[j].scale;
    case PhysicalKind::kString: return a.strings[i] == b.strings[j];
    case PhysicalKind::kInterval: {
      const Interval& x = a.intervals[i];
      const Interval& y = b.intervals[j];
      return x.months == y.months && x.days == y.days && x.micros == y.micros;
    }
  }
  return false;
}

int CompareValues(const Column& a, size_t i, const Column& b, size_t j) {
  switch (Physical(a.type)) {
    case PhysicalKind::kInt64: {
      int64_t x = a.ints[i], y = b.ints[j];
      return x < y ? -1 : (x > y ? 1 : 0);
    }
    case PhysicalKind::kFloat64: return CompareDoubles(a.floats[i], b.floats[j]);
    case PhysicalKind::kDecimal: return DecimalCompare(a.decimals[i], b.decimals[j]);
    case PhysicalKind::kString: {
      int c = a.strings[i].compare(b.strings[j]);
      return c < 0 ? -1 : (c > 0 ? 1 : 0);
    }
    case PhysicalKind::kInterval: {
      __int128 x = IntervalSpan(a.intervals[i]), y = IntervalSpan(b.intervals[j]);
      return x < y ? -1 : (x > y ? 1 : 0);
    }
  }
  return 0;
}

void ReserveForAppend(Column* col, size_t n) {
  const size_t need = col->size() + n;
  if (col->nulls.capacity() >= need) return;
  col->Reserve(std::max(need, col->nulls.capacity() * 2));
}

void AppendGathered(Column* out, const Column& src, const uint32_t* idx, size_t n) {
  ReserveForAppend(out, n);
  for (size_t k = 0; k < n; ++k) out->nulls.push_back(idx[k] == kNoId ? 1 : src.nulls[idx[k]]);
  switch (Physical(out->type)) {
    case PhysicalKind::kInt64:
      for (size_t k = 0; k < n; ++k) out->ints.push_back(idx[k] == kNoId ? 0 : src.ints[idx[k]]);
      break;
    case PhysicalKind::kFloat64:
      for (size_t k = 0; k < n; ++k) {
        out->floats.push_back(idx[k] == kNoId ? 0 : src.floats[idx[k]]);
      }
      break;
    case PhysicalKind::kDecimal:
      for (size_t k = 0; k < n; ++k) {
        out->decimals.push_back(idx[k] == kNoId ? Decimal{} : src.decimals[idx[k]]);
      }
      break;
    case PhysicalKind::kString:
      for (size_t k = 0; k < n; ++k) {
        if (idx[k] == kNoId) {
          out->strings.emplace_back();
        } else {
          out->strings.push_back(src.strings[idx[k]]);
        }
      }
      break;
    case PhysicalKind::kInterval:
      for (size_t k = 0; k < n; ++k) {
        out->intervals.push_back(idx[k] == kNoId ? Interval{} : src.intervals[idx[k]]);
      }
      break;
  }
}

void AppendNulls(Column* out, size_t n) {
  for (size_t k = 0; k < n; ++k) out->AppendNull();
}

}  // namespace kappa
