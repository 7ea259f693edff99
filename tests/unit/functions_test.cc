// Scalar functions and operators, cross-checked against PostgreSQL 15: every
// expected value below is what PostgreSQL printed for the SQL in the comment.
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

TEST_CASE("integer arithmetic follows PostgreSQL overflow and division rules") {
  CHECK(Run(Op("+", I(1), I(2))) == "3");  // 1 + 2
  CHECK(Run(Op("-", I(1), I(5))) == "-4");  // 1 - 5
  CHECK(Run(Op("*", I(6), I(7))) == "42");  // 6 * 7
  CHECK(Run(Op("/", I(7), I(2))) == "3");  // 7 / 2
  CHECK(Run(Op("/", I(-7), I(2))) == "-3");  // -7 / 2
  CHECK(Run(Op("%", I(-7), I(3))) == "-1");  // -7 % 3
  CHECK(Run(Op("%", I(7), I(-3))) == "1");  // 7 % -3
  CHECK(Run(Op("/", I(1), I(0))) == "ERROR 22012: division by zero");  // 1 / 0
  CHECK(Run(Op("%", I(5), I(0))) == "ERROR 22012: division by zero");  // 5 % 0
  CHECK(Run(Op("+", I(2147483647), I(1))) == "ERROR 22003: integer out of range");  // 2147483647 + 1
  CHECK(Run(Op("*", I(65536), I(65536))) == "ERROR 22003: integer out of range");  // 65536 * 65536
  CHECK(Run(Op("/", I(-2147483647 - 1), I(-1))) == "ERROR 22003: integer out of range");  // (-2147483648)::int4 / -1
  CHECK(Run(Op("+", I2(32767), I2(1))) == "ERROR 22003: smallint out of range");  // 32767::int2 + 1::int2
  CHECK(Run(Op("+", I2(32767), I(1))) == "32768");  // 32767::int2 + 1
  CHECK(Run(Op("*", I8(9223372036854775807), I8(2))) == "ERROR 22003: bigint out of range");  // 9223372036854775807::int8 * 2::int8
  CHECK(Run(Op("+", I(2147483647), I8(1))) == "2147483648");  // 2147483647 + 1::int8
  CHECK(Run(Op("%", I8(INT64_MIN), I8(-1))) == "0");  // (-9223372036854775808)::int8 % -1::int8
  CHECK(Run(Op("neg", I(-2147483647 - 1))) == "ERROR 22003: integer out of range");  // -((-2147483648)::int4)
  CHECK(Run(Op("neg", I(5))) == "-5");  // -(5)
  CHECK(Run(Call("abs", I2(-32768))) == "ERROR 22003: smallint out of range");  // abs((-32768)::int2)
  CHECK(Run(Call("abs", I(-5))) == "5");  // abs(-5)
  CHECK(Run(Call("mod", I(-7), I(3))) == "-1");  // mod(-7, 3)
}

TEST_CASE("numeric arithmetic keeps PostgreSQL's result scales") {
  CHECK(Run(Op("/", I(1), N("3"))) == "0.33333333333333333333");  // 1 / 3::numeric
  CHECK(Run(Op("/", N("10.0"), I(4))) == "2.5000000000000000");  // 10.0 / 4
  CHECK(Run(Op("/", N("1.0"), N("3.0"))) == "0.33333333333333333333");  // 1.0 / 3.0
  CHECK(Run(Op("/", N("100000000"), I(3))) == "33333333.333333333333");  // 100000000::numeric / 3
  CHECK(Run(Op("/", I(2), N("3.0"))) == "0.66666666666666666667");  // 2 / 3.0
  CHECK(Run(Op("/", I(1), N("0.001"))) == "1000.0000000000000000");  // 1 / 0.001
  CHECK(Run(Op("/", N("123456789.123"), N("0.07"))) == "1763668416.04285714");  // 123456789.123 / 0.07
  CHECK(Run(Op("/", N("0.000001"), N("7"))) == "0.000000142857142857142857");  // 0.000001 / 7
  CHECK(Run(Op("/", N("-5"), N("3"))) == "-1.6666666666666667");  // -5::numeric / 3
  CHECK(Run(Op("/", N("2.50"), N("0"))) == "ERROR 22012: division by zero");  // 2.50 / 0
  CHECK(Run(Op("*", N("0.1"), N("0.25"))) == "0.025");  // 0.1 * 0.25
  CHECK(Run(Op("*", N("1.50"), I(3))) == "4.50");  // 1.50 * 3
  CHECK(Run(Op("+", N("10.50"), N("0.5"))) == "11.00");  // 10.50 + 0.5
  CHECK(Run(Op("-", N("1"), N("1.000"))) == "0.000");  // 1 - 1.000
  CHECK(Run(Op("%", N("10.0"), I(3))) == "1.0");  // 10.0 % 3
  CHECK(Run(Op("%", N("7.5"), N("-2"))) == "1.5");  // 7.5 % -2
  CHECK(Run(Op("%", N("-7.5"), N("2"))) == "-1.5");  // -7.5 % 2
  CHECK(Run(Op("+", I(1), N("0.5"))) == "1.5");  // 1 + 0.5
  CHECK(Run(Op("*", N("99999999999999999999"), N("99999999999999999"))) == "9999999999999999899900000000000000001");  // 99999999999999999999 * 99999999999999999
  CHECK(Run(Op("neg", N("1.50"))) == "-1.50");  // -(1.50)
  CHECK(Run(Op("^", N("2"), N("10"))) == "1024.0000000000000000");  // 2::numeric ^ 10
  CHECK(Run(Op("^", N("2"), N("0.5"))) == "1.4142135623730950");  // 2::numeric ^ 0.5
  CHECK(Run(Op("^", N("1.5"), N("2"))) == "2.2500000000000000");  // 1.5::numeric ^ 2
  CHECK(Run(Op("^", N("0.5"), N("10"))) == "0.0009765625000000");  // 0.5::numeric ^ 10
  CHECK(Run(Op("^", N("2"), N("-2"))) == "0.2500000000000000");  // 2::numeric ^ -2
  CHECK(Run(Op("^", N("100"), N("0.5"))) == "10.000000000000000");  // 100::numeric ^ 0.5
  CHECK(Run(Op("^", N("0"), N("-1"))) == "ERROR 2201F: zero raised to a negative power is undefined");  // 0::numeric ^ -1
  CHECK(Run(Call("div", N("7"), N("2"))) == "3");  // div(7, 2)
  CHECK(Run(Call("mod", N("7.5"), N("2"))) == "1.5");  // mod(7.5, 2)
}

