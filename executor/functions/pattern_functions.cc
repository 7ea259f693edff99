// Pattern matching: LIKE, ILIKE, NOT LIKE, NOT ILIKE, ~, ~*, !~, !~*,
// regexp_replace, regexp_like, substring(text, pattern). A pattern is
// compiled once per distinct pattern text in a chunk (constant patterns:
// once per chunk).
#include "executor/functions/function_util.h"
#include "executor/like.h"

namespace kappa::fn {
namespace {

using S = std::string;

template <typename P, bool kIcase, bool kNegate>
Status MatchFn(const Column* const* args, size_t, size_t n, Column* out, const FunctionContext&) {
  const Column& text = *args[0];
  const Column& pat = *args[1];
  out->nulls.resize(n);
  out->ints.resize(n);
  P compiled;
  const S* compiled_for = nullptr;
  for (size_t i = 0; i < n; ++i) {
    uint8_t null = text.nulls[i] | pat.nulls[i];
    out->nulls[i] = null;
    if (null) continue;
    if (compiled_for == nullptr || *compiled_for != pat.strings[i]) {
      auto c = P::Compile(pat.strings[i], kIcase);
      if (!c.ok()) return c.status();
      compiled = std::move(*c);
      compiled_for = &pat.strings[i];
    }
    bool m;
    if constexpr (std::is_same_v<P, LikePattern>) {
      bool error;
      m = compiled.Matches(text.strings[i], &error);
      if (error) {
        return Status::Error(sqlstate::kInvalidEscapeSequence,
                             "LIKE pattern must not end with escape character");
      }
    } else {
      m = compiled.Search(text.strings[i]);
    }
    out->ints[i] = m != kNegate;
  }
  return Status::OK();
}

Status RegexpReplace(const Column* const* args, size_t num_args, size_t n, Column* out,
                     const FunctionContext&) {
  out->nulls.resize(n);
  out->strings.assign(n, S());
  RegexPattern compiled;
  S compiled_for;
  bool have = false;
  bool compiled_icase = false;
  for (size_t i = 0; i < n; ++i) {
    bool null = false;
    for (size_t k = 0; k < num_args; ++k) null = null || args[k]->nulls[i];
    out->nulls[i] = null;
    if (null) continue;
    bool global = false, icase = false;
    if (num_args > 3) {
      for (char f : args[3]->strings[i]) {
        if (f == 'g') {
          global = true;
        } else if (f == 'i') {
          icase = true;
        } else if (f != 'c') {
          return Status::Error(sqlstate::kInvalidParameterValue,
                               std::string("invalid regular expression option: \"") + f + "\"");
        }
      }
    }
    if (!have || compiled_for != args[1]->strings[i] || compiled_icase != icase) {
      auto c = RegexPattern::Compile(args[1]->strings[i], icase);
      if (!c.ok()) return c.status();
      compiled = std::move(*c);
      compiled_for = args[1]->strings[i];
      compiled_icase = icase;
      have = true;
    }
    out->strings[i] = compiled.Replace(args[0]->strings[i], args[2]->strings[i], global);
  }
  return Status::OK();
}

Status RegexSubstring(const Column* const* args, size_t, size_t n, Column* out,
                      const FunctionContext&) {
  out->nulls.resize(n);
  out->strings.assign(n, S());
  RegexPattern compiled;
  const S* compiled_for = nullptr;
  for (size_t i = 0; i < n; ++i) {
    if (args[0]->nulls[i] || args[1]->nulls[i]) {
      out->nulls[i] = 1;
      continue;
    }
    if (compiled_for == nullptr || *compiled_for != args[1]->strings[i]) {
      auto c = RegexPattern::Compile(args[1]->strings[i], false);
      if (!c.ok()) return c.status();
      compiled = std::move(*c);
      compiled_for = &args[1]->strings[i];
    }
    out->nulls[i] = !compiled.Substring(args[0]->strings[i], &out->strings[i]);
  }
  return Status::OK();
}

}  // namespace

void RegisterPatternFunctions(Registry* r) {
  DataType t = T(TypeId::kText), b = T(TypeId::kBool);
  Add(r, "like", {t, t}, b, MatchFn<LikePattern, false, false>);
  Add(r, "ilike", {t, t}, b, MatchFn<LikePattern, true, false>);
  Add(r, "not like", {t, t}, b, MatchFn<LikePattern, false, true>);
  Add(r, "not ilike", {t, t}, b, MatchFn<LikePattern, true, true>);
  Add(r, "~", {t, t}, b, MatchFn<RegexPattern, false, false>);
  Add(r, "~*", {t, t}, b, MatchFn<RegexPattern, true, false>);
  Add(r, "!~", {t, t}, b, MatchFn<RegexPattern, false, true>);
  Add(r, "!~*", {t, t}, b, MatchFn<RegexPattern, true, true>);
  Add(r, "regexp_like", {t, t}, b, MatchFn<RegexPattern, false, false>);
  Add(r, "regexp_replace", {t, t, t}, t, RegexpReplace);
  Add(r, "regexp_replace", {t, t, t, t}, t, RegexpReplace);
  Add(r, "substring", {t, t}, t, RegexSubstring);
}

}  // namespace kappa::fn
