#include <doctest/doctest.h>

#include "executor/project_operator.h"

#include "executor/function_registry.h"
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

const DataType kTs(TypeId::kTimestamp);
const DataType kTz(TypeId::kTimestampTz);
constexpr int64_t kMin = 60 * 1000000LL;

// name(args), resolved as the binder does (REQUIRES: no implicit casts needed).
BoundExprPtr Call(const std::string& name, std::vector<BoundExprPtr> args) {
  std::vector<DataType> types;
  for (const auto& a : args) types.push_back(a->type);
  auto r = ResolveScalarFunction(name, types);
  REQUIRE_MESSAGE(r.ok(), r.status().ToString());
  auto e = std::make_unique<BoundExpr>(BoundExprKind::kFunction, r->return_type);
  e->function = r->function;
  e->function_name = name;
  for (auto& a : args) e->children.push_back(std::move(a));
  return e;
}
template <typename... A>
BoundExprPtr Call(const std::string& name, A... args) {
  std::vector<BoundExprPtr> v;
  (v.push_back(std::move(args)), ...);
  return Call(name, std::move(v));
}
BoundExprPtr K(Value v) { return BoundExpr::Constant(std::move(v)); }
BoundExprPtr Minutes(int64_t m) { return K(Iv(0, 0, m * kMin)); }
BoundExprPtr Cast(BoundExprPtr e, DataType t) {
  auto c = std::make_unique<BoundExpr>(BoundExprKind::kCast, t);
  c->children.push_back(std::move(e));
  return c;
}

TEST_CASE("project maps a watermark through TUMBLE's window_start and window_end") {
  // TUMBLE(t, ts, 5 min): [id, ts, tumble_start(ts, 5m), tumble_start(ts, 5m) + 5m]
  std::vector<BoundExprPtr> exprs;
  exprs.push_back(Col(0, kInt8));
  exprs.push_back(Col(1, kTs));
  exprs.push_back(Call("tumble_start", Col(1, kTs), Minutes(5)));
  exprs.push_back(Call("+", Call("tumble_start", Col(1, kTs), Minutes(5)), Minutes(5)));
  ProjectOperator p(std::move(exprs), std::make_shared<EvalContext>());
  RecordingSink sink;
  p.SetOutput(&sink, 0);
  REQUIRE(p.OnWatermark(0, 1, 7 * kMin + 3).ok());
  CHECK(sink.watermarks == std::vector<std::pair<int, int64_t>>{
                               {1, 7 * kMin + 3}, {2, 5 * kMin}, {3, 10 * kMin}});
  // Negative times floor too.
  sink.watermarks.clear();
  REQUIRE(p.OnWatermark(0, 1, -1).ok());
  CHECK(sink.watermarks == std::vector<std::pair<int, int64_t>>{
                               {1, -1}, {2, -5 * kMin}, {3, 0}});
  // Column 0 is only referenced.
  sink.watermarks.clear();
  REQUIRE(p.OnWatermark(0, 0, 42).ok());
  CHECK(sink.watermarks == std::vector<std::pair<int, int64_t>>{{0, 42}});
}

TEST_CASE("project maps a watermark through +/- interval, date_trunc, date_bin and casts") {
  std::vector<BoundExprPtr> exprs;
  exprs.push_back(Call("-", Col(0, kTs), Minutes(1)));                         // 0
  exprs.push_back(Call("+", Minutes(2), Col(0, kTs)));                         // 1
  exprs.push_back(Call("date_trunc", K(T("hour")), Col(0, kTs)));              // 2
  exprs.push_back(Call("date_bin", Minutes(10), Col(0, kTs),                   // 3
                       K(Value::Int(TypeId::kTimestamp, kMin))));
  exprs.push_back(Cast(Col(0, kTs), kTz));                                     // 4
  exprs.push_back(Call("tumble_start", Cast(Col(0, kTs), kTz), Minutes(60)));  // 5
  exprs.push_back(Cast(Col(0, kTs), kText));                                   // 6: not int64
  ProjectOperator p(std::move(exprs), std::make_shared<EvalContext>());
  RecordingSink sink;
  p.SetOutput(&sink, 0);
  const int64_t wm = 95 * kMin + 7;  // 01:35:00.000007
  REQUIRE(p.OnWatermark(0, 0, wm).ok());
  CHECK(sink.watermarks == std::vector<std::pair<int, int64_t>>{
                               {0, wm - kMin}, {1, wm + 2 * kMin}, {2, 60 * kMin},
                               {3, 91 * kMin}, {4, wm}, {5, 60 * kMin}});
}

TEST_CASE("project gives no watermark to non-monotone expressions") {
  std::vector<BoundExprPtr> exprs;
  exprs.push_back(Call("-", Minutes(1), Minutes(1)));  // constant (interval)
  exprs.push_back(Call("-", K(I(100)), Col(0, kInt8)));            // decreasing
  exprs.push_back(Call("+", Col(0, kInt8), Col(1, kInt8)));        // two columns
  exprs.push_back(Call("*", Col(0, kInt8), K(I(2))));              // not recognized
  exprs.push_back(Call("date_part", K(T("minute")), Col(2, kTs))); // not monotone
  exprs.push_back(Call("-", Col(0, kInt8), K(I(10))));             // monotone
  exprs.push_back(Call("tumble_start", Col(2, kTs), Col(3, kIntervalT)));  // size not constant
  ProjectOperator p(std::move(exprs), std::make_shared<EvalContext>());
  RecordingSink sink;
  p.SetOutput(&sink, 0);
  REQUIRE(p.OnWatermark(0, 0, 50).ok());
  REQUIRE(p.OnWatermark(0, 1, 50).ok());
  REQUIRE(p.OnWatermark(0, 2, 50).ok());
  CHECK(sink.watermarks == std::vector<std::pair<int, int64_t>>{{5, 40}});
  CHECK(MonotoneInputColumn(*Call("-", K(I(100)), Col(0, kInt8))) == -1);
  CHECK(MonotoneInputColumn(*Call("+", Col(4, kInt8), K(I(1)))) == 4);
}

TEST_CASE("project drops a watermark whose mapping fails") {
  std::vector<BoundExprPtr> exprs;
  exprs.push_back(Call("+", Col(0, kInt8), K(I(1))));
  ProjectOperator p(std::move(exprs), std::make_shared<EvalContext>());
  RecordingSink sink;
  p.SetOutput(&sink, 0);
  REQUIRE(p.OnWatermark(0, 0, INT64_MAX).ok());  // overflow: nothing forwarded
  CHECK(sink.watermarks.empty());
  REQUIRE(p.OnWatermark(0, 0, 5).ok());
  CHECK(sink.watermarks == std::vector<std::pair<int, int64_t>>{{0, 6}});
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