TEST_CASE("numeric functions round half away from zero") {
  CHECK(Run(Call("round", N("2.5"))) == "3");  // round(2.5)
  CHECK(Run(Call("round", N("-2.5"))) == "-3");  // round(-2.5)
  CHECK(Run(Call("round", N("1.2345"), I(2))) == "1.23");  // round(1.2345, 2)
  CHECK(Run(Call("round", N("1.235"), I(2))) == "1.24");  // round(1.235, 2)
  CHECK(Run(Call("round", N("123.4"), I(-1))) == "120");  // round(123.4, -1)
  CHECK(Run(Call("round", N("155"), I(-1))) == "160");  // round(155, -1)
  CHECK(Run(Call("round", N("1.5"), I(5))) == "1.50000");  // round(1.5, 5)
  CHECK(Run(Call("trunc", N("-1.99"))) == "-1");  // trunc(-1.99)
  CHECK(Run(Call("trunc", N("1.999"), I(2))) == "1.99");  // trunc(1.999, 2)
  CHECK(Run(Call("trunc", N("1999"), I(-2))) == "1900");  // trunc(1999, -2)
  CHECK(Run(Call("ceil", N("1.2"))) == "2");  // ceil(1.2)
  CHECK(Run(Call("ceil", N("-1.2"))) == "-1");  // ceil(-1.2)
  CHECK(Run(Call("ceiling", N("-0.5"))) == "0");  // ceiling(-0.5)
  CHECK(Run(Call("floor", N("-1.2"))) == "-2");  // floor(-1.2)
  CHECK(Run(Call("floor", N("1.00"))) == "1");  // floor(1.00)
  CHECK(Run(Call("abs", N("-1.50"))) == "1.50");  // abs(-1.50)
  CHECK(Run(Call("sign", N("-3.5"))) == "-1");  // sign(-3.5)
  CHECK(Run(Call("sign", N("0.0"))) == "0");  // sign(0.0)
  CHECK(Run(Call("sqrt", N("2"))) == "1.414213562373095");  // sqrt(2::numeric)
  CHECK(Run(Call("sqrt", N("100"))) == "10.000000000000000");  // sqrt(100::numeric)
  CHECK(Run(Call("sqrt", N("1000000"))) == "1000.0000000000000");  // sqrt(1000000::numeric)
  CHECK(Run(Call("sqrt", N("0.0001"))) == "0.01000000000000000");  // sqrt(0.0001)
  CHECK(Run(Call("sqrt", N("2.00000"))) == "1.414213562373095");  // sqrt(2.00000)
  CHECK(Run(Call("sqrt", N("-1"))) == "ERROR 2201F: cannot take square root of a negative number");  // sqrt(-1::numeric)
  CHECK(Run(Call("exp", N("1"))) == "2.7182818284590452");  // exp(1::numeric)
  CHECK(Run(Call("exp", N("10"))) == "22026.465794806717");  // exp(10::numeric)
  CHECK(Run(Call("ln", N("10"))) == "2.3025850929940457");  // ln(10::numeric)
  CHECK(Run(Call("ln", N("2"))) == "0.6931471805599453");  // ln(2::numeric)
  CHECK(Run(Call("ln", N("1000000"))) == "13.815510557964274");  // ln(1000000::numeric)
  CHECK(Run(Call("ln", N("0"))) == "ERROR 2201E: cannot take logarithm of zero");  // ln(0::numeric)
  CHECK(Run(Call("log", N("100"))) == "2.0000000000000000");  // log(100::numeric)
  CHECK(Run(Call("log", N("2"), N("8"))) == "3.0000000000000000");  // log(2, 8::numeric)
  CHECK(Run(Call("log10", N("1000"))) == "3.0000000000000000");  // log10(1000::numeric)
}

TEST_CASE("float arithmetic raises like PostgreSQL and prints shortest-exact") {
  CHECK(Run(Op("/", F("1"), F("3"))) == "0.3333333333333333");  // 1::float8 / 3
  CHECK(Run(Op("/", F("1"), F("0"))) == "ERROR 22012: division by zero");  // 1::float8 / 0
  CHECK(Run(Op("/", F("0"), F("0"))) == "ERROR 22012: division by zero");  // 0::float8 / 0
  CHECK(Run(Op("*", F("1e308"), F("10"))) == "ERROR 22003: value out of range: overflow");  // 1e308::float8 * 10
  CHECK(Run(Op("*", F("1e-300"), F("1e-300"))) == "ERROR 22003: value out of range: underflow");  // 1e-300::float8 * 1e-300::float8
  CHECK(Run(Op("+", F("Infinity"), F("1"))) == "Infinity");  // 'Infinity'::float8 + 1
  CHECK(Run(Op("-", F("Infinity"), F("Infinity"))) == "NaN");  // 'Infinity'::float8 - 'Infinity'::float8
  CHECK(Run(Op("+", F("0.1"), F("0.2"))) == "0.30000000000000004");  // 0.1::float8 + 0.2::float8
  CHECK(Run(Op("+", I(1), F("0.5"))) == "1.5");  // 1 + 0.5::float8
  CHECK(Run(Op("*", N("1.5"), F("2"))) == "3");  // 1.5 * 2::float8
  CHECK(Run(Op("/", F4("100"), F4("3"))) == "33.333332");  // 100::float4 / 3::float4
  CHECK(Run(Op("+", F4("1.1"), F("1"))) == "2.100000023841858");  // 1.1::float4 + 1::float8
  CHECK(Run(Op("^", F("2"), F("0.5"))) == "1.4142135623730951");  // 2::float8 ^ 0.5::float8
  CHECK(Run(Op("^", I(2), I(3))) == "8");  // 2 ^ 3
  CHECK(Run(Op("^", F("-8"), F("0.5"))) == "ERROR 2201F: a negative number raised to a non-integer power yields a complex result");  // (-8)::float8 ^ 0.5::float8
  CHECK(Run(Op("^", F("0"), F("-1"))) == "ERROR 2201F: zero raised to a negative power is undefined");  // 0::float8 ^ -1::float8
  CHECK(Run(Call("round", F("2.5"))) == "2");  // round(2.5::float8)
  CHECK(Run(Call("round", F("3.5"))) == "4");  // round(3.5::float8)
  CHECK(Run(Call("round", F("-2.5"))) == "-2");  // round(-2.5::float8)
  CHECK(Run(Call("round", I(5))) == "5");  // round(5)
  CHECK(Run(Call("trunc", F("2.7"))) == "2");  // trunc(2.7::float8)
  CHECK(Run(Call("ceil", F("2.1"))) == "3");  // ceil(2.1::float8)
  CHECK(Run(Call("floor", F("-2.1"))) == "-3");  // floor(-2.1::float8)
  CHECK(Run(Call("sign", F("-2.5"))) == "-1");  // sign(-2.5::float8)
  CHECK(Run(Call("sqrt", F("2"))) == "1.4142135623730951");  // sqrt(2::float8)
  CHECK(Run(Call("sqrt", I(16))) == "4");  // sqrt(16)
  CHECK(Run(Call("sqrt", F("-1"))) == "ERROR 2201F: cannot take square root of a negative number");  // sqrt(-1::float8)
  CHECK(Run(Call("exp", F("1"))) == "2.718281828459045");  // exp(1::float8)
  CHECK(Run(Call("ln", F("10"))) == "2.302585092994046");  // ln(10::float8)
  CHECK(Run(Call("ln", F("0"))) == "ERROR 2201E: cannot take logarithm of zero");  // ln(0::float8)
  CHECK(Run(Call("log", F("100"))) == "2");  // log(100::float8)
  CHECK(Run(Call("log10", F("1000"))) == "3");  // log10(1000::float8)
  CHECK(Run(Call("pi")) == "3.141592653589793");  // pi()
  CHECK(Run(Call("degrees", Call("pi"))) == "180");  // degrees(pi())
  CHECK(Run(Call("abs", F("-5.5"))) == "5.5");  // abs(-5.5::float8)
  CHECK(Run(Call("power", I(2), I(10))) == "1024");  // power(2, 10)
  CHECK(Run(Call("atan2", F("1"), F("1"))) == "0.7853981633974483");  // atan2(1, 1)
}

