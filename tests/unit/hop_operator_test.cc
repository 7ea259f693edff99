#include "executor/hop_operator.h"

#include <doctest/doctest.h>

#include <algorithm>

#include "common/datetime.h"
#include "tests/unit/operator_test_util.h"

namespace kappa {
namespace {

using namespace optest;

const DataType kTs(TypeId::kTimestamp);
const DataType kTz(TypeId::kTimestampTz);
constexpr int64_t kSec = 1000000;

Value Ts(int64_t seconds) { return Value::Int(TypeId::kTimestamp, seconds * kSec); }

// Rows as "id|ts|window_start|window_end" in seconds, sorted, with weights.
std::vector<std::string> Rows(const RecordingSink& sink) {
  std::vector<std::string> out;
  for (const auto& c : sink.chunks) {
    REQUIRE(c.columns.size() == 4);
    CHECK(c.columns[2].type.id == c.columns[1].type.id);
    CHECK(c.columns[3].type.id == c.columns[1].type.id);
    for (size_t r = 0; r < c.num_rows; ++r) {
      std::string s = ValueText(c.columns[0], r);
      for (int k = 1; k < 4; ++k) {
        s += "|" + (c.columns[k].nulls[r] ? std::string("NULL")
                                          : std::to_string(c.columns[k].ints[r] / kSec));
      }
      out.push_back(s + ":" + std::to_string(c.weights[r]));
    }
  }
  std::sort(out.begin(), out.end());
  return out;
}

TEST_CASE("hop puts every row into size/slide windows, keeping its weight") {
  // slide 10s, size 30s: three windows per row.
  HopOperator hop({kInt8, kTs}, 1, 10 * kSec, 30 * kSec);
  RecordingSink sink;
  hop.SetOutput(&sink, 0);
  REQUIRE(hop.OnChanges(0, MakeChunk({kInt8, kTs}, {{I(1), Ts(25)}, {I(2), Ts(30)}}, {1, -2}))
              .ok());
  CHECK(Rows(sink) == std::vector<std::string>{
                          "1|25|0|30:1", "1|25|10|40:1", "1|25|20|50:1",
                          "2|30|10|40:-2", "2|30|20|50:-2", "2|30|30|60:-2"});
  // Every output chunk is at most the input's size (one chunk per window offset).
  for (const auto& c : sink.chunks) CHECK(c.num_rows <= 2);
}

TEST_CASE("hop aligns windows to the epoch for negative times and skips NULL times") {
  HopOperator hop({kInt8, kTs}, 1, 10 * kSec, 20 * kSec);
  RecordingSink sink;
  hop.SetOutput(&sink, 0);
  REQUIRE(hop.OnChanges(0, MakeChunk({kInt8, kTs},
                                     {{I(1), Ts(-5)}, {I(2), Null(TypeId::kTimestamp)},
                                      {I(3), Ts(0)}, {I(4), Null(TypeId::kTimestamp)}},
                                     {1, 1, -1, 1}))
              .ok());
  CHECK(Rows(sink) == std::vector<std::string>{"1|-5|-10|10:1", "1|-5|-20|0:1",
                                               "3|0|-10|10:-1", "3|0|0|20:-1"});
  // A chunk of only NULL times produces nothing.
  sink.chunks.clear();
  REQUIRE(hop.OnChanges(0, MakeChunk({kInt8, kTs}, {{I(5), Null(TypeId::kTimestamp)}})).ok());
  CHECK(sink.chunks.empty());
}

TEST_CASE("hop with slide == size is a tumbling window; an insert and its retraction cancel") {
  HopOperator hop({kInt8, kTz}, 1, 60 * kSec, 60 * kSec);
  RecordingSink sink;
  hop.SetOutput(&sink, 0);
  auto row = [](int64_t id, int64_t s) {
    return std::vector<Value>{I(id), Value::Int(TypeId::kTimestampTz, s * kSec)};
  };
  REQUIRE(hop.OnChanges(0, MakeChunk({kInt8, kTz}, {row(1, 59), row(2, 60), row(3, 61)})).ok());
  REQUIRE(hop.OnChanges(0, MakeChunk({kInt8, kTz}, {row(2, 60)}, {-1})).ok());
  CHECK(Rows(sink) == std::vector<std::string>{"1|59|0|60:1", "2|60|60|120:-1",
                                               "2|60|60|120:1", "3|61|60|120:1"});
  Net net = sink.NetResult();
  CHECK(net.size() == 2);
}

TEST_CASE("hop copies every input column, text included, across chunks") {
  HopOperator hop({kText, kTs, kInt8}, 1, 5 * kSec, 10 * kSec);
  RecordingSink sink;
  hop.SetOutput(&sink, 0);
  for (int chunk = 0; chunk < 3; ++chunk) {
    std::vector<std::vector<Value>> rows;
    for (int i = 0; i < 100; ++i) rows.push_back({T("r" + std::to_string(i)), Ts(i), I(chunk)});
    REQUIRE(hop.OnChanges(0, MakeChunk({kText, kTs, kInt8}, rows)).ok());
  }
  size_t total = 0;
  for (const auto& c : sink.chunks) {
    REQUIRE(c.columns.size() == 5);
    for (size_t r = 0; r < c.num_rows; ++r) {
      const int64_t ts = c.columns[1].ints[r];
      const int64_t ws = c.columns[3].ints[r];
      CHECK(c.columns[0].strings[r] == "r" + std::to_string(ts / kSec));
      CHECK(ws <= ts);
      CHECK(ts < ws + 10 * kSec);
      CHECK(ws % (5 * kSec) == 0);
      CHECK(c.columns[4].ints[r] == ws + 10 * kSec);
    }
    total += c.num_rows;
  }
  CHECK(total == 600);
}

TEST_CASE("hop gives an infinite time one window bounded by itself") {
  HopOperator hop({kInt8, kTs}, 1, 10 * kSec, 20 * kSec);
  RecordingSink sink;
  hop.SetOutput(&sink, 0);
  REQUIRE(hop.OnChanges(0, MakeChunk({kInt8, kTs},
                                     {{I(1), Value::Int(TypeId::kTimestamp, kTimestampInfinity)},
                                      {I(2), Ts(15)}}))
              .ok());
  CHECK(sink.NetResult() == Net{{"1|9223372036854775807|9223372036854775807|9223372036854775807", 1},
                                {"2|15000000|0|20000000", 1},
                                {"2|15000000|10000000|30000000", 1}});
}

TEST_CASE("hop forwards the time watermark and derives window_start/window_end watermarks") {
  HopOperator hop({kInt8, kTs}, 1, 10 * kSec, 30 * kSec);
  RecordingSink sink;
  hop.SetOutput(&sink, 0);
  // wm = 25s: rows to come have ts >= 25s, so their windows start at >= 0s
  // ([0,30) holds 25) and end at >= 30s.
  REQUIRE(hop.OnWatermark(0, 1, 25 * kSec).ok());
  REQUIRE(hop.OnWatermark(0, 0, 7).ok());  // another column: forwarded only
  // wm on a window boundary: ts >= 30s lands in [10,40) at the earliest.
  REQUIRE(hop.OnWatermark(0, 1, 30 * kSec).ok());
  CHECK(sink.watermarks == std::vector<std::pair<int, int64_t>>{
                               {1, 25 * kSec}, {2, 0}, {3, 30 * kSec}, {0, 7},
                               {1, 30 * kSec}, {2, 10 * kSec}, {3, 40 * kSec}});
  // The derived watermark is exact: the row at the watermark produces
  // window_start equal to it, and nothing lower.
  for (int64_t wm : std::vector<int64_t>{-25 * kSec, -1, 0, 1, 29 * kSec, 30 * kSec, 31 * kSec}) {
    int64_t ws;
    REQUIRE(HopOperator::WindowStartWatermark(wm, 10 * kSec, 30 * kSec, &ws));
    HopOperator h({kInt8, kTs}, 1, 10 * kSec, 30 * kSec);
    RecordingSink s;
    h.SetOutput(&s, 0);
    REQUIRE(h.OnChanges(0, MakeChunk({kInt8, kTs}, {{I(1), Value::Int(TypeId::kTimestamp, wm)}}))
                .ok());
    int64_t min_ws = INT64_MAX;
    for (const auto& c : s.chunks) min_ws = std::min(min_ws, c.columns[2].ints[0]);
    CHECK(min_ws == ws);
  }
  // No overflow at the extremes: nothing derived, nothing crashes.
  int64_t ws;
  CHECK_FALSE(HopOperator::WindowStartWatermark(INT64_MIN, 10 * kSec, 30 * kSec, &ws));
  sink.watermarks.clear();
  REQUIRE(hop.OnWatermark(0, 1, INT64_MAX).ok());
  REQUIRE(sink.watermarks.size() == 3);
  CHECK(sink.watermarks[2].second == INT64_MAX);
}

TEST_CASE("hop describes itself") {
  HopOperator hop({kInt8, kTs}, 1, 10 * kSec, 60 * kSec);
  CHECK(hop.Describe() == "Hop(time=#1, slide=00:00:10, size=00:01:00)");
}

}  // namespace
}  // namespace kappa
