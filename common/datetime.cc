#include "common/datetime.h"

#include <cmath>

namespace kappa {
namespace {

constexpr int64_t kMinDateDays = -2440588;       // 4714-11-24 BC (Julian day 0)
constexpr int64_t kMaxDateDays = 2145042906;     // < 5874898-01-01
constexpr int64_t kMinTimestamp = kMinDateDays * kMicrosPerDay;
constexpr int64_t kDaysPerMonth = 30;
constexpr int64_t kSecsPerDay = 86400;

Status TimestampOutOfRange() {
  return Status::Error(sqlstate::kDatetimeFieldOverflow, "timestamp out of range");
}
Status IntervalOutOfRange() {
  return Status::Error(sqlstate::kDatetimeFieldOverflow, "interval out of range");
}

bool FitsInt32(int64_t v) { return v >= INT32_MIN && v <= INT32_MAX; }

}  // namespace

bool IsFiniteTimestamp(int64_t ts) {
  return ts != kTimestampInfinity && ts != kTimestampNegInfinity;
}
bool IsFiniteDate(int64_t days) { return days != kDateInfinity && days != kDateNegInfinity; }
bool TimestampInRange(int64_t ts) { return ts >= kMinTimestamp && ts < kTimestampInfinity; }
bool DateInRange(int64_t days) { return days >= kMinDateDays && days <= kMaxDateDays; }

// Howard Hinnant's days_from_civil / civil_from_days.
int64_t DaysFromCivil(int64_t y, int m, int d) {
  y -= m <= 2;
  const int64_t era = (y >= 0 ? y : y - 399) / 400;
  const int64_t yoe = y - era * 400;
  const int64_t doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
  const int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + doe - 719468;
}

void CivilFromDays(int64_t z, int64_t* y, int* m, int* d) {
  z += 719468;
  const int64_t era = (z >= 0 ? z : z - 146096) / 146097;
  const int64_t doe = z - era * 146097;
  const int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  const int64_t yy = yoe + era * 400;
  const int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  const int64_t mp = (5 * doy + 2) / 153;
  *d = static_cast<int>(doy - (153 * mp + 2) / 5 + 1);
  *m = static_cast<int>(mp < 10 ? mp + 3 : mp - 9);
  *y = yy + (*m <= 2);
}

bool IsLeapYear(int64_t y) { return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0; }

int DaysInMonth(int64_t y, int m) {
  static const int kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  if (m == 2 && IsLeapYear(y)) return 29;
  return kDays[m - 1];
}

DateTimeParts SplitTimestamp(int64_t ts) {
  DateTimeParts p;
  int64_t days = FloorDiv(ts, kMicrosPerDay);
  int64_t tod = ts - days * kMicrosPerDay;
  CivilFromDays(days, &p.year, &p.month, &p.day);
  p.hour = static_cast<int>(tod / kMicrosPerHour);
  tod %= kMicrosPerHour;
  p.minute = static_cast<int>(tod / kMicrosPerMinute);
  tod %= kMicrosPerMinute;
  p.second = static_cast<int>(tod / kMicrosPerSecond);
  p.micros = static_cast<int>(tod % kMicrosPerSecond);
  return p;
}

Result<int64_t> MakeTimestamp(const DateTimeParts& p) {
  int64_t days = DaysFromCivil(p.year, p.month, p.day);
  if (!DateInRange(days)) return TimestampOutOfRange();
  __int128 ts = static_cast<__int128>(days) * kMicrosPerDay + p.hour * kMicrosPerHour +
                p.minute * kMicrosPerMinute + static_cast<int64_t>(p.second) * kMicrosPerSecond +
                p.micros;
  if (ts < kMinTimestamp || ts >= kTimestampInfinity) return TimestampOutOfRange();
  return static_cast<int64_t>(ts);
}

Result<int64_t> TimestampPlusInterval(int64_t ts, const Interval& iv) {
  if (!IsFiniteTimestamp(ts)) return ts;
  if (iv.months != 0) {
    DateTimeParts p = SplitTimestamp(ts);
    int64_t m = p.year * 12 + (p.month - 1) + iv.months;
    p.year = FloorDiv(m, 12);
    p.month = static_cast<int>(FloorMod(m, 12)) + 1;
    int dim = DaysInMonth(p.year, p.month);
    if (p.day > dim) p.day = dim;
    KAPPA_ASSIGN_OR_RETURN(ts, MakeTimestamp(p));
  }
  if (iv.days != 0) {
    DateTimeParts p = SplitTimestamp(ts);
    int64_t days = DaysFromCivil(p.year, p.month, p.day) + iv.days;
    int64_t tod = ts - FloorDiv(ts, kMicrosPerDay) * kMicrosPerDay;
    __int128 r = static_cast<__int128>(days) * kMicrosPerDay + tod;
    if (r < kMinTimestamp || r >= kTimestampInfinity) return TimestampOutOfRange();
    ts = static_cast<int64_t>(r);
  }
  int64_t out;
  if (__builtin_add_overflow(ts, iv.micros, &out)) return TimestampOutOfRange();
  if (!TimestampInRange(out)) return TimestampOutOfRange();
  return out;
}

Result<int64_t> TimestampMinusInterval(int64_t ts, const Interval& iv) {
  KAPPA_ASSIGN_OR_RETURN(Interval neg, IntervalNeg(iv));
  return TimestampPlusInterval(ts, neg);
}

Result<Interval> TimestampDiff(int64_t a, int64_t b) {
  if (!IsFiniteTimestamp(a) || !IsFiniteTimestamp(b)) {
    return Status::Error(sqlstate::kDatetimeFieldOverflow, "cannot subtract infinite timestamps");
  }
  int64_t diff;
  if (__builtin_sub_overflow(a, b, &diff)) return IntervalOutOfRange();
  Interval iv;
  iv.micros = diff;
  return JustifyHours(iv);
}

Result<Interval> IntervalAdd(const Interval& a, const Interval& b) {
  Interval r;
  if (__builtin_add_overflow(a.months, b.months, &r.months) ||
      __builtin_add_overflow(a.days, b.days, &r.days) ||
      __builtin_add_overflow(a.micros, b.micros, &r.micros)) {
    return IntervalOutOfRange();
  }
  return r;
}

Result<Interval> IntervalSub(const Interval& a, const Interval& b) {
  Interval r;
  if (__builtin_sub_overflow(a.months, b.months, &r.months) ||
      __builtin_sub_overflow(a.days, b.days, &r.days) ||
      __builtin_sub_overflow(a.micros, b.micros, &r.micros)) {
    return IntervalOutOfRange();
  }
  return r;
}

Result<Interval> IntervalNeg(const Interval& a) {
  if (a.months == INT32_MIN || a.days == INT32_MIN || a.micros == INT64_MIN) {
    return IntervalOutOfRange();
  }
  Interval r;
  r.months = -a.months;
  r.days = -a.days;
  r.micros = -a.micros;
  return r;
}

// PostgreSQL's interval_mul / interval_div: whole months and days scale
// directly; their fractions cascade down to days and seconds.
static Result<Interval> ScaleInterval(const Interval& span, double factor, bool divide) {
  auto apply = [&](double v) { return divide ? v / factor : v * factor; };
  double result_double = apply(static_cast<double>(span.months));
  if (std::isnan(result_double) || result_double > INT32_MAX || result_double < INT32_MIN) {
    return IntervalOutOfRange();
  }
  Interval result;
  result.months = static_cast<int32_t>(result_double);
  result_double = apply(static_cast<double>(span.days));
  if (std::isnan(result_double) || result_double > INT32_MAX || result_double < INT32_MIN) {
    return IntervalOutOfRange();
  }
  result.days = static_cast<int32_t>(result_double);
  double month_remainder_days = (apply(static_cast<double>(span.months)) - result.months) *
                                static_cast<double>(kDaysPerMonth);
  month_remainder_days = std::rint(month_remainder_days * 1e6) / 1e6;  // TSROUND
  double sec_remainder = (apply(static_cast<double>(span.days)) - result.days +
                          month_remainder_days - static_cast<int>(month_remainder_days)) *
                         static_cast<double>(kSecsPerDay);
  sec_remainder = std::rint(sec_remainder * 1e6) / 1e6;
  if (std::fabs(sec_remainder) >= kSecsPerDay) {
    result.days += static_cast<int>(sec_remainder / kSecsPerDay);
    sec_remainder -= static_cast<int>(sec_remainder / kSecsPerDay) * kSecsPerDay;
  }
  result.days += static_cast<int32_t>(month_remainder_days);
  result_double =
      std::rint(apply(static_cast<double>(span.micros)) + sec_remainder * kMicrosPerSecond);
  if (std::isnan(result_double) || result_double >= 9.2233720368547758e18 ||
      result_double < -9.2233720368547758e18) {
    return IntervalOutOfRange();
  }
  result.micros = static_cast<int64_t>(result_double);
  return result;
}

Result<Interval> IntervalMul(const Interval& a, double factor) {
  return ScaleInterval(a, factor, false);
}

Result<Interval> IntervalDiv(const Interval& a, double factor) {
  if (factor == 0.0) return Status::Error(sqlstate::kDivisionByZero, "division by zero");
  return ScaleInterval(a, factor, true);
}

__int128 IntervalSpan(const Interval& a) {
  return static_cast<__int128>(a.micros) +
         (static_cast<__int128>(a.days) + static_cast<__int128>(a.months) * kDaysPerMonth) *
             kMicrosPerDay;
}

int IntervalCompare(const Interval& a, const Interval& b) {
  __int128 x = IntervalSpan(a), y = IntervalSpan(b);
  return x < y ? -1 : (x > y ? 1 : 0);
}

Interval JustifyHours(const Interval& a) {
  Interval r = a;
  int64_t wholeday = a.micros / kMicrosPerDay;
  r.micros = a.micros - wholeday * kMicrosPerDay;
  int64_t days = static_cast<int64_t>(a.days) + wholeday;
  r.days = FitsInt32(days) ? static_cast<int32_t>(days) : a.days;
  if (r.days > 0 && r.micros < 0) {
    r.micros += kMicrosPerDay;
    r.days--;
  } else if (r.days < 0 && r.micros > 0) {
    r.micros -= kMicrosPerDay;
    r.days++;
  }
  return r;
}

Interval JustifyDays(const Interval& a) {
  Interval r = a;
  int32_t wholemonth = a.days / kDaysPerMonth;
  r.days = a.days - wholemonth * kDaysPerMonth;
  r.months = a.months + wholemonth;
  if (r.months > 0 && r.days < 0) {
    r.days += kDaysPerMonth;
    r.months--;
  } else if (r.months < 0 && r.days > 0) {
    r.days -= kDaysPerMonth;
    r.months++;
  }
  return r;
}

Interval JustifyInterval(const Interval& a) {
  Interval r = a;
  int32_t wholemonth = r.days / kDaysPerMonth;
  r.days -= wholemonth * kDaysPerMonth;
  r.months += wholemonth;
  int64_t wholeday = r.micros / kMicrosPerDay;
  r.micros -= wholeday * kMicrosPerDay;
  r.days += static_cast<int32_t>(wholeday);
  wholemonth = r.days / kDaysPerMonth;
  r.days -= wholemonth * kDaysPerMonth;
  r.months += wholemonth;
  if (r.months > 0 && (r.days < 0 || (r.days == 0 && r.micros < 0))) {
    r.days += kDaysPerMonth;
    r.months--;
  } else if (r.months < 0 && (r.days > 0 || (r.days == 0 && r.micros > 0))) {
    r.days -= kDaysPerMonth;
    r.months++;
  }
  if (r.days > 0 && r.micros < 0) {
    r.micros += kMicrosPerDay;
    r.days--;
  } else if (r.days < 0 && r.micros > 0) {
    r.micros -= kMicrosPerDay;
    r.days++;
  }
  return r;
}

}  // namespace kappa
