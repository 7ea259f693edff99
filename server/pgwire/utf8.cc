#include "server/pgwire/utf8.h"

#include <cstdint>
#include <cstring>

namespace kappa::pgwire {

namespace {

Status InvalidSequence(const unsigned char* p, size_t available, size_t seq_len) {
  std::string bytes;
  size_t n = seq_len < 1 ? 1 : seq_len;
  if (n > available) n = available;
  static const char* kHex = "0123456789abcdef";
  for (size_t i = 0; i < n; ++i) {
    if (i > 0) bytes.push_back(' ');
    bytes += "0x";
    bytes.push_back(kHex[p[i] >> 4]);
    bytes.push_back(kHex[p[i] & 0xf]);
  }
  return Status::Error(sqlstate::kCharacterNotInRepertoire,
                       "invalid byte sequence for encoding \"UTF8\": " + bytes);
}

// Length of the UTF-8 sequence that starts with `lead`, 0 if it cannot start one.
size_t SequenceLength(unsigned char lead) {
  if (lead < 0x80) return 1;
  if (lead >= 0xc2 && lead <= 0xdf) return 2;
  if (lead >= 0xe0 && lead <= 0xef) return 3;
  if (lead >= 0xf0 && lead <= 0xf4) return 4;
  return 0;
}

}  // namespace

Status ValidateUtf8(std::string_view text) {
  const auto* p = reinterpret_cast<const unsigned char*>(text.data());
  const size_t n = text.size();
  size_t i = 0;
  while (i < n) {
    // Fast path: 8 ASCII bytes without NUL at a time.
    if (i + 8 <= n) {
      uint64_t w;
      std::memcpy(&w, p + i, 8);
      const uint64_t high = w & 0x8080808080808080ULL;
      const uint64_t zero = (w - 0x0101010101010101ULL) & ~w & 0x8080808080808080ULL;
      if (high == 0 && zero == 0) {
        i += 8;
        continue;
      }
    }
    const unsigned char c = p[i];
    if (c == 0) return InvalidSequence(p + i, n - i, 1);
    if (c < 0x80) {
      ++i;
      continue;
    }
    const size_t len = SequenceLength(c);
    if (len == 0 || i + len > n) return InvalidSequence(p + i, n - i, len == 0 ? 1 : len);
    const unsigned char c1 = p[i + 1];
    bool ok = (c1 & 0xc0) == 0x80;
    if (ok && len >= 3) {
      // No overlong 3/4-byte forms, no surrogates, nothing above U+10FFFF.
      if (c == 0xe0 && c1 < 0xa0) ok = false;
      if (c == 0xed && c1 > 0x9f) ok = false;
      if (c == 0xf0 && c1 < 0x90) ok = false;
      if (c == 0xf4 && c1 > 0x8f) ok = false;
      for (size_t k = 2; k < len && ok; ++k) ok = (p[i + k] & 0xc0) == 0x80;
    }
    if (!ok) return InvalidSequence(p + i, n - i, len);
    i += len;
  }
  return Status::OK();
}

}  // namespace kappa::pgwire
