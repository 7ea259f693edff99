// PostgreSQL text output of values: exactly what PostgreSQL 15 prints with
// DateStyle=ISO, MDY, IntervalStyle=postgres, TimeZone=UTC (timestamptz as
// "2026-11-23 11:24:03.186188+00"), booleans t/f, numerics with their scale
// ("10.50"), floats shortest-exact (extra_float_digits >= 1: "0.1", "1e+20",
// "Infinity", "NaN"; float4 shortest for float), intervals "1 year 2 mons
// 3 days 04:05:06.5".
#pragma once

#include <string>

#include "common/chunk.h"
#include "common/value.h"

namespace kappa {

// Appends the text form of row `row` of `col` (REQUIRES: not NULL).
void AppendValueText(const Column& col, size_t row, std::string* out);
// The text form of `v` (REQUIRES: not NULL).
std::string FormatValue(const Value& v);

// Pieces used by casts and functions.
std::string FormatDecimal(const Decimal& d);
std::string FormatDouble(double v, bool is_float4);
std::string FormatDate(int64_t days);
std::string FormatTime(int64_t micros);
std::string FormatTimestamp(int64_t micros);
std::string FormatTimestampTz(int64_t micros);  // in UTC: "+00"
std::string FormatInterval(const Interval& iv);

}  // namespace kappa
