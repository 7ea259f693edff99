#include <doctest/doctest.h>

#include <random>

#include "executor/hash_aggregate_operator.h"
#include "tests/unit/operator_test_util.h"

namespace kappa {
namespace {

using namespace optest;

AggregateSpec Agg(const char* name, std::vector<DataType> arg_types, BoundExprPtr arg,
                  bool distinct = false, BoundExprPtr filter = nullptr) {
  AggregateSpec s;
  s.agg = ResolveAggregate(name, arg_types).value();
  s.arg = std::move(arg);
  s.filter = std::move(filter);
  s.distinct = distinct;
  s.name = name;
  return s;
}

std::unique_ptr<HashAggregateOperator> MakeAgg(std::vector<BoundExprPtr> groups,
                                               std::vector<AggregateSpec> aggs) {
  auto r = HashAggregateOperator::Create(std::move(groups), std::move(aggs),
                                         std::make_shared<EvalContext>());
  REQUIRE(r.ok());
  return std::move(r).value();
}

std::vector<BoundExprPtr> Exprs(BoundExprPtr a) {
  std::vector<BoundExprPtr> v;
  v.push_back(std::move(a));
  return v;
}

// count(*), sum(#1), max(#1) GROUP BY #0 over (k text, x int8).
std::unique_ptr<HashAggregateOperator> CountSumMax() {
  std::vector<AggregateSpec> aggs;
  aggs.push_back(Agg("count", {}, nullptr));
  aggs.push_back(Agg("sum", {kInt8}, Col(1, kInt8)));
  aggs.push_back(Agg("max", {kInt8}, Col(1, kInt8)));
  return MakeAgg(Exprs(Col(0, kText)), std::move(aggs));
}

const std::vector<DataType> kKX = {kText, kInt8};

TEST_CASE("hash aggregate emits one row per group at the barrier, not before") {
  auto agg = CountSumMax();
  RecordingSink sink;
  agg->SetOutput(&sink, 0);
  REQUIRE(agg->OnChanges(0, MakeChunk(kKX, {{T("a"), I(1)}, {T("b"), I(5)}, {T("a"), I(3)}})).ok());
  CHECK(sink.chunks.empty());
  REQUIRE(agg->OnBarrier(0, 1).ok());
  CHECK(sink.TakeChanges() == std::vector<std::string>{"a|2|4|3:1", "b|1|5|5:1"});
  CHECK(sink.barriers == std::vector<uint64_t>{1});
}

TEST_CASE("deleting the current max retracts the old row and inserts the next max") {
  auto agg = CountSumMax();
  RecordingSink sink;
  agg->SetOutput(&sink, 0);
  REQUIRE(agg->OnChanges(0, MakeChunk(kKX, {{T("a"), I(1)}, {T("a"), I(9)}, {T("a"), I(4)}})).ok());
  REQUIRE(agg->OnBarrier(0, 1).ok());
  sink.TakeChanges();
  REQUIRE(agg->OnChanges(0, MakeChunk(kKX, {{T("a"), I(9)}}, {-1})).ok());
  REQUIRE(agg->OnBarrier(0, 2).ok());
  CHECK(sink.TakeChanges() == std::vector<std::string>{"a|3|14|9:-1", "a|2|5|4:1"});
}

TEST_CASE("a group whose rows are all retracted disappears") {
  auto agg = CountSumMax();
  RecordingSink sink;
  agg->SetOutput(&sink, 0);
  REQUIRE(agg->OnChanges(0, MakeChunk(kKX, {{T("a"), I(1)}, {T("b"), I(2)}})).ok());
  REQUIRE(agg->OnBarrier(0, 1).ok());
  sink.TakeChanges();
  REQUIRE(agg->OnChanges(0, MakeChunk(kKX, {{T("a"), I(1)}}, {-1})).ok());
  REQUIRE(agg->OnBarrier(0, 2).ok());
  CHECK(sink.TakeChanges() == std::vector<std::string>{"a|1|1|1:-1"});
  CHECK(sink.NetResult() == Net{{"b|1|2|2", 1}});
  // The group comes back fresh when a row arrives again.
  REQUIRE(agg->OnChanges(0, MakeChunk(kKX, {{T("a"), I(7)}})).ok());
  REQUIRE(agg->OnBarrier(0, 3).ok());
  CHECK(sink.TakeChanges() == std::vector<std::string>{"a|1|7|7:1"});
}

TEST_CASE("inserts and retractions within the same epoch cancel and emit nothing") {
  auto agg = CountSumMax();
  RecordingSink sink;
  agg->SetOutput(&sink, 0);
  REQUIRE(agg->OnChanges(0, MakeChunk(kKX, {{T("a"), I(1)}})).ok());
  REQUIRE(agg->OnBarrier(0, 1).ok());
  sink.TakeChanges();
  REQUIRE(agg->OnChanges(0, MakeChunk(kKX, {{T("a"), I(5)}, {T("c"), I(2)}})).ok());
  REQUIRE(agg->OnChanges(0, MakeChunk(kKX, {{T("c"), I(2)}, {T("a"), I(5)}}, {-1, -1})).ok());
  REQUIRE(agg->OnBarrier(0, 2).ok());
  CHECK(sink.TakeChanges().empty());
  CHECK(sink.barriers == std::vector<uint64_t>{1, 2});
}

TEST_CASE("global aggregate on empty input emits count 0 and a NULL sum") {
  std::vector<AggregateSpec> aggs;
  aggs.push_back(Agg("count", {}, nullptr));
  aggs.push_back(Agg("sum", {kInt8}, Col(1, kInt8)));
  auto agg = MakeAgg({}, std::move(aggs));
  RecordingSink sink;
  agg->SetOutput(&sink, 0);
  REQUIRE(agg->OnBarrier(0, 1).ok());
  CHECK(sink.TakeChanges() == std::vector<std::string>{"0|NULL:1"});
  // Rows arriving and leaving again return to the empty result.
  REQUIRE(agg->OnChanges(0, MakeChunk(kKX, {{T("a"), I(4)}})).ok());
  REQUIRE(agg->OnBarrier(0, 2).ok());
  CHECK(sink.TakeChanges() == std::vector<std::string>{"0|NULL:-1", "1|4:1"});
  REQUIRE(agg->OnChanges(0, MakeChunk(kKX, {{T("a"), I(4)}}, {-1})).ok());
  REQUIRE(agg->OnBarrier(0, 3).ok());
  CHECK(sink.TakeChanges() == std::vector<std::string>{"1|4:-1", "0|NULL:1"});
  REQUIRE(agg->OnEnd(0).ok());
  CHECK(sink.ended);
}

TEST_CASE("NULL group keys form one group") {
  std::vector<AggregateSpec> aggs;
  aggs.push_back(Agg("count", {}, nullptr));
  auto agg = MakeAgg(Exprs(Col(0, kText)), std::move(aggs));
  RecordingSink sink;
  agg->SetOutput(&sink, 0);
  REQUIRE(agg->OnChanges(0, MakeChunk(kKX, {{Null(TypeId::kText), I(1)},
                                              {T("x"), I(2)},
                                              {Null(TypeId::kText), I(3)}}))
              .ok());
  REQUIRE(agg->OnBarrier(0, 1).ok());
  CHECK(sink.NetResult() == Net{{"NULL|2", 1}, {"x|1", 1}});
}

TEST_CASE("numeric group keys 1.0 and 1.00 are the same group") {
  std::vector<AggregateSpec> aggs;
  aggs.push_back(Agg("count", {}, nullptr));
  auto agg = MakeAgg(Exprs(Col(0, kNumeric)), std::move(aggs));
  RecordingSink sink;
  agg->SetOutput(&sink, 0);
  REQUIRE(agg->OnChanges(0, MakeChunk({kNumeric}, {{D("1.0")}, {D("1.00")}, {D("2")}})).ok());
  REQUIRE(agg->OnBarrier(0, 1).ok());
  CHECK(sink.NetResult() == Net{{"1.0|2", 1}, {"2|1", 1}});
}

TEST_CASE("count distinct counts values, not rows, under retraction") {
  std::vector<AggregateSpec> aggs;
  aggs.push_back(Agg("count", {kInt8}, Col(1, kInt8), /*distinct=*/true));
  aggs.push_back(Agg("sum", {kInt8}, Col(1, kInt8), /*distinct=*/true));
  auto agg = MakeAgg(Exprs(Col(0, kText)), std::move(aggs));
  RecordingSink sink;
  agg->SetOutput(&sink, 0);
  REQUIRE(agg->OnChanges(0, MakeChunk(kKX, {{T("a"), I(1)},
                                              {T("a"), I(1)},
                                              {T("a"), I(2)},
                                              {T("a"), Null(TypeId::kInt64)}}))
              .ok());
  REQUIRE(agg->OnBarrier(0, 1).ok());
  CHECK(sink.TakeChanges() == std::vector<std::string>{"a|2|3:1"});
  // One copy of 1 leaves: 1 is still there.
  REQUIRE(agg->OnChanges(0, MakeChunk(kKX, {{T("a"), I(1)}}, {-1})).ok());
  REQUIRE(agg->OnBarrier(0, 2).ok());
  CHECK(sink.TakeChanges().empty());
  // The last copy leaves.
  REQUIRE(agg->OnChanges(0, MakeChunk(kKX, {{T("a"), I(1)}}, {-1})).ok());
  REQUIRE(agg->OnBarrier(0, 3).ok());
  CHECK(sink.TakeChanges() == std::vector<std::string>{"a|2|3:-1", "a|1|2:1"});
}

TEST_CASE("a FILTER clause restricts the rows of one aggregate only") {
  std::vector<AggregateSpec> aggs;
  aggs.push_back(Agg("count", {}, nullptr));
  aggs.push_back(Agg("count", {}, nullptr, false, Col(2, kBool)));
  aggs.push_back(Agg("sum", {kInt8}, Col(1, kInt8), false, Col(2, kBool)));
  auto agg = MakeAgg({}, std::move(aggs));
  RecordingSink sink;
  agg->SetOutput(&sink, 0);
  const std::vector<DataType> types = {kText, kInt8, kBool};
  REQUIRE(agg->OnChanges(0, MakeChunk(types, {{T("a"), I(1), B(true)},
                                                {T("a"), I(10), B(false)},
                                                {T("b"), I(100), Null(TypeId::kBool)},
                                                {T("b"), I(5), B(true)}}))
              .ok());
  REQUIRE(agg->OnBarrier(0, 1).ok());
  CHECK(sink.TakeChanges() == std::vector<std::string>{"4|2|6:1"});
}

TEST_CASE("an unchanged group emits nothing at the next barrier") {
  auto agg = CountSumMax();
  RecordingSink sink;
  agg->SetOutput(&sink, 0);
  REQUIRE(agg->OnChanges(0, MakeChunk(kKX, {{T("a"), I(1)}, {T("b"), I(2)}})).ok());
  REQUIRE(agg->OnBarrier(0, 1).ok());
  sink.TakeChanges();
  // b changes; a gets -1 +1 of the same row (an UPDATE that changed nothing).
  REQUIRE(agg->OnChanges(0, MakeChunk(kKX, {{T("a"), I(1)}, {T("a"), I(1)}, {T("b"), I(3)}},
                                      {-1, 1, 1}))
              .ok());
  REQUIRE(agg->OnBarrier(0, 2).ok());
  CHECK(sink.TakeChanges() == std::vector<std::string>{"b|1|2|2:-1", "b|2|5|3:1"});
}

TEST_CASE("string_agg removes the value of the deleted row, not an equal earlier one") {
  AggregateSpec s = Agg("string_agg", {kText, kText}, Col(0, kText));
  s.arg2 = BoundExpr::Constant(T(","));
  std::vector<AggregateSpec> aggs;
  aggs.push_back(std::move(s));
  auto agg = MakeAgg({}, std::move(aggs));
  RecordingSink sink;
  agg->SetOutput(&sink, 0);
  // Rows (a,1), (b,2), (a,3); then UPDATE x=3 -> 30 moves (a,3) to the end.
  REQUIRE(agg->OnChanges(0, MakeChunk(kKX, {{T("a"), I(1)}, {T("b"), I(2)}, {T("a"), I(3)}})).ok());
  REQUIRE(agg->OnChanges(0, MakeChunk(kKX, {{T("a"), I(3)}, {T("a"), I(30)}}, {-1, 1})).ok());
  REQUIRE(agg->OnBarrier(0, 1).ok());
  CHECK(sink.NetResult() == Net{{"a,b,a", 1}});
  // Deleting (a,1) removes the first a.
  REQUIRE(agg->OnChanges(0, MakeChunk(kKX, {{T("a"), I(1)}}, {-1})).ok());
  REQUIRE(agg->OnBarrier(0, 2).ok());
  CHECK(sink.NetResult() == Net{{"b,a", 1}});
}

TEST_CASE("sum of int4 beyond the int8 range fails with 22003") {
  std::vector<AggregateSpec> aggs;
  aggs.push_back(Agg("sum", {kInt4}, Col(0, kInt4)));
  auto agg = MakeAgg({}, std::move(aggs));
  RecordingSink sink;
  agg->SetOutput(&sink, 0);
  REQUIRE(agg->OnChanges(0, MakeChunk({kInt4}, {{I4(2147483647)}}, {int64_t{1} << 40})).ok());
  Status st = agg->OnBarrier(0, 1);
  CHECK(st.sqlstate() == "22003");
}

TEST_CASE("incremental outputs over many barriers equal the batch result") {
  std::mt19937 rng(42);
  std::vector<std::vector<Value>> live;  // current rows
  auto incremental = CountSumMax();
  RecordingSink inc_sink;
  incremental->SetOutput(&inc_sink, 0);
  std::vector<Chunk> history;
  for (int epoch = 1; epoch <= 30; ++epoch) {
    Chunk c(kKX);
    for (int k = 0; k < 20; ++k) {
      if (!live.empty() && rng() % 3 == 0) {
        size_t i = rng() % live.size();
        c.AppendRow(live[i], -1);
        live.erase(live.begin() + i);
      } else {
        std::vector<Value> row = {T(std::string(1, static_cast<char>('a' + rng() % 5))),
                                  I(static_cast<int64_t>(rng() % 50))};
        c.AppendRow(row, 1);
        live.push_back(row);
      }
    }
    history.push_back(c);
    REQUIRE(incremental->OnChanges(0, std::move(c)).ok());
    REQUIRE(incremental->OnBarrier(0, epoch).ok());
    // Recompute from scratch in one batch and compare.
    auto batch = CountSumMax();
    RecordingSink batch_sink;
    batch->SetOutput(&batch_sink, 0);
    for (const auto& h : history) REQUIRE(batch->OnChanges(0, h).ok());
    REQUIRE(batch->OnBarrier(0, 1).ok());
    CHECK(inc_sink.NetResult() == batch_sink.NetResult());
  }
}

}  // namespace
}  // namespace kappa
