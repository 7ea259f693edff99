#include <doctest/doctest.h>

#include "executor/limit_operator.h"
#include "tests/unit/operator_test_util.h"

namespace kappa {
namespace {

using namespace optest;

const std::vector<DataType> kT = {kText};
using Rows = std::vector<std::string>;

TEST_CASE("limit over unordered input consolidates and keeps the order rows last appeared in") {
  LimitOperator op(kT, 3, 1, /*ordered_input=*/false);
  RecordingSink sink;
  op.SetOutput(&sink, 0);
  // a, b, c, then a deleted and inserted again (an UPDATE moves it to the end), d.
  REQUIRE(op.OnChanges(0, MakeChunk(kT, {{T("a")}, {T("b")}, {T("c")}})).ok());
  REQUIRE(op.OnChanges(0, MakeChunk(kT, {{T("a")}, {T("a")}, {T("d")}}, {-1, 1, 1})).ok());
  REQUIRE(op.OnBarrier(0, 1).ok());
  CHECK(sink.chunks.empty());
  REQUIRE(op.OnEnd(0).ok());
  CHECK(Expanded(sink.chunks) == Rows{"c", "a", "d"});
  CHECK(sink.ended);
}

TEST_CASE("limit over ordered input passes the rows inside the window as they come") {
  LimitOperator op(kT, 2, 1, /*ordered_input=*/true);
  RecordingSink sink;
  op.SetOutput(&sink, 0);
  REQUIRE(op.OnChanges(0, MakeChunk(kT, {{T("z")}, {T("y")}}, {1, 2})).ok());
  CHECK(Expanded(sink.chunks) == Rows{"y", "y"});
  REQUIRE(op.OnChanges(0, MakeChunk(kT, {{T("x")}})).ok());
  CHECK(Expanded(sink.chunks) == Rows{"y", "y"});
  REQUIRE(op.OnEnd(0).ok());
  CHECK(sink.ended);
}

TEST_CASE("limit ALL with an offset skips rows counting duplicates") {
  LimitOperator op(kT, -1, 2, /*ordered_input=*/true);
  RecordingSink sink;
  op.SetOutput(&sink, 0);
  REQUIRE(op.OnChanges(0, MakeChunk(kT, {{T("a")}, {T("b")}, {T("c")}}, {1, 3, 1})).ok());
  CHECK(Expanded(sink.chunks) == Rows{"b", "b", "c"});
}

}  // namespace
}  // namespace kappa
