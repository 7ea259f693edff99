#include <doctest/doctest.h>

#include "executor/filter_operator.h"
#include "tests/unit/operator_test_util.h"

namespace kappa {
namespace {

using namespace optest;

TEST_CASE("filter keeps inserts and retractions whose predicate is TRUE, not FALSE or NULL") {
  FilterOperator f(Col(1, kBool), std::make_shared<EvalContext>());
  RecordingSink sink;
  f.SetOutput(&sink, 0);
  const std::vector<DataType> t = {kInt8, kBool};
  REQUIRE(f.OnChanges(0, MakeChunk(t, {{I(1), B(true)},
                                         {I(2), B(false)},
                                         {I(3), Null(TypeId::kBool)},
                                         {I(4), B(true)}},
                                   {1, 1, 1, -2}))
              .ok());
  CHECK(sink.TakeChanges() == std::vector<std::string>{"1|t:1", "4|t:-2"});
  REQUIRE(f.OnChanges(0, MakeChunk(t, {{I(5), B(false)}})).ok());
  CHECK(sink.chunks.size() == 1);  // an empty result is not sent
}

}  // namespace
}  // namespace kappa
