// CREATE SINK / DROP SINK / SHOW SINKS.
#include "server/sink_statements.h"

#include <mutex>
#include <optional>
#include <set>

#include "planner/logical_plan.h"
#include "server/database.h"
#include "server/session.h"
#include "server/sink_runner.h"
#include "server/statement_executor.h"
#include "server/view_compiler.h"
#include "sql/bound_expr.h"

namespace kappa {

namespace {

std::optional<std::vector<int>> KeyOf(const LogicalPlan& node, const CatalogSnapshot& snap) {
  switch (node.kind) {
    case LogicalKind::kScan: {
      TableInfoPtr t = snap.FindById(node.table_id);
      if (t == nullptr || t->kind != RelationKind::kTable || t->primary_key.empty()) {
        return std::nullopt;
      }
      std::vector<int> k;
      for (int pk : t->primary_key) {
        int found = -1;
        for (size_t i = 0; i < node.scan_columns.size(); ++i) {
          if (node.scan_columns[i] == pk) {
            found = static_cast<int>(i);
            break;
          }
        }
        if (found < 0) return std::nullopt;
        k.push_back(found);
      }
      return k;
    }
    case LogicalKind::kAggregate: {
      if (node.group_exprs.empty()) return std::nullopt;
      std::vector<int> k;
      for (size_t i = 0; i < node.group_exprs.size(); ++i) k.push_back(static_cast<int>(i));
      return k;
    }
    case LogicalKind::kDistinct: {
      std::vector<int> k;
      for (size_t i = 0; i < node.columns.size(); ++i) k.push_back(static_cast<int>(i));
      return k;
    }
    case LogicalKind::kFilter:
    case LogicalKind::kSort:
    case LogicalKind::kLimit:
      return KeyOf(*node.children.at(0), snap);
    case LogicalKind::kProject: {
      std::optional<std::vector<int>> in = KeyOf(*node.children.at(0), snap);
      if (!in) return std::nullopt;
      std::vector<int> out;
      for (int c : *in) {
        int found = -1;
        for (size_t i = 0; i < node.exprs.size(); ++i) {
          const BoundExpr& e = *node.exprs[i];
          if (e.kind == BoundExprKind::kColumnRef && e.column_index == c) {
            found = static_cast<int>(i);
            break;
          }
        }
        if (found < 0) return std::nullopt;
        out.push_back(found);
      }
      return out;
    }
    default:
      return std::nullopt;
  }
}

std::string Trim(const std::string& s) {
  size_t b = s.find_first_not_of(" \t");
  size_t e = s.find_last_not_of(" \t");
  return b == std::string::npos ? "" : s.substr(b, e - b + 1);
}

}  // namespace

bool SinkViewAppendOnly(const LogicalPlan& node, const CatalogSnapshot& snap) {
  switch (node.kind) {
    case LogicalKind::kScan: {
      TableInfoPtr t = snap.FindById(node.table_id);
      if (t == nullptr) return false;
      if (t->kind == RelationKind::kTable) return t->append_only;
      return t->kind == RelationKind::kMaterializedView && t->emit_on_window_close;
    }
    case LogicalKind::kValues:
      return true;
    case LogicalKind::kFilter:
    case LogicalKind::kProject:
    case LogicalKind::kHop:
      return SinkViewAppendOnly(*node.children.at(0), snap);
    case LogicalKind::kUnion:
      if (!node.union_all) return false;
      for (const auto& c : node.children) {
        if (!SinkViewAppendOnly(*c, snap)) return false;
      }
      return true;
    case LogicalKind::kJoin:
      return node.join_type == LogicalJoinType::kInner &&
             SinkViewAppendOnly(*node.children.at(0), snap) &&
             SinkViewAppendOnly(*node.children.at(1), snap);
    default:
      return false;
  }
}

std::vector<int> SinkViewKey(const LogicalPlan& plan, const CatalogSnapshot& snap) {
  std::optional<std::vector<int>> k = KeyOf(plan, snap);
  return k ? *k : std::vector<int>();
}

Result<StatementResult> ExecCreateSink(SessionState* session,
                                       const ast::CreateSinkStatement& stmt) {
  StatementResult r;
  r.tag = "CREATE SINK";
  if (stmt.name.size() > 2 || (stmt.name.size() == 2 && stmt.name[0] != "public")) {
    return Status::Error(sqlstate::kInvalidSchemaName,
                         "schema \"" + stmt.name[0] + "\" does not exist", stmt.location);
  }
  if (stmt.as_query) {
    return Status::NotSupported("CREATE SINK ... AS SELECT is not supported", stmt.location)
        .WithHint("Create a materialized view with the query, then CREATE SINK ... FROM it.");
  }
  if (session->transaction_status != 'I') {
    return Status::Error(sqlstate::kActiveSqlTransaction,
                         "CREATE SINK cannot run inside a transaction block");
  }
  Database* db = session->db;
  std::lock_guard<std::mutex> lock(db->ddl_mutex());
  CatalogSnapshotPtr now = db->catalog()->Snapshot();
  const std::string& name = stmt.name.back();
  if (now->FindSink("public", name)) {
    if (stmt.if_not_exists) {
      r.notices.push_back({"NOTICE", "42710", "sink \"" + name + "\" already exists, skipping"});
      return r;
    }
    return Status::Error(sqlstate::kDuplicateObject, "sink \"" + name + "\" already exists");
  }
  if (now->Find("public", name)) {
    return Status::Error(sqlstate::kDuplicateTable, "relation \"" + name + "\" already exists");
  }
  const std::string& from = stmt.from.back();
  TableInfoPtr view = now->Find(stmt.from.size() >= 2 ? stmt.from[0] : "", from);
  if (!view) {
    return Status::Error(sqlstate::kUndefinedTable,
                         "materialized view \"" + from + "\" does not exist");
  }
  if (view->kind != RelationKind::kMaterializedView) {
    return Status::Error(sqlstate::kWrongObjectType,
                         "\"" + from + "\" is not a materialized view")
        .WithHint("A sink reads a materialized view: CREATE MATERIALIZED VIEW v AS SELECT * "
                  "FROM " + from + ", then CREATE SINK ... FROM v.");
  }
  std::vector<std::pair<std::string, std::string>> options;
  for (const auto& o : stmt.with_options) options.emplace_back(o.key, o.value);
  KAPPA_ASSIGN_OR_RETURN(KafkaSinkOptions parsed,
                         ParseKafkaSinkOptions(options, stmt.format, stmt.encode));
  KAPPA_ASSIGN_OR_RETURN(BoundQuery q, BindViewDefinition(view->definition_sql, now));
  std::vector<int> key;
  if (!parsed.primary_key.empty()) {
    std::set<int> seen;
    size_t start = 0;
    while (start <= parsed.primary_key.size()) {
      size_t comma = parsed.primary_key.find(',', start);
      if (comma == std::string::npos) comma = parsed.primary_key.size();
      std::string col = Trim(parsed.primary_key.substr(start, comma - start));
      int c = view->FindColumn(col);
      if (c < 0) {
        return Status::Error(sqlstate::kUndefinedColumn,
                             "column \"" + col + "\" of materialized view \"" + view->name +
                                 "\" does not exist (in the sink option primary_key)");
      }
      if (seen.insert(c).second) key.push_back(c);
      start = comma + 1;
    }
  } else {
    key = SinkViewKey(*q.plan, *now);
  }
  if (parsed.format == SinkFormat::kPlain &&
      !(view->emit_on_window_close || SinkViewAppendOnly(*q.plan, *now))) {
    return Status::Error(sqlstate::kInvalidObjectDefinition,
                         "cannot create a FORMAT PLAIN sink from materialized view \"" +
                             view->name + "\": the view is not append-only (its rows can be "
                             "updated or deleted)")
        .WithHint("Use FORMAT UPSERT or FORMAT DEBEZIUM, or a view that only appends rows "
                  "(EMIT ON WINDOW CLOSE, or APPEND ONLY tables without aggregation).");
  }
  if (parsed.format == SinkFormat::kUpsert && key.empty()) {
    return Status::Error(sqlstate::kInvalidObjectDefinition,
                         "cannot derive a key for the FORMAT UPSERT sink from materialized "
                         "view \"" + view->name + "\"")
        .WithHint("Name the key columns with the option primary_key = 'col1,col2'.");
  }
  TableInfo info;
  info.schema = "public";
  info.name = name;
  info.kind = RelationKind::kSink;
  info.columns = view->columns;
  info.primary_key = key;
  info.options = options;
  info.format = SinkFormatName(parsed.format);
  info.encode = "JSON";
  info.depends_on = {view->id};
  KAPPA_ASSIGN_OR_RETURN(TableInfoPtr created, db->catalog()->Create(std::move(info)));
  Status st = db->sinks()->Create(created, &session->cancel);
  if (!st.ok()) {
    (void)db->sinks()->Drop(created->id);
    (void)db->catalog()->Drop(created->id);
    return st.WithoutPosition();
  }
  return r;
}

Result<StatementResult> ExecDropSink(SessionState* session, const ast::DropStatement& stmt) {
  StatementResult r;
  r.tag = "DROP SINK";
  Database* db = session->db;
  std::lock_guard<std::mutex> lock(db->ddl_mutex());
  CatalogSnapshotPtr now = db->catalog()->Snapshot();
  std::vector<TableInfoPtr> victims;
  for (const auto& name : stmt.names) {
    TableInfoPtr s = now->FindSink(name.size() >= 2 ? name[0] : "public", name.back());
    if (!s) {
      if (stmt.if_exists) {
        r.notices.push_back(
            {"NOTICE", "00000", "sink \"" + name.back() + "\" does not exist, skipping"});
        continue;
      }
      return Status::Error(sqlstate::kUndefinedObject,
                           "sink \"" + name.back() + "\" does not exist");
    }
    victims.push_back(s);
  }
  for (const auto& s : victims) {
    KAPPA_RETURN_IF_ERROR(db->sinks()->Drop(s->id));
    KAPPA_RETURN_IF_ERROR(db->catalog()->Drop(s->id));
  }
  return r;
}

Result<StatementResult> ExecShowSinks(SessionState* session) {
  StatementResult r;
  r.tag = "SHOW";
  r.returns_rows = true;
  r.columns.push_back({"Name", DataType(TypeId::kText)});
  Chunk chunk(std::vector<DataType>{DataType(TypeId::kText)});
  for (const auto& t : session->db->catalog()->Snapshot()->Sinks()) {
    chunk.AppendRow({Value::String(t->name)});
  }
  r.chunks.push_back(std::move(chunk));
  return r;
}

}  // namespace kappa
