// SourceText: the SQL string being parsed, as ANTLR sees it (code points)
// and as the rest of kappadb sees it (UTF-8 bytes).
//
// ANTLR token positions are code-point indexes; PostgreSQL's error positions
// are 1-based character offsets (the same thing plus one), while statement
// text ranges (ast::Statement::text_begin/text_end) are byte offsets. This
// class decodes once and maps between the two.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "common/status.h"

namespace kappa::parse {

class SourceText {
 public:
  // Decodes `sql` (which must outlive this object). Errors: 22021
  // `invalid byte sequence for encoding "UTF8": 0x..` for malformed UTF-8
  // (overlong forms, surrogates, bytes past U+10FFFF included) and for NUL.
  static Result<SourceText> Decode(std::string_view sql);

  std::string_view sql() const { return sql_; }
  // Number of code points.
  size_t size() const { return size_; }
  // Code point `i` (< size()). Pure-ASCII text (the common case) is read
  // straight from the bytes; only other text is decoded into a buffer.
  char32_t At(size_t i) const {
    return ascii_ ? static_cast<unsigned char>(sql_[i]) : code_points_[i];
  }
  // All code points, for ANTLR's char streams (builds a copy).
  std::u32string CodePoints() const;

  // Byte offset of code point `cp` (cp == size() gives sql().size()).
  size_t ByteOffset(size_t cp) const {
    return byte_offsets_.empty() ? cp : byte_offsets_[cp];
  }
  // The UTF-8 text of code points [begin, end).
  std::string_view Slice(size_t begin, size_t end) const {
    size_t b = ByteOffset(begin);
    return sql_.substr(b, ByteOffset(end) - b);
  }

 private:
  std::string_view sql_;
  size_t size_ = 0;
  bool ascii_ = true;
  std::u32string code_points_;          // empty when the text is pure ASCII
  std::vector<uint32_t> byte_offsets_;  // empty when the text is pure ASCII
};

// Validates UTF-8 without decoding; returns the 22021 error PostgreSQL gives,
// or OK. Used for the results of E'\xNN' escapes as well.
Status ValidateUtf8(std::string_view bytes);

}  // namespace kappa::parse
