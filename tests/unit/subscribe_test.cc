// SUBSCRIBE's grammar and options, FETCH ... WITH (timeout), and
// statement_timeout's parsing and display.
#include <doctest/doctest.h>

#include "server/session_settings.h"
#include "server/subscription.h"
#include "sql/parse/parser.h"

using namespace kappa;

namespace {

ast::StatementPtr ParseOne(const std::string& sql) {
  auto r = ParseSql(sql);
  INFO(sql);
  INFO(r.status().ToString());
  REQUIRE(r.ok());
  REQUIRE(r->size() == 1);
  return std::move((*r)[0]);
}

int64_t Ms(const std::string& text, double unit, const std::string& what) {
  Result<int64_t> r = ParseDurationMs(text, unit, what);
  REQUIRE(r.ok());
  return *r;
}

std::string Shown(const SessionSettings& s) {
  Result<std::string> r = s.Get("statement_timeout");
  REQUIRE(r.ok());
  return *r;
}

}  // namespace

TEST_CASE("SUBSCRIBE parses in COPY and DECLARE, and alone") {
  auto copy = ParseOne("COPY (SUBSCRIBE TO v WITH (SNAPSHOT = false, PROGRESS)) TO STDOUT");
  REQUIRE(copy->kind == ast::StmtKind::kCopy);
  const auto& c = static_cast<const ast::CopyStatement&>(*copy);
  REQUIRE(c.subscribe != nullptr);
  CHECK(c.query == nullptr);
  CHECK(c.subscribe->relation == ast::QualifiedName{"v"});
  REQUIRE(c.subscribe->options.size() == 2);
  CHECK(c.subscribe->options[0].key == "snapshot");
  CHECK(c.subscribe->options[0].value == "false");
  CHECK(c.subscribe->options[1].key == "progress");
  CHECK(c.subscribe->options[1].value == "true");

  auto decl = ParseOne("DECLARE c CURSOR FOR SUBSCRIBE (SELECT a FROM v WHERE a > 1)");
  const auto& d = static_cast<const ast::DeclareCursorStatement&>(*decl);
  REQUIRE(d.subscribe != nullptr);
  CHECK(d.query == nullptr);
  CHECK(d.subscribe->relation.empty());
  CHECK(d.subscribe->query != nullptr);

  auto alone = ParseOne("subscribe public.v with (snapshot true)");
  REQUIRE(alone->kind == ast::StmtKind::kSubscribe);
  const auto& s = static_cast<const ast::SubscribeStatement&>(*alone);
  CHECK(s.relation == ast::QualifiedName{"public", "v"});
  CHECK(s.options[0].value == "true");

  // SUBSCRIBE stays usable as a name.
  ParseOne("SELECT subscribe FROM subscribe AS subscribe");
  CHECK_FALSE(ParseSql("COPY (SUBSCRIBE v) FROM STDIN").ok());
}

TEST_CASE("FETCH takes WITH (timeout = ...)") {
  auto f = ParseOne("FETCH ALL c WITH (timeout = '1s')");
  const auto& fetch = static_cast<const ast::FetchStatement&>(*f);
  CHECK(fetch.count == -1);
  REQUIRE(fetch.options.size() == 1);
  CHECK(fetch.options[0].key == "timeout");
  CHECK(fetch.options[0].value == "1s");
  auto g = ParseOne("FETCH 5 FROM c");
  CHECK(static_cast<const ast::FetchStatement&>(*g).options.empty());
}

TEST_CASE("SUBSCRIBE options") {
  auto opts = [](std::vector<std::pair<std::string, std::string>> kv) {
    std::vector<ast::Option> o;
    for (auto& [k, v] : kv) o.push_back({k, v, 0});
    return ParseSubscribeOptions(o);
  };
  auto def = opts({});
  REQUIRE(def.ok());
  CHECK(def->snapshot);
  CHECK_FALSE(def->progress);
  auto set = opts({{"snapshot", "off"}, {"progress", "true"}});
  REQUIRE(set.ok());
  CHECK_FALSE(set->snapshot);
  CHECK(set->progress);
  CHECK(opts({{"snapshot", "maybe"}}).status().sqlstate() == "22023");
  CHECK(opts({{"envelope", "true"}}).status().sqlstate() == "42601");
  CHECK(opts({{"progress", "true"}, {"progress", "false"}}).status().sqlstate() == "42601");
}

TEST_CASE("durations: units, bare numbers, errors") {
  CHECK(Ms("5000", 1, "x") == 5000);
  CHECK(Ms("5s", 1, "x") == 5000);
  CHECK(Ms(" 1.5 s ", 1, "x") == 1500);
  CHECK(Ms("2min", 1, "x") == 120000);
  CHECK(Ms("1 hour", 1, "x") == 3600000);
  CHECK(Ms("250ms", 1, "x") == 250);
  CHECK(Ms("1d", 1, "x") == 86400000);
  CHECK(Ms("2", 1000, "x") == 2000);  // FETCH timeout: seconds
  CHECK(Ms("1500us", 1, "x") == 2);
  CHECK(ParseDurationMs("soon", 1, "x").status().sqlstate() == "22023");
  CHECK(ParseDurationMs("5 parsecs", 1, "x").status().sqlstate() == "22023");
  CHECK(ParseDurationMs("-1", 1, "x").status().sqlstate() == "22023");
  CHECK(ParseDurationMs("", 1, "x").status().sqlstate() == "22023");
}

TEST_CASE("statement_timeout is stored and shown as PostgreSQL shows it") {
  SessionSettings s;
  CHECK(s.StatementTimeoutMs() == 0);
  REQUIRE(s.Set("statement_timeout", "5000").ok());
  CHECK(Shown(s) == "5s");
  CHECK(s.StatementTimeoutMs() == 5000);
  REQUIRE(s.Set("statement_timeout", "1500").ok());
  CHECK(Shown(s) == "1500ms");
  REQUIRE(s.Set("statement_timeout", "60s").ok());
  CHECK(Shown(s) == "1min");
  REQUIRE(s.Set("STATEMENT_TIMEOUT", "0").ok());
  CHECK(Shown(s) == "0");
  Status bad = s.Set("statement_timeout", "abc");
  CHECK(bad.sqlstate() == "22023");
  CHECK(bad.message() == "invalid value for parameter \"statement_timeout\": \"abc\"");
  CHECK(s.Set("statement_timeout", "9999999999").sqlstate() == "22023");
  REQUIRE(s.Set("statement_timeout", "2s").ok());
  REQUIRE(s.Reset("statement_timeout").ok());
  CHECK(s.StatementTimeoutMs() == 0);
}