TEST_CASE("comparisons coerce to a common type and propagate NULL") {
  CHECK(Run(Op("=", I(1), N("1.0"))) == "t");  // 1 = 1.0
  CHECK(Run(Op("<", I(1), F("1.5"))) == "t");  // 1 < 1.5::float8
  CHECK(Run(Op("=", I(5), U("5"))) == "t");  // 5 = '5'
  CHECK(Run(Op("=", I(5), U("abc"))) == "ERROR 22P02: invalid input syntax for type integer: \"abc\"");  // 5 = 'abc'
  CHECK(Run(Op("<", U("abc"), U("abd"))) == "t");  // 'abc' < 'abd'
  CHECK(Run(Op("<", S("Z"), S("a"))) == "t");  // 'Z'::text < 'a'::text COLLATE "C"
  CHECK(Run(Op("=", S("a"), Null())) == "NULL");  // 'a'::text = NULL
  CHECK(Run(Op("<>", I2(1), I8(2))) == "t");  // 1::int2 <> 2::int8
  CHECK(Run(Op(">=", D("2020-01-02"), Ts("2020-01-01 10:00"))) == "t");  // date '2020-01-02' >= timestamp '2020-01-01 10:00'
  CHECK(Run(Op("=", Ts("2020-01-01"), Tz("2020-01-01 00:00+00"))) == "t");  // timestamp '2020-01-01' = timestamptz '2020-01-01 00:00+00'
  CHECK(Run(Op("=", Iv("1 mon"), Iv("30 days"))) == "t");  // interval '1 mon' = interval '30 days'
  CHECK(Run(Op("<", Iv("1 day"), Iv("25 hours"))) == "t");  // interval '1 day' < interval '25 hours'
  CHECK(Run(Op("=", F("NaN"), F("NaN"))) == "t");  // 'NaN'::float8 = 'NaN'::float8
  CHECK(Run(Op(">", F("NaN"), F("Infinity"))) == "t");  // 'NaN'::float8 > 'Infinity'::float8
  CHECK(Run(Op("=", B(true), B(true))) == "t");  // true = true
  CHECK(Run(Op("<", B(false), B(true))) == "t");  // false < true
  CHECK(Run(Op("+", I(1), S("a"))) == "ERROR 42883: operator does not exist: integer + text");  // 1 + 'a'::text
  CHECK(Run(Op("=", I(1), S("1"))) == "ERROR 42883: operator does not exist: integer = text");  // 1 = '1'::text
  CHECK(Run(Call("greatest", I(1), N("2.5"), Null())) == "2.5");  // greatest(1, 2.5, NULL)
  CHECK(Run(Call("least", U("b"), U("a"))) == "a");  // least('b', 'a')
  CHECK(Run(Call("greatest", Null(), Null())) == "NULL");  // greatest(NULL, NULL)
  CHECK(Run(Call("greatest", I(1), S("a"))) == "ERROR 42804: GREATEST types integer and text cannot be matched");  // greatest(1, 'a'::text)
  CHECK(Run(Call("nullif", I(1), I(1))) == "NULL");  // nullif(1, 1)
  CHECK(Run(Call("nullif", I(1), I(2))) == "1");  // nullif(1, 2)
}

