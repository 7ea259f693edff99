#include "storage/key_codec.h"

#include <cmath>
#include <cstring>
#include <limits>

namespace kappa {

namespace {

constexpr char kNullFirst = 0x00;
constexpr char kPresent = 0x01;
constexpr char kNullLast = 0x02;

constexpr uint64_t kSignBit = uint64_t{1} << 63;
constexpr int64_t kMicrosPerDay = int64_t{86400} * 1000000;

Status Corrupt(const char* what) {
  return Status::Error(sqlstate::kDataCorrupted, std::string("malformed key: ") + what);
}

// Appends `n` payload bytes, inverted when descending.
inline void PutPayload(const char* p, size_t n, bool desc, std::string* out) {
  if (!desc) {
    out->append(p, n);
    return;
  }
  for (size_t i = 0; i < n; ++i) out->push_back(static_cast<char>(~p[i]));
}

inline void PutU64(uint64_t v, bool desc, std::string* out) {
  if (desc) v = ~v;
  char buf[8];
  for (int i = 7; i >= 0; --i) {
    buf[i] = static_cast<char>(v & 0xff);
    v >>= 8;
  }
  out->append(buf, 8);
}

inline void PutU32(uint32_t v, bool desc, std::string* out) {
  if (desc) v = ~v;
  char buf[4] = {static_cast<char>(v >> 24), static_cast<char>(v >> 16),
                 static_cast<char>(v >> 8), static_cast<char>(v)};
  out->append(buf, 4);
}

inline uint64_t ReadU64(const char* p) {
  uint64_t v = 0;
  for (int i = 0; i < 8; ++i) v = (v << 8) | static_cast<uint8_t>(p[i]);
  return v;
}

inline uint32_t ReadU32(const char* p) {
  return (uint32_t{static_cast<uint8_t>(p[0])} << 24) |
         (uint32_t{static_cast<uint8_t>(p[1])} << 16) |
         (uint32_t{static_cast<uint8_t>(p[2])} << 8) | uint32_t{static_cast<uint8_t>(p[3])};
}

inline void PutInt(int64_t v, bool desc, std::string* out) {
  PutU64(static_cast<uint64_t>(v) ^ kSignBit, desc, out);
}

inline void PutFloat(double v, bool desc, std::string* out) {
  uint64_t bits;
  if (std::isnan(v)) {
    bits = 0x7ff8000000000000ULL;
  } else if (v == 0) {
    bits = 0;  // -0.0 == +0.0
  } else {
    std::memcpy(&bits, &v, 8);
  }
  bits = (bits & kSignBit) ? ~bits : (bits | kSignBit);
  PutU64(bits, desc, out);
}

void PutDecimal(const Decimal& d, bool desc, std::string* out) {
  if (d.unscaled == 0) {
    char z = 0x02;
    PutPayload(&z, 1, desc, out);
    return;
  }
  bool neg = d.unscaled < 0;
  unsigned __int128 mag = neg ? -static_cast<unsigned __int128>(d.unscaled)
                              : static_cast<unsigned __int128>(d.unscaled);
  int64_t scale = d.scale;
  while (mag % 10 == 0) {
    mag /= 10;
    --scale;
  }
  char digits[40];
  int n = 0;
  while (mag != 0) {
    digits[n++] = static_cast<char>(mag % 10);
    mag /= 10;
  }
  // digits[] holds least significant first; reverse to most significant first.
  for (int i = 0; i < n / 2; ++i) std::swap(digits[i], digits[n - 1 - i]);
  int64_t e = n - scale;
  if (e > std::numeric_limits<int32_t>::max()) e = std::numeric_limits<int32_t>::max();
  if (e < std::numeric_limits<int32_t>::min()) e = std::numeric_limits<int32_t>::min();

  // Body: exponent then digit pairs then terminator; inverted for negatives.
  char body[4 + 20 + 1];
  size_t len = 0;
  uint32_t ue = static_cast<uint32_t>(static_cast<int32_t>(e)) ^ 0x80000000u;
  body[len++] = static_cast<char>(ue >> 24);
  body[len++] = static_cast<char>(ue >> 16);
  body[len++] = static_cast<char>(ue >> 8);
  body[len++] = static_cast<char>(ue);
  for (int i = 0; i < n; i += 2) {
    int d1 = digits[i];
    int d2 = (i + 1 < n) ? digits[i + 1] : 0;
    body[len++] = static_cast<char>(1 + d1 * 10 + d2);
  }
  body[len++] = 0x00;
  if (neg) {
    for (size_t i = 0; i < len; ++i) body[i] = static_cast<char>(~body[i]);
  }
  char sign = neg ? 0x01 : 0x03;
  PutPayload(&sign, 1, desc, out);
  PutPayload(body, len, desc, out);
}

void PutString(const std::string& s, bool desc, std::string* out) {
  const char* p = s.data();
  size_t n = s.size();
  out->reserve(out->size() + n + 2);
  if (!desc) {
    size_t start = 0;
    for (size_t i = 0; i < n; ++i) {
      if (p[i] == 0) {
        out->append(p + start, i + 1 - start);
        out->push_back(static_cast<char>(0xff));
        start = i + 1;
      }
    }
    out->append(p + start, n - start);
    out->push_back(0x00);
    out->push_back(0x01);
  } else {
    for (size_t i = 0; i < n; ++i) {
      out->push_back(static_cast<char>(~p[i]));
      if (p[i] == 0) out->push_back(0x00);
    }
    out->push_back(static_cast<char>(0xff));
    out->push_back(static_cast<char>(0xfe));
  }
}

void PutInterval(const Interval& iv, bool desc, std::string* out) {
  __int128 span = static_cast<__int128>(iv.months) * 30 * kMicrosPerDay +
                  static_cast<__int128>(iv.days) * kMicrosPerDay + iv.micros;
  uint64_t hi = static_cast<uint64_t>(static_cast<unsigned __int128>(span) >> 64) ^ kSignBit;
  uint64_t lo = static_cast<uint64_t>(static_cast<unsigned __int128>(span));
  PutU64(hi, desc, out);
  PutU64(lo, desc, out);
  PutU32(static_cast<uint32_t>(iv.months) ^ 0x80000000u, desc, out);
  PutU32(static_cast<uint32_t>(iv.days) ^ 0x80000000u, desc, out);
}

inline void PutNull(KeyOrder order, std::string* out) {
  out->push_back(order.nulls_first ? kNullFirst : kNullLast);
}

// ---- decoding

// Reads `n` payload bytes into buf (un-inverting when descending).
inline bool TakePayload(std::string_view* in, size_t n, bool desc, char* buf) {
  if (in->size() < n) return false;
  std::memcpy(buf, in->data(), n);
  if (desc) {
    for (size_t i = 0; i < n; ++i) buf[i] = static_cast<char>(~buf[i]);
  }
  in->remove_prefix(n);
  return true;
}

inline bool TakeByte(std::string_view* in, bool desc, uint8_t* b) {
  char c;
  if (!TakePayload(in, 1, desc, &c)) return false;
  *b = static_cast<uint8_t>(c);
  return true;
}

Status TakeDecimal(std::string_view* in, bool desc, const DataType& type, Decimal* out) {
  uint8_t sign;
  if (!TakeByte(in, desc, &sign)) return Corrupt("truncated numeric");
  if (sign == 0x02) {
    out->unscaled = 0;
    out->scale = type.scale >= 0 ? type.scale : 0;
    return Status::OK();
  }
  if (sign != 0x01 && sign != 0x03) return Corrupt("bad numeric sign");
  bool neg = sign == 0x01;
  char ebuf[4];
  if (!TakePayload(in, 4, desc, ebuf)) return Corrupt("truncated numeric exponent");
  if (neg) {
    for (char& c : ebuf) c = static_cast<char>(~c);
  }
  int64_t e = static_cast<int32_t>(ReadU32(ebuf) ^ 0x80000000u);
  uint8_t pairs[20];
  int npairs = 0;
  for (;;) {
    uint8_t b;
    if (!TakeByte(in, desc, &b)) return Corrupt("truncated numeric digits");
    if (neg) b = static_cast<uint8_t>(~b);
    if (b == 0) break;
    if (b > 100 || npairs >= 20) return Corrupt("bad numeric digits");
    pairs[npairs++] = static_cast<uint8_t>(b - 1);
  }
  if (npairs == 0) return Corrupt("empty numeric digits");
  unsigned __int128 mag = 0;
  for (int i = 0; i + 1 < npairs; ++i) mag = mag * 100 + pairs[i];
  // A padded last digit is always 0 (real trailing zeros are never encoded).
  int last = pairs[npairs - 1];
  int n = 2 * npairs;
  if (last % 10 == 0) {
    mag = mag * 10 + static_cast<unsigned>(last / 10);
    --n;
  } else {
    mag = mag * 100 + static_cast<unsigned>(last);
  }
  int64_t scale = n - e;
  int64_t target = type.scale >= 0 ? type.scale : std::max<int64_t>(scale, 0);
  constexpr unsigned __int128 kMax = static_cast<unsigned __int128>(1) << 126;
  while (scale < target && mag < kMax / 10) {
    mag *= 10;
    ++scale;
  }
  if (scale < std::numeric_limits<int32_t>::min() || scale > std::numeric_limits<int32_t>::max()) {
    return Corrupt("numeric scale out of range");
  }
  out->unscaled = static_cast<__int128>(neg ? -mag : mag);  // modular: -2^127 round-trips
  out->scale = static_cast<int32_t>(scale);
  return Status::OK();
}

Status TakeString(std::string_view* in, bool desc, std::string* out) {
  out->clear();
  const char* p = in->data();
  size_t n = in->size();
  const char zero = desc ? static_cast<char>(0xff) : 0x00;
  const char esc = desc ? 0x00 : static_cast<char>(0xff);
  const char term = desc ? static_cast<char>(0xfe) : 0x01;
  size_t i = 0;
  size_t start = 0;
  for (;;) {
    const void* hit = std::memchr(p + i, zero, n - i);
    if (hit == nullptr) return Corrupt("unterminated string");
    size_t z = static_cast<const char*>(hit) - p;
    if (z + 1 >= n) return Corrupt("truncated string escape");
    if (p[z + 1] == esc) {
      out->append(p + start, z + 1 - start);
      i = z + 2;
      start = i;
      continue;
    }
    if (p[z + 1] != term) return Corrupt("bad string escape");
    out->append(p + start, z - start);
    in->remove_prefix(z + 2);
    break;
  }
  if (desc) {
    for (char& c : *out) c = static_cast<char>(~c);
  }
  return Status::OK();
}

Status TakeInterval(std::string_view* in, bool desc, Interval* out) {
  char buf[24];
  if (!TakePayload(in, 24, desc, buf)) return Corrupt("truncated interval");
  out->months = static_cast<int32_t>(ReadU32(buf + 16) ^ 0x80000000u);
  out->days = static_cast<int32_t>(ReadU32(buf + 20) ^ 0x80000000u);
  __int128 span = static_cast<__int128>(
      (static_cast<unsigned __int128>(ReadU64(buf) ^ kSignBit) << 64) | ReadU64(buf + 8));
  __int128 micros = span - static_cast<__int128>(out->months) * 30 * kMicrosPerDay -
                    static_cast<__int128>(out->days) * kMicrosPerDay;
  if (micros > std::numeric_limits<int64_t>::max() || micros < std::numeric_limits<int64_t>::min()) {
    return Corrupt("interval out of range");
  }
  out->micros = static_cast<int64_t>(micros);
  return Status::OK();
}

// Reads the marker; *is_null tells whether the value is NULL.
Status TakeMarker(std::string_view* in, bool* is_null) {
  if (in->empty()) return Corrupt("missing marker");
  char m = (*in)[0];
  in->remove_prefix(1);
  if (m == kPresent) {
    *is_null = false;
  } else if (m == kNullFirst || m == kNullLast) {
    *is_null = true;
  } else {
    return Corrupt("bad marker");
  }
  return Status::OK();
}

}  // namespace

void EncodeKeyAt(const Column& col, size_t row, KeyOrder order, std::string* out) {
  if (col.nulls[row]) {
    PutNull(order, out);
    return;
  }
  out->push_back(kPresent);
  bool desc = order.descending;
  switch (Physical(col.type)) {
    case PhysicalKind::kInt64: PutInt(col.ints[row], desc, out); break;
    case PhysicalKind::kFloat64: PutFloat(col.floats[row], desc, out); break;
    case PhysicalKind::kDecimal: PutDecimal(col.decimals[row], desc, out); break;
    case PhysicalKind::kString: PutString(col.strings[row], desc, out); break;
    case PhysicalKind::kInterval: PutInterval(col.intervals[row], desc, out); break;
  }
}

void EncodeKeyColumn(const Column& col, KeyOrder order, std::vector<std::string>* keys) {
  const size_t n = col.size();
  const bool desc = order.descending;
  std::string* k = keys->data();
  const uint8_t* nulls = col.nulls.data();
#define KAPPA_KEY_LOOP(PUT)                 \
  for (size_t r = 0; r < n; ++r) {          \
    if (nulls[r]) {                         \
      PutNull(order, &k[r]);                \
    } else {                                \
      k[r].push_back(kPresent);             \
      PUT;                                  \
    }                                       \
  }
  switch (Physical(col.type)) {
    case PhysicalKind::kInt64: KAPPA_KEY_LOOP(PutInt(col.ints[r], desc, &k[r])); break;
    case PhysicalKind::kFloat64: KAPPA_KEY_LOOP(PutFloat(col.floats[r], desc, &k[r])); break;
    case PhysicalKind::kDecimal: KAPPA_KEY_LOOP(PutDecimal(col.decimals[r], desc, &k[r])); break;
    case PhysicalKind::kString: KAPPA_KEY_LOOP(PutString(col.strings[r], desc, &k[r])); break;
    case PhysicalKind::kInterval:
      KAPPA_KEY_LOOP(PutInterval(col.intervals[r], desc, &k[r]));
      break;
  }
#undef KAPPA_KEY_LOOP
}

void EncodeKeyValue(const Value& v, KeyOrder order, std::string* out) {
  if (v.is_null) {
    PutNull(order, out);
    return;
  }
  out->push_back(kPresent);
  bool desc = order.descending;
  switch (Physical(v.type)) {
    case PhysicalKind::kInt64: PutInt(v.i, desc, out); break;
    case PhysicalKind::kFloat64: PutFloat(v.f, desc, out); break;
    case PhysicalKind::kDecimal: PutDecimal(v.d, desc, out); break;
    case PhysicalKind::kString: PutString(v.s, desc, out); break;
    case PhysicalKind::kInterval: PutInterval(v.iv, desc, out); break;
  }
}

Status DecodeKeyAt(std::string_view* in, KeyOrder order, Column* out) {
  bool is_null = false;
  KAPPA_RETURN_IF_ERROR(TakeMarker(in, &is_null));
  if (is_null) {
    out->AppendNull();
    return Status::OK();
  }
  bool desc = order.descending;
  switch (Physical(out->type)) {
    case PhysicalKind::kInt64: {
      char buf[8];
      if (!TakePayload(in, 8, desc, buf)) return Corrupt("truncated integer");
      out->ints.push_back(static_cast<int64_t>(ReadU64(buf) ^ kSignBit));
      break;
    }
    case PhysicalKind::kFloat64: {
      char buf[8];
      if (!TakePayload(in, 8, desc, buf)) return Corrupt("truncated float");
      uint64_t bits = ReadU64(buf);
      bits = (bits & kSignBit) ? (bits ^ kSignBit) : ~bits;
      double f;
      std::memcpy(&f, &bits, 8);
      out->floats.push_back(f);
      break;
    }
    case PhysicalKind::kDecimal: {
      Decimal d;
      KAPPA_RETURN_IF_ERROR(TakeDecimal(in, desc, out->type, &d));
      out->decimals.push_back(d);
      break;
    }
    case PhysicalKind::kString: {
      out->strings.emplace_back();
      Status st = TakeString(in, desc, &out->strings.back());
      if (!st.ok()) {
        out->strings.pop_back();
        return st;
      }
      break;
    }
    case PhysicalKind::kInterval: {
      Interval iv;
      KAPPA_RETURN_IF_ERROR(TakeInterval(in, desc, &iv));
      out->intervals.push_back(iv);
      break;
    }
  }
  out->nulls.push_back(0);
  return Status::OK();
}

Result<Value> DecodeKeyValue(std::string_view* in, const DataType& type, KeyOrder order) {
  Column col(type);
  KAPPA_RETURN_IF_ERROR(DecodeKeyAt(in, order, &col));
  return col.Get(0);
}

void PutBigEndian64(uint64_t v, std::string* out) { PutU64(v, false, out); }

uint64_t GetBigEndian64(const char* p) { return ReadU64(p); }

}  // namespace kappa
