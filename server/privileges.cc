#include "server/privileges.h"

#include <atomic>
#include <cctype>

#include "executor/functions/catalog_functions.h"
#include "planner/logical_plan.h"
#include "server/database.h"
#include "server/statement_executor.h"
#include "sql/binder/binder.h"

namespace kappa {

namespace {

std::atomic<bool> g_unknown_users_are_superusers{true};

const char* KindWord(const TableInfo& t) {
  switch (t.kind) {
    case RelationKind::kView: return "view";
    case RelationKind::kMaterializedView: return "materialized view";
    default: return "table";
  }
}

// The relation `name` names, if it exists.
TableInfoPtr Lookup(const CatalogSnapshot& catalog, const ast::QualifiedName& name) {
  if (name.empty()) return nullptr;
  std::string schema = name.size() >= 2 ? name[name.size() - 2] : "";
  return catalog.Find(schema, name.back());
}

// The user's role, or null (unknown user).
RoleInfoPtr RoleOf(const RoleSnapshot& roles, const std::string& user) { return roles.Find(user); }

bool SuperuserIn(const RoleSnapshot& roles, const std::string& user) {
  RoleInfoPtr role = RoleOf(roles, user);
  if (!role) return UnknownUsersAreSuperusers();
  return role->superuser;
}

void CollectScans(const LogicalPlan& p, std::vector<uint64_t>* out) {
  if (p.kind == LogicalKind::kScan) out->push_back(p.table_id);
  for (const auto& c : p.children) CollectScans(*c, out);
}

Status Denied(const TableInfo& t) {
  return Status::Error(sqlstate::kInsufficientPrivilege,
                       std::string("permission denied for ") + KindWord(t) + " " + t.name);
}

Status CheckIds(const RoleSnapshot& roles, const std::string& user,
                const std::vector<uint64_t>& ids, const CatalogSnapshot& catalog) {
  for (uint64_t id : ids) {
    TableInfoPtr t = catalog.FindById(id);
    if (!t) continue;
    if (!HasTablePrivilege(roles, user, *t, kPrivSelect)) return Denied(*t);
  }
  return Status::OK();
}

}  // namespace

void SetUnknownUsersAreSuperusers(bool on) { g_unknown_users_are_superusers.store(on); }
bool UnknownUsersAreSuperusers() { return g_unknown_users_are_superusers.load(); }

bool IsSuperuser(Database* db, const std::string& user) {
  RoleCatalog* roles = db->roles();
  if (roles == nullptr) return true;
  return SuperuserIn(*roles->Snapshot(), user);
}

bool HasTablePrivilege(const RoleSnapshot& roles, const std::string& user, const TableInfo& table,
                       uint32_t privileges) {
  RoleInfoPtr role = RoleOf(roles, user);
  if (!role) return UnknownUsersAreSuperusers();
  if (role->superuser) return true;
  if (table.kind == RelationKind::kSystem) return (privileges & ~kPrivSelect) == 0;
  if (roles.OwnerOf(table.id) == role->oid) return true;
  auto it = role->table_privileges.find(table.id);
  uint32_t have = it == role->table_privileges.end() ? 0 : it->second;
  return (have & privileges) == privileges;
}

bool HasTablePrivilege(Database* db, const std::string& user, const TableInfo& table,
                       uint32_t privileges) {
  RoleCatalog* roles = db->roles();
  if (roles == nullptr) return true;
  return HasTablePrivilege(*roles->Snapshot(), user, table, privileges);
}

Status CheckTablePrivilege(Database* db, const std::string& user, const TableInfo& table,
                           uint32_t privileges) {
  if (HasTablePrivilege(db, user, table, privileges)) return Status::OK();
  return Denied(table);
}

Status CheckOwner(Database* db, const std::string& user, const TableInfo& table) {
  RoleCatalog* catalog = db->roles();
  if (catalog == nullptr) return Status::OK();
  RoleSnapshotPtr roles = catalog->Snapshot();
  if (SuperuserIn(*roles, user)) return Status::OK();
  RoleInfoPtr role = roles->Find(user);
  if (role && roles->OwnerOf(table.id) == role->oid) return Status::OK();
  return Status::Error(sqlstate::kInsufficientPrivilege,
                       std::string("must be owner of ") + KindWord(table) + " " + table.name);
}

Status CheckPlanPrivileges(Database* db, const std::string& user, const LogicalPlan& plan,
                           const CatalogSnapshot& catalog) {
  RoleCatalog* rc = db->roles();
  if (rc == nullptr) return Status::OK();
  RoleSnapshotPtr roles = rc->Snapshot();
  if (SuperuserIn(*roles, user)) return Status::OK();  // the common case: no plan walk
  std::vector<uint64_t> ids;
  CollectScans(plan, &ids);
  return CheckIds(*roles, user, ids, catalog);
}

Status CheckStatementPrivileges(SessionState* session, const CatalogSnapshot& catalog,
                                const ast::Statement& stmt) {
  Database* db = session->db;
  RoleCatalog* rc = db->roles();
  if (rc == nullptr) return Status::OK();
  RoleSnapshotPtr roles = rc->Snapshot();
  const std::string& user = session->user;
  if (SuperuserIn(*roles, user)) return Status::OK();
  auto need = [&](const ast::QualifiedName& name, uint32_t privileges) -> Status {
    TableInfoPtr t = Lookup(catalog, name);
    if (!t || HasTablePrivilege(*roles, user, *t, privileges)) return Status::OK();
    return Denied(*t);
  };
  // SELECT on what a query reads, from its bound plan (queries that run
  // through a StatementExecutor's RunPlan are checked there as well).
  auto query_reads = [&](const ast::SelectStmt& query) -> Status {
    BindContext ctx;
    ctx.catalog = db->catalog()->Snapshot();
    Result<BoundQuery> q = BindQuery(query, ctx);
    if (!q.ok() || !q->plan) return Status::OK();  // the statement reports the error
    std::vector<uint64_t> ids = q->referenced_tables;
    CollectScans(*q->plan, &ids);
    return CheckIds(*roles, user, ids, catalog);
  };
  // SUBSCRIBE (alone, in COPY or in DECLARE): SELECT on what it follows.
  auto subscribe_reads = [&](const ast::SubscribeStatement& sub) -> Status {
    if (sub.query) return query_reads(*sub.query);
    return need(sub.relation, kPrivSelect);
  };
  switch (stmt.kind) {
    case ast::StmtKind::kInsert:
      return need(static_cast<const ast::InsertStatement&>(stmt).table, kPrivInsert);
    case ast::StmtKind::kUpdate:
      return need(static_cast<const ast::UpdateStatement&>(stmt).table, kPrivUpdate);
    case ast::StmtKind::kDelete:
      return need(static_cast<const ast::DeleteStatement&>(stmt).table, kPrivDelete);
    case ast::StmtKind::kCopy: {
      const auto& copy = static_cast<const ast::CopyStatement&>(stmt);
      if (copy.subscribe) return subscribe_reads(*copy.subscribe);
      if (copy.query || copy.table.empty()) return Status::OK();
      return need(copy.table, copy.from ? kPrivInsert : kPrivSelect);
    }
    case ast::StmtKind::kDropTable:
    case ast::StmtKind::kDropView: {
      for (const auto& name : static_cast<const ast::DropStatement&>(stmt).names) {
        TableInfoPtr t = Lookup(catalog, name);
        if (t) KAPPA_RETURN_IF_ERROR(CheckOwner(db, user, *t));
      }
      return Status::OK();
    }
    case ast::StmtKind::kCreateMaterializedView:
    case ast::StmtKind::kCreateView: {
      const auto& view = static_cast<const ast::CreateViewStatement&>(stmt);
      if (!view.query) return Status::OK();
      return query_reads(*view.query);
    }
    case ast::StmtKind::kSubscribe:
      return subscribe_reads(static_cast<const ast::SubscribeStatement&>(stmt));
    case ast::StmtKind::kDeclareCursor: {
      const auto& declare = static_cast<const ast::DeclareCursorStatement&>(stmt);
      if (declare.subscribe) return subscribe_reads(*declare.subscribe);
      return Status::OK();
    }
    default:
      return Status::OK();
  }
}

Result<StatementResult> RecordOwner(SessionState* session, const CatalogSnapshot& before,
                                    const ast::QualifiedName& name,
                                    Result<StatementResult> result) {
  if (!result.ok() || Lookup(before, name)) return result;
  RoleCatalog* rc = session->db->roles();
  if (rc == nullptr) return result;
  RoleSnapshotPtr roles = rc->Snapshot();
  RoleInfoPtr role = roles->Find(session->user);
  if (!role || role->superuser) return result;
  TableInfoPtr t = Lookup(*session->db->catalog()->Snapshot(), name);
  if (t && t->kind != RelationKind::kSystem) {
    Status st = rc->SetOwner(t->id, role->oid);
    if (!st.ok()) return st;
  }
  return result;
}

namespace {

std::atomic<Database*> g_function_db{nullptr};

// "SELECT", "select,insert", "SELECT WITH GRANT OPTION" -> bits; privileges
// kappadb does not have (REFERENCES, TRIGGER, TRUNCATE) need ownership, which
// kPrivAll stands for here.
uint32_t PrivilegeBits(const std::string& list) {
  uint32_t bits = 0;
  size_t start = 0;
  while (start <= list.size()) {
    size_t end = list.find(',', start);
    if (end == std::string::npos) end = list.size();
    std::string word;
    for (size_t i = start; i < end; ++i) {
      char c = list[i];
      if (c == ' ' && !word.empty()) break;  // "... WITH GRANT OPTION"
      if (c != ' ') word.push_back(static_cast<char>(std::toupper(static_cast<unsigned char>(c))));
    }
    if (word == "SELECT") {
      bits |= kPrivSelect;
    } else if (word == "INSERT") {
      bits |= kPrivInsert;
    } else if (word == "UPDATE") {
      bits |= kPrivUpdate;
    } else if (word == "DELETE") {
      bits |= kPrivDelete;
    } else if (!word.empty()) {
      bits |= kPrivAll;
    }
    start = end + 1;
  }
  return bits;
}

bool FunctionPrivilegeHook(const std::string& user, uint64_t table_id,
                           const std::string& privileges) {
  Database* db = g_function_db.load();
  if (db == nullptr) return true;
  TableInfoPtr t = db->catalog()->Snapshot()->FindById(table_id);
  if (t == nullptr) return false;
  return HasTablePrivilege(db, user, *t, PrivilegeBits(privileges));
}

}  // namespace

void InstallPrivilegeFunctions(Database* db) {
  g_function_db.store(db);
  SetTablePrivilegeHook(db != nullptr ? &FunctionPrivilegeHook : nullptr);
}

}  // namespace kappa
