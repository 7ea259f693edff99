#include "executor/function_registry.h"

#include <algorithm>
#include <deque>
#include <unordered_map>

#include "executor/functions/function_util.h"

namespace kappa {
namespace fn {

struct Registry {
  std::deque<ScalarFunction> functions;  // stable addresses
  std::unordered_map<std::string, std::vector<const ScalarFunction*>> by_name;
};

void Add(Registry* r, const char* name, std::vector<DataType> args, DataType ret, ScalarFn f,
         bool variadic, bool volatile_fn) {
  ScalarFunction sf;
  sf.name = name;
  sf.arg_types = std::move(args);
  sf.return_type = ret;
  sf.fn = f;
  sf.variadic = variadic;
  sf.volatile_fn = volatile_fn;
  r->functions.push_back(std::move(sf));
  r->by_name[name].push_back(&r->functions.back());
}

void FillConstantInt(Column* out, size_t n, int64_t v) {
  out->nulls.assign(n, 0);
  out->ints.assign(n, v);
}

void FillConstantString(Column* out, size_t n, const std::string& v) {
  out->nulls.assign(n, 0);
  out->strings.assign(n, v);
}

void FillNull(Column* out, size_t n) {
  out->Clear();
  for (size_t i = 0; i < n; ++i) out->AppendNull();
}

}  // namespace fn

namespace {

const fn::Registry& GetRegistry() {
  static const fn::Registry* registry = [] {
    auto* r = new fn::Registry();
    fn::RegisterArithmeticFunctions(r);
    fn::RegisterMathFunctions(r);
    fn::RegisterComparisonFunctions(r);
    fn::RegisterStringFunctions(r);
    fn::RegisterPatternFunctions(r);
    fn::RegisterDatetimeFunctions(r);
    fn::RegisterDatetimeArithmetic(r);
    fn::RegisterSystemFunctions(r);
    fn::RegisterCatalogFunctions(r);
    return r;
  }();
  return *registry;
}

std::string_view StripCatalog(std::string_view name) {
  constexpr std::string_view kPrefix = "pg_catalog.";
  if (name.substr(0, kPrefix.size()) == kPrefix) name.remove_prefix(kPrefix.size());
  return name;
}

// PostgreSQL's type categories.
char Category(TypeId t) {
  switch (t) {
    case TypeId::kBool: return 'B';
    case TypeId::kInt16:
    case TypeId::kInt32:
    case TypeId::kInt64:
    case TypeId::kFloat32:
    case TypeId::kFloat64:
    case TypeId::kNumeric: return 'N';
    case TypeId::kVarchar:
    case TypeId::kText: return 'S';
    case TypeId::kDate:
    case TypeId::kTime:
    case TypeId::kTimestamp:
    case TypeId::kTimestampTz: return 'D';
    case TypeId::kInterval: return 'T';
    case TypeId::kUnknown: return 'X';
  }
  return 'U';
}

bool IsPreferred(TypeId t) {
  return t == TypeId::kFloat64 || t == TypeId::kText || t == TypeId::kTimestampTz ||
         t == TypeId::kInterval || t == TypeId::kBool;
}

bool ImplicitCast(TypeId f, TypeId t) {
  using T = TypeId;
  switch (f) {
    case T::kInt16:
      return t == T::kInt32 || t == T::kInt64 || t == T::kFloat32 || t == T::kFloat64 ||
             t == T::kNumeric;
    case T::kInt32:
      return t == T::kInt64 || t == T::kFloat32 || t == T::kFloat64 || t == T::kNumeric;
    case T::kInt64:
      return t == T::kFloat32 || t == T::kFloat64 || t == T::kNumeric;
    case T::kFloat32: return t == T::kFloat64;
    case T::kNumeric: return t == T::kFloat32 || t == T::kFloat64;
    case T::kVarchar: return t == T::kText;
    case T::kText: return t == T::kVarchar;
    case T::kDate: return t == T::kTimestamp || t == T::kTimestampTz;
    case T::kTimestamp: return t == T::kTimestampTz;
    case T::kTime: return t == T::kInterval;
    default: return false;
  }
}

bool AssignmentCast(TypeId f, TypeId t) {
  using T = TypeId;
  if (ImplicitCast(f, t)) return true;
  if (t == T::kText || t == T::kVarchar) return true;  // I/O conversion to strings
  switch (f) {
    case T::kInt64: return t == T::kInt32 || t == T::kInt16;
    case T::kInt32: return t == T::kInt16;
    case T::kFloat64:
      return t == T::kFloat32 || t == T::kInt16 || t == T::kInt32 || t == T::kInt64 ||
             t == T::kNumeric;
    case T::kFloat32:
      return t == T::kInt16 || t == T::kInt32 || t == T::kInt64 || t == T::kNumeric;
    case T::kNumeric: return t == T::kInt16 || t == T::kInt32 || t == T::kInt64;
    case T::kTimestamp: return t == T::kDate || t == T::kTime;
    case T::kTimestampTz: return t == T::kDate || t == T::kTime || t == T::kTimestamp;
    case T::kInterval: return t == T::kTime;
    default: return false;
  }
}

bool ExplicitCast(TypeId f, TypeId t) {
  using T = TypeId;
  if (AssignmentCast(f, t)) return true;
  if (f == T::kText || f == T::kVarchar) return true;  // I/O conversion from strings
  if (f == T::kBool && t == T::kInt32) return true;
  if (f == T::kInt32 && t == T::kBool) return true;
  return false;
}

std::string OperatorSymbol(std::string_view name) {
  if (name == "like") return "~~";
  if (name == "ilike") return "~~*";
  if (name == "not like") return "!~~";
  if (name == "not ilike") return "!~~*";
  if (name == "neg") return "-";
  return std::string(name);
}

bool IsOperatorName(std::string_view name) {
  if (name.empty()) return false;
  if (name == "like" || name == "ilike" || name == "not like" || name == "not ilike" ||
      name == "neg") {
    return true;
  }
  char c = name[0];
  return !((c >= 'a' && c <= 'z') || c == '_');
}

std::string PlainTypeName(const DataType& t) { return TypeName(DataType(t.id)); }

// "integer + text" for an operator, "lower(integer)" for a function: the
// signature as PostgreSQL's resolution errors spell it.
std::string Signature(std::string_view name, const std::vector<DataType>& args) {
  if (IsOperatorName(name)) {
    std::string sym = OperatorSymbol(name);
    if (args.size() == 1) return sym + " " + PlainTypeName(args[0]);
    if (args.size() == 2) return PlainTypeName(args[0]) + " " + sym + " " + PlainTypeName(args[1]);
    return sym;
  }
  std::string sig = std::string(name) + "(";
  for (size_t i = 0; i < args.size(); ++i) {
    if (i) sig += ", ";
    sig += PlainTypeName(args[i]);
  }
  return sig + ")";
}

Status NoSuchFunction(std::string_view name, const std::vector<DataType>& args) {
  if (IsOperatorName(name)) {
    return Status::Error(sqlstate::kUndefinedFunction,
                         "operator does not exist: " + Signature(name, args))
        .WithHint(
            "No operator matches the given name and argument types. You might need to add "
            "explicit type casts.");
  }
  return Status::Error(sqlstate::kUndefinedFunction,
                       "function " + Signature(name, args) + " does not exist")
      .WithHint(
          "No function matches the given name and argument types. You might need to add "
          "explicit type casts.");
}

bool IsStringish(TypeId t) { return t == TypeId::kText || t == TypeId::kVarchar; }

Status NotUnique(std::string_view name, const std::vector<DataType>& args) {
  if (IsOperatorName(name)) {
    return Status::Error(sqlstate::kAmbiguousFunction,
                         "operator is not unique: " + Signature(name, args))
        .WithHint(
            "Could not choose a best candidate operator. You might need to add explicit type "
            "casts.");
  }
  return Status::Error(sqlstate::kAmbiguousFunction,
                       "function " + Signature(name, args) + " is not unique")
      .WithHint(
          "Could not choose a best candidate function. You might need to add explicit type "
          "casts.");
}

// A declared argument type of kUnknown is polymorphic ("anynonarray"): it
// accepts a value of any type, passed to the function uncast (an unknown
// literal becomes text). Its category is PostgreSQL's pseudo-type category
// 'P', never preferred and never an exact match.
bool IsPolymorphic(const DataType& decl) { return decl.id == TypeId::kUnknown; }

char DeclCategory(const DataType& decl) { return IsPolymorphic(decl) ? 'P' : Category(decl.id); }

bool DeclPreferred(const DataType& decl) { return !IsPolymorphic(decl) && IsPreferred(decl.id); }

// The cast target for an argument of type `given` passed where `decl` is
// declared: strings pass through (binary coercible), polymorphic arguments
// keep their type, others take decl.
DataType CastTarget(const DataType& given, const DataType& decl) {
  if (IsPolymorphic(decl)) return given.id == TypeId::kUnknown ? DataType(TypeId::kText) : given;
  if (given.id == decl.id) return given;
  if (IsStringish(given.id) && IsStringish(decl.id) && decl.length < 0) return given;
  return decl;
}

// Whether an argument of type `t` can be passed where `decl` is declared
// without an explicit cast (PostgreSQL's can_coerce_type, COERCION_IMPLICIT).
bool CanCoerceImplicitly(TypeId t, const DataType& decl) {
  return t == decl.id || t == TypeId::kUnknown || IsPolymorphic(decl) || ImplicitCast(t, decl.id);
}

struct Candidate {
  const ScalarFunction* f;
  std::vector<DataType> decl;  // one per argument (variadic expanded)
};

// PostgreSQL's overload resolution (parse_func.c func_get_detail / parse_oper.c
// oper_select_candidate with func_match_argtypes and func_select_candidate):
//   1. an exact match of the argument types wins; for a binary operator with
//      one unknown-typed side, the unknown side is assumed to have the other
//      side's type (binary_oper_exact);
//   2. keep the candidates every argument converts to implicitly; one left wins;
//   3. keep those with the most exact type matches;
//   4. keep those with the most arguments that match exactly or are the
//      preferred type of the argument's category (float8 for numbers, text
//      for strings, timestamptz for date/time, ...);
//   5. for unknown-typed arguments: if the candidates agree on the category at
//      that position, or the string category is among them, keep that
//      category (and its preferred type if some candidate has it there);
//   6. if all known arguments have the same type, assume the unknown ones have
//      it too and keep the candidates those types convert to; a unique one wins.
// Anything still ambiguous is 42725.
Result<ResolvedFunction> ResolveGeneric(std::string_view name,
                                        const std::vector<const ScalarFunction*>& fns,
                                        const std::vector<DataType>& args) {
  const size_t nargs = args.size();
  std::vector<Candidate> cands;
  for (const ScalarFunction* f : fns) {
    size_t nd = f->arg_types.size();
    if (f->variadic ? nargs + 1 < nd : nargs != nd) continue;
    if (f->variadic && nd == 0) continue;
    Candidate c;
    c.f = f;
    for (size_t i = 0; i < nargs; ++i) {
      c.decl.push_back(i < nd ? f->arg_types[i] : f->arg_types[nd - 1]);
    }
    cands.push_back(std::move(c));
  }
  auto finish = [&](const Candidate& c) {
    ResolvedFunction r;
    r.function = c.f;
    r.return_type = c.f->return_type;
    for (size_t i = 0; i < nargs; ++i) r.arg_casts.push_back(CastTarget(args[i], c.decl[i]));
    return r;
  };

  // 1. Exact match.
  std::vector<TypeId> lookup;
  for (const auto& a : args) lookup.push_back(a.id);
  if (nargs == 2 && IsOperatorName(name)) {
    if (lookup[0] == TypeId::kUnknown) lookup[0] = lookup[1];
    else if (lookup[1] == TypeId::kUnknown) lookup[1] = lookup[0];
  }
  for (const auto& c : cands) {
    bool exact = true;
    for (size_t i = 0; i < nargs && exact; ++i) {
      exact = !IsPolymorphic(c.decl[i]) && c.decl[i].id == lookup[i];
    }
    if (exact) return finish(c);
  }

  // 2. Candidates reachable by implicit coercion.
  {
    std::vector<Candidate> kept;
    for (auto& c : cands) {
      bool ok = true;
      for (size_t i = 0; i < nargs && ok; ++i) ok = CanCoerceImplicitly(args[i].id, c.decl[i]);
      if (ok) kept.push_back(std::move(c));
    }
    cands = std::move(kept);
  }
  if (cands.empty()) return NoSuchFunction(name, args);
  if (cands.size() == 1) return finish(cands[0]);

  auto keep_max = [&](auto score) {
    int best = INT32_MIN;
    for (const auto& c : cands) best = std::max(best, score(c));
    std::vector<Candidate> kept;
    for (auto& c : cands) {
      if (score(c) == best) kept.push_back(std::move(c));
    }
    cands = std::move(kept);
  };
  // 3. Most exact matches.
  keep_max([&](const Candidate& c) {
    int n = 0;
    for (size_t i = 0; i < nargs; ++i) {
      if (args[i].id != TypeId::kUnknown && !IsPolymorphic(c.decl[i]) &&
          c.decl[i].id == args[i].id) {
        ++n;
      }
    }
    return n;
  });
  if (cands.size() == 1) return finish(cands[0]);
  // 4. Most exact-or-preferred matches (preferred within the argument's category).
  keep_max([&](const Candidate& c) {
    int n = 0;
    for (size_t i = 0; i < nargs; ++i) {
      if (args[i].id == TypeId::kUnknown) continue;
      if ((!IsPolymorphic(c.decl[i]) && c.decl[i].id == args[i].id) ||
          (DeclPreferred(c.decl[i]) && DeclCategory(c.decl[i]) == Category(args[i].id))) {
        ++n;
      }
    }
    return n;
  });
  if (cands.size() == 1) return finish(cands[0]);

  size_t nunknowns = 0;
  for (const auto& a : args) nunknowns += a.id == TypeId::kUnknown;
  if (nunknowns == 0) return NotUnique(name, args);

  // 5. Categories for the unknown arguments.
  std::vector<char> slot_category(nargs, 0);
  std::vector<bool> slot_preferred(nargs, false);
  bool resolved_unknowns = true;
  for (size_t i = 0; i < nargs && resolved_unknowns; ++i) {
    if (args[i].id != TypeId::kUnknown) continue;
    bool conflict = false;
    char& cat = slot_category[i];
    for (const auto& c : cands) {
      char k = DeclCategory(c.decl[i]);
      bool pref = DeclPreferred(c.decl[i]);
      if (cat == 0) {
        cat = k;
        slot_preferred[i] = pref;
      } else if (k == cat) {
        slot_preferred[i] = slot_preferred[i] || pref;
      } else if (k == 'S') {
        cat = k;  // the string category wins if available
        slot_preferred[i] = pref;
      } else {
        conflict = true;
      }
    }
    if (conflict && cat != 'S') resolved_unknowns = false;
  }
  if (resolved_unknowns) {
    std::vector<Candidate> kept;
    for (auto& c : cands) {
      bool keep = true;
      for (size_t i = 0; i < nargs && keep; ++i) {
        if (args[i].id != TypeId::kUnknown) continue;
        keep = DeclCategory(c.decl[i]) == slot_category[i] &&
               (!slot_preferred[i] || DeclPreferred(c.decl[i]));
      }
      if (keep) kept.push_back(c);
    }
    if (!kept.empty()) cands = std::move(kept);  // none: keep them all
    if (cands.size() == 1) return finish(cands[0]);
  }

  // 6. All known arguments of one type: assume the unknown ones have it too.
  if (nunknowns < nargs) {
    TypeId known = TypeId::kUnknown;
    bool same = true;
    for (const auto& a : args) {
      if (a.id == TypeId::kUnknown) continue;
      if (known == TypeId::kUnknown) known = a.id;
      else if (known != a.id) same = false;
    }
    if (same) {
      const Candidate* match = nullptr;
      int count = 0;
      for (const auto& c : cands) {
        bool ok = true;
        for (size_t i = 0; i < nargs && ok; ++i) ok = CanCoerceImplicitly(known, c.decl[i]);
        if (ok) {
          match = &c;
          ++count;
        }
      }
      if (count == 1) return finish(*match);
    }
  }
  return NotUnique(name, args);
}

}  // namespace

bool CanCast(const DataType& from, const DataType& to, CastContext ctx) {
  if (from.id == to.id || from.id == TypeId::kUnknown) return true;
  switch (ctx) {
    case CastContext::kImplicit: return ImplicitCast(from.id, to.id);
    case CastContext::kAssignment: return AssignmentCast(from.id, to.id);
    case CastContext::kExplicit: return ExplicitCast(from.id, to.id);
  }
  return false;
}

Result<DataType> CommonType(const std::vector<DataType>& types, std::string_view construct) {
  const DataType* p = nullptr;
  for (const auto& t : types) {
    if (t.id != TypeId::kUnknown) {
      p = &t;
      break;
    }
  }
  if (p == nullptr) return DataType(TypeId::kText);
  DataType ptype = *p;
  bool all_same = true;
  for (const auto& t : types) {
    if (t.id == TypeId::kUnknown) continue;
    if (t != ptype) all_same = false;
  }
  if (all_same) return ptype;
  char pcat = Category(ptype.id);
  for (const auto& t : types) {
    if (t.id == TypeId::kUnknown || t.id == ptype.id) continue;
    if (Category(t.id) != pcat) {
      return Status::Error(sqlstate::kDatatypeMismatch,
                           std::string(construct) + " types " + PlainTypeName(ptype) + " and " +
                               PlainTypeName(t) + " cannot be matched");
    }
    if (!IsPreferred(ptype.id) && ImplicitCast(ptype.id, t.id) && !ImplicitCast(t.id, ptype.id)) {
      ptype = DataType(t.id);
    }
  }
  // Keep a type modifier only when every input of the chosen type has it.
  DataType result(ptype.id);
  bool first = true, same_mod = true;
  for (const auto& t : types) {
    if (t.id == TypeId::kUnknown) continue;
    if (t.id != result.id) {
      same_mod = false;
      continue;
    }
    if (first) {
      result = t;
      first = false;
    } else if (t != result) {
      same_mod = false;
    }
  }
  if (!same_mod) result = DataType(ptype.id);
  // Every input must convert implicitly.
  for (const auto& t : types) {
    if (t.id == TypeId::kUnknown || t.id == result.id) continue;
    if (!ImplicitCast(t.id, result.id)) {
      return Status::Error("42846", std::string(construct) + " could not convert type " +
                                        PlainTypeName(t) + " to " + PlainTypeName(result));
    }
  }
  return result;
}

bool IsScalarFunctionName(std::string_view name) {
  name = StripCatalog(name);
  return GetRegistry().by_name.count(std::string(name)) > 0;
}

Result<ResolvedFunction> ResolveScalarFunction(std::string_view name,
                                               const std::vector<DataType>& arg_types) {
  name = StripCatalog(name);
  const auto& reg = GetRegistry();
  auto it = reg.by_name.find(std::string(name));
  if (it == reg.by_name.end()) return NoSuchFunction(name, arg_types);
  const auto& fns = it->second;
  // Polymorphic functions.
  if (name == "greatest" || name == "least" || name == "nullif") {
    if ((name == "nullif" && arg_types.size() != 2) || arg_types.empty()) {
      return NoSuchFunction(name, arg_types);
    }
    std::string construct = name == "greatest" ? "GREATEST" : name == "least" ? "LEAST" : "NULLIF";
    KAPPA_ASSIGN_OR_RETURN(DataType common, CommonType(arg_types, construct));
    ResolvedFunction r;
    r.function = fns[0];
    r.return_type = common;
    r.arg_casts.assign(arg_types.size(), common);
    return r;
  }
  if (name == "concat" || name == "concat_ws" || name == "format" || name == "pg_typeof" ||
      name == "num_nulls" || name == "num_nonnulls") {
    const ScalarFunction* f = nullptr;
    for (const ScalarFunction* c : fns) {
      if (c->variadic ? arg_types.size() + 1 >= c->arg_types.size()
                      : arg_types.size() == c->arg_types.size()) {
        f = c;
        break;
      }
    }
    if (f == nullptr || (name != "concat" && name != "num_nulls" && name != "num_nonnulls" &&
                         arg_types.empty())) {
      return NoSuchFunction(name, arg_types);
    }
    // concat_ws(text, VARIADIC "any") needs a separator and at least one
    // value; format(text[, VARIADIC "any"]) a format string.
    if ((name == "concat_ws" || name == "format") &&
        ((name == "concat_ws" && arg_types.size() < 2) ||
         !CanCoerceImplicitly(arg_types[0].id, DataType(TypeId::kText)))) {
      return NoSuchFunction(name, arg_types);
    }
    ResolvedFunction r;
    r.function = f;
    r.return_type = f->return_type;
    for (size_t i = 0; i < arg_types.size(); ++i) {
      const DataType& t = arg_types[i];
      bool fixed_text = i == 0 && (name == "concat_ws" || name == "format");
      if (name == "pg_typeof" || name == "num_nulls" || name == "num_nonnulls" ||
          ((name == "concat" || name == "concat_ws" || name == "format") && !fixed_text &&
           t.id != TypeId::kUnknown)) {
        // Formatted inside the function with the type's output function.
        r.arg_casts.push_back(t);
      } else {
        r.arg_casts.push_back(IsStringish(t.id) ? t : DataType(TypeId::kText));
      }
    }
    return r;
  }
  return ResolveGeneric(name, fns, arg_types);
}

}  // namespace kappa
