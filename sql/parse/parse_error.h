// ParseError: how errors travel inside sql/parse.
//
// The AST builder walks a deep tree; rather than threading a Status through
// every helper it throws ParseError, and ParseSql (parser.cc) turns it back
// into a Status. ParseError never leaves sql/parse.
#pragma once

#include <string>
#include <utility>

#include "common/status.h"

namespace kappa::parse {

struct ParseError {
  Status status;
};

// Throws a 42601 syntax error with PostgreSQL's wording at `position`
// (1-based character offset, 0 = unknown).
[[noreturn]] inline void ThrowSyntaxError(std::string message, int position) {
  throw ParseError{Status::Error(sqlstate::kSyntaxError, std::move(message), position)};
}

[[noreturn]] inline void ThrowError(const char* sqlstate, std::string message, int position) {
  throw ParseError{Status::Error(sqlstate, std::move(message), position)};
}

[[noreturn]] inline void ThrowNotSupported(std::string message, int position) {
  throw ParseError{Status::NotSupported(std::move(message), position)};
}

}  // namespace kappa::parse
