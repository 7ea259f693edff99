// Role and privilege statements: CREATE/ALTER/DROP USER|ROLE, GRANT, REVOKE
// (sql/role_catalog.h holds what they change; server/privileges.h enforces it).
//
//   CREATE USER|ROLE name [WITH] [LOGIN|NOLOGIN] [SUPERUSER|NOSUPERUSER]
//       [[ENCRYPTED] PASSWORD 'x'|NULL]   -- tag CREATE ROLE; USER implies LOGIN
//   ALTER USER|ROLE name [WITH] ...         -- tag ALTER ROLE
//   DROP USER|ROLE [IF EXISTS] name, ...    -- tag DROP ROLE
//   GRANT|REVOKE SELECT|INSERT|UPDATE|DELETE|ALL [PRIVILEGES] ON [TABLE] t, ...
//       TO|FROM role, ...                    -- tag GRANT / REVOKE
//
// A PASSWORD that already is a SCRAM-SHA-256 verifier or an MD5 hash (what
// psql's \password sends) is stored as given.
//
// Errors: 42501 only superusers manage roles (a user may change its own
// password); GRANT/REVOKE need ownership of the table. 42710 role exists,
// 42704 role does not exist, 42P01 table does not exist, 55006 dropping
// the current user, 2BP01 dropping a role that owns relations.
#pragma once

#include "common/status.h"
#include "sql/ast.h"
#include "sql/catalog.h"

namespace kappa {

struct SessionState;
struct StatementResult;

// Executes a kCreateRole, kAlterRole, kDropRole or kGrant statement.
Result<StatementResult> ExecuteRoleStatement(SessionState* session, const CatalogSnapshot& catalog,
                                             const ast::Statement& stmt);

}  // namespace kappa
