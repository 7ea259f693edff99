#include "sql/parse/error_listener.h"

namespace kappa::parse {

void SyntaxErrorListener::syntaxError(antlr4::Recognizer* /*recognizer*/,
                                      antlr4::Token* offending_symbol, size_t /*line*/,
                                      size_t /*char_position_in_line*/,
                                      const std::string& /*msg*/, std::exception_ptr /*e*/) {
  throw SyntaxErrorFound{offending_symbol};
}

}  // namespace kappa::parse