TEST_CASE("string functions match PostgreSQL") {
  CHECK(Run(Op("||", U("abc"), U("def"))) == "abcdef");  // 'abc' || 'def'
  CHECK(Run(Op("||", U("a"), I(1))) == "a1");  // 'a' || 1
  CHECK(Run(Op("||", I(1), U("a"))) == "1a");  // 1 || 'a'
  CHECK(Run(Op("||", S("a"), Null(TypeId::kText))) == "NULL");  // 'a'::text || NULL::text
  CHECK(Run(Op("||", I(1), I(2))) == "ERROR 42883: operator does not exist: integer || integer");  // 1 || 2
  CHECK(Run(Op("||", S("x"), D("2020-01-02"))) == "x2020-01-02");  // 'x'::text || date '2020-01-02'
  CHECK(Run(Call("lower", U("HeLLo"))) == "hello");  // lower('HeLLo')
  CHECK(Run(Call("upper", U("hello"))) == "HELLO");  // upper('hello')
  CHECK(Run(Call("lower", I(1))) == "ERROR 42883: function lower(integer) does not exist");  // lower(1)
  CHECK(Run(Call("length", U("hÃ©llo"))) == "6");  // length('hÃ©llo')
  CHECK(Run(Call("octet_length", U("hÃ©llo"))) == "8");  // octet_length('hÃ©llo')
  CHECK(Run(Call("char_length", U(""))) == "0");  // char_length('')
  CHECK(Run(Call("substring", U("hello"), I(2), I(3))) == "ell");  // substring('hello', 2, 3)
  CHECK(Run(Call("substr", U("hello"), I(0), I(3))) == "he");  // substr('hello', 0, 3)
  CHECK(Run(Call("substr", U("hello"), I(-1), I(3))) == "h");  // substr('hello', -1, 3)
  CHECK(Run(Call("substr", U("hello"), I(2))) == "ello");  // substr('hello', 2)
  CHECK(Run(Call("substr", U("hello"), I(10))) == "");  // substr('hello', 10)
  CHECK(Run(Call("substr", U("hÃ©llo"), I(2), I(2))) == "Ã©");  // substr('hÃ©llo', 2, 2)
  CHECK(Run(Call("substr", U("hello"), I(1), I(-1))) == "ERROR 22011: negative substring length not allowed");  // substr('hello', 1, -1)
  CHECK(Run(Call("position", U("hello"), U("lo"))) == "4");  // position('lo' in 'hello')
  CHECK(Run(Call("strpos", U("hÃ©llo"), U("l"))) == "4");  // strpos('hÃ©llo', 'l')
  CHECK(Run(Call("strpos", U("hello"), U(""))) == "1");  // strpos('hello', '')
  CHECK(Run(Call("strpos", U("hello"), U("z"))) == "0");  // strpos('hello', 'z')
  CHECK(Run(Call("btrim", U("  hi  "))) == "hi");  // btrim('  hi  ')
  CHECK(Run(Call("btrim", U("xxhixx"), U("x"))) == "hi");  // btrim('xxhixx', 'x')
  CHECK(Run(Call("ltrim", U("xyxhi"), U("xy"))) == "hi");  // ltrim('xyxhi', 'xy')
  CHECK(Run(Call("rtrim", U("hi  "))) == "hi");  // rtrim('hi  ')
  CHECK(Run(Call("replace", U("abcabc"), U("b"), U("XX"))) == "aXXcaXXc");  // replace('abcabc', 'b', 'XX')
  CHECK(Run(Call("replace", U("abc"), U(""), U("X"))) == "abc");  // replace('abc', '', 'X')
  CHECK(Run(Call("concat", U("a"), Null(), I(1), B(true))) == "a1t");  // concat('a', NULL, 1, true)
  CHECK(Run(Call("concat_ws", U(","), U("a"), Null(), U("b"))) == "a,b");  // concat_ws(',', 'a', NULL, 'b')
  CHECK(Run(Call("concat_ws", Null(), U("a"))) == "NULL");  // concat_ws(NULL, 'a')
  CHECK(Run(Call("left", U("hello"), I(2))) == "he");  // left('hello', 2)
  CHECK(Run(Call("left", U("hello"), I(-2))) == "hel");  // left('hello', -2)
  CHECK(Run(Call("right", U("hello"), I(2))) == "lo");  // right('hello', 2)
  CHECK(Run(Call("right", U("hello"), I(-2))) == "llo");  // right('hello', -2)
  CHECK(Run(Call("lpad", U("hi"), I(5), U("xy"))) == "xyxhi");  // lpad('hi', 5, 'xy')
  CHECK(Run(Call("lpad", U("hello"), I(3))) == "hel");  // lpad('hello', 3)
  CHECK(Run(Call("rpad", U("hi"), I(5))) == "hi   ");  // rpad('hi', 5)
  CHECK(Run(Call("repeat", U("ab"), I(3))) == "ababab");  // repeat('ab', 3)
  CHECK(Run(Call("repeat", U("ab"), I(-1))) == "");  // repeat('ab', -1)
  CHECK(Run(Call("reverse", U("hÃ©llo"))) == "oll©Ãh");  // reverse('hÃ©llo')
  CHECK(Run(Call("split_part", U("a,b,c"), U(","), I(2))) == "b");  // split_part('a,b,c', ',', 2)
  CHECK(Run(Call("split_part", U("a,b,c"), U(","), I(-1))) == "c");  // split_part('a,b,c', ',', -1)
  CHECK(Run(Call("split_part", U("a,b,c"), U(","), I(5))) == "");  // split_part('a,b,c', ',', 5)
  CHECK(Run(Call("split_part", U("a,b"), U(","), I(0))) == "ERROR 22023: field position must not be zero");  // split_part('a,b', ',', 0)
  CHECK(Run(Call("initcap", U("hello wORLD foo-bar"))) == "Hello World Foo-Bar");  // initcap('hello wORLD foo-bar')
  CHECK(Run(Call("starts_with", U("hello"), U("he"))) == "t");  // starts_with('hello', 'he')
  CHECK(Run(Call("md5", U("abc"))) == "900150983cd24fb0d6963f7d28e17f72");  // md5('abc')
  CHECK(Run(Call("chr", I(65))) == "A");  // chr(65)
  CHECK(Run(Call("chr", I(233))) == "é");  // chr(233)
  CHECK(Run(Call("chr", I(0))) == "ERROR 54000: null character not permitted");  // chr(0)
  CHECK(Run(Call("ascii", U("A"))) == "65");  // ascii('A')
  CHECK(Run(Call("quote_ident", U("Foo"))) == "\"Foo\"");  // quote_ident('Foo')
  CHECK(Run(Call("quote_ident", U("foo"))) == "foo");  // quote_ident('foo')
  CHECK(Run(Call("quote_ident", U("select"))) == "\"select\"");  // quote_ident('select')
  CHECK(Run(Call("quote_literal", U("it's"))) == "'it''s'");  // quote_literal('it''s')
  CHECK(Run(Call("format", U("%s|%I|%L|%%"), U("a"), U("B c"), Null())) == "a|\"B c\"|NULL|%");  // format('%s|%I|%L|%%', 'a', 'B c', NULL)
  CHECK(Run(Call("format", U("%2$s %1$s"), U("a"), U("b"))) == "b a");  // format('%2$s %1$s', 'a', 'b')
  CHECK(Run(Call("translate", U("12345"), U("143"), U("ax"))) == "a2x5");  // translate('12345', '143', 'ax')
  CHECK(Run(Call("to_hex", I(255))) == "ff");  // to_hex(255)
  CHECK(Run(Call("to_hex", I(-1))) == "ffffffff");  // to_hex(-1)
}

