#include "sql/parse/parser.h"

#include <memory>
#include <new>
#include <string>
#include <utility>

#include "BailErrorStrategy.h"
#include "CommonTokenStream.h"
#include "DefaultErrorStrategy.h"
#include "Exceptions.h"
#include "KappaSqlParser.h"
#include "atn/ParserATNSimulator.h"
#include "atn/PredictionMode.h"
#include "sql/parse/ast_builder.h"
#include "sql/parse/error_listener.h"
#include "sql/parse/parse_error.h"
#include "sql/parse/source_text.h"
#include "sql/parse/sql_lexer.h"
#include "sql/parse/stack_guard.h"

namespace kappa {
namespace {

using parse::P;

struct StackExhausted {};

// The generated parser with a stack-depth check at every rule entry.
class GuardedParser : public kappa_gen::KappaSqlParser {
 public:
  using KappaSqlParser::KappaSqlParser;

  void enterRule(antlr4::ParserRuleContext* ctx, size_t state, size_t rule) override {
    if (parse::StackNearlyExhausted()) throw StackExhausted{};
    KappaSqlParser::enterRule(ctx, state, rule);
  }
  void enterRecursionRule(antlr4::ParserRuleContext* ctx, size_t state, size_t rule,
                          int precedence) override {
    if (parse::StackNearlyExhausted()) throw StackExhausted{};
    KappaSqlParser::enterRecursionRule(ctx, state, rule, precedence);
  }
};

Status TooComplex() {
  return Status::Error(sqlstate::kStatementTooComplex, "statement too complex");
}

// PostgreSQL's wording for the token the parser stopped at.
Status SyntaxError(const parse::SourceText& source, antlr4::Token* token) {
  if (token == nullptr) return Status::Error(sqlstate::kSyntaxError, "syntax error");
  const size_t start = token->getStartIndex();
  if (token->getType() == antlr4::Token::EOF) {
    return Status::Error(sqlstate::kSyntaxError, "syntax error at end of input",
                         static_cast<int>(source.size()) + 1);
  }
  const int position = static_cast<int>(start) + 1;
  const std::string text(source.Slice(start, token->getStopIndex() + 1));
  std::string what;
  switch (token->getType()) {
    case P::UNTERMINATED_STRING:
    case P::UNTERMINATED_ESCAPE_STRING: what = "unterminated quoted string"; break;
    case P::UNTERMINATED_QUOTED_IDENTIFIER: what = "unterminated quoted identifier"; break;
    case P::UNTERMINATED_COMMENT: what = "unterminated /* comment"; break;
    case P::UNTERMINATED_DOLLAR_STRING: what = "unterminated dollar-quoted string"; break;
    default: what = "syntax error"; break;
  }
  return Status::Error(sqlstate::kSyntaxError, what + " at or near \"" + text + "\"", position);
}

// Rejects nesting of parentheses/brackets deeper than kMaxParseNesting before
// ANTLR recurses into it.
bool NestingTooDeep(antlr4::CommonTokenStream& tokens) {
  int depth = 0;
  for (antlr4::Token* t : tokens.getTokens()) {
    switch (t->getType()) {
      case P::LPAREN:
      case P::LBRACKET:
        if (++depth > kMaxParseNesting) return true;
        break;
      case P::RPAREN:
      case P::RBRACKET:
        if (depth > 0) --depth;
        break;
      default:
        break;
    }
  }
  return false;
}

Result<std::vector<ast::StatementPtr>> ParseDecoded(const parse::SourceText& source) {
  // Tokens have no char stream: their text is read from `source` by position.
  parse::SqlLexer lexer(source, nullptr);
  antlr4::CommonTokenStream tokens(&lexer);
  tokens.fill();
  if (NestingTooDeep(tokens)) return TooComplex();

  GuardedParser parser(&tokens);
  parser.removeErrorListeners();
  parser.setErrorHandler(std::make_shared<antlr4::BailErrorStrategy>());
  auto* interpreter = parser.getInterpreter<antlr4::atn::ParserATNSimulator>();
  interpreter->setPredictionMode(antlr4::atn::PredictionMode::SLL);
  P::RootContext* root = nullptr;
  try {
    root = parser.root();
  } catch (antlr4::ParseCancellationException&) {
    // SLL could not decide (or the input is wrong): redo with full LL and
    // the error listener, which reports the first error.
    parse::SyntaxErrorListener listener;
    tokens.seek(0);
    parser.reset();
    parser.setErrorHandler(std::make_shared<antlr4::DefaultErrorStrategy>());
    interpreter->setPredictionMode(antlr4::atn::PredictionMode::LL);
    parser.addErrorListener(&listener);
    try {
      root = parser.root();
    } catch (parse::SyntaxErrorFound& e) {
      return SyntaxError(source, e.offending);
    }
    parser.removeErrorListeners();
  }
  parse::AstBuilder builder(source);
  return builder.BuildStatements(root);
}

}  // namespace

Result<std::vector<ast::StatementPtr>> ParseSql(std::string_view sql) {
  try {
    Result<parse::SourceText> source = parse::SourceText::Decode(sql);
    if (!source.ok()) return source.status();
    return ParseDecoded(source.value());
  } catch (parse::ParseError& e) {
    return std::move(e.status);
  } catch (StackExhausted&) {
    return TooComplex();
  } catch (std::bad_alloc&) {
    return Status::Error("53200", "out of memory while parsing");
  } catch (std::exception& e) {
    return Status::Internal(std::string("parser failure: ") + e.what());
  } catch (...) {
    return Status::Internal("parser failure");
  }
}

}  // namespace kappa
