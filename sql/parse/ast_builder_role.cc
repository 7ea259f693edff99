// AstBuilder: CREATE/ALTER/DROP USER|ROLE, GRANT and REVOKE.
#include "sql/parse/ast_builder.h"
#include "sql/parse/parse_error.h"
#include "sql/role_catalog.h"

namespace kappa::parse {

void AstBuilder::BuildRoleOptions(const std::vector<P::RoleOptionContext*>& options,
                                  ast::RoleStatement* s) {
  for (P::RoleOptionContext* o : options) {
    if (o->PASSWORD() != nullptr) {
      if (s->password_given) {
        ThrowError(sqlstate::kSyntaxError, "conflicting or redundant options", Loc(o));
      }
      s->password_given = true;
      if (o->stringLiteral() != nullptr) s->password = StringValue(o->stringLiteral());
      continue;
    }
    std::string word = Name(o->identifier());
    std::optional<bool>* target = nullptr;
    bool value = true;
    if (word == "superuser" || word == "nosuperuser") {
      target = &s->superuser;
      value = word == "superuser";
    } else if (word == "login" || word == "nologin") {
      target = &s->login;
      value = word == "login";
    } else if (word == "inherit" || word == "noinherit" || word == "createdb" ||
               word == "nocreatedb" || word == "createrole" || word == "nocreaterole" ||
               word == "replication" || word == "noreplication" || word == "bypassrls" ||
               word == "nobypassrls") {
      continue;  // accepted, without effect (kappadb has no such distinctions)
    } else {
      ThrowError(sqlstate::kSyntaxError, "unrecognized role option \"" + word + "\"", Loc(o));
    }
    if (target->has_value()) {
      ThrowError(sqlstate::kSyntaxError, "conflicting or redundant options", Loc(o));
    }
    *target = value;
  }
}

ast::StatementPtr AstBuilder::BuildCreateRole(P::CreateRoleStmtContext* ctx) {
  auto s = std::make_unique<ast::RoleStatement>(ast::StmtKind::kCreateRole);
  s->names.push_back(Name(ctx->identifier()));
  BuildRoleOptions(ctx->roleOption(), s.get());
  // CREATE USER implies LOGIN, CREATE ROLE NOLOGIN, as in PostgreSQL.
  if (!s->login) s->login = ctx->USER() != nullptr;
  return s;
}

ast::StatementPtr AstBuilder::BuildAlterRole(P::AlterRoleStmtContext* ctx) {
  auto s = std::make_unique<ast::RoleStatement>(ast::StmtKind::kAlterRole);
  s->names.push_back(Name(ctx->identifier()));
  BuildRoleOptions(ctx->roleOption(), s.get());
  return s;
}

ast::StatementPtr AstBuilder::BuildDropRole(P::DropRoleStmtContext* ctx) {
  auto s = std::make_unique<ast::RoleStatement>(ast::StmtKind::kDropRole);
  for (auto* id : ctx->identifier()) s->names.push_back(Name(id));
  s->if_exists = ctx->ifExists() != nullptr;
  return s;
}

ast::StatementPtr AstBuilder::BuildGrant(P::GrantStmtContext* ctx) {
  auto s = std::make_unique<ast::GrantStatement>();
  s->revoke = ctx->REVOKE() != nullptr;
  P::PrivilegeListContext* list = ctx->privilegeList();
  if (list->ALL() != nullptr) {
    s->privileges = kPrivAll;
  } else {
    for (P::PrivilegeContext* p : list->privilege()) {
      if (p->SELECT() != nullptr) s->privileges |= kPrivSelect;
      if (p->INSERT() != nullptr) s->privileges |= kPrivInsert;
      if (p->UPDATE() != nullptr) s->privileges |= kPrivUpdate;
      if (p->DELETE() != nullptr) s->privileges |= kPrivDelete;
    }
  }
  for (auto* q : ctx->qualifiedName()) s->tables.push_back(Names(q));
  for (auto* id : ctx->identifier()) s->roles.push_back(Name(id));
  return s;
}

}  // namespace kappa::parse