TEST_CASE("LIKE and regular expressions match PostgreSQL") {
  CHECK(Run(Op("like", U("hello"), U("h%o"))) == "t");  // 'hello' like 'h%o'
  CHECK(Run(Op("like", U("hello"), U("h_llo"))) == "t");  // 'hello' like 'h_llo'
  CHECK(Run(Op("like", U("hÃ©llo"), U("h_llo"))) == "f");  // 'hÃ©llo' like 'h_llo'
  CHECK(Run(Op("like", U("hello"), U("H%"))) == "f");  // 'hello' like 'H%'
  CHECK(Run(Op("ilike", U("hello"), U("H%"))) == "t");  // 'hello' ilike 'H%'
  CHECK(Run(Op("not like", U("hello"), U("%x%"))) == "t");  // 'hello' not like '%x%'
  CHECK(Run(Op("not ilike", U("hello"), U("%L%"))) == "f");  // 'hello' not ilike '%L%'
  CHECK(Run(Op("like", U("50%"), U("50\\%"))) == "t");  // '50%' like '50\%'
  CHECK(Run(Op("like", U("50x"), U("50\\%"))) == "f");  // '50x' like '50\%'
  CHECK(Run(Op("like", U("a"), U("a\\"))) == "f");  // 'a' like 'a\'
  CHECK(Run(Op("like", U(""), U("%"))) == "t");  // '' like '%'
  CHECK(Run(Op("like", U("abcabc"), U("%abc"))) == "t");  // 'abcabc' like '%abc'
  CHECK(Run(Op("like", U("aXbXc"), U("%X%X_"))) == "t");  // 'aXbXc' like '%X%X_'
  CHECK(Run(Op("like", Null(TypeId::kText), U("%"))) == "NULL");  // NULL::text like '%'
  CHECK(Run(Op("~", U("hello"), U("^h.*o$"))) == "t");  // 'hello' ~ '^h.*o$'
  CHECK(Run(Op("~", U("hello"), U("ell"))) == "t");  // 'hello' ~ 'ell'
  CHECK(Run(Op("~*", U("HELLO"), U("^h"))) == "t");  // 'HELLO' ~* '^h'
  CHECK(Run(Op("!~", U("hello"), U("[0-9]"))) == "t");  // 'hello' !~ '[0-9]'
  CHECK(Run(Op("!~*", U("hello"), U("L"))) == "f");  // 'hello' !~* 'L'
  CHECK(Run(Call("regexp_replace", U("hello world"), U("o"), U("0"))) == "hell0 world");  // regexp_replace('hello world', 'o', '0')
  CHECK(Run(Call("regexp_replace", U("hello world"), U("o"), U("0"), U("g"))) == "hell0 w0rld");  // regexp_replace('hello world', 'o', '0', 'g')
  CHECK(Run(Call("regexp_replace", U("abc"), U("(b)"), U("[\\1]"))) == "a[b]c");  // regexp_replace('abc', '(b)', '[\1]')
  CHECK(Run(Call("substring", U("abc123def"), U("[0-9]+"))) == "123");  // substring('abc123def' from '[0-9]+')
  CHECK(Run(Call("substring", U("abc123def"), U("c([0-9])"))) == "1");  // substring('abc123def' from 'c([0-9])')
}

TEST_CASE("date and time arithmetic matches PostgreSQL") {
  CHECK(Run(Op("+", D("2020-01-01"), I(3))) == "2020-01-04");  // date '2020-01-01' + 3
  CHECK(Run(Op("-", D("2020-03-01"), D("2020-01-01"))) == "60");  // date '2020-03-01' - date '2020-01-01'
  CHECK(Run(Op("-", D("2020-03-01"), I(1))) == "2020-02-29");  // date '2020-03-01' - 1
  CHECK(Run(Op("+", D("2020-01-31"), Iv("1 month"))) == "2020-02-29 00:00:00");  // date '2020-01-31' + interval '1 month'
  CHECK(Run(Op("+", Ts("2020-01-31"), Iv("1 mon"))) == "2020-02-29 00:00:00");  // timestamp '2020-01-31' + interval '1 mon'
  CHECK(Run(Op("+", Ts("2019-02-28 23:00"), Iv("1 year 1 day 2 hours"))) == "2020-03-01 01:00:00");  // timestamp '2019-02-28 23:00' + interval '1 year 1 day 2 hours'
  CHECK(Run(Op("-", Ts("2020-03-31"), Iv("1 mon"))) == "2020-02-29 00:00:00");  // timestamp '2020-03-31' - interval '1 mon'
  CHECK(Run(Op("+", Ts("2020-01-01"), U("1 day"))) == "2020-01-02 00:00:00");  // timestamp '2020-01-01' + '1 day'
  CHECK(Run(Op("-", Ts("2020-01-31 10:00"), Ts("2020-01-01"))) == "30 days 10:00:00");  // timestamp '2020-01-31 10:00' - timestamp '2020-01-01'
  CHECK(Run(Op("-", Ts("2020-01-01"), Ts("2020-01-31 10:00"))) == "-30 days -10:00:00");  // timestamp '2020-01-01' - timestamp '2020-01-31 10:00'
  CHECK(Run(Op("-", Tz("2020-01-02 00:00+00"), Tz("2020-01-01 12:00+00"))) == "12:00:00");  // timestamptz '2020-01-02 00:00+00' - timestamptz '2020-01-01 12:00+00'
  CHECK(Run(Op("-", Ts("2020-01-02"), D("2020-01-01"))) == "1 day");  // timestamp '2020-01-02' - date '2020-01-01'
  CHECK(Run(Op("+", D("2020-01-01"), Tm("10:30"))) == "2020-01-01 10:30:00");  // date '2020-01-01' + time '10:30'
  CHECK(Run(Op("+", Tm("23:00"), Iv("2 hours"))) == "01:00:00");  // time '23:00' + interval '2 hours'
  CHECK(Run(Op("-", Tm("01:00"), Iv("2 hours"))) == "23:00:00");  // time '01:00' - interval '2 hours'
  CHECK(Run(Op("-", Tm("10:00"), Tm("12:30"))) == "-02:30:00");  // time '10:00' - time '12:30'
  CHECK(Run(Op("*", Iv("1 mon"), F("1.5"))) == "1 mon 15 days");  // interval '1 mon' * 1.5
  CHECK(Run(Op("*", Iv("1 mon 1 day"), N("0.3"))) == "9 days 07:12:00");  // interval '1 mon 1 day' * 0.3
  CHECK(Run(Op("*", Iv("-1 mon"), F("0.5"))) == "-15 days");  // interval '-1 mon' * 0.5
  CHECK(Run(Op("*", I(3), Iv("1 hour"))) == "03:00:00");  // 3 * interval '1 hour'
  CHECK(Run(Op("/", Iv("1 day"), I(3))) == "08:00:00");  // interval '1 day' / 3
  CHECK(Run(Op("/", Iv("1 day"), I(0))) == "ERROR 22012: division by zero");  // interval '1 day' / 0
  CHECK(Run(Op("*", Iv("1 year"), F("2.5"))) == "2 years 6 mons");  // interval '1 year' * 2.5
  CHECK(Run(Op("+", Iv("1 day"), Iv("-2 hours"))) == "1 day -02:00:00");  // interval '1 day' + interval '-2 hours'
  CHECK(Run(Op("-", Iv("1 mon"), Iv("1 day"))) == "1 mon -1 days");  // interval '1 mon' - interval '1 day'
  CHECK(Run(Op("neg", Iv("1 year -2 days 03:00"))) == "-1 years +2 days -03:00:00");  // -interval '1 year -2 days 03:00'
  CHECK(Run(Op("+", Ts("2020-01-01"), Iv("2147483647 days"))) == "ERROR 22008: timestamp out of range");  // timestamp '2020-01-01' + interval '2147483647 days'
}

