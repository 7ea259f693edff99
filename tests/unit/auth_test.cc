// Password hashing, the SCRAM-SHA-256 exchange (RFC 7677's test vector) and
// the role catalog's serialization.
#include <doctest/doctest.h>

#include <string>
#include <vector>

#include "common/password_crypto.h"
#include "server/pgwire/auth.h"
#include "server/pgwire/message_writer.h"
#include "sql/role_catalog.h"

namespace kappa {
namespace {

using namespace crypto;

std::string Xor(const std::string& a, const std::string& b) {
  std::string out(a.size(), '\0');
  for (size_t i = 0; i < a.size(); ++i) out[i] = static_cast<char>(a[i] ^ b[i]);
  return out;
}

int32_t Int32At(const std::string& s, size_t at) {
  return (int32_t(uint8_t(s[at])) << 24) | (int32_t(uint8_t(s[at + 1])) << 16) |
         (int32_t(uint8_t(s[at + 2])) << 8) | int32_t(uint8_t(s[at + 3]));
}

// The body of the single 'R' message in `w` after its int32 code; checks the code.
std::string AuthBody(pgwire::MessageWriter* w, int32_t code) {
  std::string data = w->Take();
  REQUIRE(data.size() >= 9);
  CHECK(data[0] == 'R');
  CHECK(Int32At(data, 5) == code);
  int32_t len = Int32At(data, 1);
  return data.substr(9, len - 8);
}

}  // namespace

TEST_CASE("base64 round trips") {
  for (const std::string& s : std::vector<std::string>{"", "a", "ab", "abc", "abcd", std::string("\0\xff\x10", 3)}) {
    std::string back;
    REQUIRE(Base64Decode(Base64Encode(s), &back));
    CHECK(back == s);
  }
  CHECK(Base64Encode("n,,") == "biws");
  std::string out;
  CHECK_FALSE(Base64Decode("abc", &out));
  CHECK_FALSE(Base64Decode("a=bc", &out));
}

TEST_CASE("MD5 password hashes as PostgreSQL") {
  CHECK(Md5PasswordHash("secret", "alice") == "md54a0a68b43b6cd5cf266fa02f196e2371");
  CHECK(Md5SaltedResponse("md54a0a68b43b6cd5cf266fa02f196e2371", "\x01\x02\x03\x04") ==
        "md598a0412b9c31436fc53776e863350083");
}

TEST_CASE("SCRAM-SHA-256: RFC 7677 test vector") {
  std::string salt;
  REQUIRE(Base64Decode("W22ZaJ0SNY7soEsUEjb6gQ==", &salt));
  ScramVerifier v = MakeScramVerifier("pencil", salt, 4096);
  const std::string client_first_bare = "n=user,r=rOprNGfwEbeRWgbNEkqO";
  const std::string server_first =
      "r=rOprNGfwEbeRWgbNEkqO%hvYDpWUa2RaTCAfuxFIlj)hNlF$k0,s=W22ZaJ0SNY7soEsUEjb6gQ==,i=4096";
  const std::string final_without_proof =
      "c=biws,r=rOprNGfwEbeRWgbNEkqO%hvYDpWUa2RaTCAfuxFIlj)hNlF$k0";
  const std::string auth_message = client_first_bare + "," + server_first + "," +
                                   final_without_proof;
  std::string salted = Pbkdf2Sha256("pencil", salt, 4096);
  std::string client_key = HmacSha256(salted, "Client Key");
  CHECK(Sha256(client_key) == v.stored_key);
  std::string proof = Xor(client_key, HmacSha256(v.stored_key, auth_message));
  CHECK(Base64Encode(proof) == "dHzbZapWIk4jUhN+Ute9ytag9zjfMHgsqmmiz7AndVQ=");
  CHECK(Base64Encode(HmacSha256(v.server_key, auth_message)) ==
        "6rriTRBi23WpRR/wtup+mMhUZUn/dB5nLTJRsjl95G4=");

  ScramVerifier parsed;
  REQUIRE(ParseScramVerifier(FormatScramVerifier(v), &parsed));
  CHECK(parsed.iterations == 4096);
  CHECK(parsed.salt == salt);
  CHECK(parsed.stored_key == v.stored_key);
  CHECK(parsed.server_key == v.server_key);
  CHECK_FALSE(ParseScramVerifier("md5abc", &parsed));
}

namespace {

// A client side of SCRAM-SHA-256 (as libpq) against the Authenticator.
// Returns the status of the final step.
Result<bool> RunScram(const RoleInfoPtr& role, const std::string& password,
                      std::string* server_final = nullptr) {
  pgwire::Authenticator auth(pgwire::AuthMethod::kScramSha256, "alice", role);
  pgwire::MessageWriter w;
  Result<bool> r = auth.Start(&w);
  if (!r.ok()) return r;
  CHECK(AuthBody(&w, 10) == std::string("SCRAM-SHA-256\0\0", 15));
  const std::string client_nonce = "fyko+d2lbbFgONRv9qkxdawL";
  const std::string first_bare = "n=,r=" + client_nonce;
  std::string client_first = "n,," + first_bare;
  std::string msg = std::string("SCRAM-SHA-256") + '\0';
  pgwire::AppendInt32(&msg, static_cast<int32_t>(client_first.size()));
  msg += client_first;
  r = auth.OnPasswordMessage(msg, &w);
  if (!r.ok()) return r;
  std::string server_first = AuthBody(&w, 11);
  // r=<nonce>,s=<salt>,i=<iterations>
  size_t s_at = server_first.find(",s=");
  size_t i_at = server_first.find(",i=");
  std::string nonce = server_first.substr(2, s_at - 2);
  CHECK(nonce.rfind(client_nonce, 0) == 0);
  std::string salt;
  REQUIRE(Base64Decode(server_first.substr(s_at + 3, i_at - s_at - 3), &salt));
  int iterations = std::stoi(server_first.substr(i_at + 3));
  std::string without_proof = "c=biws,r=" + nonce;
  std::string auth_message = first_bare + "," + server_first + "," + without_proof;
  std::string salted = Pbkdf2Sha256(password, salt, iterations);
  std::string client_key = HmacSha256(salted, "Client Key");
  std::string proof = Xor(client_key, HmacSha256(Sha256(client_key), auth_message));
  r = auth.OnPasswordMessage(without_proof + ",p=" + Base64Encode(proof), &w);
  if (r.ok() && server_final != nullptr) {
    *server_final = AuthBody(&w, 12);
    std::string expect =
        "v=" + Base64Encode(HmacSha256(HmacSha256(salted, "Server Key"), auth_message));
    CHECK(*server_final == expect);
  }
  return r;
}

RoleInfoPtr Alice(const std::string& password, bool login = true) {
  auto role = std::make_shared<RoleInfo>();
  role->oid = 16385;
  role->name = "alice";
  role->can_login = login;
  role->scram_verifier = FormatScramVerifier(MakeScramVerifier(password));
  role->md5_hash = Md5PasswordHash(password, "alice");
  return role;
}

}  // namespace

TEST_CASE("Authenticator: SCRAM-SHA-256 exchange") {
  std::string final;
  Result<bool> ok = RunScram(Alice("s3cret"), "s3cret", &final);
  REQUIRE(ok.ok());
  CHECK(*ok);
  Result<bool> bad = RunScram(Alice("s3cret"), "wrong");
  REQUIRE_FALSE(bad.ok());
  CHECK(bad.status().sqlstate() == "28P01");
  CHECK(bad.status().message() == "password authentication failed for user \"alice\"");
  Result<bool> unknown = RunScram(nullptr, "s3cret");
  REQUIRE_FALSE(unknown.ok());
  CHECK(unknown.status().sqlstate() == "28P01");
  Result<bool> nologin = RunScram(Alice("s3cret", false), "s3cret");
  REQUIRE_FALSE(nologin.ok());
  CHECK(nologin.status().sqlstate() == "28000");
}

TEST_CASE("Authenticator: cleartext and MD5") {
  for (const char* pw : {"s3cret", "wrong"}) {
    pgwire::Authenticator auth(pgwire::AuthMethod::kPassword, "alice", Alice("s3cret"));
    pgwire::MessageWriter w;
    REQUIRE(auth.Start(&w).ok());
    CHECK(AuthBody(&w, 3).empty());
    Result<bool> r = auth.OnPasswordMessage(std::string(pw) + '\0', &w);
    CHECK(r.ok() == (std::string(pw) == "s3cret"));
  }
  for (const char* pw : {"s3cret", "wrong"}) {
    pgwire::Authenticator auth(pgwire::AuthMethod::kMd5, "alice", Alice("s3cret"));
    pgwire::MessageWriter w;
    REQUIRE(auth.Start(&w).ok());
    std::string salt = AuthBody(&w, 5);
    REQUIRE(salt.size() == 4);
    Result<bool> r =
        auth.OnPasswordMessage(Md5SaltedResponse(Md5PasswordHash(pw, "alice"), salt) + '\0', &w);
    CHECK(r.ok() == (std::string(pw) == "s3cret"));
    if (!r.ok()) CHECK(r.status().sqlstate() == "28P01");
  }
}

TEST_CASE("role catalog entries round trip") {
  RoleInfo role;
  role.oid = 16390;
  role.name = "bob";
  role.superuser = false;
  role.can_login = true;
  role.scram_verifier = FormatScramVerifier(MakeScramVerifier("pw"));
  role.md5_hash = Md5PasswordHash("pw", "bob");
  role.table_privileges[16384] = kPrivSelect | kPrivInsert;
  Result<RoleInfo> back = RoleCatalog::Deserialize(RoleCatalog::Serialize(role));
  REQUIRE(back.ok());
  CHECK(back->oid == role.oid);
  CHECK(back->name == "bob");
  CHECK(back->can_login);
  CHECK_FALSE(back->superuser);
  CHECK(back->scram_verifier == role.scram_verifier);
  CHECK(back->md5_hash == role.md5_hash);
  CHECK(back->table_privileges == role.table_privileges);
  CHECK_FALSE(RoleCatalog::Deserialize("\x01\x02").ok());
}

}  // namespace kappa
