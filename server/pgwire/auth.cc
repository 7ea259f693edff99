#include "server/pgwire/auth.h"

#include <utility>

#include "server/pgwire/backend_messages.h"
#include "server/pgwire/protocol.h"

namespace kappa::pgwire {

namespace {

constexpr char kAuth = 'R';
constexpr int32_t kAuthCleartext = 3;
constexpr int32_t kAuthMd5 = 5;
constexpr int32_t kAuthSasl = 10;
constexpr int32_t kAuthSaslContinue = 11;
constexpr int32_t kAuthSaslFinal = 12;
constexpr std::string_view kScramMechanism = "SCRAM-SHA-256";

Status Malformed(std::string message) {
  return Status::Error(sqlstate::kProtocolViolation, std::move(message));
}

void WriteAuthRequest(MessageWriter* w, int32_t code, std::string_view data = {}) {
  w->Begin(kAuth);
  w->PutInt32(code);
  w->PutBytes(data);
  w->End();
}

// The value of attribute `name` ("r" in "r=abc") at the start of `part`.
bool Attribute(std::string_view part, char name, std::string_view* value) {
  if (part.size() < 2 || part[0] != name || part[1] != '=') return false;
  *value = part.substr(2);
  return true;
}

std::vector<std::string_view> SplitComma(std::string_view s) {
  std::vector<std::string_view> out;
  size_t start = 0;
  while (true) {
    size_t comma = s.find(',', start);
    if (comma == std::string_view::npos) {
      out.push_back(s.substr(start));
      return out;
    }
    out.push_back(s.substr(start, comma - start));
    start = comma + 1;
  }
}

// A printable nonce without ',' (RFC 5802): base64 of random bytes.
std::string MakeNonce() { return crypto::Base64Encode(crypto::RandomBytes(18)); }

}  // namespace

bool ParseAuthMethod(std::string_view text, AuthMethod* out) {
  if (text == "trust") {
    *out = AuthMethod::kTrust;
  } else if (text == "password") {
    *out = AuthMethod::kPassword;
  } else if (text == "md5") {
    *out = AuthMethod::kMd5;
  } else if (text == "scram-sha-256") {
    *out = AuthMethod::kScramSha256;
  } else {
    return false;
  }
  return true;
}

const char* AuthMethodName(AuthMethod m) {
  switch (m) {
    case AuthMethod::kTrust: return "trust";
    case AuthMethod::kPassword: return "password";
    case AuthMethod::kMd5: return "md5";
    case AuthMethod::kScramSha256: return "scram-sha-256";
  }
  return "?";
}

Result<AuthenticatedUser> StartupUser(const StartupRequest& startup) {
  AuthenticatedUser result;
  const std::string* user = startup.Find("user");
  if (user == nullptr || user->empty()) {
    return Status::Error(sqlstate::kInvalidAuthorization,
                         "no PostgreSQL user name specified in startup packet");
  }
  result.user = *user;
  const std::string* database = startup.Find("database");
  result.database = (database == nullptr || database->empty()) ? *user : *database;
  return result;
}

Result<AuthenticatedUser> AuthenticateTrust(const StartupRequest& startup, MessageWriter* w) {
  KAPPA_ASSIGN_OR_RETURN(AuthenticatedUser result, StartupUser(startup));
  WriteAuthenticationOk(w);
  return result;
}

// ---------------------------------------------------------------- Authenticator

Authenticator::Authenticator(AuthMethod method, std::string user, RoleInfoPtr role)
    : method_(method), user_(std::move(user)), role_(std::move(role)) {
  usable_ = role_ && role_->can_login && role_->has_password();
}

Status Authenticator::Failed() const {
  return Status::Error(sqlstate::kInvalidPassword,
                       "password authentication failed for user \"" + user_ + "\"");
}

Result<bool> Authenticator::Start(MessageWriter* w) {
  if (role_ && !role_->can_login) {
    return Status::Error(sqlstate::kInvalidAuthorization,
                         "role \"" + user_ + "\" is not permitted to log in");
  }
  switch (method_) {
    case AuthMethod::kTrust:
      state_ = State::kDone;
      WriteAuthenticationOk(w);
      return true;
    case AuthMethod::kPassword:
      state_ = State::kCleartext;
      WriteAuthRequest(w, kAuthCleartext);
      return false;
    case AuthMethod::kMd5:
      // A role with only a SCRAM verifier cannot answer an MD5 challenge.
      if (!(usable_ && role_->md5_hash.empty())) {
        state_ = State::kMd5;
        md5_salt_ = crypto::RandomBytes(4);
        WriteAuthRequest(w, kAuthMd5, md5_salt_);
        return false;
      }
      [[fallthrough]];
    case AuthMethod::kScramSha256: {
      state_ = State::kScramFirst;
      // Unknown users and users without a SCRAM verifier get a made-up one,
      // so that the exchange looks the same and fails at the end.
      if (!usable_ || !crypto::ParseScramVerifier(role_->scram_verifier, &verifier_)) {
        verifier_ = crypto::MakeScramVerifier(crypto::RandomBytes(16));
        usable_ = false;
      }
      std::string data(kScramMechanism);
      data.push_back('\0');
      data.push_back('\0');
      WriteAuthRequest(w, kAuthSasl, data);
      return false;
    }
  }
  return Status::Internal("unknown authentication method");
}

bool Authenticator::CheckCleartext(std::string_view password) const {
  if (!usable_ || password.empty()) return false;
  crypto::ScramVerifier v;
  if (crypto::ParseScramVerifier(role_->scram_verifier, &v)) {
    crypto::ScramVerifier mine = crypto::MakeScramVerifier(password, v.salt, v.iterations);
    return crypto::ConstantTimeEquals(mine.stored_key, v.stored_key) &&
           crypto::ConstantTimeEquals(mine.server_key, v.server_key);
  }
  if (!role_->md5_hash.empty()) {
    return crypto::ConstantTimeEquals(crypto::Md5PasswordHash(password, user_), role_->md5_hash);
  }
  return false;
}

Result<bool> Authenticator::OnPasswordMessage(std::string_view payload, MessageWriter* w) {
  switch (state_) {
    case State::kCleartext:
    case State::kMd5: {
      size_t nul = payload.find('\0');
      if (nul == std::string_view::npos || nul + 1 != payload.size()) {
        return Malformed("invalid password packet");
      }
      std::string_view password = payload.substr(0, nul);
      bool ok = false;
      if (state_ == State::kCleartext) {
        ok = CheckCleartext(password);
      } else {
        ok = usable_ && !role_->md5_hash.empty() &&
             crypto::ConstantTimeEquals(crypto::Md5SaltedResponse(role_->md5_hash, md5_salt_),
                                        password);
      }
      if (!ok) return Failed();
      state_ = State::kDone;
      WriteAuthenticationOk(w);
      return true;
    }
    case State::kScramFirst:
      return ScramFirst(payload, w);
    case State::kScramFinal:
      return ScramFinal(payload, w);
    default:
      return Malformed("unexpected password message");
  }
}

Result<bool> Authenticator::ScramFirst(std::string_view payload, MessageWriter* w) {
  // SASLInitialResponse: mechanism (cstring), int32 length, data.
  size_t nul = payload.find('\0');
  if (nul == std::string_view::npos) return Malformed("malformed SASLInitialResponse message");
  std::string_view mechanism = payload.substr(0, nul);
  if (mechanism != kScramMechanism) {
    return Malformed("client selected an invalid SASL authentication mechanism");
  }
  std::string_view rest = payload.substr(nul + 1);
  if (rest.size() < 4) return Malformed("malformed SASLInitialResponse message");
  int32_t len = (int32_t(uint8_t(rest[0])) << 24) | (int32_t(uint8_t(rest[1])) << 16) |
                (int32_t(uint8_t(rest[2])) << 8) | int32_t(uint8_t(rest[3]));
  rest.remove_prefix(4);
  if (len < 0 || static_cast<size_t>(len) != rest.size()) {
    return Malformed("malformed SASLInitialResponse message");
  }
  // client-first-message = gs2-header client-first-message-bare
  // gs2-header = ("n" | "y" | "p=" cb-name) "," [authzid] ","
  std::string_view msg = rest;
  if (msg.empty()) return Malformed("malformed SCRAM message (empty message)");
  char flag = msg[0];
  if (flag == 'p') {
    return Malformed("channel binding is not supported by this server");
  }
  if ((flag != 'n' && flag != 'y') || msg.size() < 2 || msg[1] != ',') {
    return Malformed("malformed SCRAM message (unexpected channel-binding flag)");
  }
  size_t second = msg.find(',', 2);
  if (second == std::string_view::npos) return Malformed("malformed SCRAM message");
  if (second != 2) {
    return Status::NotSupported("client uses authorization identity, but it is not supported");
  }
  gs2_header_ = std::string(msg.substr(0, second + 1));
  client_first_bare_ = std::string(msg.substr(second + 1));
  std::vector<std::string_view> parts = SplitComma(client_first_bare_);
  std::string_view value;
  if (parts.size() < 2 || !Attribute(parts[0], 'n', &value)) {
    return Malformed("malformed SCRAM message (username expected)");
  }
  // The user name in the message is ignored (libpq sends an empty one).
  std::string_view client_nonce;
  if (!Attribute(parts[1], 'r', &client_nonce) || client_nonce.empty()) {
    return Malformed("malformed SCRAM message (nonce expected)");
  }
  nonce_ = std::string(client_nonce) + MakeNonce();
  server_first_ = "r=" + nonce_ + ",s=" + crypto::Base64Encode(verifier_.salt) +
                  ",i=" + std::to_string(verifier_.iterations);
  state_ = State::kScramFinal;
  WriteAuthRequest(w, kAuthSaslContinue, server_first_);
  return false;
}

Result<bool> Authenticator::ScramFinal(std::string_view payload, MessageWriter* w) {
  // client-final-message = "c=" base64(gs2-header) ",r=" nonce ["," ext] ",p=" proof
  std::string_view msg = payload;
  size_t proof_at = msg.rfind(",p=");
  if (proof_at == std::string_view::npos) {
    return Malformed("malformed SCRAM message (proof expected)");
  }
  std::string_view without_proof = msg.substr(0, proof_at);
  std::vector<std::string_view> parts = SplitComma(without_proof);
  std::string_view cbind, nonce;
  if (parts.size() < 2 || !Attribute(parts[0], 'c', &cbind) || !Attribute(parts[1], 'r', &nonce)) {
    return Malformed("malformed SCRAM message");
  }
  std::string cbind_raw;
  if (!crypto::Base64Decode(cbind, &cbind_raw) || cbind_raw != gs2_header_) {
    return Malformed("SCRAM channel binding check failed");
  }
  if (nonce != nonce_) return Malformed("SCRAM nonce mismatch");
  std::string proof;
  if (!crypto::Base64Decode(msg.substr(proof_at + 3), &proof) || proof.size() != 32) {
    return Malformed("malformed SCRAM message (malformed proof in client-final-message)");
  }
  std::string auth_message =
      client_first_bare_ + "," + server_first_ + "," + std::string(without_proof);
  std::string client_signature = crypto::HmacSha256(verifier_.stored_key, auth_message);
  std::string client_key(32, '\0');
  for (size_t i = 0; i < 32; ++i) client_key[i] = static_cast<char>(proof[i] ^ client_signature[i]);
  if (!usable_ || !crypto::ConstantTimeEquals(crypto::Sha256(client_key), verifier_.stored_key)) {
    return Failed();
  }
  std::string server_signature = crypto::HmacSha256(verifier_.server_key, auth_message);
  WriteAuthRequest(w, kAuthSaslFinal, "v=" + crypto::Base64Encode(server_signature));
  state_ = State::kDone;
  WriteAuthenticationOk(w);
  return true;
}

}  // namespace kappa::pgwire
