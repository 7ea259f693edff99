#include <doctest/doctest.h>

#include <string>
#include <vector>

#include "common/value_format.h"
#include "executor/kafka_json_decoder.h"
#include "executor/kafka_source.h"

namespace kappa {
namespace {

std::vector<ColumnInfo> Columns(std::vector<std::pair<std::string, DataType>> cols,
                                int not_null = -1) {
  std::vector<ColumnInfo> out;
  for (auto& [n, t] : cols) {
    ColumnInfo c;
    c.name = n;
    c.type = t;
    c.not_null = static_cast<int>(out.size()) == not_null;
    out.push_back(c);
  }
  return out;
}

// The decoded row as text ("NULL" for nulls), or the error.
std::vector<std::string> Decode(KafkaJsonDecoder& d, std::string_view json, Status* error) {
  Chunk out(d.types());
  *error = d.DecodeInto(json, &out);
  std::vector<std::string> row;
  if (!error->ok()) {
    CHECK(out.num_rows == 0);
    return row;
  }
  REQUIRE(out.num_rows == 1);
  CHECK(out.weights == std::vector<int64_t>{1});
  for (const Column& c : out.columns) {
    Value v = c.Get(0);
    row.push_back(v.is_null ? "NULL" : FormatValue(v));
  }
  return row;
}

const auto kCols = Columns({{"id", DataType(TypeId::kInt64)},
                            {"small", DataType(TypeId::kInt16)},
                            {"name", DataType(TypeId::kText)},
                            {"amount", DataType(TypeId::kFloat64)},
                            {"price", DataType::Numeric()},
                            {"ts", DataType(TypeId::kTimestamp)},
                            {"ok", DataType(TypeId::kBool)}});

TEST_CASE("kafka json: fields become columns; missing is NULL, extra is ignored") {
  KafkaJsonDecoder d(kCols);
  Status st;
  auto row = Decode(d, R"({"id": 7, "extra": {"a": [1, {"b": 2}]}, "name": "x\"y",
                           "amount": 1.5, "price": 12.50, "ts": "2026-11-23 10:00:01",
                           "ok": true, "more": null})",
                    &st);
  REQUIRE(st.ok());
  CHECK(row == std::vector<std::string>{"7", "NULL", "x\"y", "1.5", "12.50",
                                        "2026-11-23 10:00:01", "t"});
  row = Decode(d, R"({})", &st);
  REQUIRE(st.ok());
  CHECK(row == std::vector<std::string>(7, "NULL"));
  row = Decode(d, R"({"ID": 3, "small": null})", &st);  // case-insensitive fallback
  REQUIRE(st.ok());
  CHECK(row[0] == "3");
  CHECK(row[1] == "NULL");
}

TEST_CASE("kafka json: numbers in strings, numbers as text, PostgreSQL spellings") {
  KafkaJsonDecoder d(kCols);
  Status st;
  auto row = Decode(d, R"({"id": "42", "small": " 5 ", "name": 1.25, "amount": "NaN",
                           "price": "3.14159", "ts": "2026-11-23T10:00:00.5", "ok": "yes"})",
                    &st);
  REQUIRE(st.ok());
  CHECK(row == std::vector<std::string>{"42", "5", "1.25", "NaN", "3.14159",
                                        "2026-11-23 10:00:00.5", "t"});
  row = Decode(d, R"({"name": {"nested": [1, 2]}, "ok": 0, "amount": 1e3})", &st);
  REQUIRE(st.ok());
  CHECK(row[2] == R"({"nested": [1, 2]})");
  CHECK(row[6] == "f");
  CHECK(row[3] == "1000");
}

