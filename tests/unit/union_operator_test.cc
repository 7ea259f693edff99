#include <doctest/doctest.h>

#include "executor/union_operator.h"
#include "tests/unit/operator_test_util.h"

namespace kappa {
namespace {

using namespace optest;

TEST_CASE("union all passes changes through and forwards a barrier once all inputs have it") {
  UnionOperator u(3);
  RecordingSink sink;
  u.SetOutput(&sink, 0);
  const std::vector<DataType> t = {kInt8};
  REQUIRE(u.OnChanges(0, MakeChunk(t, {{I(1)}})).ok());
  REQUIRE(u.OnChanges(2, MakeChunk(t, {{I(1)}, {I(2)}}, {1, -1})).ok());
  CHECK(sink.TakeChanges() == std::vector<std::string>{"1:1", "1:1", "2:-1"});
  REQUIRE(u.OnBarrier(0, 1).ok());
  REQUIRE(u.OnBarrier(2, 1).ok());
  CHECK(sink.barriers.empty());
  REQUIRE(u.OnBarrier(1, 1).ok());
  CHECK(sink.barriers == std::vector<uint64_t>{1});
  REQUIRE(u.OnEnd(0).ok());
  REQUIRE(u.OnEnd(1).ok());
  CHECK_FALSE(sink.ended);
  REQUIRE(u.OnEnd(2).ok());
  CHECK(sink.ended);
}

TEST_CASE("union forwards per column the minimum watermark once every input has one") {
  UnionOperator u(2);
  RecordingSink sink;
  u.SetOutput(&sink, 0);
  REQUIRE(u.OnWatermark(0, 1, 10).ok());
  CHECK(sink.watermarks.empty());
  REQUIRE(u.OnWatermark(1, 0, 4).ok());  // another column
  CHECK(sink.watermarks.empty());
  REQUIRE(u.OnWatermark(1, 1, 8).ok());
  CHECK(sink.watermarks == std::vector<std::pair<int, int64_t>>{{1, 8}});
  REQUIRE(u.OnWatermark(0, 1, 20).ok());  // min 8: unchanged
  REQUIRE(u.OnWatermark(1, 1, 5).ok());   // backwards: ignored
  CHECK(sink.watermarks.size() == 1);
  REQUIRE(u.OnWatermark(1, 1, 15).ok());
  REQUIRE(u.OnWatermark(0, 0, 9).ok());
  CHECK(sink.watermarks ==
        std::vector<std::pair<int, int64_t>>{{1, 8}, {1, 15}, {0, 4}});
}

}  // namespace
}  // namespace kappa
