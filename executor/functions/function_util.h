// Building blocks for vectorized scalar functions: typed access to a
// Column's payload vector and strict (NULL in, NULL out) loops over whole
// columns. Each loop is instantiated per operation, so the per-row work is
// an inlined lambda: no virtual call, no allocation for fixed-width types.
//
// A lambda returns true on success; on failure it stores the error in the
// Status it captured and returns false, which stops the loop.
#pragma once

#include <string>
#include <vector>

#include "common/chunk.h"
#include "common/status.h"
#include "executor/function_registry.h"

namespace kappa::fn {

template <typename T>
struct Payload;
template <>
struct Payload<int64_t> {
  static const std::vector<int64_t>& Get(const Column& c) { return c.ints; }
  static std::vector<int64_t>& Mut(Column* c) { return c->ints; }
};
template <>
struct Payload<double> {
  static const std::vector<double>& Get(const Column& c) { return c.floats; }
  static std::vector<double>& Mut(Column* c) { return c->floats; }
};
template <>
struct Payload<Decimal> {
  static const std::vector<Decimal>& Get(const Column& c) { return c.decimals; }
  static std::vector<Decimal>& Mut(Column* c) { return c->decimals; }
};
template <>
struct Payload<std::string> {
  static const std::vector<std::string>& Get(const Column& c) { return c.strings; }
  static std::vector<std::string>& Mut(Column* c) { return c->strings; }
};
template <>
struct Payload<Interval> {
  static const std::vector<Interval>& Get(const Column& c) { return c.intervals; }
  static std::vector<Interval>& Mut(Column* c) { return c->intervals; }
};

// out[i] = f(a[i]) for non-null rows; f(const A&, R*) -> bool.
template <typename A, typename R, typename F>
inline Status Unary(const Column& a, size_t n, Column* out, F&& f, Status* err) {
  const auto& av = Payload<A>::Get(a);
  auto& rv = Payload<R>::Mut(out);
  out->nulls.assign(a.nulls.begin(), a.nulls.begin() + n);
  rv.resize(n);
  for (size_t i = 0; i < n; ++i) {
    if (a.nulls[i]) continue;
    if (!f(av[i], &rv[i])) return *err;
  }
  return Status::OK();
}

// out[i] = f(a[i], b[i]) for rows where neither is null.
template <typename A, typename B, typename R, typename F>
inline Status Binary(const Column& a, const Column& b, size_t n, Column* out, F&& f, Status* err) {
  const auto& av = Payload<A>::Get(a);
  const auto& bv = Payload<B>::Get(b);
  auto& rv = Payload<R>::Mut(out);
  out->nulls.resize(n);
  rv.resize(n);
  for (size_t i = 0; i < n; ++i) {
    uint8_t null = a.nulls[i] | b.nulls[i];
    out->nulls[i] = null;
    if (null) continue;
    if (!f(av[i], bv[i], &rv[i])) return *err;
  }
  return Status::OK();
}

// out[i] = f(a[i], b[i], c[i]) for rows where none is null.
template <typename A, typename B, typename C, typename R, typename F>
inline Status Ternary(const Column& a, const Column& b, const Column& c, size_t n, Column* out,
                      F&& f, Status* err) {
  const auto& av = Payload<A>::Get(a);
  const auto& bv = Payload<B>::Get(b);
  const auto& cv = Payload<C>::Get(c);
  auto& rv = Payload<R>::Mut(out);
  out->nulls.resize(n);
  rv.resize(n);
  for (size_t i = 0; i < n; ++i) {
    uint8_t null = a.nulls[i] | b.nulls[i] | c.nulls[i];
    out->nulls[i] = null;
    if (null) continue;
    if (!f(av[i], bv[i], cv[i], &rv[i])) return *err;
  }
  return Status::OK();
}

// Fills `out` with n values of `v` (a constant result; NULL when is_null).
void FillConstantInt(Column* out, size_t n, int64_t v);
void FillConstantString(Column* out, size_t n, const std::string& v);
void FillNull(Column* out, size_t n);

inline Status DivisionByZero() {
  return Status::Error(sqlstate::kDivisionByZero, "division by zero");
}
Status IntegerOutOfRange(TypeId t);  // "smallint/integer/bigint out of range"

// Registration: every family adds its functions to the registry.
struct Registry;
void Add(Registry* r, const char* name, std::vector<DataType> args, DataType ret, ScalarFn fn,
         bool variadic = false, bool volatile_fn = false);

void RegisterArithmeticFunctions(Registry* r);
void RegisterMathFunctions(Registry* r);
void RegisterComparisonFunctions(Registry* r);
void RegisterStringFunctions(Registry* r);
void RegisterPatternFunctions(Registry* r);
void RegisterDatetimeFunctions(Registry* r);
void RegisterDatetimeArithmetic(Registry* r);
void RegisterSystemFunctions(Registry* r);
void RegisterCatalogFunctions(Registry* r);  // catalog_functions.cc

// Shorthands for declarations.
inline DataType T(TypeId t) { return DataType(t); }
inline DataType Num() { return DataType::Numeric(); }

}  // namespace kappa::fn
