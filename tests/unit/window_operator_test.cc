#include <doctest/doctest.h>

#include "executor/window_operator.h"
#include "tests/unit/operator_test_util.h"

namespace kappa {
namespace {

using namespace optest;

using Rows = std::vector<std::string>;

TEST_CASE("row_number numbers rows per partition in order") {
  const std::vector<DataType> t = {kText, kInt8};
  std::vector<BoundExprPtr> partition;
  partition.push_back(Col(0, kText));
  std::vector<OrderKey> order(1);
  order[0].expr = Col(1, kInt8);
  order[0].descending = true;
  order[0].nulls_first = true;
  WindowOperator op(t, std::move(partition), std::move(order), std::make_shared<EvalContext>());
  RecordingSink sink;
  op.SetOutput(&sink, 0);
  REQUIRE(op.OnChanges(0, MakeChunk(t, {{T("b"), I(1)},
                                          {T("a"), I(5)},
                                          {T("a"), I(7)},
                                          {Null(TypeId::kText), I(1)},
                                          {T("b"), I(3)},
                                          {T("a"), I(6)}},
                                    {1, 1, 1, 1, 2, 1}))
              .ok());
  REQUIRE(op.OnChanges(0, MakeChunk(t, {{T("a"), I(6)}}, {-1})).ok());
  REQUIRE(op.OnBarrier(0, 1).ok());
  CHECK(sink.chunks.empty());
  REQUIRE(op.OnEnd(0).ok());
  // Duplicates are numbered apart; partitions in ascending order, NULL last.
  CHECK(Expanded(sink.chunks) ==
        Rows{"a|7|1", "a|5|2", "b|3|1", "b|3|2", "b|1|3", "NULL|1|1"});
}

TEST_CASE("row_number without partition numbers all rows") {
  const std::vector<DataType> t = {kInt8};
  std::vector<OrderKey> order(1);
  order[0].expr = Col(0, kInt8);
  WindowOperator op(t, {}, std::move(order), std::make_shared<EvalContext>());
  RecordingSink sink;
  op.SetOutput(&sink, 0);
  REQUIRE(op.OnChanges(0, MakeChunk(t, {{I(30)}, {I(10)}, {I(20)}})).ok());
  REQUIRE(op.OnEnd(0).ok());
  CHECK(Expanded(sink.chunks) == Rows{"10|1", "20|2", "30|3"});
}

TEST_CASE("row_number numbers ties on the order keys by the whole row") {
  const std::vector<DataType> t = {kInt8, kText};
  std::vector<OrderKey> order(1);
  order[0].expr = Col(0, kInt8);
  WindowOperator op(t, {}, std::move(order), std::make_shared<EvalContext>());
  RecordingSink sink;
  op.SetOutput(&sink, 0);
  REQUIRE(op.OnChanges(0, MakeChunk(t, {{I(1), T("c")},
                                          {I(1), Null(TypeId::kText)},
                                          {I(0), T("z")},
                                          {I(1), T("a")}},
                                    {1, 1, 1, 2}))
              .ok());
  REQUIRE(op.OnEnd(0).ok());
  CHECK(Expanded(sink.chunks) == Rows{"0|z|1", "1|a|2", "1|a|3", "1|c|4", "1|NULL|5"});
}

}  // namespace
}  // namespace kappa
