#include <doctest/doctest.h>

#include "server/session_settings.h"

using kappa::SessionSettings;

TEST_CASE("startup reports the thirteen settings PostgreSQL 15 reports, claiming version 13") {
  SessionSettings s;
  auto reported = s.Reported();
  REQUIRE(reported.size() == 13);
  CHECK(reported[0].first == "application_name");
  bool found = false;
  for (const auto& [name, value] : reported) {
    if (name == "server_version") {
      CHECK(value == "13.0.0");
      found = true;
    }
    if (name == "client_encoding") CHECK(value == "UTF8");
    if (name == "DateStyle") CHECK(value == "ISO, MDY");
    if (name == "standard_conforming_strings") CHECK(value == "on");
    if (name == "integer_datetimes") CHECK(value == "on");
  }
  CHECK(found);
}

TEST_CASE("setting a reported parameter is reported once as changed, with its PostgreSQL name") {
  SessionSettings s;
  REQUIRE(s.Set("APPLICATION_NAME", "psql").ok());
  REQUIRE(s.Set("application_name", "dbeaver").ok());
  auto changed = s.TakeChanged();
  REQUIRE(changed.size() == 1);
  CHECK(changed[0].first == "application_name");
  CHECK(changed[0].second == "dbeaver");
  CHECK(s.TakeChanged().empty());
  REQUIRE(s.Set("timezone", "Etc/UTC").ok());
  changed = s.TakeChanged();
  REQUIRE(changed.size() == 1);
  CHECK(changed[0].first == "TimeZone");
}

TEST_CASE("unknown and read-only parameters fail with PostgreSQL's codes") {
  SessionSettings s;
  auto st = s.Set("no_such_thing", "1");
  CHECK(st.sqlstate() == "42704");
  CHECK(st.message() == "unrecognized configuration parameter \"no_such_thing\"");
  CHECK(s.Set("server_version", "16").sqlstate() == "55P02");
  CHECK(s.Set("myapp.tenant", "7").ok());  // custom (dotted) settings are allowed
  CHECK(s.Get("myapp.tenant").value() == "7");
  CHECK(s.Get("nope").status().sqlstate() == "42704");
}

TEST_CASE("client settings that kappadb cannot honour are refused, not silently ignored") {
  SessionSettings s;
  CHECK(s.Set("client_encoding", "LATIN1").sqlstate() == "0A000");
  CHECK(s.Set("client_encoding", "utf8").ok());
  CHECK(s.Set("DateStyle", "German").sqlstate() == "0A000");
  CHECK(s.Set("TimeZone", "Europe/Berlin").sqlstate() == "0A000");
  CHECK(s.Set("extra_float_digits", "3").ok());
  CHECK(s.Set("extra_float_digits", "9").sqlstate() == "22023");
}

TEST_CASE("RESET restores defaults and RESET ALL keeps read-only values") {
  SessionSettings s;
  REQUIRE(s.Set("extra_float_digits", "3").ok());
  REQUIRE(s.Reset("extra_float_digits").ok());
  CHECK(s.Get("extra_float_digits").value() == "1");
  REQUIRE(s.Set("application_name", "x").ok());
  s.ResetAll();
  CHECK(s.Get("application_name").value() == "");
  CHECK(s.Get("server_version").value() == "13.0.0");
  CHECK(s.DisplayName("datestyle") == "DateStyle");
}
