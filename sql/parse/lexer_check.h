// A self-check of sql/parse's hand-written lexer (sql_lexer.h) against the
// lexer generated from grammar/KappaSqlLexer.g4, for tests. No ANTLR here.
#pragma once

#include <string>
#include <string_view>

namespace kappa::parse {

// Lexes `sql` with both lexers; returns "" if they produce the same tokens
// (type and position), else a description of the first difference.
std::string DiffAgainstGeneratedLexer(std::string_view sql);

}  // namespace kappa::parse
