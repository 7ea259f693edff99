#include "server/statement_executor.h"
#include "server/connector_runner.h"
#include "server/view_engine.h"

#include <chrono>

#include "planner/logical_plan.h"
#include "planner/physical_planner.h"
#include "server/database.h"
#include "server/privileges.h"
#include "server/role_statements.h"
#include "server/session_settings.h"
#include "server/sink_statements.h"
#include "sql/binder/binder.h"
#include "storage/store.h"

namespace kappa {

int64_t CountRows(const std::vector<Chunk>& chunks) {
  int64_t n = 0;
  for (const auto& c : chunks) {
    for (int64_t w : c.weights) n += w;
  }
  return n;
}

namespace {
int64_t NowMicros() {
  return std::chrono::duration_cast<std::chrono::microseconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}
}  // namespace

StatementExecutor::StatementExecutor(SessionState* session, std::string_view text,
                                     std::vector<DataType> param_types,
                                     const std::vector<Value>* params)
    : session_(session),
      text_(text),
      param_types_(std::move(param_types)),
      params_(params),
      catalog_(session->db->catalog()->Snapshot()) {
  statement_time_us_ = session->transaction_status != 'I' && session->transaction_start_us != 0
                           ? session->transaction_start_us
                           : NowMicros();
}

EvalContext StatementExecutor::MakeEvalContext() const {
  EvalContext ctx;
  ctx.fn.statement_time_us = statement_time_us_;
  ctx.fn.timezone = "UTC";
  ctx.fn.user = session_->user;
  ctx.fn.database = session_->database;
  ctx.fn.settings = &session_->settings->values();
  ctx.params = params_;
  return ctx;
}

Result<TableInfoPtr> StatementExecutor::FindRelation(const ast::QualifiedName& name,
                                                     int location, const char* what) const {
  std::string schema = name.size() >= 2 ? name[name.size() - 2] : "";
  const std::string& rel = name.back();
  TableInfoPtr t = catalog_->Find(schema, rel);
  if (!t) {
    std::string full = schema.empty() ? rel : schema + "." + rel;
    return Status::Error(sqlstate::kUndefinedTable,
                         std::string(what) + " \"" + full + "\" does not exist", location);
  }
  return t;
}

Result<TableInfoPtr> StatementExecutor::FindWritableTable(const ast::QualifiedName& name,
                                                          int location, bool retracting) const {
  KAPPA_ASSIGN_OR_RETURN(TableInfoPtr t, FindRelation(name, location));
  if (t->kind == RelationKind::kMaterializedView) {
    return Status::Error(sqlstate::kWrongObjectType,
                         "cannot change materialized view \"" + t->name + "\"", location);
  }
  if (t->kind != RelationKind::kTable) {
    return Status::Error(sqlstate::kWrongObjectType,
                         "cannot change relation \"" + t->name + "\"", location);
  }
  if (std::string c = ConnectorOf(*t); !c.empty()) {
    return Status::Error(sqlstate::kWrongObjectType,
                         "cannot change table \"" + t->name + "\": it is fed by connector '" +
                             c + "'",
                         location)
        .WithHint("Rows of a connector table come from its source only.");
  }
  if (retracting && t->append_only) {
    return Status::NotSupported("cannot update or delete rows of append-only table \"" +
                                    t->name + "\"",
                                location)
        .WithHint("Tables with a WATERMARK or APPEND ONLY accept only INSERT.");
  }
  return t;
}

Status StatementExecutor::CheckPublicSchema(const ast::QualifiedName& name, int location) {
  if (name.size() >= 2 && name[name.size() - 2] != "public") {
    return Status::Error(sqlstate::kInvalidSchemaName,
                         "schema \"" + name[name.size() - 2] + "\" does not exist", location);
  }
  if (name.size() > 2) {
    return Status::NotSupported("cross-database references are not implemented", location);
  }
  return Status::OK();
}

namespace {

void CollectViews(const LogicalPlan& p, const CatalogSnapshot& snap, std::vector<uint64_t>* out) {
  if (p.kind == LogicalKind::kScan) {
    TableInfoPtr t = snap.FindById(p.table_id);
    if (t && t->kind == RelationKind::kMaterializedView) out->push_back(t->id);
  }
  for (const auto& c : p.children) CollectViews(*c, snap, out);
}

}  // namespace

Result<std::vector<Chunk>> StatementExecutor::RunPlan(const LogicalPlan& plan) {
  ExecContext ctx;
  ctx.store = session_->db->store();
  ctx.catalog = catalog_;
  ctx.eval = MakeEvalContext();
  ctx.cancel = &session_->cancel;
  std::vector<uint64_t> views;
  CollectViews(plan, *catalog_, &views);
  if (!views.empty()) {
    KAPPA_ASSIGN_OR_RETURN(ctx.views, session_->db->views()->Snapshot(views, &session_->cancel));
  }
  Database* db = session_->db;
  SessionState* ss = session_;
  ctx.system_rows = [db, ss](const TableInfo& t) {
    return db->SystemRows(t, ss->user, ss->database);
  };
  KAPPA_RETURN_IF_ERROR(CheckPlanPrivileges(session_->db, session_->user, plan, *catalog_));
  Result<std::vector<Chunk>> rows = RunBatchQuery(plan, ctx);
  if (!rows.ok()) return Status(rows.status()).WithoutPosition();
  return rows;
}

Result<StatementResult> StatementExecutor::Execute(const ast::Statement& stmt) {
  if (session_->transaction_status != 'I') {
    switch (stmt.kind) {
      case ast::StmtKind::kInsert:
      case ast::StmtKind::kUpdate:
      case ast::StmtKind::kDelete:
      case ast::StmtKind::kCreateTable:
      case ast::StmtKind::kDropTable:
        session_->wrote_in_transaction = true;
        break;
      default:
        break;
    }
  }
  KAPPA_RETURN_IF_ERROR(CheckStatementPrivileges(session_, *catalog_, stmt));
  switch (stmt.kind) {
    case ast::StmtKind::kSelect:
      return ExecSelect(static_cast<const ast::SelectStatement&>(stmt));
    case ast::StmtKind::kExplain:
      return ExecExplain(static_cast<const ast::ExplainStatement&>(stmt));
    case ast::StmtKind::kInsert:
      return ExecInsert(static_cast<const ast::InsertStatement&>(stmt));
    case ast::StmtKind::kUpdate:
      return ExecUpdate(static_cast<const ast::UpdateStatement&>(stmt));
    case ast::StmtKind::kDelete:
      return ExecDelete(static_cast<const ast::DeleteStatement&>(stmt));
    case ast::StmtKind::kCreateTable: {
      const auto& create = static_cast<const ast::CreateTableStatement&>(stmt);
      CatalogSnapshotPtr before = catalog_;
      Result<StatementResult> r = ExecCreateTable(create);
      return RecordOwner(session_, *before, create.name, std::move(r));
    }
    case ast::StmtKind::kDropTable:
      return ExecDropTable(static_cast<const ast::DropStatement&>(stmt));
    case ast::StmtKind::kShow:
      if (static_cast<const ast::ShowStatement&>(stmt).what == "sinks") {
        return ExecShowSinks(session_);
      }
      return ExecShow(static_cast<const ast::ShowStatement&>(stmt));
    case ast::StmtKind::kSet:
      return ExecSet(static_cast<const ast::SetStatement&>(stmt));
    case ast::StmtKind::kReset:
      return ExecReset(static_cast<const ast::ResetStatement&>(stmt));
    case ast::StmtKind::kTransaction:
      return ExecTransaction(static_cast<const ast::TransactionStatement&>(stmt));
    case ast::StmtKind::kFlush:
      return ExecFlush();
    case ast::StmtKind::kDiscard: {
      session_->settings->ResetAll();
      session_->cursors.clear();
      StatementResult r;
      r.tag = "DISCARD ALL";
      return r;
    }
    case ast::StmtKind::kUnlisten: {
      StatementResult r;
      r.tag = "UNLISTEN";
      return r;
    }
    case ast::StmtKind::kEmpty: {
      StatementResult r;
      r.empty_query = true;
      return r;
    }
    case ast::StmtKind::kCreateMaterializedView:
    case ast::StmtKind::kCreateView: {
      const auto& create = static_cast<const ast::CreateViewStatement&>(stmt);
      CatalogSnapshotPtr before = catalog_;
      Result<StatementResult> r = ExecCreateMaterializedView(create);
      return RecordOwner(session_, *before, create.name, std::move(r));
    }
    case ast::StmtKind::kCreateRole:
    case ast::StmtKind::kAlterRole:
    case ast::StmtKind::kDropRole:
    case ast::StmtKind::kGrant:
      return ExecuteRoleStatement(session_, *catalog_, stmt);
    case ast::StmtKind::kDropView:
      return ExecDropView(static_cast<const ast::DropStatement&>(stmt));
    case ast::StmtKind::kCreateSink: {
      auto r = ExecCreateSink(session_, static_cast<const ast::CreateSinkStatement&>(stmt));
      catalog_ = session_->db->catalog()->Snapshot();
      return r;
    }
    case ast::StmtKind::kDropSink: {
      auto r = ExecDropSink(session_, static_cast<const ast::DropStatement&>(stmt));
      catalog_ = session_->db->catalog()->Snapshot();
      return r;
    }
    case ast::StmtKind::kDeclareCursor:
      return ExecDeclareCursor(static_cast<const ast::DeclareCursorStatement&>(stmt));
    case ast::StmtKind::kFetch:
      return ExecFetch(static_cast<const ast::FetchStatement&>(stmt));
    case ast::StmtKind::kClose:
      return ExecClose(static_cast<const ast::CloseStatement&>(stmt));
    case ast::StmtKind::kCopy:
      return ExecCopy(static_cast<const ast::CopyStatement&>(stmt));
    case ast::StmtKind::kSubscribe:
      return ExecSubscribe(static_cast<const ast::SubscribeStatement&>(stmt));
  }
  return Status::Internal("unknown statement kind");
}

Result<std::vector<ResultColumn>> StatementExecutor::Describe(const ast::Statement& stmt) {
  std::vector<ResultColumn> cols;
  BindContext ctx;
  ctx.catalog = catalog_;
  ctx.param_types = param_types_;
  switch (stmt.kind) {
    case ast::StmtKind::kSelect: {
      KAPPA_ASSIGN_OR_RETURN(
          BoundQuery q, BindQuery(*static_cast<const ast::SelectStatement&>(stmt).select, ctx));
      for (const auto& c : q.plan->columns) cols.push_back({c.name, c.type});
      break;
    }
    case ast::StmtKind::kInsert: {
      const auto& ins = static_cast<const ast::InsertStatement&>(stmt);
      KAPPA_ASSIGN_OR_RETURN(TableInfoPtr t, FindWritableTable(ins.table, ins.location, false));
      std::vector<DataType> types;
      std::vector<std::string> names;
      std::vector<std::string> default_sql;  // for DEFAULT items in VALUES
      if (ins.columns.empty()) {
        // As at execution (dml_statements.cc): a VALUES list fills the
        // leading columns; the rest take their defaults.
        size_t width = t->columns.size();
        if (ins.source && !ins.source->values_rows.empty() && ins.source->ctes.empty()) {
          width = std::min(width, ins.source->values_rows[0].size());
        }
        for (size_t i = 0; i < width; ++i) {
          const ColumnInfo& c = t->columns[i];
          types.push_back(c.type);
          names.push_back(c.name);
          default_sql.push_back(c.default_sql);
        }
      } else {
        for (const auto& n : ins.columns) {
          int c = t->FindColumn(n);
          if (c < 0) {
            return Status::Error(sqlstate::kUndefinedColumn,
                                 "column \"" + n + "\" of relation \"" + t->name +
                                     "\" does not exist",
                                 ins.location);
          }
          types.push_back(t->columns[c].type);
          names.push_back(n);
          default_sql.push_back(t->columns[c].default_sql);
        }
      }
      if (ins.source) {
        KAPPA_ASSIGN_OR_RETURN(BoundQuery q,
                               BindInsertSource(*ins.source, types, names, ctx, &default_sql));
        (void)q;
      }
      if (!ins.returning.empty()) {
        // Column set only: RETURNING types are bound at execution.
        StatementResult tmp;
        KAPPA_RETURN_IF_ERROR(Returning(ins.returning, *t, "", {}, &tmp));
        cols = tmp.columns;
      }
      break;
    }
    case ast::StmtKind::kUpdate: {
      const auto& up = static_cast<const ast::UpdateStatement&>(stmt);
      KAPPA_ASSIGN_OR_RETURN(TableInfoPtr t, FindWritableTable(up.table, up.location, true));
      if (up.where) {
        KAPPA_ASSIGN_OR_RETURN(BoundExprPtr e,
                               BindRowCondition(*up.where, *t, up.alias, "WHERE", ctx));
        (void)e;
      }
      for (const auto& a : up.assignments) {
        int c = t->FindColumn(a.column);
        if (c < 0 || !a.value) continue;
        KAPPA_ASSIGN_OR_RETURN(BoundExprPtr e, BindRowExpression(*a.value, *t, up.alias, ctx));
        KAPPA_ASSIGN_OR_RETURN(e, CoerceToColumn(std::move(e), t->columns[c].type, a.column, ctx));
        (void)e;
      }
      if (!up.returning.empty()) {
        StatementResult tmp;
        KAPPA_RETURN_IF_ERROR(Returning(up.returning, *t, up.alias, {}, &tmp));
        cols = tmp.columns;
      }
      break;
    }
    case ast::StmtKind::kDelete: {
      const auto& del = static_cast<const ast::DeleteStatement&>(stmt);
      KAPPA_ASSIGN_OR_RETURN(TableInfoPtr t, FindWritableTable(del.table, del.location, true));
      if (del.where) {
        KAPPA_ASSIGN_OR_RETURN(BoundExprPtr e,
                               BindRowCondition(*del.where, *t, del.alias, "WHERE", ctx));
        (void)e;
      }
      if (!del.returning.empty()) {
        StatementResult tmp;
        KAPPA_RETURN_IF_ERROR(Returning(del.returning, *t, del.alias, {}, &tmp));
        cols = tmp.columns;
      }
      break;
    }
    case ast::StmtKind::kShow: {
      // SHOW returns one text column (SHOW ALL three, SHOW TABLES one).
      const auto& show = static_cast<const ast::ShowStatement&>(stmt);
      if (show.what == "all") {
        cols = {{"name", DataType(TypeId::kText)},
                {"setting", DataType(TypeId::kText)},
                {"description", DataType(TypeId::kText)}};
      } else if (show.what == "tables" || show.what == "materialized views") {
        cols = {{"Name", DataType(TypeId::kText)}};
      } else {
        std::string name = show.what == "transaction isolation level" ? "transaction_isolation"
                                                                      : show.what;
        cols = {{session_->settings->DisplayName(name), DataType(TypeId::kText)}};
      }
      break;
    }
    case ast::StmtKind::kExplain:
      cols = {{"QUERY PLAN", DataType(TypeId::kText)}};
      break;
    case ast::StmtKind::kFetch: {
      // FETCH returns the cursor's row shape (none for MOVE, or when the
      // cursor does not exist yet).
      const auto& fetch = static_cast<const ast::FetchStatement&>(stmt);
      auto it = session_->cursors.find(fetch.cursor);
      if (!fetch.move && it != session_->cursors.end()) cols = it->second.columns;
      break;
    }
    default:
      break;
  }
  FinalizeParamTypes(ctx);
  param_types_ = ctx.param_types;
  return cols;
}

}  // namespace kappa
