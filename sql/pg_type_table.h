// PostgreSQL's built-in types as kappadb presents them in pg_catalog.pg_type,
// format_type() and ::regtype: real OIDs, names, lengths and array types.
// Types kappadb stores (common/types.h) map to their SQL type; the others
// (name, "char", oid, reg*, arrays) are what catalog columns are declared
// as in PostgreSQL (kappadb shows them as int8/text, see pg_catalog_common.h).
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "common/types.h"

namespace kappa {

struct PgTypeEntry {
  uint32_t oid;
  const char* typname;      // pg_type.typname ("int4", "_int4")
  const char* format_name;  // format_type() ("integer", "integer[]")
  int16_t typlen;
  bool typbyval;
  char typcategory;         // 'N', 'S', 'B', 'D', 'T', 'A', 'U', ...
  bool typispreferred;
  uint32_t typelem;         // element type of an array type, else 0
  uint32_t typarray;        // the array type of this type, else 0
  const char* typinput;     // "int4in"
  const char* typoutput;    // "int4out"
  char typalign;
  TypeId kappa_type;        // kUnknown if kappadb has no column type for it
};

// Every entry, in oid order.
const std::vector<PgTypeEntry>& PgTypes();
// The entry for `oid`; null if unknown.
const PgTypeEntry* FindPgType(uint32_t oid);
// Resolves a type name as ::regtype reads it ("integer", "int4",
// "pg_catalog.int4", "character varying", "text[]", "_text"); 0 if unknown.
uint32_t PgTypeOidByName(const std::string& name);
// PostgreSQL's format_type(oid, typmod): "character varying(10)",
// "numeric(10,2)", "integer"; "???" for an unknown oid (as PostgreSQL).
std::string PgFormatType(uint32_t oid, int32_t typmod);

}  // namespace kappa
