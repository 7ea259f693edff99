#include <doctest/doctest.h>

#include <map>
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

// ---- watermarks and EMIT ON WINDOW CLOSE

// (window start int8, x int8): count(*), sum(x) GROUP BY #0.
const std::vector<DataType> kWX = {kInt8, kInt8};

std::unique_ptr<HashAggregateOperator> WindowCount(bool eowc) {
  std::vector<AggregateSpec> aggs;
  aggs.push_back(Agg("count", {}, nullptr));
  aggs.push_back(Agg("sum", {kInt8}, Col(1, kInt8)));
  auto r = HashAggregateOperator::Create(Exprs(Col(0, kInt8)), std::move(aggs),
                                         std::make_shared<EvalContext>(), eowc);
  REQUIRE(r.ok());
  return std::move(r).value();
}

bool HasRetraction(const RecordingSink& sink) {
  for (const auto& c : sink.chunks) {
    for (int64_t w : c.weights) {
      if (w < 0) return true;
    }
  }
  return false;
}

TEST_CASE("EMIT ON WINDOW CLOSE emits each closed window once, final, and never retracts") {
  auto agg = WindowCount(true);
  RecordingSink sink;
  agg->SetOutput(&sink, 0);
  CHECK(agg->Describe().find("emit=on_window_close") != std::string::npos);
  REQUIRE(agg->OnChanges(0, MakeChunk(kWX, {{I(0), I(1)}, {I(0), I(2)}, {I(10), I(5)}})).ok());
  REQUIRE(agg->OnBarrier(0, 1).ok());
  CHECK(sink.TakeChanges().empty());  // no watermark yet: nothing is final
  REQUIRE(agg->OnChanges(0, MakeChunk(kWX, {{I(0), I(2)}, {I(20), I(7)}}, {-1, 1})).ok());
  REQUIRE(agg->OnWatermark(0, 0, 10).ok());
  REQUIRE(agg->OnBarrier(0, 2).ok());
  CHECK(sink.TakeChanges() == std::vector<std::string>{"0|1|1:1"});
  CHECK(sink.watermarks == std::vector<std::pair<int, int64_t>>{{0, 10}});
  CHECK(agg->StateRows() == 2);
  // Window 10 changes, window 30 opens and empties again; a watermark that
  // goes backwards is ignored.
  REQUIRE(agg->OnChanges(0, MakeChunk(kWX, {{I(10), I(5)}, {I(10), I(6)}, {I(30), I(1)},
                                              {I(30), I(1)}},
                                      {-1, 1, 1, -1}))
              .ok());
  REQUIRE(agg->OnWatermark(0, 0, 5).ok());
  REQUIRE(agg->OnBarrier(0, 3).ok());
  CHECK(sink.TakeChanges().empty());
  CHECK(agg->StateRows() == 2);
  REQUIRE(agg->OnWatermark(0, 0, 40).ok());
  REQUIRE(agg->OnBarrier(0, 4).ok());
  CHECK(sink.TakeChanges() == std::vector<std::string>{"10|1|6:1", "20|1|7:1"});
  CHECK(sink.watermarks == std::vector<std::pair<int, int64_t>>{{0, 10}, {0, 40}});
  CHECK(agg->StateRows() == 0);
  // An open window is not emitted at the end of a batch run.
  REQUIRE(agg->OnChanges(0, MakeChunk(kWX, {{I(50), I(1)}})).ok());
  REQUIRE(agg->OnEnd(0).ok());
  CHECK(sink.TakeChanges().empty());
  CHECK(sink.ended);
  CHECK_FALSE(HasRetraction(sink));
}

TEST_CASE("EMIT ON WINDOW CLOSE without a watermark emits nothing") {
  auto agg = WindowCount(true);
  RecordingSink sink;
  agg->SetOutput(&sink, 0);
  REQUIRE(agg->OnChanges(0, MakeChunk(kWX, {{I(0), I(1)}})).ok());
  REQUIRE(agg->OnWatermark(0, 1, 100).ok());  // not a group column
  REQUIRE(agg->OnBarrier(0, 1).ok());
  REQUIRE(agg->OnEnd(0).ok());
  CHECK(sink.chunks.empty());
  CHECK(sink.watermarks.empty());
}

TEST_CASE("EMIT ON WINDOW CLOSE over 100 windows: each exactly once, equal to the batch result") {
  auto agg = WindowCount(true);
  RecordingSink sink;
  agg->SetOutput(&sink, 0);
  std::mt19937 rng(3);
  Net expected;
  std::map<int64_t, std::pair<int64_t, int64_t>> windows;  // count, sum
  for (int e = 0; e < 100; ++e) {
    Chunk c(kWX);
    for (int k = 0; k < 10; ++k) {
      int64_t w = 10 * e + (rng() % 2 ? 10 : 0);
      int64_t x = rng() % 100;
      c.AppendRow({I(w), I(x)}, 1);
      windows[w].first++;
      windows[w].second += x;
    }
    REQUIRE(agg->OnChanges(0, std::move(c)).ok());
    REQUIRE(agg->OnWatermark(0, 0, 10 * e + 10).ok());
    REQUIRE(agg->OnBarrier(0, e + 1).ok());
    CHECK(agg->StateRows() <= 2);
  }
  for (const auto& [w, cs] : windows) {
    if (w < 1000) {
      expected[std::to_string(w) + "|" + std::to_string(cs.first) + "|" +
               std::to_string(cs.second)] = 1;
    }
  }
  CHECK(sink.NetResult() == expected);
  CHECK(Expanded(sink.chunks).size() == expected.size());
  CHECK_FALSE(HasRetraction(sink));
}

