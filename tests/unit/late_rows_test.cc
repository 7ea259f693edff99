// Lateness at the table: TableWriter decides late rows when they are written
// (server/table_writer.h), storage/late_rows.h keeps them and W.
#include "storage/late_rows.h"

#include <doctest/doctest.h>
#include <rocksdb/write_batch.h>
#include <stdlib.h>

#include <filesystem>

#include "common/value_parse.h"
#include "server/table_writer.h"
#include "sql/binder/binder.h"
#include "storage/store.h"
#include "storage/table_log.h"

namespace kappa {
namespace {

struct LateTempDir {
  std::string path;
  LateTempDir() {
    char tmpl[] = "/tmp/kappa-late-test-XXXXXX";
    REQUIRE(mkdtemp(tmpl) != nullptr);
    path = tmpl;
  }
  ~LateTempDir() { std::filesystem::remove_all(path); }
};

std::unique_ptr<Store> OpenLateStore(const std::string& dir) {
  auto store = Store::Open(dir);
  REQUIRE_MESSAGE(store.ok(), store.status().ToString());
  return std::move(store).value();
}

// (id int8, ts timestamp) WATERMARK FOR ts AS <wm>
TableInfoPtr WmTable(uint64_t id, const std::string& wm = "ts - INTERVAL '5' SECOND",
                     TypeId ts_type = TypeId::kTimestamp) {
  auto t = std::make_shared<TableInfo>();
  t->id = id;
  t->name = "events";
  t->columns = {{"id", DataType(TypeId::kInt64)}, {"ts", DataType(ts_type)}};
  t->watermark_column = 1;
  t->watermark_sql = wm;
  t->append_only = true;
  return t;
}

int64_t Micros(const std::string& text) {
  auto v = ParseValue(text, DataType(TypeId::kTimestamp));
  REQUIRE(v.ok());
  return v->i;
}

Value Ts(const std::string& text) {
  if (text.empty()) return Value::Null(DataType(TypeId::kTimestamp));
  return Value::Int(TypeId::kTimestamp, Micros(text));
}

// Rows (id, "2024-01-01 00:00:SS") with SS given as seconds; -1 = NULL ts.
Chunk Events(const std::vector<std::pair<int64_t, int>>& rows) {
  Chunk c({DataType(TypeId::kInt64), DataType(TypeId::kTimestamp)});
  for (const auto& [id, sec] : rows) {
    char buf[32];
    snprintf(buf, sizeof(buf), "2024-01-01 00:%02d:%02d", sec / 60, sec % 60);
    c.AppendRow({Value::Int(TypeId::kInt64, id), sec < 0 ? Ts("") : Ts(buf)});
  }
  return c;
}

std::vector<int64_t> LoggedIds(Store& store, const TableInfo& t) {
  std::vector<int64_t> ids;
  auto last = store.log().LastSeq(t.id);
  REQUIRE(last.ok());
  REQUIRE(store.log()
              .Scan(t.id, t.Types(), 1, *last,
                    [&](Chunk&& c, uint64_t) {
                      for (size_t r = 0; r < c.num_rows; ++r) ids.push_back(c.columns[0].ints[r]);
                      return Status::OK();
                    })
              .ok());
  return ids;
}

std::vector<LateRow> Late(Store& store, uint64_t table_id) {
  std::vector<LateRow> rows;
  REQUIRE(ScanLateRows(&store, table_id, [&](const LateRow& r) {
            rows.push_back(r);
            return Status::OK();
          }).ok());
  return rows;
}

LateOutcome ApplyOk(TableWriter& w, const Chunk& c) {
  auto lock = w.Lock();
  LateOutcome out;
  Status st = w.Apply(c, &out);
  REQUIRE_MESSAGE(st.ok(), st.ToString());
  return out;
}

TEST_CASE("lateness is decided row by row in write order, within one multi-row write") {
  LateTempDir dir;
  auto store = OpenLateStore(dir.path);
  TableInfoPtr t = WmTable(100);
  TableWriter w(store.get(), t);
  // W after row 1: 10-5 = 5. Row 2 (ts 3) is late; row 3 (ts 5) is not (not < W);
  // row 4 (ts 20) moves W to 15; row 5 (ts 14) is late against 15.
  LateOutcome out = ApplyOk(w, Events({{1, 10}, {2, 3}, {3, 5}, {4, 20}, {5, 14}}));
  CHECK(out.late_rows == 2);
  CHECK(out.watermark == Micros("2024-01-01 00:00:15"));
  CHECK(LateRowsNotice(*t, out) ==
        "2 rows were late (watermark 2024-01-01 00:00:15) and went to kappa_catalog.late_rows");
  CHECK(LoggedIds(*store, *t) == std::vector<int64_t>{1, 3, 4});
  auto late = Late(*store, t->id);
  REQUIRE(late.size() == 2);
  CHECK(late[0].row_text == "(2,\"2024-01-01 00:00:03\")");
  CHECK(late[0].watermark == Micros("2024-01-01 00:00:05"));
  CHECK(late[0].log_position == 1);
  CHECK(late[1].row_text == "(5,\"2024-01-01 00:00:14\")");
  CHECK(late[1].watermark == Micros("2024-01-01 00:00:15"));
  CHECK(late[1].log_position == 1);
  auto st = LoadLateState(store.get(), t->id);
  REQUIRE(st.ok());
  CHECK(st->late_rows == 2);
  CHECK(st->watermark == Micros("2024-01-01 00:00:15"));
}

TEST_CASE("W carries over between writes; an all-late write appends no log entry") {
  LateTempDir dir;
  auto store = OpenLateStore(dir.path);
  TableInfoPtr t = WmTable(101);
  TableWriter w(store.get(), t);
  CHECK(ApplyOk(w, Events({{1, 30}})).late_rows == 0);  // W = 25
  LateOutcome out = ApplyOk(w, Events({{2, 24}, {3, 1}}));
  CHECK(out.late_rows == 2);
  CHECK(LateRowsNotice(*t, LateOutcome{1, out.watermark}) ==
        "1 row was late (watermark 2024-01-01 00:00:25) and went to kappa_catalog.late_rows");
  CHECK(store->log().LastSeq(t->id).value() == 1);
  CHECK(ApplyOk(w, Events({{4, 25}})).late_rows == 0);  // == W is on time
  CHECK(ApplyOk(w, Events({{5, 0}})).late_rows == 1);
  CHECK(store->log().LastSeq(t->id).value() == 2);
  auto late = Late(*store, t->id);
  REQUIRE(late.size() == 3);
  CHECK(late[0].log_position == 1);  // all-late write: the table's last seq
  CHECK(late[1].log_position == 1);
  CHECK(late[2].log_position == 2);
  CHECK(late[0].ordinal == 0);
  CHECK(late[1].ordinal == 1);
  CHECK(late[2].ordinal == 2);
  CHECK(LoggedIds(*store, *t) == std::vector<int64_t>{1, 4});
}

TEST_CASE("late rows of a write with on-time rows get that write's log entry seq") {
  LateTempDir dir;
  auto store = OpenLateStore(dir.path);
  TableInfoPtr t = WmTable(102);
  TableWriter w(store.get(), t);
  CHECK(ApplyOk(w, Events({{1, 30}, {2, 10}})).late_rows == 1);
  CHECK(ApplyOk(w, Events({{3, 10}, {4, 40}})).late_rows == 1);
  auto late = Late(*store, t->id);
  REQUIRE(late.size() == 2);
  CHECK(late[0].log_position == 1);
  CHECK(late[1].log_position == 2);
}

TEST_CASE("NULL time values are on time and never move W") {
  LateTempDir dir;
  auto store = OpenLateStore(dir.path);
  TableInfoPtr t = WmTable(103);
  TableWriter w(store.get(), t);
  CHECK(ApplyOk(w, Events({{1, -1}})).late_rows == 0);
  CHECK(LoadLateState(store.get(), t->id)->watermark == kNoWatermark);
  CHECK(ApplyOk(w, Events({{2, 60}, {3, -1}, {4, 1}})).late_rows == 1);
  CHECK(LoggedIds(*store, *t) == std::vector<int64_t>{1, 2, 3});
  auto late = Late(*store, t->id);
  REQUIRE(late.size() == 1);
  CHECK(late[0].row_text == "(4,\"2024-01-01 00:00:01\")");
  CHECK(LoadLateState(store.get(), t->id)->watermark == Micros("2024-01-01 00:00:55"));
}

TEST_CASE("W and the late counter survive reopening the store") {
  LateTempDir dir;
  TableInfoPtr t = WmTable(104, "ts");
  {
    auto store = OpenLateStore(dir.path);
    TableWriter w(store.get(), t);
    CHECK(ApplyOk(w, Events({{1, 100}, {2, 50}})).late_rows == 1);
  }
  auto store = OpenLateStore(dir.path);
  TableWriter w(store.get(), t);  // a fresh writer: W comes from storage, not the log
  {
    auto lock = w.Lock();
    auto st = w.CurrentLateState();
    REQUIRE(st.ok());
    CHECK(st->watermark == Micros("2024-01-01 00:01:40"));
    CHECK(st->late_rows == 1);
  }
  LateOutcome out = ApplyOk(w, Events({{3, 99}, {4, 100}}));
  CHECK(out.late_rows == 1);
  CHECK(out.watermark == Micros("2024-01-01 00:01:40"));
  CHECK(LoggedIds(*store, *t) == std::vector<int64_t>{1, 4});
  auto late = Late(*store, t->id);
  REQUIRE(late.size() == 2);
  CHECK(late[1].ordinal == 1);
  CHECK(late[1].log_position == 2);
  CHECK(LoadLateState(store.get(), t->id)->late_rows == 2);
}

TEST_CASE("late rows, counter, W and the log entry are one atomic write") {
  LateTempDir dir;
  auto store = OpenLateStore(dir.path);
  TableInfoPtr t = WmTable(105);
  auto pk = std::make_shared<TableInfo>(*t);
  pk->primary_key = {0};
  pk->columns[0].not_null = true;
  TableWriter w(store.get(), pk);
  CHECK(ApplyOk(w, Events({{1, 30}})).late_rows == 0);
  {
    // A duplicate key among the on-time rows fails the whole write: the late
    // row of the same write is not kept and W does not move.
    auto lock = w.Lock();
    Status st = w.Apply(Events({{2, 1}, {1, 40}}));
    CHECK(st.sqlstate() == std::string("23505"));
  }
  CHECK(Late(*store, t->id).empty());
  CHECK(LoadLateState(store.get(), t->id)->late_rows == 0);
  CHECK(LoadLateState(store.get(), t->id)->watermark == Micros("2024-01-01 00:00:25"));
  CHECK(store->log().LastSeq(t->id).value() == 1);
  // A late row with a duplicate key is late, not a key violation.
  CHECK(ApplyOk(w, Events({{1, 2}, {3, 40}})).late_rows == 1);
  CHECK(LoggedIds(*store, *t) == std::vector<int64_t>{1, 3});
}

TEST_CASE("DropLateRows deletes one table's late rows and state only") {
  LateTempDir dir;
  auto store = OpenLateStore(dir.path);
  TableInfoPtr a = WmTable(106);
  TableInfoPtr b = WmTable(107);
  TableWriter wa(store.get(), a);
  TableWriter wb(store.get(), b);
  ApplyOk(wa, Events({{1, 30}, {2, 1}}));
  ApplyOk(wb, Events({{1, 30}, {2, 1}, {3, 2}}));
  REQUIRE(DropLateRows(store.get(), a->id).ok());
  CHECK(Late(*store, a->id).empty());
  CHECK(LoadLateState(store.get(), a->id)->late_rows == 0);
  CHECK(LoadLateState(store.get(), a->id)->watermark == kNoWatermark);
  CHECK(Late(*store, b->id).size() == 2);
  CHECK(LoadLateState(store.get(), b->id)->late_rows == 2);
}

TEST_CASE("RecordText follows PostgreSQL's record_out quoting") {
  Chunk c({DataType(TypeId::kInt64), DataType(TypeId::kText), DataType(TypeId::kText),
           DataType(TypeId::kText)});
  c.AppendRow({Value::Int(TypeId::kInt64, 1), Value::String("a\"b\\c"), Value::String(""),
               Value::Null(DataType(TypeId::kText))});
  c.AppendRow({Value::Null(DataType(TypeId::kInt64)), Value::String("x,y"), Value::String("(p)"),
               Value::String("plain")});
  CHECK(RecordText(c, 0) == "(1,\"a\"\"b\\\\c\",\"\",)");
  CHECK(RecordText(c, 1) == "(,\"x,y\",\"(p)\",plain)");
}

TEST_CASE("BindWatermark checks the expression's type") {
  BindContext ctx;
  CHECK(BindWatermark(*WmTable(1), ctx).ok());
  CHECK(BindWatermark(*WmTable(1, "ts"), ctx).ok());
  auto bad = BindWatermark(*WmTable(1, "id + 1"), ctx);
  REQUIRE_FALSE(bad.ok());
  CHECK(bad.status().sqlstate() == std::string("42804"));
  CHECK(bad.status().message() ==
        "WATERMARK expression for column \"ts\" must be of type timestamp without time zone, "
        "not type bigint");
  auto missing = BindWatermark(*WmTable(1, "nope - INTERVAL '1' SECOND"), ctx);
  REQUIRE_FALSE(missing.ok());
  CHECK(missing.status().sqlstate() == std::string("42703"));
  // timestamptz - interval is timestamptz
  CHECK(BindWatermark(*WmTable(1, "ts - INTERVAL '1' MINUTE", TypeId::kTimestampTz), ctx).ok());
}

}  // namespace
}  // namespace kappa
