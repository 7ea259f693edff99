// Privileges: the one place that decides whether a user may read or change a
// relation, from the role catalog (sql/role_catalog.h).
//
// Rules (PostgreSQL's, simplified):
//  - a superuser may do everything;
//  - built-in relations (pg_catalog, information_schema, kappa_catalog) are
//    readable by everyone;
//  - the owner of a relation (its creator; the bootstrap superuser for
//    relations created by superusers or before roles existed) has every
//    privilege on it and is the only non-superuser allowed DROP and GRANT;
//  - everyone else needs a GRANTed privilege: SELECT for every relation a
//    query reads (tables, views, materialized views; also the target of
//    UPDATE/DELETE, which read it), INSERT for INSERT and COPY FROM,
//    UPDATE, DELETE.
//  - a user name that is not a role (possible with --auth trust only, where
//    any name is accepted) acts as a superuser when
//    SetUnknownUsersAreSuperusers(true) (the server does this for trust).
//
// Errors: 42501 "permission denied for table t" (view/materialized view as
// PostgreSQL words them), 42501 "must be owner of table t".
#pragma once

#include <cstdint>
#include <string>

#include "common/status.h"
#include "sql/ast.h"
#include "sql/catalog.h"
#include "sql/role_catalog.h"

namespace kappa {

class Database;
struct LogicalPlan;
struct SessionState;
struct StatementResult;

// Server configuration (see the header comment). Thread-safe.
void SetUnknownUsersAreSuperusers(bool on);
bool UnknownUsersAreSuperusers();

// Whether `user` is a superuser (or an unknown user treated as one).
bool IsSuperuser(Database* db, const std::string& user);

// has_table_privilege(user, table, privilege) for pg_catalog functions and
// for the checks below. `privileges` is a set of TablePrivilege bits; true
// if the user has all of them.
bool HasTablePrivilege(Database* db, const std::string& user, const TableInfo& table,
                       uint32_t privileges);
// Same, by role snapshot (no lookup of the Database's current one).
bool HasTablePrivilege(const RoleSnapshot& roles, const std::string& user, const TableInfo& table,
                       uint32_t privileges);

// Makes has_table_privilege()/has_any_column_privilege() in SQL
// (executor/functions/catalog_functions.h) answer from `db`'s roles; null
// (at the Database's destruction) goes back to "everything allowed".
void InstallPrivilegeFunctions(Database* db);

// 42501 "permission denied for table t" unless HasTablePrivilege.
Status CheckTablePrivilege(Database* db, const std::string& user, const TableInfo& table,
                           uint32_t privileges);
// 42501 "must be owner of table t" unless owner or superuser.
Status CheckOwner(Database* db, const std::string& user, const TableInfo& table);

// SELECT on every relation `plan` scans. Call before running a plan.
Status CheckPlanPrivileges(Database* db, const std::string& user, const LogicalPlan& plan,
                           const CatalogSnapshot& catalog);

// The statement-level checks that do not need the bound plan: the target of
// INSERT/UPDATE/DELETE/COPY, DROP (owner), CREATE [MATERIALIZED] VIEW (SELECT
// on what its query reads). Relations that do not exist are not checked
// here (the statement reports 42P01 itself).
Status CheckStatementPrivileges(SessionState* session, const CatalogSnapshot& catalog,
                                const ast::Statement& stmt);

// After a CREATE TABLE / VIEW by a non-superuser role: records it as the
// owner of relation `name` unless `before` (the statement's catalog
// snapshot) already had it. Passes `result` through.
Result<StatementResult> RecordOwner(SessionState* session, const CatalogSnapshot& before,
                                    const ast::QualifiedName& name,
                                    Result<StatementResult> result);

}  // namespace kappa
