#include <doctest/doctest.h>

#include <atomic>
#include <random>

#include "executor/hash_join_operator.h"
#include "tests/unit/memory_state.h"
#include "tests/unit/operator_test_util.h"

namespace kappa {
namespace {

using namespace optest;

// left (k int8, a text), right (k int8, b text); join on k.
const std::vector<DataType> kL = {kInt8, kText};
const std::vector<DataType> kR = {kInt8, kText};

std::unique_ptr<HashJoinOperator> MakeJoin(JoinType type, BoundExprPtr residual = nullptr,
                                           bool keyed = true) {
  std::vector<BoundExprPtr> lk, rk;
  if (keyed) {
    lk.push_back(Col(0, kInt8));
    rk.push_back(Col(0, kInt8));
  }
  return std::make_unique<HashJoinOperator>(type, kL, kR, std::move(lk), std::move(rk),
                                            std::move(residual), std::make_shared<EvalContext>());
}

Value NullI() { return Null(TypeId::kInt64); }

TEST_CASE("inner join emits signed combinations with multiplicities") {
  auto j = MakeJoin(JoinType::kInner);
  RecordingSink sink;
  j->SetOutput(&sink, 0);
  REQUIRE(j->OnChanges(0, MakeChunk(kL, {{I(1), T("x")}, {I(2), T("y")}}, {2, 1})).ok());
  CHECK(sink.chunks.empty());
  REQUIRE(j->OnChanges(1, MakeChunk(kR, {{I(1), T("p")}, {I(3), T("q")}})).ok());
  CHECK(sink.NetResult() == Net{{"1|x|1|p", 2}});
  REQUIRE(j->OnChanges(0, MakeChunk(kL, {{I(1), T("x")}}, {-1})).ok());
  CHECK(sink.NetResult() == Net{{"1|x|1|p", 1}});
  REQUIRE(j->OnChanges(1, MakeChunk(kR, {{I(1), T("p")}}, {-1})).ok());
  CHECK(sink.NetResult().empty());
}

TEST_CASE("NULL join keys never match") {
  auto j = MakeJoin(JoinType::kInner);
  RecordingSink sink;
  j->SetOutput(&sink, 0);
  REQUIRE(j->OnChanges(0, MakeChunk(kL, {{NullI(), T("x")}})).ok());
  REQUIRE(j->OnChanges(1, MakeChunk(kR, {{NullI(), T("p")}})).ok());
  CHECK(sink.NetResult().empty());
}

TEST_CASE("a left join row switches between NULL-padded and matched output") {
  auto j = MakeJoin(JoinType::kLeft);
  RecordingSink sink;
  j->SetOutput(&sink, 0);
  REQUIRE(j->OnChanges(0, MakeChunk(kL, {{I(1), T("x")}, {NullI(), T("n")}})).ok());
  CHECK(sink.NetResult() == Net{{"1|x|NULL|NULL", 1}, {"NULL|n|NULL|NULL", 1}});
  REQUIRE(j->OnChanges(1, MakeChunk(kR, {{I(1), T("p")}})).ok());
  CHECK(sink.NetResult() == Net{{"1|x|1|p", 1}, {"NULL|n|NULL|NULL", 1}});
  REQUIRE(j->OnChanges(1, MakeChunk(kR, {{I(1), T("q")}})).ok());
  CHECK(sink.NetResult() == Net{{"1|x|1|p", 1}, {"1|x|1|q", 1}, {"NULL|n|NULL|NULL", 1}});
  REQUIRE(j->OnChanges(1, MakeChunk(kR, {{I(1), T("p")}, {I(1), T("q")}}, {-1, -1})).ok());
  CHECK(sink.NetResult() == Net{{"1|x|NULL|NULL", 1}, {"NULL|n|NULL|NULL", 1}});
  REQUIRE(j->OnChanges(0, MakeChunk(kL, {{I(1), T("x")}}, {-1})).ok());
  CHECK(sink.NetResult() == Net{{"NULL|n|NULL|NULL", 1}});
}

TEST_CASE("right and full joins pad the unmatched rows of their side") {
  auto right = MakeJoin(JoinType::kRight);
  auto full = MakeJoin(JoinType::kFull);
  RecordingSink rs, fs;
  right->SetOutput(&rs, 0);
  full->SetOutput(&fs, 0);
  for (auto* j : {right.get(), full.get()}) {
    REQUIRE(j->OnChanges(0, MakeChunk(kL, {{I(1), T("x")}, {I(2), T("y")}})).ok());
    REQUIRE(j->OnChanges(1, MakeChunk(kR, {{I(2), T("p")}, {I(3), T("q")}})).ok());
  }
  CHECK(rs.NetResult() == Net{{"2|y|2|p", 1}, {"NULL|NULL|3|q", 1}});
  CHECK(fs.NetResult() ==
        Net{{"1|x|NULL|NULL", 1}, {"2|y|2|p", 1}, {"NULL|NULL|3|q", 1}});
  REQUIRE(full->OnChanges(0, MakeChunk(kL, {{I(3), T("z")}, {I(2), T("y")}}, {1, -1})).ok());
  CHECK(fs.NetResult() ==
        Net{{"1|x|NULL|NULL", 1}, {"NULL|NULL|2|p", 1}, {"3|z|3|q", 1}});
}

TEST_CASE("the residual predicate is part of an outer join's match condition") {
  // ON l.k = r.k AND r.flag: the joined row is (k, a, k, b, flag).
  std::vector<BoundExprPtr> lk, rk;
  lk.push_back(Col(0, kInt8));
  rk.push_back(Col(0, kInt8));
  const std::vector<DataType> right = {kInt8, kText, kBool};
  HashJoinOperator j(JoinType::kLeft, kL, right, std::move(lk), std::move(rk), Col(4, kBool),
                     std::make_shared<EvalContext>());
  RecordingSink sink;
  j.SetOutput(&sink, 0);
  REQUIRE(j.OnChanges(1, MakeChunk(right, {{I(1), T("p"), B(false)}})).ok());
  REQUIRE(j.OnChanges(0, MakeChunk(kL, {{I(1), T("x")}})).ok());
  CHECK(sink.NetResult() == Net{{"1|x|NULL|NULL|NULL", 1}});
  REQUIRE(j.OnChanges(1, MakeChunk(right, {{I(1), T("q"), B(true)}})).ok());
  CHECK(sink.NetResult() == Net{{"1|x|1|q|t", 1}});
}

TEST_CASE("semi and anti joins output left rows by whether they have a match") {
  auto semi = MakeJoin(JoinType::kSemi);
  auto anti = MakeJoin(JoinType::kAnti);
  RecordingSink ss, as;
  semi->SetOutput(&ss, 0);
  anti->SetOutput(&as, 0);
  for (auto* j : {semi.get(), anti.get()}) {
    REQUIRE(j->OnChanges(0, MakeChunk(kL, {{I(1), T("x")}, {I(2), T("y")}, {NullI(), T("n")}},
                                      {2, 1, 1}))
                .ok());
    REQUIRE(j->OnChanges(1, MakeChunk(kR, {{I(1), T("p")}, {I(1), T("q")}})).ok());
  }
  // A left row appears once per copy, however many matches it has.
  CHECK(ss.NetResult() == Net{{"1|x", 2}});
  CHECK(as.NetResult() == Net{{"2|y", 1}, {"NULL|n", 1}});
  for (auto* j : {semi.get(), anti.get()}) {
    REQUIRE(j->OnChanges(1, MakeChunk(kR, {{I(1), T("p")}, {I(1), T("q")}, {I(2), T("r")}},
                                      {-1, -1, 1}))
                .ok());
  }
  CHECK(ss.NetResult() == Net{{"2|y", 1}});
  CHECK(as.NetResult() == Net{{"1|x", 2}, {"NULL|n", 1}});
}

TEST_CASE("NOT IN yields nothing once the right side has a NULL, and NULL rows only on empty right") {
  auto j = MakeJoin(JoinType::kAntiNullAware);
  RecordingSink sink;
  j->SetOutput(&sink, 0);
  REQUIRE(j->OnChanges(0, MakeChunk(kL, {{I(1), T("x")}, {I(2), T("y")}, {NullI(), T("n")}})).ok());
  // Right side empty: every left row qualifies, even the NULL one.
  CHECK(sink.NetResult() == Net{{"1|x", 1}, {"2|y", 1}, {"NULL|n", 1}});
  REQUIRE(j->OnChanges(1, MakeChunk(kR, {{I(1), T("p")}})).ok());
  CHECK(sink.NetResult() == Net{{"2|y", 1}});
  REQUIRE(j->OnChanges(1, MakeChunk(kR, {{NullI(), T("z")}})).ok());
  CHECK(sink.NetResult().empty());
  // A left row arriving now does not qualify either.
  REQUIRE(j->OnChanges(0, MakeChunk(kL, {{I(5), T("w")}})).ok());
  CHECK(sink.NetResult().empty());
  REQUIRE(j->OnChanges(1, MakeChunk(kR, {{NullI(), T("z")}}, {-1})).ok());
  CHECK(sink.NetResult() == Net{{"2|y", 1}, {"5|w", 1}});
  REQUIRE(j->OnChanges(1, MakeChunk(kR, {{I(1), T("p")}}, {-1})).ok());
  CHECK(sink.NetResult() == Net{{"1|x", 1}, {"2|y", 1}, {"5|w", 1}, {"NULL|n", 1}});
}

TEST_CASE("a join without keys is a cross join") {
  auto j = MakeJoin(JoinType::kInner, nullptr, /*keyed=*/false);
  RecordingSink sink;
  j->SetOutput(&sink, 0);
  REQUIRE(j->OnChanges(0, MakeChunk(kL, {{I(1), T("x")}, {I(2), T("y")}})).ok());
  REQUIRE(j->OnChanges(1, MakeChunk(kR, {{I(7), T("p")}, {NullI(), T("q")}})).ok());
  CHECK(sink.NetResult() ==
        Net{{"1|x|7|p", 1}, {"1|x|NULL|q", 1}, {"2|y|7|p", 1}, {"2|y|NULL|q", 1}});
}

// Counts the chunks it receives and fails once it has seen `fail_after`.
class CountingSink final : public Operator {
 public:
  Status OnChanges(int, Chunk chunk) override {
    ++chunks;
    rows += chunk.num_rows;
    max_rows = std::max(max_rows, chunk.num_rows);
    if (cancel != nullptr && chunks == 2) *cancel = true;
    return Status::OK();
  }
  std::string Describe() const override { return "Counting"; }
  size_t chunks = 0, rows = 0, max_rows = 0;
  std::atomic<bool>* cancel = nullptr;
};

TEST_CASE("a large cross join emits chunks of about kChunkRows rows and stops when cancelled") {
  std::vector<std::vector<Value>> left, right;
  for (int i = 0; i < 300; ++i) left.push_back({I(i), T("l")});
  for (int i = 0; i < 200; ++i) right.push_back({I(i), T("r")});
  {
    auto j = MakeJoin(JoinType::kInner, nullptr, /*keyed=*/false);
    CountingSink sink;
    j->SetOutput(&sink, 0);
    REQUIRE(j->OnChanges(1, MakeChunk(kR, right)).ok());
    REQUIRE(j->OnChanges(0, MakeChunk(kL, left)).ok());
    CHECK(sink.rows == 60000);
    CHECK(sink.max_rows <= kChunkRows);
    CHECK(sink.chunks >= 60000 / kChunkRows);
  }
  {
    auto j = MakeJoin(JoinType::kInner, nullptr, /*keyed=*/false);
    std::atomic<bool> cancel{false};
    j->SetCancel(&cancel);
    CountingSink sink;
    sink.cancel = &cancel;
    j->SetOutput(&sink, 0);
    REQUIRE(j->OnChanges(1, MakeChunk(kR, right)).ok());
    Status st = j->OnChanges(0, MakeChunk(kL, left));
    CHECK(st.sqlstate() == "57014");
    CHECK(sink.chunks <= 3);
  }
}

TEST_CASE("after the right input ends, left changes stream through without being stored") {
  for (JoinType type : {JoinType::kInner, JoinType::kLeft, JoinType::kFull, JoinType::kAnti,
                        JoinType::kAntiNullAware}) {
    CAPTURE(JoinTypeName(type));
    auto j = MakeJoin(type);
    RecordingSink sink;
    j->SetOutput(&sink, 0);
    REQUIRE(j->OnChanges(1, MakeChunk(kR, {{I(1), T("p")}, {I(2), T("q")}})).ok());
    REQUIRE(j->OnBarrier(1, 1).ok());
    REQUIRE(j->OnEnd(1).ok());
    REQUIRE(j->OnChanges(0, MakeChunk(kL, {{I(1), T("x")}, {I(3), T("y")}, {I(1), T("x")}},
                                      {1, 1, -1}))
                .ok());
    REQUIRE(j->OnBarrier(0, 1).ok());
    CHECK(j->StateRows() == 2);  // only the right side's rows
    REQUIRE(j->OnEnd(0).ok());
    CHECK(sink.ended);
    std::map<JoinType, Net> expected = {
        {JoinType::kInner, {}},
        {JoinType::kLeft, {{"3|y|NULL|NULL", 1}}},
        {JoinType::kFull, {{"3|y|NULL|NULL", 1}, {"NULL|NULL|1|p", 1}, {"NULL|NULL|2|q", 1}}},
        {JoinType::kAnti, {{"3|y", 1}}},
        {JoinType::kAntiNullAware, {{"3|y", 1}}},
    };
    CHECK(sink.NetResult() == expected[type]);
  }
}

// Net multiset of rows -> count from a change history.
std::map<std::vector<int64_t>, int64_t> NetRows(const std::vector<std::pair<std::vector<int64_t>, int64_t>>& h) {
  std::map<std::vector<int64_t>, int64_t> m;
  for (const auto& [row, w] : h) {
    if ((m[row] += w) == 0) m.erase(row);
  }
  return m;
}

// What each join type should output for the current left/right contents
// (keys in column 0, -1 = NULL), computed naively.
Net Expected(JoinType type, const std::map<std::vector<int64_t>, int64_t>& L,
             const std::map<std::vector<int64_t>, int64_t>& R) {
  auto text = [](int64_t v) { return v < 0 ? std::string("NULL") : std::to_string(v); };
  auto row = [&](const std::vector<int64_t>* l, const std::vector<int64_t>* r) {
    std::string s = l ? text((*l)[0]) + "|l" + std::to_string((*l)[1]) : "NULL|NULL";
    if (type == JoinType::kSemi || type == JoinType::kAnti || type == JoinType::kAntiNullAware) {
      return s;
    }
    return s + "|" + (r ? text((*r)[0]) + "|r" + std::to_string((*r)[1]) : "NULL|NULL");
  };
  Net out;
  auto add = [&](const std::string& k, int64_t w) {
    if ((out[k] += w) == 0) out.erase(k);
  };
  int64_t r_total = 0, r_nulls = 0;
  for (const auto& [r, rc] : R) {
    r_total += rc;
    if (r[0] < 0) r_nulls += rc;
  }
  for (const auto& [l, lc] : L) {
    int64_t matches = 0;
    for (const auto& [r, rc] : R) {
      if (l[0] >= 0 && l[0] == r[0]) {
        matches += rc;
        if (type != JoinType::kSemi && type != JoinType::kAnti &&
            type != JoinType::kAntiNullAware) {
          add(row(&l, &r), lc * rc);
        }
      }
    }
    bool padded_left = type == JoinType::kLeft || type == JoinType::kFull;
    if (padded_left && matches == 0) add(row(&l, nullptr), lc);
    if (type == JoinType::kSemi && matches > 0) add(row(&l, nullptr), lc);
    if (type == JoinType::kAnti && matches == 0) add(row(&l, nullptr), lc);
    if (type == JoinType::kAntiNullAware) {
      bool q = l[0] < 0 ? r_total == 0 : (r_nulls == 0 && matches == 0);
      if (q) add(row(&l, nullptr), lc);
    }
  }
  if (type == JoinType::kRight || type == JoinType::kFull) {
    for (const auto& [r, rc] : R) {
      bool matched = false;
      for (const auto& [l, lc] : L) matched |= r[0] >= 0 && l[0] == r[0];
      if (!matched) add(row(nullptr, &r), rc);
    }
  }
  return out;
}

TEST_CASE("every join type's incremental output equals the result recomputed from scratch") {
  for (JoinType type : {JoinType::kInner, JoinType::kLeft, JoinType::kRight, JoinType::kFull,
                        JoinType::kSemi, JoinType::kAnti, JoinType::kAntiNullAware}) {
    CAPTURE(JoinTypeName(type));
    std::mt19937 rng(7 + static_cast<int>(type));
    auto j = MakeJoin(type);
    RecordingSink sink;
    j->SetOutput(&sink, 0);
    std::vector<std::pair<std::vector<int64_t>, int64_t>> hist[2];
    std::vector<std::vector<int64_t>> live[2];
    for (int step = 0; step < 60; ++step) {
      int side = rng() % 2;
      Chunk c(side == 0 ? kL : kR);
      int n = 1 + rng() % 4;
      for (int k = 0; k < n; ++k) {
        std::vector<int64_t> row;
        int64_t w = 1;
        if (!live[side].empty() && rng() % 3 == 0) {
          size_t i = rng() % live[side].size();
          row = live[side][i];
          live[side].erase(live[side].begin() + i);
          w = -1;
        } else {
          int64_t key = static_cast<int64_t>(rng() % 5) - 1;  // -1 is NULL
          row = {key, static_cast<int64_t>(rng() % 3)};
          live[side].push_back(row);
        }
        hist[side].emplace_back(row, w);
        std::string payload = (side == 0 ? "l" : "r") + std::to_string(row[1]);
        c.AppendRow({row[0] < 0 ? NullI() : I(row[0]), T(payload)}, w);
      }
      REQUIRE(j->OnChanges(side, std::move(c)).ok());
      CHECK(sink.NetResult() == Expected(type, NetRows(hist[0]), NetRows(hist[1])));
    }
  }
}


// ---- durable state

// right (k int8, b text, flag bool); residual: flag (the joined row's col 4).
const std::vector<DataType> kRF = {kInt8, kText, kBool};

std::unique_ptr<HashJoinOperator> MakeFlagJoin(JoinType type, bool residual) {
  std::vector<BoundExprPtr> lk, rk;
  lk.push_back(Col(0, kInt8));
  rk.push_back(Col(0, kInt8));
  return std::make_unique<HashJoinOperator>(type, kL, kRF, std::move(lk), std::move(rk),
                                            residual ? Col(4, kBool) : nullptr,
                                            std::make_shared<EvalContext>());
}

// Random inserts and retractions (NULL keys, duplicates) on both sides.
std::vector<std::pair<int, Chunk>> RandomJoinChanges(uint32_t seed, int steps) {
  std::mt19937 rng(seed);
  std::vector<std::pair<int, Chunk>> out;
  std::vector<std::vector<int64_t>> live[2];
  for (int step = 0; step < steps; ++step) {
    int side = rng() % 2;
    Chunk c(side == 0 ? kL : kRF);
    int n = 1 + rng() % 4;
    for (int k = 0; k < n; ++k) {
      std::vector<int64_t> row;
      int64_t w = 1;
      if (!live[side].empty() && rng() % 3 == 0) {
        size_t i = rng() % live[side].size();
        row = live[side][i];
        live[side].erase(live[side].begin() + i);
        w = -1;
      } else {
        row = {static_cast<int64_t>(rng() % 5) - 1, static_cast<int64_t>(rng() % 3),
               static_cast<int64_t>(rng() % 4 != 0)};
        live[side].push_back(row);
      }
      std::vector<Value> vals = {row[0] < 0 ? NullI() : I(row[0]),
                                 T((side == 0 ? "l" : "r") + std::to_string(row[1]))};
      if (side == 1) vals.push_back(B(row[2] != 0));
      c.AppendRow(vals, w);
    }
    out.emplace_back(side, std::move(c));
  }
  return out;
}

TEST_CASE("every join type continues after SaveState/LoadState exactly as if it never stopped") {
  for (JoinType type : {JoinType::kInner, JoinType::kLeft, JoinType::kRight, JoinType::kFull,
                        JoinType::kSemi, JoinType::kAnti, JoinType::kAntiNullAware}) {
    for (bool residual : {false, true}) {
      for (uint32_t seed = 1; seed <= 4; ++seed) {
        CAPTURE(JoinTypeName(type));
        CAPTURE(residual);
        CAPTURE(seed);
        auto changes = RandomJoinChanges(seed * 31 + 7, 80);
        auto ref = MakeFlagJoin(type, residual);
        RecordingSink ref_sink;
        ref->SetOutput(&ref_sink, 0);
        for (auto& [port, c] : changes) REQUIRE(ref->OnChanges(port, c).ok());

        // First half, with a checkpoint at every 10th change (deltas after
        // the first one), then a restart.
        testing::MemoryState state;
        auto a = MakeFlagJoin(type, residual);
        RecordingSink sink;
        a->SetOutput(&sink, 0);
        const size_t half = changes.size() / 2 + seed;  // not on a checkpoint for odd seeds
        uint64_t epoch = 0;
        size_t i = 0;
        for (; i < half; ++i) {
          REQUIRE(a->OnChanges(changes[i].first, changes[i].second).ok());
          if ((i + 1) % 10 == 0 || i + 1 == half) {
            ++epoch;
            REQUIRE(a->OnBarrier(0, epoch).ok());
            REQUIRE(a->OnBarrier(1, epoch).ok());
            REQUIRE(a->SaveState(state).ok());
          }
        }
        auto b = MakeFlagJoin(type, residual);
        b->SetOutput(nullptr, 0);
        REQUIRE(b->LoadState(state).ok());
        CHECK(b->StateRows() == a->StateRows());
        b->SetOutput(&sink, 0);
        for (; i < changes.size(); ++i) {
          REQUIRE(b->OnChanges(changes[i].first, changes[i].second).ok());
        }
        CHECK(sink.NetResult() == ref_sink.NetResult());
        CHECK(b->StateRows() == ref->StateRows());
      }
    }
  }
}

// A window-keyed join: left (ws, a), right (ws, b), ON l.ws = r.ws.
std::unique_ptr<HashJoinOperator> MakeWindowJoin(JoinType type) {
  return MakeJoin(type);
}

TEST_CASE("join watermarks on an equi-key drop state behind them and forward the minimum") {
  for (JoinType type : {JoinType::kInner, JoinType::kLeft, JoinType::kFull, JoinType::kSemi}) {
    CAPTURE(JoinTypeName(type));
    auto j = MakeWindowJoin(type);
    auto ref = MakeWindowJoin(type);  // no watermarks: keeps everything
    RecordingSink sink, ref_sink;
    j->SetOutput(&sink, 0);
    ref->SetOutput(&ref_sink, 0);
    testing::MemoryState state;
    uint64_t max_rows = 0;
    for (int w = 0; w < 100; ++w) {
      const int64_t ws = w * 10;
      Chunk l = MakeChunk(kL, {{I(ws), T("x")}, {I(ws), T("y")}, {I(ws + 10), T("early")}});
      Chunk r = MakeChunk(kR, {{I(ws), T("p")}, {I(ws + 5), T("unmatched")}});
      // A retraction of the early row of the previous window's insert.
      Chunk lr = MakeChunk(kL, {{I(ws), T("early")}}, {-1});
      for (auto* op : {j.get(), ref.get()}) {
        REQUIRE(op->OnChanges(0, l).ok());
        REQUIRE(op->OnChanges(1, r).ok());
        if (w > 0) REQUIRE(op->OnChanges(0, lr).ok());
      }
      // The right side's watermark comes first: nothing happens until the
      // left's arrives (the right's first one at w = 0 is ahead of it).
      REQUIRE(j->OnWatermark(1, 0, w == 0 ? 10 : ws + 10).ok());
      REQUIRE(j->OnWatermark(0, 0, w == 0 ? 5 : ws + 10).ok());
      REQUIRE(j->OnWatermark(0, 1, ws).ok());  // not a key column: not forwarded
      REQUIRE(j->OnWatermark(0, 0, ws).ok());  // backwards: ignored
      REQUIRE(j->OnBarrier(0, w + 1).ok());
      REQUIRE(j->OnBarrier(1, w + 1).ok());
      REQUIRE(j->SaveState(state).ok());
      max_rows = std::max<uint64_t>(max_rows, j->StateRows());
      CHECK(sink.NetResult() == ref_sink.NetResult());
    }
    // Only the current window's rows (and the early one) stay.
    CHECK(max_rows <= 5);
    CHECK(ref->StateRows() >= 300);
    CHECK(j->StateBytes() * 20 < ref->StateBytes());
    // Watermarks out: (0, t) and, with right columns, (2, t); monotone.
    CHECK_FALSE(sink.watermarks.empty());
    int64_t last0 = INT64_MIN;
    for (auto [col, v] : sink.watermarks) {
      CHECK((col == 0 || col == 2));
      if (type == JoinType::kSemi) CHECK(col == 0);
      if (col == 0) {
        CHECK(v > last0);
        last0 = v;
      }
    }
    CHECK(last0 == 1000);
    // The evicted rows are not restored after a restart.
    auto b = MakeWindowJoin(type);
    REQUIRE(b->LoadState(state).ok());
    CHECK(b->StateRows() == j->StateRows());
  }
}

TEST_CASE("a join watermark on one side only, or on a computed key, drops nothing") {
  auto j = MakeJoin(JoinType::kInner);
  RecordingSink sink;
  j->SetOutput(&sink, 0);
  REQUIRE(j->OnChanges(0, MakeChunk(kL, {{I(1), T("x")}})).ok());
  REQUIRE(j->OnChanges(1, MakeChunk(kR, {{I(1), T("p")}})).ok());
  REQUIRE(j->OnWatermark(0, 0, 100).ok());
  CHECK(j->StateRows() == 2);
  CHECK(sink.watermarks.empty());

  auto nin = MakeJoin(JoinType::kAntiNullAware);
  RecordingSink nsink;
  nin->SetOutput(&nsink, 0);
  REQUIRE(nin->OnChanges(0, MakeChunk(kL, {{I(1), T("x")}})).ok());
  REQUIRE(nin->OnWatermark(0, 0, 100).ok());
  REQUIRE(nin->OnWatermark(1, 0, 100).ok());
  CHECK(nin->StateRows() == 1);
  CHECK(nsink.watermarks.empty());
  // A NULL on the right still retracts the kept left row.
  REQUIRE(nin->OnChanges(1, MakeChunk(kR, {{NullI(), T("p")}})).ok());
  CHECK(nsink.NetResult().empty());
}

}  // namespace
}  // namespace kappa
