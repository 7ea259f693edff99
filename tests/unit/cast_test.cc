// Casts (executor/cast.h), cross-checked against PostgreSQL 15: every
// expected value is what PostgreSQL printed for the SQL in the comment.
// Test helpers: a miniature binder that builds bound expressions the way
// sql/binder does (resolving functions and inserting the implicit casts),
// and runs them through the expression evaluator.
#include <doctest/doctest.h>

#include <string>
#include <vector>

#include "common/decimal.h"
#include "common/value_format.h"
#include "common/value_parse.h"
#include "executor/cast.h"
#include "executor/expression_evaluator.h"
#include "executor/function_registry.h"
#include "sql/bound_expr.h"

#include "tests/unit/function_test_util.h"

namespace kappa {
namespace {

TEST_CASE("assignment casts to varchar(n) fail where explicit casts truncate") {
  CHECK(Run(CastTo(S("abcdef"), DataType::Varchar(3), /*explicit_cast=*/false)) ==
        "ERROR 22001: value too long for type character varying(3)");
  CHECK(Run(CastTo(S("abc   "), DataType::Varchar(3), /*explicit_cast=*/false)) == "abc");
  CHECK(Run(CastTo(S("abcdef"), DataType::Varchar(3), /*explicit_cast=*/true)) == "abc");
}

TEST_CASE("CanCast follows PostgreSQL's cast contexts") {
  auto t = [](TypeId id) { return DataType(id); };
  CHECK(CanCast(t(TypeId::kInt32), t(TypeId::kNumeric), CastContext::kImplicit));
  CHECK(CanCast(t(TypeId::kNumeric), t(TypeId::kFloat64), CastContext::kImplicit));
  CHECK_FALSE(CanCast(t(TypeId::kFloat64), t(TypeId::kNumeric), CastContext::kImplicit));
  CHECK(CanCast(t(TypeId::kFloat64), t(TypeId::kNumeric), CastContext::kAssignment));
  CHECK_FALSE(CanCast(t(TypeId::kInt64), t(TypeId::kInt32), CastContext::kImplicit));
  CHECK(CanCast(t(TypeId::kInt64), t(TypeId::kInt32), CastContext::kAssignment));
  CHECK_FALSE(CanCast(t(TypeId::kText), t(TypeId::kInt32), CastContext::kAssignment));
  CHECK(CanCast(t(TypeId::kText), t(TypeId::kInt32), CastContext::kExplicit));
  CHECK(CanCast(t(TypeId::kUnknown), t(TypeId::kInt32), CastContext::kImplicit));
  CHECK(CanCast(t(TypeId::kInt32), t(TypeId::kText), CastContext::kAssignment));
  CHECK_FALSE(CanCast(t(TypeId::kInt32), t(TypeId::kText), CastContext::kImplicit));
  CHECK_FALSE(CanCast(t(TypeId::kBool), t(TypeId::kInt64), CastContext::kExplicit));
  CHECK(CanCast(t(TypeId::kBool), t(TypeId::kInt32), CastContext::kExplicit));
  CHECK(CanCast(t(TypeId::kDate), t(TypeId::kTimestampTz), CastContext::kImplicit));
  CHECK_FALSE(CanCast(t(TypeId::kTimestampTz), t(TypeId::kDate), CastContext::kImplicit));
  CHECK_FALSE(CanCast(t(TypeId::kDate), t(TypeId::kInt32), CastContext::kExplicit));
}

TEST_CASE("CommonType picks PostgreSQL's common type or fails with 42804") {
  auto t = [](TypeId id) { return DataType(id); };
  CHECK(CommonType({t(TypeId::kInt32), t(TypeId::kNumeric)}, "CASE")->id == TypeId::kNumeric);
  CHECK(CommonType({t(TypeId::kInt32), t(TypeId::kInt64)}, "CASE")->id == TypeId::kInt64);
  CHECK(CommonType({t(TypeId::kNumeric), t(TypeId::kFloat64)}, "CASE")->id == TypeId::kFloat64);
  CHECK(CommonType({t(TypeId::kUnknown), t(TypeId::kUnknown)}, "CASE")->id == TypeId::kText);
  CHECK(CommonType({t(TypeId::kUnknown), t(TypeId::kInt32)}, "CASE")->id == TypeId::kInt32);
  // Order matters as in PostgreSQL: the first non-unknown input wins a tie.
  CHECK(CommonType({t(TypeId::kText), DataType::Varchar(3)}, "CASE")->id == TypeId::kText);
  CHECK(CommonType({DataType::Varchar(3), t(TypeId::kText)}, "CASE")->id == TypeId::kVarchar);
  CHECK(CommonType({DataType::Varchar(3), DataType::Varchar(5)}, "CASE").value() == DataType::Varchar());
  CHECK(CommonType({DataType::Numeric(10, 2), DataType::Numeric(10, 2)}, "CASE").value() ==
        DataType::Numeric(10, 2));
  CHECK(CommonType({t(TypeId::kDate), t(TypeId::kTimestamp)}, "CASE")->id == TypeId::kTimestamp);
  auto bad = CommonType({t(TypeId::kInt32), t(TypeId::kText)}, "CASE");
  REQUIRE_FALSE(bad.ok());
  CHECK(bad.status().sqlstate() == "42804");
  CHECK(bad.status().message() == "CASE types integer and text cannot be matched");
}

TEST_CASE("numeric casts round like PostgreSQL") {
  CHECK(Run(CastTo(F("1.5"), DataType(TypeId::kInt32))) == "2");  // 1.5::float8::int4
  CHECK(Run(CastTo(F("2.5"), DataType(TypeId::kInt32))) == "2");  // 2.5::float8::int4
  CHECK(Run(CastTo(F("-2.5"), DataType(TypeId::kInt32))) == "-2");  // (-2.5)::float8::int4
  CHECK(Run(CastTo(N("2.5"), DataType(TypeId::kInt32))) == "3");  // 2.5::numeric::int4
  CHECK(Run(CastTo(N("-2.5"), DataType(TypeId::kInt32))) == "-3");  // (-2.5)::numeric::int4
  CHECK(Run(CastTo(F4("2.5"), DataType(TypeId::kInt32))) == "2");  // 2.5::float4::int4
  CHECK(Run(CastTo(F("NaN"), DataType(TypeId::kInt32))) == "ERROR 22003: integer out of range");  // 'NaN'::float8::int4
  CHECK(Run(CastTo(I8(3000000000), DataType(TypeId::kInt32))) == "ERROR 22003: integer out of range");  // 3000000000::int8::int4
  CHECK(Run(CastTo(I(70000), DataType(TypeId::kInt16))) == "ERROR 22003: smallint out of range");  // 70000::int4::int2
  CHECK(Run(CastTo(N("99999999999999999999"), DataType(TypeId::kInt64))) == "ERROR 22003: bigint out of range");  // 99999999999999999999::numeric::int8
  CHECK(Run(CastTo(N("99999999999"), DataType(TypeId::kInt32))) == "ERROR 22003: integer out of range");  // 99999999999::numeric::int4
  CHECK(Run(CastTo(F("1e10"), DataType(TypeId::kFloat32))) == "1e+10");  // 1e10::float8::float4
  CHECK(Run(CastTo(F("1e300"), DataType(TypeId::kFloat32))) == "ERROR 22003: value out of range: overflow");  // 1e300::float8::float4
  CHECK(Run(CastTo(F("1e-300"), DataType(TypeId::kFloat32))) == "ERROR 22003: value out of range: underflow");  // 1e-300::float8::float4
  CHECK(Run(CastTo(F4("0.1"), DataType(TypeId::kFloat64))) == "0.10000000149011612");  // 0.1::float4::float8
  CHECK(Run(CastTo(F4("1.23456789"), DataType::Numeric())) == "1.23457");  // 1.23456789::float4::numeric
  CHECK(Run(CastTo(F("0.1"), DataType::Numeric())) == "0.1");  // 0.1::float8::numeric
  CHECK(Run(CastTo(Op("/", F("1"), F("3")), DataType::Numeric())) == "0.333333333333333");  // (1::float8/3)::numeric
  CHECK(Run(CastTo(F("1e20"), DataType::Numeric())) == "100000000000000000000");  // 1e20::float8::numeric
  CHECK(Run(CastTo(N("1.005"), DataType::Numeric(5, 2))) == "1.01");  // 1.005::numeric(5,2)
  CHECK(Run(CastTo(N("-1.005"), DataType::Numeric(5, 2))) == "-1.01");  // (-1.005)::numeric(5,2)
  CHECK(Run(CastTo(N("999.995"), DataType::Numeric(5, 2))) == "ERROR 22003: numeric field overflow");  // 999.995::numeric(5,2)
  CHECK(Run(CastTo(I(12345), DataType::Numeric(4, 0))) == "ERROR 22003: numeric field overflow");  // 12345::numeric(4,0)
  CHECK(Run(CastTo(N("0.12345678901234567890123"), DataType(TypeId::kFloat64))) == "0.12345678901234568");  // 0.12345678901234567890123::float8
  CHECK(Run(CastTo(N("3.14"), DataType(TypeId::kFloat32))) == "3.14");  // 3.14::numeric::float4
  CHECK(Run(CastTo(I(7), DataType::Numeric(5, 2))) == "7.00");  // 7::numeric(5,2)
  CHECK(Run(CastTo(I8(9007199254740993), DataType(TypeId::kFloat64))) == "9.007199254740992e+15");  // 9007199254740993::int8::float8
}

TEST_CASE("boolean and string casts follow PostgreSQL") {
  CHECK(Run(CastTo(B(true), DataType(TypeId::kInt32))) == "1");  // true::int4
  CHECK(Run(CastTo(I(0), DataType(TypeId::kBool))) == "f");  // 0::bool
  CHECK(Run(CastTo(I(-5), DataType(TypeId::kBool))) == "t");  // (-5)::bool
  CHECK(Run(CastTo(B(true), DataType(TypeId::kText))) == "true");  // true::text
  CHECK(Run(CastTo(S("abcdef"), DataType::Varchar(3))) == "abc");  // 'abcdef'::text::varchar(3)
  CHECK(Run(CastTo(I(12345), DataType::Varchar(3))) == "123");  // 12345::varchar(3)
  CHECK(Run(CastTo(N("10.50"), DataType(TypeId::kText))) == "10.50");  // 10.50::text
  CHECK(Run(CastTo(F("1e20"), DataType(TypeId::kText))) == "1e+20");  // 1e20::float8::text
  CHECK(Run(CastTo(Iv("-1 days 02:00"), DataType(TypeId::kText))) == "-1 days +02:00:00");  // interval '-1 days 02:00'::text
  CHECK(Run(CastTo(U(" 42 "), DataType(TypeId::kInt32))) == "42");  // ' 42 '::int4
  CHECK(Run(CastTo(S("4x"), DataType(TypeId::kInt32))) == "ERROR 22P02: invalid input syntax for type integer: \"4x\"");  // '4x'::text::int4
  CHECK(Run(CastTo(S("2020-01-01"), DataType(TypeId::kDate))) == "2020-01-01");  // '2020-01-01'::text::date
  CHECK(Run(CastTo(S("t"), DataType(TypeId::kBool))) == "t");  // 't'::text::bool
  CHECK(Run(CastTo(Tz("2020-01-01 10:00+00"), DataType(TypeId::kText))) == "2020-01-01 10:00:00+00");  // timestamptz '2020-01-01 10:00+00'::text
}

TEST_CASE("datetime casts follow PostgreSQL") {
  CHECK(Run(CastTo(Ts("2020-01-01 23:59:59.9"), DataType(TypeId::kDate))) == "2020-01-01");  // timestamp '2020-01-01 23:59:59.9'::date
  CHECK(Run(CastTo(D("2020-01-01"), DataType(TypeId::kTimestamp))) == "2020-01-01 00:00:00");  // date '2020-01-01'::timestamp
  CHECK(Run(CastTo(D("2020-01-01"), DataType(TypeId::kTimestampTz))) == "2020-01-01 00:00:00+00");  // date '2020-01-01'::timestamptz
  CHECK(Run(CastTo(Tz("2020-01-01 10:00+02"), DataType(TypeId::kTimestamp))) == "2020-01-01 08:00:00");  // timestamptz '2020-01-01 10:00+02'::timestamp
  CHECK(Run(CastTo(Ts("2020-01-01 10:30:15.25"), DataType(TypeId::kTime))) == "10:30:15.25");  // timestamp '2020-01-01 10:30:15.25'::time
  CHECK(Run(CastTo(Iv("-1 hour"), DataType(TypeId::kTime))) == "23:00:00");  // interval '-1 hour'::time
  CHECK(Run(CastTo(Iv("25 hours"), DataType(TypeId::kTime))) == "01:00:00");  // interval '25 hours'::time
  CHECK(Run(CastTo(Tm("10:00"), DataType(TypeId::kInterval))) == "10:00:00");  // time '10:00'::interval
  CHECK(Run(CastTo(Ts("1960-06-01 10:00"), DataType(TypeId::kDate))) == "1960-06-01");  // timestamp '1960-06-01 10:00'::date
  CHECK(Run(CastTo(D("infinity"), DataType(TypeId::kTimestamp))) == "infinity");  // date 'infinity'::timestamp
  CHECK(Run(CastTo(Ts("-infinity"), DataType(TypeId::kDate))) == "-infinity");  // timestamp '-infinity'::date
}

}  // namespace
}  // namespace kappa
