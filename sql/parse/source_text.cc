#include "sql/parse/source_text.h"

#include <cstdio>

namespace kappa::parse {
namespace {

// PostgreSQL reports the bytes of the bad sequence: 0xc3 0x28.
Status InvalidSequence(std::string_view bytes, size_t at, size_t len) {
  std::string shown;
  for (size_t i = 0; i < len && at + i < bytes.size(); ++i) {
    char buf[8];
    std::snprintf(buf, sizeof(buf), "%s0x%02x", i == 0 ? "" : " ",
                  static_cast<unsigned char>(bytes[at + i]));
    shown += buf;
  }
  return Status::Error(sqlstate::kCharacterNotInRepertoire,
                       "invalid byte sequence for encoding \"UTF8\": " + shown);
}

// Decodes one code point at bytes[i]; returns its length, or 0 if invalid
// (then *bad_len is how many bytes to show in the error).
size_t DecodeOne(std::string_view bytes, size_t i, char32_t* out, size_t* bad_len) {
  const auto b0 = static_cast<unsigned char>(bytes[i]);
  if (b0 < 0x80) {
    *out = b0;
    if (b0 == 0) {
      *bad_len = 1;
      return 0;
    }
    return 1;
  }
  size_t len;
  char32_t cp;
  if (b0 >= 0xC2 && b0 <= 0xDF) {
    len = 2;
    cp = b0 & 0x1F;
  } else if (b0 >= 0xE0 && b0 <= 0xEF) {
    len = 3;
    cp = b0 & 0x0F;
  } else if (b0 >= 0xF0 && b0 <= 0xF4) {
    len = 4;
    cp = b0 & 0x07;
  } else {
    *bad_len = 1;
    return 0;
  }
  *bad_len = len;
  if (i + len > bytes.size()) {
    *bad_len = bytes.size() - i;
    return 0;
  }
  for (size_t k = 1; k < len; ++k) {
    const auto b = static_cast<unsigned char>(bytes[i + k]);
    if ((b & 0xC0) != 0x80) {
      *bad_len = k + 1;
      return 0;
    }
    cp = (cp << 6) | (b & 0x3F);
  }
  // Overlong forms, surrogates and values past U+10FFFF.
  if ((len == 3 && cp < 0x800) || (len == 4 && (cp < 0x10000 || cp > 0x10FFFF)) ||
      (cp >= 0xD800 && cp <= 0xDFFF)) {
    return 0;
  }
  *out = cp;
  return len;
}

}  // namespace

Result<SourceText> SourceText::Decode(std::string_view sql) {
  SourceText text;
  text.sql_ = sql;
  size_t i = 0;
  while (i < sql.size() && static_cast<unsigned char>(sql[i]) - 1u < 0x7Fu) ++i;  // 1..127
  if (i == sql.size()) {
    text.size_ = sql.size();
    return text;
  }
  text.ascii_ = false;
  text.code_points_.reserve(sql.size());
  text.byte_offsets_.reserve(sql.size() + 1);
  for (size_t k = 0; k < i; ++k) {
    text.code_points_.push_back(static_cast<unsigned char>(sql[k]));
    text.byte_offsets_.push_back(static_cast<uint32_t>(k));
  }
  while (i < sql.size()) {
    char32_t cp = 0;
    size_t bad_len = 0;
    size_t len = DecodeOne(sql, i, &cp, &bad_len);
    if (len == 0) return InvalidSequence(sql, i, bad_len);
    text.byte_offsets_.push_back(static_cast<uint32_t>(i));
    text.code_points_.push_back(cp);
    i += len;
  }
  text.byte_offsets_.push_back(static_cast<uint32_t>(sql.size()));
  text.size_ = text.code_points_.size();
  return text;
}

std::u32string SourceText::CodePoints() const {
  if (!ascii_) return code_points_;
  return std::u32string(sql_.begin(), sql_.end());
}

Status ValidateUtf8(std::string_view bytes) {
  for (size_t i = 0; i < bytes.size();) {
    char32_t cp = 0;
    size_t bad_len = 0;
    size_t len = DecodeOne(bytes, i, &cp, &bad_len);
    if (len == 0) return InvalidSequence(bytes, i, bad_len);
    i += len;
  }
  return Status::OK();
}

}  // namespace kappa::parse
