#include "server/pgwire/binary_codec.h"

#include <algorithm>
#include <cstring>
#include <limits>
#include <vector>

#include "common/decimal.h"
#include "common/value_format.h"
#include "common/value_parse.h"
#include "server/pgwire/message_writer.h"
#include "server/pgwire/payload_reader.h"
#include "server/pgwire/utf8.h"

namespace kappa::pgwire {

namespace {

// PostgreSQL's epoch (2000-01-01) relative to the Unix epoch.
constexpr int64_t kPgEpochDays = 10957;
constexpr int64_t kPgEpochMicros = kPgEpochDays * 86400LL * 1000000LL;
constexpr int64_t kMicrosPerDay = 86400LL * 1000000LL;

constexpr uint16_t kNumericPositive = 0x0000;
constexpr uint16_t kNumericNegative = 0x4000;
constexpr int kNumericMaxDigits = 38;  // what Decimal holds

using u128 = unsigned __int128;

u128 Pow10(int n) {
  u128 v = 1;
  for (int i = 0; i < n; ++i) v *= 10;
  return v;
}

Status BadFormat() { return Status::Error(kInvalidBinaryRepresentation, kIncorrectBinaryFormat); }

Status OutOfRange(const DataType& type) {
  const char* name = type.id == TypeId::kInt16 ? "smallint"
                     : type.id == TypeId::kInt32 ? "integer"
                                                 : "bigint";
  return Status::Error(sqlstate::kNumericValueOutOfRange, std::string(name) + " out of range");
}

int64_t LoadInt(std::string_view b) {
  PayloadReader r(b);
  switch (b.size()) {
    case 2: return r.ReadInt16().value();
    case 4: return r.ReadInt32().value();
    default: {
      int64_t hi = static_cast<uint32_t>(r.ReadInt32().value());
      int64_t lo = static_cast<uint32_t>(r.ReadInt32().value());
      return static_cast<int64_t>((static_cast<uint64_t>(hi) << 32) | static_cast<uint64_t>(lo));
    }
  }
}

Result<Value> DecodeInteger(std::string_view b, const DataType& type) {
  if (b.size() != 2 && b.size() != 4 && b.size() != 8) return BadFormat();
  int64_t v = LoadInt(b);
  if (type.id == TypeId::kInt16 && (v < INT16_MIN || v > INT16_MAX)) return OutOfRange(type);
  if (type.id == TypeId::kInt32 && (v < INT32_MIN || v > INT32_MAX)) return OutOfRange(type);
  return Value::Int(type.id, v);
}

Result<Value> DecodeFloat(std::string_view b, const DataType& type) {
  double v;
  if (b.size() == 4) {
    uint32_t bits = static_cast<uint32_t>(LoadInt(b));
    float f;
    std::memcpy(&f, &bits, 4);
    v = f;
  } else if (b.size() == 8) {
    uint64_t bits = static_cast<uint64_t>(LoadInt(b));
    std::memcpy(&v, &bits, 8);
  } else {
    return BadFormat();
  }
  if (type.id == TypeId::kFloat32) v = static_cast<float>(v);
  return Value::Float(type.id, v);
}

Result<int64_t> DecodeTimestamp(std::string_view b) {
  if (b.size() != 8) return BadFormat();
  int64_t v = LoadInt(b);
  // PostgreSQL's -infinity/infinity and anything that would overflow.
  if (v == INT64_MIN || v == INT64_MAX || v > INT64_MAX - kPgEpochMicros) {
    return Status::Error(sqlstate::kDatetimeFieldOverflow, "timestamp out of range");
  }
  return v + kPgEpochMicros;
}

}  // namespace

Result<Decimal> DecodeNumericBinary(std::string_view bytes) {
  PayloadReader r(bytes);
  if (bytes.size() < 8) return BadFormat();
  const int ndigits = r.ReadInt16().value();
  const int weight = r.ReadInt16().value();
  const uint16_t sign = static_cast<uint16_t>(r.ReadInt16().value());
  const uint16_t dscale = static_cast<uint16_t>(r.ReadInt16().value());
  if (ndigits < 0 || r.remaining() != static_cast<size_t>(ndigits) * 2) return BadFormat();
  if (sign != kNumericPositive && sign != kNumericNegative) {
    if (sign == 0xC000 || sign == 0xD000 || sign == 0xF000) {
      return Status::NotSupported("numeric NaN and Infinity are not supported");
    }
    return Status::Error(kInvalidBinaryRepresentation,
                         "invalid sign in external \"numeric\" value");
  }
  if ((dscale & 0x3fff) != dscale) {
    return Status::Error(kInvalidBinaryRepresentation,
                         "invalid scale in external \"numeric\" value");
  }
  std::vector<int> digits(ndigits);
  for (int i = 0; i < ndigits; ++i) {
    digits[i] = r.ReadInt16().value();
    if (digits[i] < 0 || digits[i] >= 10000) {
      return Status::Error(kInvalidBinaryRepresentation,
                           "invalid digit in external \"numeric\" value");
    }
  }
  // unscaled = trunc(value * 10^scale); digits below 10^-scale are dropped
  // (numeric_recv truncates to dscale). Decimal holds 38 digits: a scale
  // that does not fit is lowered, truncating further.
  const u128 limit = Pow10(kNumericMaxDigits);
  for (int scale = std::min<int>(dscale, kNumericMaxDigits);; --scale) {
    u128 acc = 0;
    bool overflow = false;
    for (int i = 0; i < ndigits && !overflow; ++i) {
      if (digits[i] == 0) continue;
      const int e = 4 * (weight - i) + scale;  // decimal exponent of the digit
      u128 contribution;
      if (e >= 0) {
        if (e > kNumericMaxDigits) {
          overflow = true;
          break;
        }
        contribution = static_cast<u128>(digits[i]) * Pow10(e);
      } else {
        contribution = e <= -4 ? 0 : static_cast<u128>(digits[i]) / Pow10(-e);
      }
      acc += contribution;
      if (acc >= limit) overflow = true;
    }
    if (!overflow) {
      Decimal d;
      d.unscaled = static_cast<__int128>(acc);
      if (sign == kNumericNegative) d.unscaled = -d.unscaled;
      d.scale = scale;
      return d;
    }
    // Integer digits alone overflow: no scale helps.
    if (scale <= 0) {
      return Status::Error(sqlstate::kNumericValueOutOfRange, "value overflows numeric format");
    }
  }
}

void AppendNumericBinary(const Decimal& d, std::string* out) {
  u128 mag = d.unscaled < 0 ? static_cast<u128>(0) - static_cast<u128>(d.unscaled)
                            : static_cast<u128>(d.unscaled);
  int scale = d.scale;
  // Decimal digits, most significant first.
  char buf[64];
  int n = 0;
  do {
    buf[n++] = static_cast<char>(mag % 10);
    mag /= 10;
  } while (mag != 0);
  std::string dec(buf, buf + n);
  std::reverse(dec.begin(), dec.end());
  if (scale < 0) {  // value = digits * 10^-scale
    dec.append(static_cast<size_t>(-scale), 0);
    scale = 0;
  }
  const bool is_zero = dec.find_first_not_of('\0') == std::string::npos;
  auto floor_div4 = [](int p) { return p >= 0 ? p / 4 : -((-p + 3) / 4); };
  const int len = static_cast<int>(dec.size());
  const int top = len - scale - 1;  // decimal exponent of the first digit
  const int g_hi = floor_div4(top);
  const int g_lo = floor_div4(-scale);
  std::vector<int> groups(g_hi - g_lo + 1, 0);
  static const int kPow[4] = {1, 10, 100, 1000};
  for (int j = 0; j < len; ++j) {
    const int p = top - j;
    const int g = floor_div4(p);
    groups[g_hi - g] += dec[j] * kPow[p - 4 * g];
  }
  size_t first = 0, last = groups.size();
  while (first < last && groups[first] == 0) ++first;
  while (last > first && groups[last - 1] == 0) --last;
  int16_t ndigits = static_cast<int16_t>(last - first);
  int16_t weight = static_cast<int16_t>(g_hi - static_cast<int>(first));
  uint16_t sign = d.unscaled < 0 ? kNumericNegative : kNumericPositive;
  if (is_zero || ndigits == 0) {
    ndigits = 0;
    weight = 0;
    sign = kNumericPositive;
  }
  AppendInt16(out, ndigits);
  AppendInt16(out, weight);
  AppendInt16(out, static_cast<int16_t>(sign));
  AppendInt16(out, static_cast<int16_t>(scale));
  for (size_t i = first; i < last; ++i) AppendInt16(out, static_cast<int16_t>(groups[i]));
}

Result<Value> DecodeBinaryValue(std::string_view b, const DataType& type) {
  switch (type.id) {
    case TypeId::kBool:
      if (b.size() != 1) return BadFormat();
      return Value::Bool(b[0] != 0);
    case TypeId::kInt16:
    case TypeId::kInt32:
    case TypeId::kInt64:
      return DecodeInteger(b, type);
    case TypeId::kFloat32:
    case TypeId::kFloat64:
      return DecodeFloat(b, type);
    case TypeId::kNumeric: {
      KAPPA_ASSIGN_OR_RETURN(Decimal d, DecodeNumericBinary(b));
      if (type.precision >= 0) {
        KAPPA_ASSIGN_OR_RETURN(d, DecimalApplyTypmod(d, type.precision, type.scale));
      }
      return Value::Dec(d, type);
    }
    case TypeId::kText:
    case TypeId::kVarchar:
      KAPPA_RETURN_IF_ERROR(ValidateUtf8(b));
      return ParseValue(b, type);
    case TypeId::kUnknown:
      KAPPA_RETURN_IF_ERROR(ValidateUtf8(b));
      return Value::String(std::string(b), type);
    case TypeId::kDate: {
      if (b.size() != 4) return BadFormat();
      int64_t days = LoadInt(b);
      if (days == INT32_MIN || days == INT32_MAX) {
        return Status::Error(sqlstate::kDatetimeFieldOverflow, "date out of range");
      }
      return Value::Int(TypeId::kDate, days + kPgEpochDays);
    }
    case TypeId::kTime: {
      if (b.size() != 8) return BadFormat();
      int64_t micros = LoadInt(b);
      if (micros < 0 || micros > kMicrosPerDay) {
        return Status::Error(sqlstate::kDatetimeFieldOverflow, "time out of range");
      }
      return Value::Int(TypeId::kTime, micros);
    }
    case TypeId::kTimestamp:
    case TypeId::kTimestampTz: {
      KAPPA_ASSIGN_OR_RETURN(int64_t micros, DecodeTimestamp(b));
      return Value::Int(type.id, micros);
    }
    case TypeId::kInterval: {
      if (b.size() != 16) return BadFormat();
      Interval iv;
      iv.micros = LoadInt(b.substr(0, 8));
      iv.days = static_cast<int32_t>(LoadInt(b.substr(8, 4)));
      iv.months = static_cast<int32_t>(LoadInt(b.substr(12, 4)));
      return Value::Intv(iv);
    }
  }
  return Status::NotSupported("binary format is not supported for type " + TypeName(type));
}

void AppendBinaryValue(const Column& col, size_t row, std::string* out) {
  switch (col.type.id) {
    case TypeId::kBool:
      out->push_back(col.ints[row] != 0 ? 1 : 0);
      return;
    case TypeId::kInt16:
      AppendInt16(out, static_cast<int16_t>(col.ints[row]));
      return;
    case TypeId::kInt32:
      AppendInt32(out, static_cast<int32_t>(col.ints[row]));
      return;
    case TypeId::kInt64:
    case TypeId::kTime:
      AppendInt64(out, col.ints[row]);
      return;
    case TypeId::kFloat32: {
      float f = static_cast<float>(col.floats[row]);
      uint32_t bits;
      std::memcpy(&bits, &f, 4);
      AppendInt32(out, static_cast<int32_t>(bits));
      return;
    }
    case TypeId::kFloat64: {
      uint64_t bits;
      std::memcpy(&bits, &col.floats[row], 8);
      AppendInt64(out, static_cast<int64_t>(bits));
      return;
    }
    case TypeId::kNumeric:
      AppendNumericBinary(col.decimals[row], out);
      return;
    case TypeId::kText:
    case TypeId::kVarchar:
    case TypeId::kUnknown:
      out->append(col.strings[row]);
      return;
    case TypeId::kDate:
      AppendInt32(out, static_cast<int32_t>(col.ints[row] - kPgEpochDays));
      return;
    case TypeId::kTimestamp:
    case TypeId::kTimestampTz:
      AppendInt64(out, col.ints[row] - kPgEpochMicros);
      return;
    case TypeId::kInterval: {
      const Interval& iv = col.intervals[row];
      AppendInt64(out, iv.micros);
      AppendInt32(out, iv.days);
      AppendInt32(out, iv.months);
      return;
    }
  }
  AppendValueText(col, row, out);  // a type without a binary form (none today)
}

}  // namespace kappa::pgwire
