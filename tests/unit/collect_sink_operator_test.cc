#include <doctest/doctest.h>

#include <atomic>

#include "executor/collect_sink_operator.h"
#include "tests/unit/operator_test_util.h"

namespace kappa {
namespace {

using namespace optest;

using Rows = std::vector<std::string>;

TEST_CASE("the collect sink keeps rows with positive net count in the order they last appeared") {
  const std::vector<DataType> t = {kText};
  CollectSinkOperator sink(t, /*ordered=*/false);
  REQUIRE(sink.OnChanges(0, MakeChunk(t, {{T("a")}, {T("b")}, {T("c")}, {T("b")}})).ok());
  REQUIRE(sink.OnChanges(0, MakeChunk(t, {{T("a")}, {T("c")}, {T("a")}}, {-1, -1, 1})).ok());
  REQUIRE(sink.OnBarrier(0, 1).ok());
  REQUIRE(sink.OnEnd(0).ok());
  CHECK(sink.ended());
  CHECK(sink.last_epoch() == 1);
  auto result = sink.TakeResult();
  REQUIRE(result.size() == 1);
  CHECK(result[0].weights == std::vector<int64_t>{2, 1});
  CHECK(Expanded(result) == Rows{"b", "b", "a"});
}

TEST_CASE("the ordered collect sink keeps rows as they come and refuses retractions") {
  const std::vector<DataType> t = {kInt8};
  CollectSinkOperator sink(t, /*ordered=*/true);
  REQUIRE(sink.OnChanges(0, MakeChunk(t, {{I(3)}, {I(1)}, {I(3)}})).ok());
  CHECK(Expanded(sink.TakeResult()) == Rows{"3", "1", "3"});
  CHECK(sink.OnChanges(0, MakeChunk(t, {{I(3)}}, {-1})).sqlstate() == "XX000");
}

TEST_CASE("the collect sink refuses chunks with 57014 once the query is cancelled") {
  const std::vector<DataType> t = {kInt8};
  std::atomic<bool> cancel{false};
  CollectSinkOperator sink(t, /*ordered=*/false, &cancel);
  REQUIRE(sink.OnChanges(0, MakeChunk(t, {{I(1)}})).ok());
  cancel = true;
  Status st = sink.OnChanges(0, MakeChunk(t, {{I(2)}}));
  CHECK(st.sqlstate() == "57014");
  CHECK(st.message() == "canceling statement due to user request");
}

}  // namespace
}  // namespace kappa
