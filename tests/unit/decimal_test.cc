// NUMERIC arithmetic (common/decimal.h). Expected values are PostgreSQL 15's.
#include <doctest/doctest.h>

#include <string>

#include "common/decimal.h"

namespace kappa {
namespace {

Decimal Dec(const std::string& s) {
  auto d = DecimalFromString(s);
  REQUIRE_MESSAGE(d.ok(), d.status().ToString());
  return *d;
}

std::string Str(const Result<Decimal>& r) {
  if (!r.ok()) return "ERROR " + r.status().sqlstate() + ": " + r.status().message();
  return DecimalToString(r.value());
}

TEST_CASE("decimals parse and print with their scale") {
  CHECK(DecimalToString(Dec("10.50")) == "10.50");
  CHECK(DecimalToString(Dec("-0.001")) == "-0.001");
  CHECK(DecimalToString(Dec("1.50e1")) == "15.0");
  CHECK(DecimalToString(Dec("1e-3")) == "0.001");
  CHECK(DecimalToString(Dec("-0")) == "0");
  CHECK(DecimalToString(Dec("00012.3400")) == "12.3400");
  CHECK(DecimalToString(Dec("99999999999999999999999999999999999999")) ==
        "99999999999999999999999999999999999999");
  CHECK(Str(DecimalFromString("1e40")) == "ERROR 22003: value overflows numeric format");
  CHECK(Str(DecimalFromString("x")) == "ERROR 22P02: invalid input syntax for type numeric: \"x\"");
}

TEST_CASE("decimal arithmetic uses PostgreSQL's result scales") {
  CHECK(Str(DecimalAdd(Dec("10.50"), Dec("0.5"))) == "11.00");
  CHECK(Str(DecimalSub(Dec("1"), Dec("1.000"))) == "0.000");
  CHECK(Str(DecimalMul(Dec("0.1"), Dec("0.25"))) == "0.025");
  CHECK(Str(DecimalDiv(Dec("1"), Dec("3"))) == "0.33333333333333333333");
  CHECK(Str(DecimalDiv(Dec("10.0"), Dec("4"))) == "2.5000000000000000");
  CHECK(Str(DecimalDiv(Dec("100000000"), Dec("3"))) == "33333333.333333333333");
  CHECK(Str(DecimalDiv(Dec("2"), Dec("3.0"))) == "0.66666666666666666667");
  CHECK(Str(DecimalDiv(Dec("1"), Dec("0.001"))) == "1000.0000000000000000");
  CHECK(Str(DecimalDiv(Dec("1"), Dec("0"))) == "ERROR 22012: division by zero");
  CHECK(Str(DecimalMod(Dec("-7.5"), Dec("2"))) == "-1.5");
  CHECK(Str(DecimalDivTrunc(Dec("-7"), Dec("2"))) == "-3");
  CHECK(DecimalCompare(Dec("1.0"), Dec("1.00")) == 0);
  CHECK(DecimalCompare(Dec("-1.5"), Dec("-1.25")) < 0);
  CHECK(DecimalCompare(Dec("12345678901234567890.5"), Dec("12345678901234567890.49")) > 0);
}

TEST_CASE("decimal rounding is half away from zero") {
  CHECK(Str(DecimalRound(Dec("2.5"), 0)) == "3");
  CHECK(Str(DecimalRound(Dec("-2.5"), 0)) == "-3");
  CHECK(Str(DecimalRound(Dec("1.235"), 2)) == "1.24");
  CHECK(Str(DecimalRound(Dec("155"), -1)) == "160");
  CHECK(Str(DecimalTrunc(Dec("-1.99"), 0)) == "-1");
  CHECK(Str(DecimalCeil(Dec("-1.2"))) == "-1");
  CHECK(Str(DecimalFloor(Dec("-1.2"))) == "-2");
  CHECK(DecimalToInt64(Dec("-2.5")).value() == -3);
  CHECK(Str(DecimalApplyTypmod(Dec("1.005"), 5, 2)) == "1.01");
  CHECK(Str(DecimalApplyTypmod(Dec("999.995"), 5, 2)) == "ERROR 22003: numeric field overflow");
}

TEST_CASE("decimal conversions to and from double match PostgreSQL") {
  CHECK(Str(DecimalFromDouble(0.1)) == "0.1");
  CHECK(Str(DecimalFromDouble(1.0 / 3)) == "0.333333333333333");
  CHECK(Str(DecimalFromDouble(1e20)) == "100000000000000000000");
  CHECK(DecimalToDouble(Dec("0.1")) == 0.1);
}

TEST_CASE("decimal transcendental functions use PostgreSQL's scales") {
  CHECK(Str(DecimalSqrt(Dec("2"))) == "1.414213562373095");
  CHECK(Str(DecimalSqrt(Dec("0.0001"))) == "0.01000000000000000");
  CHECK(Str(DecimalExp(Dec("1"))) == "2.7182818284590452");
  CHECK(Str(DecimalLn(Dec("2"))) == "0.6931471805599453");
  CHECK(Str(DecimalLn(Dec("1.0001"))) == "0.00009999500033330834");
  CHECK(Str(DecimalPower(Dec("2"), Dec("64"))) ==
        "18446744073709551616.0000000000000000");
  CHECK(Str(DecimalPower(Dec("12345.678"), Dec("2"))) == "152415765.2796840000000000");
}

}  // namespace
}  // namespace kappa