TEST_CASE("kafka json: records that do not fit are errors and append nothing") {
  KafkaJsonDecoder d(kCols);
  Status st;
  Decode(d, "not json", &st);
  CHECK(st.sqlstate() == "22P02");
  Decode(d, "[1, 2]", &st);
  CHECK(st.sqlstate() == "22P02");
  Decode(d, R"({"id": "abc"})", &st);
  CHECK(st.sqlstate() == "22P02");
  CHECK(st.message().find("column \"id\"") != std::string::npos);
  Decode(d, R"({"small": 70000})", &st);
  CHECK(st.sqlstate() == "22003");
  Decode(d, R"({"id": 1.5})", &st);
  CHECK(!st.ok());
  Decode(d, R"({"ts": "yesterday-ish"})", &st);
  CHECK(!st.ok());
  Decode(d, R"({"id": [1]})", &st);
  CHECK(st.sqlstate() == "22P02");
  Decode(d, R"({"id": 1, "name": )", &st);
  CHECK(!st.ok());
  // The decoder recovers after errors.
  auto row = Decode(d, R"({"id": 9})", &st);
  REQUIRE(st.ok());
  CHECK(row[0] == "9");
}

TEST_CASE("kafka json: NULL in a NOT NULL column is 23502") {
  KafkaJsonDecoder d(Columns({{"id", DataType(TypeId::kInt64)}, {"v", DataType(TypeId::kText)}},
                             /*not_null=*/0));
  Status st;
  Decode(d, R"({"v": "x"})", &st);
  CHECK(st.sqlstate() == "23502");
  Decode(d, R"({"id": null})", &st);
  CHECK(st.sqlstate() == "23502");
  CHECK(Decode(d, R"({"id": 1})", &st) == std::vector<std::string>{"1", "NULL"});
}

TEST_CASE("kafka options: required options, startup modes, formats") {
  auto table = [](std::vector<std::pair<std::string, std::string>> opts, std::string format,
                  std::string encode) {
    TableInfo t;
    t.name = "k";
    t.columns = Columns({{"id", DataType(TypeId::kInt64)}});
    t.options = {{"connector", "kafka"}};
    for (auto& o : opts) t.options.push_back(o);
    t.format = format;
    t.encode = encode;
    return t;
  };
  const std::pair<std::string, std::string> topic{"topic", "t"};
  const std::pair<std::string, std::string> boot{"properties.bootstrap.server", "h:1"};
  auto ok = KafkaOptions::Parse(table({topic, boot}, "PLAIN", "JSON"));
  REQUIRE(ok.ok());
  CHECK(ok->topic == "t");
  CHECK(ok->bootstrap == "h:1");
  CHECK(!ok->latest);
  ok = KafkaOptions::Parse(table({topic, {"properties.bootstrap.servers", "a:1,b:2"},
                                  {"scan.startup.mode", "latest-offset"}, {"format", "json"}},
                                 "", ""));
  REQUIRE(ok.ok());
  CHECK(ok->bootstrap == "a:1,b:2");
  CHECK(ok->latest);
  ok = KafkaOptions::Parse(table({topic, boot, {"properties.client.id", "me"}}, "PLAIN", "JSON"));
  REQUIRE(ok.ok());
  CHECK(ok->properties.at("client.id") == "me");
  CHECK(KafkaOptions::Parse(table({boot}, "PLAIN", "JSON")).status().sqlstate() == "42601");
  CHECK(KafkaOptions::Parse(table({topic}, "PLAIN", "JSON")).status().sqlstate() == "42601");
  CHECK(KafkaOptions::Parse(table({topic, boot}, "", "")).status().sqlstate() == "42601");
  // UPSERT needs a PRIMARY KEY.
  CHECK(KafkaOptions::Parse(table({topic, boot}, "UPSERT", "JSON")).status().sqlstate() ==
        "42P16");
  CHECK(KafkaOptions::Parse(table({topic, boot}, "DEBEZIUM", "JSON")).status().sqlstate() ==
        "0A000");
  CHECK(KafkaOptions::Parse(table({topic, boot, {"scan.startup.mode", "x"}}, "PLAIN", "JSON"))
            .status()
            .sqlstate() == "22023");
  CHECK(KafkaOptions::Parse(table({topic, boot, {"properties.bogus", "1"}}, "PLAIN", "JSON"))
            .status()
            .sqlstate() == "22023");
  CHECK(KafkaOptions::Parse(table({topic, boot, {"bogus", "1"}}, "PLAIN", "JSON"))
            .status()
            .sqlstate() == "42601");
}

}  // namespace
}  // namespace kappa
