// LIKE/ILIKE patterns (% any sequence, _ any one character, backslash
// escapes the next character) and POSIX-style regular expressions for
// ~, ~*, !~, !~* and regexp_replace. Patterns are compiled once and matched
// many times; callers keep one compiled pattern per distinct pattern text
// within a chunk.
#pragma once

#include <memory>
#include <regex>
#include <string>
#include <string_view>
#include <vector>

#include "common/status.h"

namespace kappa {

class LikePattern {
 public:
  static Result<LikePattern> Compile(std::string_view pattern, bool case_insensitive);
  // Sets *error (22025 "LIKE pattern must not end with escape character")
  // when matching reaches a trailing escape character, as PostgreSQL does.
  bool Matches(std::string_view text, bool* error) const;

 private:
  enum class Kind : uint8_t { kLiteral, kAnyChar, kAnySeq, kTrailingEscape };
  struct Token {
    Kind kind;
    std::string literal;  // kLiteral
  };
  bool MatchFrom(size_t tok, std::string_view text, bool* error) const;

  std::vector<Token> tokens_;
  bool case_insensitive_ = false;
};

class RegexPattern {
 public:
  // 2201B "invalid regular expression: ..." on a bad pattern.
  static Result<RegexPattern> Compile(std::string_view pattern, bool case_insensitive);
  // Whether the pattern matches anywhere in text.
  bool Search(std::string_view text) const;
  // regexp_replace with PostgreSQL's replacement syntax (\1..\9, \&, &).
  std::string Replace(std::string_view text, std::string_view replacement, bool global) const;
  // substring(text from pattern): the first parenthesized group if any,
  // else the whole match; false when there is no match.
  bool Substring(std::string_view text, std::string* out) const;

 private:
  std::shared_ptr<std::regex> re_;
};

}  // namespace kappa
