#include "server/role_statements.h"

#include <string>
#include <utility>

#include "server/database.h"
#include "server/privileges.h"
#include "server/session.h"
#include "server/statement_executor.h"
#include "sql/role_catalog.h"

namespace kappa {

namespace {

Status MustBeSuperuser(const std::string& what) {
  return Status::Error(sqlstate::kInsufficientPrivilege, "permission denied to " + what)
      .WithDetail("Only roles with the SUPERUSER attribute may " + what + ".");
}

Result<StatementResult> ExecCreateRole(SessionState* s, const ast::RoleStatement& stmt) {
  if (!IsSuperuser(s->db, s->user)) return MustBeSuperuser("create role");
  const std::string& name = stmt.names.front();
  if (name == "public" || name == "none" || name.rfind("pg_", 0) == 0) {
    return Status::Error("42939", "role name \"" + name + "\" is reserved");
  }
  std::optional<std::string> password;
  if (stmt.password_given && stmt.password) password = *stmt.password;
  KAPPA_ASSIGN_OR_RETURN(RoleInfoPtr role,
                         s->db->roles()->CreateRole(name, stmt.superuser.value_or(false),
                                                    stmt.login.value_or(false), password));
  (void)role;
  StatementResult r;
  r.tag = "CREATE ROLE";
  return r;
}

Result<StatementResult> ExecAlterRole(SessionState* s, const ast::RoleStatement& stmt) {
  const std::string& name = stmt.names.front();
  const bool superuser = IsSuperuser(s->db, s->user);
  // A user may change its own password, nothing else.
  const bool own_password_only = name == s->user && !stmt.superuser && !stmt.login;
  if (!superuser && !own_password_only) return MustBeSuperuser("alter role");
  std::optional<std::string> password;
  if (stmt.password_given) password = stmt.password.value_or("");
  Status st = s->db->roles()->AlterRole(name, stmt.superuser, stmt.login, password);
  if (!st.ok()) return st;
  StatementResult r;
  r.tag = "ALTER ROLE";
  return r;
}

Result<StatementResult> ExecDropRole(SessionState* s, const ast::RoleStatement& stmt) {
  if (!IsSuperuser(s->db, s->user)) return MustBeSuperuser("drop role");
  StatementResult r;
  r.tag = "DROP ROLE";
  RoleSnapshotPtr roles = s->db->roles()->Snapshot();
  for (const std::string& name : stmt.names) {
    if (!roles->Find(name)) {
      if (stmt.if_exists) {
        r.notices.push_back({"NOTICE", "00000", "role \"" + name + "\" does not exist, skipping"});
        continue;
      }
      return Status::Error(sqlstate::kUndefinedObject, "role \"" + name + "\" does not exist");
    }
    if (name == s->user) {
      return Status::Error("55006", "current user cannot be dropped");
    }
  }
  for (const std::string& name : stmt.names) {
    if (!roles->Find(name)) continue;
    Status st = s->db->roles()->DropRole(name);
    if (!st.ok()) return st;
  }
  return r;
}

Result<StatementResult> ExecGrant(SessionState* s, const CatalogSnapshot& catalog,
                                  const ast::GrantStatement& stmt) {
  std::vector<TableInfoPtr> tables;
  for (const ast::QualifiedName& name : stmt.tables) {
    std::string schema = name.size() >= 2 ? name[name.size() - 2] : "";
    TableInfoPtr t = catalog.Find(schema, name.back());
    if (!t) {
      std::string full = schema.empty() ? name.back() : schema + "." + name.back();
      return Status::Error(sqlstate::kUndefinedTable, "relation \"" + full + "\" does not exist");
    }
    if (t->kind == RelationKind::kSystem && !IsSuperuser(s->db, s->user)) {
      return Status::Error(sqlstate::kInsufficientPrivilege,
                           "permission denied for table " + t->name);
    }
    KAPPA_RETURN_IF_ERROR(CheckOwner(s->db, s->user, *t));
    tables.push_back(std::move(t));
  }
  RoleSnapshotPtr roles = s->db->roles()->Snapshot();
  for (const std::string& role : stmt.roles) {
    if (!roles->Find(role)) {
      return Status::Error(sqlstate::kUndefinedObject, "role \"" + role + "\" does not exist");
    }
  }
  for (const TableInfoPtr& t : tables) {
    for (const std::string& role : stmt.roles) {
      KAPPA_RETURN_IF_ERROR(
          s->db->roles()->SetTablePrivileges(role, t->id, stmt.privileges, !stmt.revoke));
    }
  }
  StatementResult r;
  r.tag = stmt.revoke ? "REVOKE" : "GRANT";
  return r;
}

}  // namespace

Result<StatementResult> ExecuteRoleStatement(SessionState* session, const CatalogSnapshot& catalog,
                                             const ast::Statement& stmt) {
  if (session->db->roles() == nullptr) return Status::Internal("no role catalog");
  switch (stmt.kind) {
    case ast::StmtKind::kCreateRole:
      return ExecCreateRole(session, static_cast<const ast::RoleStatement&>(stmt));
    case ast::StmtKind::kAlterRole:
      return ExecAlterRole(session, static_cast<const ast::RoleStatement&>(stmt));
    case ast::StmtKind::kDropRole:
      return ExecDropRole(session, static_cast<const ast::RoleStatement&>(stmt));
    case ast::StmtKind::kGrant:
      return ExecGrant(session, catalog, static_cast<const ast::GrantStatement&>(stmt));
    default:
      return Status::Internal("not a role statement");
  }
}

}  // namespace kappa
