// Shared pieces of the pg_catalog and information_schema relations
// (server/system_tables.h): how kappadb's catalog maps onto PostgreSQL's.
//
// Column types: PostgreSQL's oid/regproc/regclass columns are int8 here
// (oids are unsigned 32-bit), name and "char" are text, and array or vector
// columns (oid[], int2vector, text[], aclitem[]) are text in PostgreSQL's
// array text format ('{1,2}', int2vector '1 2'), or NULL.
//
// OIDs: a relation's oid is its TableInfo id; namespaces pg_catalog 11,
// public 2200, information_schema 12990, kappa_catalog 12991; the bootstrap
// superuser is 10; schema public is owned by pg_database_owner (6171) as in
// PostgreSQL 15. A primary key is one index (oid kIndexOidBase + table id,
// named <table>_pkey) and one constraint (oid kConstraintOidBase + table id).
// A column default is pg_attrdef oid kAttrDefOidBase + table id * 2048 + attnum.
#pragma once

#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include "common/chunk.h"
#include "common/types.h"
#include "common/value.h"
#include "server/database.h"
#include "server/system_tables.h"
#include "sql/catalog.h"

namespace kappa::pgcat {

inline constexpr int64_t kNsPgCatalog = 11;
inline constexpr int64_t kNsPublic = 2200;
inline constexpr int64_t kNsInformationSchema = 12990;
inline constexpr int64_t kNsKappaCatalog = 12991;
inline constexpr int64_t kSuperuserOid = 10;
inline constexpr int64_t kDatabaseOwnerOid = 6171;  // pg_database_owner
inline constexpr int64_t kDatabaseOid = 16383;
inline constexpr int64_t kIndexOidBase = int64_t{1} << 30;
inline constexpr int64_t kConstraintOidBase = (int64_t{1} << 30) + (int64_t{1} << 29);
inline constexpr int64_t kAttrDefOidBase = int64_t{1} << 31;
inline constexpr int64_t kPgClassOid = 1259;  // pg_class's own oid (classoid)

// Column type shorthands for relation definitions.
inline DataType OidT() { return DataType(TypeId::kInt64); }
inline DataType NameT() { return DataType(TypeId::kText); }
inline DataType CharT() { return DataType(TypeId::kText); }
inline DataType TextT() { return DataType(TypeId::kText); }
inline DataType ArrT() { return DataType(TypeId::kText); }
inline DataType BoolT() { return DataType(TypeId::kBool); }
inline DataType I2() { return DataType(TypeId::kInt16); }
inline DataType I4() { return DataType(TypeId::kInt32); }
inline DataType I8() { return DataType(TypeId::kInt64); }
inline DataType F4() { return DataType(TypeId::kFloat32); }
inline DataType F8() { return DataType(TypeId::kFloat64); }
inline DataType TsTzT() { return DataType(TypeId::kTimestampTz); }

using Columns = std::vector<std::pair<std::string, DataType>>;

// One cell of a row being built; converted to the column's type by Rows.
struct Cell {
  enum Kind { kNull, kInt, kStr, kBool, kFloat } kind = kNull;
  int64_t i = 0;
  double f = 0;
  std::string s;
  Cell() = default;
  Cell(int v) : kind(kInt), i(v) {}                     // NOLINT
  Cell(int64_t v) : kind(kInt), i(v) {}                 // NOLINT
  Cell(uint64_t v) : kind(kInt), i(static_cast<int64_t>(v)) {}  // NOLINT
  Cell(uint32_t v) : kind(kInt), i(v) {}                // NOLINT
  Cell(bool v) : kind(kBool), i(v ? 1 : 0) {}           // NOLINT
  Cell(double v) : kind(kFloat), f(v) {}                // NOLINT
  Cell(const char* v) : kind(kStr), s(v) {}             // NOLINT
  Cell(std::string v) : kind(kStr), s(std::move(v)) {}  // NOLINT
  Cell(char c) : kind(kStr), s(1, c) {}                 // NOLINT
};
inline Cell Null() { return Cell(); }

// Collects rows into chunks of kChunkRows.
class Rows {
 public:
  explicit Rows(std::vector<DataType> types) : types_(std::move(types)) {}
  void Add(const std::vector<Cell>& cells);
  std::vector<Chunk> Take() { return std::move(out_); }

 private:
  std::vector<DataType> types_;
  std::vector<Chunk> out_;
};

using SessionRowsFn = std::function<Status(Database& db, const SystemScanContext& ctx, Rows* rows)>;
// Adds a relation `schema.name` with `columns` whose rows come from `fill`.
void AddRelation(std::vector<SystemTable>* out, uint64_t id, const char* schema, const char* name,
                 const Columns& columns, SessionRowsFn fill);
// Adds a relation that is always empty.
void AddEmptyRelation(std::vector<SystemTable>* out, uint64_t id, const char* schema,
                      const char* name, const Columns& columns);

// The namespace oid of a schema name (0 if unknown).
int64_t NamespaceOid(const std::string& schema);
// pg_class.relkind of a relation: 'r' table, 'm' materialized view, 'v' view;
// system relations are 'r' (PostgreSQL's catalog tables, ids < 12000) or 'v'.
char RelKind(const TableInfo& t);
// The owner role oid of a relation.
int64_t OwnerOid(Database& db, const TableInfo& t);
// The bootstrap superuser's name (the session user if there is no role catalog).
std::string SuperuserName(Database& db, const SystemScanContext& ctx);
// pg_type oid of a column type.
int64_t ColumnTypeOid(const DataType& t);
// "{a,b}" with PostgreSQL's quoting of elements.
std::string ArrayText(const std::vector<std::string>& items);
// Every relation (not sinks) in the current catalog snapshot, in (schema, name) order.
std::vector<TableInfoPtr> AllRelations(Database& db);
// information_schema-style name of a kind: "BASE TABLE", "VIEW".
std::string TableType(const TableInfo& t);

}  // namespace kappa::pgcat
