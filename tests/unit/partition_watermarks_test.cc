// Per-partition watermarks (server/table_writer.h PER-PARTITION LATENESS and
// IDLE TIMEOUT): W_p per source partition, the table watermark = min over the
// active partitions, persisted with the late state, recorded in every log
// entry (storage/table_log.h) and replayed by the scan (executor/scan_operator.h).
#include <doctest/doctest.h>
#include <rocksdb/write_batch.h>
#include <stdlib.h>

#include <filesystem>

#include "common/idle_timeout_option.h"
#include "common/value_parse.h"
#include "executor/scan_operator.h"
#include "server/table_writer.h"
#include "sql/binder/binder.h"
#include "storage/late_rows.h"
#include "storage/store.h"
#include "storage/table_log.h"
#include "tests/unit/operator_test_util.h"

namespace kappa {
namespace {

using optest::RecordingSink;

struct PwTempDir {
  std::string path;
  PwTempDir() {
    char tmpl[] = "/tmp/kappa-pw-test-XXXXXX";
    REQUIRE(mkdtemp(tmpl) != nullptr);
    path = tmpl;
  }
  ~PwTempDir() { std::filesystem::remove_all(path); }
};

std::unique_ptr<Store> OpenPwStore(const std::string& dir) {
  auto store = Store::Open(dir);
  REQUIRE_MESSAGE(store.ok(), store.status().ToString());
  return std::move(store).value();
}

// (id int8, ts timestamp) WATERMARK FOR ts AS ts - 5 s, fed by a "source".
TableInfoPtr PwTable(uint64_t id, const std::string& idle = "") {
  auto t = std::make_shared<TableInfo>();
  t->id = id;
  t->name = "events";
  t->columns = {{"id", DataType(TypeId::kInt64)}, {"ts", DataType(TypeId::kTimestamp)}};
  t->watermark_column = 1;
  t->watermark_sql = "ts - INTERVAL '5' SECOND";
  t->append_only = true;
  if (!idle.empty()) t->options.emplace_back("source.idle-timeout", idle);
  return t;
}

int64_t Sec(int s) {  // micros of 2024-01-01 00:00:00 + s
  auto v = ParseValue("2024-01-01 00:00:00", DataType(TypeId::kTimestamp));
  REQUIRE(v.ok());
  return v->i + int64_t{s} * 1000000;
}

// Rows (id, second) and the partition of each: {id, sec, partition}.
struct Ev {
  int64_t id;
  int sec;
  int32_t partition;
};

Chunk Rows(const std::vector<Ev>& evs, std::vector<int32_t>* parts) {
  Chunk c({DataType(TypeId::kInt64), DataType(TypeId::kTimestamp)});
  parts->clear();
  for (const auto& e : evs) {
    c.AppendRow({Value::Int(TypeId::kInt64, e.id), Value::Int(TypeId::kTimestamp, Sec(e.sec))});
    parts->push_back(e.partition);
  }
  return c;
}

LateOutcome ApplyParts(TableWriter& w, const std::vector<Ev>& evs) {
  std::vector<int32_t> parts;
  Chunk c = Rows(evs, &parts);
  auto lock = w.Lock();
  LateOutcome out;
  Status st = w.Apply(c, &out, nullptr, parts.data());
  REQUIRE_MESSAGE(st.ok(), st.ToString());
  return out;
}

int64_t TableWm(Store& store, uint64_t id) {
  auto st = LoadLateState(&store, id);
  REQUIRE(st.ok());
  return st->watermark;
}

// Each log entry: (ids, recorded watermark or "none").
std::vector<std::pair<std::vector<int64_t>, int64_t>> Entries(Store& store, const TableInfo& t) {
  std::vector<std::pair<std::vector<int64_t>, int64_t>> out;
  uint64_t last = store.log().LastSeq(t.id).value();
  for (uint64_t seq = 1; seq <= last; ++seq) {
    REQUIRE(store.log()
                .ScanWithWatermarks(t.id, t.Types(), seq, seq,
                                    [&](Chunk&& c, const TableLog::ChunkInfo& info) {
                                      std::vector<int64_t> ids;
                                      for (size_t r = 0; r < c.num_rows; ++r) {
                                        ids.push_back(c.columns[0].ints[r]);
                                      }
                                      out.emplace_back(ids, info.has_watermark
                                                                ? info.watermark
                                                                : int64_t{-1});
                                      return Status::OK();
                                    })
                .ok());
  }
  return out;
}

std::vector<std::string> LateTexts(Store& store, uint64_t id) {
  std::vector<std::string> out;
  REQUIRE(ScanLateRows(&store, id, [&](const LateRow& r) {
            out.push_back(r.row_text);
            return Status::OK();
          }).ok());
  return out;
}

TEST_CASE("per-partition lateness: late in its own partition, on time in a lagging one") {
  PwTempDir dir;
  auto store = OpenPwStore(dir.path);
  TableInfoPtr t = PwTable(300);
  TableWriter w(store.get(), t);
  // p0 reaches 30 (W_0 = 25); p1 is at 10 (W_1 = 5). Table watermark = 5.
  CHECK(ApplyParts(w, {{1, 30, 0}, {2, 10, 1}}).late_rows == 0);
  CHECK(TableWm(*store, t->id) == Sec(5));
  // ts 20: late in p0 (< 25), on time in p1 (>= 5).
  LateOutcome out = ApplyParts(w, {{3, 20, 0}, {4, 20, 1}});
  CHECK(out.late_rows == 1);
  CHECK(out.rows == std::vector<uint32_t>{0});
  CHECK(out.watermark == Sec(25));
  CHECK(LateTexts(*store, t->id) == std::vector<std::string>{"(3,\"2024-01-01 00:00:20\")"});
  CHECK(TableWm(*store, t->id) == Sec(15));  // min(25, 15)
  // Every entry records the table watermark after it.
  auto entries = Entries(*store, *t);
  REQUIRE(entries.size() == 2);
  CHECK(entries[0].first == std::vector<int64_t>{1, 2});
  CHECK(entries[0].second == Sec(5));
  CHECK(entries[1].first == std::vector<int64_t>{4});
  CHECK(entries[1].second == Sec(15));
}

TEST_CASE("the table watermark is the minimum over partitions, including declared ones") {
  PwTempDir dir;
  auto store = OpenPwStore(dir.path);
  TableInfoPtr t = PwTable(301);
  TableWriter w(store.get(), t);
  {
    auto lock = w.Lock();
    REQUIRE(w.DeclarePartitions({0, 1, 2}).ok());
  }
  ApplyParts(w, {{1, 30, 0}, {2, 40, 1}});
  CHECK(TableWm(*store, t->id) == kNoWatermark);  // p2 has sent nothing
  ApplyParts(w, {{3, 20, 2}});
  CHECK(TableWm(*store, t->id) == Sec(15));
  ApplyParts(w, {{4, 50, 2}});
  CHECK(TableWm(*store, t->id) == Sec(25));  // now p0 lags
  // A partition nobody declared: rows below the table watermark are late
  // (windows may have closed), the others are on time.
  LateOutcome out = ApplyParts(w, {{5, 24, 7}, {6, 26, 7}});
  CHECK(out.late_rows == 1);
  CHECK(out.watermark == Sec(25));
  CHECK(TableWm(*store, t->id) == Sec(25));  // never moves back (W_7 = 21)
}

TEST_CASE("all W_p and the table watermark survive a reopen") {
  PwTempDir dir;
  TableInfoPtr t = PwTable(302);
  {
    auto store = OpenPwStore(dir.path);
    TableWriter w(store.get(), t);
    ApplyParts(w, {{1, 30, 0}, {2, 10, 1}});
  }
  auto store = OpenPwStore(dir.path);
  auto st = LoadLateState(store.get(), t->id);
  REQUIRE(st.ok());
  CHECK(st->watermark == Sec(5));
  CHECK(st->partitions == std::map<int32_t, int64_t>{{0, Sec(25)}, {1, Sec(5)}});
  TableWriter w(store.get(), t);
  LateOutcome out = ApplyParts(w, {{3, 24, 0}, {4, 6, 1}, {5, 4, 1}});
  CHECK(out.rows == std::vector<uint32_t>{0, 2});
}

TEST_CASE("the late state reads format 1 and writes it for tables without partitions") {
  PwTempDir dir;
  auto store = OpenPwStore(dir.path);
  rocksdb::WriteBatch b;
  LateState s;
  s.watermark = 42;
  s.late_rows = 3;
  PutLateState(store.get(), 9, s, &b);
  s.partitions = {{0, 7}, {3, kNoWatermark}};
  PutLateState(store.get(), 10, s, &b);
  REQUIRE(WriteLateBatch(store.get(), &b).ok());
  auto a = LoadLateState(store.get(), 9);
  REQUIRE(a.ok());
  CHECK(a->watermark == 42);
  CHECK(a->late_rows == 3);
  CHECK(a->partitions.empty());
  auto c = LoadLateState(store.get(), 10);
  REQUIRE(c.ok());
  CHECK(*c == s);
}

TEST_CASE("an idle partition is left out of the minimum and the decision is logged") {
  PwTempDir dir;
  auto store = OpenPwStore(dir.path);
  TableInfoPtr t = PwTable(303, "1s");
  TableWriter w(store.get(), t);
  int64_t now = 1000000;
  w.SetClockForTesting([&now] { return now; });
  ApplyParts(w, {{1, 10, 0}, {2, 30, 1}});
  CHECK(TableWm(*store, t->id) == Sec(5));
  now += 999;
  ApplyParts(w, {{3, 40, 1}});  // p0 is not idle yet
  CHECK(TableWm(*store, t->id) == Sec(5));
  {
    auto lock = w.Lock();
    REQUIRE(w.CheckIdle().ok());
  }
  CHECK(store->log().LastSeq(t->id).value() == 2);  // nothing changed: no entry
  now += 1;  // p0: 1 s without a record
  {
    auto lock = w.Lock();
    REQUIRE(w.CheckIdle().ok());
    REQUIRE(w.CheckIdle().ok());  // idempotent
  }
  CHECK(TableWm(*store, t->id) == Sec(35));
  auto entries = Entries(*store, *t);
  REQUIRE(entries.size() == 3);
  CHECK(entries[2].first.empty());  // a zero-row entry carrying the watermark
  CHECK(entries[2].second == Sec(35));
  // p0 comes back: its rows below the table watermark are late (the window
  // closed), the others count again and hold the watermark.
  LateOutcome out = ApplyParts(w, {{4, 12, 0}, {5, 36, 0}});
  CHECK(out.rows == std::vector<uint32_t>{0});
  CHECK(out.watermark == Sec(35));
  CHECK(TableWm(*store, t->id) == Sec(35));  // min(31, 35) would move back: kept
  ApplyParts(w, {{6, 60, 1}});
  CHECK(TableWm(*store, t->id) == Sec(35));  // held by p0 (W_0 = 31 < 35)
  ApplyParts(w, {{7, 50, 0}});
  CHECK(TableWm(*store, t->id) == Sec(45));
}

TEST_CASE("without an idle timeout CheckIdle never moves the watermark") {
  PwTempDir dir;
  auto store = OpenPwStore(dir.path);
  TableInfoPtr t = PwTable(304);
  TableWriter w(store.get(), t);
  int64_t now = 0;
  w.SetClockForTesting([&now] { return now; });
  ApplyParts(w, {{1, 10, 0}, {2, 30, 1}});
  now += 1000000000;
  auto lock = w.Lock();
  REQUIRE(w.CheckIdle().ok());
  CHECK(store->log().LastSeq(t->id).value() == 1);
}

TEST_CASE("plain writes keep format 1 entries; the scan derives their watermark from rows") {
  PwTempDir dir;
  auto store = OpenPwStore(dir.path);
  TableInfoPtr t = PwTable(305);
  TableWriter w(store.get(), t);
  Chunk c({DataType(TypeId::kInt64), DataType(TypeId::kTimestamp)});
  c.AppendRow({Value::Int(TypeId::kInt64, 1), Value::Int(TypeId::kTimestamp, Sec(30))});
  {
    auto lock = w.Lock();
    REQUIRE(w.Apply(c).ok());
  }
  auto entries = Entries(*store, *t);
  REQUIRE(entries.size() == 1);
  CHECK(entries[0].second == -1);  // no recorded watermark
}

// Replays the table through a ScanOperator; returns the watermarks it sent.
std::vector<int64_t> ScanWatermarks(Store& store, const TableInfoPtr& t, uint64_t to_seq,
                                    RecordingSink* sink, ScanOperator* scan) {
  REQUIRE(scan->PumpTo(to_seq).ok());
  std::vector<int64_t> out;
  for (const auto& [col, v] : sink->watermarks) {
    CHECK(col == 1);
    out.push_back(v);
  }
  return out;
}

TEST_CASE("the scan replays the recorded watermarks, also from zero-row entries") {
  PwTempDir dir;
  auto store = OpenPwStore(dir.path);
  TableInfoPtr t = PwTable(306, "1s");
  TableWriter w(store.get(), t);
  int64_t now = 0;
  w.SetClockForTesting([&now] { return now; });
  ApplyParts(w, {{1, 10, 0}, {2, 30, 1}});  // seq 1: wm 5
  now = 900;
  ApplyParts(w, {{3, 40, 1}});  // seq 2: wm 5 (max(expr) would say 35)
  now = 1500;
  {
    auto lock = w.Lock();
    REQUIRE(w.CheckIdle().ok());  // seq 3: p0 idle, wm 35, no rows
  }
  auto make = [&](RecordingSink* sink) {
    BindContext ctx;
    auto expr = BindWatermark(*t, ctx);
    REQUIRE(expr.ok());
    auto scan = std::make_unique<ScanOperator>(store.get(), t->id, t->name, t->Types(),
                                               std::vector<int>{0, 1}, nullptr);
    scan->SetWatermark(1, std::move(expr).value(), std::make_shared<EvalContext>());
    scan->SetOutput(sink, 0);
    return scan;
  };
  {  // entry by entry (live)
    RecordingSink sink;
    auto scan = make(&sink);
    CHECK(ScanWatermarks(*store, t, 1, &sink, scan.get()) == std::vector<int64_t>{Sec(5)});
    CHECK(ScanWatermarks(*store, t, 2, &sink, scan.get()) == std::vector<int64_t>{Sec(5)});
    CHECK(ScanWatermarks(*store, t, 3, &sink, scan.get()) ==
          std::vector<int64_t>{Sec(5), Sec(35)});
    CHECK(sink.chunks.size() == 2);
  }
  {  // all at once (a view created later): the same final watermark, never max(expr)
    RecordingSink sink;
    auto scan = make(&sink);
    CHECK(ScanWatermarks(*store, t, UINT64_MAX, &sink, scan.get()) ==
          std::vector<int64_t>{Sec(35)});
  }
  {  // up to seq 2 only: 5, not 35
    RecordingSink sink;
    auto scan = make(&sink);
    CHECK(ScanWatermarks(*store, t, 2, &sink, scan.get()) == std::vector<int64_t>{Sec(5)});
  }
}

TEST_CASE("idle timeout option spellings and values") {
  CHECK(IsIdleTimeoutOption("source.idle-timeout"));
  CHECK(IsIdleTimeoutOption("scan.watermark.idle-timeout"));
  CHECK(IsIdleTimeoutOption("watermark.idle.timeout.ms"));
  CHECK_FALSE(IsIdleTimeoutOption("idle"));
  CHECK(ParseIdleTimeoutMs("k", "1500").value() == 1500);
  CHECK(ParseIdleTimeoutMs("k", "500ms").value() == 500);
  CHECK(ParseIdleTimeoutMs("k", "10s").value() == 10000);
  CHECK(ParseIdleTimeoutMs("k", "2 min").value() == 120000);
  CHECK(ParseIdleTimeoutMs("k", "1h").value() == 3600000);
  for (const char* bad : {"", "0", "-1", "5 parsecs", "s", "1s2", "99999999999999999999"}) {
    auto r = ParseIdleTimeoutMs("source.idle-timeout", bad);
    CHECK_FALSE(r.ok());
    if (!r.ok()) CHECK(r.status().sqlstate() == std::string("22023"));
  }
  CHECK(IdleTimeoutMsOf({{"connector", "kafka"}}).value() == 0);
  CHECK(IdleTimeoutMsOf({{"watermark.idle.timeout.ms", "250"}}).value() == 250);
}

}  // namespace
}  // namespace kappa
