#include "sql/parse/sql_lexer.h"

#include <algorithm>
#include <cstring>
#include <string>
#include <utility>
#include <vector>

#include "CommonToken.h"
#include "CommonTokenStream.h"
#include "KappaSqlLexer.h"

namespace kappa::parse {
namespace {

using L = kappa_gen::KappaSqlLexer;

// The generated lexer lists the keywords first, ABORT..ZONE, then literals.
static_assert(L::ZONE + 1 == L::INTEGER_LITERAL, "keywords must be contiguous in KappaSqlLexer.g4");

// Keyword and operator spellings, from the generated lexer's vocabulary.
struct Tables {
  // Keywords in an open-addressing hash table keyed by the lower-case
  // spelling (faster than std::unordered_map<std::string>, no allocation).
  static constexpr size_t kSlots = 1024;
  struct Slot {
    std::string word;
    size_t type = 0;
  };
  std::vector<Slot> keywords = std::vector<Slot>(kSlots);
  // Operators, longest first: {spelling, type}.
  std::vector<std::pair<std::string, size_t>> operators;

  static uint64_t Hash(const char* s, size_t len) {
    uint64_t h = 1469598103934665603ull;
    for (size_t i = 0; i < len; ++i) h = (h ^ static_cast<unsigned char>(s[i])) * 1099511628211ull;
    return h;
  }
  void AddKeyword(const std::string& word, size_t type) {
    for (size_t i = Hash(word.data(), word.size()) % kSlots;; i = (i + 1) % kSlots) {
      if (keywords[i].type == 0) {
        keywords[i] = Slot{word, type};
        return;
      }
    }
  }
  // `word` is lower-case ASCII. Returns 0 if it is not a keyword.
  size_t Keyword(const char* word, size_t len) const {
    for (size_t i = Hash(word, len) % kSlots;; i = (i + 1) % kSlots) {
      const Slot& slot = keywords[i];
      if (slot.type == 0) return 0;
      if (slot.word.size() == len && std::memcmp(slot.word.data(), word, len) == 0) return slot.type;
    }
  }
};

const Tables& GetTables() {
  static const Tables tables = [] {
    Tables t;
    L lexer(nullptr);
    const antlr4::dfa::Vocabulary& vocab = lexer.getVocabulary();
    for (size_t type = L::ABORT; type <= L::ZONE; ++type) {
      std::string name = vocab.getSymbolicName(type);
      if (name.size() > 2 && name.compare(name.size() - 2, 2, "_P") == 0) name.resize(name.size() - 2);
      for (char& c : name) c = static_cast<char>(c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c);
      t.AddKeyword(name, type);
    }
    for (size_t type = L::SEMI; type <= L::CBRT_OP; ++type) {
      std::string literal = vocab.getLiteralName(type);  // "'::'"
      if (literal.size() < 3) continue;
      t.operators.emplace_back(literal.substr(1, literal.size() - 2), type);
    }
    t.operators.emplace_back("<>", L::NEQ);  // NEQ has two spellings, so no literal name
    t.operators.emplace_back("!=", L::NEQ);
    std::stable_sort(t.operators.begin(), t.operators.end(),
                     [](const auto& a, const auto& b) { return a.first.size() > b.first.size(); });
    return t;
  }();
  return tables;
}

bool IsSpace(char32_t c) {
  return c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == '\f' || c == '\v';
}
bool IsDigit(char32_t c) { return c >= '0' && c <= '9'; }
bool IsIdentStart(char32_t c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_' || c >= 0x80;
}
bool IsIdentCont(char32_t c) { return IsIdentStart(c) || IsDigit(c) || c == '$'; }
bool IsTagCont(char32_t c) { return IsIdentStart(c) || IsDigit(c); }

}  // namespace

std::unique_ptr<antlr4::Token> SqlLexer::Make(size_t type, size_t start, size_t stop_exclusive) {
  return std::make_unique<antlr4::CommonToken>(
      std::pair<antlr4::TokenSource*, antlr4::CharStream*>(this, input_), type,
      antlr4::Token::DEFAULT_CHANNEL, start, stop_exclusive - 1);
}

bool SqlLexer::ScanQuoted(char32_t quote, bool backslash_escapes) {
  const size_t n = n_;
  ++pos_;
  while (pos_ < n) {
    char32_t c = source_.At(pos_);
    if (backslash_escapes && c == '\\') {
      pos_ = std::min(pos_ + 2, n);
    } else if (c == quote) {
      if (pos_ + 1 >= n || source_.At(pos_ + 1) != quote) {
        ++pos_;
        return true;
      }
      pos_ += 2;
    } else {
      ++pos_;
    }
  }
  return false;
}

size_t SqlLexer::ScanNumber() {
  bool integer = true;
  if (source_.At(pos_) == '.') {
    integer = false;
    ++pos_;
  }
  while (IsDigit(At(pos_))) ++pos_;
  if (integer && At(pos_) == '.') {
    integer = false;
    ++pos_;
    while (IsDigit(At(pos_))) ++pos_;
  }
  char32_t e = At(pos_);
  if (e == 'e' || e == 'E') {
    size_t digits = (At(pos_ + 1) == '+' || At(pos_ + 1) == '-') ? pos_ + 2 : pos_ + 1;
    if (IsDigit(At(digits))) {
      integer = false;
      pos_ = digits;
      while (IsDigit(At(pos_))) ++pos_;
    }
  }
  return integer ? L::INTEGER_LITERAL : L::NUMERIC_LITERAL;
}

std::unique_ptr<antlr4::Token> SqlLexer::nextToken() {
  const size_t n = n_;
  for (;;) {
    while (pos_ < n && IsSpace(source_.At(pos_))) ++pos_;
    if (pos_ >= n) return Make(antlr4::Token::EOF, n, n);
    const size_t start = pos_;
    const char32_t c = source_.At(pos_);
    const char32_t d = At(pos_ + 1);

    if (c == '-' && d == '-') {  // comment to end of line
      while (pos_ < n && source_.At(pos_) != '\n' && source_.At(pos_) != '\r') ++pos_;
      continue;
    }
    if (c == '/' && d == '*') {  // nested block comment
      pos_ += 2;
      int depth = 1;
      while (pos_ < n) {
        const char32_t ch = source_.At(pos_);
        if (ch == '*' && At(pos_ + 1) == '/') {
          pos_ += 2;
          if (--depth == 0) break;
        } else if (ch == '/' && At(pos_ + 1) == '*') {
          pos_ += 2;
          ++depth;
        } else {
          ++pos_;
        }
      }
      if (depth > 0) return Make(L::UNTERMINATED_COMMENT, start, n);
      continue;
    }
    if (IsDigit(c) || (c == '.' && IsDigit(d))) {
      size_t type = ScanNumber();
      return Make(type, start, pos_);
    }
    if (c == '\'') {
      bool closed = ScanQuoted('\'', false);
      return Make(closed ? L::STRING : L::UNTERMINATED_STRING, start, pos_);
    }
    if ((c == 'e' || c == 'E' || c == 'n' || c == 'N') && d == '\'') {
      const bool escape = c == 'e' || c == 'E';
      ++pos_;
      bool closed = ScanQuoted('\'', escape);
      size_t type = escape ? (closed ? L::ESCAPE_STRING : L::UNTERMINATED_ESCAPE_STRING)
                           : (closed ? L::NATIONAL_STRING : L::UNTERMINATED_STRING);
      return Make(type, start, pos_);
    }
    if (IsIdentStart(c)) {
      bool ascii = true;
      while (pos_ < n && IsIdentCont(source_.At(pos_))) {
        ascii &= source_.At(pos_) < 0x80;
        ++pos_;
      }
      size_t type = L::IDENTIFIER;
      const size_t len = pos_ - start;
      if (ascii && len <= 24) {
        char word[24];
        for (size_t i = 0; i < len; ++i) {
          char32_t ch = source_.At(start + i);
          word[i] = static_cast<char>(ch >= 'A' && ch <= 'Z' ? ch - 'A' + 'a' : ch);
        }
        size_t keyword = GetTables().Keyword(word, len);
        if (keyword != 0) type = keyword;
      }
      return Make(type, start, pos_);
    }
    if (c == '"') {
      bool closed = ScanQuoted('"', false);
      return Make(closed ? L::QUOTED_IDENTIFIER : L::UNTERMINATED_QUOTED_IDENTIFIER, start, pos_);
    }
    if (c == '$') {
      if (IsDigit(d)) {
        ++pos_;
        while (IsDigit(At(pos_))) ++pos_;
        return Make(L::PARAM, start, pos_);
      }
      size_t tag_end = pos_ + 1;
      if (IsIdentStart(At(tag_end)) && At(tag_end) != 0) {
        while (tag_end < n && IsTagCont(source_.At(tag_end))) ++tag_end;
      }
      if (At(tag_end) == '$' && tag_end < n) {
        const size_t tag_len = tag_end + 1 - start;  // both '$' included
        for (size_t i = tag_end + 1; i + tag_len <= n; ++i) {
          size_t k = 0;
          while (k < tag_len && source_.At(i + k) == source_.At(start + k)) ++k;
          if (k == tag_len) {
            pos_ = i + tag_len;
            return Make(L::DOLLAR_STRING, start, pos_);
          }
        }
        pos_ = n;
        return Make(L::UNTERMINATED_DOLLAR_STRING, start, n);
      }
    }
    for (const auto& [spelling, type] : GetTables().operators) {
      if (start + spelling.size() > n) continue;
      size_t k = 0;
      while (k < spelling.size() && source_.At(start + k) == static_cast<unsigned char>(spelling[k])) ++k;
      if (k == spelling.size()) {
        pos_ = start + k;
        return Make(type, start, pos_);
      }
    }
    pos_ = start + 1;
    return Make(L::ERROR_CHAR, start, pos_);
  }
}

// ---------------------------------------------------------------- cross-check

namespace {

class CodePoints : public antlr4::ANTLRInputStream {
 public:
  explicit CodePoints(const std::u32string& code_points) {
    _data = code_points;
    p = 0;
  }
};

}  // namespace

std::string DiffAgainstGeneratedLexer(std::string_view sql) {
  Result<SourceText> source = SourceText::Decode(sql);
  if (!source.ok()) return "";  // neither lexer sees invalid UTF-8
  CodePoints input(source->CodePoints());
  L generated(&input);
  generated.removeErrorListeners();
  SqlLexer hand(source.value(), nullptr);
  for (int i = 0;; ++i) {
    std::unique_ptr<antlr4::Token> a = generated.nextToken();
    std::unique_ptr<antlr4::Token> b = hand.nextToken();
    auto describe = [&](antlr4::Token* t) {
      std::string name = t->getType() == antlr4::Token::EOF
                             ? "EOF"
                             : generated.getVocabulary().getSymbolicName(t->getType());
      return name + "[" + std::to_string(t->getStartIndex()) + "," +
             std::to_string(static_cast<long>(t->getStopIndex())) + "]";
    };
    if (a->getType() != b->getType() || a->getStartIndex() != b->getStartIndex() ||
        a->getStopIndex() != b->getStopIndex()) {
      return "token " + std::to_string(i) + ": generated " + describe(a.get()) + ", hand-written " +
             describe(b.get());
    }
    if (a->getType() == antlr4::Token::EOF) return "";
  }
}

}  // namespace kappa::parse
