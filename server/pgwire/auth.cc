#include "server/pgwire/auth.h"

#include "server/pgwire/backend_messages.h"

namespace kappa::pgwire {

Result<AuthenticatedUser> AuthenticateTrust(const StartupRequest& startup, MessageWriter* w) {
  AuthenticatedUser result;
  const std::string* user = startup.Find("user");
  if (user == nullptr || user->empty()) {
    return Status::Error(sqlstate::kInvalidAuthorization,
                         "no PostgreSQL user name specified in startup packet");
  }
  result.user = *user;
  const std::string* database = startup.Find("database");
  result.database = (database == nullptr || database->empty()) ? *user : *database;
  WriteAuthenticationOk(w);
  return result;
}

}  // namespace kappa::pgwire
