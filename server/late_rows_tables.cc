// kappa_catalog.late_rows and kappa_catalog.table_stats (server/system_tables.h):
// the late rows of tables with a WATERMARK and per-table log statistics,
// read from storage (storage/late_rows.h, storage/table_log.h).
#include <string>
#include <vector>

#include "server/database.h"
#include "server/system_tables.h"
#include "storage/late_rows.h"
#include "storage/store.h"
#include "storage/table_log.h"

namespace kappa {
namespace {

constexpr uint64_t kLateRowsId = 9001;
constexpr uint64_t kTableStatsId = 9002;


// The user tables (kind kTable) of the catalog now, in name order.
std::vector<TableInfoPtr> UserTables(Database& db) {
  std::vector<TableInfoPtr> out;
  for (const TableInfoPtr& t : db.catalog()->Snapshot()->All()) {
    if (t->kind == RelationKind::kTable) out.push_back(t);
  }
  return out;
}

Value WatermarkValue(int64_t w) {
  return w == kNoWatermark ? Value::Null(DataType(TypeId::kTimestamp))
                           : Value::Int(TypeId::kTimestamp, w);
}

// Appends `row` to the last chunk of `out`, starting a new one at kChunkRows.
void AddRow(const std::vector<DataType>& types, const std::vector<Value>& row,
            std::vector<Chunk>* out) {
  if (out->empty() || out->back().num_rows >= kChunkRows) out->emplace_back(types);
  out->back().AppendRow(row);
}

Result<std::vector<Chunk>> LateRowsRows(Database& db, const std::vector<DataType>& types) {
  std::vector<Chunk> out;
  std::vector<Value> row(4);
  for (const TableInfoPtr& t : UserTables(db)) {
    if (t->watermark_column < 0) continue;
    row[0] = Value::String(t->name);
    KAPPA_RETURN_IF_ERROR(ScanLateRows(db.store(), t->id, [&](const LateRow& late) -> Status {
      row[1] = Value::String(late.row_text);
      row[2] = WatermarkValue(late.watermark);
      row[3] = Value::Int(TypeId::kInt64, static_cast<int64_t>(late.log_position));
      AddRow(types, row, &out);
      return Status::OK();
    }));
  }
  return out;
}

Result<std::vector<Chunk>> TableStatsRows(Database& db, const std::vector<DataType>& types) {
  std::vector<Chunk> out;
  for (const TableInfoPtr& t : UserTables(db)) {
    KAPPA_ASSIGN_OR_RETURN(uint64_t entries, db.store()->log().LastSeq(t->id));
    KAPPA_ASSIGN_OR_RETURN(LateState late, LoadLateState(db.store(), t->id));
    AddRow(types,
           {Value::String(t->name), Value::Int(TypeId::kInt64, static_cast<int64_t>(entries)),
            Value::Int(TypeId::kInt64, static_cast<int64_t>(late.late_rows)),
            t->watermark_column < 0 ? Value::Null(DataType(TypeId::kTimestamp))
                                    : WatermarkValue(late.watermark)},
           &out);
  }
  return out;
}

}  // namespace

void AddLateRowsTables(std::vector<SystemTable>* out) {
  {
    SystemTable t;
    t.info = SystemTableInfo(kLateRowsId, "late_rows",
                        {{"table_name", TypeId::kText},
                         {"row_data", TypeId::kText},
                         {"watermark", TypeId::kTimestamp},
                         {"log_position", TypeId::kInt64}});
    std::vector<DataType> types = t.info.Types();
    t.rows = [types](Database& db) { return LateRowsRows(db, types); };
    out->push_back(std::move(t));
  }
  {
    SystemTable t;
    t.info = SystemTableInfo(kTableStatsId, "table_stats",
                        {{"table_name", TypeId::kText},
                         {"log_entries", TypeId::kInt64},
                         {"late_rows", TypeId::kInt64},
                         {"watermark", TypeId::kTimestamp}});
    std::vector<DataType> types = t.info.Types();
    t.rows = [types](Database& db) { return TableStatsRows(db, types); };
    out->push_back(std::move(t));
  }
}

}  // namespace kappa
