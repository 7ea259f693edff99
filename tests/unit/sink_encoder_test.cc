#include <doctest/doctest.h>

#include <cmath>
#include <string>
#include <vector>

#include "common/value_parse.h"
#include "executor/kafka_sink.h"
#include "executor/sink_encoder.h"

namespace kappa {
namespace {

std::vector<DataType> Types() {
  return {DataType(TypeId::kInt32), DataType(TypeId::kText), DataType::Numeric(),
          DataType(TypeId::kTimestamp), DataType(TypeId::kBool), DataType(TypeId::kFloat64)};
}

const std::vector<std::string> kNames = {"id", "name", "amount", "ts", "ok", "f"};

std::vector<Value> Row(int id, const std::string& name, const char* amount = "1.50") {
  return {Value::Int(TypeId::kInt32, id), Value::String(name),
          ParseValue(amount, DataType::Numeric()).value(),
          ParseValue("2026-11-23 12:00:01", DataType(TypeId::kTimestamp)).value(),
          Value::Bool(id % 2 == 0), Value::Float(TypeId::kFloat64, 0.5)};
}

std::string Text(const std::optional<std::string>& s) { return s ? *s : "<null>"; }

std::vector<std::string> Encode(const SinkEncoder& e, const Chunk& c) {
  std::vector<SinkMessage> out;
  Status st = e.Encode({c}, &out);
  REQUIRE_MESSAGE(st.ok(), st.message());
  std::vector<std::string> text;
  for (const auto& m : out) text.push_back(Text(m.key) + " => " + Text(m.value));
  return text;
}

TEST_CASE("sink JSON values: numbers, strings, timestamps, NULL, escapes") {
  Chunk c(Types());
  c.AppendRow(Row(1, "a\"b\\c\nd\x01"));
  c.AppendRow({Value::Null(DataType(TypeId::kInt32)), Value::Null(DataType(TypeId::kText)),
               Value::Null(DataType::Numeric()), Value::Null(DataType(TypeId::kTimestamp)),
               Value::Null(DataType(TypeId::kBool)), Value::Float(TypeId::kFloat64, NAN)});
  SinkEncoder e(SinkFormat::kPlain, kNames, {});
  CHECK(Encode(e, c) ==
        std::vector<std::string>{
            "<null> => {\"id\":1,\"name\":\"a\\\"b\\\\c\\nd\\u0001\",\"amount\":1.50,"
            "\"ts\":\"2026-11-23 12:00:01\",\"ok\":false,\"f\":0.5}",
            "<null> => {\"id\":null,\"name\":null,\"amount\":null,\"ts\":null,\"ok\":null,"
            "\"f\":\"NaN\"}"});
}

TEST_CASE("PLAIN: one message per inserted copy; a retraction is an error") {
  Chunk c(Types());
  c.AppendRow(Row(2, "x"), 2);
  SinkEncoder e(SinkFormat::kPlain, kNames, {});
  CHECK(Encode(e, c).size() == 2);
  Chunk r(Types());
  r.AppendRow(Row(2, "x"), -1);
  std::vector<SinkMessage> out;
  Status st = e.Encode({r}, &out);
  CHECK_FALSE(st.ok());
  CHECK(st.sqlstate() == "22000");
}

TEST_CASE("UPSERT: netted per key; a delete is a tombstone; unchanged keys send nothing") {
  SinkEncoder e(SinkFormat::kUpsert, kNames, {0});
  Chunk c(Types());
  c.AppendRow(Row(1, "old"), -1);  // update of key 1
  c.AppendRow(Row(1, "new"), 1);
  c.AppendRow(Row(3, "gone"), -1);  // delete of key 3
  c.AppendRow(Row(4, "same"), -1);  // retract and re-insert the same row: no change
  c.AppendRow(Row(4, "same"), 1);
  c.AppendRow(Row(5, "born"), 1);
  std::vector<std::string> got = Encode(e, c);
  REQUIRE(got.size() == 3);
  CHECK(got[0].rfind("{\"id\":1} => {\"id\":1,\"name\":\"new\"", 0) == 0);
  CHECK(got[1] == "{\"id\":3} => <null>");
  CHECK(got[2].rfind("{\"id\":5} => {\"id\":5,\"name\":\"born\"", 0) == 0);
}

TEST_CASE("DEBEZIUM: c, u (retract + insert of a key in one epoch), d") {
  SinkEncoder e(SinkFormat::kDebezium, {"id", "name"}, {0});
  std::vector<DataType> t = {DataType(TypeId::kInt64), DataType(TypeId::kText)};
  Chunk c(t);
  c.AppendRow({Value::Int(TypeId::kInt64, 1), Value::String("a")}, 1);
  c.AppendRow({Value::Int(TypeId::kInt64, 2), Value::String("b")}, -1);
  c.AppendRow({Value::Int(TypeId::kInt64, 2), Value::String("c")}, 1);
  c.AppendRow({Value::Int(TypeId::kInt64, 3), Value::String("d")}, -1);
  CHECK(Encode(e, c) ==
        std::vector<std::string>{
            "{\"id\":1} => {\"before\":null,\"after\":{\"id\":1,\"name\":\"a\"},\"op\":\"c\"}",
            "{\"id\":2} => {\"before\":{\"id\":2,\"name\":\"b\"},\"after\":{\"id\":2,\"name\":"
            "\"c\"},\"op\":\"u\"}",
            "{\"id\":3} => {\"before\":{\"id\":3,\"name\":\"d\"},\"after\":null,\"op\":\"d\"}"});
  // Keyless: each netted row on its own.
  SinkEncoder k(SinkFormat::kDebezium, {"id", "name"}, {});
  CHECK(Encode(k, c).size() == 4);
}

TEST_CASE("kafka sink options") {
  std::vector<std::pair<std::string, std::string>> ok = {
      {"connector", "kafka"}, {"topic", "t"}, {"properties.bootstrap.servers", "h:1"},
      {"properties.linger.ms", "5"}};
  auto o = ParseKafkaSinkOptions(ok, "UPSERT", "JSON");
  REQUIRE(o.ok());
  CHECK(o->format == SinkFormat::kUpsert);
  CHECK(o->bootstrap == "h:1");
  CHECK(o->properties.size() == 1);
  CHECK(ParseKafkaSinkOptions(ok, "AVRO", "JSON").status().sqlstate() == "0A000");
  CHECK(ParseKafkaSinkOptions(ok, "PLAIN", "CSV").status().sqlstate() == "0A000");
  CHECK(ParseKafkaSinkOptions(ok, "", "").status().sqlstate() == "42601");
  auto bad = ok;
  bad.push_back({"properties.no.such.setting", "1"});
  CHECK(ParseKafkaSinkOptions(bad, "PLAIN", "JSON").status().sqlstate() == "22023");
  bad = ok;
  bad.push_back({"bogus", "1"});
  CHECK(ParseKafkaSinkOptions(bad, "PLAIN", "JSON").status().sqlstate() == "42601");
  bad = {{"connector", "kafka"}, {"properties.bootstrap.server", "h:1"}};
  CHECK(ParseKafkaSinkOptions(bad, "PLAIN", "JSON").status().sqlstate() == "42601");
  bad = {{"connector", "s3"}, {"topic", "t"}, {"properties.bootstrap.server", "h:1"}};
  CHECK(ParseKafkaSinkOptions(bad, "PLAIN", "JSON").status().sqlstate() == "0A000");
}

}  // namespace
}  // namespace kappa
