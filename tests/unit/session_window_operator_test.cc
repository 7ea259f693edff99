// SessionWindowOperator: fixed cases, then randomized streams (inserts,
// retractions, watermarks, restarts through SaveState/LoadState) checked
// against a recompute of the sessions from the live multiset.
#include <algorithm>
#include <map>
#include <memory>
#include <random>

#include "doctest/doctest.h"
#include "executor/session_window_operator.h"
#include "memory_state.h"
#include "operator_test_util.h"

namespace kappa {
namespace {

using optest::I;
using optest::Net;

const DataType kTs(TypeId::kTimestamp);
// (k, ts, v)
const std::vector<DataType> kTypes = {optest::kInt8, kTs, optest::kInt8};
constexpr int64_t kGap = 10;

Value Ts(int64_t us) { return Value::Int(TypeId::kTimestamp, us); }

struct Harness {
  explicit Harness(bool eowc, bool partitioned = true) {
    op = std::make_unique<SessionWindowOperator>(
        kTypes, 1, kGap, partitioned ? std::vector<int>{0} : std::vector<int>{}, eowc);
    op->SetOutput(&sink, 0);
  }
  Status Push(const std::vector<std::vector<Value>>& rows, std::vector<int64_t> w = {}) {
    return op->OnChanges(0, optest::MakeChunk(kTypes, rows, w));
  }
  Status Barrier() { return op->OnBarrier(0, ++epoch); }
  std::unique_ptr<SessionWindowOperator> op;
  optest::RecordingSink sink;
  uint64_t epoch = 0;
};

std::string Row(int64_t k, int64_t ts, int64_t v, int64_t ws, int64_t we) {
  return std::to_string(k) + "|" + std::to_string(ts) + "|" + std::to_string(v) + "|" +
         std::to_string(ws) + "|" + std::to_string(we);
}

TEST_CASE("session window: extend, merge by a bridging row, split on retraction") {
  Harness h(false);
  REQUIRE(h.Push({{I(1), Ts(0), I(1)}, {I(1), Ts(5), I(2)}, {I(1), Ts(30), I(3)},
                  {I(2), Ts(3), I(4)}}).ok());
  REQUIRE(h.Barrier().ok());
  CHECK(h.sink.NetResult() == Net{{Row(1, 0, 1, 0, 15), 1}, {Row(1, 5, 2, 0, 15), 1},
                                  {Row(1, 30, 3, 30, 40), 1}, {Row(2, 3, 4, 3, 13), 1}});
  h.sink.TakeChanges();
  // 14 and 22 bridge [0,15) and [30,40): one session [0, 40).
  REQUIRE(h.Push({{I(1), Ts(14), I(5)}, {I(1), Ts(22), I(6)}}).ok());
  REQUIRE(h.Barrier().ok());
  CHECK(h.sink.NetResult() ==
        Net{{Row(1, 0, 1, 0, 40), 1}, {Row(1, 5, 2, 0, 40), 1}, {Row(1, 14, 5, 0, 40), 1},
            {Row(1, 22, 6, 0, 40), 1}, {Row(1, 30, 3, 0, 40), 1}, {Row(2, 3, 4, 3, 13), 1}});
  auto changes = h.sink.TakeChanges();
  CHECK(changes.size() == 8);  // key 1: 3 rows retracted with old bounds, 5 inserted
  // Retract the bridge at 22: splits again into [0, 24) and [30, 40).
  REQUIRE(h.Push({{I(1), Ts(22), I(6)}}, {-1}).ok());
  REQUIRE(h.Barrier().ok());
  CHECK(h.sink.NetResult() ==
        Net{{Row(1, 0, 1, 0, 24), 1}, {Row(1, 5, 2, 0, 24), 1}, {Row(1, 14, 5, 0, 24), 1},
            {Row(1, 30, 3, 30, 40), 1}, {Row(2, 3, 4, 3, 13), 1}});
  // A row exactly `gap` after the last one starts a new session (half-open).
  REQUIRE(h.Push({{I(2), Ts(13), I(7)}}).ok());
  REQUIRE(h.Barrier().ok());
  CHECK(h.sink.NetResult().count(Row(2, 13, 7, 13, 23)) == 1);
  CHECK(h.sink.NetResult().count(Row(2, 3, 4, 3, 13)) == 1);
  // NULL ts: no session, no row.
  REQUIRE(h.Push({{I(3), optest::Null(TypeId::kTimestamp), I(8)}}).ok());
  REQUIRE(h.Barrier().ok());
  CHECK(h.sink.NetResult().size() == 6);
  CHECK(h.op->Describe() == "SessionWindow(time=#1, gap=00:00:00.00001, partition=[#0])");
}

TEST_CASE("session window EMIT ON WINDOW CLOSE: a session appears once, when the watermark passes") {
  Harness h(true);
  REQUIRE(h.Push({{I(1), Ts(0), I(1)}, {I(1), Ts(5), I(2)}, {I(2), Ts(8), I(3)}}).ok());
  REQUIRE(h.op->OnWatermark(0, 1, 14).ok());
  REQUIRE(h.Barrier().ok());
  CHECK(h.sink.NetResult().empty());
  CHECK(h.op->StateRows() == 3);
  REQUIRE(h.op->OnWatermark(0, 1, 15).ok());
  REQUIRE(h.Barrier().ok());
  CHECK(h.sink.NetResult() == Net{{Row(1, 0, 1, 0, 15), 1}, {Row(1, 5, 2, 0, 15), 1}});
  CHECK(h.op->StateRows() == 1);
  // Watermarks: window_end gets the input's; ts and window_start the oldest open start.
  CHECK(h.sink.watermarks.back() == std::pair<int, int64_t>{4, 15});
  CHECK(std::find(h.sink.watermarks.begin(), h.sink.watermarks.end(),
                  std::pair<int, int64_t>{3, 8}) != h.sink.watermarks.end());
  REQUIRE(h.op->OnWatermark(0, 1, 100).ok());
  REQUIRE(h.Barrier().ok());
  CHECK(h.sink.NetResult().size() == 3);
  CHECK(h.op->StateRows() == 0);
}

// ---- randomized against a recompute

struct LiveRow {
  int64_t k, ts, v;
  bool operator<(const LiveRow& o) const {
    return std::tie(k, ts, v) < std::tie(o.k, o.ts, o.v);
  }
};

// The sessions of `live` (row -> count): row text with bounds -> count;
// with eowc, only sessions whose end <= wm.
Net Recompute(const std::map<LiveRow, int64_t>& live, bool partitioned, bool eowc, int64_t wm) {
  std::map<int64_t, std::vector<std::pair<LiveRow, int64_t>>> parts;
  for (const auto& [r, c] : live) parts[partitioned ? r.k : 0].push_back({r, c});
  Net out;
  for (auto& [k, rows] : parts) {
    std::stable_sort(rows.begin(), rows.end(),
                     [](const auto& a, const auto& b) { return a.first.ts < b.first.ts; });
    size_t i = 0;
    while (i < rows.size()) {
      size_t j = i + 1;
      int64_t last = rows[i].first.ts;
      while (j < rows.size() && rows[j].first.ts < last + kGap) last = rows[j++].first.ts;
      const int64_t start = rows[i].first.ts, end = last + kGap;
      if (!eowc || end <= wm) {
        for (size_t q = i; q < j; ++q) {
          const LiveRow& r = rows[q].first;
          out[Row(r.k, r.ts, r.v, start, end)] += rows[q].second;
        }
      }
      i = j;
    }
  }
  return out;
}

TEST_CASE("session window: random inserts, retractions, watermarks and restarts equal a recompute") {
  for (int config = 0; config < 8; ++config) {
    const bool eowc = config & 1;
    const bool partitioned = config & 2;
    const bool restarts = config & 4;
    CAPTURE(config);
    std::mt19937_64 rng(42 + config);
    std::map<LiveRow, int64_t> live;
    std::unique_ptr<Harness> h = std::make_unique<Harness>(eowc, partitioned);
    testing::MemoryState store;
    Net prior;  // output of operators before a restart
    int64_t wm = 0, max_ts = 0;
    for (int epoch = 0; epoch < 120; ++epoch) {
      CAPTURE(epoch);
      const int n = static_cast<int>(rng() % 12);
      std::vector<std::vector<Value>> rows;
      std::vector<int64_t> weights;
      for (int i = 0; i < n; ++i) {
        if (!live.empty() && rng() % 4 == 0) {
          // Retract a live row whose ts is not behind the watermark.
          auto it = live.begin();
          std::advance(it, static_cast<long>(rng() % live.size()));
          if (it->first.ts < wm) continue;
          rows.push_back({I(it->first.k), Ts(it->first.ts), I(it->first.v)});
          weights.push_back(-1);
          if (--it->second == 0) live.erase(it);
          continue;
        }
        LiveRow r{static_cast<int64_t>(rng() % 4),
                  wm + static_cast<int64_t>(rng() % 25), static_cast<int64_t>(rng() % 3)};
        max_ts = std::max(max_ts, r.ts);
        rows.push_back({I(r.k), Ts(r.ts), I(r.v)});
        weights.push_back(1);
        ++live[r];
      }
      if (!rows.empty()) REQUIRE(h->Push(rows, weights).ok());
      if (rng() % 3 == 0) {
        wm = std::max(wm, max_ts - static_cast<int64_t>(rng() % 15));
        REQUIRE(h->op->OnWatermark(0, 1, wm).ok());
      }
      REQUIRE(h->Barrier().ok());
      Net total = prior;
      for (const auto& [k, v] : h->sink.NetResult()) {
        if ((total[k] += v) == 0) total.erase(k);
      }
      for (auto it = total.begin(); it != total.end();) {
        it = it->second == 0 ? total.erase(it) : std::next(it);
      }
      Net expected = Recompute(live, partitioned, eowc, wm);
      for (auto it = expected.begin(); it != expected.end();) {
        it = it->second == 0 ? expected.erase(it) : std::next(it);
      }
      REQUIRE(total == expected);
      REQUIRE(h->op->SaveState(store).ok());
      if (restarts && epoch % 17 == 16) {
        const uint64_t rows_before = h->op->StateRows();
        prior = total;
        const uint64_t e = h->epoch;
        h = std::make_unique<Harness>(eowc, partitioned);
        h->epoch = e;
        h->op->SetOutput(nullptr, 0);
        REQUIRE(h->op->LoadState(store).ok());
        h->op->SetOutput(&h->sink, 0);
        CHECK(h->op->StateRows() == rows_before);
      }
    }
    // Closing everything leaves no state and, with EOWC, emits every session.
    REQUIRE(h->op->OnWatermark(0, 1, max_ts + kGap + 1).ok());
    REQUIRE(h->Barrier().ok());
    CHECK(h->op->StateRows() == 0);
  }
}

}  // namespace
}  // namespace kappa
