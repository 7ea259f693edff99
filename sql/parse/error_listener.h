// SyntaxErrorListener: receives ANTLR's first syntax error in the LL stage
// and stops the parse by throwing SyntaxErrorFound; ParseSql turns it into a
// PostgreSQL-style 42601 Status.
#pragma once

#include <cstddef>
#include <exception>

#include "BaseErrorListener.h"

namespace kappa::parse {

// Thrown out of the parser by SyntaxErrorListener; caught in ParseSql.
struct SyntaxErrorFound {
  antlr4::Token* offending;  // owned by the token stream; may be null (lexer errors)
};

class SyntaxErrorListener : public antlr4::BaseErrorListener {
 public:
  void syntaxError(antlr4::Recognizer* recognizer, antlr4::Token* offending_symbol, size_t line,
                   size_t char_position_in_line, const std::string& msg,
                   std::exception_ptr e) override;
};

}  // namespace kappa::parse
