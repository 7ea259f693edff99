// System tables: the relations of the schema kappa_catalog, which show the
// engine's own state (late rows, table statistics, views' operators). Each is
// registered in the catalog at startup (RelationKind::kSystem, fixed ids
// below 16384, never persisted) with a function that produces its rows when
// a query scans it; a scan reads them once, at the start of the statement.
//
// The relations of pg_catalog and information_schema (pg_catalog_*.cc,
// information_schema.cc) follow the same pattern over kappadb's own catalog
// (see pg_catalog_common.h); their rows may depend on the session
// (user, database name), so they set `session_rows` instead of `rows`.
//
// Relations (one file per group):
//   kappa_catalog.late_rows      late_rows_tables.cc
//     (table_name text, row_data text, watermark timestamp, log_position int8)
//   kappa_catalog.table_stats    late_rows_tables.cc
//     (table_name text, log_entries int8, late_rows int8, watermark timestamp)
//   kappa_catalog.view_operators view_tables.cc
//     (view_name text, operator_id int4, operator text, state_rows int8, state_bytes int8)
//   kappa_catalog.views          view_tables.cc
//     (view_name text, epoch int8, rows int8, emit_on_window_close bool,
//      error text, definition text, state text, progress float8,
//      stored_rows int8: rows in the contents blobs, compacted at ~2 x rows)
#pragma once

#include <functional>
#include <string>
#include <utility>
#include <vector>

#include "common/chunk.h"
#include "common/status.h"
#include "sql/catalog.h"

namespace kappa {

class Database;

// What a system relation may know of the session that scans it.
struct SystemScanContext {
  std::string user = "kappa";      // session user (the superuser today)
  std::string database = "kappa";  // the database name the client connected with
};

struct SystemTable {
  TableInfo info;  // schema "kappa_catalog"/"pg_catalog"/..., kind kSystem, id < 16384
  // The rows now; chunk schema = info.Types(), weights 1. Exactly one of
  // rows / session_rows is set.
  std::function<Result<std::vector<Chunk>>(Database& db)> rows;
  std::function<Result<std::vector<Chunk>>(Database& db, const SystemScanContext& ctx)>
      session_rows;
};

// A kappa_catalog relation's catalog entry.
TableInfo SystemTableInfo(uint64_t id, const std::string& name,
                          const std::vector<std::pair<std::string, TypeId>>& columns);
// A built-in relation's catalog entry in `schema`; columns with full DataTypes.
TableInfo SystemTableInfoIn(uint64_t id, const std::string& schema, const std::string& name,
                            const std::vector<std::pair<std::string, DataType>>& columns);

// Ids: late_rows_tables.cc uses 9001-9099, view_tables.cc 9100-9199.
void AddLateRowsTables(std::vector<SystemTable>* out);
void AddViewTables(std::vector<SystemTable>* out);
// source_tables.cc, 9200-9299: kappa_catalog.source_errors (table_name, topic,
// partition int4, offset int8, raw text (first 1 KiB), error, read_at timestamptz)
// and kappa_catalog.sources (table_name, connector, topic, state, error,
// records int8, bad_records int8, partitions int4, lag int8).
void AddSourceTables(std::vector<SystemTable>* out);
void AddSinkTables(std::vector<SystemTable>* out);  // sink_tables.cc: 9300-9399
// pg_catalog (ids: PostgreSQL's own OIDs for its tables, 12000-12999 for its
// views) and information_schema (13000-13099).
void AddPgCatalogTables(std::vector<SystemTable>* out);
void AddPgCatalogEmptyTables(std::vector<SystemTable>* out);
void AddPgCatalogViews(std::vector<SystemTable>* out);
void AddInformationSchemaTables(std::vector<SystemTable>* out);
// kappa_catalog.series (n int8, 0..9999; id 9900): see series_table.cc.
void AddSeriesTable(std::vector<SystemTable>* out);

// All of them (in the order above).
std::vector<SystemTable> AllSystemTables();

}  // namespace kappa
