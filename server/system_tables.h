// System tables: the relations of the schema kappa_catalog, which show the
// engine's own state (late rows, table statistics, views' operators). Each is
// registered in the catalog at startup (RelationKind::kSystem, fixed ids
// below 16384, never persisted) with a function that produces its rows when
// a query scans it; a scan reads them once, at the start of the statement.
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

struct SystemTable {
  TableInfo info;  // schema "kappa_catalog", kind kSystem, id < 16384
  // The rows now; chunk schema = info.Types(), weights 1.
  std::function<Result<std::vector<Chunk>>(Database& db)> rows;
};

// A kappa_catalog relation's catalog entry.
TableInfo SystemTableInfo(uint64_t id, const std::string& name,
                          const std::vector<std::pair<std::string, TypeId>>& columns);

// Ids: late_rows_tables.cc uses 9001-9099, view_tables.cc 9100-9199.
void AddLateRowsTables(std::vector<SystemTable>* out);
void AddViewTables(std::vector<SystemTable>* out);

// All of them (in the order above).
std::vector<SystemTable> AllSystemTables();

}  // namespace kappa
