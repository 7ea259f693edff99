#include <doctest/doctest.h>

#include <cmath>
#include <limits>

#include "common/decimal.h"
#include "executor/aggregate_function.h"
#include "tests/unit/operator_test_util.h"

namespace kappa {
namespace {

using namespace optest;

DataType Ret(const char* name, std::vector<DataType> args) {
  auto r = ResolveAggregate(name, args);
  REQUIRE(r.ok());
  return r->return_type;
}

TEST_CASE("aggregates resolve to PostgreSQL's result types") {
  const DataType i2(TypeId::kInt16), i4(TypeId::kInt32), i8(TypeId::kInt64);
  const DataType f4(TypeId::kFloat32), f8(TypeId::kFloat64), iv(TypeId::kInterval);
  CHECK(ResolveAggregate("count", {})->kind == AggregateKind::kCountStar);
  CHECK(Ret("count", {}) == i8);
  CHECK(Ret("count", {kText}) == i8);
  CHECK(Ret("sum", {i2}) == i8);
  CHECK(Ret("sum", {i4}) == i8);
  CHECK(Ret("sum", {i8}) == DataType::Numeric());
  CHECK(Ret("sum", {DataType::Numeric(10, 2)}) == DataType::Numeric());
  CHECK(Ret("sum", {f4}) == f4);
  CHECK(Ret("sum", {f8}) == f8);
  CHECK(Ret("sum", {iv}) == iv);
  CHECK(Ret("avg", {i4}) == DataType::Numeric());
  CHECK(Ret("avg", {i8}) == DataType::Numeric());
  CHECK(Ret("avg", {f4}) == f8);
  CHECK(Ret("avg", {iv}) == iv);
  CHECK(Ret("min", {i4}) == i4);
  CHECK(Ret("max", {DataType::Numeric(5, 2)}) == DataType::Numeric());
  CHECK(Ret("max", {DataType::Varchar(10)}) == kText);
  CHECK(Ret("min", {DataType(TypeId::kUnknown)}) == kText);
  CHECK(Ret("max", {DataType(TypeId::kTimestampTz)}) == DataType(TypeId::kTimestampTz));
  CHECK(Ret("bool_and", {kBool}) == kBool);
  CHECK(Ret("every", {kBool}) == kBool);
  CHECK(Ret("string_agg", {DataType::Varchar(), kText}) == kText);
  CHECK(IsAggregateName("avg"));
  CHECK_FALSE(IsAggregateName("lower"));
}

TEST_CASE("aggregates over unsupported types fail like PostgreSQL") {
  auto sum_text = ResolveAggregate("sum", {kText});
  CHECK(sum_text.status().sqlstate() == "42883");
  CHECK(sum_text.status().message() == "function sum(text) does not exist");
  auto max_bool = ResolveAggregate("max", {kBool});
  CHECK(max_bool.status().message() == "function max(boolean) does not exist");
  auto sum_unknown = ResolveAggregate("sum", {DataType(TypeId::kUnknown)});
  CHECK(sum_unknown.status().sqlstate() == "42725");
  CHECK(sum_unknown.status().message() == "function sum(unknown) is not unique");
  auto varchar = ResolveAggregate("avg", {DataType::Varchar(5)});
  CHECK(varchar.status().message() == "function avg(character varying) does not exist");
  CHECK(ResolveAggregate("count", {kInt8, kInt8}).status().sqlstate() == "42883");
}

// Runs values (with weights) through one aggregate state for group 0 and
// returns the result's text.
std::string Run(const char* name, DataType type, const std::vector<Value>& values,
                const std::vector<int64_t>& weights = {}, const std::vector<Value>& arg2 = {}) {
  std::vector<DataType> args = {type};
  const bool with_delim = std::string(name) == "string_agg";
  if (with_delim) args.push_back(kText);
  ResolvedAggregate agg = ResolveAggregate(name, args).value();
  auto state = MakeAggregateState(agg);
  REQUIRE(state != nullptr);
  state->Resize(1);
  Column arg(type), delim(kText);
  for (const auto& v : values) arg.Append(v);
  for (const auto& v : arg2) delim.Append(v);
  std::vector<uint32_t> gids(values.size(), 0), rows;
  for (uint32_t i = 0; i < values.size(); ++i) rows.push_back(i);
  std::vector<int64_t> w = weights.empty() ? std::vector<int64_t>(values.size(), 1) : weights;
  REQUIRE(state->Update(gids.data(), rows.data(), w.data(), values.size(), &arg,
                        with_delim ? &delim : nullptr)
              .ok());
  Column out(agg.return_type);
  uint32_t g = 0;
  REQUIRE(state->Finalize(&g, 1, &out).ok());
  return ValueText(out, 0);
}

TEST_CASE("avg uses PostgreSQL's numeric division scale") {
  CHECK(Run("avg", kInt4, {I4(1), I4(2)}) == "1.5000000000000000");
  CHECK(Run("avg", kInt8, {I(1)}) == "1.00000000000000000000");
  CHECK(Run("avg", kInt4, {I4(12345), I4(2)}) == "6173.5000000000000000");
  CHECK(Run("avg", kInt8, {I(100000000), I(3)}) == "50000001.500000000000");
  CHECK(Run("avg", kNumeric, {D("0.001"), D("0.002")}) == "0.00150000000000000000");
  CHECK(Run("avg", kNumeric, {D("1.25"), D("2")}) == "1.6250000000000000");
  CHECK(Run("avg", kFloat8, {F(1), F(2)}) == "1.5");
  CHECK(Run("avg", kInt4, {}) == "NULL");
}

TEST_CASE("sum keeps exact totals and the scale of the live values") {
  CHECK(Run("sum", kNumeric, {D("1.50"), D("2.250")}) == "3.750");
  // Retracting the only value with scale 3 brings the result back to scale 2.
  CHECK(Run("sum", kNumeric, {D("1.50"), D("2.250"), D("2.250")}, {1, 1, -1}) == "1.50");
  CHECK(Run("sum", kInt4, {I4(2147483647), I4(1)}) == "2147483648");
  CHECK(Run("sum", kInt8, {I(INT64_MAX), I(INT64_MAX)}) == "18446744073709551614");
  CHECK(Run("sum", kInt8, {I(5), I(5)}, {1, -1}) == "NULL");
  CHECK(Run("sum", kIntervalT, {Iv(1, 2, 3), Iv(0, 1, 10)}) == "1m3d13us");
}

TEST_CASE("float sums recover from retracted infinities and NaNs") {
  const double inf = std::numeric_limits<double>::infinity();
  CHECK(Run("sum", kFloat8, {F(1.5), F(inf)}) == "inf");
  CHECK(Run("sum", kFloat8, {F(1.5), F(inf), F(-inf)}) == "nan");
  CHECK(Run("sum", kFloat8, {F(1.5), F(inf), F(inf)}, {1, 1, -1}) == "1.5");
  CHECK(Run("sum", kFloat8, {F(2), F(std::nan(""))}, {1, 1}) == "nan");
}

TEST_CASE("min and max survive the deletion of the current extreme") {
  CHECK(Run("max", kInt8, {I(3), I(9), I(5), I(9)}, {1, 1, 1, -1}) == "5");
  CHECK(Run("min", kInt8, {I(3), I(9), I(3), I(3)}, {1, 1, 1, -1}) == "3");
  CHECK(Run("min", kInt8, {I(3), I(3)}, {1, -1}) == "NULL");
  CHECK(Run("max", kText, {T("b"), T("ab"), T("B")}) == "b");
  CHECK(Run("max", kFloat8, {F(1), F(std::nan(""))}) == "nan");
  CHECK(Run("min", kNumeric, {D("2.50"), D("10"), D("2.5")}) == "2.50");
  CHECK(Run("max", kIntervalT, {Iv(1, 0, 0), Iv(0, 31, 0)}) == "0m31d0us");
  CHECK(Run("max", kInt8, {Null(TypeId::kInt64), I(2)}) == "2");
}

TEST_CASE("min and max merge large buffered inputs per group") {
  ResolvedAggregate agg = ResolveAggregate("max", {kInt8}).value();
  auto state = MakeAggregateState(agg);
  const uint32_t groups = 7;
  state->Resize(groups);
  const size_t n = 200000;
  Column arg(kInt8);
  std::vector<uint32_t> gids, rows;
  std::vector<int64_t> w;
  for (size_t i = 0; i < n; ++i) {
    arg.Append(I(static_cast<int64_t>((i * 7919) % 100003)));
    gids.push_back(static_cast<uint32_t>(i % groups));
    rows.push_back(static_cast<uint32_t>(i));
    w.push_back(1);
  }
  REQUIRE(state->Update(gids.data(), rows.data(), w.data(), n, &arg, nullptr).ok());
  // Retract everything from group 0, and the values above 50000 from group 1.
  std::vector<uint32_t> rg, rr;
  std::vector<int64_t> rw;
  int64_t expect1 = -1;
  for (size_t i = 0; i < n; ++i) {
    int64_t v = arg.ints[i];
    if (gids[i] == 0 || (gids[i] == 1 && v > 50000)) {
      rg.push_back(gids[i]);
      rr.push_back(static_cast<uint32_t>(i));
      rw.push_back(-1);
    } else if (gids[i] == 1) {
      expect1 = std::max(expect1, v);
    }
  }
  REQUIRE(state->Update(rg.data(), rr.data(), rw.data(), rg.size(), &arg, nullptr).ok());
  Column out(kInt8);
  uint32_t ids[] = {0, 1};
  REQUIRE(state->Finalize(ids, 2, &out).ok());
  CHECK(out.nulls[0] == 1);
  CHECK(out.ints[1] == expect1);
}

TEST_CASE("bool_and, bool_or and count ignore NULLs") {
  CHECK(Run("bool_and", kBool, {B(true), B(false)}) == "f");
  CHECK(Run("bool_and", kBool, {B(true), B(false)}, {1, -1}) == "t");
  CHECK(Run("bool_or", kBool, {B(false), Null(TypeId::kBool)}) == "f");
  CHECK(Run("bool_or", kBool, {Null(TypeId::kBool)}) == "NULL");
  CHECK(Run("count", kInt8, {I(1), Null(TypeId::kInt64), I(2)}) == "2");
  CHECK(Run("count", kInt8, {}) == "0");
}

TEST_CASE("string_agg joins values in arrival order with each later row's delimiter") {
  CHECK(Run("string_agg", kText, {T("a"), T("b"), T("c")}, {}, {T("1"), T("2"), Null(TypeId::kText)}) ==
        "a2bc");
  CHECK(Run("string_agg", kText, {T("a"), T("b"), T("a"), T("c")}, {1, 1, -1, 1},
            {T(","), T(","), T(","), T(",")}) == "b,c");
  CHECK(Run("string_agg", kText, {T("a"), Null(TypeId::kText)}, {}, {T(","), T(",")}) == "a");
  CHECK(Run("string_agg", kText, {}, {}, {}) == "NULL");
}

TEST_CASE("avg of intervals divides like PostgreSQL's interval_div") {
  // avg('1 day', '1 hour', '3 mon') = '1 mon 08:20:00'
  const int64_t hour = 3600LL * 1000000;
  CHECK(Run("avg", kIntervalT, {Iv(0, 1, 0), Iv(0, 0, hour), Iv(3, 0, 0)}) ==
        "1m0d" + std::to_string(8 * hour + 20 * 60 * 1000000LL) + "us");
  // avg('1 mon', '1 day') = '15 days 12:00:00'
  CHECK(Run("avg", kIntervalT, {Iv(1, 0, 0), Iv(0, 1, 0)}) ==
        "0m15d" + std::to_string(12 * hour) + "us");
}

}  // namespace
}  // namespace kappa