TEST_CASE("emit on update drops state behind the watermark without retracting") {
  auto agg = WindowCount(false);
  RecordingSink sink;
  agg->SetOutput(&sink, 0);
  uint64_t max_rows = 0, max_bytes = 0;
  for (int e = 0; e < 100; ++e) {
    REQUIRE(agg->OnChanges(0, MakeChunk(kWX, {{I(10 * e), I(1)}, {I(10 * e), I(2)}})).ok());
    REQUIRE(agg->OnBarrier(0, 2 * e + 1).ok());
    REQUIRE(agg->OnChanges(0, MakeChunk(kWX, {{I(10 * e), I(3)}})).ok());
    REQUIRE(agg->OnWatermark(0, 0, 10 * e).ok());
    REQUIRE(agg->OnBarrier(0, 2 * e + 2).ok());
    max_rows = std::max(max_rows, agg->StateRows());
    max_bytes = std::max(max_bytes, agg->StateBytes());
  }
  CHECK(max_rows <= 2);
  // Every window's final row is there; the dropped ones were not retracted.
  Net net = sink.NetResult();
  CHECK(net.size() == 100);
  CHECK(net.count("0|3|6") == 1);
  CHECK(net.count("990|3|6") == 1);
  // The watermark follows the changes it covers, on the group's output column.
  CHECK(sink.watermarks.size() == 100);
  CHECK(sink.watermarks.back() == std::pair<int, int64_t>{0, 990});
}

TEST_CASE("emit on update: state bytes stay bounded on a long stream of windows") {
  auto agg = WindowCount(false);
  RecordingSink sink;
  agg->SetOutput(&sink, 0);
  uint64_t max_bytes = 0;
  for (int e = 0; e < 20000; ++e) {
    REQUIRE(agg->OnChanges(0, MakeChunk(kWX, {{I(10 * e), I(1)}})).ok());
    REQUIRE(agg->OnWatermark(0, 0, 10 * e).ok());
    REQUIRE(agg->OnBarrier(0, e + 1).ok());
    if (e % 100 == 0) sink.chunks.clear();
    max_bytes = std::max(max_bytes, agg->StateBytes());
  }
  CHECK(agg->StateRows() == 1);
  // Key bytes of dropped groups are reclaimed in bulk (row_key.h's arena
  // compacts beyond 64 KiB of dead keys); 20000 retained windows would take
  // several times this.
  CHECK(max_bytes < 160 * 1024);
}

TEST_CASE("watermarks are forwarded on the output column of the group expression") {
  std::vector<AggregateSpec> aggs;
  aggs.push_back(Agg("count", {}, nullptr));
  std::vector<BoundExprPtr> groups;
  groups.push_back(Col(1, kText));
  groups.push_back(Col(0, kInt8));
  auto r = HashAggregateOperator::Create(std::move(groups), std::move(aggs),
                                         std::make_shared<EvalContext>());
  REQUIRE(r.ok());
  auto agg = std::move(r).value();
  RecordingSink sink;
  agg->SetOutput(&sink, 0);
  const std::vector<DataType> types = {kInt8, kText};
  REQUIRE(agg->OnChanges(0, MakeChunk(types, {{I(1), T("a")}, {I(5), T("b")}})).ok());
  REQUIRE(agg->OnWatermark(0, 0, 3).ok());
  REQUIRE(agg->OnWatermark(0, 1, 3).ok());  // a text column: no watermark
  REQUIRE(agg->OnBarrier(0, 1).ok());
  CHECK(sink.watermarks == std::vector<std::pair<int, int64_t>>{{1, 3}});
  CHECK(agg->StateRows() == 1);
  // The changes came before the watermark: both groups were emitted.
  CHECK(sink.NetResult() == Net{{"a|1|1", 1}, {"b|5|1", 1}});
  // EXPLAIN shows the state size.
  CHECK(agg->Describe().find("state_rows=1") != std::string::npos);
}

}  // namespace
}  // namespace kappa

namespace kappa {
namespace {

TEST_CASE("append-only min/max keep one value per group and equal the general state") {
  using namespace optest;
  std::mt19937_64 rng(7);
  auto make = [](bool append_only) {
    std::vector<AggregateSpec> aggs;
    aggs.push_back(Agg("min", {kInt8}, Col(1, kInt8)));
    aggs.push_back(Agg("max", {kInt8}, Col(1, kInt8)));
    for (auto& a : aggs) a.append_only_input = append_only;
    return MakeAgg(Exprs(Col(0, kText)), std::move(aggs));
  };
  auto fast = make(true);
  auto general = make(false);
  RecordingSink fast_sink, general_sink;
  fast->SetOutput(&fast_sink, 0);
  general->SetOutput(&general_sink, 0);
  for (int epoch = 1; epoch <= 20; ++epoch) {
    std::vector<std::vector<Value>> rows;
    for (int i = 0; i < 200; ++i) {
      rows.push_back({T(std::string(1, static_cast<char>('a' + rng() % 7))),
                      rng() % 5 == 0 ? Value::Null(kInt8) : I(static_cast<int64_t>(rng() % 1000) - 500)});
    }
    REQUIRE(fast->OnChanges(0, MakeChunk(kKX, rows)).ok());
    REQUIRE(general->OnChanges(0, MakeChunk(kKX, rows)).ok());
    REQUIRE(fast->OnBarrier(0, epoch).ok());
    REQUIRE(general->OnBarrier(0, epoch).ok());
    CHECK(fast_sink.TakeChanges() == general_sink.TakeChanges());
  }
  CHECK(fast->StateBytes() < general->StateBytes());
  // A retraction is a bug upstream: it fails loudly instead of giving a wrong min.
  CHECK(!fast->OnChanges(0, MakeChunk(kKX, {{T("a"), I(1)}}, {-1})).ok());
}

}  // namespace
}  // namespace kappa
