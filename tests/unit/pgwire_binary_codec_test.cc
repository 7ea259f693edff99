// Binary wire formats, checked byte for byte against PostgreSQL 15's
// *_send functions (the expected hex strings come from
// `SELECT numeric_send('10.50'::numeric)` etc. on a real server).
#include <doctest/doctest.h>

#include <string>

#include "common/chunk.h"
#include "server/pgwire/binary_codec.h"

namespace kappa::pgwire {
namespace {

std::string Hex(const std::string& bytes) {
  static const char* kHex = "0123456789abcdef";
  std::string out;
  for (unsigned char c : bytes) {
    out.push_back(kHex[c >> 4]);
    out.push_back(kHex[c & 0xf]);
  }
  return out;
}

std::string Unhex(const std::string& hex) {
  std::string out;
  for (size_t i = 0; i + 1 < hex.size(); i += 2) {
    out.push_back(static_cast<char>(std::stoi(hex.substr(i, 2), nullptr, 16)));
  }
  return out;
}

Decimal Dec(const char* digits, int scale, bool negative = false) {
  __int128 v = 0;
  for (const char* p = digits; *p; ++p) v = v * 10 + (*p - '0');
  return Decimal{negative ? -v : v, scale};
}

std::string EncodeNumeric(const Decimal& d) {
  std::string out;
  AppendNumericBinary(d, &out);
  return Hex(out);
}

std::string EncodeOne(const Value& v) {
  Column col(v.type);
  col.Append(v);
  std::string out;
  AppendBinaryValue(col, 0, &out);
  return Hex(out);
}

bool SameDecimal(const Decimal& a, const Decimal& b) {
  return a.unscaled == b.unscaled && a.scale == b.scale;
}

}  // namespace

TEST_CASE("numeric binary output matches PostgreSQL's numeric_send byte for byte") {
  CHECK(EncodeNumeric(Dec("1050", 2)) == "0002000000000002000a1388");            // 10.50
  CHECK(EncodeNumeric(Dec("0", 0)) == "0000000000000000");                        // 0
  CHECK(EncodeNumeric(Dec("0", 2)) == "0000000000000002");                        // 0.00
  CHECK(EncodeNumeric(Dec("1", 3, true)) == "0001ffff40000003000a");              // -0.001
  CHECK(EncodeNumeric(Dec("123456789", 1)) == "000300010000000104d2162e2328");    // 12345678.9
  CHECK(EncodeNumeric(Dec("100000000000000000000", 0)) == "00010005000000000001");  // 1e20
  CHECK(EncodeNumeric(Dec("12345678901234567890123456789012345678", 8, true)) ==
        "000a000740000008000c0d801ed204d2162e23340d801ed204d2162e");
  CHECK(EncodeNumeric(Dec("99999999999999999999999999999999999999", 0)) ==
        "000a0009000000000063270f270f270f270f270f270f270f270f270f");
  CHECK(EncodeNumeric(Dec("1", 4)) == "0001ffff000000040001");        // 0.0001
  CHECK(EncodeNumeric(Dec("10000", 4)) == "00010000000000040001");    // 1.0000
  CHECK(EncodeNumeric(Dec("10000", 0)) == "00010001000000000001");    // 10000
  CHECK(EncodeNumeric(Dec("5", 0, true)) == "00010000400000000005");  // -5
}

TEST_CASE("numeric binary input reads PostgreSQL's numeric_send output exactly") {
  struct Case {
    const char* hex;
    Decimal expected;
  } cases[] = {
      {"0002000000000002000a1388", Dec("1050", 2)},
      {"0000000000000000", Dec("0", 0)},
      {"0000000000000002", Dec("0", 2)},
      {"0001ffff40000003000a", Dec("1", 3, true)},
      {"000300010000000104d2162e2328", Dec("123456789", 1)},
      {"00010005000000000001", Dec("100000000000000000000", 0)},
      {"000a000740000008000c0d801ed204d2162e23340d801ed204d2162e",
       Dec("12345678901234567890123456789012345678", 8, true)},
      {"0001ffff000000040001", Dec("1", 4)},
      {"00010000000000040001", Dec("10000", 4)},
      {"00010000400000000005", Dec("5", 0, true)},
  };
  for (const Case& c : cases) {
    CAPTURE(c.hex);
    Result<Decimal> d = DecodeNumericBinary(Unhex(c.hex));
    REQUIRE(d.ok());
    CHECK(SameDecimal(*d, c.expected));
  }
}

TEST_CASE("numeric binary input truncates digits beyond dscale like numeric_recv") {
  // 1.23456 sent with dscale 2: digits [1, 2345, 6000], weight 0.
  Result<Decimal> d = DecodeNumericBinary(Unhex("0003000000000002" "0001" "0929" "1770"));
  REQUIRE(d.ok());
  CHECK(SameDecimal(*d, Dec("123", 2)));
}

TEST_CASE("numeric binary input rejects malformed values") {
  // Digit 10000 is out of range for base 10000.
  Result<Decimal> bad_digit = DecodeNumericBinary(Unhex("0001000000000000" "2710"));
  REQUIRE(!bad_digit.ok());
  CHECK(bad_digit.status().sqlstate() == "22P03");
  // ndigits says 2, one digit present.
  CHECK(DecodeNumericBinary(Unhex("0002000000000000" "0001")).status().sqlstate() == "22P03");
  // Shorter than the header.
  CHECK(DecodeNumericBinary(Unhex("000100")).status().sqlstate() == "22P03");
  // Invalid sign word.
  CHECK(DecodeNumericBinary(Unhex("0000000012340000")).status().sqlstate() == "22P03");
  // NaN is not representable.
  CHECK(DecodeNumericBinary(Unhex("00000000c0000000")).status().sqlstate() == "0A000");
  // 10^40 does not fit 38 digits.
  CHECK(DecodeNumericBinary(Unhex("00010a00000000000001")).status().sqlstate() == "22003");
}

TEST_CASE("numeric values round trip through the binary format") {
  const char* digits[] = {"0", "1", "9999", "10000", "123456789", "100000001",
                          "99999999999999999999999999999999999999", "5000", "70000"};
  for (const char* ds : digits) {
    for (int scale : {0, 1, 2, 3, 4, 5, 8, 12}) {
      for (bool neg : {false, true}) {
        Decimal d = Dec(ds, scale, neg && std::string(ds) != "0");
        std::string bytes;
        AppendNumericBinary(d, &bytes);
        Result<Decimal> back = DecodeNumericBinary(bytes);
        CAPTURE(ds);
        CAPTURE(scale);
        REQUIRE(back.ok());
        CHECK(SameDecimal(*back, d));
      }
    }
  }
}

TEST_CASE("a numeric(p,s) parameter gets its type modifier applied") {
  DataType t = DataType::Numeric(5, 1);
  Result<Value> v = DecodeBinaryValue(Unhex("0002000000000002000a1388"), t);  // 10.50
  REQUIRE(v.ok());
  CHECK(v->d.scale == 1);
  CHECK(static_cast<int64_t>(v->d.unscaled) == 105);
  Result<Value> too_big = DecodeBinaryValue(Unhex("00010001000000000001"), t);  // 10000
  CHECK(too_big.status().sqlstate() == "22003");
}

TEST_CASE("date, time, timestamp, interval and floats match PostgreSQL's send functions") {
  CHECK(EncodeOne(Value::Int(TypeId::kDate, 19782)) == "00002279");       // 2024-02-29
  CHECK(EncodeOne(Value::Int(TypeId::kDate, 0)) == "ffffd533");           // 1970-01-01
  CHECK(EncodeOne(Value::Int(TypeId::kTimestamp, 1704164645678901LL)) == "0002b0ec85204f35");
  CHECK(EncodeOne(Value::Int(TypeId::kTimestampTz, 1704164645678901LL)) == "0002b0ec85204f35");
  CHECK(EncodeOne(Value::Int(TypeId::kTimestamp, -1)) == "fffca2fec4c81fff");
  CHECK(EncodeOne(Value::Int(TypeId::kTime, 45296789000LL)) == "0000000a8be62608");
  CHECK(EncodeOne(Value::Intv(Interval{14, 3, 14706500000LL})) ==
        "000000036c9361a0000000030000000e");
  CHECK(EncodeOne(Value::Float(TypeId::kFloat32, 1.5)) == "3fc00000");
  CHECK(EncodeOne(Value::Float(TypeId::kFloat64, 0.1)) == "3fb999999999999a");
  CHECK(EncodeOne(Value::Int(TypeId::kInt16, -2)) == "fffe");
  CHECK(EncodeOne(Value::Int(TypeId::kInt32, 70000)) == "00011170");
  CHECK(EncodeOne(Value::Int(TypeId::kInt64, -1)) == "ffffffffffffffff");
  CHECK(EncodeOne(Value::Bool(true)) == "01");
  CHECK(EncodeOne(Value::String("h\xc3\xa9")) == "68c3a9");
}

TEST_CASE("binary parameters decode back to the values that were encoded") {
  Interval iv{14, 3, 14706500000LL};
  Value values[] = {Value::Int(TypeId::kDate, 19782),
                    Value::Int(TypeId::kTimestamp, 1704164645678901LL),
                    Value::Int(TypeId::kTimestampTz, -1),
                    Value::Int(TypeId::kTime, 45296789000LL),
                    Value::Intv(iv),
                    Value::Float(TypeId::kFloat64, 0.1),
                    Value::Float(TypeId::kFloat32, 1.5),
                    Value::Int(TypeId::kInt16, -2),
                    Value::Int(TypeId::kInt32, 70000),
                    Value::Int(TypeId::kInt64, INT64_MIN),
                    Value::Bool(false)};
  for (const Value& v : values) {
    Column col(v.type);
    col.Append(v);
    std::string bytes;
    AppendBinaryValue(col, 0, &bytes);
    Result<Value> back = DecodeBinaryValue(bytes, v.type);
    CAPTURE(TypeName(v.type));
    REQUIRE(back.ok());
    CHECK(back->type.id == v.type.id);
    CHECK(back->i == v.i);
    CHECK(back->f == v.f);
    CHECK(back->iv.months == v.iv.months);
    CHECK(back->iv.days == v.iv.days);
    CHECK(back->iv.micros == v.iv.micros);
  }
}

TEST_CASE("integer parameters are accepted in any width and range checked") {
  Result<Value> small = DecodeBinaryValue(Unhex("0005"), DataType(TypeId::kInt64));
  REQUIRE(small.ok());
  CHECK(small->i == 5);
  Result<Value> wide = DecodeBinaryValue(Unhex("0000000000000007"), DataType(TypeId::kInt16));
  REQUIRE(wide.ok());
  CHECK(wide->i == 7);
  CHECK(DecodeBinaryValue(Unhex("00010000"), DataType(TypeId::kInt16)).status().sqlstate() ==
        "22003");
  CHECK(DecodeBinaryValue(Unhex("0000000100000000"), DataType(TypeId::kInt32))
            .status()
            .sqlstate() == "22003");
  Result<Value> odd = DecodeBinaryValue(Unhex("000000"), DataType(TypeId::kInt32));
  CHECK(odd.status().sqlstate() == "22P03");
  CHECK(odd.status().message() == kIncorrectBinaryFormat);
}

TEST_CASE("binary parameters of the wrong length or with invalid content are rejected") {
  CHECK(DecodeBinaryValue("", DataType(TypeId::kBool)).status().sqlstate() == "22P03");
  CHECK(DecodeBinaryValue(Unhex("000000"), DataType(TypeId::kDate)).status().sqlstate() ==
        "22P03");
  CHECK(DecodeBinaryValue(Unhex("0011"), DataType(TypeId::kFloat64)).status().sqlstate() ==
        "22P03");
  CHECK(DecodeBinaryValue(Unhex("7fffffffffffffff"), DataType(TypeId::kTimestamp))
            .status()
            .sqlstate() == "22008");
  CHECK(DecodeBinaryValue("\xff\xfe", DataType(TypeId::kText)).status().sqlstate() == "22021");
  Result<Value> text = DecodeBinaryValue("h\xc3\xa9llo", DataType(TypeId::kText));
  REQUIRE(text.ok());
  CHECK(text->s == "h\xc3\xa9llo");
}

TEST_CASE("float4 parameters are rounded to single precision") {
  Result<Value> v = DecodeBinaryValue(Unhex("3fb999999999999a"), DataType(TypeId::kFloat32));
  REQUIRE(v.ok());
  CHECK(v->f == static_cast<double>(0.1f));
}

}  // namespace kappa::pgwire
