#include "sql/pg_type_table.h"

#include <algorithm>
#include <cctype>

namespace kappa {

namespace {

using T = TypeId;

std::vector<PgTypeEntry> MakeTypes() {
  // oid, typname, format name, len, byval, category, preferred, elem, array, in, out, align, kappa
  std::vector<PgTypeEntry> v = {
      {16, "bool", "boolean", 1, true, 'B', true, 0, 1000, "boolin", "boolout", 'c', T::kBool},
      {17, "bytea", "bytea", -1, false, 'U', false, 0, 1001, "byteain", "byteaout", 'i', T::kUnknown},
      {18, "char", "\"char\"", 1, true, 'Z', false, 0, 1002, "charin", "charout", 'c', T::kUnknown},
      {19, "name", "name", 64, false, 'S', false, 18, 1003, "namein", "nameout", 'c', T::kUnknown},
      {20, "int8", "bigint", 8, true, 'N', false, 0, 1016, "int8in", "int8out", 'd', T::kInt64},
      {21, "int2", "smallint", 2, true, 'N', false, 0, 1005, "int2in", "int2out", 's', T::kInt16},
      {22, "int2vector", "int2vector", -1, false, 'A', false, 21, 1006, "int2vectorin", "int2vectorout", 'i', T::kUnknown},
      {23, "int4", "integer", 4, true, 'N', false, 0, 1007, "int4in", "int4out", 'i', T::kInt32},
      {24, "regproc", "regproc", 4, true, 'N', false, 0, 1008, "regprocin", "regprocout", 'i', T::kUnknown},
      {25, "text", "text", -1, false, 'S', true, 0, 1009, "textin", "textout", 'i', T::kText},
      {26, "oid", "oid", 4, true, 'N', true, 0, 1028, "oidin", "oidout", 'i', T::kUnknown},
      {30, "oidvector", "oidvector", -1, false, 'A', false, 26, 1013, "oidvectorin", "oidvectorout", 'i', T::kUnknown},
      {700, "float4", "real", 4, true, 'N', false, 0, 1021, "float4in", "float4out", 'i', T::kFloat32},
      {701, "float8", "double precision", 8, true, 'N', true, 0, 1022, "float8in", "float8out", 'd', T::kFloat64},
      {705, "unknown", "unknown", -2, false, 'X', false, 0, 0, "unknownin", "unknownout", 'c', T::kUnknown},
      {1000, "_bool", "boolean[]", -1, false, 'A', false, 16, 0, "array_in", "array_out", 'i', T::kUnknown},
      {1001, "_bytea", "bytea[]", -1, false, 'A', false, 17, 0, "array_in", "array_out", 'i', T::kUnknown},
      {1002, "_char", "\"char\"[]", -1, false, 'A', false, 18, 0, "array_in", "array_out", 'i', T::kUnknown},
      {1003, "_name", "name[]", -1, false, 'A', false, 19, 0, "array_in", "array_out", 'i', T::kUnknown},
      {1005, "_int2", "smallint[]", -1, false, 'A', false, 21, 0, "array_in", "array_out", 'i', T::kUnknown},
      {1006, "_int2vector", "int2vector[]", -1, false, 'A', false, 22, 0, "array_in", "array_out", 'i', T::kUnknown},
      {1007, "_int4", "integer[]", -1, false, 'A', false, 23, 0, "array_in", "array_out", 'i', T::kUnknown},
      {1008, "_regproc", "regproc[]", -1, false, 'A', false, 24, 0, "array_in", "array_out", 'i', T::kUnknown},
      {1009, "_text", "text[]", -1, false, 'A', false, 25, 0, "array_in", "array_out", 'i', T::kUnknown},
      {1013, "_oidvector", "oidvector[]", -1, false, 'A', false, 30, 0, "array_in", "array_out", 'i', T::kUnknown},
      {1015, "_varchar", "character varying[]", -1, false, 'A', false, 1043, 0, "array_in", "array_out", 'i', T::kUnknown},
      {1016, "_int8", "bigint[]", -1, false, 'A', false, 20, 0, "array_in", "array_out", 'd', T::kUnknown},
      {1021, "_float4", "real[]", -1, false, 'A', false, 700, 0, "array_in", "array_out", 'i', T::kUnknown},
      {1022, "_float8", "double precision[]", -1, false, 'A', false, 701, 0, "array_in", "array_out", 'd', T::kUnknown},
      {1028, "_oid", "oid[]", -1, false, 'A', false, 26, 0, "array_in", "array_out", 'i', T::kUnknown},
      {1042, "bpchar", "character", -1, false, 'S', false, 0, 1014, "bpcharin", "bpcharout", 'i', T::kUnknown},
      {1014, "_bpchar", "character[]", -1, false, 'A', false, 1042, 0, "array_in", "array_out", 'i', T::kUnknown},
      {1043, "varchar", "character varying", -1, false, 'S', false, 0, 1015, "varcharin", "varcharout", 'i', T::kVarchar},
      {1082, "date", "date", 4, true, 'D', false, 0, 1182, "date_in", "date_out", 'i', T::kDate},
      {1083, "time", "time without time zone", 8, true, 'D', false, 0, 1183, "time_in", "time_out", 'd', T::kTime},
      {1114, "timestamp", "timestamp without time zone", 8, true, 'D', false, 0, 1115, "timestamp_in", "timestamp_out", 'd', T::kTimestamp},
      {1115, "_timestamp", "timestamp without time zone[]", -1, false, 'A', false, 1114, 0, "array_in", "array_out", 'd', T::kUnknown},
      {1182, "_date", "date[]", -1, false, 'A', false, 1082, 0, "array_in", "array_out", 'i', T::kUnknown},
      {1183, "_time", "time without time zone[]", -1, false, 'A', false, 1083, 0, "array_in", "array_out", 'd', T::kUnknown},
      {1184, "timestamptz", "timestamp with time zone", 8, true, 'D', true, 0, 1185, "timestamptz_in", "timestamptz_out", 'd', T::kTimestampTz},
      {1185, "_timestamptz", "timestamp with time zone[]", -1, false, 'A', false, 1184, 0, "array_in", "array_out", 'd', T::kUnknown},
      {1186, "interval", "interval", 16, false, 'T', true, 0, 1187, "interval_in", "interval_out", 'd', T::kInterval},
      {1187, "_interval", "interval[]", -1, false, 'A', false, 1186, 0, "array_in", "array_out", 'd', T::kUnknown},
      {1231, "_numeric", "numeric[]", -1, false, 'A', false, 1700, 0, "array_in", "array_out", 'i', T::kUnknown},
      {1700, "numeric", "numeric", -1, false, 'N', false, 0, 1231, "numeric_in", "numeric_out", 'i', T::kNumeric},
      {2205, "regclass", "regclass", 4, true, 'N', false, 0, 2210, "regclassin", "regclassout", 'i', T::kUnknown},
      {2206, "regtype", "regtype", 4, true, 'N', false, 0, 2211, "regtypein", "regtypeout", 'i', T::kUnknown},
      {2210, "_regclass", "regclass[]", -1, false, 'A', false, 2205, 0, "array_in", "array_out", 'i', T::kUnknown},
      {2211, "_regtype", "regtype[]", -1, false, 'A', false, 2206, 0, "array_in", "array_out", 'i', T::kUnknown},
      {2249, "record", "record", -1, false, 'P', false, 0, 2287, "record_in", "record_out", 'd', T::kUnknown},
      {2276, "any", "\"any\"", 4, true, 'P', false, 0, 0, "any_in", "any_out", 'i', T::kUnknown},
      {2277, "anyarray", "anyarray", -1, false, 'P', false, 0, 0, "anyarray_in", "anyarray_out", 'd', T::kUnknown},
      {2278, "void", "void", 4, true, 'P', false, 0, 0, "void_in", "void_out", 'i', T::kUnknown},
      {2287, "_record", "record[]", -1, false, 'P', false, 2249, 0, "array_in", "array_out", 'd', T::kUnknown},
      {4089, "regnamespace", "regnamespace", 4, true, 'N', false, 0, 4090, "regnamespacein", "regnamespaceout", 'i', T::kUnknown},
      {4090, "_regnamespace", "regnamespace[]", -1, false, 'A', false, 4089, 0, "array_in", "array_out", 'i', T::kUnknown},
  };
  std::sort(v.begin(), v.end(), [](const PgTypeEntry& a, const PgTypeEntry& b) { return a.oid < b.oid; });
  return v;
}

std::string Lower(std::string s) {
  for (char& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return s;
}

}  // namespace

const std::vector<PgTypeEntry>& PgTypes() {
  static const std::vector<PgTypeEntry> types = MakeTypes();
  return types;
}

const PgTypeEntry* FindPgType(uint32_t oid) {
  const auto& v = PgTypes();
  auto it = std::lower_bound(v.begin(), v.end(), oid,
                             [](const PgTypeEntry& e, uint32_t o) { return e.oid < o; });
  return it != v.end() && it->oid == oid ? &*it : nullptr;
}

uint32_t PgTypeOidByName(const std::string& raw) {
  std::string n = Lower(raw);
  while (!n.empty() && n.back() == ' ') n.pop_back();
  while (!n.empty() && n.front() == ' ') n.erase(0, 1);
  if (n.rfind("pg_catalog.", 0) == 0) n = n.substr(11);
  // Strip a type modifier: varchar(10), numeric(10,2).
  if (auto p = n.find('('); p != std::string::npos) {
    auto q = n.find(')', p);
    std::string rest = q == std::string::npos ? "" : n.substr(q + 1);
    n = n.substr(0, p);
    while (!n.empty() && n.back() == ' ') n.pop_back();
    n += rest;
  }
  bool array = false;
  if (n.size() > 2 && n.compare(n.size() - 2, 2, "[]") == 0) {
    array = true;
    n = n.substr(0, n.size() - 2);
  }
  if (n.size() > 1 && n.front() == '"' && n.back() == '"') n = n.substr(1, n.size() - 2);
  static const std::pair<const char*, const char*> kAliases[] = {
      {"integer", "int4"}, {"int", "int4"}, {"smallint", "int2"}, {"bigint", "int8"},
      {"boolean", "bool"}, {"real", "float4"}, {"double precision", "float8"},
      {"float", "float8"}, {"decimal", "numeric"}, {"character varying", "varchar"},
      {"character", "bpchar"}, {"char", "char"}, {"timestamp without time zone", "timestamp"},
      {"timestamp with time zone", "timestamptz"}, {"time without time zone", "time"},
      {"string", "text"}};
  for (const auto& [alias, name] : kAliases) {
    if (n == alias) {
      n = name;
      break;
    }
  }
  for (const PgTypeEntry& e : PgTypes()) {
    if (n == e.typname) return array ? e.typarray : e.oid;
  }
  return 0;
}

std::string PgFormatType(uint32_t oid, int32_t typmod) {
  const PgTypeEntry* e = FindPgType(oid);
  if (e == nullptr) return "???";
  std::string name = e->format_name;
  if (typmod >= 0) {
    if (oid == 1043 || oid == 1042) {
      name += "(" + std::to_string(typmod - 4) + ")";
    } else if (oid == 1700 && typmod >= 4) {
      int32_t t = typmod - 4;
      name += "(" + std::to_string((t >> 16) & 0xffff) + "," + std::to_string(t & 0xffff) + ")";
    } else if (oid == 1015) {
      name = "character varying(" + std::to_string(typmod - 4) + ")[]";
    }
  }
  return name;
}

}  // namespace kappa
