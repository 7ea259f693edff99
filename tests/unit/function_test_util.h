// Helpers shared by the cast and function tests: a miniature binder that
// builds bound expressions the way sql/binder does (resolving functions and
// inserting the implicit casts) and runs them through the expression evaluator.
#pragma once

#include <doctest/doctest.h>

#include <string>
#include <vector>

#include "common/decimal.h"
#include "common/value_format.h"
#include "common/value_parse.h"
#include "executor/cast.h"
#include "executor/expression_evaluator.h"
#include "executor/function_registry.h"
#include "sql/bound_expr.h"

namespace kappa {
namespace {

BoundExprPtr Const(Value v) { return BoundExpr::Constant(std::move(v)); }
BoundExprPtr I(int64_t v) { return Const(Value::Int(TypeId::kInt32, v)); }
BoundExprPtr I2(int64_t v) { return Const(Value::Int(TypeId::kInt16, v)); }
BoundExprPtr I8(int64_t v) { return Const(Value::Int(TypeId::kInt64, v)); }
BoundExprPtr B(bool v) { return Const(Value::Bool(v)); }
BoundExprPtr Typed(const std::string& text, DataType t) {
  auto v = ParseValue(text, t);
  REQUIRE_MESSAGE(v.ok(), v.status().ToString());
  return Const(*v);
}
BoundExprPtr N(const std::string& text) { return Typed(text, DataType::Numeric()); }
BoundExprPtr F(const std::string& text) { return Typed(text, DataType(TypeId::kFloat64)); }
BoundExprPtr F4(const std::string& text) { return Typed(text, DataType(TypeId::kFloat32)); }
BoundExprPtr S(const std::string& text) { return Const(Value::String(text)); }
BoundExprPtr U(const std::string& text) {
  return Const(Value::String(text, DataType(TypeId::kUnknown)));
}
BoundExprPtr Null(TypeId t = TypeId::kUnknown) { return Const(Value::Null(DataType(t))); }
BoundExprPtr Ts(const std::string& text) { return Typed(text, DataType(TypeId::kTimestamp)); }
BoundExprPtr Tz(const std::string& text) { return Typed(text, DataType(TypeId::kTimestampTz)); }
BoundExprPtr D(const std::string& text) { return Typed(text, DataType(TypeId::kDate)); }
BoundExprPtr Tm(const std::string& text) { return Typed(text, DataType(TypeId::kTime)); }
BoundExprPtr Iv(const std::string& text) { return Typed(text, DataType(TypeId::kInterval)); }

BoundExprPtr CastTo(BoundExprPtr e, DataType t, bool explicit_cast = true) {
  auto c = std::make_unique<BoundExpr>(BoundExprKind::kCast, t);
  c->explicit_cast = explicit_cast;
  c->children.push_back(std::move(e));
  return c;
}

// Resolves name(args) and inserts the casts the resolution asks for. A
// resolution error is returned as a kConstant holding the error text, which
// Run() reports.
std::string g_resolve_error;

BoundExprPtr Fn(const std::string& name, std::vector<BoundExprPtr> args) {
  std::vector<DataType> types;
  for (const auto& a : args) types.push_back(a->type);
  auto r = ResolveScalarFunction(name, types);
  if (!r.ok()) {
    g_resolve_error = "ERROR " + r.status().sqlstate() + ": " + r.status().message();
    return Null();
  }
  auto e = std::make_unique<BoundExpr>(BoundExprKind::kFunction, r->return_type);
  e->function = r->function;
  e->function_name = name;
  for (size_t i = 0; i < args.size(); ++i) {
    if (r->arg_casts[i] != args[i]->type) {
      e->children.push_back(CastTo(std::move(args[i]), r->arg_casts[i], false));
    } else {
      e->children.push_back(std::move(args[i]));
    }
  }
  return e;
}

template <typename... A>
BoundExprPtr Op(const std::string& name, A... args) {
  std::vector<BoundExprPtr> v;
  (v.push_back(std::move(args)), ...);
  return Fn(name, std::move(v));
}

template <typename... A>
BoundExprPtr Call(const std::string& name, A... args) {
  std::vector<BoundExprPtr> v;
  (v.push_back(std::move(args)), ...);
  return Fn(name, std::move(v));
}

EvalContext TestContext() {
  EvalContext ctx;
  // 2026-11-23 11:24:03.186188+00
  ctx.fn.statement_time_us = 1795433043186188LL;
  ctx.fn.user = "alice";
  ctx.fn.database = "shop";
  return ctx;
}

// Evaluates a constant expression: its PostgreSQL text, "NULL", or
// "ERROR <sqlstate>: <message>".
std::string Run(BoundExprPtr e) {
  if (!g_resolve_error.empty()) {
    std::string err = g_resolve_error;
    g_resolve_error.clear();
    return err;
  }
  auto v = EvaluateConstant(*e, TestContext());
  if (!v.ok()) return "ERROR " + v.status().sqlstate() + ": " + v.status().message();
  if (v->is_null) return "NULL";
  return FormatValue(*v);
}

}  // namespace
}  // namespace kappa
