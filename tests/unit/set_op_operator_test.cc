#include <doctest/doctest.h>

#include <random>

#include "executor/distinct_operator.h"
#include "executor/set_op_operator.h"
#include "tests/unit/memory_state.h"
#include "tests/unit/operator_test_util.h"

namespace kappa {
namespace {

using namespace optest;

const std::vector<DataType> kT = {kInt8};

Chunk Ints(std::vector<int64_t> xs, std::vector<int64_t> w = {}) {
  Chunk c(kT);
  for (size_t i = 0; i < xs.size(); ++i) {
    c.AppendRow({xs[i] < 0 ? Null(TypeId::kInt64) : I(xs[i])}, w.empty() ? 1 : w[i]);
  }
  return c;
}

TEST_CASE("distinct emits each row once while its count is positive") {
  DistinctOperator d(kT);
  RecordingSink sink;
  d.SetOutput(&sink, 0);
  REQUIRE(d.OnChanges(0, Ints({1, 1, 2, -1, -1})).ok());
  REQUIRE(d.OnBarrier(0, 1).ok());
  CHECK(sink.TakeChanges() == std::vector<std::string>{"1:1", "2:1", "NULL:1"});
  REQUIRE(d.OnChanges(0, Ints({1, 2}, {-1, -1})).ok());
  REQUIRE(d.OnBarrier(0, 2).ok());
  CHECK(sink.TakeChanges() == std::vector<std::string>{"2:-1"});
  REQUIRE(d.OnChanges(0, Ints({1, 3, 3}, {-1, 1, -1})).ok());
  REQUIRE(d.OnBarrier(0, 3).ok());
  CHECK(sink.TakeChanges() == std::vector<std::string>{"1:-1"});
  CHECK(sink.NetResult() == Net{{"NULL", 1}});
}

TEST_CASE("distinct treats 1.0 and 1.00 as the same row") {
  DistinctOperator d({kNumeric});
  RecordingSink sink;
  d.SetOutput(&sink, 0);
  REQUIRE(d.OnChanges(0, MakeChunk({kNumeric}, {{D("1.0")}, {D("1.00")}})).ok());
  REQUIRE(d.OnBarrier(0, 1).ok());
  CHECK(sink.NetResult() == Net{{"1.0", 1}});
}

int64_t Count(const std::map<int64_t, int64_t>& m, int64_t k) {
  auto it = m.find(k);
  return it == m.end() ? 0 : it->second;
}

TEST_CASE("intersect and except follow PostgreSQL's multiset rules") {
  struct Case {
    SetOpKind kind;
    Net expected;
  };
  // left: 1,1,1,2,3,NULL   right: 1,1,3,3,4,NULL
  const std::vector<Case> cases = {
      {SetOpKind::kIntersect, {{"1", 1}, {"3", 1}, {"NULL", 1}}},
      {SetOpKind::kIntersectAll, {{"1", 2}, {"3", 1}, {"NULL", 1}}},
      {SetOpKind::kExcept, {{"2", 1}}},
      {SetOpKind::kExceptAll, {{"1", 1}, {"2", 1}}},
  };
  for (const auto& c : cases) {
    SetOpOperator op(c.kind, kT);
    RecordingSink sink;
    op.SetOutput(&sink, 0);
    REQUIRE(op.OnChanges(0, Ints({1, 1, 1, 2, 3, -1})).ok());
    REQUIRE(op.OnChanges(1, Ints({1, 1, 3, 3, 4, -1})).ok());
    REQUIRE(op.OnBarrier(0, 1).ok());
    CHECK(sink.chunks.empty());  // waits for the barrier on both inputs
    REQUIRE(op.OnBarrier(1, 1).ok());
    CHECK(sink.NetResult() == c.expected);
  }
}

TEST_CASE("set operations stay correct under retractions across barriers") {
  for (SetOpKind kind : {SetOpKind::kIntersect, SetOpKind::kIntersectAll, SetOpKind::kExcept,
                         SetOpKind::kExceptAll}) {
    std::mt19937 rng(3 + static_cast<int>(kind));
    SetOpOperator op(kind, kT);
    RecordingSink sink;
    op.SetOutput(&sink, 0);
    std::map<int64_t, int64_t> counts[2];
    std::vector<int64_t> live[2];
    for (uint64_t epoch = 1; epoch <= 40; ++epoch) {
      for (int side = 0; side < 2; ++side) {
        std::vector<int64_t> xs, ws;
        for (int k = 0; k < 3; ++k) {
          if (!live[side].empty() && rng() % 3 == 0) {
            size_t i = rng() % live[side].size();
            xs.push_back(live[side][i]);
            ws.push_back(-1);
            live[side].erase(live[side].begin() + i);
          } else {
            xs.push_back(static_cast<int64_t>(rng() % 4));
            ws.push_back(1);
            live[side].push_back(xs.back());
          }
          counts[side][xs.back()] += ws.back();
        }
        REQUIRE(op.OnChanges(side, Ints(xs, ws)).ok());
        REQUIRE(op.OnBarrier(side, epoch).ok());
      }
      Net expected;
      for (int64_t v = 0; v < 4; ++v) {
        int64_t a = Count(counts[0], v), b = Count(counts[1], v), n = 0;
        switch (kind) {
          case SetOpKind::kIntersect: n = a > 0 && b > 0; break;
          case SetOpKind::kIntersectAll: n = std::min(a, b); break;
          case SetOpKind::kExcept: n = a > 0 && b == 0; break;
          case SetOpKind::kExceptAll: n = std::max<int64_t>(0, a - b); break;
          default: break;
        }
        if (n > 0) expected[std::to_string(v)] = n;
      }
      CHECK(sink.NetResult() == expected);
    }
  }
}


// ---- durable state and watermarks

// Numeric rows, so 1.0 and 1.00 (the same row for SQL) both occur.
const std::vector<DataType> kN = {kNumeric};

std::unique_ptr<SetOpOperator> MakeSetOp(SetOpKind kind) {
  if (kind == SetOpKind::kDistinct) return std::make_unique<DistinctOperator>(kN);
  return std::make_unique<SetOpOperator>(kind, kN);
}

struct Step {
  int port;
  Chunk chunk;
  bool barrier_after;
};

std::vector<Step> RandomSetOpChanges(uint32_t seed, int inputs, int steps) {
  std::mt19937 rng(seed);
  const char* vals[] = {"1.0", "1.00", "2", "3", "4.5"};
  std::vector<Step> out;
  std::vector<std::pair<int, int64_t>> live[2];  // (value index or -1 = NULL, unused)
  for (int step = 0; step < steps; ++step) {
    int port = rng() % inputs;
    Chunk c(kN);
    int n = 1 + rng() % 4;
    for (int k = 0; k < n; ++k) {
      int v;
      int64_t w = 1;
      if (!live[port].empty() && rng() % 3 == 0) {
        size_t i = rng() % live[port].size();
        v = live[port][i].first;
        live[port].erase(live[port].begin() + i);
        w = -1;
      } else {
        v = static_cast<int>(rng() % 6) - 1;
        live[port].emplace_back(v, 0);
      }
      c.AppendRow({v < 0 ? Null(TypeId::kNumeric) : D(vals[v])}, w);
    }
    out.push_back({port, std::move(c), rng() % 3 == 0});
  }
  out.back().barrier_after = true;
  return out;
}

TEST_CASE("distinct and set operations continue after SaveState/LoadState as if they never stopped") {
  for (SetOpKind kind : {SetOpKind::kDistinct, SetOpKind::kIntersect, SetOpKind::kIntersectAll,
                         SetOpKind::kExcept, SetOpKind::kExceptAll}) {
    for (uint32_t seed = 1; seed <= 5; ++seed) {
      auto probe = MakeSetOp(kind);
      CAPTURE(probe->Describe());
      CAPTURE(seed);
      const int inputs = probe->num_inputs();
      auto steps = RandomSetOpChanges(seed * 17 + 3, inputs, 60);
      auto barrier = [&](SetOpOperator* op, uint64_t epoch) {
        for (int p = 0; p < inputs; ++p) REQUIRE(op->OnBarrier(p, epoch).ok());
      };
      auto ref = MakeSetOp(kind);
      RecordingSink ref_sink;
      ref->SetOutput(&ref_sink, 0);
      uint64_t epoch = 0;
      for (auto& st : steps) {
        REQUIRE(ref->OnChanges(st.port, st.chunk).ok());
        if (st.barrier_after) barrier(ref.get(), ++epoch);
      }

      testing::MemoryState state;
      auto a = MakeSetOp(kind);
      RecordingSink sink;
      a->SetOutput(&sink, 0);
      epoch = 0;
      size_t i = 0;
      int saves = 0;
      // Run until the second checkpoint after the middle.
      for (; i < steps.size(); ++i) {
        REQUIRE(a->OnChanges(steps[i].port, steps[i].chunk).ok());
        if (steps[i].barrier_after) {
          barrier(a.get(), ++epoch);
          REQUIRE(a->SaveState(state).ok());
          if (i >= steps.size() / 2 && ++saves == 2) {
            ++i;
            break;
          }
        }
      }
      auto b = MakeSetOp(kind);
      b->SetOutput(nullptr, 0);
      REQUIRE(b->LoadState(state).ok());
      b->SetOutput(&sink, 0);
      for (; i < steps.size(); ++i) {
        REQUIRE(b->OnChanges(steps[i].port, steps[i].chunk).ok());
        if (steps[i].barrier_after) barrier(b.get(), ++epoch);
      }
      CHECK(sink.NetResult() == ref_sink.NetResult());
      CHECK(b->StateRows() == ref->StateRows());
    }
  }
}

TEST_CASE("set operations forward the minimum watermark at the barrier after the changes") {
  SetOpOperator op(SetOpKind::kExcept, kT);
  RecordingSink sink;
  op.SetOutput(&sink, 0);
  REQUIRE(op.OnChanges(0, Ints({5})).ok());
  REQUIRE(op.OnWatermark(0, 0, 10).ok());
  REQUIRE(op.OnWatermark(1, 0, 7).ok());
  CHECK(sink.watermarks.empty());  // held until the barrier
  REQUIRE(op.OnBarrier(0, 1).ok());
  REQUIRE(op.OnBarrier(1, 1).ok());
  CHECK(sink.TakeChanges() == std::vector<std::string>{"5:1"});
  CHECK(sink.watermarks == std::vector<std::pair<int, int64_t>>{{0, 7}});
  REQUIRE(op.OnWatermark(1, 0, 6).ok());  // backwards: ignored
  REQUIRE(op.OnWatermark(0, 0, 12).ok());  // the minimum is still 7
  REQUIRE(op.OnBarrier(0, 2).ok());
  REQUIRE(op.OnBarrier(1, 2).ok());
  CHECK(sink.watermarks.size() == 1);

  DistinctOperator d(kT);
  RecordingSink ds;
  d.SetOutput(&ds, 0);
  REQUIRE(d.OnWatermark(0, 0, 3).ok());
  REQUIRE(d.OnEnd(0).ok());
  CHECK(ds.watermarks == std::vector<std::pair<int, int64_t>>{{0, 3}});
}

}  // namespace
}  // namespace kappa
