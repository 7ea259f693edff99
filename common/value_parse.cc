#include "common/value_parse.h"

#include <charconv>
#include <chrono>
#include <cmath>
#include <cstdlib>
#include <cstring>
#include <string>
#include <vector>

#include "common/datetime.h"
#include "common/decimal.h"

namespace kappa {
namespace {

bool IsSpace(char c) {
  return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v';
}

std::string_view Trim(std::string_view s) {
  size_t b = 0, e = s.size();
  while (b < e && IsSpace(s[b])) ++b;
  while (e > b && IsSpace(s[e - 1])) --e;
  return s.substr(b, e - b);
}

std::string Lower(std::string_view s) {
  std::string out(s);
  for (char& c : out) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  }
  return out;
}

bool IsDigit(char c) { return c >= '0' && c <= '9'; }

Status InvalidSyntax(const char* type_name, std::string_view text, const char* state) {
  return Status::Error(state, std::string("invalid input syntax for type ") + type_name + ": \"" +
                                  std::string(text) + "\"");
}

Status FieldOutOfRange(std::string_view text) {
  return Status::Error(sqlstate::kDatetimeFieldOverflow,
                       "date/time field value out of range: \"" + std::string(text) + "\"");
}

size_t Utf8Length(std::string_view s) {
  size_t n = 0;
  for (unsigned char c : s) n += (c & 0xC0) != 0x80;
  return n;
}

// ---------------------------------------------------------------- numbers

Result<Value> ParseInteger(std::string_view text, TypeId type) {
  const char* name = type == TypeId::kInt16 ? "smallint"
                     : type == TypeId::kInt32 ? "integer"
                                              : "bigint";
  std::string_view t = Trim(text);
  size_t i = 0;
  bool neg = false;
  if (i < t.size() && (t[i] == '+' || t[i] == '-')) {
    neg = t[i] == '-';
    ++i;
  }
  if (i >= t.size()) return InvalidSyntax(name, text, sqlstate::kInvalidTextRepresentation);
  unsigned __int128 v = 0;
  bool overflow = false;
  for (; i < t.size(); ++i) {
    char c = t[i];
    if (!IsDigit(c)) return InvalidSyntax(name, text, sqlstate::kInvalidTextRepresentation);
    v = v * 10 + static_cast<unsigned>(c - '0');
    if (v > (static_cast<unsigned __int128>(1) << 64)) overflow = true;
  }
  __int128 sv = neg ? -static_cast<__int128>(v) : static_cast<__int128>(v);
  __int128 lo = INT64_MIN, hi = INT64_MAX;
  if (type == TypeId::kInt16) {
    lo = INT16_MIN;
    hi = INT16_MAX;
  } else if (type == TypeId::kInt32) {
    lo = INT32_MIN;
    hi = INT32_MAX;
  }
  if (overflow || sv < lo || sv > hi) {
    return Status::Error(sqlstate::kNumericValueOutOfRange,
                         "value \"" + std::string(text) + "\" is out of range for type " + name);
  }
  return Value::Int(type, static_cast<int64_t>(sv));
}

Result<Value> ParseFloat(std::string_view text, TypeId type) {
  const char* name = type == TypeId::kFloat32 ? "real" : "double precision";
  std::string_view t = Trim(text);
  if (t.empty()) return InvalidSyntax(name, text, sqlstate::kInvalidTextRepresentation);
  std::string low = Lower(t);
  double v;
  std::string_view body = low;
  bool neg = false;
  if (!body.empty() && (body[0] == '+' || body[0] == '-')) {
    neg = body[0] == '-';
    body.remove_prefix(1);
  }
  if (body == "nan" && low[0] != '+' && low[0] != '-') {
    v = std::nan("");
  } else if (body == "infinity" || body == "inf") {
    v = neg ? -HUGE_VAL : HUGE_VAL;
  } else {
    std::string buf(t);
    char* end = nullptr;
    errno = 0;
    v = std::strtod(buf.c_str(), &end);
    if (end == buf.c_str() || *end != '\0') {
      return InvalidSyntax(name, text, sqlstate::kInvalidTextRepresentation);
    }
    // strtod accepts hex floats and "infinity"/"nan" spellings PostgreSQL also
    // accepts; reject hex.
    if (buf.find_first_of("xX") != std::string::npos) {
      return InvalidSyntax(name, text, sqlstate::kInvalidTextRepresentation);
    }
    if (errno == ERANGE && (v == 0.0 || std::isinf(v))) {
      return Status::Error(sqlstate::kNumericValueOutOfRange,
                           "\"" + std::string(text) + "\" is out of range for type " + name);
    }
  }
  if (type == TypeId::kFloat32 && std::isfinite(v)) {
    float f = static_cast<float>(v);
    if (std::isinf(f) || (f == 0.0f && v != 0.0)) {
      return Status::Error(sqlstate::kNumericValueOutOfRange,
                           "\"" + std::string(text) + "\" is out of range for type real");
    }
    v = f;
  }
  return Value::Float(type, v);
}

Result<Value> ParseBool(std::string_view text) {
  std::string l = Lower(Trim(text));
  auto prefix_of = [&](const char* word) {
    return !l.empty() && std::strncmp(word, l.c_str(), l.size()) == 0 && l.size() <= std::strlen(word);
  };
  if (l == "1") return Value::Bool(true);
  if (l == "0") return Value::Bool(false);
  if (prefix_of("true") || prefix_of("yes")) return Value::Bool(true);
  if (prefix_of("false") || prefix_of("no")) return Value::Bool(false);
  if (l.size() >= 2 && (l == "on")) return Value::Bool(true);
  if (l.size() >= 2 && prefix_of("off")) return Value::Bool(false);
  return InvalidSyntax("boolean", text, sqlstate::kInvalidTextRepresentation);
}

// ---------------------------------------------------------------- datetimes

int64_t NowMicros() {
  return std::chrono::duration_cast<std::chrono::microseconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

int MonthFromName(std::string_view w) {
  static const char* kNames[] = {"january", "february", "march",     "april",   "may",      "june",
                                 "july",    "august",   "september", "october", "november", "december"};
  if (w.size() < 3) return 0;
  for (int i = 0; i < 12; ++i) {
    std::string_view full = kNames[i];
    if (w == full || w == full.substr(0, 3) || (i == 8 && w == "sept")) return i + 1;
  }
  return 0;
}

struct Cursor {
  std::string_view s;
  size_t i = 0;
  bool Done() const { return i >= s.size(); }
  char Peek() const { return i < s.size() ? s[i] : '\0'; }
  void SkipSpaces() {
    while (i < s.size() && IsSpace(s[i])) ++i;
  }
  // Reads up to max_digits digits; returns count read.
  int Digits(int64_t* out, int max_digits = 18) {
    int n = 0;
    int64_t v = 0;
    while (i < s.size() && IsDigit(s[i]) && n < max_digits) {
      v = v * 10 + (s[i] - '0');
      ++i;
      ++n;
    }
    *out = v;
    return n;
  }
  bool Eat(char c) {
    if (Peek() == c) {
      ++i;
      return true;
    }
    return false;
  }
  std::string_view Word() {
    size_t b = i;
    while (i < s.size() && ((s[i] >= 'a' && s[i] <= 'z'))) ++i;
    return s.substr(b, i - b);
  }
};

struct ParsedDateTime {
  int64_t year = 1970;
  int month = 1, day = 1;
  bool has_date = false;
  int hour = 0, minute = 0, second = 0;
  int64_t micros = 0;  // fraction
  bool has_time = false;
  bool has_tz = false;
  int64_t tz_seconds = 0;  // offset east of UTC
  bool bc = false;
  int special = 0;  // 1 infinity, -1 -infinity, 2 epoch, 3 now, 4 today, 5 tomorrow, 6 yesterday
};

enum class DtError { kNone, kSyntax, kRange };

// Parses a fraction ".ddddddd" into micros (rounded); the cursor is after '.'.
bool ParseFraction(Cursor* c, int64_t* micros, bool* carry) {
  int64_t v = 0;
  int n = 0;
  int next = 0;
  bool any = false;
  while (!c->Done() && IsDigit(c->Peek())) {
    any = true;
    if (n < 6) {
      v = v * 10 + (c->Peek() - '0');
      ++n;
    } else if (n == 6) {
      next = c->Peek() - '0';
      ++n;
    }
    ++c->i;
  }
  while (n < 6) {
    v *= 10;
    ++n;
  }
  if (next >= 5) ++v;
  *carry = v >= 1000000;
  if (*carry) v -= 1000000;
  *micros = v;
  return any || true;
}

DtError ParseTimePart(Cursor* c, ParsedDateTime* p) {
  int64_t h, m, s = 0;
  if (c->Digits(&h, 2) == 0) return DtError::kSyntax;
  if (!c->Eat(':')) return DtError::kSyntax;
  if (c->Digits(&m, 2) != 2) return DtError::kSyntax;
  bool carry = false;
  if (c->Eat(':')) {
    if (c->Digits(&s, 2) == 0) return DtError::kSyntax;
    if (c->Eat('.')) ParseFraction(c, &p->micros, &carry);
  } else if (c->Eat('.')) {
    ParseFraction(c, &p->micros, &carry);
  }
  // am/pm
  size_t save = c->i;
  c->SkipSpaces();
  std::string_view w = c->Word();
  if (w == "am" || w == "pm") {
    if (h < 1 || h > 12) return DtError::kRange;
    if (w == "am" && h == 12) h = 0;
    if (w == "pm" && h != 12) h += 12;
  } else {
    c->i = save;
  }
  if (h > 24 || m > 59 || s > 60) return DtError::kRange;
  if (h == 24 && (m != 0 || s != 0 || p->micros != 0)) return DtError::kRange;
  p->hour = static_cast<int>(h);
  p->minute = static_cast<int>(m);
  p->second = static_cast<int>(s) + (carry ? 1 : 0);
  p->has_time = true;
  return DtError::kNone;
}

DtError ParseTzPart(Cursor* c, ParsedDateTime* p) {
  c->SkipSpaces();
  if (c->Done()) return DtError::kNone;
  char ch = c->Peek();
  if (ch == 'z') {
    ++c->i;
    p->has_tz = true;
    return DtError::kNone;
  }
  if (ch == '+' || ch == '-') {
    ++c->i;
    int64_t h = 0, m = 0, s = 0;
    int nd = c->Digits(&h, 4);
    if (nd == 0) return DtError::kSyntax;
    if (nd == 4) {
      m = h % 100;
      h /= 100;
    } else if (nd == 3) {
      return DtError::kSyntax;
    } else if (c->Eat(':')) {
      if (c->Digits(&m, 2) != 2) return DtError::kSyntax;
      if (c->Eat(':') && c->Digits(&s, 2) != 2) return DtError::kSyntax;
    }
    if (h > 15 || m > 59 || s > 59) return DtError::kRange;
    int64_t off = h * 3600 + m * 60 + s;
    p->tz_seconds = ch == '-' ? -off : off;
    p->has_tz = true;
    return DtError::kNone;
  }
  std::string_view w = c->Word();
  if (w == "utc" || w == "gmt" || w == "z" || w == "zulu") {
    p->has_tz = true;
    return DtError::kNone;
  }
  return DtError::kSyntax;
}

DtError ParseDatePart(Cursor* c, ParsedDateTime* p) {
  int64_t a, b, y;
  size_t start = c->i;
  if (IsDigit(c->Peek())) {
    int na = c->Digits(&a);
    if (c->Eat('-')) {
      if (na == 8) return DtError::kSyntax;
      // Y-M-D or Y-Mon-D
      if (IsDigit(c->Peek())) {
        if (c->Digits(&b, 2) == 0) return DtError::kSyntax;
      } else {
        b = MonthFromName(c->Word());
        if (b == 0) return DtError::kSyntax;
      }
      if (!c->Eat('-')) return DtError::kSyntax;
      int64_t d;
      if (c->Digits(&d, 2) == 0) return DtError::kSyntax;
      if (na <= 2 && IsDigit(c->s[c->i - 1]) && false) return DtError::kSyntax;
      p->year = a;
      p->month = static_cast<int>(b);
      p->day = static_cast<int>(d);
    } else if (c->Eat('/')) {
      // M/D/Y (DateStyle MDY) or Y/M/D when the first field has 3+ digits.
      int64_t d;
      if (c->Digits(&b, 2) == 0 || !c->Eat('/')) return DtError::kSyntax;
      int nd = c->Digits(&d);
      if (nd == 0) return DtError::kSyntax;
      if (na >= 3) {
        p->year = a;
        p->month = static_cast<int>(b);
        p->day = static_cast<int>(d);
      } else {
        p->month = static_cast<int>(a);
        p->day = static_cast<int>(b);
        p->year = d;
        if (nd <= 2) p->year += p->year < 70 ? 2000 : 1900;
      }
    } else if (na == 8 || na == 6) {
      // YYYYMMDD / YYMMDD
      if (na == 8) {
        p->year = a / 10000;
      } else {
        p->year = a / 10000;
        p->year += p->year < 70 ? 2000 : 1900;
      }
      p->month = static_cast<int>((a / 100) % 100);
      p->day = static_cast<int>(a % 100);
    } else if (na <= 2) {
      // D Mon YYYY
      c->SkipSpaces();
      int m = MonthFromName(c->Word());
      if (m == 0) return DtError::kSyntax;
      c->SkipSpaces();
      if (c->Digits(&y) == 0) return DtError::kSyntax;
      p->year = y;
      p->month = m;
      p->day = static_cast<int>(a);
    } else {
      c->i = start;
      return DtError::kSyntax;
    }
  } else {
    // Mon D[,] YYYY
    int m = MonthFromName(c->Word());
    if (m == 0) return DtError::kSyntax;
    c->SkipSpaces();
    int64_t d;
    if (c->Digits(&d, 2) == 0) return DtError::kSyntax;
    c->Eat(',');
    c->SkipSpaces();
    if (c->Digits(&y) == 0) return DtError::kSyntax;
    p->year = y;
    p->month = m;
    p->day = static_cast<int>(d);
  }
  p->has_date = true;
  return DtError::kNone;
}

// Parses the common date/time syntax for date, time, timestamp[tz].
DtError ParseDateTimeText(std::string_view text, bool time_only, ParsedDateTime* p) {
  std::string low = Lower(Trim(text));
  if (low.empty()) return DtError::kSyntax;
  if (low == "infinity" || low == "+infinity") {
    p->special = 1;
    return DtError::kNone;
  }
  if (low == "-infinity") {
    p->special = -1;
    return DtError::kNone;
  }
  if (low == "epoch") {
    p->special = 2;
    return DtError::kNone;
  }
  if (low == "now") {
    p->special = 3;
    return DtError::kNone;
  }
  if (low == "today") {
    p->special = 4;
    return DtError::kNone;
  }
  if (low == "tomorrow") {
    p->special = 5;
    return DtError::kNone;
  }
  if (low == "yesterday") {
    p->special = 6;
    return DtError::kNone;
  }
  if (low == "allballs") {
    p->has_time = true;
    return DtError::kNone;
  }
  Cursor c{low, 0};
  // Time only: "HH:MM..." (a time type may also be given a full timestamp).
  bool looks_time = false;
  {
    size_t k = 0;
    while (k < low.size() && IsDigit(low[k])) ++k;
    looks_time = k > 0 && k <= 2 && k < low.size() && low[k] == ':';
  }
  if (!looks_time) {
    DtError e = ParseDatePart(&c, p);
    if (e != DtError::kNone) return e;
    if (c.Peek() == 't' && c.i + 1 < low.size() && IsDigit(low[c.i + 1])) {
      ++c.i;
    } else {
      c.SkipSpaces();
    }
  } else if (!time_only) {
    return DtError::kSyntax;
  }
  if (!c.Done() && IsDigit(c.Peek())) {
    DtError e = ParseTimePart(&c, p);
    if (e != DtError::kNone) return e;
  }
  c.SkipSpaces();
  // Era suffix.
  if (c.s.substr(c.i) == "bc") {
    p->bc = true;
    c.i = c.s.size();
  } else if (c.s.substr(c.i) == "ad") {
    c.i = c.s.size();
  }
  DtError e = ParseTzPart(&c, p);
  if (e != DtError::kNone) return e;
  c.SkipSpaces();
  if (c.s.substr(c.i) == "bc") {
    p->bc = true;
    c.i = c.s.size();
  }
  if (!c.Done()) return DtError::kSyntax;
  if (p->has_date) {
    if (p->bc) {
      if (p->year <= 0) return DtError::kRange;
      p->year = 1 - p->year;
    }
    if (p->month < 1 || p->month > 12 || p->day < 1 ||
        p->day > DaysInMonth(p->year, p->month)) {
      return DtError::kRange;
    }
  }
  return DtError::kNone;
}

Status DtStatus(DtError e, const char* type_name, std::string_view text) {
  if (e == DtError::kRange) return FieldOutOfRange(text);
  return InvalidSyntax(type_name, text, sqlstate::kInvalidDatetimeFormat);
}

Result<Value> ParseTimestampLike(std::string_view text, TypeId type) {
  const char* name = type == TypeId::kTimestamp ? "timestamp"
                     : type == TypeId::kTimestampTz ? "timestamp with time zone"
                                                    : "date";
  ParsedDateTime p;
  DtError e = ParseDateTimeText(text, false, &p);
  if (e != DtError::kNone) return DtStatus(e, name, text);
  int64_t now_days = FloorDiv(NowMicros(), kMicrosPerDay);
  int64_t ts = 0;
  switch (p.special) {
    case 1:
      return Value::Int(type, type == TypeId::kDate ? kDateInfinity : kTimestampInfinity);
    case -1:
      return Value::Int(type, type == TypeId::kDate ? kDateNegInfinity : kTimestampNegInfinity);
    case 2:
      ts = 0;
      break;
    case 3:
      ts = NowMicros();
      break;
    case 4:
      ts = now_days * kMicrosPerDay;
      break;
    case 5:
      ts = (now_days + 1) * kMicrosPerDay;
      break;
    case 6:
      ts = (now_days - 1) * kMicrosPerDay;
      break;
    default: {
      if (!p.has_date) return DtStatus(DtError::kSyntax, name, text);
      int64_t days = DaysFromCivil(p.year, p.month, p.day);
      if (type == TypeId::kDate) {
        if (!DateInRange(days)) {
          return Status::Error(sqlstate::kDatetimeFieldOverflow,
                               "date out of range: \"" + std::string(text) + "\"");
        }
        return Value::Int(type, days);
      }
      __int128 t = static_cast<__int128>(days) * kMicrosPerDay + p.hour * kMicrosPerHour +
                   p.minute * kMicrosPerMinute +
                   static_cast<int64_t>(p.second) * kMicrosPerSecond + p.micros;
      if (type == TypeId::kTimestampTz && p.has_tz) t -= p.tz_seconds * kMicrosPerSecond;
      if (t < static_cast<__int128>(-2440588) * kMicrosPerDay || t >= kTimestampInfinity) {
        return Status::Error(sqlstate::kDatetimeFieldOverflow,
                             "timestamp out of range: \"" + std::string(text) + "\"");
      }
      ts = static_cast<int64_t>(t);
    }
  }
  if (type == TypeId::kDate) return Value::Int(type, FloorDiv(ts, kMicrosPerDay));
  return Value::Int(type, ts);
}

Result<Value> ParseTime(std::string_view text) {
  ParsedDateTime p;
  DtError e = ParseDateTimeText(text, true, &p);
  if (e != DtError::kNone) return DtStatus(e, "time", text);
  if (p.special == 3) {
    return Value::Int(TypeId::kTime, FloorMod(NowMicros(), kMicrosPerDay));
  }
  if (p.special != 0 || !p.has_time) {
    if (p.special == 0 && p.has_date) return Value::Int(TypeId::kTime, 0);
    return DtStatus(DtError::kSyntax, "time", text);
  }
  int64_t t = p.hour * kMicrosPerHour + p.minute * kMicrosPerMinute +
              static_cast<int64_t>(p.second) * kMicrosPerSecond + p.micros;
  if (t > kMicrosPerDay) return FieldOutOfRange(text);
  return Value::Int(TypeId::kTime, t);
}

// ---------------------------------------------------------------- intervals

struct IntervalAcc {
  double months = 0;  // whole months
  int64_t days = 0;
  double micros = 0;
};

// Adds `val` of `unit` (fractions cascade downward as PostgreSQL does).
bool AddUnit(std::string_view unit, double val, IntervalAcc* a) {
  auto frac_days = [&](double days) {
    double whole = std::trunc(days);
    a->days += static_cast<int64_t>(whole);
    a->micros += std::rint((days - whole) * kMicrosPerDay);
  };
  auto frac_months = [&](double months) {
    double whole = std::trunc(months);
    a->months += whole;
    frac_days((months - whole) * 30);
  };
  if (unit == "microsecond" || unit == "microseconds" || unit == "us" || unit == "usec" ||
      unit == "usecs" || unit == "microsecon") {
    a->micros += std::rint(val);
  } else if (unit == "millisecond" || unit == "milliseconds" || unit == "ms" || unit == "msec" ||
             unit == "msecs" || unit == "millisecon") {
    a->micros += std::rint(val * 1000);
  } else if (unit == "second" || unit == "seconds" || unit == "s" || unit == "sec" ||
             unit == "secs") {
    a->micros += std::rint(val * kMicrosPerSecond);
  } else if (unit == "minute" || unit == "minutes" || unit == "m" || unit == "min" ||
             unit == "mins") {
    a->micros += std::rint(val * kMicrosPerMinute);
  } else if (unit == "hour" || unit == "hours" || unit == "h" || unit == "hr" || unit == "hrs") {
    a->micros += std::rint(val * kMicrosPerHour);
  } else if (unit == "day" || unit == "days" || unit == "d") {
    frac_days(val);
  } else if (unit == "week" || unit == "weeks" || unit == "w") {
    frac_days(val * 7);
  } else if (unit == "month" || unit == "months" || unit == "mon" || unit == "mons") {
    frac_months(val);
  } else if (unit == "year" || unit == "years" || unit == "y" || unit == "yr" || unit == "yrs") {
    double whole = std::trunc(val);
    a->months += whole * 12 + std::rint((val - whole) * 12);
  } else if (unit == "decade" || unit == "decades" || unit == "dec" || unit == "decs") {
    double whole = std::trunc(val);
    a->months += whole * 120 + std::rint((val - whole) * 120);
  } else if (unit == "century" || unit == "centuries" || unit == "c" || unit == "cent") {
    double whole = std::trunc(val);
    a->months += whole * 1200 + std::rint((val - whole) * 1200);
  } else if (unit == "millennium" || unit == "millennia" || unit == "mil" || unit == "mils") {
    double whole = std::trunc(val);
    a->months += whole * 12000 + std::rint((val - whole) * 12000);
  } else {
    return false;
  }
  return true;
}

// Reads a signed decimal number; returns false if none.
bool ReadNumber(Cursor* c, double* out) {
  size_t b = c->i;
  if (c->Peek() == '+' || c->Peek() == '-') ++c->i;
  bool any = false;
  while (!c->Done() && (IsDigit(c->Peek()) || c->Peek() == '.')) {
    any = any || IsDigit(c->Peek());
    ++c->i;
  }
  if (!any) {
    c->i = b;
    return false;
  }
  std::string num(c->s.substr(b, c->i - b));
  char* end;
  *out = std::strtod(num.c_str(), &end);
  return *end == '\0';
}

bool ParseIso8601Interval(std::string_view s, IntervalAcc* a) {
  Cursor c{s, 1};  // after 'p'
  bool time = false;
  bool any = false;
  while (!c.Done()) {
    if (c.Peek() == 't') {
      if (time) return false;
      time = true;
      ++c.i;
      continue;
    }
    double v;
    if (!ReadNumber(&c, &v)) return false;
    char u = c.Peek();
    ++c.i;
    any = true;
    if (!time) {
      if (u == 'y') {
        AddUnit("year", v, a);
      } else if (u == 'm') {
        AddUnit("month", v, a);
      } else if (u == 'w') {
        AddUnit("week", v, a);
      } else if (u == 'd') {
        AddUnit("day", v, a);
      } else {
        return false;
      }
    } else {
      if (u == 'h') {
        AddUnit("hour", v, a);
      } else if (u == 'm') {
        AddUnit("minute", v, a);
      } else if (u == 's') {
        AddUnit("second", v, a);
      } else {
        return false;
      }
    }
  }
  return any;
}

// "[+-]H:MM[:SS[.f]]" (or "MM:SS.f" style is not supported) -> micros.
bool ParseIntervalTime(std::string_view tok, double* micros) {
  bool neg = false;
  if (!tok.empty() && (tok[0] == '+' || tok[0] == '-')) {
    neg = tok[0] == '-';
    tok.remove_prefix(1);
  }
  Cursor c{tok, 0};
  int64_t h, m = 0, s = 0, frac = 0;
  if (c.Digits(&h) == 0) return false;
  if (!c.Eat(':')) return false;
  if (c.Digits(&m, 2) == 0) return false;
  bool carry = false;
  if (c.Eat(':')) {
    if (c.Digits(&s, 2) == 0) return false;
    if (c.Eat('.')) ParseFraction(&c, &frac, &carry);
  } else if (c.Eat('.')) {
    // H:MM.f means minutes:seconds.f? PostgreSQL reads "1:30.5" as 00:01:30.5.
    s = m;
    m = h;
    h = 0;
    ParseFraction(&c, &frac, &carry);
  }
  if (!c.Done() || m > 59 || s > 60) return false;
  double v = static_cast<double>(h) * kMicrosPerHour + m * kMicrosPerMinute +
             (s + (carry ? 1 : 0)) * kMicrosPerSecond + frac;
  *micros = neg ? -v : v;
  return true;
}

Result<Value> ParseInterval(std::string_view text) {
  std::string low = Lower(Trim(text));
  auto bad = [&]() { return InvalidSyntax("interval", text, sqlstate::kInvalidDatetimeFormat); };
  IntervalAcc a;
  if (low.empty()) return bad();
  if (low[0] == 'p') {
    if (!ParseIso8601Interval(low, &a)) return bad();
  } else {
    // Tokenize on spaces; split number+unit glued together ("1h", "3days").
    std::vector<std::string> toks;
    size_t i = 0;
    while (i < low.size()) {
      while (i < low.size() && (IsSpace(low[i]) || low[i] == ',')) ++i;
      if (i >= low.size()) break;
      size_t b = i;
      if (low[i] == '@') {
        ++i;
        continue;
      }
      if (IsDigit(low[i]) || low[i] == '+' || low[i] == '-' || low[i] == '.') {
        ++i;
        while (i < low.size() && (IsDigit(low[i]) || low[i] == '.' || low[i] == ':')) ++i;
      } else {
        while (i < low.size() && !IsSpace(low[i]) && !IsDigit(low[i]) && low[i] != ',' &&
               low[i] != '+' && low[i] != '-') {
          ++i;
        }
      }
      toks.push_back(low.substr(b, i - b));
    }
    bool ago = false;
    bool any = false;
    for (size_t k = 0; k < toks.size(); ++k) {
      const std::string& t = toks[k];
      if (t == "ago") {
        if (k + 1 != toks.size()) return bad();
        ago = true;
        continue;
      }
      if (t.find(':') != std::string::npos) {
        double us;
        if (!ParseIntervalTime(t, &us)) return bad();
        a.micros += us;
        any = true;
        continue;
      }
      double v;
      Cursor c{t, 0};
      if (!ReadNumber(&c, &v) || !c.Done()) return bad();
      any = true;
      if (k + 1 < toks.size() && toks[k + 1] != "ago" &&
          toks[k + 1].find(':') == std::string::npos && !IsDigit(toks[k + 1][0]) &&
          toks[k + 1][0] != '+' && toks[k + 1][0] != '-' && toks[k + 1][0] != '.') {
        if (!AddUnit(toks[k + 1], v, &a)) return bad();
        ++k;
      } else if (k + 1 < toks.size() && toks[k + 1].find(':') != std::string::npos) {
        AddUnit("day", v, &a);
      } else {
        AddUnit("second", v, &a);
      }
    }
    if (!any) return bad();
    if (ago) {
      a.months = -a.months;
      a.days = -a.days;
      a.micros = -a.micros;
    }
  }
  if (std::fabs(a.months) > INT32_MAX || a.days > INT32_MAX || a.days < INT32_MIN ||
      std::fabs(a.micros) >= 9.2e18) {
    return Status::Error(sqlstate::kDatetimeFieldOverflow,
                         "interval field value out of range: \"" + std::string(text) + "\"");
  }
  Interval iv;
  iv.months = static_cast<int32_t>(a.months);
  iv.days = static_cast<int32_t>(a.days);
  iv.micros = static_cast<int64_t>(a.micros);
  return Value::Intv(iv);
}

}  // namespace

Result<Value> ParseValue(std::string_view text, const DataType& type) {
  switch (type.id) {
    case TypeId::kUnknown:
    case TypeId::kText:
      return Value::String(std::string(text), type);
    case TypeId::kVarchar: {
      if (type.length >= 0) {
        size_t n = Utf8Length(text);
        if (n > static_cast<size_t>(type.length)) {
          // Excess characters that are all spaces are silently truncated.
          size_t chars = 0, cut = 0;
          while (cut < text.size() && chars < static_cast<size_t>(type.length)) {
            ++cut;
            while (cut < text.size() && (static_cast<unsigned char>(text[cut]) & 0xC0) == 0x80) ++cut;
            ++chars;
          }
          for (size_t k = cut; k < text.size(); ++k) {
            if (text[k] != ' ') {
              return Status::Error(sqlstate::kStringDataRightTruncation,
                                   "value too long for type character varying(" +
                                       std::to_string(type.length) + ")");
            }
          }
          return Value::String(std::string(text.substr(0, cut)), type);
        }
      }
      return Value::String(std::string(text), type);
    }
    case TypeId::kBool:
      return ParseBool(text);
    case TypeId::kInt16:
    case TypeId::kInt32:
    case TypeId::kInt64:
      return ParseInteger(text, type.id);
    case TypeId::kFloat32:
    case TypeId::kFloat64:
      return ParseFloat(text, type.id);
    case TypeId::kNumeric: {
      std::string_view t = Trim(text);
      std::string l = Lower(t);
      if (l == "nan" || l == "infinity" || l == "-infinity" || l == "+infinity" || l == "inf" ||
          l == "-inf") {
        return Status::NotSupported("numeric NaN and Infinity are not supported");
      }
      auto d = DecimalFromString(text);
      if (!d.ok()) {
        if (d.status().sqlstate() == sqlstate::kInvalidTextRepresentation) {
          return InvalidSyntax("numeric", text, sqlstate::kInvalidTextRepresentation);
        }
        return d.status();
      }
      KAPPA_ASSIGN_OR_RETURN(Decimal r, DecimalApplyTypmod(*d, type.precision, type.scale));
      return Value::Dec(r, type);
    }
    case TypeId::kDate:
    case TypeId::kTimestamp:
    case TypeId::kTimestampTz:
      return ParseTimestampLike(text, type.id);
    case TypeId::kTime:
      return ParseTime(text);
    case TypeId::kInterval:
      return ParseInterval(text);
  }
  return Status::Internal("ParseValue: unknown type");
}

}  // namespace kappa
