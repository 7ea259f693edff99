// Type coercion: implicit (function arguments, operators, CASE/UNION
// branches), assignment (INSERT/UPDATE targets) and explicit (CAST), with
// PostgreSQL's treatment of untyped literals and parameters: they take the
// target type directly (a literal is parsed at bind time, so a bad literal
// fails with 22P02/22007/22008 and its position).
#include <cstring>

#include "common/value_parse.h"
#include "executor/expression_evaluator.h"
#include "sql/binder/query_binder.h"

namespace kappa {
namespace binder {

namespace {

bool Unconstrained(const DataType& t) { return t.precision < 0 && t.length < 0; }

DataType StripModifiers(const DataType& t) { return DataType(t.id); }

// Truncates UTF-8 text to at most n characters (explicit cast to varchar(n)).
std::string TruncateChars(const std::string& s, int32_t n) {
  size_t chars = 0;
  for (size_t i = 0; i < s.size(); ++i) {
    if ((static_cast<unsigned char>(s[i]) & 0xC0) != 0x80) {
      if (chars == static_cast<size_t>(n)) return s.substr(0, i);
      ++chars;
    }
  }
  return s;
}

bool FoldableCast(const BoundExpr& cast) {
  const BoundExpr& child = *cast.children[0];
  if (child.kind != BoundExprKind::kConstant) return false;
  // Casts that depend on the session TimeZone are left to run time.
  auto tz = [](TypeId id) { return id == TypeId::kTimestampTz; };
  return !tz(child.type.id) && !tz(cast.type.id);
}

Result<BoundExprPtr> ParseLiteral(const BoundExpr& lit, const DataType& target, CastContext cc) {
  std::string text = lit.constant.s;
  DataType parse_type = target;
  if (cc == CastContext::kExplicit && target.id == TypeId::kVarchar && target.length >= 0) {
    text = TruncateChars(text, target.length);  // explicit casts truncate, like PostgreSQL
  }
  auto v = ParseValue(text, parse_type);
  if (!v.ok()) {
    Status st = v.status();
    st.WithPosition(lit.location);
    return st;
  }
  Value value = std::move(v).value();
  value.type = target;
  auto out = BoundExpr::Constant(std::move(value));
  out->location = lit.location;
  return out;
}

// Shared core. `ctx` may be null (then parameters are typed in the node only).
Result<BoundExprPtr> CoerceCore(BoundExprPtr e, const DataType& target, CastContext cc,
                                BindContext* ctx, bool* no_cast) {
  *no_cast = false;
  if (e->type == target || target.id == TypeId::kUnknown) return e;
  if (e->kind == BoundExprKind::kConstant && e->type.id == TypeId::kUnknown) {
    if (e->constant.is_null) {
      auto out = BoundExpr::Constant(Value::Null(target));
      out->location = e->location;
      return out;
    }
    return ParseLiteral(*e, target, cc);
  }
  if (e->kind == BoundExprKind::kParam && e->type.id == TypeId::kUnknown) {
    DataType base = StripModifiers(target);
    if (ctx != nullptr && e->param_index >= 0 &&
        e->param_index < static_cast<int>(ctx->param_types.size())) {
      ctx->param_types[e->param_index] = base;
    }
    e->type = base;
    if (base == target) return e;
    return MakeCast(std::move(e), target);
  }
  if (e->type.id == target.id && Unconstrained(target)) return e;  // only a typmod differs
  if (e->type.id != target.id && e->type.id != TypeId::kUnknown &&
      !CanCast(e->type, target, cc)) {
    *no_cast = true;
    return Status::Error("42846",
                         "cannot cast type " + TypeName(e->type) + " to " + TypeName(target),
                         e->location);
  }
  auto cast = MakeCast(std::move(e), target);
  cast->explicit_cast = cc == CastContext::kExplicit;
  if (FoldableCast(*cast)) {
    EvalContext ec;
    int location = cast->location;
    auto v = EvaluateConstant(*cast, ec);
    if (!v.ok()) {
      Status st = v.status();
      st.WithPosition(location);
      return st;
    }
    Value value = std::move(v).value();
    value.type = target;
    auto out = BoundExpr::Constant(std::move(value));
    out->location = location;
    return out;
  }
  return cast;
}

}  // namespace

Result<BoundExprPtr> QueryBinder::Coerce(BoundExprPtr e, const DataType& target, CastContext cc) {
  bool no_cast = false;
  return CoerceCore(std::move(e), target, cc, &ctx_, &no_cast);
}

Result<BoundExprPtr> QueryBinder::FoldConstantCast(BoundExprPtr cast) {
  if (!FoldableCast(*cast)) return cast;
  EvalContext ec;
  int location = cast->location;
  DataType target = cast->type;
  auto v = EvaluateConstant(*cast, ec);
  if (!v.ok()) {
    Status st = v.status();
    st.WithPosition(location);
    return st;
  }
  Value value = std::move(v).value();
  value.type = target;
  auto out = BoundExpr::Constant(std::move(value));
  out->location = location;
  return out;
}

Result<DataType> QueryBinder::CoerceToCommon(std::vector<BoundExprPtr*> exprs,
                                             std::string_view construct) {
  std::vector<DataType> types;
  types.reserve(exprs.size());
  for (auto* e : exprs) types.push_back((*e)->type);
  KAPPA_ASSIGN_OR_RETURN(DataType common, CommonType(types, construct));
  for (auto* e : exprs) {
    KAPPA_ASSIGN_OR_RETURN(*e, Coerce(std::move(*e), common, CastContext::kImplicit));
  }
  return common;
}

Result<BoundExprPtr> CoerceAssign(BoundExprPtr e, const DataType& target,
                                  const std::string& column_name, BindContext* ctx) {
  DataType from = e->type;
  int location = e->location;
  bool no_cast = false;
  auto r = CoerceCore(std::move(e), target, CastContext::kAssignment, ctx, &no_cast);
  if (!r.ok() && no_cast) {
    Status st = Status::Error(sqlstate::kDatatypeMismatch,
                              "column \"" + column_name + "\" is of type " + TypeName(target) +
                                  " but expression is of type " + TypeName(from),
                              location);
    st.WithHint("You will need to rewrite or cast the expression.");
    return st;
  }
  return r;
}

}  // namespace binder

Result<BoundExprPtr> CoerceToColumn(BoundExprPtr expr, const DataType& target,
                                    const std::string& column_name) {
  return binder::CoerceAssign(std::move(expr), target, column_name, nullptr);
}

}  // namespace kappa
