// Lexical helpers: the text of identifier and string-literal tokens as the
// AST stores it. No ANTLR here.
#pragma once

#include <string>
#include <string_view>

#include "common/status.h"

namespace kappa::parse {

// Unquoted identifiers and keywords used as names: ASCII letters lower-cased
// (PostgreSQL's downcase_identifier; other characters are kept).
std::string FoldIdentifier(std::string_view text);

// "Foo""bar" -> Foo"bar (case kept).
std::string UnquoteIdentifier(std::string_view token);

// 'it''s' -> it's, and N'...' likewise.
std::string UnquoteString(std::string_view token);

// E'a\tb\x41\u00e9''' -> the bytes. Escapes: \b \f \n \r \t, \ooo (octal),
// \xhh, \uXXXX, \UXXXXXXXX, \<any other char> -> that char; '' -> '.
// Errors: 22021 if the result is not valid UTF-8 or contains NUL; 22025 for a
// malformed Unicode escape. The position is left unset.
Result<std::string> UnescapeEString(std::string_view token);

// $tag$body$tag$ -> body.
std::string DollarStringBody(std::string_view token);

// Upper-cases ASCII letters (FORMAT plain -> PLAIN).
std::string UpperAscii(std::string_view text);

}  // namespace kappa::parse