TEST_CASE("date_trunc, date_part and extract match PostgreSQL") {
  CHECK(Run(Call("date_trunc", U("week"), Ts("2020-01-01 10:00"))) == "2019-12-30 00:00:00");  // date_trunc('week', timestamp '2020-01-01 10:00')
  CHECK(Run(Call("date_trunc", U("quarter"), Ts("2020-05-11"))) == "2020-04-01 00:00:00");  // date_trunc('quarter', timestamp '2020-05-11')
  CHECK(Run(Call("date_trunc", U("century"), Ts("2020-05-11"))) == "2001-01-01 00:00:00");  // date_trunc('century', timestamp '2020-05-11')
  CHECK(Run(Call("date_trunc", U("millennium"), Ts("2020-05-11"))) == "2001-01-01 00:00:00");  // date_trunc('millennium', timestamp '2020-05-11')
  CHECK(Run(Call("date_trunc", U("decade"), Ts("2020-05-11"))) == "2020-01-01 00:00:00");  // date_trunc('decade', timestamp '2020-05-11')
  CHECK(Run(Call("date_trunc", U("hour"), Ts("2020-05-11 13:45:12.5"))) == "2020-05-11 13:00:00");  // date_trunc('hour', timestamp '2020-05-11 13:45:12.5')
  CHECK(Run(Call("date_trunc", U("MINUTE"), Ts("2020-05-11 13:45:12.5"))) == "2020-05-11 13:45:00");  // date_trunc('MINUTE', timestamp '2020-05-11 13:45:12.5')
  CHECK(Run(Call("date_trunc", U("milliseconds"), Ts("2020-05-11 13:45:12.123456"))) == "2020-05-11 13:45:12.123");  // date_trunc('milliseconds', timestamp '2020-05-11 13:45:12.123456')
  CHECK(Run(Call("date_trunc", U("month"), Tz("2020-05-11 13:45+00"))) == "2020-05-01 00:00:00+00");  // date_trunc('month', timestamptz '2020-05-11 13:45+00')
  CHECK(Run(Call("date_trunc", U("day"), D("2020-05-05"))) == "2020-05-05 00:00:00+00");  // date_trunc('day', date '2020-05-05')
  CHECK(Run(Call("date_trunc", U("hour"), Iv("1 day 02:30:11"))) == "1 day 02:00:00");  // date_trunc('hour', interval '1 day 02:30:11')
  CHECK(Run(Call("date_trunc", U("year"), Iv("1 year 2 mons"))) == "1 year");  // date_trunc('year', interval '1 year 2 mons')
  CHECK(Run(Call("date_trunc", U("foo"), Ts("2020-01-01"))) == "ERROR 22023: unit \"foo\" not recognized for type timestamp without time zone");  // date_trunc('foo', timestamp '2020-01-01')
  CHECK(Run(Call("date_part", U("year"), Ts("2020-05-11 13:45:12.5"))) == "2020");  // date_part('year', timestamp '2020-05-11 13:45:12.5')
  CHECK(Run(Call("date_part", U("second"), Ts("2020-05-11 13:45:12.5"))) == "12.5");  // date_part('second', timestamp '2020-05-11 13:45:12.5')
  CHECK(Run(Call("date_part", U("epoch"), Ts("2020-05-11 13:45:12.5"))) == "1589204712.5");  // date_part('epoch', timestamp '2020-05-11 13:45:12.5')
  CHECK(Run(Call("date_part", U("dow"), D("2020-05-03"))) == "0");  // date_part('dow', date '2020-05-03')
  CHECK(Run(Call("date_part", U("isodow"), D("2020-05-03"))) == "7");  // date_part('isodow', date '2020-05-03')
  CHECK(Run(Call("date_part", U("doy"), D("2020-12-31"))) == "366");  // date_part('doy', date '2020-12-31')
  CHECK(Run(Call("date_part", U("week"), D("2021-01-01"))) == "53");  // date_part('week', date '2021-01-01')
  CHECK(Run(Call("date_part", U("isoyear"), D("2021-01-01"))) == "2020");  // date_part('isoyear', date '2021-01-01')
  CHECK(Run(Call("date_part", U("quarter"), D("2021-08-01"))) == "3");  // date_part('quarter', date '2021-08-01')
  CHECK(Run(Call("date_part", U("century"), D("2001-01-01"))) == "21");  // date_part('century', date '2001-01-01')
  CHECK(Run(Call("date_part", U("millennium"), D("2000-12-31"))) == "2");  // date_part('millennium', date '2000-12-31')
  CHECK(Run(Call("date_part", U("decade"), D("2021-01-01"))) == "202");  // date_part('decade', date '2021-01-01')
  CHECK(Run(Call("date_part", U("epoch"), Iv("1 year 1 mon"))) == "34149600");  // date_part('epoch', interval '1 year 1 mon')
  CHECK(Run(Call("date_part", U("epoch"), Tm("01:00:00.5"))) == "3600.5");  // date_part('epoch', time '01:00:00.5')
  CHECK(Run(Call("date_part", U("hour"), Iv("30 hours"))) == "30");  // date_part('hour', interval '30 hours')
  CHECK(Run(Call("date_part", U("foo"), Ts("2020-01-01"))) == "ERROR 22023: unit \"foo\" not recognized for type timestamp without time zone");  // date_part('foo', timestamp '2020-01-01')
  CHECK(Run(Call("extract", U("epoch"), Ts("2020-01-01 00:00:00.5"))) == "1577836800.500000");  // extract(epoch from timestamp '2020-01-01 00:00:00.5')
  CHECK(Run(Call("extract", U("second"), Ts("2020-01-01 00:00:07.5"))) == "7.500000");  // extract(second from timestamp '2020-01-01 00:00:07.5')
  CHECK(Run(Call("extract", U("year"), D("2020-05-01"))) == "2020");  // extract(year from date '2020-05-01')
  CHECK(Run(Call("extract", U("epoch"), D("2020-01-01"))) == "1577836800");  // extract(epoch from date '2020-01-01')
  CHECK(Run(Call("extract", U("hour"), D("2020-01-01"))) == "ERROR 0A000: unit \"hour\" not supported for type date");  // extract(hour from date '2020-01-01')
  CHECK(Run(Call("extract", U("epoch"), Iv("1 day 1 hour"))) == "90000.000000");  // extract(epoch from interval '1 day 1 hour')
  CHECK(Run(Call("extract", U("millisecond"), Tm("10:00:01.5"))) == "1500.000");  // extract(millisecond from time '10:00:01.5')
  CHECK(Run(Call("extract", U("month"), Iv("14 months"))) == "2");  // extract(month from interval '14 months')
  CHECK(Run(Call("extract", U("dow"), Iv("1 day"))) == "ERROR 0A000: unit \"dow\" not supported for type interval");  // extract(dow from interval '1 day')
}

