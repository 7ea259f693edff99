// SqlLexer: the hand-written lexer ParseSql uses instead of the generated
// KappaSqlLexer, for speed (ANTLR's C++ lexer costs ~0.5 us per token; this
// one a few ns).
//
// grammar/KappaSqlLexer.g4 stays the specification: token types, keyword
// spellings and operator spellings are all taken from the generated lexer's
// vocabulary, and DiffAgainstGeneratedLexer() (lexer_check.h; run by the unit tests over
// every test input) checks that both lexers produce the same tokens.
#pragma once

#include <memory>
#include <string>
#include <string_view>

#include "CommonTokenFactory.h"
#include "Token.h"
#include "TokenSource.h"
#include "sql/parse/lexer_check.h"
#include "sql/parse/source_text.h"

namespace kappa::parse {

class SqlLexer : public antlr4::TokenSource {
 public:
  // `input` is the char stream tokens refer to for their text (may be null).
  SqlLexer(const SourceText& source, antlr4::CharStream* input)
      : source_(source), n_(source.size()), input_(input) {}

  std::unique_ptr<antlr4::Token> nextToken() override;
  size_t getLine() const override { return 1; }
  size_t getCharPositionInLine() override { return pos_; }
  antlr4::CharStream* getInputStream() override { return input_; }
  std::string getSourceName() override { return "sql"; }
  antlr4::TokenFactory<antlr4::CommonToken>* getTokenFactory() override {
    return antlr4::CommonTokenFactory::DEFAULT.get();
  }

 private:
  std::unique_ptr<antlr4::Token> Make(size_t type, size_t start, size_t stop_exclusive);
  // Code point i, or 0 past the end.
  char32_t At(size_t i) const { return i < n_ ? source_.At(i) : 0; }
  // At an opening quote: advances past the closing one (a doubled quote is
  // part of the text); false if the input ends first.
  bool ScanQuoted(char32_t quote, bool backslash_escapes);
  size_t ScanNumber();

  const SourceText& source_;
  const size_t n_;
  antlr4::CharStream* input_;
  size_t pos_ = 0;
};

}  // namespace kappa::parse
