#include "executor/like.h"

#include "executor/functions/utf8.h"

namespace kappa {

Result<LikePattern> LikePattern::Compile(std::string_view pattern, bool case_insensitive) {
  LikePattern p;
  p.case_insensitive_ = case_insensitive;
  for (size_t i = 0; i < pattern.size();) {
    char c = pattern[i];
    if (c == '%') {
      // Collapse runs of %.
      if (p.tokens_.empty() || p.tokens_.back().kind != Kind::kAnySeq) {
        p.tokens_.push_back({Kind::kAnySeq, {}});
      }
      ++i;
    } else if (c == '_') {
      p.tokens_.push_back({Kind::kAnyChar, {}});
      ++i;
    } else {
      if (c == '\\') {
        ++i;
        if (i >= pattern.size()) {
          p.tokens_.push_back({Kind::kTrailingEscape, {}});
          break;
        }
      }
      size_t len = fn::Utf8CharLen(pattern, i);
      if (p.tokens_.empty() || p.tokens_.back().kind != Kind::kLiteral) {
        p.tokens_.push_back({Kind::kLiteral, {}});
      }
      std::string& lit = p.tokens_.back().literal;
      for (size_t k = 0; k < len; ++k) {
        lit.push_back(case_insensitive ? fn::AsciiLower(pattern[i + k]) : pattern[i + k]);
      }
      i += len;
    }
  }
  return p;
}

bool LikePattern::MatchFrom(size_t tok, std::string_view text, bool* error) const {
  while (tok < tokens_.size()) {
    const Token& t = tokens_[tok];
    switch (t.kind) {
      case Kind::kTrailingEscape:
        if (text.empty()) return false;
        *error = true;
        return false;
      case Kind::kLiteral: {
        if (text.size() < t.literal.size()) return false;
        if (case_insensitive_) {
          for (size_t k = 0; k < t.literal.size(); ++k) {
            if (fn::AsciiLower(text[k]) != t.literal[k]) return false;
          }
        } else if (text.compare(0, t.literal.size(), t.literal) != 0) {
          return false;
        }
        text.remove_prefix(t.literal.size());
        ++tok;
        break;
      }
      case Kind::kAnyChar:
        if (text.empty()) return false;
        text.remove_prefix(fn::Utf8CharLen(text, 0));
        ++tok;
        break;
      case Kind::kAnySeq: {
        ++tok;
        if (tok == tokens_.size()) return true;
        // Try every character boundary; a literal next token narrows it.
        const Token& next = tokens_[tok];
        for (size_t pos = 0; pos <= text.size();) {
          if (next.kind != Kind::kLiteral || case_insensitive_ ||
              text.compare(pos, next.literal.size(), next.literal) == 0) {
            if (MatchFrom(tok, text.substr(pos), error)) return true;
            if (*error) return false;
          }
          if (pos == text.size()) break;
          if (next.kind == Kind::kLiteral && !case_insensitive_) {
            size_t f = text.find(next.literal, pos + 1);
            if (f == std::string_view::npos) return false;
            pos = f;
          } else {
            pos += fn::Utf8CharLen(text, pos);
          }
        }
        return false;
      }
    }
  }
  return text.empty();
}

bool LikePattern::Matches(std::string_view text, bool* error) const {
  *error = false;
  return MatchFrom(0, text, error);
}

Result<RegexPattern> RegexPattern::Compile(std::string_view pattern, bool case_insensitive) {
  RegexPattern p;
  try {
    auto flags = std::regex::ECMAScript;
    if (case_insensitive) flags |= std::regex::icase;
    p.re_ = std::make_shared<std::regex>(std::string(pattern), flags);
  } catch (const std::regex_error& e) {
    return Status::Error("2201B", std::string("invalid regular expression: ") + e.what());
  }
  return p;
}

bool RegexPattern::Search(std::string_view text) const {
  return std::regex_search(text.begin(), text.end(), *re_);
}

std::string RegexPattern::Replace(std::string_view text, std::string_view replacement,
                                  bool global) const {
  std::string out;
  auto begin = text.begin();
  std::match_results<std::string_view::const_iterator> m;
  auto flags = std::regex_constants::match_default;
  while (std::regex_search(begin, text.end(), m, *re_, flags)) {
    out.append(begin, m[0].first);
    for (size_t i = 0; i < replacement.size(); ++i) {
      char c = replacement[i];
      if (c == '\\' && i + 1 < replacement.size()) {
        char d = replacement[i + 1];
        if (d >= '1' && d <= '9') {
          size_t g = static_cast<size_t>(d - '0');
          if (g < m.size()) out.append(m[g].first, m[g].second);
          ++i;
          continue;
        }
        if (d == '&') {
          out.append(m[0].first, m[0].second);
          ++i;
          continue;
        }
        out.push_back(d);
        ++i;
        continue;
      }
      if (c == '&') {
        out.append(m[0].first, m[0].second);
        continue;
      }
      out.push_back(c);
    }
    auto next = m[0].second;
    if (m[0].length() == 0) {
      if (next == text.end()) {
        begin = next;
        break;
      }
      out.push_back(*next);
      ++next;
    }
    begin = next;
    if (!global) break;
    flags |= std::regex_constants::match_prev_avail;
  }
  out.append(begin, text.end());
  return out;
}

bool RegexPattern::Substring(std::string_view text, std::string* out) const {
  std::match_results<std::string_view::const_iterator> m;
  if (!std::regex_search(text.begin(), text.end(), m, *re_)) return false;
  size_t g = m.size() > 1 ? 1 : 0;
  if (!m[g].matched) return false;
  out->assign(m[g].first, m[g].second);
  return true;
}

}  // namespace kappa
