#include "server/system_tables.h"

namespace kappa {

TableInfo SystemTableInfo(uint64_t id, const std::string& name,
                          const std::vector<std::pair<std::string, TypeId>>& columns) {
  TableInfo info;
  info.id = id;
  info.schema = "kappa_catalog";
  info.name = name;
  info.kind = RelationKind::kSystem;
  for (const auto& [n, t] : columns) {
    ColumnInfo c;
    c.name = n;
    c.type = DataType(t);
    info.columns.push_back(c);
  }
  return info;
}

TableInfo SystemTableInfoIn(uint64_t id, const std::string& schema, const std::string& name,
                            const std::vector<std::pair<std::string, DataType>>& columns) {
  TableInfo info;
  info.id = id;
  info.schema = schema;
  info.name = name;
  info.kind = RelationKind::kSystem;
  for (const auto& [n, t] : columns) {
    ColumnInfo c;
    c.name = n;
    c.type = t;
    info.columns.push_back(c);
  }
  return info;
}

std::vector<SystemTable> AllSystemTables() {
  std::vector<SystemTable> out;
  AddLateRowsTables(&out);
  AddViewTables(&out);
  AddSourceTables(&out);
  AddSinkTables(&out);
  AddPgCatalogTables(&out);
  AddPgCatalogEmptyTables(&out);
  AddPgCatalogViews(&out);
  AddInformationSchemaTables(&out);
  AddSeriesTable(&out);
  return out;
}

}  // namespace kappa
