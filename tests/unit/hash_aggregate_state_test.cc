// Durable state of the hash aggregate: AggregateState::Save/Load round trips
// and HashAggregateOperator::SaveState/LoadState restarts that continue
// exactly like an operator that never stopped.
#include <doctest/doctest.h>

#include <algorithm>
#include <cmath>
#include <functional>
#include <limits>
#include <random>

#include "executor/hash_aggregate_operator.h"
#include "tests/unit/memory_state.h"
#include "tests/unit/operator_test_util.h"

namespace kappa {
namespace {

using namespace optest;
using testing::MemoryState;

// Input schema of these tests.
//   0 k text, 1 x int8, 2 i int4, 3 d numeric, 4 f float8, 5 s text,
//   6 b bool, 7 iv interval, 8 w int8 (window start)
const std::vector<DataType> kTypes = {kText, kInt8, kInt4, kNumeric, kFloat8,
                                      kText, kBool, kIntervalT, kInt8};

AggregateSpec Spec(const char* name, std::vector<DataType> arg_types, BoundExprPtr arg,
                   bool distinct = false, BoundExprPtr filter = nullptr) {
  AggregateSpec s;
  s.agg = ResolveAggregate(name, arg_types).value();
  s.arg = std::move(arg);
  s.filter = std::move(filter);
  s.distinct = distinct;
  s.name = name;
  return s;
}

// One aggregate over the test schema, by a short name.
AggregateSpec Named(const std::string& what) {
  if (what == "count(*)") return Spec("count", {}, nullptr);
  if (what == "count(x)") return Spec("count", {kInt8}, Col(1, kInt8));
  if (what == "sum(x)") return Spec("sum", {kInt8}, Col(1, kInt8));
  if (what == "sum(i)") return Spec("sum", {kInt4}, Col(2, kInt4));
  if (what == "avg(i)") return Spec("avg", {kInt4}, Col(2, kInt4));
  if (what == "sum(d)") return Spec("sum", {kNumeric}, Col(3, kNumeric));
  if (what == "avg(d)") return Spec("avg", {kNumeric}, Col(3, kNumeric));
  if (what == "sum(f)") return Spec("sum", {kFloat8}, Col(4, kFloat8));
  if (what == "avg(f)") return Spec("avg", {kFloat8}, Col(4, kFloat8));
  if (what == "sum(iv)") return Spec("sum", {kIntervalT}, Col(7, kIntervalT));
  if (what == "avg(iv)") return Spec("avg", {kIntervalT}, Col(7, kIntervalT));
  if (what == "min(x)") return Spec("min", {kInt8}, Col(1, kInt8));
  if (what == "max(x)") return Spec("max", {kInt8}, Col(1, kInt8));
  if (what == "min(d)") return Spec("min", {kNumeric}, Col(3, kNumeric));
  if (what == "max(f)") return Spec("max", {kFloat8}, Col(4, kFloat8));
  if (what == "min(s)") return Spec("min", {kText}, Col(5, kText));
  if (what == "max(s)") return Spec("max", {kText}, Col(5, kText));
  if (what == "max(iv)") return Spec("max", {kIntervalT}, Col(7, kIntervalT));
  if (what == "bool_and(b)") return Spec("bool_and", {kBool}, Col(6, kBool));
  if (what == "bool_or(b)") return Spec("bool_or", {kBool}, Col(6, kBool));
  if (what == "string_agg(s)") {
    AggregateSpec s = Spec("string_agg", {kText, kText}, Col(5, kText));
    s.arg2 = BoundExpr::Constant(T(","));
    return s;
  }
  if (what == "count(distinct x)") return Spec("count", {kInt8}, Col(1, kInt8), true);
  if (what == "sum(distinct i) filter b") {
    return Spec("sum", {kInt4}, Col(2, kInt4), true, Col(6, kBool));
  }
  if (what == "max(x) filter b") return Spec("max", {kInt8}, Col(1, kInt8), false, Col(6, kBool));
  FAIL("unknown aggregate " << what);
  return {};
}

std::string Joined(const std::vector<std::string>& v) {
  std::string s;
  for (const auto& x : v) s += x + " ";
  return s;
}

using Factory = std::function<std::unique_ptr<HashAggregateOperator>()>;

Factory MakeFactory(std::vector<int> group_cols, std::vector<std::string> aggs,
                    bool eowc = false) {
  return [=]() {
    std::vector<BoundExprPtr> groups;
    for (int c : group_cols) groups.push_back(Col(c, kTypes[c]));
    std::vector<AggregateSpec> specs;
    for (const auto& a : aggs) specs.push_back(Named(a));
    auto r = HashAggregateOperator::Create(std::move(groups), std::move(specs),
                                           std::make_shared<EvalContext>(), eowc);
    REQUIRE(r.ok());
    return std::move(r).value();
  };
}

std::vector<Value> RandomRow(std::mt19937& rng, int64_t window) {
  auto maybe_null = [&](Value v, TypeId t) { return rng() % 10 == 0 ? Null(t) : v; };
  static const char* kDecimals[] = {"1.5", "2.25", "-3", "0.125", "10", "7.10"};
  double f = static_cast<double>(static_cast<int>(rng() % 40) - 20) / 4.0;
  if (rng() % 25 == 0) f = std::numeric_limits<double>::infinity();
  if (rng() % 40 == 0) f = std::nan("");
  return {T(std::string(1, static_cast<char>('a' + rng() % 4))),
          maybe_null(I(static_cast<int64_t>(rng() % 30)), TypeId::kInt64),
          maybe_null(I4(static_cast<int64_t>(rng() % 7)), TypeId::kInt32),
          maybe_null(D(kDecimals[rng() % 6]), TypeId::kNumeric),
          maybe_null(F(f), TypeId::kFloat64),
          maybe_null(T(std::string(1 + rng() % 3, static_cast<char>('p' + rng() % 5))),
                     TypeId::kText),
          maybe_null(B(rng() % 3 != 0), TypeId::kBool),
          maybe_null(Iv(static_cast<int32_t>(rng() % 3), static_cast<int32_t>(rng() % 40),
                        static_cast<int64_t>(rng() % 5000000)),
                     TypeId::kInterval),
          I(window)};
}

// Random epochs of inserts and retractions of live rows (so current
// minima/maxima get deleted and groups become empty).
std::vector<Chunk> RandomEpochs(uint32_t seed, int epochs, int rows_per_epoch) {
  std::mt19937 rng(seed);
  std::vector<std::vector<Value>> live;
  std::vector<Chunk> out;
  for (int e = 0; e < epochs; ++e) {
    Chunk c(kTypes);
    for (int k = 0; k < rows_per_epoch; ++k) {
      if (!live.empty() && rng() % 5 < 2) {
        // Sometimes retract the live row with the largest x (a max).
        size_t i = rng() % live.size();
        if (rng() % 4 == 0) {
          for (size_t j = 0; j < live.size(); ++j) {
            if (!live[j][1].is_null && (live[i][1].is_null || live[j][1].i > live[i][1].i)) i = j;
          }
        }
        c.AppendRow(live[i], -1);
        live.erase(live.begin() + static_cast<long>(i));
      } else {
        auto row = RandomRow(rng, 0);
        c.AppendRow(row, 1);
        live.push_back(row);
      }
    }
    // Every few epochs one group is emptied completely.
    if (e % 4 == 3) {
      const Value key = T(std::string(1, static_cast<char>('a' + e % 4)));
      for (size_t j = live.size(); j-- > 0;) {
        if (live[j][0].s == key.s) {
          c.AppendRow(live[j], -1);
          live.erase(live.begin() + static_cast<long>(j));
        }
      }
    }
    out.push_back(std::move(c));
  }
  return out;
}

// Feeds `epochs` to an operator that never stops and to one that saves its
// state after every barrier and is rebuilt from it (LoadState) after every
// epoch in `restart_after`; both must emit exactly the same changes.
void CheckRestarts(const Factory& make, const std::vector<Chunk>& epochs,
                   const std::function<bool(int)>& restart_after,
                   const std::vector<std::vector<std::pair<int, int64_t>>>& watermarks = {}) {
  auto ref = make();
  RecordingSink ref_sink;
  ref->SetOutput(&ref_sink, 0);
  auto cur = make();
  auto cur_sink = std::make_unique<RecordingSink>();
  cur->SetOutput(cur_sink.get(), 0);
  MemoryState state;
  std::vector<std::string> ref_all, cur_all;
  for (size_t e = 0; e < epochs.size(); ++e) {
    REQUIRE(ref->OnChanges(0, epochs[e]).ok());
    REQUIRE(cur->OnChanges(0, epochs[e]).ok());
    if (e < watermarks.size()) {
      for (auto [col, v] : watermarks[e]) {
        REQUIRE(ref->OnWatermark(0, col, v).ok());
        REQUIRE(cur->OnWatermark(0, col, v).ok());
      }
    }
    REQUIRE(ref->OnBarrier(0, e + 1).ok());
    REQUIRE(cur->OnBarrier(0, e + 1).ok());
    REQUIRE(cur->SaveState(state).ok());
    // The order of rows within one epoch carries no meaning (group ids, and
    // so the order of closed windows, differ after a restart).
    auto a = ref_sink.TakeChanges();
    auto b = cur_sink->TakeChanges();
    std::sort(a.begin(), a.end());
    std::sort(b.begin(), b.end());
    INFO("epoch " << e + 1);
    INFO("never stopped: " << Joined(a));
    INFO("restarted:     " << Joined(b));
    CHECK(a == b);
    CHECK(ref_sink.watermarks == cur_sink->watermarks);
    ref_all.insert(ref_all.end(), a.begin(), a.end());
    cur_all.insert(cur_all.end(), b.begin(), b.end());
    if (restart_after(static_cast<int>(e))) {
      cur = make();
      RecordingSink during_load;
      cur->SetOutput(&during_load, 0);
      REQUIRE(cur->LoadState(state).ok());
      CHECK(during_load.chunks.empty());
      CHECK(during_load.watermarks.empty());
      CHECK(cur->StateRows() == ref->StateRows());
      auto sink = std::make_unique<RecordingSink>();
      sink->watermarks = cur_sink->watermarks;
      cur_sink = std::move(sink);
      cur->SetOutput(cur_sink.get(), 0);
    }
  }
  REQUIRE(ref->OnEnd(0).ok());
  REQUIRE(cur->OnEnd(0).ok());
  CHECK(ref_sink.TakeChanges() == cur_sink->TakeChanges());
  CHECK(ref_all == cur_all);
}

const std::vector<std::string> kAllKinds = {
    "count(*)", "count(x)", "sum(x)",   "sum(i)",        "avg(i)",        "sum(d)",
    "avg(d)",   "sum(f)",   "avg(f)",   "sum(iv)",       "avg(iv)",       "min(x)",
    "max(x)",   "min(d)",   "max(f)",   "min(s)",        "max(s)",        "max(iv)",
    "bool_and(b)", "bool_or(b)", "string_agg(s)", "count(distinct x)",
    "sum(distinct i) filter b", "max(x) filter b"};

TEST_CASE("every aggregate kind continues exactly after a restart from its saved state") {
  for (const auto& kind : kAllKinds) {
    INFO("aggregate " << kind);
    auto epochs = RandomEpochs(7, 16, 25);
    // Restart after every epoch, and after every third one.
    CheckRestarts(MakeFactory({0}, {"count(*)", kind}), epochs, [](int) { return true; });
    CheckRestarts(MakeFactory({0}, {kind}), epochs, [](int e) { return e % 3 == 1; });
  }
}

TEST_CASE("all aggregates together, grouped and global, survive restarts") {
  for (uint32_t seed : {1u, 2u, 3u}) {
    auto epochs = RandomEpochs(seed, 20, 40);
    CheckRestarts(MakeFactory({0}, kAllKinds), epochs, [](int e) { return e % 2 == 0; });
    CheckRestarts(MakeFactory({}, kAllKinds), epochs, [](int e) { return e % 2 == 1; });
    CheckRestarts(MakeFactory({0, 6}, {"count(*)", "min(s)", "count(distinct x)"}), epochs,
                  [](int) { return true; });
  }
}

TEST_CASE("windowed aggregates with watermarks continue exactly after restarts") {
  // Rows of window w = 10 * epoch (plus a few late-but-allowed ones in the
  // previous window); the watermark trails by one window.
  std::mt19937 rng(9);
  std::vector<Chunk> epochs;
  std::vector<std::vector<std::pair<int, int64_t>>> wms;
  std::vector<std::vector<Value>> live;
  for (int e = 0; e < 24; ++e) {
    Chunk c(kTypes);
    for (int k = 0; k < 12; ++k) {
      if (!live.empty() && rng() % 4 == 0) {
        size_t i = rng() % live.size();
        c.AppendRow(live[i], -1);
        live.erase(live.begin() + static_cast<long>(i));
        continue;
      }
      int64_t w = 10 * e - (rng() % 3 == 0 ? 10 : 0);
      auto row = RandomRow(rng, w);
      c.AppendRow(row, 1);
      live.push_back(row);
    }
    epochs.push_back(std::move(c));
    // Forget rows of windows that will close (no retraction behind the watermark).
    int64_t wm = 10 * e - 10;
    live.erase(std::remove_if(live.begin(), live.end(),
                              [&](const std::vector<Value>& r) { return r[8].i < wm + 10; }),
               live.end());
    wms.push_back({{8, wm}, {1, 1000}});  // the second one is not a group column
  }
  const std::vector<std::string> aggs = {"count(*)", "max(x)", "count(distinct x)",
                                         "string_agg(s)", "avg(d)"};
  for (bool eowc : {false, true}) {
    INFO("eowc " << eowc);
    CheckRestarts(MakeFactory({8, 0}, aggs, eowc), epochs, [](int e) { return e % 2 == 0; },
                  wms);
    CheckRestarts(MakeFactory({0, 8}, aggs, eowc), epochs, [](int) { return true; }, wms);
  }
}

TEST_CASE("dropped windows are deleted from durable state, which stays bounded") {
  for (bool eowc : {false, true}) {
    auto op = MakeFactory({8}, {"count(*)", "count(distinct x)"}, eowc)();
    RecordingSink sink;
    op->SetOutput(&sink, 0);
    MemoryState state;
    std::mt19937 rng(4);
    size_t max_entries = 0;
    for (int e = 0; e < 100; ++e) {
      Chunk c(kTypes);
      for (int k = 0; k < 20; ++k) c.AppendRow(RandomRow(rng, 10 * e), 1);
      REQUIRE(op->OnChanges(0, std::move(c)).ok());
      REQUIRE(op->OnWatermark(0, 8, 10 * e).ok());
      REQUIRE(op->OnBarrier(0, e + 1).ok());
      REQUIRE(op->SaveState(state).ok());
      max_entries = std::max(max_entries, state.size());
      CHECK(op->StateRows() == 1);
    }
    // One window's record, its (at most 30) distinct values, the watermarks.
    CHECK(max_entries <= 32);
    auto fresh = MakeFactory({8}, {"count(*)", "count(distinct x)"}, eowc)();
    REQUIRE(fresh->LoadState(state).ok());
    CHECK(fresh->StateRows() == 1);
  }
}

TEST_CASE("a global aggregate restored before its first barrier still emits its empty row") {
  auto make = MakeFactory({}, {"count(*)", "sum(x)"});
  MemoryState empty;
  auto op = make();
  REQUIRE(op->LoadState(empty).ok());
  RecordingSink sink;
  op->SetOutput(&sink, 0);
  REQUIRE(op->OnBarrier(0, 1).ok());
  CHECK(sink.TakeChanges() == std::vector<std::string>{"0|NULL:1"});
  // Saved after emitting: a restart does not emit it again.
  MemoryState state;
  REQUIRE(op->SaveState(state).ok());
  auto again = make();
  REQUIRE(again->LoadState(state).ok());
  RecordingSink sink2;
  again->SetOutput(&sink2, 0);
  REQUIRE(again->OnBarrier(0, 2).ok());
  CHECK(sink2.chunks.empty());
}

TEST_CASE("SaveState writes only changed groups and deletes removed ones") {
  auto op = MakeFactory({0}, {"count(*)", "count(distinct x)"})();
  RecordingSink sink;
  op->SetOutput(&sink, 0);
  MemoryState state;
  std::mt19937 rng(5);
  Chunk c(kTypes);
  auto ra = RandomRow(rng, 0);
  ra[0] = T("a");
  ra[1] = I(1);
  auto rb = RandomRow(rng, 0);
  rb[0] = T("b");
  rb[1] = I(2);
  c.AppendRow(ra, 1);
  c.AppendRow(rb, 1);
  REQUIRE(op->OnChanges(0, c).ok());
  REQUIRE(op->OnBarrier(0, 1).ok());
  REQUIRE(op->SaveState(state).ok());
  // Two group records, two DISTINCT values, the watermark record.
  CHECK(state.size() == 5);

  // Only b changes: a recording writer sees one Put for b and its value.
  struct Recorder final : StateWriter {
    std::vector<std::string> ops;
    void Put(std::string_view k, std::string_view) override { ops.push_back("put " + std::string(k)); }
    void Delete(std::string_view k) override { ops.push_back("del " + std::string(k)); }
    void DeleteRange(std::string_view b, std::string_view) override {
      ops.push_back("range " + std::string(b));
    }
    void AddCount(std::string_view, int64_t, std::string_view) override { ops.push_back("add"); }
  } rec;
  REQUIRE(op->OnChanges(0, MakeChunk(kTypes, {rb})).ok());
  REQUIRE(op->OnBarrier(0, 2).ok());
  REQUIRE(op->SaveState(rec).ok());
  REQUIRE(rec.ops.size() == 2);
  CHECK(rec.ops[0].find('b') != std::string::npos);
  // Nothing changed: nothing written.
  rec.ops.clear();
  REQUIRE(op->OnBarrier(0, 3).ok());
  REQUIRE(op->SaveState(rec).ok());
  CHECK(rec.ops.empty());
  // b disappears: its key range is deleted.
  REQUIRE(op->OnChanges(0, MakeChunk(kTypes, {rb, rb}, {-1, -1})).ok());
  REQUIRE(op->OnBarrier(0, 4).ok());
  REQUIRE(op->SaveState(state).ok());
  CHECK(state.size() == 3);
  auto fresh = MakeFactory({0}, {"count(*)", "count(distinct x)"})();
  REQUIRE(fresh->LoadState(state).ok());
  CHECK(fresh->StateRows() == 1);
}

TEST_CASE("corrupt durable state fails with XX001") {
  auto make = MakeFactory({0}, {"count(*)", "max(x)", "string_agg(s)"});
  auto op = make();
  MemoryState state;
  REQUIRE(op->OnChanges(0, RandomEpochs(3, 1, 10)[0]).ok());
  REQUIRE(op->OnBarrier(0, 1).ok());
  REQUIRE(op->SaveState(state).ok());
  std::string key, value;
  for (const auto& [k, v] : state.entries()) {
    if (k[0] == 'G') {
      key = k;
      value = v;
      break;
    }
  }
  REQUIRE(!key.empty());
  for (size_t cut : {size_t{0}, size_t{5}, value.size() - 1}) {
    MemoryState bad = state;
    bad.Put(key, value.substr(0, cut));
    auto fresh = make();
    Status st = fresh->LoadState(bad);
    CHECK(st.sqlstate() == "XX001");
  }
  MemoryState bad = state;
  bad.Put("Q", "x");
  CHECK(make()->LoadState(bad).sqlstate() == "XX001");
}

TEST_CASE("aggregate states round-trip group by group through Save/Load") {
  // Fill one state object through an operator-like call sequence, save each
  // group, load into a fresh object and compare every group's result.
  for (const auto& kind : kAllKinds) {
    INFO("aggregate " << kind);
    AggregateSpec spec = Named(kind);
    auto a = MakeAggregateState(spec.agg);
    auto b = MakeAggregateState(spec.agg);
    REQUIRE(a != nullptr);
    a->Resize(4);
    b->Resize(4);
    Chunk c(kTypes);
    std::mt19937 rng(11);
    for (int k = 0; k < 60; ++k) c.AppendRow(RandomRow(rng, 0), k % 7 == 6 ? -1 : 1);
    std::vector<uint32_t> gids, rows;
    std::vector<int64_t> w;
    for (uint32_t r = 0; r < c.num_rows; ++r) {
      gids.push_back(r % 3);
      rows.push_back(r);
      w.push_back(c.weights[r]);
    }
    Column scratch;
    const Column* arg = nullptr;
    if (spec.arg) arg = &c.columns[spec.arg->column_index];
    Column delim(kText);
    for (size_t r = 0; r < c.num_rows; ++r) delim.Append(T(","));
    std::vector<uint64_t> hashes(c.num_rows);
    for (size_t r = 0; r < c.num_rows; ++r) hashes[r] = r * 2654435761u;
    if (a->WantsRowHashes()) a->SetRowHashes(hashes.data());
    REQUIRE(a->Update(gids.data(), rows.data(), w.data(), gids.size(), arg,
                      spec.arg2 ? &delim : nullptr)
                .ok());
    for (uint32_t g = 0; g < 4; ++g) {
      std::string bytes;
      a->Save(g, &bytes);
      std::string_view in = bytes;
      REQUIRE(b->Load(g, &in).ok());
      CHECK(in.empty());
      std::string again;
      b->Save(g, &again);
      CHECK(again == bytes);
    }
    std::vector<uint32_t> all = {0, 1, 2, 3};
    Column ra(spec.agg.return_type), rb(spec.agg.return_type);
    Status sa = a->Finalize(all.data(), 4, &ra);
    Status sb = b->Finalize(all.data(), 4, &rb);
    REQUIRE(sa.ok() == sb.ok());
    if (!sa.ok()) continue;
    for (size_t g = 0; g < 4; ++g) CHECK(ValueText(ra, g) == ValueText(rb, g));
  }
}

}  // namespace
}  // namespace kappa
