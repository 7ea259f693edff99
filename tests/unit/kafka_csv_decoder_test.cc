// ENCODE CSV, the column-wise row builder, UTF-8 checks, more KafkaOptions
// (UPSERT, CSV, timestamp startup) and a decode-throughput measurement.
#include <doctest/doctest.h>

#include <chrono>
#include <cstdio>
#include <string>
#include <vector>

#include "common/value_format.h"
#include "executor/kafka_csv_decoder.h"
#include "executor/kafka_json_decoder.h"
#include "executor/kafka_row_builder.h"
#include "executor/kafka_source.h"

namespace kappa {
namespace {

std::vector<ColumnInfo> Cols(std::vector<std::pair<std::string, DataType>> cols) {
  std::vector<ColumnInfo> out;
  for (auto& [n, t] : cols) {
    ColumnInfo c;
    c.name = n;
    c.type = t;
    out.push_back(c);
  }
  return out;
}

const std::vector<ColumnInfo> kCols = Cols({{"id", DataType(TypeId::kInt32)},
                                            {"name", DataType(TypeId::kText)},
                                            {"amount", DataType::Numeric(10, 2)},
                                            {"ts", DataType(TypeId::kTimestamp)}});

// Decodes `line`; the row as text, or empty with *st set.
std::vector<std::string> Csv(KafkaCsvDecoder& d, KafkaRowBuilder& b, std::string_view line,
                             Status* st, bool* header = nullptr) {
  Chunk out(b.types());
  b.Begin(&out);
  bool is_header = false;
  *st = d.Fill(line, &b, &is_header);
  if (header) *header = is_header;
  if (!st->ok() || is_header) {
    b.Abort();
    CHECK(out.num_rows == 0);
    for (const Column& c : out.columns) CHECK(c.size() == 0);
    return {};
  }
  *st = b.Commit();
  if (!st->ok()) return {};
  std::vector<std::string> row;
  for (const Column& c : out.columns) {
    Value v = c.Get(0);
    row.push_back(v.is_null ? "NULL" : FormatValue(v));
  }
  return row;
}

TEST_CASE("kafka csv: fields in table order, quoting, NULL, header") {
  KafkaCsvDecoder d(kCols, ',', /*header=*/true);
  KafkaRowBuilder b(kCols);
  Status st;
  CHECK(Csv(d, b, "1,ann,2.5,2026-11-23 10:00:00", &st) ==
        std::vector<std::string>{"1", "ann", "2.50", "2026-11-23 10:00:00"});
  CHECK(Csv(d, b, "2,\"a, \"\"b\"\"\",0,2026-11-23\r\n", &st) ==
        std::vector<std::string>{"2", "a, \"b\"", "0.00", "2026-11-23 00:00:00"});
  CHECK(Csv(d, b, "3,,,", &st) == std::vector<std::string>{"3", "NULL", "NULL", "NULL"});
  CHECK(Csv(d, b, "4,\"\",,", &st) == std::vector<std::string>{"4", "", "NULL", "NULL"});
  bool header = false;
  CHECK(Csv(d, b, "ID,name,amount,ts", &st, &header).empty());
  CHECK(st.ok());
  CHECK(header);
  Csv(d, b, "1,2,3", &st);
  CHECK(st.sqlstate() == "22P02");
  CHECK(st.message().find("expected 4 fields, got 3") != std::string::npos);
  Csv(d, b, "x,a,1,2026-11-23", &st);
  CHECK(st.sqlstate() == "22P02");
  CHECK(st.message().find("column \"id\"") != std::string::npos);
  Csv(d, b, "1,\"open,1,2026-11-23", &st);
  CHECK(st.sqlstate() == "22P02");
  Csv(d, b, "1,caf\xE9,1,2026-11-23", &st);
  CHECK(st.sqlstate() == "22021");
  Csv(d, b, "99999999999,a,1,2026-11-23", &st);
  CHECK(st.sqlstate() == "22003");

  KafkaCsvDecoder semi(kCols, ';', /*header=*/false);
  CHECK(Csv(semi, b, "id;name;amount;ts", &st).empty());  // not a header: id is not a number
  CHECK(st.sqlstate() == "22P02");
  CHECK(Csv(semi, b, "5;a,b;1;2026-11-23", &st)[1] == "a,b");
}

TEST_CASE("kafka csv and json: INCLUDE columns are skipped by the decoders") {
  auto cols = Cols({{"a", DataType(TypeId::kText)}, {"p", DataType(TypeId::kInt32)},
                    {"b", DataType(TypeId::kInt64)}});
  const std::vector<bool> decoded{true, false, true};
  KafkaCsvDecoder csv(cols, ',', false, decoded);
  KafkaRowBuilder b(cols);
  Status st;
  CHECK(Csv(csv, b, "x,7", &st) == std::vector<std::string>{"x", "NULL", "7"});
  KafkaJsonDecoder json(cols, decoded);
  Chunk out(b.types());
  b.Begin(&out);
  REQUIRE(json.Fill(R"({"a": "y", "p": 5, "b": 8})", &b).ok());
  REQUIRE(b.SetInt(1, 3).ok());
  REQUIRE(b.Commit().ok());
  CHECK(out.columns[1].ints[0] == 3);  // "p" in the JSON was ignored
  CHECK(out.columns[2].ints[0] == 8);
}

TEST_CASE("kafka json: invalid UTF-8 is 22021; scalars for upsert keys") {
  KafkaJsonDecoder d(kCols);
  Chunk out(d.types());
  Status st = d.DecodeInto("{\"name\": \"caf\xE9\"}", &out);
  CHECK(st.sqlstate() == "22021");
  CHECK(out.num_rows == 0);
  KafkaRowBuilder b(kCols);
  b.Begin(&out);
  REQUIRE(d.FillScalar("42", 0, &b).ok());
  REQUIRE(b.Commit(false).ok());
  b.Begin(&out);
  REQUIRE(d.FillScalar("\"43\"", 0, &b).ok());
  REQUIRE(b.Commit(false).ok());
  b.Begin(&out);
  REQUIRE(d.FillScalar("k1", 1, &b).ok());  // not JSON: the raw text
  REQUIRE(b.Commit(false).ok());
  CHECK(out.columns[0].ints[0] == 42);
  CHECK(out.columns[0].ints[1] == 43);
  CHECK(out.columns[1].strings[2] == "k1");
  b.Begin(&out);
  CHECK(d.FillScalar("x", 0, &b).sqlstate() == "22P02");
  b.Abort();
  CHECK(out.num_rows == 3);
}

TEST_CASE("kafka utf8 and raw prefixes") {
  CHECK(IsValidUtf8("plain ascii that is longer than eight bytes"));
  CHECK(IsValidUtf8("caf\xC3\xA9 \xE2\x82\xAC \xF0\x9F\x98\x80"));
  CHECK(!IsValidUtf8("caf\xE9"));
  CHECK(!IsValidUtf8("\xC0\x80"));          // overlong
  CHECK(!IsValidUtf8("\xED\xA0\x80"));      // surrogate
  CHECK(!IsValidUtf8("abcdefgh\xF0\x9F"));  // truncated
  CHECK(RawPrefix("caf\xE9!") == "caf\\xE9!");
  CHECK(RawPrefix("\xC3\xA9x") == "\xC3\xA9x");
  CHECK(RawPrefix(std::string(2000, 'a')).size() == 1024);
}

TEST_CASE("kafka options: UPSERT, CSV, timestamp startup") {
  auto table = [](std::vector<std::pair<std::string, std::string>> opts, std::string format,
                  std::string encode, bool pk) {
    TableInfo t;
    t.name = "k";
    t.columns = Cols({{"id", DataType(TypeId::kInt64)}, {"ts", DataType(TypeId::kTimestamp)}});
    if (pk) t.primary_key = {0};
    t.options = {{"connector", "kafka"}, {"topic", "t"}, {"properties.bootstrap.server", "h:1"}};
    for (auto& o : opts) t.options.push_back(o);
    t.format = format;
    t.encode = encode;
    return t;
  };
  auto ok = KafkaOptions::Parse(table({}, "UPSERT", "JSON", true));
  REQUIRE(ok.ok());
  CHECK(ok->upsert);
  CHECK(!ok->csv);
  TableInfo wm = table({}, "UPSERT", "JSON", true);
  wm.watermark_column = 1;
  CHECK(KafkaOptions::Parse(wm).status().sqlstate() == "0A000");
  TableInfo csv = table({}, "PLAIN", "CSV", false);
  csv.encode_options = {{"delimiter", "|"}, {"without_header", "true"}};
  ok = KafkaOptions::Parse(csv);
  REQUIRE(ok.ok());
  CHECK(ok->csv);
  CHECK(ok->csv_delimiter == '|');
  CHECK(!ok->csv_header);
  csv.encode_options = {{"delimiter", "||"}};
  CHECK(KafkaOptions::Parse(csv).status().sqlstate() == "22023");
  csv.encode_options = {{"without_header", "maybe"}};
  CHECK(KafkaOptions::Parse(csv).status().sqlstate() == "22023");
  csv.encode_options = {{"nope", "1"}};
  CHECK(KafkaOptions::Parse(csv).status().sqlstate() == "42601");
  ok = KafkaOptions::Parse(table({{"format", "csv"}}, "", "", false));
  REQUIRE(ok.ok());
  CHECK(ok->csv);
  ok = KafkaOptions::Parse(table({{"scan.startup.mode", "timestamp"},
                                  {"scan.startup.timestamp.millis", "1700000000000"}},
                                 "PLAIN", "JSON", false));
  REQUIRE(ok.ok());
  CHECK(ok->by_timestamp);
  CHECK(ok->startup_millis == 1700000000000);
  ok = KafkaOptions::Parse(table({{"scan.startup.mode", "TIMESTAMP"},
                                  {"scan.startup.timestamp-millis", "5"}},
                                 "PLAIN", "JSON", false));
  REQUIRE(ok.ok());
  CHECK(ok->startup_millis == 5);
  CHECK(KafkaOptions::Parse(table({{"scan.startup.mode", "timestamp"}}, "PLAIN", "JSON", false))
            .status()
            .sqlstate() == "22023");
  CHECK(KafkaOptions::Parse(table({{"scan.startup.mode", "timestamp"},
                                   {"scan.startup.timestamp.millis", "-1"}},
                                  "PLAIN", "JSON", false))
            .status()
            .sqlstate() == "22023");
  CHECK(KafkaOptions::Parse(table({{"scan.startup.mode", "latest"},
                                   {"scan.startup.timestamp.millis", "1"}},
                                  "PLAIN", "JSON", false))
            .status()
            .sqlstate() == "22023");
}

TEST_CASE("kafka catalog: INCLUDE columns and ENCODE options persist") {
  TableInfo t;
  t.id = 20000;
  t.name = "k";
  t.columns = Cols({{"id", DataType(TypeId::kInt32)}, {"off", DataType(TypeId::kInt64)}});
  t.format = "PLAIN";
  t.encode = "CSV";
  t.encode_options = {{"delimiter", ";"}, {"without_header", "true"}};
  t.includes = {{"offset", 1}};
  auto back = Catalog::Deserialize(Catalog::Serialize(t));
  REQUIRE(back.ok());
  CHECK(back->encode_options == t.encode_options);
  CHECK(back->includes == t.includes);
  // An entry without the new fields (an older catalog) still loads.
  TableInfo old = t;
  old.encode_options.clear();
  old.includes.clear();
  back = Catalog::Deserialize(Catalog::Serialize(old));
  REQUIRE(back.ok());
  CHECK(back->includes.empty());
  t.includes = {{"offset", 5}};
  CHECK(!Catalog::Deserialize(Catalog::Serialize(t)).ok());
}

// Not a pass/fail benchmark: measures decoding into a chunk (the poll batch
// path) and prints records/s; checks only that every record decoded.
TEST_CASE("kafka decode throughput (measurement)") {
  auto cols = Cols({{"id", DataType(TypeId::kInt64)}, {"name", DataType(TypeId::kText)},
                    {"amount", DataType(TypeId::kFloat64)}, {"ts", DataType(TypeId::kTimestamp)},
                    {"ok", DataType(TypeId::kBool)}});
  std::vector<std::string> json, csv;
  for (int i = 0; i < 8192; ++i) {
    json.push_back("{\"id\": " + std::to_string(i) + ", \"name\": \"name-" + std::to_string(i) +
                   "\", \"amount\": " + std::to_string(i * 1.5) +
                   ", \"ts\": \"2026-11-23 10:00:00\", \"ok\": true, \"extra\": [1, 2]}");
    csv.push_back(std::to_string(i) + ",name-" + std::to_string(i) + "," +
                  std::to_string(i * 1.5) + ",2026-11-23 10:00:00,t");
  }
  KafkaJsonDecoder jd(cols);
  KafkaCsvDecoder cd(cols, ',', false);
  KafkaRowBuilder b(cols);
  for (int pass = 0; pass < 2; ++pass) {
    const auto& records = pass == 0 ? json : csv;
    const int rounds = 20;
    size_t decoded = 0;
    const auto start = std::chrono::steady_clock::now();
    for (int r = 0; r < rounds; ++r) {
      Chunk out(b.types());
      for (const std::string& rec : records) {
        b.Begin(&out);
        bool header = false;
        Status st = pass == 0 ? jd.Fill(rec, &b) : cd.Fill(rec, &b, &header);
        if (st.ok()) st = b.Commit();
        else b.Abort();
        decoded += st.ok() ? 1 : 0;
      }
      CHECK(out.num_rows == records.size());
    }
    const double s =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    CHECK(decoded == records.size() * rounds);
    std::printf("kafka %s decode: %.2f M records/s (%zu records, 5 columns)\n",
                pass == 0 ? "json" : "csv", static_cast<double>(decoded) / s / 1e6, decoded);
  }
}

}  // namespace
}  // namespace kappa
