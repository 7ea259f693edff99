#include "common/value_format.h"

#include <charconv>
#include <cmath>
#include <cstdio>
#include <cstring>

#include "common/datetime.h"
#include "common/decimal.h"

namespace kappa {
namespace {

void AppendInt(int64_t v, std::string* out) {
  char buf[24];
  auto r = std::to_chars(buf, buf + sizeof(buf), v);
  out->append(buf, r.ptr);
}

void AppendPadded(int64_t v, int width, std::string* out) {
  char buf[24];
  auto r = std::to_chars(buf, buf + sizeof(buf), v);
  int len = static_cast<int>(r.ptr - buf);
  if (len < width) out->append(width - len, '0');
  out->append(buf, r.ptr);
}

// ".ffffff" with trailing zeros removed; nothing when zero.
void AppendFraction(int64_t micros, std::string* out) {
  if (micros == 0) return;
  char buf[8];
  int64_t v = micros;
  for (int i = 5; i >= 0; --i) {
    buf[i] = static_cast<char>('0' + v % 10);
    v /= 10;
  }
  int len = 6;
  while (len > 0 && buf[len - 1] == '0') --len;
  out->push_back('.');
  out->append(buf, len);
}

void AppendDate(int64_t days, std::string* out, bool* bc) {
  int64_t y;
  int m, d;
  CivilFromDays(days, &y, &m, &d);
  *bc = y <= 0;
  if (*bc) y = 1 - y;
  AppendPadded(y, 4, out);
  out->push_back('-');
  AppendPadded(m, 2, out);
  out->push_back('-');
  AppendPadded(d, 2, out);
}

void AppendTimeOfDay(int64_t micros, std::string* out) {
  AppendPadded(micros / kMicrosPerHour, 2, out);
  out->push_back(':');
  AppendPadded((micros / kMicrosPerMinute) % 60, 2, out);
  out->push_back(':');
  AppendPadded((micros / kMicrosPerSecond) % 60, 2, out);
  AppendFraction(micros % kMicrosPerSecond, out);
}

void AppendTimestamp(int64_t ts, bool tz, std::string* out) {
  if (ts == kTimestampInfinity) {
    out->append("infinity");
    return;
  }
  if (ts == kTimestampNegInfinity) {
    out->append("-infinity");
    return;
  }
  int64_t days = FloorDiv(ts, kMicrosPerDay);
  bool bc;
  AppendDate(days, out, &bc);
  out->push_back(' ');
  AppendTimeOfDay(ts - days * kMicrosPerDay, out);
  if (tz) out->append("+00");
  if (bc) out->append(" BC");
}

void AppendDouble(double v, bool is_float4, std::string* out) {
  if (std::isnan(v)) {
    out->append("NaN");
    return;
  }
  if (std::isinf(v)) {
    out->append(v > 0 ? "Infinity" : "-Infinity");
    return;
  }
  char buf[64];
  std::to_chars_result r;
  if (is_float4) {
    r = std::to_chars(buf, buf + sizeof(buf), static_cast<float>(v), std::chars_format::scientific);
  } else {
    r = std::to_chars(buf, buf + sizeof(buf), v, std::chars_format::scientific);
  }
  // buf: [-]d[.ddd]e(+|-)xx
  const char* p = buf;
  const char* end = r.ptr;
  bool neg = false;
  if (*p == '-') {
    neg = true;
    ++p;
  }
  char digits[32];
  int nd = 0;
  while (p < end && *p != 'e') {
    if (*p != '.') digits[nd++] = *p;
    ++p;
  }
  int exp = 0;
  if (p < end) {
    ++p;
    std::from_chars(*p == '+' ? p + 1 : p, end, exp);
  }
  if (neg) out->push_back('-');
  int max_fixed = is_float4 ? 6 : 15;
  if (exp >= -4 && exp < max_fixed) {
    if (exp < 0) {
      out->append("0.");
      out->append(-exp - 1, '0');
      out->append(digits, nd);
    } else if (nd <= exp + 1) {
      out->append(digits, nd);
      out->append(exp + 1 - nd, '0');
    } else {
      out->append(digits, exp + 1);
      out->push_back('.');
      out->append(digits + exp + 1, nd - exp - 1);
    }
    return;
  }
  out->push_back(digits[0]);
  if (nd > 1) {
    out->push_back('.');
    out->append(digits + 1, nd - 1);
  }
  out->push_back('e');
  out->push_back(exp < 0 ? '-' : '+');
  AppendPadded(exp < 0 ? -exp : exp, 2, out);
}

void AppendInterval(const Interval& iv, std::string* out) {
  bool is_zero = true, is_before = false;
  auto add_part = [&](int64_t value, const char* unit) {
    if (value == 0) return;
    if (!is_zero) out->push_back(' ');
    if (is_before && value > 0) out->push_back('+');
    AppendInt(value, out);
    out->push_back(' ');
    out->append(unit);
    if (value != 1) out->push_back('s');
    is_before = value < 0;
    is_zero = false;
  };
  add_part(iv.months / 12, "year");
  add_part(iv.months % 12, "mon");
  add_part(iv.days, "day");
  int64_t t = iv.micros;
  int64_t hour = t / kMicrosPerHour;
  t -= hour * kMicrosPerHour;
  int64_t min = t / kMicrosPerMinute;
  t -= min * kMicrosPerMinute;
  int64_t sec = t / kMicrosPerSecond;
  int64_t fsec = t - sec * kMicrosPerSecond;
  if (is_zero || hour != 0 || min != 0 || sec != 0 || fsec != 0) {
    bool minus = hour < 0 || min < 0 || sec < 0 || fsec < 0;
    if (!is_zero) out->push_back(' ');
    if (minus) {
      out->push_back('-');
    } else if (is_before) {
      out->push_back('+');
    }
    // Magnitudes: hour may be INT64_MIN / kMicrosPerHour, never overflowing.
    AppendPadded(hour < 0 ? -hour : hour, 2, out);
    out->push_back(':');
    AppendPadded(min < 0 ? -min : min, 2, out);
    out->push_back(':');
    AppendPadded(sec < 0 ? -sec : sec, 2, out);
    AppendFraction(fsec < 0 ? -fsec : fsec, out);
  }
}

}  // namespace

void AppendValueText(const Column& col, size_t row, std::string* out) {
  switch (col.type.id) {
    case TypeId::kBool:
      out->push_back(col.ints[row] ? 't' : 'f');
      return;
    case TypeId::kInt16:
    case TypeId::kInt32:
    case TypeId::kInt64:
      AppendInt(col.ints[row], out);
      return;
    case TypeId::kFloat32:
      AppendDouble(col.floats[row], true, out);
      return;
    case TypeId::kFloat64:
      AppendDouble(col.floats[row], false, out);
      return;
    case TypeId::kNumeric:
      out->append(DecimalToString(col.decimals[row]));
      return;
    case TypeId::kUnknown:
    case TypeId::kVarchar:
    case TypeId::kText:
      out->append(col.strings[row]);
      return;
    case TypeId::kDate: {
      int64_t d = col.ints[row];
      if (d == kDateInfinity) {
        out->append("infinity");
      } else if (d == kDateNegInfinity) {
        out->append("-infinity");
      } else {
        bool bc;
        AppendDate(d, out, &bc);
        if (bc) out->append(" BC");
      }
      return;
    }
    case TypeId::kTime:
      AppendTimeOfDay(col.ints[row], out);
      return;
    case TypeId::kTimestamp:
      AppendTimestamp(col.ints[row], false, out);
      return;
    case TypeId::kTimestampTz:
      AppendTimestamp(col.ints[row], true, out);
      return;
    case TypeId::kInterval:
      AppendInterval(col.intervals[row], out);
      return;
  }
}

std::string FormatValue(const Value& v) {
  std::string out;
  switch (v.type.id) {
    case TypeId::kBool:
      return v.i ? "t" : "f";
    case TypeId::kInt16:
    case TypeId::kInt32:
    case TypeId::kInt64:
      AppendInt(v.i, &out);
      return out;
    case TypeId::kFloat32:
    case TypeId::kFloat64:
      return FormatDouble(v.f, v.type.id == TypeId::kFloat32);
    case TypeId::kNumeric:
      return DecimalToString(v.d);
    case TypeId::kUnknown:
    case TypeId::kVarchar:
    case TypeId::kText:
      return v.s;
    case TypeId::kDate:
      return FormatDate(v.i);
    case TypeId::kTime:
      return FormatTime(v.i);
    case TypeId::kTimestamp:
      return FormatTimestamp(v.i);
    case TypeId::kTimestampTz:
      return FormatTimestampTz(v.i);
    case TypeId::kInterval:
      return FormatInterval(v.iv);
  }
  return out;
}

std::string FormatDecimal(const Decimal& d) { return DecimalToString(d); }

std::string FormatDouble(double v, bool is_float4) {
  std::string out;
  AppendDouble(v, is_float4, &out);
  return out;
}

std::string FormatDate(int64_t days) {
  if (days == kDateInfinity) return "infinity";
  if (days == kDateNegInfinity) return "-infinity";
  std::string out;
  bool bc;
  AppendDate(days, &out, &bc);
  if (bc) out.append(" BC");
  return out;
}

std::string FormatTime(int64_t micros) {
  std::string out;
  AppendTimeOfDay(micros, &out);
  return out;
}

std::string FormatTimestamp(int64_t micros) {
  std::string out;
  AppendTimestamp(micros, false, &out);
  return out;
}

std::string FormatTimestampTz(int64_t micros) {
  std::string out;
  AppendTimestamp(micros, true, &out);
  return out;
}

std::string FormatInterval(const Interval& iv) {
  std::string out;
  AppendInterval(iv, &out);
  return out;
}

}  // namespace kappa
