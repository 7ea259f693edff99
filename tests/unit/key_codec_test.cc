#include "storage/key_codec.h"

#include <doctest/doctest.h>

#include <algorithm>
#include <cstring>
#include <limits>
#include <random>

namespace kappa {
namespace {

const __int128 kI128Max = static_cast<__int128>(~static_cast<unsigned __int128>(0) >> 1);
const __int128 kI128Min = -kI128Max - 1;

std::string Key(const Value& v, KeyOrder order = {}) {
  std::string k;
  EncodeKeyValue(v, order, &k);
  return k;
}

Value DecodeOne(const std::string& key, const DataType& type, KeyOrder order = {}) {
  std::string_view in(key);
  Result<Value> v = DecodeKeyValue(&in, type, order);
  REQUIRE_MESSAGE(v.ok(), v.status().ToString());
  CHECK(in.empty());
  return std::move(v).value();
}

// REQUIRES: `values` strictly increasing in SQL order. Checks that keys are
// strictly increasing ascending and strictly decreasing descending.
void CheckStrictlyIncreasing(const std::vector<Value>& values) {
  for (size_t i = 1; i < values.size(); ++i) {
    CAPTURE(i);
    CHECK(Key(values[i - 1]) < Key(values[i]));
    CHECK(Key(values[i - 1], {true, true}) > Key(values[i], {true, true}));
  }
}

Value I(int64_t x) { return Value::Int(TypeId::kInt64, x); }
Value F(double x) { return Value::Float(TypeId::kFloat64, x); }
Value D(__int128 u, int32_t s) { return Value::Dec({u, s}); }
Value S(std::string s) { return Value::String(std::move(s)); }
Value Iv(int32_t m, int32_t d, int64_t us) { return Value::Intv({m, d, us}); }

TEST_CASE("integer keys sort like the integers, ascending and descending") {
  CheckStrictlyIncreasing({I(std::numeric_limits<int64_t>::min()), I(-1000000), I(-256), I(-1),
                           I(0), I(1), I(255), I(256), I(std::numeric_limits<int64_t>::max())});
  for (int64_t x : {std::numeric_limits<int64_t>::min(), int64_t{-7}, int64_t{0},
                    std::numeric_limits<int64_t>::max()}) {
    for (bool desc : {false, true}) {
      CHECK(DecodeOne(Key(I(x), {desc, true}), DataType(TypeId::kInt64), {desc, true}).i == x);
    }
  }
}

TEST_CASE("float keys order -inf < negatives < zero < positives < inf < NaN, with -0 equal to 0") {
  const double inf = std::numeric_limits<double>::infinity();
  CheckStrictlyIncreasing({F(-inf), F(-1e300), F(-1), F(-std::numeric_limits<double>::denorm_min()),
                           F(0.0), F(std::numeric_limits<double>::denorm_min()), F(0.5), F(1),
                           F(1e300), F(inf), F(std::numeric_limits<double>::quiet_NaN())});
  CHECK(Key(F(-0.0)) == Key(F(0.0)));
  CHECK(Key(F(std::nan("1"))) == Key(F(-std::numeric_limits<double>::quiet_NaN())));
  CHECK(DecodeOne(Key(F(-2.5)), DataType(TypeId::kFloat64)).f == -2.5);
  CHECK(std::isnan(DecodeOne(Key(F(std::nan(""))), DataType(TypeId::kFloat64)).f));
  CHECK(DecodeOne(Key(F(1e-300), {true, true}), DataType(TypeId::kFloat64), {true, true}).f ==
        1e-300);
}

TEST_CASE("decimal keys compare by value whatever the scale") {
  CheckStrictlyIncreasing({D(kI128Min, 0), D(-1, -30), D(-10000, 2), D(-1050, 2), D(-1, 0),
                           D(-5, 1), D(-5, 2), D(-1, 4), D(0, 0), D(1, 4), D(5, 2), D(1, 1),
                           D(12, 2), D(123, 3), D(1, 0), D(15, 1), D(999, 2), D(10, 0),
                           D(1001, 2), D(100, 0), D(1, -20), D(kI128Max, 0)});
  CHECK(Key(D(1050, 2)) == Key(D(105, 1)));
  CHECK(Key(D(0, 0)) == Key(D(0, 9)));
  CHECK(Key(D(-100, 2)) == Key(D(-1, 0)));
  CHECK(Key(D(1, 0), {true, true}) == Key(D(1000, 3), {true, true}));
}

TEST_CASE("random decimals order like their exact values") {
  std::mt19937_64 rng(7);
  for (int i = 0; i < 2000; ++i) {
    int64_t ua = static_cast<int64_t>(rng() % 2000000001) - 1000000000;
    int64_t ub = static_cast<int64_t>(rng() % 2000000001) - 1000000000;
    if (i % 3 == 0) ub = ua * 10;  // often equal after rescaling
    int32_t sa = static_cast<int32_t>(rng() % 10), sb = static_cast<int32_t>(rng() % 10);
    if (i % 3 == 0) sb = sa + 1;
    // Exact comparison at the common scale (fits easily in 128 bits).
    __int128 a = ua, b = ub;
    for (int k = sa; k < 10; ++k) a *= 10;
    for (int k = sb; k < 10; ++k) b *= 10;
    std::string ka = Key(D(ua, sa)), kb = Key(D(ub, sb));
    CAPTURE(ua);
    CAPTURE(sa);
    CAPTURE(ub);
    CAPTURE(sb);
    CHECK((a < b) == (ka < kb));
    CHECK((a == b) == (ka == kb));
  }
}

TEST_CASE("decimal keys decode to the same value, at the column's scale when it has one") {
  Value v = DecodeOne(Key(D(1050, 2)), DataType::Numeric(10, 2));
  CHECK((v.d.unscaled == 1050));
  CHECK(v.d.scale == 2);
  v = DecodeOne(Key(D(1050, 2)), DataType::Numeric());
  CHECK((v.d.unscaled == 105));
  CHECK(v.d.scale == 1);
  v = DecodeOne(Key(D(1, -2)), DataType::Numeric());  // 100
  CHECK((v.d.unscaled == 100));
  CHECK(v.d.scale == 0);
  for (__int128 u : {kI128Max, kI128Min, static_cast<__int128>(-123456789), __int128{0}}) {
    for (bool desc : {false, true}) {
      Value back = DecodeOne(Key(D(u, 5), {desc, true}), DataType::Numeric(), {desc, true});
      if (u == 0) {
        CHECK((back.d.unscaled == 0));
      } else {
        CHECK((back.d.unscaled == u));  // no trailing zeros to strip in these
        CHECK(back.d.scale == 5);
      }
    }
  }
}

TEST_CASE("string keys sort bytewise, including embedded NUL bytes") {
  std::vector<std::string> ordered = {"",
                                      std::string(1, '\0'),
                                      std::string(2, '\0'),
                                      std::string("\0a", 2),
                                      "\x01",
                                      "a",
                                      std::string("a\0", 2),
                                      std::string("a\0\0", 3),
                                      std::string("a\0b", 3),
                                      "a\x01",
                                      "ab",
                                      "b",
                                      "\xff",
                                      "\xff\xff"};
  std::vector<Value> values;
  for (const auto& s : ordered) values.push_back(S(s));
  CheckStrictlyIncreasing(values);
  for (const auto& s : ordered) {
    for (bool desc : {false, true}) {
      CHECK(DecodeOne(Key(S(s), {desc, true}), DataType(TypeId::kText), {desc, true}).s == s);
    }
  }
}

TEST_CASE("NULLs sort first by default and last when asked, in both directions") {
  for (bool desc : {false, true}) {
    KeyOrder first{desc, true}, last{desc, false};
    for (const Value& v : {I(std::numeric_limits<int64_t>::min()), S(""), F(-1e300),
                           D(kI128Min, 0), Iv(-1000, 0, 0)}) {
      CHECK(Key(Value::Null(v.type), first) < Key(v, first));
      CHECK(Key(Value::Null(v.type), last) > Key(v, last));
    }
    Value n = DecodeOne(Key(Value::Null(DataType(TypeId::kText)), last), DataType(TypeId::kText),
                        last);
    CHECK(n.is_null);
  }
}

TEST_CASE("composite keys compare column by column") {
  // ("a", 2) < ("ab", 1): the first column decides although "a" is a prefix.
  auto key = [](const std::string& s, int64_t x, bool desc_second) {
    std::string k;
    EncodeKeyValue(S(s), {}, &k);
    EncodeKeyValue(I(x), {desc_second, true}, &k);
    return k;
  };
  CHECK(key("a", 2, false) < key("ab", 1, false));
  CHECK(key("a", 1, false) < key("a", 2, false));
  CHECK(key("a", 1, true) > key("a", 2, true));
  CHECK(key(std::string("a\0", 2), 0, false) > key("a", 9, false));

  std::string k = key("xy", -3, true);
  std::string_view in(k);
  Column c1(DataType(TypeId::kText)), c2(DataType(TypeId::kInt64));
  REQUIRE(DecodeKeyAt(&in, {}, &c1).ok());
  REQUIRE(DecodeKeyAt(&in, {true, true}, &c2).ok());
  CHECK(in.empty());
  CHECK(c1.strings[0] == "xy");
  CHECK(c2.ints[0] == -3);
}

TEST_CASE("interval keys order by total span and decode exactly") {
  CheckStrictlyIncreasing({Iv(-1, 0, 0), Iv(0, -1, 0), Iv(0, 0, -1), Iv(0, 0, 0),
                           Iv(0, 0, 1), Iv(0, 1, 0), Iv(0, 29, 0), Iv(1, 0, 0), Iv(0, 30, 1),
                           Iv(0, 31, 0), Iv(12, 0, 0),
                           Iv(std::numeric_limits<int32_t>::max(), 0, 0)});
  Value v = DecodeOne(Key(Iv(-14, 3, -4000000), {true, true}), DataType(TypeId::kInterval),
                      {true, true});
  CHECK(v.iv.months == -14);
  CHECK(v.iv.days == 3);
  CHECK(v.iv.micros == -4000000);
}

TEST_CASE("encoding a whole column gives the same keys as encoding row by row") {
  Chunk chunk({DataType(TypeId::kInt32), DataType(TypeId::kText), DataType::Numeric(),
               DataType(TypeId::kFloat64), DataType(TypeId::kInterval)});
  chunk.AppendRow({Value::Int(TypeId::kInt32, 5), S("a"), D(15, 1), F(2), Iv(1, 2, 3)});
  chunk.AppendRow({Value::Null(DataType(TypeId::kInt32)), S(std::string("\0", 1)),
                   Value::Null(DataType::Numeric()), F(-0.0), Value::Null(DataType(TypeId::kInterval))});
  for (bool desc : {false, true}) {
    std::vector<std::string> keys(chunk.num_rows);
    for (const Column& col : chunk.columns) EncodeKeyColumn(col, {desc, false}, &keys);
    for (size_t r = 0; r < chunk.num_rows; ++r) {
      std::string k;
      for (const Column& col : chunk.columns) EncodeKeyAt(col, r, {desc, false}, &k);
      CHECK(keys[r] == k);
      std::string_view in(k);
      Chunk back(chunk.Types());
      for (Column& col : back.columns) REQUIRE(DecodeKeyAt(&in, {desc, false}, &col).ok());
      CHECK(in.empty());
      for (size_t c = 0; c < chunk.num_columns(); ++c) {
        CHECK(back.columns[c].IsNull(0) == chunk.columns[c].IsNull(r));
      }
    }
  }
}

TEST_CASE("malformed keys fail with XX001") {
  std::string k = Key(S("abc"));
  for (size_t len = 0; len < k.size(); ++len) {
    std::string_view in(k.data(), len);
    Result<Value> v = DecodeKeyValue(&in, DataType(TypeId::kText), {});
    CHECK_FALSE(v.ok());
    CHECK(v.status().sqlstate() == "XX001");
  }
  std::string d = Key(D(-12345, 2));
  for (size_t len = 0; len < d.size(); ++len) {
    std::string_view in(d.data(), len);
    CHECK_FALSE(DecodeKeyValue(&in, DataType::Numeric(), {}).ok());
  }
  std::string_view bad("\x07", 1);
  CHECK(DecodeKeyValue(&bad, DataType(TypeId::kInt64), {}).status().sqlstate() == "XX001");
}

TEST_CASE("big-endian helpers round-trip and sort like unsigned integers") {
  std::string a, b;
  PutBigEndian64(255, &a);
  PutBigEndian64(256, &b);
  CHECK(a.size() == 8);
  CHECK(a < b);
  CHECK(GetBigEndian64(b.data()) == 256);
  std::string m;
  PutBigEndian64(std::numeric_limits<uint64_t>::max(), &m);
  CHECK(GetBigEndian64(m.data()) == std::numeric_limits<uint64_t>::max());
}

}  // namespace
}  // namespace kappa
