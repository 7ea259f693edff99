// Arithmetic operators on integers, floats and numerics: + - * / % ^ and
// unary minus, with PostgreSQL's overflow (22003) and division-by-zero
// (22012) errors.
#include <cmath>

#include "common/decimal.h"
#include "executor/functions/function_util.h"

namespace kappa::fn {
namespace {

template <TypeId kType>
bool FitsInt(int64_t v) {
  if constexpr (kType == TypeId::kInt16) return v >= INT16_MIN && v <= INT16_MAX;
  if constexpr (kType == TypeId::kInt32) return v >= INT32_MIN && v <= INT32_MAX;
  return true;
}

enum class Op { kAdd, kSub, kMul, kDiv, kMod };

template <TypeId kType, Op kOp>
Status IntOp(const Column* const* args, size_t, size_t n, Column* out, const FunctionContext&) {
  Status err;
  auto f = [&err](int64_t a, int64_t b, int64_t* r) {
    int64_t v;
    if constexpr (kOp == Op::kAdd) {
      if (__builtin_add_overflow(a, b, &v) || !FitsInt<kType>(v)) {
        err = IntegerOutOfRange(kType);
        return false;
      }
    } else if constexpr (kOp == Op::kSub) {
      if (__builtin_sub_overflow(a, b, &v) || !FitsInt<kType>(v)) {
        err = IntegerOutOfRange(kType);
        return false;
      }
    } else if constexpr (kOp == Op::kMul) {
      if (__builtin_mul_overflow(a, b, &v) || !FitsInt<kType>(v)) {
        err = IntegerOutOfRange(kType);
        return false;
      }
    } else if constexpr (kOp == Op::kDiv) {
      if (b == 0) {
        err = DivisionByZero();
        return false;
      }
      if (b == -1) {
        if (a == INT64_MIN || !FitsInt<kType>(-a)) {
          err = IntegerOutOfRange(kType);
          return false;
        }
        v = -a;
      } else {
        v = a / b;
      }
    } else {
      if (b == 0) {
        err = DivisionByZero();
        return false;
      }
      v = b == -1 ? 0 : a % b;
    }
    *r = v;
    return true;
  };
  return Binary<int64_t, int64_t, int64_t>(*args[0], *args[1], n, out, f, &err);
}

template <TypeId kType>
Status IntNeg(const Column* const* args, size_t, size_t n, Column* out, const FunctionContext&) {
  Status err;
  return Unary<int64_t, int64_t>(
      *args[0], n, out,
      [&err](int64_t a, int64_t* r) {
        if (a == INT64_MIN || !FitsInt<kType>(-a)) {
          err = IntegerOutOfRange(kType);
          return false;
        }
        *r = -a;
        return true;
      },
      &err);
}

Status FloatOverflow() {
  return Status::Error(sqlstate::kNumericValueOutOfRange, "value out of range: overflow");
}
Status FloatUnderflow() {
  return Status::Error(sqlstate::kNumericValueOutOfRange, "value out of range: underflow");
}

// PostgreSQL's check_float8_val / check_float4_val.
template <bool kFloat4>
inline bool CheckFloat(double* r, bool inf_ok, bool zero_ok, Status* err) {
  if constexpr (kFloat4) *r = static_cast<double>(static_cast<float>(*r));
  if (std::isinf(*r) && !inf_ok) {
    *err = FloatOverflow();
    return false;
  }
  if (*r == 0.0 && !zero_ok) {
    *err = FloatUnderflow();
    return false;
  }
  return true;
}

template <bool kFloat4, Op kOp>
Status FloatOp(const Column* const* args, size_t, size_t n, Column* out, const FunctionContext&) {
  Status err;
  auto f = [&err](double a, double b, double* r) {
    if constexpr (kOp == Op::kAdd) {
      *r = a + b;
      return CheckFloat<kFloat4>(r, std::isinf(a) || std::isinf(b), true, &err);
    } else if constexpr (kOp == Op::kSub) {
      *r = a - b;
      return CheckFloat<kFloat4>(r, std::isinf(a) || std::isinf(b), true, &err);
    } else if constexpr (kOp == Op::kMul) {
      *r = a * b;
      return CheckFloat<kFloat4>(r, std::isinf(a) || std::isinf(b), a == 0.0 || b == 0.0, &err);
    } else {
      if (b == 0.0) {
        err = DivisionByZero();
        return false;
      }
      *r = a / b;
      return CheckFloat<kFloat4>(r, std::isinf(a), a == 0.0 || std::isinf(b), &err);
    }
  };
  return Binary<double, double, double>(*args[0], *args[1], n, out, f, &err);
}

Status FloatNeg(const Column* const* args, size_t, size_t n, Column* out, const FunctionContext&) {
  Status err;
  return Unary<double, double>(
      *args[0], n, out,
      [](double a, double* r) {
        *r = -a;
        return true;
      },
      &err);
}

Status FloatPow(const Column* const* args, size_t, size_t n, Column* out, const FunctionContext&) {
  Status err;
  auto f = [&err](double a, double b, double* r) {
    if (a == 0.0 && b < 0.0) {
      err = Status::Error("2201F", "zero raised to a negative power is undefined");
      return false;
    }
    if (a < 0.0 && std::floor(b) != b && std::isfinite(b)) {
      err = Status::Error("2201F",
                          "a negative number raised to a non-integer power yields a complex result");
      return false;
    }
    if (std::isnan(a) || std::isnan(b)) {
      *r = (a == 1.0 || b == 0.0) ? 1.0 : std::nan("");
      return true;
    }
    *r = std::pow(a, b);
    if (std::isinf(*r) && std::isfinite(a) && std::isfinite(b)) {
      err = FloatOverflow();
      return false;
    }
    if (*r == 0.0 && a != 0.0 && std::isfinite(a) && std::isfinite(b)) {
      err = FloatUnderflow();
      return false;
    }
    return true;
  };
  return Binary<double, double, double>(*args[0], *args[1], n, out, f, &err);
}

template <Op kOp>
Status NumericOp(const Column* const* args, size_t, size_t n, Column* out, const FunctionContext&) {
  Status err;
  auto f = [&err](const Decimal& a, const Decimal& b, Decimal* r) {
    Result<Decimal> res = kOp == Op::kAdd   ? DecimalAdd(a, b)
                          : kOp == Op::kSub ? DecimalSub(a, b)
                          : kOp == Op::kMul ? DecimalMul(a, b)
                          : kOp == Op::kDiv ? DecimalDiv(a, b)
                                            : DecimalMod(a, b);
    if (!res.ok()) {
      err = res.status();
      return false;
    }
    *r = *res;
    return true;
  };
  return Binary<Decimal, Decimal, Decimal>(*args[0], *args[1], n, out, f, &err);
}

Status NumericPow(const Column* const* args, size_t, size_t n, Column* out, const FunctionContext&) {
  Status err;
  auto f = [&err](const Decimal& a, const Decimal& b, Decimal* r) {
    auto res = DecimalPower(a, b);
    if (!res.ok()) {
      err = res.status();
      return false;
    }
    *r = *res;
    return true;
  };
  return Binary<Decimal, Decimal, Decimal>(*args[0], *args[1], n, out, f, &err);
}

Status NumericNeg(const Column* const* args, size_t, size_t n, Column* out, const FunctionContext&) {
  Status err;
  return Unary<Decimal, Decimal>(
      *args[0], n, out,
      [](const Decimal& a, Decimal* r) {
        *r = DecimalNeg(a);
        return true;
      },
      &err);
}

template <TypeId kType>
void AddIntOps(Registry* r) {
  DataType t(kType);
  Add(r, "+", {t, t}, t, IntOp<kType, Op::kAdd>);
  Add(r, "-", {t, t}, t, IntOp<kType, Op::kSub>);
  Add(r, "*", {t, t}, t, IntOp<kType, Op::kMul>);
  Add(r, "/", {t, t}, t, IntOp<kType, Op::kDiv>);
  Add(r, "%", {t, t}, t, IntOp<kType, Op::kMod>);
  Add(r, "mod", {t, t}, t, IntOp<kType, Op::kMod>);
  Add(r, "neg", {t}, t, IntNeg<kType>);
}

template <bool kFloat4>
void AddFloatOps(Registry* r) {
  DataType t(kFloat4 ? TypeId::kFloat32 : TypeId::kFloat64);
  Add(r, "+", {t, t}, t, FloatOp<kFloat4, Op::kAdd>);
  Add(r, "-", {t, t}, t, FloatOp<kFloat4, Op::kSub>);
  Add(r, "*", {t, t}, t, FloatOp<kFloat4, Op::kMul>);
  Add(r, "/", {t, t}, t, FloatOp<kFloat4, Op::kDiv>);
  Add(r, "neg", {t}, t, FloatNeg);
}

}  // namespace

Status IntegerOutOfRange(TypeId t) {
  const char* msg = t == TypeId::kInt16   ? "smallint out of range"
                    : t == TypeId::kInt32 ? "integer out of range"
                                          : "bigint out of range";
  return Status::Error(sqlstate::kNumericValueOutOfRange, msg);
}

void RegisterArithmeticFunctions(Registry* r) {
  AddIntOps<TypeId::kInt16>(r);
  AddIntOps<TypeId::kInt32>(r);
  AddIntOps<TypeId::kInt64>(r);
  AddFloatOps<true>(r);
  AddFloatOps<false>(r);
  // float4 op float8 and float8 op float4 compute in float8 (PostgreSQL's
  // float48pl etc.); with them, real op integer/numeric resolves to float8.
  DataType f4(TypeId::kFloat32), f8d(TypeId::kFloat64);
  for (auto args : {std::vector<DataType>{f4, f8d}, std::vector<DataType>{f8d, f4}}) {
    Add(r, "+", args, f8d, FloatOp<false, Op::kAdd>);
    Add(r, "-", args, f8d, FloatOp<false, Op::kSub>);
    Add(r, "*", args, f8d, FloatOp<false, Op::kMul>);
    Add(r, "/", args, f8d, FloatOp<false, Op::kDiv>);
  }
  DataType num = Num();
  Add(r, "+", {num, num}, num, NumericOp<Op::kAdd>);
  Add(r, "-", {num, num}, num, NumericOp<Op::kSub>);
  Add(r, "*", {num, num}, num, NumericOp<Op::kMul>);
  Add(r, "/", {num, num}, num, NumericOp<Op::kDiv>);
  Add(r, "%", {num, num}, num, NumericOp<Op::kMod>);
  Add(r, "mod", {num, num}, num, NumericOp<Op::kMod>);
  Add(r, "neg", {num}, num, NumericNeg);
  DataType f8(TypeId::kFloat64);
  Add(r, "^", {f8, f8}, f8, FloatPow);
  Add(r, "^", {num, num}, num, NumericPow);
  Add(r, "power", {f8, f8}, f8, FloatPow);
  Add(r, "power", {num, num}, num, NumericPow);
  Add(r, "pow", {f8, f8}, f8, FloatPow);
  Add(r, "pow", {num, num}, num, NumericPow);
}

}  // namespace kappa::fn
