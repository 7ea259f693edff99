// PostgreSQL text output (common/value_format.h). Expected strings are what
// PostgreSQL 15 prints for the equivalent values (extra_float_digits = 1,
// DateStyle ISO, IntervalStyle postgres, TimeZone UTC).
#include <doctest/doctest.h>

#include <cmath>
#include <string>

#include "common/chunk.h"
#include "common/datetime.h"
#include "common/value_format.h"

namespace kappa {
namespace {

int64_t TsMicros(int64_t y, int m, int d, int hh, int mm, int ss, int us) {
  return DaysFromCivil(y, m, d) * kMicrosPerDay + hh * kMicrosPerHour + mm * kMicrosPerMinute +
         ss * kMicrosPerSecond + us;
}

TEST_CASE("doubles print shortest-exact with PostgreSQL's exponent switch-over") {
  CHECK(FormatDouble(0.1, false) == "0.1");
  CHECK(FormatDouble(1e20, false) == "1e+20");
  CHECK(FormatDouble(123456789012345680000.0, false) == "1.2345678901234568e+20");
  CHECK(FormatDouble(0.0001, false) == "0.0001");
  CHECK(FormatDouble(0.00001, false) == "1e-05");
  CHECK(FormatDouble(1e15 - 1, false) == "999999999999999");
  CHECK(FormatDouble(1e15, false) == "1e+15");
  CHECK(FormatDouble(0.000123, false) == "0.000123");
  CHECK(FormatDouble(1.5e300, false) == "1.5e+300");
  CHECK(FormatDouble(-1.25e-10, false) == "-1.25e-10");
  CHECK(FormatDouble(9007199254740992.0, false) == "9.007199254740992e+15");
  CHECK(FormatDouble(100.0 / 3, false) == "33.333333333333336");
  CHECK(FormatDouble(-0.0, false) == "-0");
  CHECK(FormatDouble(HUGE_VAL, false) == "Infinity");
  CHECK(FormatDouble(-HUGE_VAL, false) == "-Infinity");
  CHECK(FormatDouble(std::nan(""), false) == "NaN");
}

TEST_CASE("reals print shortest-exact for float precision") {
  CHECK(FormatDouble(static_cast<float>(100.0f / 3), true) == "33.333332");
  CHECK(FormatDouble(1e6f, true) == "1e+06");
  CHECK(FormatDouble(1234567.0f, true) == "1.234567e+06");
  CHECK(FormatDouble(static_cast<float>(0.0001), true) == "0.0001");
  CHECK(FormatDouble(12345.678f, true) == "12345.678");
  CHECK(FormatDouble(static_cast<double>(0.1f), true) == "0.1");
}

TEST_CASE("dates and timestamps print in ISO style with BC and infinity") {
  CHECK(FormatDate(DaysFromCivil(2026, 11, 23)) == "2026-11-23");
  CHECK(FormatDate(DaysFromCivil(0, 12, 31)) == "0001-12-31 BC");
  CHECK(FormatDate(kDateInfinity) == "infinity");
  CHECK(FormatDate(kDateNegInfinity) == "-infinity");
  CHECK(FormatTimestamp(TsMicros(2026, 11, 23, 11, 24, 3, 186188)) == "2026-11-23 11:24:03.186188");
  CHECK(FormatTimestamp(TsMicros(2026, 11, 23, 11, 24, 3, 500000)) == "2026-11-23 11:24:03.5");
  CHECK(FormatTimestamp(TsMicros(2026, 11, 23, 0, 0, 0, 0)) == "2026-11-23 00:00:00");
  CHECK(FormatTimestamp(TsMicros(-56, 3, 15, 12, 0, 0, 0)) == "0057-03-15 12:00:00 BC");
  CHECK(FormatTimestampTz(TsMicros(2000, 1, 1, 0, 0, 0, 1)) == "2000-01-01 00:00:00.000001+00");
  CHECK(FormatTimestamp(TsMicros(1969, 12, 31, 23, 59, 59, 999999)) ==
        "1969-12-31 23:59:59.999999");
  CHECK(FormatTimestamp(kTimestampInfinity) == "infinity");
  CHECK(FormatTimestampTz(kTimestampNegInfinity) == "-infinity");
  CHECK(FormatTime(10 * kMicrosPerHour + 250000) == "10:00:00.25");
  CHECK(FormatTime(24 * kMicrosPerHour) == "24:00:00");
}

TEST_CASE("intervals print in PostgreSQL's postgres style") {
  CHECK(FormatInterval({14, 3, 4 * kMicrosPerHour + 5 * kMicrosPerMinute + 6500000}) ==
        "1 year 2 mons 3 days 04:05:06.5");
  CHECK(FormatInterval({0, -1, 2 * kMicrosPerHour}) == "-1 days +02:00:00");
  CHECK(FormatInterval({0, 0, 0}) == "00:00:00");
  CHECK(FormatInterval({11, 0, 0}) == "11 mons");
  CHECK(FormatInterval({-14, -3, -(4 * kMicrosPerHour + 5 * kMicrosPerMinute + 6500000)}) ==
        "-1 years -2 mons -3 days -04:05:06.5");
  CHECK(FormatInterval({0, 1, -kMicrosPerSecond}) == "1 day -00:00:01");
  CHECK(FormatInterval({0, 0, -kMicrosPerHour}) == "-01:00:00");
  CHECK(FormatInterval({0, 2147483647, 2147483647LL * kMicrosPerSecond + 999999}) ==
        "2147483647 days 596523:14:07.999999");
  CHECK(FormatInterval({1, 1, 0}) == "1 mon 1 day");
  CHECK(FormatInterval({-1, 1, 0}) == "-1 mons +1 day");
}

TEST_CASE("columns print every type like PostgreSQL") {
  Chunk chunk({DataType(TypeId::kBool), DataType(TypeId::kInt16), DataType::Numeric(5, 2),
               DataType(TypeId::kText), DataType(TypeId::kInterval), DataType(TypeId::kFloat32)});
  Decimal d;
  d.unscaled = 1050;
  d.scale = 2;
  chunk.AppendRow({Value::Bool(true), Value::Int(TypeId::kInt16, -7),
                   Value::Dec(d, DataType::Numeric(5, 2)), Value::String("h\xc3\xa9"),
                   Value::Intv({0, 3, 0}), Value::Float(TypeId::kFloat32, 1.5)});
  std::string out;
  for (size_t c = 0; c < chunk.num_columns(); ++c) {
    if (c) out += "|";
    AppendValueText(chunk.columns[c], 0, &out);
  }
  CHECK(out == "t|-7|10.50|h\xc3\xa9|3 days|1.5");
  CHECK(FormatValue(Value::Bool(false)) == "f");
  CHECK(FormatValue(Value::Int(TypeId::kDate, 0)) == "1970-01-01");
}

}  // namespace
}  // namespace kappa
