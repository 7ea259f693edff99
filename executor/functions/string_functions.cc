// String functions: ||, lower/upper (ASCII case mapping, as PostgreSQL does
// under the C locale), lengths, substring, position, trims, replace,
// concat/concat_ws, left/right, lpad/rpad, repeat, reverse, split_part,
// initcap, starts_with, md5, chr, ascii, quote_*, format, translate, to_hex.
#include <openssl/evp.h>

#include <cstdio>

#include "common/value_format.h"
#include "executor/cast.h"
#include "executor/functions/function_util.h"
#include "executor/functions/utf8.h"

namespace kappa::fn {
namespace {

using S = std::string;

// Appends the text of a non-null argument value (its output function, as
// concat() and format() use; booleans print as t/f).
void AppendArg(const Column& c, size_t i, S* out) {
  if (Physical(c.type) == PhysicalKind::kString) {
    out->append(c.strings[i]);
  } else {
    AppendValueText(c, i, out);
  }
}

#define KAPPA_FN(name)                                                                    \
  Status name(const Column* const* args, size_t num_args, size_t n, Column* out, \
              const FunctionContext& ctx)

KAPPA_FN(Concat2) {
  Status err;
  return Binary<S, S, S>(
      *args[0], *args[1], n, out,
      [](const S& a, const S& b, S* r) {
        r->reserve(a.size() + b.size());
        r->assign(a);
        r->append(b);
        return true;
      },
      &err);
}

// Calls kInner with every non-string argument converted by its cast to text
// (booleans print as true/false): PostgreSQL's SQL-language wrappers over
// polymorphic (anynonarray/anyelement) arguments, like textanycat's
// `$1::text || $2` and quote_literal(anyelement).
template <ScalarFn kInner>
KAPPA_FN(AnyAsText) {
  std::vector<Column> converted(num_args);
  std::vector<const Column*> in(num_args);
  for (size_t k = 0; k < num_args; ++k) {
    if (Physical(args[k]->type) == PhysicalKind::kString) {
      in[k] = args[k];
    } else {
      KAPPA_RETURN_IF_ERROR(
          CastColumn(*args[k], DataType(TypeId::kText), CastContext::kExplicit, &converted[k]));
      in[k] = &converted[k];
    }
  }
  return kInner(in.data(), num_args, n, out, ctx);
}

// Applies an infallible text -> text function to every non-NULL row.
template <typename F>
Status MapText(const Column& in, size_t n, Column* out, F f) {
  Status err;
  return Unary<S, S>(
      in, n, out,
      [&f](const S& s, S* r) {
        f(s, r);
        return true;
      },
      &err);
}

template <bool kUpper>
KAPPA_FN(ChangeCase) {
  return MapText(*args[0], n, out, [](const S& a, S* r) {
    *r = a;
    for (char& c : *r) c = kUpper ? AsciiUpper(c) : AsciiLower(c);
  });
}

enum class LenKind { kChars, kBytes, kBits };

template <LenKind kKind>
KAPPA_FN(Length) {
  Status err;
  return Unary<S, int64_t>(
      *args[0], n, out,
      [](const S& a, int64_t* r) {
        if (kKind == LenKind::kChars) *r = static_cast<int64_t>(Utf8Length(a));
        if (kKind == LenKind::kBytes) *r = static_cast<int64_t>(a.size());
        if (kKind == LenKind::kBits) *r = static_cast<int64_t>(a.size()) * 8;
        return true;
      },
      &err);
}

// PostgreSQL's text_substring: characters [start, start + len), 1-based.
bool Substring(const S& s, int64_t start, int64_t len, bool has_len, S* r, Status* err) {
  if (has_len && len < 0) {
    *err = Status::Error("22011", "negative substring length not allowed");
    return false;
  }
  int64_t begin = start < 1 ? 1 : start;
  int64_t end;  // exclusive, 1-based
  if (has_len) {
    if (__builtin_add_overflow(start, len, &end)) end = INT64_MAX;
    if (end <= begin) {
      r->clear();
      return true;
    }
  } else {
    end = INT64_MAX;
  }
  size_t b = Utf8Offset(s, static_cast<size_t>(begin - 1));
  size_t e = end == INT64_MAX ? s.size() : b + Utf8Offset(std::string_view(s).substr(b),
                                                          static_cast<size_t>(end - begin));
  r->assign(s, b, e - b);
  return true;
}

KAPPA_FN(Substr2) {
  Status err;
  return Binary<S, int64_t, S>(
      *args[0], *args[1], n, out,
      [&err](const S& s, int64_t st, S* r) { return Substring(s, st, 0, false, r, &err); }, &err);
}

KAPPA_FN(Substr3) {
  Status err;
  return Ternary<S, int64_t, int64_t, S>(
      *args[0], *args[1], *args[2], n, out,
      [&err](const S& s, int64_t st, int64_t len, S* r) {
        return Substring(s, st, len, true, r, &err);
      },
      &err);
}

KAPPA_FN(Position) {
  Status err;
  return Binary<S, S, int64_t>(
      *args[0], *args[1], n, out,
      [](const S& hay, const S& needle, int64_t* r) {
        size_t p = hay.find(needle);
        *r = p == S::npos ? 0 : static_cast<int64_t>(Utf8Length(std::string_view(hay).substr(0, p))) + 1;
        return true;
      },
      &err);
}

// Trims characters in `set` (UTF-8 aware) from the ends.
void TrimChars(const S& s, const S& set, bool left, bool right, S* r) {
  auto in_set = [&](std::string_view ch) {
    if (ch.size() == 1) return set.find(ch[0]) != S::npos;
    return std::string_view(set).find(ch) != std::string_view::npos;
  };
  size_t b = 0, e = s.size();
  if (left) {
    while (b < e) {
      size_t len = Utf8CharLen(s, b);
      if (!in_set(std::string_view(s).substr(b, len))) break;
      b += len;
    }
  }
  if (right) {
    while (e > b) {
      size_t k = e - 1;
      while (k > b && IsContinuation(static_cast<unsigned char>(s[k]))) --k;
      if (!in_set(std::string_view(s).substr(k, e - k))) break;
      e = k;
    }
  }
  r->assign(s, b, e - b);
}

template <bool kLeft, bool kRight>
KAPPA_FN(Trim1) {
  return MapText(*args[0], n, out, [](const S& s, S* r) {
    TrimChars(s, " ", kLeft, kRight, r);
  });
}

template <bool kLeft, bool kRight>
KAPPA_FN(Trim2) {
  Status err;
  return Binary<S, S, S>(
      *args[0], *args[1], n, out,
      [](const S& s, const S& set, S* r) {
        TrimChars(s, set, kLeft, kRight, r);
        return true;
      },
      &err);
}

KAPPA_FN(Replace) {
  Status err;
  return Ternary<S, S, S, S>(
      *args[0], *args[1], *args[2], n, out,
      [](const S& s, const S& from, const S& to, S* r) {
        if (from.empty()) {
          *r = s;
          return true;
        }
        r->clear();
        size_t pos = 0;
        for (;;) {
          size_t p = s.find(from, pos);
          if (p == S::npos) break;
          r->append(s, pos, p - pos);
          r->append(to);
          pos = p + from.size();
        }
        r->append(s, pos, S::npos);
        return true;
      },
      &err);
}

// concat(any...): every argument arrives cast to text; NULLs are skipped.
KAPPA_FN(Concat) {
  out->nulls.assign(n, 0);
  out->strings.assign(n, S());
  for (size_t i = 0; i < n; ++i) {
    S& r = out->strings[i];
    for (size_t k = 0; k < num_args; ++k) {
      if (!args[k]->nulls[i]) AppendArg(*args[k], i, &r);
    }
  }
  return Status::OK();
}

KAPPA_FN(ConcatWs) {
  out->nulls.assign(n, 0);
  out->strings.assign(n, S());
  for (size_t i = 0; i < n; ++i) {
    if (args[0]->nulls[i]) {
      out->nulls[i] = 1;
      continue;
    }
    S& r = out->strings[i];
    bool first = true;
    for (size_t k = 1; k < num_args; ++k) {
      if (args[k]->nulls[i]) continue;
      if (!first) r.append(args[0]->strings[i]);
      AppendArg(*args[k], i, &r);
      first = false;
    }
  }
  return Status::OK();
}

template <bool kLeft>
KAPPA_FN(LeftRight) {
  Status err;
  return Binary<S, int64_t, S>(
      *args[0], *args[1], n, out,
      [](const S& s, int64_t k, S* r) {
        int64_t len = static_cast<int64_t>(Utf8Length(s));
        int64_t take = k >= 0 ? std::min(k, len) : std::max<int64_t>(len + k, 0);
        if (kLeft) {
          r->assign(s, 0, Utf8Offset(s, static_cast<size_t>(take)));
        } else {
          r->assign(s, Utf8Offset(s, static_cast<size_t>(len - take)), S::npos);
        }
        return true;
      },
      &err);
}

bool Pad(const S& s, int64_t len, const S& fill, bool left, S* r, Status* err) {
  if (len <= 0) {
    r->clear();
    return true;
  }
  if (len > 268435455) {
    *err = Status::Error(sqlstate::kProgramLimitExceeded, "requested length too large");
    return false;
  }
  int64_t slen = static_cast<int64_t>(Utf8Length(s));
  if (slen >= len || fill.empty()) {
    r->assign(s, 0, Utf8Offset(s, static_cast<size_t>(std::min(slen, len))));
    return true;
  }
  int64_t need = len - slen;
  S padding;
  size_t fpos = 0;
  for (int64_t k = 0; k < need; ++k) {
    size_t cl = Utf8CharLen(fill, fpos);
    padding.append(fill, fpos, cl);
    fpos += cl;
    if (fpos >= fill.size()) fpos = 0;
  }
  if (left) {
    *r = padding + s;
  } else {
    *r = s + padding;
  }
  return true;
}

template <bool kLeft>
KAPPA_FN(Pad2) {
  Status err;
  return Binary<S, int64_t, S>(
      *args[0], *args[1], n, out,
      [&err](const S& s, int64_t len, S* r) { return Pad(s, len, " ", kLeft, r, &err); }, &err);
}

template <bool kLeft>
KAPPA_FN(Pad3) {
  Status err;
  return Ternary<S, int64_t, S, S>(
      *args[0], *args[1], *args[2], n, out,
      [&err](const S& s, int64_t len, const S& fill, S* r) {
        return Pad(s, len, fill, kLeft, r, &err);
      },
      &err);
}

KAPPA_FN(Repeat) {
  Status err;
  return Binary<S, int64_t, S>(
      *args[0], *args[1], n, out,
      [&err](const S& s, int64_t k, S* r) {
        r->clear();
        if (k <= 0) return true;
        if (static_cast<double>(s.size()) * static_cast<double>(k) > 1073741823.0) {
          err = Status::Error(sqlstate::kProgramLimitExceeded, "requested length too large");
          return false;
        }
        r->reserve(s.size() * k);
        for (int64_t i = 0; i < k; ++i) r->append(s);
        return true;
      },
      &err);
}

KAPPA_FN(Reverse) {
  return MapText(*args[0], n, out, [](const S& s, S* r) {
    r->clear();
    r->reserve(s.size());
    size_t e = s.size();
    while (e > 0) {
      size_t b = e - 1;
      while (b > 0 && IsContinuation(static_cast<unsigned char>(s[b]))) --b;
      r->append(s, b, e - b);
      e = b;
    }
  });
}

KAPPA_FN(SplitPart) {
  Status err;
  return Ternary<S, S, int64_t, S>(
      *args[0], *args[1], *args[2], n, out,
      [&err](const S& s, const S& delim, int64_t field, S* r) {
        if (field == 0) {
          err = Status::Error(sqlstate::kInvalidParameterValue, "field position must not be zero");
          return false;
        }
        r->clear();
        if (s.empty()) return true;
        std::vector<std::pair<size_t, size_t>> parts;
        if (delim.empty()) {
          parts.emplace_back(0, s.size());
        } else {
          size_t pos = 0;
          for (;;) {
            size_t p = s.find(delim, pos);
            if (p == S::npos) {
              parts.emplace_back(pos, s.size() - pos);
              break;
            }
            parts.emplace_back(pos, p - pos);
            pos = p + delim.size();
          }
        }
        int64_t count = static_cast<int64_t>(parts.size());
        int64_t idx = field > 0 ? field - 1 : count + field;
        if (idx < 0 || idx >= count) return true;
        r->assign(s, parts[idx].first, parts[idx].second);
        return true;
      },
      &err);
}

KAPPA_FN(Initcap) {
  return MapText(*args[0], n, out, [](const S& s, S* r) {
    *r = s;
    bool word_start = true;
    for (char& c : *r) {
      bool alnum = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
                   (static_cast<unsigned char>(c) >= 0x80);
      if (word_start) {
        c = AsciiUpper(c);
      } else {
        c = AsciiLower(c);
      }
      word_start = !alnum;
    }
  });
}

KAPPA_FN(StartsWith) {
  Status err;
  return Binary<S, S, int64_t>(
      *args[0], *args[1], n, out,
      [](const S& s, const S& p, int64_t* r) {
        *r = s.compare(0, p.size(), p) == 0 && s.size() >= p.size();
        return true;
      },
      &err);
}

KAPPA_FN(Md5) {
  Status err;
  return Unary<S, S>(
      *args[0], n, out,
      [&err](const S& s, S* r) {
        unsigned char digest[EVP_MAX_MD_SIZE];
        unsigned int len = 0;
        if (EVP_Digest(s.data(), s.size(), digest, &len, EVP_md5(), nullptr) != 1) {
          err = Status::Internal("md5 failed");
          return false;
        }
        static const char* kHex = "0123456789abcdef";
        r->resize(len * 2);
        for (unsigned int i = 0; i < len; ++i) {
          (*r)[2 * i] = kHex[digest[i] >> 4];
          (*r)[2 * i + 1] = kHex[digest[i] & 15];
        }
        return true;
      },
      &err);
}

KAPPA_FN(Chr) {
  Status err;
  return Unary<int64_t, S>(
      *args[0], n, out,
      [&err](int64_t c, S* r) {
        if (c == 0) {
          err = Status::Error(sqlstate::kProgramLimitExceeded, "null character not permitted");
          return false;
        }
        if (c < 0 || c > 0x10FFFF || (c >= 0xD800 && c <= 0xDFFF)) {
          err = Status::Error(sqlstate::kProgramLimitExceeded,
                              "requested character too large for encoding: " + std::to_string(c));
          return false;
        }
        r->clear();
        Utf8Encode(static_cast<uint32_t>(c), r);
        return true;
      },
      &err);
}

KAPPA_FN(Ascii) {
  Status err;
  return Unary<S, int64_t>(
      *args[0], n, out,
      [](const S& s, int64_t* r) {
        size_t i = 0;
        *r = s.empty() ? 0 : static_cast<int64_t>(Utf8Decode(s, &i));
        return true;
      },
      &err);
}

bool IsReservedKeyword(const S& s) {
  static const char* kWords[] = {
      "all", "analyse", "analyze", "and", "any", "array", "as", "asc", "asymmetric", "both",
      "case", "cast", "check", "collate", "column", "constraint", "create", "current_catalog",
      "current_date", "current_role", "current_time", "current_timestamp", "current_user",
      "default", "deferrable", "desc", "distinct", "do", "else", "end", "except", "false", "fetch",
      "for", "foreign", "from", "grant", "group", "having", "in", "initially", "intersect", "into",
      "lateral", "leading", "limit", "localtime", "localtimestamp", "not", "null", "offset", "on",
      "only", "or", "order", "placing", "primary", "references", "returning", "select",
      "session_user", "some", "symmetric", "table", "then", "to", "trailing", "true", "union",
      "unique", "user", "using", "variadic", "when", "where", "window", "with"};
  for (const char* w : kWords) {
    if (s == w) return true;
  }
  return false;
}

S QuoteIdent(const S& s) {
  bool safe = !s.empty() && ((s[0] >= 'a' && s[0] <= 'z') || s[0] == '_');
  for (char c : s) {
    if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_')) safe = false;
  }
  if (safe && !IsReservedKeyword(s)) return s;
  S r = "\"";
  for (char c : s) {
    if (c == '"') r.push_back('"');
    r.push_back(c);
  }
  r.push_back('"');
  return r;
}

S QuoteLiteral(const S& s) {
  S r;
  bool backslash = s.find('\\') != S::npos;
  if (backslash) r.push_back('E');
  r.push_back('\'');
  for (char c : s) {
    if (c == '\'' || c == '\\') r.push_back(c);
    r.push_back(c);
  }
  r.push_back('\'');
  return r;
}

KAPPA_FN(QuoteIdentFn) {
  return MapText(*args[0], n, out, [](const S& s, S* r) {
    *r = QuoteIdent(s);
  });
}

KAPPA_FN(QuoteLiteralFn) {
  return MapText(*args[0], n, out, [](const S& s, S* r) {
    *r = QuoteLiteral(s);
  });
}

KAPPA_FN(QuoteNullable) {
  out->nulls.assign(n, 0);
  out->strings.assign(n, S());
  for (size_t i = 0; i < n; ++i) {
    out->strings[i] = args[0]->nulls[i] ? S("NULL") : QuoteLiteral(args[0]->strings[i]);
  }
  return Status::OK();
}

// format(fmt, args...): %s, %I, %L, %% and positional %n$.
KAPPA_FN(Format) {
  out->nulls.assign(n, 0);
  out->strings.assign(n, S());
  for (size_t i = 0; i < n; ++i) {
    if (args[0]->nulls[i]) {
      out->nulls[i] = 1;
      continue;
    }
    const S& f = args[0]->strings[i];
    S& r = out->strings[i];
    size_t next_arg = 1;
    for (size_t p = 0; p < f.size(); ++p) {
      if (f[p] != '%') {
        r.push_back(f[p]);
        continue;
      }
      if (++p >= f.size()) {
        return Status::Error(sqlstate::kInvalidParameterValue, "unterminated format() type specifier")
            .WithHint("For a single \"%\" use \"%%\".");
      }
      if (f[p] == '%') {
        r.push_back('%');
        continue;
      }
      size_t arg = next_arg;
      size_t q = p;
      size_t num = 0;
      while (q < f.size() && f[q] >= '0' && f[q] <= '9') num = num * 10 + (f[q++] - '0');
      if (q < f.size() && f[q] == '$' && q > p) {
        arg = num;
        p = q + 1;
      }
      if (p >= f.size()) {
        return Status::Error(sqlstate::kInvalidParameterValue, "unterminated format() type specifier");
      }
      char type = f[p];
      if (arg >= num_args) {
        return Status::Error(sqlstate::kInvalidParameterValue, "too few arguments for format()");
      }
      next_arg = arg + 1;
      bool null = args[arg]->nulls[i];
      S v;
      if (!null) AppendArg(*args[arg], i, &v);
      if (type == 's') {
        if (!null) r.append(v);
      } else if (type == 'I') {
        if (null) {
          return Status::Error(sqlstate::kNullValueNotAllowed,
                               "null values cannot be formatted as an SQL identifier");
        }
        r.append(QuoteIdent(v));
      } else if (type == 'L') {
        r.append(null ? S("NULL") : QuoteLiteral(v));
      } else {
        return Status::Error(sqlstate::kInvalidParameterValue,
                             std::string("unrecognized format() type specifier \"") + type + "\"")
            .WithHint("For a single \"%\" use \"%%\".");
      }
    }
  }
  return Status::OK();
}

KAPPA_FN(Translate) {
  Status err;
  return Ternary<S, S, S, S>(
      *args[0], *args[1], *args[2], n, out,
      [](const S& s, const S& from, const S& to, S* r) {
        r->clear();
        std::vector<std::string_view> fchars, tchars;
        for (size_t p = 0; p < from.size();) {
          size_t l = Utf8CharLen(from, p);
          fchars.push_back(std::string_view(from).substr(p, l));
          p += l;
        }
        for (size_t p = 0; p < to.size();) {
          size_t l = Utf8CharLen(to, p);
          tchars.push_back(std::string_view(to).substr(p, l));
          p += l;
        }
        for (size_t p = 0; p < s.size();) {
          size_t l = Utf8CharLen(s, p);
          std::string_view ch = std::string_view(s).substr(p, l);
          size_t k = 0;
          while (k < fchars.size() && fchars[k] != ch) ++k;
          if (k == fchars.size()) {
            r->append(ch);
          } else if (k < tchars.size()) {
            r->append(tchars[k]);
          }
          p += l;
        }
        return true;
      },
      &err);
}

KAPPA_FN(ToHex) {
  Status err;
  return Unary<int64_t, S>(
      *args[0], n, out,
      [&](int64_t v, S* r) {
        char buf[24];
        uint64_t u = args[0]->type.id == TypeId::kInt64 ? static_cast<uint64_t>(v)
                                                        : static_cast<uint32_t>(v);
        int len = std::snprintf(buf, sizeof(buf), "%llx", static_cast<unsigned long long>(u));
        r->assign(buf, len);
        return true;
      },
      &err);
}

KAPPA_FN(PgTypeof) {
  out->nulls.assign(n, 0);
  out->strings.assign(n, TypeName(args[0]->type));
  return Status::OK();
}

template <bool kNulls>
KAPPA_FN(CountNulls) {
  out->nulls.assign(n, 0);
  out->ints.assign(n, 0);
  for (size_t k = 0; k < num_args; ++k) {
    for (size_t i = 0; i < n; ++i) out->ints[i] += (args[k]->nulls[i] != 0) == kNulls;
  }
  return Status::OK();
}

}  // namespace

void RegisterStringFunctions(Registry* r) {
  DataType t = T(TypeId::kText), i4 = T(TypeId::kInt32), i8 = T(TypeId::kInt64);
  DataType b = T(TypeId::kBool);
  Add(r, "||", {t, t}, t, Concat2);
  // Polymorphic (anynonarray) arguments are declared unknown.
  Add(r, "||", {T(TypeId::kUnknown), t}, t, AnyAsText<Concat2>);  // anytextcat
  Add(r, "||", {t, T(TypeId::kUnknown)}, t, AnyAsText<Concat2>);  // textanycat
  Add(r, "lower", {t}, t, ChangeCase<false>);
  Add(r, "upper", {t}, t, ChangeCase<true>);
  for (const char* name : {"length", "char_length", "character_length"}) {
    Add(r, name, {t}, i4, Length<LenKind::kChars>);
  }
  Add(r, "octet_length", {t}, i4, Length<LenKind::kBytes>);
  Add(r, "bit_length", {t}, i4, Length<LenKind::kBits>);
  for (const char* name : {"substring", "substr"}) {
    Add(r, name, {t, i4}, t, Substr2);
    Add(r, name, {t, i4, i4}, t, Substr3);
  }
  Add(r, "position", {t, t}, i4, Position);
  Add(r, "strpos", {t, t}, i4, Position);
  Add(r, "btrim", {t}, t, Trim1<true, true>);
  Add(r, "btrim", {t, t}, t, Trim2<true, true>);
  Add(r, "trim", {t}, t, Trim1<true, true>);
  Add(r, "trim", {t, t}, t, Trim2<true, true>);
  Add(r, "ltrim", {t}, t, Trim1<true, false>);
  Add(r, "ltrim", {t, t}, t, Trim2<true, false>);
  Add(r, "rtrim", {t}, t, Trim1<false, true>);
  Add(r, "rtrim", {t, t}, t, Trim2<false, true>);
  Add(r, "replace", {t, t, t}, t, Replace);
  Add(r, "concat", {t}, t, Concat, true);
  Add(r, "concat_ws", {t, t}, t, ConcatWs, true);
  Add(r, "left", {t, i4}, t, LeftRight<true>);
  Add(r, "right", {t, i4}, t, LeftRight<false>);
  Add(r, "lpad", {t, i4}, t, Pad2<true>);
  Add(r, "lpad", {t, i4, t}, t, Pad3<true>);
  Add(r, "rpad", {t, i4}, t, Pad2<false>);
  Add(r, "rpad", {t, i4, t}, t, Pad3<false>);
  Add(r, "repeat", {t, i4}, t, Repeat);
  Add(r, "reverse", {t}, t, Reverse);
  Add(r, "split_part", {t, t, i4}, t, SplitPart);
  Add(r, "initcap", {t}, t, Initcap);
  Add(r, "starts_with", {t, t}, b, StartsWith);
  Add(r, "md5", {t}, t, Md5);
  Add(r, "chr", {i4}, t, Chr);
  Add(r, "ascii", {t}, i4, Ascii);
  Add(r, "quote_ident", {t}, t, QuoteIdentFn);
  Add(r, "quote_literal", {t}, t, QuoteLiteralFn);
  Add(r, "quote_literal", {T(TypeId::kUnknown)}, t, AnyAsText<QuoteLiteralFn>);
  Add(r, "quote_nullable", {t}, t, QuoteNullable);
  Add(r, "quote_nullable", {T(TypeId::kUnknown)}, t, AnyAsText<QuoteNullable>);
  Add(r, "format", {t, t}, t, Format, true);
  Add(r, "translate", {t, t, t}, t, Translate);
  Add(r, "to_hex", {i4}, t, ToHex);
  Add(r, "to_hex", {i8}, t, ToHex);
  Add(r, "pg_typeof", {T(TypeId::kUnknown)}, t, PgTypeof);
  Add(r, "num_nulls", {T(TypeId::kUnknown)}, i4, CountNulls<true>, true);
  Add(r, "num_nonnulls", {T(TypeId::kUnknown)}, i4, CountNulls<false>, true);
}

}  // namespace kappa::fn
