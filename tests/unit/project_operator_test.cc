#include <doctest/doctest.h>

#include "executor/project_operator.h"
#include "tests/unit/operator_test_util.h"

namespace kappa {
namespace {

using namespace optest;

TEST_CASE("project evaluates one expression per output column and keeps weights") {
  std::vector<BoundExprPtr> exprs;
  exprs.push_back(Col(1, kText));
  exprs.push_back(BoundExpr::Constant(I(7)));
  exprs.push_back(Col(0, kInt8));
  exprs.push_back(Col(1, kText));
  ProjectOperator p(std::move(exprs), std::make_shared<EvalContext>());
  RecordingSink sink;
  p.SetOutput(&sink, 0);
  const std::vector<DataType> t = {kInt8, kText};
  REQUIRE(p.OnChanges(0, MakeChunk(t, {{I(1), T("a")}, {Null(TypeId::kInt64), T("b")}}, {1, -1}))
              .ok());
  CHECK(sink.TakeChanges() == std::vector<std::string>{"a|7|1|a:1", "b|7|NULL|b:-1"});
}

TEST_CASE("project forwards a watermark to every output column referencing its column") {
  std::vector<BoundExprPtr> exprs;
  exprs.push_back(Col(1, kInt8));
  exprs.push_back(Col(0, kInt8));
  exprs.push_back(Col(1, kInt8));
  ProjectOperator p(std::move(exprs), std::make_shared<EvalContext>());
  RecordingSink sink;
  p.SetOutput(&sink, 0);
  REQUIRE(p.OnWatermark(0, 1, 500).ok());
  REQUIRE(p.OnWatermark(0, 2, 700).ok());  // no output column: dropped
  CHECK(sink.watermarks == std::vector<std::pair<int, int64_t>>{{0, 500}, {2, 500}});
}

TEST_CASE("EvaluateColumn hands out a referenced column without copying it") {
  const std::vector<DataType> t = {kInt8, kText};
  Chunk c = MakeChunk(t, {{I(1), T("a")}});
  Column scratch;
  auto col = EvaluateColumn(*Col(1, kText), c, EvalContext(), &scratch);
  REQUIRE(col.ok());
  CHECK(col.value() == &c.columns[1]);
  auto constant = EvaluateColumn(*BoundExpr::Constant(I(5)), c, EvalContext(), &scratch);
  REQUIRE(constant.ok());
  CHECK(constant.value() == &scratch);
  CHECK(scratch.ints == std::vector<int64_t>{5});
}

}  // namespace
}  // namespace kappa
