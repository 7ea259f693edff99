#include "sql/parse/literals.h"

#include "sql/parse/source_text.h"

namespace kappa::parse {
namespace {

int HexValue(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

void AppendUtf8(char32_t cp, std::string* out) {
  if (cp < 0x80) {
    out->push_back(static_cast<char>(cp));
  } else if (cp < 0x800) {
    out->push_back(static_cast<char>(0xC0 | (cp >> 6)));
    out->push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  } else if (cp < 0x10000) {
    out->push_back(static_cast<char>(0xE0 | (cp >> 12)));
    out->push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
    out->push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  } else {
    out->push_back(static_cast<char>(0xF0 | (cp >> 18)));
    out->push_back(static_cast<char>(0x80 | ((cp >> 12) & 0x3F)));
    out->push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
    out->push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  }
}

// PostgreSQL: "invalid Unicode escape" for a malformed escape, "... value" for a
// well-formed one naming no valid character.
Status InvalidUnicodeEscape(bool malformed = false) {
  return Status::Error(sqlstate::kInvalidEscapeSequence,
                       malformed ? "invalid Unicode escape" : "invalid Unicode escape value");
}

// Reads `digits` hex digits at body[i]; -1 if malformed.
long ReadHex(std::string_view body, size_t i, int digits) {
  if (i + digits > body.size()) return -1;
  long v = 0;
  for (int k = 0; k < digits; ++k) {
    int h = HexValue(body[i + k]);
    if (h < 0) return -1;
    v = v * 16 + h;
  }
  return v;
}

}  // namespace

std::string FoldIdentifier(std::string_view text) {
  std::string out(text);
  for (char& c : out) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  }
  return out;
}

std::string UpperAscii(std::string_view text) {
  std::string out(text);
  for (char& c : out) {
    if (c >= 'a' && c <= 'z') c = static_cast<char>(c - 'a' + 'A');
  }
  return out;
}

std::string UnquoteIdentifier(std::string_view token) {
  std::string out;
  std::string_view body = token.substr(1, token.size() - 2);
  out.reserve(body.size());
  for (size_t i = 0; i < body.size(); ++i) {
    out.push_back(body[i]);
    if (body[i] == '"') ++i;  // "" -> "
  }
  return out;
}

std::string UnquoteString(std::string_view token) {
  size_t open = token.find('\'');
  std::string_view body = token.substr(open + 1, token.size() - open - 2);
  std::string out;
  out.reserve(body.size());
  for (size_t i = 0; i < body.size(); ++i) {
    out.push_back(body[i]);
    if (body[i] == '\'') ++i;  // '' -> '
  }
  return out;
}

Result<std::string> UnescapeEString(std::string_view token) {
  std::string_view body = token.substr(2, token.size() - 3);  // E'...'
  std::string out;
  out.reserve(body.size());
  for (size_t i = 0; i < body.size(); ++i) {
    char c = body[i];
    if (c == '\'') {  // '' -> '
      out.push_back('\'');
      ++i;
      continue;
    }
    if (c != '\\' || i + 1 >= body.size()) {
      out.push_back(c);
      continue;
    }
    char e = body[++i];
    switch (e) {
      case 'b': out.push_back('\b'); break;
      case 'f': out.push_back('\f'); break;
      case 'n': out.push_back('\n'); break;
      case 'r': out.push_back('\r'); break;
      case 't': out.push_back('\t'); break;
      case 'x': {
        int v = -1;
        if (i + 1 < body.size() && HexValue(body[i + 1]) >= 0) {
          v = HexValue(body[++i]);
          if (i + 1 < body.size() && HexValue(body[i + 1]) >= 0) v = v * 16 + HexValue(body[++i]);
        }
        if (v < 0) {
          out.push_back('x');  // "\x" without digits is a plain x, as in PostgreSQL
        } else {
          out.push_back(static_cast<char>(v));
        }
        break;
      }
      case 'u':
      case 'U': {
        int digits = e == 'u' ? 4 : 8;
        long cp = ReadHex(body, i + 1, digits);
        if (cp < 0) return InvalidUnicodeEscape(/*malformed=*/true);
        i += digits;
        if (cp >= 0xD800 && cp <= 0xDBFF) {  // a surrogate pair written as two \u escapes
          if (i + 2 < body.size() && body[i + 1] == '\\' && body[i + 2] == 'u') {
            long low = ReadHex(body, i + 3, 4);
            if (low < 0xDC00 || low > 0xDFFF) return InvalidUnicodeEscape();
            cp = 0x10000 + ((cp - 0xD800) << 10) + (low - 0xDC00);
            i += 6;
          } else {
            return InvalidUnicodeEscape();
          }
        } else if ((cp >= 0xDC00 && cp <= 0xDFFF) || cp == 0 || cp > 0x10FFFF) {
          return InvalidUnicodeEscape();
        }
        AppendUtf8(static_cast<char32_t>(cp), &out);
        break;
      }
      default:
        if (e >= '0' && e <= '7') {
          int v = e - '0';
          for (int k = 0; k < 2 && i + 1 < body.size() && body[i + 1] >= '0' && body[i + 1] <= '7';
               ++k) {
            v = v * 8 + (body[++i] - '0');
          }
          out.push_back(static_cast<char>(v & 0xFF));
        } else {
          out.push_back(e);
        }
        break;
    }
  }
  Status valid = ValidateUtf8(out);
  if (!valid.ok()) return valid;
  return out;
}

std::string DollarStringBody(std::string_view token) {
  size_t tag_len = token.find('$', 1) + 1;
  return std::string(token.substr(tag_len, token.size() - 2 * tag_len));
}

}  // namespace kappa::parse
