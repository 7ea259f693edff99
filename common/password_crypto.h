// Password hashing for authentication, exactly as PostgreSQL does it
// (OpenSSL underneath):
//
//   MD5:   stored "md5" + hex(md5(password || user)); the client answers a
//          4-byte salt with "md5" + hex(md5(hex(md5(password || user)) || salt)).
//   SCRAM-SHA-256 (RFC 5802 / RFC 7677): stored verifier
//          "SCRAM-SHA-256$<iterations>:<base64 salt>$<base64 StoredKey>:<base64 ServerKey>",
//          SaltedPassword = PBKDF2-HMAC-SHA-256(password, salt, iterations),
//          ClientKey = HMAC(SaltedPassword, "Client Key"), StoredKey = SHA-256(ClientKey),
//          ServerKey = HMAC(SaltedPassword, "Server Key").
//
// Passwords are used as given (no SASLprep normalisation: PostgreSQL falls
// back to the raw bytes too when a password is not valid UTF-8 / prohibited).
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "common/status.h"

namespace kappa::crypto {

std::string Base64Encode(std::string_view bytes);
// False on malformed input.
bool Base64Decode(std::string_view text, std::string* out);

std::string Md5Hex(std::string_view data);
std::string Sha256(std::string_view data);
std::string HmacSha256(std::string_view key, std::string_view data);
std::string Pbkdf2Sha256(std::string_view password, std::string_view salt, int iterations);
// Cryptographically random bytes.
std::string RandomBytes(size_t n);
// Compares in time independent of where the strings differ.
bool ConstantTimeEquals(std::string_view a, std::string_view b);

// "md5" + hex(md5(password || user)).
std::string Md5PasswordHash(std::string_view password, std::string_view user);
// What a client sends for MD5 authentication given the stored hash.
std::string Md5SaltedResponse(std::string_view stored_md5_hash, std::string_view salt4);

struct ScramVerifier {
  int iterations = 4096;
  std::string salt;        // raw bytes
  std::string stored_key;  // 32 raw bytes
  std::string server_key;  // 32 raw bytes
};

constexpr int kScramIterations = 4096;  // PostgreSQL's scram_iterations default

// Builds a verifier with a random 16-byte salt (or `salt` if not empty).
ScramVerifier MakeScramVerifier(std::string_view password, std::string_view salt = {},
                                int iterations = kScramIterations);
std::string FormatScramVerifier(const ScramVerifier& v);
// 28P01-free parse: false if `text` is not a SCRAM-SHA-256 verifier.
bool ParseScramVerifier(std::string_view text, ScramVerifier* out);

}  // namespace kappa::crypto
