#include <doctest/doctest.h>

#include <random>

#include "executor/distinct_operator.h"
#include "executor/set_op_operator.h"
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

}  // namespace
}  // namespace kappa
