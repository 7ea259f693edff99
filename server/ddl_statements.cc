// CREATE TABLE and DROP TABLE.
#include <cctype>
#include <mutex>
#include <unordered_set>

#include "planner/logical_plan.h"
#include "server/connector_runner.h"
#include "server/database.h"
#include "server/statement_executor.h"
#include "server/table_writer.h"
#include "sql/binder/binder.h"
#include "storage/late_rows.h"
#include "storage/store.h"
#include "storage/table_log.h"

namespace kappa {
namespace {

Result<DataType> ColumnType(const ast::TypeName& t) {
  if (t.is_array) {
    return Status::NotSupported("array columns are not supported yet", t.location);
  }
  if (t.type.id == TypeId::kUnknown) {
    return Status::Error(sqlstate::kUndefinedObject,
                         "type \"" + t.spelling + "\" does not exist", t.location);
  }
  if (t.type.id == TypeId::kNumeric && t.type.precision != -1) {
    if (t.type.precision < 1 || t.type.precision > 38) {
      return Status::Error(sqlstate::kInvalidParameterValue,
                           "NUMERIC precision " + std::to_string(t.type.precision) +
                               " must be between 1 and 38",
                           t.location);
    }
    if (t.type.scale > t.type.precision || t.type.scale < 0) {
      return Status::Error(sqlstate::kInvalidParameterValue,
                           "NUMERIC scale " + std::to_string(t.type.scale) +
                               " must be between 0 and precision " +
                               std::to_string(t.type.precision),
                           t.location);
    }
  }
  if (t.type.id == TypeId::kVarchar && t.type.length == 0) {
    return Status::Error(sqlstate::kInvalidParameterValue,
                         "length for type varchar must be at least 1", t.location);
  }
  return t.type;
}

}  // namespace

Result<StatementResult> StatementExecutor::ExecCreateTable(const ast::CreateTableStatement& stmt) {
  KAPPA_RETURN_IF_ERROR(CheckPublicSchema(stmt.name, stmt.location));
  bool has_connector = false;
  std::string connector;
  for (const auto& opt : stmt.with_options) {
    if (opt.key == "connector") {
      has_connector = true;
      connector = opt.value;
    }
  }
  if (!has_connector && (!stmt.format.empty() || !stmt.encode.empty())) {
    return Status::Error(sqlstate::kSyntaxError, "FORMAT/ENCODE need a connector", stmt.location)
        .WithHint("Add WITH (connector = '...').");
  }
  if (!stmt.includes.empty() && connector != "kafka") {
    return Status::Error(sqlstate::kSyntaxError,
                         "INCLUDE is only allowed for tables with connector = 'kafka'",
                         stmt.location);
  }
  if (has_connector && stmt.as_select) {
    return Status::Error(sqlstate::kSyntaxError,
                         "CREATE TABLE AS cannot have a connector", stmt.location);
  }
  TableInfo info;
  info.name = stmt.name.back();
  info.kind = RelationKind::kTable;
  for (const auto& opt : stmt.with_options) info.options.emplace_back(opt.key, opt.value);
  info.format = stmt.format;
  info.encode = stmt.encode;
  for (const auto& opt : stmt.encode_options) info.encode_options.emplace_back(opt.key, opt.value);

  StatementResult r;
  r.tag = "CREATE TABLE";
  std::unique_ptr<BoundQuery> as_query;
  if (stmt.as_select) {
    BindContext ctx;
    ctx.catalog = catalog_;
    ctx.param_types = param_types_;
    ctx.param_values = params_;
    KAPPA_ASSIGN_OR_RETURN(BoundQuery q, BindQuery(*stmt.as_select, ctx));
    for (const auto& c : q.plan->columns) {
      ColumnInfo col;
      col.name = c.name;
      col.type = c.type.id == TypeId::kUnknown ? DataType(TypeId::kText) : c.type;
      info.columns.push_back(col);
    }
    as_query = std::make_unique<BoundQuery>(std::move(q));
  }
  std::unordered_set<std::string> names;
  for (const auto& c : info.columns) {
    if (!names.insert(c.name).second) {
      return Status::Error(sqlstate::kDuplicateColumn,
                           "column \"" + c.name + "\" specified more than once", stmt.location);
    }
  }
  for (const auto& def : stmt.columns) {
    if (!names.insert(def.name).second) {
      return Status::Error(sqlstate::kDuplicateColumn,
                           "column \"" + def.name + "\" specified more than once", def.location);
    }
    ColumnInfo col;
    col.name = def.name;
    KAPPA_ASSIGN_OR_RETURN(col.type, ColumnType(def.type));
    col.not_null = def.not_null || def.primary_key;
    if (def.default_value) {
      col.default_sql = def.default_sql;
      if (col.default_sql.empty()) {
        return Status::Internal("DEFAULT expression text missing");
      }
    }
    info.columns.push_back(col);
  }
  // Kafka INCLUDE columns (RisingWave's INCLUDE partition|offset|timestamp|key [AS col]):
  // filled from each message, after the declared columns.
  for (const auto& inc : stmt.includes) {
    std::string what = inc.what;
    for (char& ch : what) ch = static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
    ColumnInfo col;
    if (what == "partition") {
      col.type = DataType(TypeId::kInt32);
    } else if (what == "offset") {
      col.type = DataType(TypeId::kInt64);
    } else if (what == "timestamp") {
      col.type = DataType(TypeId::kTimestampTz);
    } else if (what == "key") {
      col.type = DataType(TypeId::kText);
    } else {
      return Status::Error(sqlstate::kSyntaxError,
                           "INCLUDE " + inc.what + " is not supported", stmt.location)
          .WithHint("A Kafka table can INCLUDE partition, offset, timestamp and key.");
    }
    col.name = inc.alias.empty() ? "_rw_kafka_" + what : inc.alias;
    if (!names.insert(col.name).second) {
      return Status::Error(sqlstate::kDuplicateColumn,
                           "column \"" + col.name + "\" specified more than once", stmt.location);
    }
    info.includes.emplace_back(what, static_cast<int>(info.columns.size()));
    info.columns.push_back(col);
  }
  if (info.columns.empty()) {
    return Status::NotSupported("tables without columns are not supported", stmt.location);
  }
  // PRIMARY KEY: the parser merged the column-level and table-level forms
  // (and rejected a second one).
  const std::vector<std::string>& pk = stmt.primary_key;
  for (const auto& name : pk) {
    int c = info.FindColumn(name);
    if (c < 0) {
      return Status::Error(sqlstate::kUndefinedColumn,
                           "column \"" + name + "\" named in key does not exist", stmt.location);
    }
    for (int existing : info.primary_key) {
      if (existing == c) {
        return Status::Error(sqlstate::kDuplicateColumn,
                             "column \"" + name + "\" appears twice in primary key constraint",
                             stmt.location);
      }
    }
    info.primary_key.push_back(c);
    info.columns[c].not_null = true;
  }
  info.append_only = stmt.append_only;
  if (stmt.watermark) {
    int c = info.FindColumn(stmt.watermark->column);
    if (c < 0) {
      return Status::Error(sqlstate::kUndefinedColumn,
                           "column \"" + stmt.watermark->column + "\" does not exist",
                           stmt.watermark->location);
    }
    TypeId id = info.columns[c].type.id;
    if (id != TypeId::kTimestamp && id != TypeId::kTimestampTz) {
      return Status::Error(sqlstate::kDatatypeMismatch,
                           "WATERMARK column \"" + stmt.watermark->column +
                               "\" must be of type timestamp or timestamptz, not " +
                               TypeName(info.columns[c].type),
                           stmt.watermark->location);
    }
    info.watermark_column = c;
    info.watermark_sql = stmt.watermark->expr_sql;
    info.append_only = true;
    // Validate the expression now (42703, 42883, 42804 at CREATE).
    BindContext wctx;
    wctx.catalog = catalog_;
    Result<BoundExprPtr> wexpr = BindWatermark(info, wctx);
    if (!wexpr.ok()) {
      Status st = wexpr.status();
      return st.WithPosition(stmt.watermark->location);
    }
  }
  // A connector's options are checked now; its rows only ever arrive.
  if (has_connector) {
    Status st = ValidateConnector(info);
    if (!st.ok()) return st.WithoutPosition();
    // FORMAT UPSERT replaces and deletes rows; every other source only appends.
    info.append_only = info.format != "UPSERT";
  }
  // Validate defaults by binding them now (42703, 42804, 42883 at CREATE).
  for (size_t c = 0; c < info.columns.size(); ++c) {
    if (info.columns[c].default_sql.empty()) continue;
    KAPPA_ASSIGN_OR_RETURN(Value v, DefaultValue(info, static_cast<int>(c)));
    (void)v;
  }

  TableInfoPtr created;
  {
    std::lock_guard<std::mutex> lock(session_->db->ddl_mutex());
    CatalogSnapshotPtr now = session_->db->catalog()->Snapshot();
    if (now->Find("public", info.name)) {
      if (stmt.if_not_exists) {
        r.notices.push_back({"NOTICE", sqlstate::kDuplicateTable,
                             "relation \"" + info.name + "\" already exists, skipping"});
        return r;
      }
      return Status::Error(sqlstate::kDuplicateTable,
                           "relation \"" + info.name + "\" already exists");
    }
    KAPPA_ASSIGN_OR_RETURN(created, session_->db->catalog()->Create(std::move(info)));
  }
  catalog_ = session_->db->catalog()->Snapshot();
  KAPPA_RETURN_IF_ERROR(session_->db->connectors()->Start(created));
  if (as_query) {
    KAPPA_ASSIGN_OR_RETURN(std::vector<Chunk> rows, RunPlan(*as_query->plan));
    const std::vector<DataType> types = created->Types();
    Chunk changes(types);
    for (auto& chunk : rows) {
      for (size_t c = 0; c < types.size(); ++c) chunk.columns[c].type = types[c];
      for (size_t row = 0; row < chunk.num_rows; ++row) changes.AppendRowFrom(chunk, row);
    }
    auto writer = session_->db->Writer(created);
    auto lock = writer->Lock();
    KAPPA_RETURN_IF_ERROR(writer->Apply(changes));
    r.tag = "SELECT " + std::to_string(CountRows(rows));
  }
  return r;
}

Result<StatementResult> StatementExecutor::ExecDropTable(const ast::DropStatement& stmt) {
  StatementResult r;
  r.tag = "DROP TABLE";
  std::lock_guard<std::mutex> lock(session_->db->ddl_mutex());
  CatalogSnapshotPtr now = session_->db->catalog()->Snapshot();
  std::vector<TableInfoPtr> victims;
  for (const auto& name : stmt.names) {
    KAPPA_RETURN_IF_ERROR(CheckPublicSchema(name, stmt.location));
    TableInfoPtr t = now->Find(name.size() >= 2 ? name[0] : "", name.back());
    if (!t) {
      if (stmt.if_exists) {
        r.notices.push_back({"NOTICE", "00000",
                             "table \"" + name.back() + "\" does not exist, skipping"});
        continue;
      }
      return Status::Error(sqlstate::kUndefinedTable,
                           "table \"" + name.back() + "\" does not exist");
    }
    if (t->kind != RelationKind::kTable) {
      Status s = Status::Error(sqlstate::kWrongObjectType,
                               "\"" + t->name + "\" is not a table", stmt.location);
      if (t->kind == RelationKind::kMaterializedView) {
        s.WithHint("Use DROP MATERIALIZED VIEW to remove a materialized view.");
      }
      return s;
    }
    if (!stmt.cascade) KAPPA_RETURN_IF_ERROR(CheckNoDependents(*now, *t, stmt.location));
    victims.push_back(t);
  }
  std::vector<uint64_t> ids;
  for (const auto& t : victims) ids.push_back(t->id);
  for (const auto& d : DependentViews(*now, ids)) {
    r.notices.push_back({"NOTICE", "00000", "drop cascades to materialized view " + d->name});
    KAPPA_RETURN_IF_ERROR(DropView(*d));
  }
  for (const auto& t : victims) {
    // Stop the table's connector, then take the writer's lock so no INSERT
    // is half-way through.
    session_->db->connectors()->Stop(t->id, /*forget=*/true);
    auto writer = session_->db->Writer(t);
    auto wlock = writer->Lock();
    KAPPA_RETURN_IF_ERROR(session_->db->catalog()->Drop(t->id));
    KAPPA_RETURN_IF_ERROR(session_->db->store()->log().Drop(t->id));
    KAPPA_RETURN_IF_ERROR(DropLateRows(session_->db->store(), t->id));
    session_->db->DropWriter(t->id);
  }
  catalog_ = session_->db->catalog()->Snapshot();
  return r;
}

}  // namespace kappa
