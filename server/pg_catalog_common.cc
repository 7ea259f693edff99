#include "server/pg_catalog_common.h"

#include "sql/empty_relations.h"
#include "sql/role_catalog.h"

namespace kappa::pgcat {

void Rows::Add(const std::vector<Cell>& cells) {
  if (out_.empty() || out_.back().num_rows >= kChunkRows) out_.emplace_back(types_);
  std::vector<Value> row;
  row.reserve(types_.size());
  for (size_t c = 0; c < types_.size(); ++c) {
    const DataType& t = types_[c];
    const Cell& cell = c < cells.size() ? cells[c] : Cell();
    if (cell.kind == Cell::kNull) {
      row.push_back(Value::Null(t));
      continue;
    }
    switch (Physical(t)) {
      case PhysicalKind::kInt64:
        row.push_back(Value::Int(t.id, cell.kind == Cell::kFloat ? static_cast<int64_t>(cell.f)
                                                                 : cell.i));
        break;
      case PhysicalKind::kFloat64:
        row.push_back(Value::Float(t.id, cell.kind == Cell::kFloat ? cell.f
                                                                   : static_cast<double>(cell.i)));
        break;
      case PhysicalKind::kString:
        row.push_back(Value::String(cell.kind == Cell::kStr ? cell.s : std::to_string(cell.i), t));
        break;
      default:
        row.push_back(Value::Null(t));
        break;
    }
  }
  out_.back().AppendRow(row);
}

void AddRelation(std::vector<SystemTable>* out, uint64_t id, const char* schema, const char* name,
                 const Columns& columns, SessionRowsFn fill) {
  SystemTable t;
  t.info = SystemTableInfoIn(id, schema, name, columns);
  std::vector<DataType> types = t.info.Types();
  t.session_rows = [types, fill = std::move(fill)](
                       Database& db, const SystemScanContext& ctx) -> Result<std::vector<Chunk>> {
    Rows rows(types);
    KAPPA_RETURN_IF_ERROR(fill(db, ctx, &rows));
    return rows.Take();
  };
  out->push_back(std::move(t));
}

void AddEmptyRelation(std::vector<SystemTable>* out, uint64_t id, const char* schema,
                      const char* name, const Columns& columns) {
  AddRelation(out, id, schema, name, columns,
              [](Database&, const SystemScanContext&, Rows*) { return Status::OK(); });
  RegisterAlwaysEmptyRelation(id);
}

int64_t NamespaceOid(const std::string& schema) {
  if (schema == "pg_catalog") return kNsPgCatalog;
  if (schema == "public") return kNsPublic;
  if (schema == "information_schema") return kNsInformationSchema;
  if (schema == "kappa_catalog") return kNsKappaCatalog;
  return 0;
}

char RelKind(const TableInfo& t) {
  switch (t.kind) {
    case RelationKind::kTable: return 'r';
    case RelationKind::kMaterializedView: return 'm';
    case RelationKind::kView: return 'v';
    case RelationKind::kSystem: return t.id < 12000 ? 'r' : 'v';
    default: break;
  }
  return 'r';
}

int64_t OwnerOid(Database& db, const TableInfo& t) {
  if (t.kind == RelationKind::kSystem || db.roles() == nullptr) return kSuperuserOid;
  return db.roles()->Snapshot()->OwnerOf(t.id);
}

std::string SuperuserName(Database& db, const SystemScanContext& ctx) {
  if (db.roles() != nullptr) {
    RoleSnapshotPtr roles = db.roles()->Snapshot();
    if (RoleInfoPtr r = roles->FindByOid(static_cast<uint32_t>(kSuperuserOid))) return r->name;
  }
  return ctx.user;
}

int64_t ColumnTypeOid(const DataType& t) { return TypeOid(t.id); }

std::string ArrayText(const std::vector<std::string>& items) {
  std::string out = "{";
  for (size_t i = 0; i < items.size(); ++i) {
    if (i > 0) out += ',';
    const std::string& s = items[i];
    bool quote = s.empty();
    for (char c : s) {
      if (c == ',' || c == '"' || c == '\\' || c == '{' || c == '}' || c == ' ') quote = true;
    }
    if (!quote) {
      out += s;
      continue;
    }
    out += '"';
    for (char c : s) {
      if (c == '"' || c == '\\') out += '\\';
      out += c;
    }
    out += '"';
  }
  return out + "}";
}

std::vector<TableInfoPtr> AllRelations(Database& db) {
  std::vector<TableInfoPtr> out;
  for (TableInfoPtr& t : db.catalog()->Snapshot()->All()) {
    // Sinks are not relations: nothing can read them.
    if (t->kind == RelationKind::kTable || t->kind == RelationKind::kMaterializedView ||
        t->kind == RelationKind::kView || t->kind == RelationKind::kSystem) {
      out.push_back(std::move(t));
    }
  }
  return out;
}

std::string TableType(const TableInfo& t) {
  return RelKind(t) == 'r' ? "BASE TABLE" : "VIEW";
}

}  // namespace kappa::pgcat
