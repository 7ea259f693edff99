// Client authentication after the StartupMessage, as PostgreSQL does it.
//
// The method is chosen by server configuration (kappadb --auth):
//   trust          AuthenticationOk at once (R0). Any user name is accepted;
//                  a name that is a role logs in as that role (28000 if it is
//                  NOLOGIN), another name acts as a superuser (compatibility:
//                  trust is for loopback development).
//   password       AuthenticationCleartextPassword (R3), then a PasswordMessage.
//   md5            AuthenticationMD5Password (R5) with a random 4-byte salt; a
//                  role whose password is only stored as a SCRAM verifier is
//                  asked for SCRAM instead (as PostgreSQL does).
//   scram-sha-256  SASL (R10 "SCRAM-SHA-256"), SASLContinue (R11), SASLFinal
//                  (R12), RFC 5802/7677 without channel binding (gs2 flag 'n'
//                  or 'y'; 'p' is refused).
// With a password method, the role must exist, be LOGIN and have a password;
// every failure is FATAL 28P01 "password authentication failed for user
// \"x\"" (also for unknown users: no user enumeration). A malformed
// exchange is 08P01.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "common/password_crypto.h"
#include "common/status.h"
#include "server/pgwire/frontend_messages.h"
#include "server/pgwire/message_writer.h"
#include "sql/role_catalog.h"

namespace kappa::pgwire {

enum class AuthMethod { kTrust, kPassword, kMd5, kScramSha256 };

// "trust", "password", "md5", "scram-sha-256"; false if unknown.
bool ParseAuthMethod(std::string_view text, AuthMethod* out);
const char* AuthMethodName(AuthMethod m);

struct AuthenticatedUser {
  std::string user;
  std::string database;  // defaults to the user name, as in PostgreSQL
};

// The user and database of a StartupMessage. Errors: 28000 "no PostgreSQL
// user name specified in startup packet".
Result<AuthenticatedUser> StartupUser(const StartupRequest& startup);

// Checks the startup parameters and writes AuthenticationOk (trust with no
// role catalog).
Result<AuthenticatedUser> AuthenticateTrust(const StartupRequest& startup, MessageWriter* w);

// One connection's authentication exchange.
class Authenticator {
 public:
  // `role` is the role named by the startup user, or null.
  Authenticator(AuthMethod method, std::string user, RoleInfoPtr role);

  // Writes the first request (R0 for trust, R3, R5 or R10). Returns true if
  // authentication is already complete (trust), false if a PasswordMessage
  // (or SASL response) is expected. Errors: 28000 for a NOLOGIN role.
  Result<bool> Start(MessageWriter* w);

  // Handles one 'p' message; writes the next request or, on success, SASLFinal
  // (SCRAM) and AuthenticationOk. Returns true when authenticated.
  Result<bool> OnPasswordMessage(std::string_view payload, MessageWriter* w);

 private:
  Status Failed() const;
  bool CheckCleartext(std::string_view password) const;
  Result<bool> ScramFirst(std::string_view payload, MessageWriter* w);
  Result<bool> ScramFinal(std::string_view payload, MessageWriter* w);

  enum class State { kInit, kCleartext, kMd5, kScramFirst, kScramFinal, kDone };
  AuthMethod method_;
  std::string user_;
  RoleInfoPtr role_;
  State state_ = State::kInit;
  bool usable_ = false;  // the role exists, can log in and has a password
  std::string md5_salt_;
  crypto::ScramVerifier verifier_;
  std::string client_first_bare_;
  std::string server_first_;
  std::string gs2_header_;
  std::string nonce_;  // client nonce + server nonce
};

}  // namespace kappa::pgwire
