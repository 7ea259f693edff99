#include <doctest/doctest.h>

#include <cmath>
#include <limits>

#include "executor/sort_operator.h"
#include "tests/unit/operator_test_util.h"

namespace kappa {
namespace {

using namespace optest;

std::vector<OrderKey> Keys(std::vector<std::tuple<int, DataType, bool, bool>> spec) {
  std::vector<OrderKey> keys;
  for (auto& [col, type, desc, nulls_first] : spec) {
    OrderKey k;
    k.expr = Col(col, type);
    k.descending = desc;
    k.nulls_first = nulls_first;
    keys.push_back(std::move(k));
  }
  return keys;
}

std::vector<std::string> RunSort(const std::vector<DataType>& types, std::vector<OrderKey> keys,
                                 const std::vector<Chunk>& input, int64_t limit = -1,
                                 int64_t offset = 0) {
  SortOperator op(types, std::move(keys), limit, offset, std::make_shared<EvalContext>());
  RecordingSink sink;
  op.SetOutput(&sink, 0);
  for (const auto& c : input) REQUIRE(op.OnChanges(0, c).ok());
  REQUIRE(op.OnBarrier(0, 1).ok());
  CHECK(sink.chunks.empty());  // batch-only: nothing before the end
  CHECK(sink.barriers == std::vector<uint64_t>{1});
  REQUIRE(op.OnEnd(0).ok());
  CHECK(sink.ended);
  return Expanded(sink.chunks);
}

using Rows = std::vector<std::string>;

TEST_CASE("sort puts NULLs last ascending and first descending by default") {
  const std::vector<DataType> t = {kInt8};
  auto in = MakeChunk(t, {{I(2)}, {Null(TypeId::kInt64)}, {I(1)}, {I(3)}});
  CHECK(RunSort(t, Keys({{0, kInt8, false, false}}), {in}) == Rows{"1", "2", "3", "NULL"});
  CHECK(RunSort(t, Keys({{0, kInt8, true, true}}), {in}) == Rows{"NULL", "3", "2", "1"});
  CHECK(RunSort(t, Keys({{0, kInt8, false, true}}), {in}) == Rows{"NULL", "1", "2", "3"});
  CHECK(RunSort(t, Keys({{0, kInt8, true, false}}), {in}) == Rows{"3", "2", "1", "NULL"});
}

TEST_CASE("sort orders text bytewise and NaN above every float") {
  const std::vector<DataType> t = {kText};
  auto in = MakeChunk(t, {{T("b")}, {T("B")}, {T("a")}, {T("ab")}, {T("")}});
  CHECK(RunSort(t, Keys({{0, kText, false, false}}), {in}) == Rows{"", "B", "a", "ab", "b"});
  const std::vector<DataType> f = {kFloat8};
  auto fin = MakeChunk(f, {{F(std::nan(""))},
                           {F(std::numeric_limits<double>::infinity())},
                           {F(-1)},
                           {F(0)}});
  CHECK(RunSort(f, Keys({{0, kFloat8, false, false}}), {fin}) ==
        Rows{"-1", "0", "inf", "nan"});
}

TEST_CASE("sort is stable and sorts by several keys") {
  const std::vector<DataType> t = {kInt8, kText};
  auto in = MakeChunk(t, {{I(2), T("first")}, {I(1), T("x")}, {I(2), T("second")}, {I(1), T("w")}});
  CHECK(RunSort(t, Keys({{0, kInt8, false, false}}), {in}) ==
        Rows{"1|x", "1|w", "2|first", "2|second"});
  CHECK(RunSort(t, Keys({{0, kInt8, true, true}, {1, kText, false, false}}), {in}) ==
        Rows{"2|first", "2|second", "1|w", "1|x"});
}

TEST_CASE("sort consolidates retractions before ordering") {
  const std::vector<DataType> t = {kInt8};
  std::vector<Chunk> in = {MakeChunk(t, {{I(3)}, {I(1)}, {I(2)}, {I(1)}}),
                           MakeChunk(t, {{I(1)}, {I(3)}, {I(4)}}, {-1, -1, 2})};
  CHECK(RunSort(t, Keys({{0, kInt8, false, false}}), in) == Rows{"1", "2", "4", "4"});
}

TEST_CASE("top-N applies offset and limit counting duplicate rows") {
  const std::vector<DataType> t = {kInt8};
  auto in = MakeChunk(t, {{I(5)}, {I(1)}, {I(3)}, {I(2)}, {I(4)}}, {1, 1, 3, 1, 1});
  // Ordered: 1 2 3 3 3 4 5
  CHECK(RunSort(t, Keys({{0, kInt8, false, false}}), {in}, 3, 0) == Rows{"1", "2", "3"});
  CHECK(RunSort(t, Keys({{0, kInt8, false, false}}), {in}, 3, 3) == Rows{"3", "3", "4"});
  CHECK(RunSort(t, Keys({{0, kInt8, false, false}}), {in}, -1, 5) == Rows{"4", "5"});
  CHECK(RunSort(t, Keys({{0, kInt8, false, false}}), {in}, 0, 0).empty());
  CHECK(RunSort(t, Keys({{0, kInt8, true, true}}), {in}, 2, 0) == Rows{"5", "4"});
}

TEST_CASE("top-N breaks ties by the whole row, plain ORDER BY stays stable") {
  const std::vector<DataType> t = {kInt8, kText, kNumeric};
  auto in = MakeChunk(t, {{I(1), T("b"), D("1")},
                          {I(1), Null(TypeId::kText), D("0")},
                          {I(1), T("a"), D("2.0")},
                          {I(0), T("z"), D("9")},
                          {I(1), T("a"), D("2")},
                          {I(1), T("a"), D("1")}});
  // LIMIT: key, then every column ascending with NULLs last; 2 before 2.0.
  CHECK(RunSort(t, Keys({{0, kInt8, false, false}}), {in}, 5, 0) ==
        Rows{"0|z|9", "1|a|1", "1|a|2", "1|a|2.0", "1|b|1"});
  CHECK(RunSort(t, Keys({{0, kInt8, true, false}}), {in}, 2, 3) == Rows{"1|b|1", "1|NULL|0"});
  // No LIMIT: arrival order among ties.
  CHECK(RunSort(t, Keys({{0, kInt8, false, false}}), {in}) ==
        Rows{"0|z|9", "1|b|1", "1|NULL|0", "1|a|2.0", "1|a|2", "1|a|1"});
}

}  // namespace
}  // namespace kappa
