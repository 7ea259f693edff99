// NUMERIC arithmetic on Decimal (common/value.h) with PostgreSQL's result
// scale rules:
//   a + b, a - b, a % b   scale max(sa, sb)
//   a * b                 scale sa + sb
//   a / b                 PostgreSQL's select_div_scale: at least 16
//                         significant digits, not less than either input's
//                         scale (1/3 = 0.33333333333333333333)
// Rounding is half away from zero (numeric's rule). Values are limited to 38
// significant digits; results that need more integer digits fail with 22003
// ("value overflows numeric format"); results that need more fractional
// digits than fit are rounded to the largest scale that fits (PostgreSQL
// would keep them; this is the one documented divergence).
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "common/status.h"
#include "common/value.h"

namespace kappa {

inline constexpr int kMaxDecimalDigits = 38;

// 10^n for n in [0, 38].
unsigned __int128 DecimalPow10(int n);
// Number of decimal digits of v (1 for 0).
int DecimalDigits(unsigned __int128 v);

// Text form with the value's scale ("10.50", "-0.001", "0").
std::string DecimalToString(const Decimal& d);
// Parses "[+-]digits[.digits][e[+-]n]" with surrounding spaces; 22P02 on bad
// syntax (message names type numeric), 22003 when it does not fit.
Result<Decimal> DecimalFromString(std::string_view text);

Decimal DecimalFromInt(int64_t v);
// float8 -> numeric as PostgreSQL does it (15 significant digits, "%.15g").
// NaN/Infinity fail with 0A000/22003.
Result<Decimal> DecimalFromDouble(double v);
double DecimalToDouble(const Decimal& d);
// Rounds half away from zero to an integer; 22003 "bigint out of range" if
// it does not fit int64.
Result<int64_t> DecimalToInt64(const Decimal& d);

// -1, 0, 1; compares by value (1.0 == 1.00).
int DecimalCompare(const Decimal& a, const Decimal& b);
// Hash-consistent normal form: trailing fractional zeros removed.
Decimal DecimalNormalize(const Decimal& d);

Result<Decimal> DecimalAdd(const Decimal& a, const Decimal& b);
Result<Decimal> DecimalSub(const Decimal& a, const Decimal& b);
Result<Decimal> DecimalMul(const Decimal& a, const Decimal& b);
Result<Decimal> DecimalDiv(const Decimal& a, const Decimal& b);  // 22012 on zero
Result<Decimal> DecimalMod(const Decimal& a, const Decimal& b);  // 22012 on zero
// Integer division (PostgreSQL's div()): truncated quotient, scale 0.
Result<Decimal> DecimalDivTrunc(const Decimal& a, const Decimal& b);
Decimal DecimalNeg(const Decimal& a);
Decimal DecimalAbs(const Decimal& a);

// Changes the scale, rounding half away from zero; 22003 if it no longer fits.
Result<Decimal> DecimalRescale(const Decimal& d, int scale);
// round(d, s) / trunc(d, s): s may be negative; result scale is max(s, 0).
Result<Decimal> DecimalRound(const Decimal& d, int s);
Result<Decimal> DecimalTrunc(const Decimal& d, int s);
Result<Decimal> DecimalCeil(const Decimal& d);
Result<Decimal> DecimalFloor(const Decimal& d);
Decimal DecimalSign(const Decimal& d);

// numeric(p,s) coercion: rounds to scale s and checks that at most p-s
// integer digits remain; 22003 "numeric field overflow" with PostgreSQL's
// detail otherwise. precision < 0 means unconstrained (no-op).
Result<Decimal> DecimalApplyTypmod(const Decimal& d, int precision, int scale);

// Transcendental functions with PostgreSQL's result scales; computed in long
// double, so the last digit may differ from PostgreSQL's exact algorithms.
Result<Decimal> DecimalSqrt(const Decimal& d);
Result<Decimal> DecimalExp(const Decimal& d);
Result<Decimal> DecimalLn(const Decimal& d);
Result<Decimal> DecimalLog(const Decimal& base, const Decimal& x);
Result<Decimal> DecimalPower(const Decimal& base, const Decimal& exp);

}  // namespace kappa
