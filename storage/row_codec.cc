#include "storage/row_codec.h"

#include <bit>
#include <cstring>
#include <limits>
#include <vector>

namespace kappa {

static_assert(std::endian::native == std::endian::little,
              "the row codec writes native little-endian fixed-width fields");

namespace {

Status Corrupt(const char* what) {
  return Status::Error(sqlstate::kDataCorrupted, std::string("malformed row batch: ") + what);
}

inline uint64_t ZigZag(int64_t v) {
  return (static_cast<uint64_t>(v) << 1) ^ static_cast<uint64_t>(v >> 63);
}
inline int64_t UnZigZag(uint64_t v) {
  return static_cast<int64_t>(v >> 1) ^ -static_cast<int64_t>(v & 1);
}

inline void PutVarint(uint64_t v, std::string* out) {
  char buf[10];
  int n = 0;
  while (v >= 0x80) {
    buf[n++] = static_cast<char>(v | 0x80);
    v >>= 7;
  }
  buf[n++] = static_cast<char>(v);
  out->append(buf, n);
}

// A bounds-checked cursor over the encoded bytes.
struct Reader {
  const char* p;
  const char* end;

  size_t left() const { return static_cast<size_t>(end - p); }
  bool Byte(uint8_t* b) {
    if (p >= end) return false;
    *b = static_cast<uint8_t>(*p++);
    return true;
  }
  bool Varint(uint64_t* v) {
    uint64_t result = 0;
    for (int shift = 0; shift <= 63 && p < end; shift += 7) {
      uint64_t byte = static_cast<uint8_t>(*p++);
      result |= (byte & 0x7f) << shift;
      if ((byte & 0x80) == 0) {
        *v = result;
        return true;
      }
    }
    return false;
  }
  bool Bytes(size_t n, const char** out) {
    if (left() < n) return false;
    *out = p;
    p += n;
    return true;
  }
};

// ---- ints blocks

inline int WidthFor(uint64_t range) {
  if (range == 0) return 0;
  if (range <= 0xff) return 1;
  if (range <= 0xffff) return 2;
  if (range <= 0xffffffffULL) return 4;
  return 8;
}

// Writes an ints block of n values given by get(i); rows with nulls[i] != 0
// (when nulls is non-null) are ignored for the range and written as base.
template <typename Get>
void PutInts(size_t n, const uint8_t* nulls, Get get, std::string* out) {
  int64_t lo = std::numeric_limits<int64_t>::max();
  int64_t hi = std::numeric_limits<int64_t>::min();
  for (size_t i = 0; i < n; ++i) {
    if (nulls && nulls[i]) continue;
    int64_t v = get(i);
    lo = v < lo ? v : lo;
    hi = v > hi ? v : hi;
  }
  if (lo > hi) lo = hi = 0;  // no non-null values
  int w = WidthFor(static_cast<uint64_t>(hi) - static_cast<uint64_t>(lo));
  out->push_back(static_cast<char>(w));
  PutVarint(ZigZag(lo), out);
  if (w == 0) return;
  size_t start = out->size();
  out->resize(start + n * w);
  char* dst = out->data() + start;
  const uint64_t base = static_cast<uint64_t>(lo);
  auto delta = [&](size_t i) -> uint64_t {
    if (nulls && nulls[i]) return 0;
    return static_cast<uint64_t>(get(i)) - base;
  };
  switch (w) {
    case 1:
      for (size_t i = 0; i < n; ++i) dst[i] = static_cast<char>(delta(i));
      break;
    case 2:
      for (size_t i = 0; i < n; ++i) {
        uint16_t d = static_cast<uint16_t>(delta(i));
        std::memcpy(dst + 2 * i, &d, 2);
      }
      break;
    case 4:
      for (size_t i = 0; i < n; ++i) {
        uint32_t d = static_cast<uint32_t>(delta(i));
        std::memcpy(dst + 4 * i, &d, 4);
      }
      break;
    default:
      for (size_t i = 0; i < n; ++i) {
        uint64_t d = delta(i);
        std::memcpy(dst + 8 * i, &d, 8);
      }
      break;
  }
}

template <typename T>
inline void WidenLoop(const char* src, size_t n, uint64_t base, int64_t* dst) {
  for (size_t i = 0; i < n; ++i) {
    T d;
    std::memcpy(&d, src + sizeof(T) * i, sizeof(T));
    dst[i] = static_cast<int64_t>(base + d);
  }
}

// Reads an ints block of n values into dst[0..n).
bool TakeInts(Reader* r, size_t n, int64_t* dst) {
  uint8_t w;
  uint64_t zz;
  if (!r->Byte(&w) || !r->Varint(&zz)) return false;
  const uint64_t base = static_cast<uint64_t>(UnZigZag(zz));
  if (w == 0) {
    for (size_t i = 0; i < n; ++i) dst[i] = static_cast<int64_t>(base);
    return true;
  }
  if (w != 1 && w != 2 && w != 4 && w != 8) return false;
  if (n > r->left() / w) return false;
  const char* src = nullptr;
  r->Bytes(n * w, &src);
  switch (w) {
    case 1: WidenLoop<uint8_t>(src, n, base, dst); break;
    case 2: WidenLoop<uint16_t>(src, n, base, dst); break;
    case 4: WidenLoop<uint32_t>(src, n, base, dst); break;
    default: WidenLoop<uint64_t>(src, n, base, dst); break;
  }
  return true;
}

// ---- encoding per kind

void PutFloats(const Column& col, size_t n, std::string* out) {
  const double* v = col.floats.data();
  const uint8_t* nulls = col.nulls.data();
  bool as_float = true;
  for (size_t i = 0; i < n && as_float; ++i) {
    if (nulls[i]) continue;
    double back = static_cast<double>(static_cast<float>(v[i]));
    as_float = std::memcmp(&back, &v[i], 8) == 0;
  }
  out->push_back(as_float ? 1 : 0);
  size_t start = out->size();
  if (as_float) {
    out->resize(start + 4 * n);
    char* dst = out->data() + start;
    for (size_t i = 0; i < n; ++i) {
      float f = nulls[i] ? 0.0f : static_cast<float>(v[i]);
      std::memcpy(dst + 4 * i, &f, 4);
    }
  } else {
    out->resize(start + 8 * n);
    char* dst = out->data() + start;
    for (size_t i = 0; i < n; ++i) {
      double d = nulls[i] ? 0.0 : v[i];
      std::memcpy(dst + 8 * i, &d, 8);
    }
  }
}

void PutDecimals(const Column& col, size_t n, const uint8_t* nulls, std::string* out) {
  const Decimal* d = col.decimals.data();
  bool uniform_scale = true;
  bool fits64 = true;
  int32_t scale = 0;
  bool seen = false;
  for (size_t i = 0; i < n; ++i) {
    if (nulls && nulls[i]) continue;
    if (!seen) {
      scale = d[i].scale;
      seen = true;
    } else if (d[i].scale != scale) {
      uniform_scale = false;
    }
    if (d[i].unscaled < std::numeric_limits<int64_t>::min() ||
        d[i].unscaled > std::numeric_limits<int64_t>::max()) {
      fits64 = false;
    }
  }
  out->push_back(static_cast<char>((uniform_scale ? 1 : 0) | (fits64 ? 2 : 0)));
  if (uniform_scale) {
    PutVarint(ZigZag(scale), out);
  } else {
    PutInts(n, nulls, [&](size_t i) { return int64_t{d[i].scale}; }, out);
  }
  if (fits64) {
    PutInts(n, nulls, [&](size_t i) { return static_cast<int64_t>(d[i].unscaled); }, out);
  } else {
    size_t start = out->size();
    out->resize(start + 16 * n);
    char* dst = out->data() + start;
    for (size_t i = 0; i < n; ++i) {
      __int128 u = (nulls && nulls[i]) ? 0 : d[i].unscaled;
      std::memcpy(dst + 16 * i, &u, 16);
    }
  }
}

void PutColumn(const Column& col, size_t n, std::string* out) {
  PhysicalKind kind = Physical(col.type);
  out->push_back(static_cast<char>(kind));
  const uint8_t* nulls = col.nulls.data();
  bool any_null = false;
  for (size_t i = 0; i < n; ++i) any_null |= nulls[i] != 0;
  if (any_null) {
    out->push_back(1);
    size_t start = out->size();
    out->resize(start + (n + 7) / 8, 0);
    char* bm = out->data() + start;
    for (size_t i = 0; i < n; ++i) {
      if (nulls[i]) bm[i >> 3] = static_cast<char>(bm[i >> 3] | (1 << (i & 7)));
    }
  } else {
    out->push_back(0);
  }
  const uint8_t* nn = any_null ? nulls : nullptr;
  switch (kind) {
    case PhysicalKind::kInt64: {
      const int64_t* v = col.ints.data();
      PutInts(n, nn, [v](size_t i) { return v[i]; }, out);
      break;
    }
    case PhysicalKind::kFloat64:
      PutFloats(col, n, out);
      break;
    case PhysicalKind::kDecimal:
      PutDecimals(col, n, nn, out);
      break;
    case PhysicalKind::kString: {
      const std::string* s = col.strings.data();
      PutInts(n, nn, [s](size_t i) { return static_cast<int64_t>(s[i].size()); }, out);
      size_t total = 0;
      for (size_t i = 0; i < n; ++i) {
        if (!(nn && nn[i])) total += s[i].size();
      }
      out->reserve(out->size() + total);
      for (size_t i = 0; i < n; ++i) {
        if (!(nn && nn[i])) out->append(s[i]);
      }
      break;
    }
    case PhysicalKind::kInterval: {
      const Interval* iv = col.intervals.data();
      PutInts(n, nn, [iv](size_t i) { return int64_t{iv[i].months}; }, out);
      PutInts(n, nn, [iv](size_t i) { return int64_t{iv[i].days}; }, out);
      PutInts(n, nn, [iv](size_t i) { return iv[i].micros; }, out);
      break;
    }
  }
}

// ---- decoding per kind

// Scratch buffer reused across calls on one thread (no per-entry allocation
// once warm).
std::vector<int64_t>& Scratch(int which) {
  thread_local std::vector<int64_t> bufs[3];
  return bufs[which];
}

// Returns nullptr on success, else what is wrong (no Status on this path:
// it runs once per column per entry).
const char* TakeColumn(Reader* r, size_t n, Column* col) {
  uint8_t kind, has_nulls;
  if (!r->Byte(&kind) || !r->Byte(&has_nulls)) return "truncated column header";
  if (kind != static_cast<uint8_t>(Physical(col->type))) return "column kind mismatch";
  if (has_nulls > 1) return "bad null flag";
  const size_t base = col->nulls.size();
  col->nulls.resize(base + n, 0);
  uint8_t* nulls = col->nulls.data() + base;
  if (has_nulls) {
    const char* bm;
    if (!r->Bytes((n + 7) / 8, &bm)) return "truncated null bitmap";
    for (size_t i = 0; i < n; ++i) nulls[i] = (static_cast<uint8_t>(bm[i >> 3]) >> (i & 7)) & 1;
  }
  switch (static_cast<PhysicalKind>(kind)) {
    case PhysicalKind::kInt64: {
      col->ints.resize(base + n);
      if (!TakeInts(r, n, col->ints.data() + base)) return "bad integers";
      if (has_nulls) {
        for (size_t i = 0; i < n; ++i) {
          if (nulls[i]) col->ints[base + i] = 0;
        }
      }
      break;
    }
    case PhysicalKind::kFloat64: {
      uint8_t enc;
      if (!r->Byte(&enc) || enc > 1) return "bad float encoding";
      size_t w = enc ? 4 : 8;
      const char* src;
      if (n > r->left() / w || !r->Bytes(n * w, &src)) return "truncated floats";
      col->floats.resize(base + n);
      double* dst = col->floats.data() + base;
      if (enc) {
        for (size_t i = 0; i < n; ++i) {
          float f;
          std::memcpy(&f, src + 4 * i, 4);
          dst[i] = f;
        }
      } else {
        std::memcpy(dst, src, 8 * n);
      }
      break;
    }
    case PhysicalKind::kDecimal: {
      uint8_t flags;
      if (!r->Byte(&flags) || flags > 3) return "bad numeric encoding";
      col->decimals.resize(base + n);
      Decimal* dst = col->decimals.data() + base;
      if (flags & 1) {
        uint64_t zz;
        if (!r->Varint(&zz)) return "bad numeric scale";
        int64_t s = UnZigZag(zz);
        if (s < std::numeric_limits<int32_t>::min() || s > std::numeric_limits<int32_t>::max()) {
          return "bad numeric scale";
        }
        for (size_t i = 0; i < n; ++i) dst[i].scale = static_cast<int32_t>(s);
      } else {
        std::vector<int64_t>& scales = Scratch(0);
        scales.resize(n);
        if (!TakeInts(r, n, scales.data())) return "bad numeric scales";
        for (size_t i = 0; i < n; ++i) dst[i].scale = static_cast<int32_t>(scales[i]);
      }
      if (flags & 2) {
        std::vector<int64_t>& u = Scratch(1);
        u.resize(n);
        if (!TakeInts(r, n, u.data())) return "bad numeric values";
        for (size_t i = 0; i < n; ++i) dst[i].unscaled = u[i];
      } else {
        const char* src = nullptr;
        if (n > r->left() / 16 || !r->Bytes(16 * n, &src)) return "truncated numerics";
        for (size_t i = 0; i < n; ++i) std::memcpy(&dst[i].unscaled, src + 16 * i, 16);
      }
      if (has_nulls) {
        for (size_t i = 0; i < n; ++i) {
          if (nulls[i]) dst[i] = Decimal{};
        }
      }
      break;
    }
    case PhysicalKind::kString: {
      std::vector<int64_t>& lens = Scratch(0);
      lens.resize(n);
      if (!TakeInts(r, n, lens.data())) return "bad string lengths";
      col->strings.reserve(base + n);
      for (size_t i = 0; i < n; ++i) {
        if (nulls[i]) {
          col->strings.emplace_back();
          continue;
        }
        const char* src = nullptr;
        if (lens[i] < 0 || !r->Bytes(static_cast<size_t>(lens[i]), &src)) {
          return "truncated string";
        }
        col->strings.emplace_back(src, static_cast<size_t>(lens[i]));
      }
      break;
    }
    case PhysicalKind::kInterval: {
      std::vector<int64_t>& months = Scratch(0);
      std::vector<int64_t>& days = Scratch(1);
      std::vector<int64_t>& micros = Scratch(2);
      months.resize(n);
      days.resize(n);
      micros.resize(n);
      if (!TakeInts(r, n, months.data()) || !TakeInts(r, n, days.data()) ||
          !TakeInts(r, n, micros.data())) {
        return "bad intervals";
      }
      col->intervals.resize(base + n);
      Interval* dst = col->intervals.data() + base;
      for (size_t i = 0; i < n; ++i) {
        dst[i].months = static_cast<int32_t>(months[i]);
        dst[i].days = static_cast<int32_t>(days[i]);
        dst[i].micros = micros[i];
      }
      if (has_nulls) {
        for (size_t i = 0; i < n; ++i) {
          if (nulls[i]) dst[i] = Interval{};
        }
      }
      break;
    }
    default:
      return "unknown column kind";
  }
  return nullptr;
}

const char* TakeHeader(Reader* r, uint64_t* rows, uint64_t* cols) {
  uint8_t version;
  if (!r->Byte(&version)) return "empty";
  if (version != kRowCodecVersion) return "unknown version";
  if (!r->Varint(rows) || !r->Varint(cols)) return "truncated header";
  return nullptr;
}

}  // namespace

void EncodeRows(const Chunk& chunk, std::string* out) {
  const size_t n = chunk.num_rows;
  out->push_back(static_cast<char>(kRowCodecVersion));
  PutVarint(n, out);
  PutVarint(chunk.columns.size(), out);
  const int64_t* w = chunk.weights.data();
  PutInts(n, nullptr, [w](size_t i) { return w[i]; }, out);
  for (const Column& col : chunk.columns) PutColumn(col, n, out);
}

Status DecodeRows(std::string_view data, Chunk* out) {
  Reader r{data.data(), data.data() + data.size()};
  uint64_t rows, cols;
  if (const char* err = TakeHeader(&r, &rows, &cols)) return Corrupt(err);
  if (cols > out->columns.size()) return Corrupt("more columns than the table has");
  if (rows > (uint64_t{1} << 32)) return Corrupt("implausible row count");
  const size_t n = static_cast<size_t>(rows);
  const size_t base = out->weights.size();
  out->weights.resize(base + n);
  if (!TakeInts(&r, n, out->weights.data() + base)) return Corrupt("bad weights");
  for (size_t c = 0; c < cols; ++c) {
    if (const char* err = TakeColumn(&r, n, &out->columns[c])) return Corrupt(err);
  }
  for (size_t c = cols; c < out->columns.size(); ++c) {
    Column& col = out->columns[c];
    col.Reserve(col.size() + n);
    for (size_t i = 0; i < n; ++i) col.AppendNull();
  }
  if (r.left() != 0) return Corrupt("trailing bytes");
  out->num_rows += n;
  return Status::OK();
}

Result<size_t> EncodedRowCount(std::string_view data) {
  Reader r{data.data(), data.data() + data.size()};
  uint64_t rows, cols;
  if (const char* err = TakeHeader(&r, &rows, &cols)) return Corrupt(err);
  return static_cast<size_t>(rows);
}

}  // namespace kappa
