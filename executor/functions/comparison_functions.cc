// Comparison operators (= <> < <= > >=) for every comparable type, and the
// polymorphic greatest/least/nullif.
#include "executor/functions/compare.h"
#include "executor/functions/function_util.h"

namespace kappa::fn {
namespace {

enum class CmpOp { kEq, kNe, kLt, kLe, kGt, kGe };

template <CmpOp kOp>
inline int64_t Apply(int c) {
  switch (kOp) {
    case CmpOp::kEq: return c == 0;
    case CmpOp::kNe: return c != 0;
    case CmpOp::kLt: return c < 0;
    case CmpOp::kLe: return c <= 0;
    case CmpOp::kGt: return c > 0;
    case CmpOp::kGe: return c >= 0;
  }
  return 0;
}

template <typename P, CmpOp kOp>
Status Compare(const Column* const* args, size_t, size_t n, Column* out, const FunctionContext&) {
  const Column& a = *args[0];
  const Column& b = *args[1];
  const auto& av = Payload<P>::Get(a);
  const auto& bv = Payload<P>::Get(b);
  out->nulls.resize(n);
  out->ints.resize(n);
  for (size_t i = 0; i < n; ++i) {
    uint8_t null = a.nulls[i] | b.nulls[i];
    out->nulls[i] = null;
    int c;
    if constexpr (std::is_same_v<P, int64_t>) {
      c = CmpInt(av[i], bv[i]);
    } else if constexpr (std::is_same_v<P, double>) {
      c = CmpFloat(av[i], bv[i]);
    } else if constexpr (std::is_same_v<P, Decimal>) {
      if (null) continue;
      c = CmpDecimal(av[i], bv[i]);
    } else if constexpr (std::is_same_v<P, std::string>) {
      c = CmpString(av[i], bv[i]);
    } else {
      c = CmpInterval(av[i], bv[i]);
    }
    out->ints[i] = Apply<kOp>(c);
  }
  return Status::OK();
}

template <typename P>
void AddComparisons(Registry* r, DataType t, DataType u) {
  DataType b(TypeId::kBool);
  Add(r, "=", {t, u}, b, Compare<P, CmpOp::kEq>);
  Add(r, "<>", {t, u}, b, Compare<P, CmpOp::kNe>);
  Add(r, "<", {t, u}, b, Compare<P, CmpOp::kLt>);
  Add(r, "<=", {t, u}, b, Compare<P, CmpOp::kLe>);
  Add(r, ">", {t, u}, b, Compare<P, CmpOp::kGt>);
  Add(r, ">=", {t, u}, b, Compare<P, CmpOp::kGe>);
}

template <typename P>
void AddComparisons(Registry* r, DataType t) {
  AddComparisons<P>(r, t, t);
}

// greatest/least over any number of same-typed columns; NULLs are ignored
// (NULL only when every argument is NULL).
template <bool kGreatest>
Status Extreme(const Column* const* args, size_t num_args, size_t n, Column* out,
               const FunctionContext&) {
  out->Clear();
  out->Reserve(n);
  for (size_t i = 0; i < n; ++i) {
    int best = -1;
    for (size_t k = 0; k < num_args; ++k) {
      if (args[k]->nulls[i]) continue;
      if (best < 0) {
        best = static_cast<int>(k);
        continue;
      }
      int c = CompareRows(*args[k], i, *args[best], i);
      if (kGreatest ? c > 0 : c < 0) best = static_cast<int>(k);
    }
    if (best < 0) {
      out->AppendNull();
    } else {
      out->AppendFrom(*args[best], i);
    }
  }
  return Status::OK();
}

Status NullIf(const Column* const* args, size_t, size_t n, Column* out, const FunctionContext&) {
  out->Clear();
  out->Reserve(n);
  for (size_t i = 0; i < n; ++i) {
    if (!args[0]->nulls[i] && !args[1]->nulls[i] && CompareRows(*args[0], i, *args[1], i) == 0) {
      out->AppendNull();
    } else {
      out->AppendFrom(*args[0], i);
    }
  }
  return Status::OK();
}

}  // namespace

void RegisterComparisonFunctions(Registry* r) {
  for (TypeId t : {TypeId::kBool, TypeId::kInt16, TypeId::kInt32, TypeId::kInt64, TypeId::kDate,
                   TypeId::kTime, TypeId::kTimestamp, TypeId::kTimestampTz}) {
    AddComparisons<int64_t>(r, T(t));
  }
  AddComparisons<double>(r, T(TypeId::kFloat32));
  AddComparisons<double>(r, T(TypeId::kFloat64));
  // Cross-type float4/float8 comparisons compare in float8 (float48eq etc.).
  AddComparisons<double>(r, T(TypeId::kFloat32), T(TypeId::kFloat64));
  AddComparisons<double>(r, T(TypeId::kFloat64), T(TypeId::kFloat32));
  AddComparisons<Decimal>(r, Num());
  AddComparisons<std::string>(r, T(TypeId::kText));
  AddComparisons<Interval>(r, T(TypeId::kInterval));
  // Polymorphic: resolved specially (function_registry.cc), declared with
  // unknown argument types.
  Add(r, "greatest", {T(TypeId::kUnknown)}, T(TypeId::kUnknown), Extreme<true>, true);
  Add(r, "least", {T(TypeId::kUnknown)}, T(TypeId::kUnknown), Extreme<false>, true);
  Add(r, "nullif", {T(TypeId::kUnknown), T(TypeId::kUnknown)}, T(TypeId::kUnknown), NullIf);
}

}  // namespace kappa::fn
