// PostgreSQL text input (common/value_parse.h), cross-checked against
// PostgreSQL 15: every expected value is what PostgreSQL printed for the SQL
// in the comment (TimeZone UTC, DateStyle ISO, MDY).
#include <doctest/doctest.h>

#include <string>

#include "common/value_format.h"
#include "common/value_parse.h"

namespace kappa {
namespace {

// Parses and prints back: PostgreSQL's text, or "ERROR <sqlstate>: <message>".
std::string Parse(const std::string& text, const DataType& type) {
  auto v = ParseValue(text, type);
  if (!v.ok()) return "ERROR " + v.status().sqlstate() + ": " + v.status().message();
  return FormatValue(*v);
}

TEST_CASE("varchar(n) input fails with 22001 when too long") {
  CHECK(Parse("abcd", DataType::Varchar(3)) ==
        "ERROR 22001: value too long for type character varying(3)");
  CHECK(Parse("h\xc3\xa9llo", DataType::Varchar(5)) == "h\xc3\xa9llo");
}

TEST_CASE("numeric field overflow carries PostgreSQL's detail") {
  auto v = ParseValue("123.456", DataType::Numeric(4, 2));
  REQUIRE_FALSE(v.ok());
  CHECK(v.status().sqlstate() == "22003");
  CHECK(v.status().message() == "numeric field overflow");
  CHECK(v.status().detail() ==
        "A field with precision 4, scale 2 must round to an absolute value less than 10^2.");
  auto w = ParseValue("1", DataType::Numeric(3, 3));
  REQUIRE_FALSE(w.ok());
  CHECK(w.status().detail() ==
        "A field with precision 3, scale 3 must round to an absolute value less than 1.");
}

TEST_CASE("integers parse with PostgreSQL's syntax and range errors") {
  CHECK(Parse("  12 ", DataType(TypeId::kInt32)) == "12");  // '  12 '::int4
  CHECK(Parse("-2147483648", DataType(TypeId::kInt32)) == "-2147483648");  // '-2147483648'::int4
  CHECK(Parse("2147483648", DataType(TypeId::kInt32)) == "ERROR 22003: value \"2147483648\" is out of range for type integer");  // '2147483648'::int4
  CHECK(Parse("99999", DataType(TypeId::kInt16)) == "ERROR 22003: value \"99999\" is out of range for type smallint");  // '99999'::int2
  CHECK(Parse("-32768", DataType(TypeId::kInt16)) == "-32768");  // '-32768'::int2
  CHECK(Parse("abc", DataType(TypeId::kInt32)) == "ERROR 22P02: invalid input syntax for type integer: \"abc\"");  // 'abc'::int4
  CHECK(Parse("1.5", DataType(TypeId::kInt32)) == "ERROR 22P02: invalid input syntax for type integer: \"1.5\"");  // '1.5'::int4
  CHECK(Parse("", DataType(TypeId::kInt32)) == "ERROR 22P02: invalid input syntax for type integer: \"\"");  // ''::int4
  CHECK(Parse("+7", DataType(TypeId::kInt64)) == "7");  // '+7'::int8
  CHECK(Parse("9223372036854775808", DataType(TypeId::kInt64)) == "ERROR 22003: value \"9223372036854775808\" is out of range for type bigint");  // '9223372036854775808'::int8
  CHECK(Parse("-9223372036854775808", DataType(TypeId::kInt64)) == "-9223372036854775808");  // '-9223372036854775808'::int8
  CHECK(Parse("12 34", DataType(TypeId::kInt32)) == "ERROR 22P02: invalid input syntax for type integer: \"12 34\"");  // '12 34'::int4
  CHECK(Parse("0x1F", DataType(TypeId::kInt32)) == "ERROR 22P02: invalid input syntax for type integer: \"0x1F\"");  // '0x1F'::int4
}

TEST_CASE("floats parse and print shortest-exact") {
  CHECK(Parse("0.1", DataType(TypeId::kFloat64)) == "0.1");  // '0.1'::float8
  CHECK(Parse("1e20", DataType(TypeId::kFloat64)) == "1e+20");  // '1e20'::float8
  CHECK(Parse("123456789012345680000", DataType(TypeId::kFloat64)) == "1.2345678901234568e+20");  // '123456789012345680000'::float8
  CHECK(Parse("0.0001", DataType(TypeId::kFloat64)) == "0.0001");  // '0.0001'::float8
  CHECK(Parse("0.00001", DataType(TypeId::kFloat64)) == "1e-05");  // '0.00001'::float8
  CHECK(Parse("1e15", DataType(TypeId::kFloat64)) == "1e+15");  // '1e15'::float8
  CHECK(Parse("123456789012345.6", DataType(TypeId::kFloat64)) == "123456789012345.6");  // '123456789012345.6'::float8
  CHECK(Parse("1e16", DataType(TypeId::kFloat64)) == "1e+16");  // '1e16'::float8
  CHECK(Parse("-0", DataType(TypeId::kFloat64)) == "-0");  // '-0'::float8
  CHECK(Parse("NaN", DataType(TypeId::kFloat64)) == "NaN");  // 'NaN'::float8
  CHECK(Parse("-Infinity", DataType(TypeId::kFloat64)) == "-Infinity");  // '-Infinity'::float8
  CHECK(Parse("inf", DataType(TypeId::kFloat64)) == "Infinity");  // 'inf'::float8
  CHECK(Parse("1e400", DataType(TypeId::kFloat64)) == "ERROR 22003: \"1e400\" is out of range for type double precision");  // '1e400'::float8
  CHECK(Parse("1e-400", DataType(TypeId::kFloat64)) == "ERROR 22003: \"1e-400\" is out of range for type double precision");  // '1e-400'::float8
  CHECK(Parse("abc", DataType(TypeId::kFloat64)) == "ERROR 22P02: invalid input syntax for type double precision: \"abc\"");  // 'abc'::float8
  CHECK(Parse(" 1.5 ", DataType(TypeId::kFloat64)) == "1.5");  // ' 1.5 '::float8
  CHECK(Parse("1e40", DataType(TypeId::kFloat32)) == "ERROR 22003: \"1e40\" is out of range for type real");  // '1e40'::float4
  CHECK(Parse("0.1", DataType(TypeId::kFloat32)) == "0.1");  // '0.1'::float4
  CHECK(Parse("1e6", DataType(TypeId::kFloat32)) == "1e+06");  // '1e6'::float4
  CHECK(Parse("123456", DataType(TypeId::kFloat32)) == "123456");  // '123456'::float4
  CHECK(Parse("1234567", DataType(TypeId::kFloat32)) == "1.234567e+06");  // '1234567'::float4
  CHECK(Parse("3.14159265", DataType(TypeId::kFloat32)) == "3.1415927");  // '3.14159265'::float4
  CHECK(Parse("1.5e-5", DataType(TypeId::kFloat64)) == "1.5e-05");  // '1.5e-5'::float8
  CHECK(Parse("2.5e-7", DataType(TypeId::kFloat32)) == "2.5e-07");  // '2.5e-7'::float4
  CHECK(Parse("100", DataType(TypeId::kFloat64)) == "100");  // '100'::float8
  CHECK(Parse("1.7976931348623157e308", DataType(TypeId::kFloat64)) == "1.7976931348623157e+308");  // '1.7976931348623157e308'::float8
}

TEST_CASE("numerics parse keeping their scale") {
  CHECK(Parse("10.50", DataType::Numeric()) == "10.50");  // '10.50'::numeric
  CHECK(Parse("  -0.001 ", DataType::Numeric()) == "-0.001");  // '  -0.001 '::numeric
  CHECK(Parse("1.50e1", DataType::Numeric()) == "15.0");  // '1.50e1'::numeric
  CHECK(Parse("1e-3", DataType::Numeric()) == "0.001");  // '1e-3'::numeric
  CHECK(Parse(".5", DataType::Numeric()) == "0.5");  // '.5'::numeric
  CHECK(Parse("5.", DataType::Numeric()) == "5");  // '5.'::numeric
  CHECK(Parse("-0", DataType::Numeric()) == "0");  // '-0'::numeric
  CHECK(Parse("0.000", DataType::Numeric()) == "0.000");  // '0.000'::numeric
  CHECK(Parse("abc", DataType::Numeric()) == "ERROR 22P02: invalid input syntax for type numeric: \"abc\"");  // 'abc'::numeric
  CHECK(Parse("1.2.3", DataType::Numeric()) == "ERROR 22P02: invalid input syntax for type numeric: \"1.2.3\"");  // '1.2.3'::numeric
  CHECK(Parse("123.456", DataType::Numeric(4, 2)) == "ERROR 22003: numeric field overflow");  // '123.456'::numeric(4,2)
  CHECK(Parse("12.345", DataType::Numeric(4, 2)) == "12.35");  // '12.345'::numeric(4,2)
  CHECK(Parse("99.995", DataType::Numeric(4, 2)) == "ERROR 22003: numeric field overflow");  // '99.995'::numeric(4,2)
  CHECK(Parse("-12.345", DataType::Numeric(5, 2)) == "-12.35");  // '-12.345'::numeric(5,2)
  CHECK(Parse("0.5", DataType::Numeric(3, 0)) == "1");  // '0.5'::numeric(3,0)
  CHECK(Parse("1000", DataType::Numeric(3, 0)) == "ERROR 22003: numeric field overflow");  // '1000'::numeric(3,0)
  CHECK(Parse("0.001", DataType::Numeric(3, 3)) == "0.001");  // '0.001'::numeric(3,3)
  CHECK(Parse("12345678901234567890.123456789", DataType::Numeric()) == "12345678901234567890.123456789");  // '12345678901234567890.123456789'::numeric
}

TEST_CASE("booleans accept PostgreSQL's spellings") {
  CHECK(Parse("yes", DataType(TypeId::kBool)) == "t");  // 'yes'::bool
  CHECK(Parse(" on ", DataType(TypeId::kBool)) == "t");  // ' on '::bool
  CHECK(Parse("o", DataType(TypeId::kBool)) == "ERROR 22P02: invalid input syntax for type boolean: \"o\"");  // 'o'::bool
  CHECK(Parse("TRUE", DataType(TypeId::kBool)) == "t");  // 'TRUE'::bool
  CHECK(Parse("f", DataType(TypeId::kBool)) == "f");  // 'f'::bool
  CHECK(Parse("0", DataType(TypeId::kBool)) == "f");  // '0'::bool
  CHECK(Parse("of", DataType(TypeId::kBool)) == "f");  // 'of'::bool
  CHECK(Parse("nope", DataType(TypeId::kBool)) == "ERROR 22P02: invalid input syntax for type boolean: \"nope\"");  // 'nope'::bool
}

TEST_CASE("strings parse with varchar length rules") {
  CHECK(Parse("abc", DataType::Varchar(3)) == "abc");  // 'abc'::varchar(3)
  CHECK(Parse("abc  ", DataType::Varchar(3)) == "abc");  // 'abc  '::varchar(3)
}

TEST_CASE("dates parse in ISO, MDY and named-month forms") {
  CHECK(Parse("2020-01-31", DataType(TypeId::kDate)) == "2020-01-31");  // '2020-01-31'::date
  CHECK(Parse("1/8/1999", DataType(TypeId::kDate)) == "1999-01-08");  // '1/8/1999'::date
  CHECK(Parse("Jan 8 1999", DataType(TypeId::kDate)) == "1999-01-08");  // 'Jan 8 1999'::date
  CHECK(Parse("8 Jan 1999", DataType(TypeId::kDate)) == "1999-01-08");  // '8 Jan 1999'::date
  CHECK(Parse("19990108", DataType(TypeId::kDate)) == "1999-01-08");  // '19990108'::date
  CHECK(Parse("2020-02-30", DataType(TypeId::kDate)) == "ERROR 22008: date/time field value out of range: \"2020-02-30\"");  // '2020-02-30'::date
  CHECK(Parse("2020-13-01", DataType(TypeId::kDate)) == "ERROR 22008: date/time field value out of range: \"2020-13-01\"");  // '2020-13-01'::date
  CHECK(Parse("x", DataType(TypeId::kDate)) == "ERROR 22007: invalid input syntax for type date: \"x\"");  // 'x'::date
  CHECK(Parse("4713-11-24 BC", DataType(TypeId::kDate)) == "4713-11-24 BC");  // '4713-11-24 BC'::date
  CHECK(Parse("0001-01-01 BC", DataType(TypeId::kDate)) == "0001-01-01 BC");  // '0001-01-01 BC'::date
  CHECK(Parse("infinity", DataType(TypeId::kDate)) == "infinity");  // 'infinity'::date
  CHECK(Parse("-infinity", DataType(TypeId::kDate)) == "-infinity");  // '-infinity'::date
  CHECK(Parse("epoch", DataType(TypeId::kDate)) == "1970-01-01");  // 'epoch'::date
  CHECK(Parse("2020-01-31 10:00:00", DataType(TypeId::kDate)) == "2020-01-31");  // '2020-01-31 10:00:00'::date
  CHECK(Parse("12020-01-01", DataType(TypeId::kDate)) == "12020-01-01");  // '12020-01-01'::date
  CHECK(Parse("1999-Jan-08", DataType(TypeId::kDate)) == "1999-01-08");  // '1999-Jan-08'::date
  CHECK(Parse("January 8, 1999", DataType(TypeId::kDate)) == "1999-01-08");  // 'January 8, 1999'::date
}

TEST_CASE("times and timestamps parse like PostgreSQL") {
  CHECK(Parse("10:00", DataType(TypeId::kTime)) == "10:00:00");  // '10:00'::time
  CHECK(Parse("10:00:01.5", DataType(TypeId::kTime)) == "10:00:01.5");  // '10:00:01.5'::time
  CHECK(Parse("25:00", DataType(TypeId::kTime)) == "ERROR 22008: date/time field value out of range: \"25:00\"");  // '25:00'::time
  CHECK(Parse("24:00:00", DataType(TypeId::kTime)) == "24:00:00");  // '24:00:00'::time
  CHECK(Parse("10:00 pm", DataType(TypeId::kTime)) == "22:00:00");  // '10:00 pm'::time
  CHECK(Parse("12:30 am", DataType(TypeId::kTime)) == "00:30:00");  // '12:30 am'::time
  CHECK(Parse("2020-01-01 10:00:00", DataType(TypeId::kTime)) == "10:00:00");  // '2020-01-01 10:00:00'::time
  CHECK(Parse("allballs", DataType(TypeId::kTime)) == "00:00:00");  // 'allballs'::time
  CHECK(Parse("2020-01-01 10:00:00", DataType(TypeId::kTimestamp)) == "2020-01-01 10:00:00");  // '2020-01-01 10:00:00'::timestamp
  CHECK(Parse("2020-01-01T10:00:00", DataType(TypeId::kTimestamp)) == "2020-01-01 10:00:00");  // '2020-01-01T10:00:00'::timestamp
  CHECK(Parse("2020-01-01 10:00:00.1234567", DataType(TypeId::kTimestamp)) == "2020-01-01 10:00:00.123457");  // '2020-01-01 10:00:00.1234567'::timestamp
  CHECK(Parse("2020-01-01 10:00:00.9999999", DataType(TypeId::kTimestamp)) == "2020-01-01 10:00:01");  // '2020-01-01 10:00:00.9999999'::timestamp
  CHECK(Parse("2020-01-01", DataType(TypeId::kTimestamp)) == "2020-01-01 00:00:00");  // '2020-01-01'::timestamp
  CHECK(Parse("2020-01-01 10:00:00+02", DataType(TypeId::kTimestamp)) == "2020-01-01 10:00:00");  // '2020-01-01 10:00:00+02'::timestamp
  CHECK(Parse("x", DataType(TypeId::kTimestamp)) == "ERROR 22007: invalid input syntax for type timestamp: \"x\"");  // 'x'::timestamp
  CHECK(Parse("2020-01-01 10:61", DataType(TypeId::kTimestamp)) == "ERROR 22008: date/time field value out of range: \"2020-01-01 10:61\"");  // '2020-01-01 10:61'::timestamp
  CHECK(Parse("epoch", DataType(TypeId::kTimestamp)) == "1970-01-01 00:00:00");  // 'epoch'::timestamp
  CHECK(Parse("infinity", DataType(TypeId::kTimestamp)) == "infinity");  // 'infinity'::timestamp
  CHECK(Parse("0001-01-01 00:00:00 BC", DataType(TypeId::kTimestamp)) == "0001-01-01 00:00:00 BC");  // '0001-01-01 00:00:00 BC'::timestamp
  CHECK(Parse("2020-01-01 10:00:00.000", DataType(TypeId::kTimestamp)) == "2020-01-01 10:00:00");  // '2020-01-01 10:00:00.000'::timestamp
  CHECK(Parse("2020-01-01 10:00:00+02", DataType(TypeId::kTimestampTz)) == "2020-01-01 08:00:00+00");  // '2020-01-01 10:00:00+02'::timestamptz
  CHECK(Parse("2020-01-01T10:00:00Z", DataType(TypeId::kTimestampTz)) == "2020-01-01 10:00:00+00");  // '2020-01-01T10:00:00Z'::timestamptz
  CHECK(Parse("2020-01-01 10:00:00-05:30", DataType(TypeId::kTimestampTz)) == "2020-01-01 15:30:00+00");  // '2020-01-01 10:00:00-05:30'::timestamptz
  CHECK(Parse("2020-01-01 10:00", DataType(TypeId::kTimestampTz)) == "2020-01-01 10:00:00+00");  // '2020-01-01 10:00'::timestamptz
  CHECK(Parse("2020-01-01 10:00:00 UTC", DataType(TypeId::kTimestampTz)) == "2020-01-01 10:00:00+00");  // '2020-01-01 10:00:00 UTC'::timestamptz
  CHECK(Parse("2020-01-01 10:00:00+0530", DataType(TypeId::kTimestampTz)) == "2020-01-01 04:30:00+00");  // '2020-01-01 10:00:00+0530'::timestamptz
  CHECK(Parse("garbage", DataType(TypeId::kTimestampTz)) == "ERROR 22007: invalid input syntax for type timestamp with time zone: \"garbage\"");  // 'garbage'::timestamptz
  CHECK(Parse("1999-01-08 04:05:06 -8:00", DataType(TypeId::kTimestampTz)) == "1999-01-08 12:05:06+00");  // '1999-01-08 04:05:06 -8:00'::timestamptz
}

TEST_CASE("intervals parse in postgres and ISO 8601 forms") {
  CHECK(Parse("1 day 2 hours", DataType(TypeId::kInterval)) == "1 day 02:00:00");  // '1 day 2 hours'::interval
  CHECK(Parse("1.5 years", DataType(TypeId::kInterval)) == "1 year 6 mons");  // '1.5 years'::interval
  CHECK(Parse("1.5 months", DataType(TypeId::kInterval)) == "1 mon 15 days");  // '1.5 months'::interval
  CHECK(Parse("@ 1 day ago", DataType(TypeId::kInterval)) == "-1 days");  // '@ 1 day ago'::interval
  CHECK(Parse("P1Y2M3DT4H5M6.5S", DataType(TypeId::kInterval)) == "1 year 2 mons 3 days 04:05:06.5");  // 'P1Y2M3DT4H5M6.5S'::interval
  CHECK(Parse("PT1H", DataType(TypeId::kInterval)) == "01:00:00");  // 'PT1H'::interval
  CHECK(Parse("1 02:00", DataType(TypeId::kInterval)) == "1 day 02:00:00");  // '1 02:00'::interval
  CHECK(Parse("5", DataType(TypeId::kInterval)) == "00:00:05");  // '5'::interval
  CHECK(Parse("-1 day +02:00", DataType(TypeId::kInterval)) == "-1 days +02:00:00");  // '-1 day +02:00'::interval
  CHECK(Parse("1.5 weeks", DataType(TypeId::kInterval)) == "10 days 12:00:00");  // '1.5 weeks'::interval
  CHECK(Parse("2 hours 30 min", DataType(TypeId::kInterval)) == "02:30:00");  // '2 hours 30 min'::interval
  CHECK(Parse("1h", DataType(TypeId::kInterval)) == "01:00:00");  // '1h'::interval
  CHECK(Parse("3 days", DataType(TypeId::kInterval)) == "3 days");  // '3 days'::interval
  CHECK(Parse("-1 year", DataType(TypeId::kInterval)) == "-1 years");  // '-1 year'::interval
  CHECK(Parse("1 mon", DataType(TypeId::kInterval)) == "1 mon");  // '1 mon'::interval
  CHECK(Parse("00:00:00", DataType(TypeId::kInterval)) == "00:00:00");  // '00:00:00'::interval
  CHECK(Parse("-00:30", DataType(TypeId::kInterval)) == "-00:30:00");  // '-00:30'::interval
  CHECK(Parse("1 year 2 mons 3 days 04:05:06.5", DataType(TypeId::kInterval)) == "1 year 2 mons 3 days 04:05:06.5");  // '1 year 2 mons 3 days 04:05:06.5'::interval
  CHECK(Parse("100 hours", DataType(TypeId::kInterval)) == "100:00:00");  // '100 hours'::interval
  CHECK(Parse("1 day -1 second", DataType(TypeId::kInterval)) == "1 day -00:00:01");  // '1 day -1 second'::interval
  CHECK(Parse("0.5 day", DataType(TypeId::kInterval)) == "12:00:00");  // '0.5 day'::interval
  CHECK(Parse("1 decade", DataType(TypeId::kInterval)) == "10 years");  // '1 decade'::interval
  CHECK(Parse("2 centuries", DataType(TypeId::kInterval)) == "200 years");  // '2 centuries'::interval
  CHECK(Parse("x", DataType(TypeId::kInterval)) == "ERROR 22007: invalid input syntax for type interval: \"x\"");  // 'x'::interval
  CHECK(Parse("1 fortnight", DataType(TypeId::kInterval)) == "ERROR 22007: invalid input syntax for type interval: \"1 fortnight\"");  // '1 fortnight'::interval
  CHECK(Parse("10 ms", DataType(TypeId::kInterval)) == "00:00:00.01");  // '10 ms'::interval
  CHECK(Parse("1.000001 seconds", DataType(TypeId::kInterval)) == "00:00:01.000001");  // '1.000001 seconds'::interval
  CHECK(Parse("1:30", DataType(TypeId::kInterval)) == "01:30:00");  // '1:30'::interval
  CHECK(Parse("-1 days -02:03:04", DataType(TypeId::kInterval)) == "-1 days -02:03:04");  // '-1 days -02:03:04'::interval
  CHECK(Parse("1 week 2 days", DataType(TypeId::kInterval)) == "9 days");  // '1 week 2 days'::interval
}

}  // namespace
}  // namespace kappa
