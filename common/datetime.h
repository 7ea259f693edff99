// Calendar arithmetic for DATE, TIME, TIMESTAMP[TZ] and INTERVAL with
// PostgreSQL's rules (proleptic Gregorian calendar, month arithmetic clamps
// the day of month, interval comparison treats 1 mon = 30 days and
// 1 day = 24 h). Representations are those of common/types.h. The session
// time zone is always UTC, so timestamptz math equals timestamp math.
#pragma once

#include <cstdint>
#include <string_view>

#include "common/status.h"
#include "common/value.h"

namespace kappa {

inline constexpr int64_t kMicrosPerSecond = 1000000;
inline constexpr int64_t kMicrosPerMinute = 60 * kMicrosPerSecond;
inline constexpr int64_t kMicrosPerHour = 60 * kMicrosPerMinute;
inline constexpr int64_t kMicrosPerDay = 24 * kMicrosPerHour;

// PostgreSQL's 'infinity'/'-infinity' for timestamps and dates.
inline constexpr int64_t kTimestampInfinity = INT64_MAX;
inline constexpr int64_t kTimestampNegInfinity = INT64_MIN;
inline constexpr int64_t kDateInfinity = INT32_MAX;
inline constexpr int64_t kDateNegInfinity = INT32_MIN;

// Valid range (PostgreSQL's): dates 4713-11-24 BC .. 5874897 AD; timestamps
// 4713 BC .. 294276 AD. Years are astronomical (year 0 = 1 BC).
bool IsFiniteTimestamp(int64_t ts);
bool IsFiniteDate(int64_t days);
bool TimestampInRange(int64_t ts);
bool DateInRange(int64_t days);

// Days since 1970-01-01 <-> civil date.
int64_t DaysFromCivil(int64_t y, int m, int d);
void CivilFromDays(int64_t days, int64_t* y, int* m, int* d);
bool IsLeapYear(int64_t y);
int DaysInMonth(int64_t y, int m);

// Floor division helpers.
inline int64_t FloorDiv(int64_t a, int64_t b) {
  int64_t q = a / b;
  if ((a % b != 0) && ((a < 0) != (b < 0))) --q;
  return q;
}
inline int64_t FloorMod(int64_t a, int64_t b) { return a - FloorDiv(a, b) * b; }

// Broken-down timestamp.
struct DateTimeParts {
  int64_t year = 1970;
  int month = 1;
  int day = 1;
  int hour = 0;
  int minute = 0;
  int second = 0;
  int micros = 0;
};
DateTimeParts SplitTimestamp(int64_t ts);
// 22008 "timestamp out of range" if outside PostgreSQL's range.
Result<int64_t> MakeTimestamp(const DateTimeParts& p);

// timestamp + interval (months first with day clamping, then days, then
// micros), as PostgreSQL's timestamp_pl_interval. 22008 on overflow.
Result<int64_t> TimestampPlusInterval(int64_t ts, const Interval& iv);
Result<int64_t> TimestampMinusInterval(int64_t ts, const Interval& iv);
// timestamp - timestamp: days + micros (PostgreSQL's timestamp_mi with
// justify_hours).
Result<Interval> TimestampDiff(int64_t a, int64_t b);

// Interval arithmetic; 22008 "interval out of range" on overflow.
Result<Interval> IntervalAdd(const Interval& a, const Interval& b);
Result<Interval> IntervalSub(const Interval& a, const Interval& b);
Result<Interval> IntervalNeg(const Interval& a);
Result<Interval> IntervalMul(const Interval& a, double factor);
Result<Interval> IntervalDiv(const Interval& a, double factor);  // 22012 on 0
// Comparison on the normalized span (1 mon = 30 days, 1 day = 24 h).
__int128 IntervalSpan(const Interval& a);
int IntervalCompare(const Interval& a, const Interval& b);
Interval JustifyHours(const Interval& a);
Interval JustifyDays(const Interval& a);
Interval JustifyInterval(const Interval& a);

}  // namespace kappa
