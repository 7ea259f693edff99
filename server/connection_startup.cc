// The startup phase of a Connection: SSLRequest/GSSENCRequest, CancelRequest
// and the StartupMessage up to the first ReadyForQuery (see connection.h).
#include <string>
#include <utility>
#include <vector>

#include "server/connection.h"
#include "server/database.h"
#include "server/extended_query.h"
#include "server/logging.h"
#include "server/pgwire/auth.h"
#include "server/pgwire/backend_messages.h"
#include "server/pgwire/frontend_messages.h"
#include "server/pgwire/protocol.h"
#include "server/session.h"
#include "sql/role_catalog.h"

namespace kappa {

using namespace pgwire;

namespace {

// Single-quotes a SQL string literal.
std::string QuoteLiteral(std::string_view s) {
  std::string out = "'";
  for (char c : s) {
    if (c == '\'') out.push_back('\'');
    out.push_back(c);
  }
  out.push_back('\'');
  return out;
}

// A run-time parameter name that can be written unquoted after SET.
bool IsSettingName(std::string_view name) {
  if (name.empty() || name.size() > 63) return false;
  for (size_t i = 0; i < name.size(); ++i) {
    const char c = name[i];
    const bool alpha = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_';
    const bool digit_or_dot = (c >= '0' && c <= '9') || c == '.';
    if (!alpha && !(i > 0 && digit_or_dot)) return false;
  }
  return true;
}

}  // namespace

void Connection::HandleStartup(std::string_view payload) {
  Result<StartupRequest> req = StartupRequest::Decode(payload);
  if (!req.ok()) {
    Fatal(req.status());
    return;
  }
  switch (req->kind) {
    case StartupRequest::Kind::kSsl:
      if (ctx_->tls && !tls_active_) {
        // Bytes pipelined after the SSLRequest were sent in plain text:
        // refuse them (CVE-2021-23214), as PostgreSQL does.
        if (reader_.buffered() > 0) {
          Fatal(Status::Error(sqlstate::kProtocolViolation,
                              "received unencrypted data after SSL request"));
          return;
        }
        out_.PutRaw("S");
        flush_requested_ = true;
        start_tls_ = true;
        return;
      }
      out_.PutRaw("N");  // no TLS; the client goes on in plain text
      flush_requested_ = true;
      return;
    case StartupRequest::Kind::kGssEnc:
      out_.PutRaw("N");  // no TLS / GSS encryption; the client goes on in plain text
      flush_requested_ = true;
      return;
    case StartupRequest::Kind::kCancel:
      if (ctx_->registry->Cancel(req->cancel_pid, req->cancel_secret)) {
        Log(LogLevel::kDebug, "cancel request for pid {}", req->cancel_pid);
      }
      close_requested_ = true;  // no reply, as in PostgreSQL
      return;
    case StartupRequest::Kind::kStartup:
      StartSession(*req);
      return;
  }
}

void Connection::StartSession(const StartupRequest& startup) {
  const int32_t version = startup.protocol_version;
  if (ProtocolMajor(version) != 3) {
    Fatal(Status::NotSupported("unsupported frontend protocol " +
                               std::to_string(ProtocolMajor(version)) + "." +
                               std::to_string(ProtocolMinor(version)) +
                               ": server supports 3.0 to 3.0"));
    return;
  }
  if (!ctx_->registry->AdmitSession(key_.pid)) {
    if (ctx_->registry->shutting_down()) {
      Fatal(Status::Error("57P03", "the database system is shutting down"));
    } else {
      Fatal(Status::Error(sqlstate::kTooManyConnections, "sorry, too many clients already"));
    }
    return;
  }
  // A newer 3.x minor version or protocol options (_pq_.*): say what we
  // speak, before authentication as PostgreSQL does.
  std::vector<std::string> unknown_options;
  for (const auto& [name, value] : startup.parameters) {
    if (name.rfind("_pq_.", 0) == 0) unknown_options.push_back(name);
  }
  if (ProtocolMinor(version) > 0 || !unknown_options.empty()) {
    WriteNegotiateProtocolVersion(&out_, 0, unknown_options);
  }
  Result<AuthenticatedUser> user = StartupUser(startup);
  if (!user.ok()) {
    Fatal(user.status());
    return;
  }
  auth_user_ = std::move(user).value();
  if (ctx_->tls_required && !tls_active_) {
    Fatal(Status::Error(sqlstate::kInvalidAuthorization,
                        "no pg_hba.conf entry for host \"" +
                            peer_.substr(0, peer_.rfind(':')) + "\", user \"" + auth_user_.user +
                            "\", database \"" + auth_user_.database + "\", no encryption"));
    return;
  }
  RoleCatalog* roles = ctx_->db->roles();
  RoleInfoPtr role = roles != nullptr ? roles->Snapshot()->Find(auth_user_.user) : nullptr;
  auth_ = std::make_unique<Authenticator>(ctx_->auth_method, auth_user_.user, role);
  Result<bool> done = auth_->Start(&out_);
  if (!done.ok()) {
    auth_.reset();
    Fatal(done.status());
    return;
  }
  reader_.set_startup_phase(false);
  if (!*done) {
    // Wait for the PasswordMessage / SASL response.
    pending_startup_ = std::make_unique<StartupRequest>(startup);
    flush_requested_ = true;
    return;
  }
  auth_.reset();
  pending_startup_ = std::make_unique<StartupRequest>(startup);
  FinishStartup();
}

void Connection::HandleAuthMessage(char type, std::string_view payload) {
  if (type == fe::kTerminate) {
    close_requested_ = true;
    return;
  }
  if (type != fe::kPassword) {
    auth_.reset();
    Fatal(Status::Error(sqlstate::kProtocolViolation,
                        "expected password response, got message type " +
                            std::to_string(static_cast<int>(static_cast<unsigned char>(type)))));
    return;
  }
  Result<bool> done = auth_->OnPasswordMessage(payload, &out_);
  if (!done.ok()) {
    auth_.reset();
    Log(LogLevel::kInfo, "connection {}: authentication failed for user \"{}\": {}", peer_,
        auth_user_.user, done.status().message());
    Fatal(done.status());
    return;
  }
  flush_requested_ = true;
  if (!*done) return;
  auth_.reset();
  FinishStartup();
}

void Connection::FinishStartup() {
  std::unique_ptr<StartupRequest> startup_holder = std::move(pending_startup_);
  const StartupRequest& startup = *startup_holder;
  const AuthenticatedUser* auth = &auth_user_;
  session_ = ctx_->db->NewSession(auth->user, auth->database);
  extended_ = std::make_unique<ExtendedQuery>(session_.get());
  ApplyStartupSettings(startup);
  session_->TakeChangedSettings();
  {
    std::lock_guard<std::mutex> lock(cancel_mu_);
    cancel_target_ = session_.get();
  }
  startup_done_.store(true);
  for (const auto& [name, value] : session_->ReportedSettings()) {
    WriteParameterStatus(&out_, name, value);
  }
  WriteBackendKeyData(&out_, key_.pid, key_.secret);
  WriteReadyForQuery(&out_, session_->transaction_status());
  flush_requested_ = true;
  Log(LogLevel::kDebug, "session started: pid {} user {} database {}", key_.pid, auth->user,
      auth->database);
}

void Connection::ApplyStartupSettings(const StartupRequest& startup) {
  // As PostgreSQL does, every other startup parameter (application_name,
  // TimeZone, extra_float_digits, DateStyle, ...) and every "-c name=value"
  // in `options` sets a run-time parameter. Unlike PostgreSQL, a value the
  // session rejects is ignored instead of failing the connection.
  for (const auto& [name, value] : startup.RuntimeSettings()) {
    if (!IsSettingName(name)) continue;
    Status st = session_->ExecuteSimple("SET " + name + " = " + QuoteLiteral(value),
                                        [](StatementResult&&) {});
    if (!st.ok()) {
      Log(LogLevel::kDebug, "startup parameter {}={} not applied: {}", name, value,
          st.ToString());
    }
  }
}

}  // namespace kappa
