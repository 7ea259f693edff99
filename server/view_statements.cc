// CREATE/DROP MATERIALIZED VIEW, FLUSH, and dropping the views that depend
// on a dropped relation (DROP ... CASCADE). The views themselves run in the
// ViewEngine (server/view_engine.h).
#include <algorithm>
#include <map>
#include <mutex>
#include <set>

#include "server/database.h"
#include "server/statement_executor.h"
#include "server/view_compiler.h"
#include "server/view_engine.h"
#include "server/sink_runner.h"
#include "storage/store.h"

namespace kappa {

namespace {


const char* KindNoun(RelationKind k) {
  switch (k) {
    case RelationKind::kTable: return "table";
    case RelationKind::kMaterializedView: return "materialized view";
    case RelationKind::kView: return "view";
    case RelationKind::kSystem: return "system relation";
    case RelationKind::kSink: return "sink";
  }
  return "relation";
}

}  // namespace

std::vector<TableInfoPtr> StatementExecutor::DependentViews(const CatalogSnapshot& snap,
                                                            const std::vector<uint64_t>& ids) {
  std::set<uint64_t> closed(ids.begin(), ids.end());
  std::vector<TableInfoPtr> out;
  bool grew = true;
  std::vector<TableInfoPtr> all = snap.All();
  for (const TableInfoPtr& sink : snap.Sinks()) all.push_back(sink);  // sinks depend too
  while (grew) {
    grew = false;
    for (const TableInfoPtr& t : all) {
      if (closed.count(t->id)) continue;
      for (uint64_t d : t->depends_on) {
        if (closed.count(d)) {
          closed.insert(t->id);
          out.push_back(t);
          grew = true;
          break;
        }
      }
    }
  }
  // Newest first: a view only depends on older relations.
  std::sort(out.begin(), out.end(), [](const TableInfoPtr& a, const TableInfoPtr& b) {
    return a->id > b->id;
  });
  return out;
}

Status StatementExecutor::CheckNoDependents(const CatalogSnapshot& snap, const TableInfo& t,
                                            int /*location*/) {
  std::vector<TableInfoPtr> all = snap.All();
  for (const TableInfoPtr& sink : snap.Sinks()) all.push_back(sink);  // sinks depend too
  for (const TableInfoPtr& other : all) {
    for (uint64_t dep : other->depends_on) {
      if (dep != t.id) continue;
      return Status::Error(sqlstate::kDependentObjectsStillExist,
                           std::string("cannot drop ") + KindNoun(t.kind) + " " + t.name +
                               " because other objects depend on it")
          .WithDetail(std::string(KindNoun(other->kind)) + " " + other->name + " depends on " +
                      KindNoun(t.kind) + " " + t.name)
          .WithHint("Use DROP ... CASCADE to drop the dependent objects too.");
    }
  }
  return Status::OK();
}

Status StatementExecutor::DropView(const TableInfo& view) {
  if (view.kind == RelationKind::kSink) {  // DROP ... CASCADE of a sink's view
    KAPPA_RETURN_IF_ERROR(session_->db->sinks()->Drop(view.id));
    return session_->db->catalog()->Drop(view.id);
  }
  KAPPA_RETURN_IF_ERROR(session_->db->catalog()->Drop(view.id));
  return session_->db->views()->DropView(view.id);
}

Result<StatementResult> StatementExecutor::ExecCreateMaterializedView(
    const ast::CreateViewStatement& stmt) {
  StatementResult r;
  r.tag = "CREATE MATERIALIZED VIEW";
  if (!stmt.materialized) {
    return Status::NotSupported("CREATE VIEW is not supported yet; use CREATE MATERIALIZED VIEW",
                                stmt.location);
  }
  if (stmt.or_replace) {
    return Status::NotSupported("CREATE OR REPLACE MATERIALIZED VIEW is not supported",
                                stmt.location);
  }
  KAPPA_RETURN_IF_ERROR(CheckPublicSchema(stmt.name, stmt.location));
  if (session_->transaction_status != 'I') {
    return Status::Error(sqlstate::kActiveSqlTransaction,
                         "CREATE MATERIALIZED VIEW cannot run inside a transaction block");
  }
  std::unique_lock<std::mutex> lock(session_->db->ddl_mutex());
  CatalogSnapshotPtr now = session_->db->catalog()->Snapshot();
  const std::string& name = stmt.name.back();
  if (TableInfoPtr existing = now->Find("public", name)) {
    if (stmt.if_not_exists) {
      r.notices.push_back({"NOTICE", "42P07",
                           "relation \"" + name + "\" already exists, skipping"});
      return r;
    }
    return Status::Error(sqlstate::kDuplicateTable,
                         "relation \"" + name + "\" already exists");
  }
  if (stmt.query_text_end <= stmt.query_text_begin || stmt.query_text_end > text_.size()) {
    return Status::Internal("the view's query text is missing");
  }
  std::string sql(text_.substr(stmt.query_text_begin, stmt.query_text_end - stmt.query_text_begin));
  Result<BoundQuery> bound = BindViewDefinition(sql, now);
  if (!bound.ok()) {
    // Positions are relative to the query text: shift them to the statement's.
    Status st = bound.status();
    if (st.position() > 0) st.WithPosition(st.position() + static_cast<int>(stmt.query_text_begin));
    return st;
  }
  BoundQuery q = std::move(bound).value();
  TableInfo info;
  info.schema = "public";
  info.name = name;
  info.kind = RelationKind::kMaterializedView;
  info.definition_sql = sql;
  info.emit_on_window_close = stmt.emit_on_window_close;
  if (stmt.column_aliases.size() > q.plan->columns.size()) {
    return Status::Error(sqlstate::kSyntaxError,
                         "too many column names were specified", stmt.location);
  }
  std::set<std::string> seen;
  for (size_t i = 0; i < q.plan->columns.size(); ++i) {
    ColumnInfo c;
    c.name = i < stmt.column_aliases.size() ? stmt.column_aliases[i] : q.plan->columns[i].name;
    c.type = q.plan->columns[i].type;
    if (!seen.insert(c.name).second) {
      return Status::Error(sqlstate::kDuplicateColumn,
                           "column \"" + c.name + "\" specified more than once")
          .WithHint("Give the columns distinct names with AS.");
    }
    info.columns.push_back(c);
  }
  std::set<uint64_t> deps(q.referenced_tables.begin(), q.referenced_tables.end());
  for (uint64_t d : deps) {
    TableInfoPtr t = now->FindById(d);
    if (t && t->kind == RelationKind::kSystem) {
      return Status::NotSupported("a materialized view cannot read the system relation \"" +
                                  t->schema + "." + t->name + "\"");
    }
    if (t && t->kind != RelationKind::kSystem) info.depends_on.push_back(d);
  }
  // Build before creating anything: unsupported shapes fail here.
  KAPPA_ASSIGN_OR_RETURN(std::unique_ptr<Dataflow> df,
                         BuildViewDataflow(*q.plan, info.emit_on_window_close,
                                           session_->db->store(), now));
  std::vector<uint64_t> upstream_views;
  for (uint64_t d : info.depends_on) {
    TableInfoPtr t = now->FindById(d);
    if (t && t->kind == RelationKind::kMaterializedView) upstream_views.push_back(d);
  }
  KAPPA_ASSIGN_OR_RETURN(TableInfoPtr created, session_->db->catalog()->Create(std::move(info)));
  // The backfill runs without the DDL lock: other DDL goes on meanwhile (a
  // DROP ... CASCADE of what this view reads stops the backfill first).
  lock.unlock();
  Status st = Status::OK();
  if (!upstream_views.empty()) {
    // Views this one reads must be running (not still backfilling).
    Result<std::shared_ptr<const ViewSnapshot>> ready =
        session_->db->views()->Snapshot(upstream_views, &session_->cancel);
    if (!ready.ok()) st = ready.status();
  }
  if (st.ok()) st = session_->db->views()->AddView(created, std::move(df), &session_->cancel);
  if (!st.ok()) {
    (void)DropView(*created);
    catalog_ = session_->db->catalog()->Snapshot();
    return st.WithoutPosition();
  }
  catalog_ = session_->db->catalog()->Snapshot();
  return r;
}

Result<StatementResult> StatementExecutor::ExecDropView(const ast::DropStatement& stmt) {
  StatementResult r;
  r.tag = stmt.materialized ? "DROP MATERIALIZED VIEW" : "DROP VIEW";
  std::lock_guard<std::mutex> lock(session_->db->ddl_mutex());
  CatalogSnapshotPtr now = session_->db->catalog()->Snapshot();
  const char* noun = stmt.materialized ? "materialized view" : "view";
  std::vector<TableInfoPtr> victims;
  for (const auto& name : stmt.names) {
    KAPPA_RETURN_IF_ERROR(CheckPublicSchema(name, stmt.location));
    TableInfoPtr t = now->Find(name.size() >= 2 ? name[0] : "public", name.back());
    if (!t) {
      if (stmt.if_exists) {
        r.notices.push_back({"NOTICE", "00000", std::string(noun) + " \"" + name.back() +
                                                    "\" does not exist, skipping"});
        continue;
      }
      return Status::Error(sqlstate::kUndefinedTable,
                           std::string(noun) + " \"" + name.back() + "\" does not exist");
    }
    RelationKind want = stmt.materialized ? RelationKind::kMaterializedView : RelationKind::kView;
    if (t->kind != want) {
      Status s = Status::Error(sqlstate::kWrongObjectType,
                               "\"" + t->name + "\" is not a " + noun, stmt.location);
      if (t->kind == RelationKind::kMaterializedView) {
        s.WithHint("Use DROP MATERIALIZED VIEW to remove a materialized view.");
      } else if (t->kind == RelationKind::kTable) {
        s.WithHint("Use DROP TABLE to remove a table.");
      }
      return s;
    }
    if (!stmt.cascade) KAPPA_RETURN_IF_ERROR(CheckNoDependents(*now, *t, stmt.location));
    victims.push_back(t);
  }
  std::vector<uint64_t> ids;
  for (const auto& t : victims) ids.push_back(t->id);
  std::vector<TableInfoPtr> dependents = DependentViews(*now, ids);
  for (const auto& d : dependents) {
    r.notices.push_back(
        {"NOTICE", "00000", std::string("drop cascades to ") + KindNoun(d->kind) + " " + d->name});
    KAPPA_RETURN_IF_ERROR(DropView(*d));
  }
  for (const auto& t : victims) KAPPA_RETURN_IF_ERROR(DropView(*t));
  catalog_ = session_->db->catalog()->Snapshot();
  return r;
}

Result<StatementResult> StatementExecutor::ExecFlush() {
  KAPPA_RETURN_IF_ERROR(session_->db->views()->Flush(&session_->cancel));
  StatementResult r;
  r.tag = "FLUSH";
  return r;
}

Result<StatementResult> StatementExecutor::ExplainCreateMaterializedView(
    const ast::CreateViewStatement& stmt) {
  if (stmt.query_text_end <= stmt.query_text_begin || stmt.query_text_end > text_.size()) {
    return Status::Internal("the view's query text is missing");
  }
  std::string sql(text_.substr(stmt.query_text_begin, stmt.query_text_end - stmt.query_text_begin));
  KAPPA_ASSIGN_OR_RETURN(BoundQuery q, BindViewDefinition(sql, catalog_));
  KAPPA_ASSIGN_OR_RETURN(std::unique_ptr<Dataflow> df,
                         BuildViewDataflow(*q.plan, stmt.emit_on_window_close,
                                           session_->db->store(), catalog_));
  return ExplainText("Materialize\n" + IndentLines(df->Explain()));
}

}  // namespace kappa
