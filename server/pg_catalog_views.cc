// pg_catalog's views over kappadb's catalog: pg_tables, pg_views,
// pg_matviews (definition = the view's SQL), pg_indexes (primary keys),
// pg_stat_user_tables / pg_stat_all_tables (n_live_tup: a table's live row
// count, summed from its log; a materialized view's row count from the view
// engine), pg_stat_activity (empty).
#include <map>
#include <string>
#include <vector>

#include "server/pg_catalog_common.h"
#include "server/view_engine.h"
#include "storage/store.h"
#include "storage/table_log.h"

namespace kappa {

using namespace pgcat;  // NOLINT

namespace {

bool IsUserRelation(const TableInfo& t) { return t.kind != RelationKind::kSystem; }

std::string OwnerName(Database& db, const SystemScanContext& ctx, const TableInfo& t) {
  (void)t;
  return SuperuserName(db, ctx);
}

std::string IndexDef(const TableInfo& t) {
  std::string cols;
  for (size_t i = 0; i < t.primary_key.size(); ++i) {
    if (i > 0) cols += ", ";
    cols += t.columns[t.primary_key[i]].name;
  }
  return "CREATE UNIQUE INDEX " + t.name + "_pkey ON " + t.schema + "." + t.name +
         " USING btree (" + cols + ")";
}

// Live rows of a table: the sum of its log's weights.
Result<int64_t> LiveRows(Database& db, const TableInfo& t) {
  int64_t n = 0;
  KAPPA_ASSIGN_OR_RETURN(uint64_t last, db.store()->log().LastSeq(t.id));
  if (last == 0) return n;
  KAPPA_RETURN_IF_ERROR(db.store()->log().Scan(
      t.id, t.Types(), 1, last, [&](Chunk&& c, uint64_t) -> Status {
        for (int64_t w : c.weights) n += w;
        return Status::OK();
      }));
  return n;
}

Status StatTablesRows(Database& db, const SystemScanContext&, Rows* rows, bool user_only) {
  std::map<uint64_t, int64_t> view_rows;
  for (const ViewStatus& s : db.views()->ViewStatuses()) view_rows[s.id] = s.rows;
  for (const TableInfoPtr& t : AllRelations(db)) {
    if (user_only && !IsUserRelation(*t)) continue;
    if (t->kind == RelationKind::kView) continue;
    int64_t live = 0;
    if (t->kind == RelationKind::kTable) {
      KAPPA_ASSIGN_OR_RETURN(live, LiveRows(db, *t));
    } else if (t->kind == RelationKind::kMaterializedView) {
      live = view_rows[t->id];
    }
    rows->Add({static_cast<int64_t>(t->id), t->schema, t->name, 0, 0, Null(), Null(), live, 0, 0,
               0, live, 0, 0, 0, Null(), Null(), Null(), Null(), 0, 0, 0, 0});
  }
  return Status::OK();
}

const Columns& StatColumns() {
  static const Columns cols = {
      {"relid", OidT()},           {"schemaname", NameT()},     {"relname", NameT()},
      {"seq_scan", I8()},          {"seq_tup_read", I8()},      {"idx_scan", I8()},
      {"idx_tup_fetch", I8()},     {"n_tup_ins", I8()},         {"n_tup_upd", I8()},
      {"n_tup_del", I8()},         {"n_tup_hot_upd", I8()},     {"n_live_tup", I8()},
      {"n_dead_tup", I8()},        {"n_mod_since_analyze", I8()}, {"n_ins_since_vacuum", I8()},
      {"last_vacuum", TsTzT()},    {"last_autovacuum", TsTzT()}, {"last_analyze", TsTzT()},
      {"last_autoanalyze", TsTzT()}, {"vacuum_count", I8()},    {"autovacuum_count", I8()},
      {"analyze_count", I8()},     {"autoanalyze_count", I8()}};
  return cols;
}

}  // namespace

void AddPgCatalogViews(std::vector<SystemTable>* out) {
  const char* pc = "pg_catalog";
  AddRelation(out, 12020, pc, "pg_tables",
              {{"schemaname", NameT()}, {"tablename", NameT()}, {"tableowner", NameT()},
               {"tablespace", NameT()}, {"hasindexes", BoolT()}, {"hasrules", BoolT()},
               {"hastriggers", BoolT()}, {"rowsecurity", BoolT()}},
              [](Database& db, const SystemScanContext& ctx, Rows* rows) {
                for (const TableInfoPtr& t : AllRelations(db)) {
                  if (RelKind(*t) != 'r') continue;
                  rows->Add({t->schema, t->name, OwnerName(db, ctx, *t), Null(),
                             !t->primary_key.empty(), false, false, false});
                }
                return Status::OK();
              });
  AddRelation(out, 12021, pc, "pg_views",
              {{"schemaname", NameT()}, {"viewname", NameT()}, {"viewowner", NameT()},
               {"definition", TextT()}},
              [](Database& db, const SystemScanContext& ctx, Rows* rows) {
                for (const TableInfoPtr& t : AllRelations(db)) {
                  if (RelKind(*t) != 'v') continue;
                  rows->Add({t->schema, t->name, OwnerName(db, ctx, *t),
                             t->definition_sql.empty() ? Null() : Cell(t->definition_sql)});
                }
                return Status::OK();
              });
  AddRelation(out, 12022, pc, "pg_matviews",
              {{"schemaname", NameT()}, {"matviewname", NameT()}, {"matviewowner", NameT()},
               {"tablespace", NameT()}, {"hasindexes", BoolT()}, {"ispopulated", BoolT()},
               {"definition", TextT()}},
              [](Database& db, const SystemScanContext& ctx, Rows* rows) {
                for (const TableInfoPtr& t : AllRelations(db)) {
                  if (t->kind != RelationKind::kMaterializedView) continue;
                  rows->Add({t->schema, t->name, OwnerName(db, ctx, *t), Null(), false, true,
                             t->definition_sql});
                }
                return Status::OK();
              });
  AddRelation(out, 12023, pc, "pg_indexes",
              {{"schemaname", NameT()}, {"tablename", NameT()}, {"indexname", NameT()},
               {"tablespace", NameT()}, {"indexdef", TextT()}},
              [](Database& db, const SystemScanContext&, Rows* rows) {
                for (const TableInfoPtr& t : AllRelations(db)) {
                  if (t->primary_key.empty()) continue;
                  rows->Add({t->schema, t->name, t->name + "_pkey", Null(), IndexDef(*t)});
                }
                return Status::OK();
              });
  AddRelation(out, 12024, pc, "pg_stat_user_tables", StatColumns(),
              [](Database& db, const SystemScanContext& ctx, Rows* rows) {
                return StatTablesRows(db, ctx, rows, true);
              });
  AddRelation(out, 12025, pc, "pg_stat_all_tables", StatColumns(),
              [](Database& db, const SystemScanContext& ctx, Rows* rows) {
                return StatTablesRows(db, ctx, rows, false);
              });
  AddEmptyRelation(out, 12026, pc, "pg_stat_activity",
                   {{"datid", OidT()}, {"datname", NameT()}, {"pid", I4()},
                    {"leader_pid", I4()}, {"usesysid", OidT()}, {"usename", NameT()},
                    {"application_name", TextT()}, {"client_addr", TextT()},
                    {"client_hostname", TextT()}, {"client_port", I4()},
                    {"backend_start", TsTzT()}, {"xact_start", TsTzT()},
                    {"query_start", TsTzT()}, {"state_change", TsTzT()},
                    {"wait_event_type", TextT()}, {"wait_event", TextT()}, {"state", TextT()},
                    {"backend_xid", TextT()}, {"backend_xmin", TextT()}, {"query_id", I8()},
                    {"query", TextT()}, {"backend_type", TextT()}});
}

}  // namespace kappa
