// The pieces of pg_catalog that are pure functions: the pg_type table
// (format_type, ::regtype names) and the array text form.
#include <doctest/doctest.h>

#include "executor/functions/catalog_functions.h"
#include "sql/pg_type_table.h"

namespace kappa {

TEST_CASE("format_type prints PostgreSQL's names with modifiers") {
  CHECK(PgFormatType(23, -1) == "integer");
  CHECK(PgFormatType(1043, 14) == "character varying(10)");
  CHECK(PgFormatType(1043, -1) == "character varying");
  CHECK(PgFormatType(1700, ((10 << 16) | 2) + 4) == "numeric(10,2)");
  CHECK(PgFormatType(1114, -1) == "timestamp without time zone");
  CHECK(PgFormatType(1184, -1) == "timestamp with time zone");
  CHECK(PgFormatType(1009, -1) == "text[]");
  CHECK(PgFormatType(18, -1) == "\"char\"");
  CHECK(PgFormatType(99999, -1) == "???");
}

TEST_CASE("type names resolve as ::regtype reads them") {
  CHECK(PgTypeOidByName("integer") == 23);
  CHECK(PgTypeOidByName("INT4") == 23);
  CHECK(PgTypeOidByName("pg_catalog.int8") == 20);
  CHECK(PgTypeOidByName("character varying(20)") == 1043);
  CHECK(PgTypeOidByName("text[]") == 1009);
  CHECK(PgTypeOidByName("_int4") == 1007);
  CHECK(PgTypeOidByName("timestamp with time zone") == 1184);
  CHECK(PgTypeOidByName("\"char\"") == 18);
  CHECK(PgTypeOidByName("nosuchtype") == 0);
  for (const PgTypeEntry& e : PgTypes()) {
    if (e.typarray != 0) {
      const PgTypeEntry* a = FindPgType(e.typarray);
      REQUIRE(a != nullptr);
      CHECK(a->typelem == e.oid);
    }
  }
}

TEST_CASE("arrays in their text form parse like PostgreSQL's array_in") {
  std::vector<std::string> items;
  std::vector<bool> nulls;
  REQUIRE(ParseArrayText("{a,b,\"c d\",NULL,\"NULL\",\"x\\\"y\"}", &items, &nulls));
  CHECK(items == std::vector<std::string>{"a", "b", "c d", "", "NULL", "x\"y"});
  CHECK(nulls == std::vector<bool>{false, false, false, true, false, false});
  REQUIRE(ParseArrayText("{}", &items, &nulls));
  CHECK(items.empty());
  REQUIRE(ParseArrayText("1 3 2", &items, &nulls));  // int2vector
  CHECK(items == std::vector<std::string>{"1", "3", "2"});
  REQUIRE(ParseArrayText("", &items, &nulls));
  CHECK(items.empty());
  CHECK_FALSE(ParseArrayText("{a,b", &items, &nulls));
  CHECK_FALSE(ParseArrayText("{\"a}", &items, &nulls));
}

}  // namespace kappa
