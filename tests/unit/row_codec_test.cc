#include "storage/row_codec.h"

#include <doctest/doctest.h>

#include <cmath>
#include <cstring>
#include <limits>
#include <random>

namespace kappa {
namespace {

const __int128 kI128Max = static_cast<__int128>(~static_cast<unsigned __int128>(0) >> 1);
const __int128 kI128Min = -kI128Max - 1;

bool SameBits(double a, double b) { return std::memcmp(&a, &b, sizeof(double)) == 0; }

// Compares two chunks value by value (payloads of NULL rows are ignored).
void CheckEqual(const Chunk& a, const Chunk& b) {
  REQUIRE(a.num_rows == b.num_rows);
  REQUIRE(a.weights == b.weights);
  REQUIRE(a.columns.size() == b.columns.size());
  for (size_t c = 0; c < a.columns.size(); ++c) {
    const Column& x = a.columns[c];
    const Column& y = b.columns[c];
    CAPTURE(c);
    REQUIRE(x.size() == a.num_rows);
    REQUIRE(y.size() == b.num_rows);
    for (size_t r = 0; r < a.num_rows; ++r) {
      CAPTURE(r);
      REQUIRE(x.IsNull(r) == y.IsNull(r));
      if (x.IsNull(r)) continue;
      switch (Physical(x.type)) {
        case PhysicalKind::kInt64: CHECK(x.ints[r] == y.ints[r]); break;
        case PhysicalKind::kFloat64: CHECK(SameBits(x.floats[r], y.floats[r])); break;
        case PhysicalKind::kDecimal:
          CHECK((x.decimals[r].unscaled == y.decimals[r].unscaled));
          CHECK(x.decimals[r].scale == y.decimals[r].scale);
          break;
        case PhysicalKind::kString: CHECK(x.strings[r] == y.strings[r]); break;
        case PhysicalKind::kInterval:
          CHECK(x.intervals[r].months == y.intervals[r].months);
          CHECK(x.intervals[r].days == y.intervals[r].days);
          CHECK(x.intervals[r].micros == y.intervals[r].micros);
          break;
      }
    }
  }
}

Chunk RoundTrip(const Chunk& in) {
  std::string bytes;
  EncodeRows(in, &bytes);
  Chunk out(in.Types());
  Status st = DecodeRows(bytes, &out);
  REQUIRE_MESSAGE(st.ok(), st.ToString());
  return out;
}

std::vector<DataType> AllTypes() {
  return {DataType(TypeId::kBool),      DataType(TypeId::kInt16),
          DataType(TypeId::kInt32),     DataType(TypeId::kInt64),
          DataType(TypeId::kFloat32),   DataType(TypeId::kFloat64),
          DataType::Numeric(38, 4),     DataType::Varchar(20),
          DataType(TypeId::kText),      DataType(TypeId::kDate),
          DataType(TypeId::kTime),      DataType(TypeId::kTimestamp),
          DataType(TypeId::kTimestampTz), DataType(TypeId::kInterval),
          DataType(TypeId::kUnknown)};
}

TEST_CASE("every column type round-trips through the row codec, with NULLs and signed weights") {
  Chunk in(AllTypes());
  in.AppendRow({Value::Bool(true), Value::Int(TypeId::kInt16, -32768),
                Value::Int(TypeId::kInt32, 2147483647), Value::Int(TypeId::kInt64, -5),
                Value::Float(TypeId::kFloat32, 1.5), Value::Float(TypeId::kFloat64, 0.1),
                Value::Dec({12345, 4}), Value::String("héllo", DataType::Varchar(20)),
                Value::String(""), Value::Int(TypeId::kDate, -719528),
                Value::Int(TypeId::kTime, 86399999999), Value::Int(TypeId::kTimestamp, 0),
                Value::Int(TypeId::kTimestampTz, 1700000000000000),
                Value::Intv({-14, 3, -4000000}), Value::String("untyped", DataType())},
               1);
  std::vector<Value> nulls;
  for (const auto& t : AllTypes()) nulls.push_back(Value::Null(t));
  in.AppendRow(nulls, -1);
  in.AppendRow({Value::Bool(false), Value::Int(TypeId::kInt16, 7), Value::Int(TypeId::kInt32, -1),
                Value::Int(TypeId::kInt64, std::numeric_limits<int64_t>::max()),
                Value::Float(TypeId::kFloat32, -0.0), Value::Float(TypeId::kFloat64, 1e300),
                Value::Dec({-1, 4}), Value::String("x"), Value::String(std::string("a\0b", 3)),
                Value::Int(TypeId::kDate, 20000), Value::Int(TypeId::kTime, 0),
                Value::Int(TypeId::kTimestamp, std::numeric_limits<int64_t>::min()),
                Value::Int(TypeId::kTimestampTz, -1), Value::Intv({0, 0, 0}),
                Value::Null(DataType())},
               3);
  CheckEqual(in, RoundTrip(in));
}

TEST_CASE("empty strings and strings with NUL bytes round-trip") {
  Chunk in({DataType(TypeId::kText)});
  const std::string cases[] = {"", std::string(1, '\0'), std::string("\0\0x\0", 4),
                               std::string(1000, 'z'), "plain"};
  for (const auto& s : cases) in.AppendRow({Value::String(s)});
  in.AppendRow({Value::Null(DataType(TypeId::kText))});
  Chunk out = RoundTrip(in);
  CheckEqual(in, out);
  CHECK(out.columns[0].strings[1].size() == 1);
  CHECK(out.columns[0].strings[2] == std::string("\0\0x\0", 4));
}

TEST_CASE("decimals keep __int128 extremes and per-row scales") {
  Chunk in({DataType::Numeric()});
  in.AppendRow({Value::Dec({kI128Max, 0})});
  in.AppendRow({Value::Dec({kI128Min, 38})});
  in.AppendRow({Value::Dec({1050, 2})});  // 10.50 keeps its scale
  in.AppendRow({Value::Dec({0, 7})});
  in.AppendRow({Value::Null(DataType::Numeric())});
  CheckEqual(in, RoundTrip(in));

  Chunk small({DataType::Numeric(10, 2)});  // the int64 fast path with one scale
  small.AppendRow({Value::Dec({-999, 2})});
  small.AppendRow({Value::Dec({std::numeric_limits<int64_t>::min(), 2})});
  small.AppendRow({Value::Dec({std::numeric_limits<int64_t>::max(), 2})});
  CheckEqual(small, RoundTrip(small));
}

TEST_CASE("floats keep NaN, infinities, negative zero and values that need double precision") {
  Chunk in({DataType(TypeId::kFloat64)});
  const double cases[] = {std::numeric_limits<double>::quiet_NaN(),
                          std::numeric_limits<double>::infinity(),
                          -std::numeric_limits<double>::infinity(), -0.0, 0.1,
                          std::numeric_limits<double>::denorm_min()};
  for (double d : cases) in.AppendRow({Value::Float(TypeId::kFloat64, d)});
  CheckEqual(in, RoundTrip(in));

  Chunk floats({DataType(TypeId::kFloat32)});  // exactly representable: 4 bytes each
  for (int i = 0; i < 100; ++i) {
    floats.AppendRow({Value::Float(TypeId::kFloat32, static_cast<float>(i) / 3.0f)});
  }
  std::string bytes;
  EncodeRows(floats, &bytes);
  CHECK(bytes.size() < 100 * 4 + 16);
  CheckEqual(floats, RoundTrip(floats));
}

TEST_CASE("integer columns keep the whole int64 range") {
  Chunk in({DataType(TypeId::kInt64)});
  in.AppendRow({Value::Int(TypeId::kInt64, std::numeric_limits<int64_t>::min())});
  in.AppendRow({Value::Int(TypeId::kInt64, std::numeric_limits<int64_t>::max())});
  in.AppendRow({Value::Int(TypeId::kInt64, 0)});
  in.AppendRow({Value::Null(DataType(TypeId::kInt64))}, std::numeric_limits<int64_t>::min());
  in.weights[2] = std::numeric_limits<int64_t>::max();
  CheckEqual(in, RoundTrip(in));
}

TEST_CASE("a single-row insert encodes in a few bytes") {
  Chunk in({DataType(TypeId::kInt32), DataType(TypeId::kText)});
  in.AppendRow({Value::Int(TypeId::kInt32, 42), Value::String("abc")});
  std::string bytes;
  EncodeRows(in, &bytes);
  // version, rows, cols, weights(2), int col(2+2), text col(2+lengths 2+3)
  CHECK(bytes.size() <= 20);
  CheckEqual(in, RoundTrip(in));
}

TEST_CASE("a chunk with no rows round-trips") {
  Chunk in(AllTypes());
  Chunk out = RoundTrip(in);
  CHECK(out.num_rows == 0);
  CheckEqual(in, out);
}

TEST_CASE("decoding appends to the rows a chunk already has") {
  Chunk a({DataType(TypeId::kInt64), DataType(TypeId::kText)});
  a.AppendRow({Value::Int(TypeId::kInt64, 1), Value::String("one")});
  Chunk b({DataType(TypeId::kInt64), DataType(TypeId::kText)});
  b.AppendRow({Value::Int(TypeId::kInt64, 2), Value::String("two")}, -1);
  b.AppendRow({Value::Null(DataType(TypeId::kInt64)), Value::String("three")});
  std::string ea, eb;
  EncodeRows(a, &ea);
  EncodeRows(b, &eb);
  Chunk out(a.Types());
  REQUIRE(DecodeRows(ea, &out).ok());
  REQUIRE(DecodeRows(eb, &out).ok());
  Chunk expected = a;
  expected.AppendRowFrom(b, 0);
  expected.AppendRowFrom(b, 1);
  CheckEqual(expected, out);
}

TEST_CASE("an entry written before a column was added decodes with NULLs in that column") {
  Chunk old({DataType(TypeId::kInt64)});
  old.AppendRow({Value::Int(TypeId::kInt64, 5)});
  std::string bytes;
  EncodeRows(old, &bytes);
  Chunk out({DataType(TypeId::kInt64), DataType(TypeId::kText)});
  REQUIRE(DecodeRows(bytes, &out).ok());
  REQUIRE(out.num_rows == 1);
  CHECK(out.columns[0].ints[0] == 5);
  CHECK(out.columns[1].IsNull(0));
  CHECK(out.columns[1].strings.size() == 1);
}

TEST_CASE("malformed or mismatched input fails with XX001 and never crashes") {
  Chunk in(AllTypes());
  std::vector<Value> row;
  for (const auto& t : AllTypes()) row.push_back(Value::Null(t));
  in.AppendRow(row);
  in.columns[3].ints[0] = 99;
  in.columns[3].nulls[0] = 0;
  std::string bytes;
  EncodeRows(in, &bytes);
  for (size_t len = 0; len < bytes.size(); ++len) {
    Chunk out(AllTypes());
    Status st = DecodeRows(std::string_view(bytes.data(), len), &out);
    CHECK_FALSE(st.ok());
    CHECK(st.sqlstate() == "XX001");
  }
  Chunk wrong({DataType(TypeId::kText)});  // int column read as text
  Chunk ints({DataType(TypeId::kInt64)});
  ints.AppendRow({Value::Int(TypeId::kInt64, 1)});
  std::string ib;
  EncodeRows(ints, &ib);
  CHECK(DecodeRows(ib, &wrong).sqlstate() == "XX001");
  Chunk fewer{std::vector<DataType>{}};
  CHECK(DecodeRows(ib, &fewer).sqlstate() == "XX001");
  std::string bad = ib;
  bad[0] = 9;  // unknown version
  Chunk out({DataType(TypeId::kInt64)});
  CHECK(DecodeRows(bad, &out).sqlstate() == "XX001");
  CHECK(DecodeRows(ib + "x", &out).sqlstate() == "XX001");
}

TEST_CASE("NULL rows decode with zero payloads whatever the encoder's slots held") {
  Chunk in({DataType(TypeId::kInt64), DataType(TypeId::kFloat64), DataType::Numeric(),
            DataType(TypeId::kText), DataType(TypeId::kInterval)});
  in.AppendRow({Value::Int(TypeId::kInt64, 5), Value::Float(TypeId::kFloat64, 2),
                Value::Dec({7, 1}), Value::String("x"), Value::Intv({1, 2, 3})});
  in.AppendRow({Value::Int(TypeId::kInt64, 9), Value::Float(TypeId::kFloat64, 3),
                Value::Dec({8, 2}), Value::String("garbage"), Value::Intv({4, 5, 6})});
  for (auto& col : in.columns) col.nulls[1] = 1;  // row 1 NULL, slots still hold values
  Chunk out = RoundTrip(in);
  CheckEqual(in, out);
  CHECK(out.columns[0].ints[1] == 0);
  CHECK(out.columns[1].floats[1] == 0.0);
  CHECK((out.columns[2].decimals[1].unscaled == 0));
  CHECK(out.columns[2].decimals[1].scale == 0);
  CHECK(out.columns[3].strings[1].empty());
  CHECK(out.columns[4].intervals[1].months == 0);
  CHECK(out.columns[4].intervals[1].micros == 0);
}

TEST_CASE("EncodedRowCount reads the row count without decoding") {
  Chunk in({DataType(TypeId::kInt64)});
  for (int i = 0; i < 300; ++i) in.AppendRow({Value::Int(TypeId::kInt64, i)});
  std::string bytes;
  EncodeRows(in, &bytes);
  Result<size_t> n = EncodedRowCount(bytes);
  REQUIRE(n.ok());
  CHECK(*n == 300);
  CHECK_FALSE(EncodedRowCount("").ok());
}

TEST_CASE("random chunks of every type round-trip") {
  std::mt19937_64 rng(12345);
  auto types = AllTypes();
  for (int iter = 0; iter < 200; ++iter) {
    Chunk in(types);
    size_t rows = rng() % 50;
    int magnitude = static_cast<int>(rng() % 64);
    for (size_t r = 0; r < rows; ++r) {
      std::vector<Value> row;
      for (const auto& t : types) {
        if (rng() % 5 == 0) {
          row.push_back(Value::Null(t));
          continue;
        }
        int64_t x = static_cast<int64_t>(rng() >> (63 - magnitude % 63));
        if (rng() % 2) x = -x;
        switch (Physical(t)) {
          case PhysicalKind::kInt64: row.push_back(Value::Int(t.id, x)); break;
          case PhysicalKind::kFloat64:
            row.push_back(Value::Float(t.id, static_cast<double>(x) / 7.0));
            break;
          case PhysicalKind::kDecimal:
            row.push_back(Value::Dec({static_cast<__int128>(x) * (rng() % 3 == 0 ? x : 1),
                                      static_cast<int32_t>(rng() % 20)}));
            break;
          case PhysicalKind::kString:
            row.push_back(Value::String(std::string(rng() % 40, static_cast<char>(rng())), t));
            break;
          case PhysicalKind::kInterval:
            row.push_back(Value::Intv({static_cast<int32_t>(x), static_cast<int32_t>(rng()),
                                       static_cast<int64_t>(static_cast<uint64_t>(x) * 1000)}));
            break;
        }
      }
      in.AppendRow(row, static_cast<int64_t>(rng() % 7) - 3);
    }
    CheckEqual(in, RoundTrip(in));
  }
}

}  // namespace
}  // namespace kappa
