#include <doctest/doctest.h>

#include <algorithm>
#include <map>
#include <optional>
#include <random>
#include <set>

#include "executor/top_n_operator.h"
#include "tests/unit/memory_state.h"
#include "tests/unit/operator_test_util.h"

namespace kappa {
namespace {

using namespace optest;

using Rows = std::vector<std::string>;

// Input schema of most tests: (p text, a int8, b int8).
const std::vector<DataType> kTypes = {kText, kInt8, kInt8};

struct Config {
  bool partitioned = false;
  bool descending = false;
  bool nulls_first = false;
  int64_t limit = 3;
  int64_t offset = 0;
  bool row_number = false;
};

std::unique_ptr<TopNOperator> MakeTopN(const Config& c) {
  std::vector<BoundExprPtr> partition;
  if (c.partitioned) partition.push_back(Col(0, kText));
  std::vector<OrderKey> order(1);
  order[0].expr = Col(1, kInt8);
  order[0].descending = c.descending;
  order[0].nulls_first = c.nulls_first;
  return std::make_unique<TopNOperator>(kTypes, std::move(partition), std::move(order), c.limit,
                                        c.offset, c.row_number, std::make_shared<EvalContext>());
}

// The changes emitted since the last call, sorted ("row:weight").
Rows Sorted(Rows r) {
  std::sort(r.begin(), r.end());
  return r;
}

struct Harness {
  explicit Harness(const Config& c) : op(MakeTopN(c)) { op->SetOutput(&sink, 0); }
  void Push(const std::vector<std::vector<Value>>& rows, const std::vector<int64_t>& w = {}) {
    REQUIRE(op->OnChanges(0, MakeChunk(kTypes, rows, w)).ok());
  }
  Rows Barrier() {
    REQUIRE(op->OnBarrier(0, ++epoch).ok());
    REQUIRE(sink.barriers.back() == epoch);
    return Sorted(sink.TakeChanges());
  }
  std::unique_ptr<TopNOperator> op;
  RecordingSink sink;
  uint64_t epoch = 0;
};

Value P(const char* s) { return s ? T(s) : Null(TypeId::kText); }

TEST_CASE("top-N without partition keeps the first n rows and emits at barriers") {
  Harness h(Config{});
  h.Push({{P("x"), I(5), I(0)}, {P("x"), I(1), I(0)}, {P("x"), I(3), I(0)}});
  h.Push({{P("x"), I(2), I(0)}, {P("x"), I(4), I(0)}});
  CHECK(h.sink.chunks.empty());  // nothing before the barrier
  CHECK(h.Barrier() == Rows{"x|1|0:1", "x|2|0:1", "x|3|0:1"});
  // Deleting a row inside the top-N pulls the next one up.
  h.Push({{P("x"), I(2), I(0)}}, {-1});
  CHECK(h.Barrier() == Rows{"x|2|0:-1", "x|4|0:1"});
  // Deleting below the cut changes nothing.
  h.Push({{P("x"), I(5), I(0)}}, {-1});
  CHECK(h.Barrier().empty());
  // An insert and its retraction in one epoch: nothing.
  h.Push({{P("x"), I(0), I(0)}});
  h.Push({{P("x"), I(0), I(0)}}, {-1});
  CHECK(h.Barrier().empty());
  // Several changes in one epoch: only the net difference.
  h.Push({{P("x"), I(0), I(0)}, {P("x"), I(-1), I(0)}});
  h.Push({{P("x"), I(-1), I(0)}}, {-1});
  CHECK(h.Barrier() == Rows{"x|0|0:1", "x|4|0:-1"});
  CHECK(h.sink.NetResult() == Net{{"x|0|0", 1}, {"x|1|0", 1}, {"x|3|0", 1}});
  REQUIRE(h.op->OnEnd(0).ok());
  CHECK(h.sink.ended);
  CHECK(h.op->StateRows() == 4);
  CHECK(h.op->Describe() == "TopN(partition=[], order=[#1], limit=3, offset=0)");
}

TEST_CASE("top-N with offset and duplicates counts every copy as a position") {
  Config c;
  c.limit = 2;
  c.offset = 1;
  Harness h(c);
  // Ordered: 1 3 3 3 4
  h.Push({{P("x"), I(4), I(0)}, {P("x"), I(1), I(0)}, {P("x"), I(3), I(0)}}, {1, 1, 3});
  CHECK(h.Barrier() == Rows{"x|3|0:2"});
  // One copy of 3 goes: positions 2..3 are 3 3 still.
  h.Push({{P("x"), I(3), I(0)}}, {-1});
  CHECK(h.Barrier().empty());
  h.Push({{P("x"), I(3), I(0)}}, {-1});
  CHECK(h.Barrier() == Rows{"x|3|0:-1", "x|4|0:1"});
  // A row before everything shifts the window.
  h.Push({{P("x"), I(0), I(0)}});
  CHECK(h.Barrier() == Rows{"x|1|0:1", "x|4|0:-1"});
  CHECK(h.sink.NetResult() == Net{{"x|1|0", 1}, {"x|3|0", 1}});
}

TEST_CASE("row_number renumbers rows after an insert before them") {
  Config c;
  c.row_number = true;
  Harness h(c);
  h.Push({{P("x"), I(10), I(0)}, {P("x"), I(20), I(0)}, {P("x"), I(30), I(0)},
           {P("x"), I(40), I(0)}});
  CHECK(h.Barrier() == Rows{"x|10|0|1:1", "x|20|0|2:1", "x|30|0|3:1"});
  h.Push({{P("x"), I(15), I(0)}});
  CHECK(h.Barrier() == Rows{"x|15|0|2:1", "x|20|0|2:-1", "x|20|0|3:1", "x|30|0|3:-1"});
  // Rows of count 2 get two numbers.
  h.Push({{P("x"), I(5), I(0)}}, {2});
  CHECK(h.Barrier() == Rows{"x|10|0|1:-1", "x|10|0|3:1", "x|15|0|2:-1", "x|20|0|3:-1",
                            "x|5|0|1:1", "x|5|0|2:1"});
  CHECK(h.sink.NetResult() == Net{{"x|5|0|1", 1}, {"x|5|0|2", 1}, {"x|10|0|3", 1}});
}

TEST_CASE("top-N per partition keeps each partition apart") {
  Config c;
  c.partitioned = true;
  c.descending = true;
  c.limit = 2;
  c.row_number = true;
  Harness h(c);
  h.Push({{P("a"), I(1), I(0)}, {P("b"), I(7), I(0)}, {P("a"), I(3), I(0)}, {P(nullptr), I(2), I(0)},
          {P("a"), I(2), I(0)}, {P("b"), I(5), I(0)}, {P("b"), I(9), I(0)}});
  CHECK(h.Barrier() == Rows{"NULL|2|0|1:1", "a|2|0|2:1", "a|3|0|1:1", "b|7|0|2:1", "b|9|0|1:1"});
  // A change in one partition touches only that partition.
  h.Push({{P("b"), I(9), I(0)}}, {-1});
  CHECK(h.Barrier() == Rows{"b|5|0|2:1", "b|7|0|1:1", "b|7|0|2:-1", "b|9|0|1:-1"});
  // A partition that empties disappears and can come back.
  h.Push({{P(nullptr), I(2), I(0)}}, {-1});
  CHECK(h.Barrier() == Rows{"NULL|2|0|1:-1"});
  h.Push({{P(nullptr), I(4), I(0)}});
  CHECK(h.Barrier() == Rows{"NULL|4|0|1:1"});
  CHECK(h.op->Describe() == "TopN(partition=[#0], order=[#1 DESC NULLS LAST], limit=2, offset=0)");
}

TEST_CASE("top-N breaks ties by the whole row, NULLs last") {
  Config c;
  c.limit = 2;
  Harness h(c);
  h.Push({{P("z"), I(1), I(3)}, {P("y"), I(1), I(2)}, {P(nullptr), I(1), I(1)}, {P("y"), I(1), I(1)}});
  CHECK(h.Barrier() == Rows{"y|1|1:1", "y|1|2:1"});
  h.Push({{P("y"), I(1), I(1)}}, {-1});
  CHECK(h.Barrier() == Rows{"y|1|1:-1", "z|1|3:1"});
  // NULL order keys go last ascending unless NULLS FIRST.
  h.Push({{P("a"), Null(TypeId::kInt64), I(0)}});
  CHECK(h.Barrier().empty());
}

TEST_CASE("top-N drops watermarks") {
  Harness h(Config{});
  REQUIRE(h.op->OnWatermark(0, 1, 100).ok());
  CHECK(h.sink.watermarks.empty());
}

// ---- randomized check against a from-scratch recomputation

struct RefRow {
  std::optional<std::string> p;
  std::optional<int64_t> a;
  int64_t b;
  bool operator<(const RefRow& o) const {
    return std::tie(p, a, b) < std::tie(o.p, o.a, o.b);
  }
  std::vector<Value> Values() const {
    return {p ? T(*p) : Null(TypeId::kText), a ? I(*a) : Null(TypeId::kInt64), I(b)};
  }
  std::string Text() const {
    return (p ? *p : "NULL") + "|" + (a ? std::to_string(*a) : "NULL") + "|" + std::to_string(b);
  }
};

// -1/0/1 with NULLs last ascending.
template <class T>
int CmpNullsLast(const std::optional<T>& x, const std::optional<T>& y) {
  if (!x || !y) return (!x && !y) ? 0 : (!x ? 1 : -1);
  return *x < *y ? -1 : (*y < *x ? 1 : 0);
}

Net Recompute(const Config& c, const std::map<RefRow, int64_t>& input) {
  std::map<std::optional<std::string>, std::vector<RefRow>> parts;
  for (const auto& [row, n] : input) {
    if (n > 0) parts[c.partitioned ? row.p : std::nullopt].push_back(row);
  }
  Net out;
  for (auto& [key, rows] : parts) {
    std::sort(rows.begin(), rows.end(), [&](const RefRow& x, const RefRow& y) {
      if (x.a.has_value() != y.a.has_value()) return x.a.has_value() != c.nulls_first;
      if (x.a && *x.a != *y.a) return c.descending ? *x.a > *y.a : *x.a < *y.a;
      int k = CmpNullsLast(x.p, y.p);
      if (k != 0) return k < 0;
      k = CmpNullsLast(x.a, y.a);
      if (k != 0) return k < 0;
      return x.b < y.b;
    });
    int64_t pos = 0;
    for (const RefRow& r : rows) {
      for (int64_t k = 0; k < input.at(r); ++k) {
        ++pos;
        if (pos <= c.offset || pos > c.offset + c.limit) continue;
        if (c.row_number) {
          out[r.Text() + "|" + std::to_string(pos)] += 1;
        } else {
          out[r.Text()] += 1;
        }
      }
    }
  }
  return out;
}

// A random change stream: per epoch, a few chunks of inserts and deletes.
struct Stream {
  explicit Stream(uint32_t seed) : rng(seed) {}
  std::vector<Chunk> NextEpoch() {
    std::vector<Chunk> chunks;
    const int nchunks = 1 + static_cast<int>(rng() % 3);
    for (int k = 0; k < nchunks; ++k) {
      Chunk chunk(kTypes);
      const int n = 1 + static_cast<int>(rng() % 6);
      for (int i = 0; i < n; ++i) {
        const bool del = !live.empty() && rng() % 3 == 0;
        RefRow r;
        int64_t w;
        if (del) {
          auto it = live.begin();
          std::advance(it, rng() % live.size());
          r = it->first;
          w = -(1 + static_cast<int64_t>(rng() % it->second));
        } else {
          static const char* kParts[] = {"a", "b", "c", nullptr};
          const char* p = kParts[rng() % 4];
          if (p) r.p = p;
          if (rng() % 6 != 0) r.a = static_cast<int64_t>(rng() % 6);
          r.b = static_cast<int64_t>(rng() % 3);
          w = 1 + static_cast<int64_t>(rng() % 2);
        }
        chunk.AppendRow(r.Values(), w);
        if ((live[r] += w) == 0) live.erase(r);
      }
      chunks.push_back(std::move(chunk));
    }
    return chunks;
  }
  std::mt19937 rng;
  std::map<RefRow, int64_t> live;
};

std::vector<Config> RandomConfigs() {
  std::vector<Config> configs;
  for (int partitioned = 0; partitioned < 2; ++partitioned) {
    for (int rn = 0; rn < 2; ++rn) {
      for (int64_t limit : {0, 1, 3, 8}) {
        for (int64_t offset : {0, 2}) {
          Config c;
          c.partitioned = partitioned;
          c.row_number = rn;
          c.limit = limit;
          c.offset = offset;
          c.descending = (limit + offset) % 2 == 1;
          c.nulls_first = limit % 3 == 1;
          configs.push_back(c);
        }
      }
    }
  }
  return configs;
}

TEST_CASE("top-N output equals recomputing the top-N of the input, over many epochs") {
  uint32_t seed = 1;
  for (const Config& c : RandomConfigs()) {
    CAPTURE(c.partitioned);
    CAPTURE(c.row_number);
    CAPTURE(c.limit);
    CAPTURE(c.offset);
    Stream stream(seed++);
    Harness h(c);
    for (int epoch = 0; epoch < 60; ++epoch) {
      CAPTURE(epoch);
      for (auto& chunk : stream.NextEpoch()) REQUIRE(h.op->OnChanges(0, std::move(chunk)).ok());
      const Rows changes = h.Barrier();
      // Net changes only: each output row at most once per epoch.
      std::set<std::string> seen;
      for (const auto& ch : changes) {
        CHECK(seen.insert(ch.substr(0, ch.rfind(':'))).second);
      }
      CHECK(h.sink.NetResult() == Recompute(c, stream.live));
    }
    // Delete everything: the output empties and the state is gone.
    Chunk all(kTypes);
    for (const auto& [r, n] : stream.live) all.AppendRow(r.Values(), -n);
    REQUIRE(h.op->OnChanges(0, std::move(all)).ok());
    h.Barrier();
    CHECK(h.sink.NetResult().empty());
    CHECK(h.op->StateRows() == 0);
  }
}

TEST_CASE("top-N restored with LoadState mid-stream continues like an uninterrupted run") {
  for (const Config& c : RandomConfigs()) {
    if (c.limit == 0) continue;
    CAPTURE(c.partitioned);
    CAPTURE(c.row_number);
    CAPTURE(c.limit);
    CAPTURE(c.offset);
    Stream stream(1000 + static_cast<uint32_t>(c.limit * 7 + c.offset));
    std::vector<std::vector<Chunk>> epochs;
    for (int e = 0; e < 40; ++e) epochs.push_back(stream.NextEpoch());

    Harness straight(c);
    testing::MemoryState store;
    Harness first(c);
    std::unique_ptr<Harness> second;
    const int crash_after = 17;
    for (int e = 0; e < 40; ++e) {
      CAPTURE(e);
      for (const auto& chunk : epochs[e]) REQUIRE(straight.op->OnChanges(0, chunk).ok());
      const Rows expected = straight.Barrier();
      Harness& h = e <= crash_after ? first : *second;
      for (const auto& chunk : epochs[e]) REQUIRE(h.op->OnChanges(0, chunk).ok());
      h.epoch = e;
      CHECK(h.Barrier() == expected);
      REQUIRE(h.op->SaveState(store).ok());
      if (e == crash_after) {
        // Restart: a fresh operator, output detached while loading.
        second = std::make_unique<Harness>(c);
        second->op->SetOutput(nullptr, 0);
        REQUIRE(second->op->LoadState(store).ok());
        second->op->SetOutput(&second->sink, 0);
        CHECK(second->op->StateRows() == first.op->StateRows());
      }
    }
    Net total = first.sink.NetResult();
    for (const auto& [k, v] : second->sink.NetResult()) {
      if ((total[k] += v) == 0) total.erase(k);
    }
    CHECK(total == straight.sink.NetResult());
    CHECK(total == Recompute(c, stream.live));
  }
}

}  // namespace
}  // namespace kappa
