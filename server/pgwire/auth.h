// Client authentication after the StartupMessage.
//
// kappadb listens on loopback and uses "trust" authentication (as
// PostgreSQL's `host all all 127.0.0.1/32 trust`): every user name is
// accepted and AuthenticationOk is sent straight away. Password methods
// (cleartext R3, MD5 R5, SCRAM-SHA-256 R10/R11/R12) would hook in here and
// need the PasswordMessage exchange in the connection.
#pragma once

#include <string>

#include "common/status.h"
#include "server/pgwire/frontend_messages.h"
#include "server/pgwire/message_writer.h"

namespace kappa::pgwire {

struct AuthenticatedUser {
  std::string user;
  std::string database;  // defaults to the user name, as in PostgreSQL
};

// Checks the startup parameters and writes AuthenticationOk. Errors: 28000
// "no PostgreSQL user name specified in startup packet".
Result<AuthenticatedUser> AuthenticateTrust(const StartupRequest& startup, MessageWriter* w);

}  // namespace kappa::pgwire