TEST_CASE("datetime constructors and helpers match PostgreSQL") {
  CHECK(Run(Call("make_date", I(2020), I(2), I(29))) == "2020-02-29");  // make_date(2020, 2, 29)
  CHECK(Run(Call("make_date", I(2020), I(2), I(30))) == "ERROR 22008: date field value out of range: 2020-02-30");  // make_date(2020, 2, 30)
  CHECK(Run(Call("make_time", I(10), I(20), F("30.5"))) == "10:20:30.5");  // make_time(10, 20, 30.5)
  CHECK(Run(Call("make_timestamp", I(2020), I(1), I(2), I(3), I(4), F("5.5"))) == "2020-01-02 03:04:05.5");  // make_timestamp(2020, 1, 2, 3, 4, 5.5)
  CHECK(Run(Call("to_timestamp", F("1.5"))) == "1970-01-01 00:00:01.5+00");  // to_timestamp(1.5)
  CHECK(Run(Call("to_timestamp", I(1600000000))) == "2020-09-13 12:26:40+00");  // to_timestamp(1600000000)
  CHECK(Run(Call("age", Ts("2020-03-01"), Ts("2020-01-31 10:00"))) == "1 mon 14:00:00");  // age(timestamp '2020-03-01', timestamp '2020-01-31 10:00')
  CHECK(Run(Call("age", Ts("2020-01-01"), Ts("2021-03-15"))) == "-1 years -2 mons -14 days");  // age(timestamp '2020-01-01', timestamp '2021-03-15')
  CHECK(Run(Call("date_bin", Iv("15 min"), Ts("2020-01-01 00:07"), Ts("2020-01-01 00:15"))) == "2020-01-01 00:00:00");  // date_bin('15 min', timestamp '2020-01-01 00:07', timestamp '2020-01-01 00:15')
  CHECK(Run(Call("date_bin", Iv("15 min"), Ts("2020-01-01 10:37:12"), Ts("2000-01-01"))) == "2020-01-01 10:30:00");  // date_bin('15 min', timestamp '2020-01-01 10:37:12', timestamp '2000-01-01')
  CHECK(Run(Call("date_bin", Iv("1 mon"), Ts("2020-01-01"), Ts("2000-01-01"))) == "ERROR 0A000: timestamps cannot be binned into intervals containing months or years");  // date_bin('1 mon', timestamp '2020-01-01', timestamp '2000-01-01')
  CHECK(Run(Call("justify_hours", Iv("50 hours"))) == "2 days 02:00:00");  // justify_hours(interval '50 hours')
  CHECK(Run(Call("justify_days", Iv("35 days"))) == "1 mon 5 days");  // justify_days(interval '35 days')
  CHECK(Run(Call("justify_interval", Iv("1 mon -1 hour"))) == "29 days 23:00:00");  // justify_interval(interval '1 mon -1 hour')
  CHECK(Run(Call("isfinite", Ts("infinity"))) == "f");  // isfinite(timestamp 'infinity')
}

TEST_CASE("unknown literals resolve like PostgreSQL") {
  CHECK(Run(Op("+", I(1), U("2"))) == "3");  // 1 + '2'
  CHECK(Run(Op("+", U("1.5"), N("1"))) == "2.5");  // '1.5' + 1.0
  CHECK(Run(Op("-", D("2020-01-10"), U("2020-01-01"))) == "9");  // date '2020-01-10' - '2020-01-01'
  CHECK(Run(Op("<", Ts("2020-01-01"), U("2020-01-02"))) == "t");  // timestamp '2020-01-01' < '2020-01-02'
  CHECK(Run(Call("length", Null())) == "NULL");  // length(NULL)
  CHECK(Run(Call("abs", U("-3"))) == "3");  // abs('-3')
  CHECK(Run(Call("no_such_function", I(1))) == "ERROR 42883: function no_such_function(integer) does not exist");  // no_such_function(1)
  CHECK(Run(Op("-", S("a"))) == "ERROR 42883: operator does not exist: - text");  // -('a'::text)
  CHECK(Run(Op("like", I(1), S("1"))) == "ERROR 42883: operator does not exist: integer ~~ text");  // 1 like '1'::text
}

// How name(types...) resolves: "<return type>(<argument casts>)", or the
// error. Also checks that every argument cast is one the binder may insert
// (an implicit cast or none), as sql/binder's CallFunction requires.
std::string Resolve(const std::string& name, std::vector<TypeId> types) {
  std::vector<DataType> args;
  for (TypeId t : types) args.push_back(DataType(t));
  auto r = ResolveScalarFunction(name, args);
  if (!r.ok()) return "ERROR " + r.status().sqlstate() + ": " + r.status().message();
  std::string s = TypeName(r->return_type) + "(";
  for (size_t i = 0; i < args.size(); ++i) {
    if (i) s += ", ";
    s += TypeName(r->arg_casts[i]);
    if (r->arg_casts[i] != args[i] && !CanCast(args[i], r->arg_casts[i], CastContext::kImplicit)) {
      s += " [not implicit]";
    }
  }
  return s + ")";
}

