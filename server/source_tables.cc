// kappa_catalog.source_errors and kappa_catalog.sources (server/system_tables.h):
// the records of connector tables that did not decode (server/source_errors.h)
// and each connector feed's state (server/connector_runner.h).
#include <string>
#include <vector>

#include "server/connector_runner.h"
#include "server/database.h"
#include "server/source_errors.h"
#include "server/system_tables.h"

namespace kappa {
namespace {

constexpr uint64_t kSourceErrorsId = 9200;
constexpr uint64_t kSourcesId = 9201;

void AddRow(const std::vector<DataType>& types, const std::vector<Value>& row,
            std::vector<Chunk>* out) {
  if (out->empty() || out->back().num_rows >= kChunkRows) out->emplace_back(types);
  out->back().AppendRow(row);
}

std::string OptionOf(const TableInfo& t, const std::string& key) {
  for (const auto& [k, v] : t.options) {
    if (k == key) return v;
  }
  return "";
}

Result<std::vector<Chunk>> SourceErrorsRows(Database& db, const std::vector<DataType>& types) {
  std::vector<Chunk> out;
  std::vector<Value> row(7);
  for (const TableInfoPtr& t : db.catalog()->Snapshot()->All()) {
    if (t->kind != RelationKind::kTable || ConnectorOf(*t).empty()) continue;
    row[0] = Value::String(t->name);
    const std::string topic = OptionOf(*t, "topic");
    row[1] = topic.empty() ? Value::Null(DataType(TypeId::kText)) : Value::String(topic);
    KAPPA_RETURN_IF_ERROR(
        ScanSourceErrors(db.store(), t->id, [&](const SourceErrorRecord& e) -> Status {
          row[2] = Value::Int(TypeId::kInt32, e.partition);
          row[3] = Value::Int(TypeId::kInt64, e.offset);
          row[4] = Value::String(e.raw);
          row[5] = Value::String(e.error);
          row[6] = Value::Int(TypeId::kTimestampTz, e.read_at_micros);
          AddRow(types, row, &out);
          return Status::OK();
        }));
  }
  return out;
}

Result<std::vector<Chunk>> SourcesRows(Database& db, const std::vector<DataType>& types) {
  std::vector<Chunk> out;
  for (const SourceStatus& s : db.connectors()->Statuses()) {
    auto text_or_null = [](const std::string& v) {
      return v.empty() ? Value::Null(DataType(TypeId::kText)) : Value::String(v);
    };
    const bool kafka = s.connector == "kafka";
    AddRow(types,
           {Value::String(s.table_name), Value::String(s.connector), text_or_null(s.topic),
            Value::String(s.state), text_or_null(s.error),
            Value::Int(TypeId::kInt64, s.records), Value::Int(TypeId::kInt64, s.bad_records),
            kafka ? Value::Int(TypeId::kInt32, s.partitions) : Value::Null(DataType(TypeId::kInt32)),
            kafka && s.lag >= 0 ? Value::Int(TypeId::kInt64, s.lag)
                                : Value::Null(DataType(TypeId::kInt64))},
           &out);
  }
  return out;
}

}  // namespace

void AddSourceTables(std::vector<SystemTable>* out) {
  {
    SystemTable t;
    t.info = SystemTableInfo(kSourceErrorsId, "source_errors",
                             {{"table_name", TypeId::kText},
                              {"topic", TypeId::kText},
                              {"partition", TypeId::kInt32},
                              {"offset", TypeId::kInt64},
                              {"raw", TypeId::kText},
                              {"error", TypeId::kText},
                              {"read_at", TypeId::kTimestampTz}});
    std::vector<DataType> types = t.info.Types();
    t.rows = [types](Database& db) { return SourceErrorsRows(db, types); };
    out->push_back(std::move(t));
  }
  {
    SystemTable t;
    t.info = SystemTableInfo(kSourcesId, "sources",
                             {{"table_name", TypeId::kText},
                              {"connector", TypeId::kText},
                              {"topic", TypeId::kText},
                              {"state", TypeId::kText},
                              {"error", TypeId::kText},
                              {"records", TypeId::kInt64},
                              {"bad_records", TypeId::kInt64},
                              {"partitions", TypeId::kInt32},
                              {"lag", TypeId::kInt64}});
    std::vector<DataType> types = t.info.Types();
    t.rows = [types](Database& db) { return SourcesRows(db, types); };
    out->push_back(std::move(t));
  }
}

}  // namespace kappa