TEST_CASE("real op integer/numeric resolves to double precision like PostgreSQL") {
  using T = TypeId;
  CHECK(Run(Op("/", F4("1"), I(3))) == "0.3333333333333333");  // 1::real / 3
  CHECK(Run(Op("/", F4("2"), I(3))) == "0.6666666666666666");  // 2::real / 3
  CHECK(Run(Op("*", F4("1.5"), I8(3))) == "4.5");  // 1.5::real * 3::int8
  CHECK(Run(Op("+", F4("1.5"), N("1.25"))) == "2.75");  // 1.5::real + 1.25
  CHECK(Run(Op("/", I(3), F4("1.5"))) == "2");  // 3 / 1.5::real
  CHECK(Run(Op("/", N("1.25"), F4("1.5"))) == "0.8333333333333334");  // 1.25 / 1.5::real
  CHECK(Run(Op("+", F4("1.1"), F("1"))) == "2.100000023841858");  // 1.1::real + 1::float8
  CHECK(Run(Op("*", F4("1.5"), F4("1.5"))) == "2.25");  // 1.5::real * 1.5::real
  CHECK(Run(Op("+", F4("1.1"), F4("1.1"))) == "2.2");  // 1.1::real + 1.1::real
  CHECK(Run(Op("+", F4("1.1"), U("2"))) == "3.1");  // 1.1::real + '2'
  // pg_typeof(...) of each combination.
  CHECK(Resolve("*", {T::kFloat32, T::kInt16}) == "double precision(real, double precision)");
  CHECK(Resolve("/", {T::kFloat32, T::kInt32}) == "double precision(real, double precision)");
  CHECK(Resolve("+", {T::kFloat32, T::kInt64}) == "double precision(real, double precision)");
  CHECK(Resolve("+", {T::kFloat32, T::kNumeric}) == "double precision(real, double precision)");
  CHECK(Resolve("-", {T::kFloat32, T::kFloat64}) == "double precision(real, double precision)");
  CHECK(Resolve("/", {T::kInt32, T::kFloat32}) == "double precision(double precision, real)");
  CHECK(Resolve("-", {T::kNumeric, T::kFloat32}) == "double precision(double precision, real)");
  CHECK(Resolve("*", {T::kFloat32, T::kFloat32}) == "real(real, real)");
  CHECK(Resolve("+", {T::kFloat32, T::kUnknown}) == "real(real, real)");  // 1::real + '2'
  CHECK(Resolve("-", {T::kUnknown, T::kFloat32}) == "real(real, real)");  // '2' - 1::real
  CHECK(Resolve("+", {T::kInt16, T::kInt32}) == "integer(integer, integer)");
  CHECK(Resolve("+", {T::kNumeric, T::kInt32}) == "numeric(numeric, numeric)");
  CHECK(Resolve("round", {T::kInt32}) == "double precision(double precision)");  // round(2)
  // float4 = int4 compares in float8 (float48eq), so no rounding to real.
  CHECK(Run(Op("=", I(16777217), F4("16777216"))) == "f");  // 16777217 = 16777216::real
  CHECK(Run(Op("=", F4("0.1"), F("0.1"))) == "f");  // 0.1::real = 0.1::float8
  CHECK(Run(Op("<", F4("0.1"), N("0.1"))) == "f");  // 0.1::real < 0.1
  CHECK(Resolve("=", {T::kFloat32, T::kInt32}) == "boolean(real, double precision)");
}

TEST_CASE("ambiguous operators and functions are 42725 like PostgreSQL") {
  using T = TypeId;
  CHECK(Run(Op("+", U("1"), U("2"))) == "ERROR 42725: operator is not unique: unknown + unknown");  // '1' + '2'
  CHECK(Run(Op("*", Null(), Null())) == "ERROR 42725: operator is not unique: unknown * unknown");  // NULL * NULL
  CHECK(Run(Op("+", U("9"), D("2020-01-02"))) == "ERROR 42725: operator is not unique: unknown + date");  // '9' + date '2020-01-02'
  CHECK(Run(Op("neg", U("1"))) == "ERROR 42725: operator is not unique: - unknown");  // -'1'
  CHECK(Run(Call("date_trunc", U("day"), U("2020-01-01"))) == "ERROR 42725: function date_trunc(unknown, unknown) is not unique");  // date_trunc('day', '2020-01-01')
  CHECK(Run(Op("+", Tm("01:02:03"), U("9"))) == "01:02:12");  // '01:02:03'::time + '9'
  CHECK(Resolve("<", {T::kUnknown, T::kUnknown}) == "boolean(text, text)");  // 'a' < 'b'
}

TEST_CASE("text || anynonarray and anynonarray || text") {
  using T = TypeId;
  CHECK(Run(Op("||", U("n="), I(42))) == "n=42");  // 'n=' || 42
  CHECK(Run(Op("||", N("1.5"), U("x"))) == "1.5x");  // 1.5 || 'x'
  CHECK(Run(Op("||", B(true), U("x"))) == "truex");  // true || 'x'
  CHECK(Run(Op("||", U("x"), F4("1.5"))) == "x1.5");  // 'x' || 1.5::real
  CHECK(Run(Op("||", I(1), Null())) == "NULL");  // 1 || NULL
  CHECK(Resolve("||", {T::kUnknown, T::kInt32}) == "text(text, integer)");
  CHECK(Resolve("||", {T::kNumeric, T::kUnknown}) == "text(numeric, text)");
  CHECK(Resolve("||", {T::kText, T::kDate}) == "text(text, date)");
  CHECK(Resolve("||", {T::kUnknown, T::kUnknown}) == "text(text, text)");
  CHECK(Resolve("||", {T::kVarchar, T::kUnknown}) == "text(character varying, text)");
  CHECK(Resolve("||", {T::kInt32, T::kInt32}) == "ERROR 42883: operator does not exist: integer || integer");
  CHECK(Run(Call("quote_literal", I(42))) == "'42'");  // quote_literal(42)
  CHECK(Run(Call("quote_literal", B(true))) == "'true'");  // quote_literal(true)
  CHECK(Run(Call("quote_nullable", Null(TypeId::kInt32))) == "NULL");  // quote_nullable(NULL::int)
  CHECK(Run(Call("quote_nullable", N("1.5"))) == "'1.5'");  // quote_nullable(1.5)
  CHECK(Resolve("concat_ws", {T::kInt32, T::kUnknown}) == "ERROR 42883: function concat_ws(integer, unknown) does not exist");
  CHECK(Run(Call("isfinite", Iv("1 day"))) == "t");  // isfinite(interval '1 day')
}

}  // namespace
}  // namespace kappa
