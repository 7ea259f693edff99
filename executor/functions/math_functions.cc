// Mathematical functions: abs, sign, round, trunc, ceil/ceiling, floor,
// sqrt, cbrt, exp, ln, log, log10, pi, degrees, radians, trigonometry, div.
#include <cmath>

#include "common/decimal.h"
#include "executor/functions/function_util.h"

namespace kappa::fn {
namespace {

template <TypeId kType>
Status IntAbs(const Column* const* args, size_t, size_t n, Column* out, const FunctionContext&) {
  Status err;
  return Unary<int64_t, int64_t>(
      *args[0], n, out,
      [&err](int64_t a, int64_t* r) {
        int64_t v = a < 0 ? -a : a;
        bool ok = a != INT64_MIN;
        if (kType == TypeId::kInt16) ok = ok && v <= INT16_MAX;
        if (kType == TypeId::kInt32) ok = ok && v <= INT32_MAX;
        if (!ok) {
          err = IntegerOutOfRange(kType);
          return false;
        }
        *r = v;
        return true;
      },
      &err);
}

// A float8 -> float8 function with an optional domain check.
enum class FloatFn {
  kAbs, kSign, kRound, kTrunc, kCeil, kFloor, kSqrt, kCbrt, kExp, kLn, kLog10,
  kDegrees, kRadians, kSin, kCos, kTan, kAsin, kAcos, kAtan, kCot
};

template <FloatFn kFn>
Status FloatUnary(const Column* const* args, size_t, size_t n, Column* out,
                  const FunctionContext&) {
  Status err;
  return Unary<double, double>(
      *args[0], n, out,
      [&err](double a, double* r) {
        switch (kFn) {
          case FloatFn::kAbs: *r = std::fabs(a); break;
          case FloatFn::kSign: *r = a > 0 ? 1.0 : (a < 0 ? -1.0 : 0.0); break;
          case FloatFn::kRound: *r = std::rint(a); break;
          case FloatFn::kTrunc: *r = std::trunc(a); break;
          case FloatFn::kCeil: *r = std::ceil(a); break;
          case FloatFn::kFloor: *r = std::floor(a); break;
          case FloatFn::kSqrt:
            if (a < 0) {
              err = Status::Error("2201F", "cannot take square root of a negative number");
              return false;
            }
            *r = std::sqrt(a);
            break;
          case FloatFn::kCbrt: *r = std::cbrt(a); break;
          case FloatFn::kExp:
            *r = std::exp(a);
            if (std::isinf(*r) && std::isfinite(a)) {
              err = Status::Error(sqlstate::kNumericValueOutOfRange, "value out of range: overflow");
              return false;
            }
            if (*r == 0.0 && std::isfinite(a)) {
              err = Status::Error(sqlstate::kNumericValueOutOfRange, "value out of range: underflow");
              return false;
            }
            break;
          case FloatFn::kLn:
          case FloatFn::kLog10:
            if (a == 0.0) {
              err = Status::Error("2201E", "cannot take logarithm of zero");
              return false;
            }
            if (a < 0.0) {
              err = Status::Error("2201E", "cannot take logarithm of a negative number");
              return false;
            }
            *r = kFn == FloatFn::kLn ? std::log(a) : std::log10(a);
            break;
          case FloatFn::kDegrees: *r = a * (180.0 / M_PI); break;
          case FloatFn::kRadians: *r = a * (M_PI / 180.0); break;
          case FloatFn::kSin: *r = std::sin(a); break;
          case FloatFn::kCos: *r = std::cos(a); break;
          case FloatFn::kTan: *r = std::tan(a); break;
          case FloatFn::kCot: *r = 1.0 / std::tan(a); break;
          case FloatFn::kAsin:
          case FloatFn::kAcos:
            if (a < -1.0 || a > 1.0) {
              err = Status::Error(sqlstate::kNumericValueOutOfRange, "input is out of range");
              return false;
            }
            *r = kFn == FloatFn::kAsin ? std::asin(a) : std::acos(a);
            break;
          case FloatFn::kAtan: *r = std::atan(a); break;
        }
        return true;
      },
      &err);
}

Status FloatAtan2(const Column* const* args, size_t, size_t n, Column* out,
                  const FunctionContext&) {
  Status err;
  return Binary<double, double, double>(
      *args[0], *args[1], n, out,
      [](double a, double b, double* r) {
        *r = std::atan2(a, b);
        return true;
      },
      &err);
}

Status FloatPi(const Column* const*, size_t, size_t n, Column* out, const FunctionContext&) {
  out->nulls.assign(n, 0);
  out->floats.assign(n, M_PI);
  return Status::OK();
}

enum class NumFn { kAbs, kSign, kRound, kTrunc, kCeil, kFloor, kSqrt, kExp, kLn, kLog10 };

template <NumFn kFn>
Status NumericUnary(const Column* const* args, size_t, size_t n, Column* out,
                    const FunctionContext&) {
  Status err;
  return Unary<Decimal, Decimal>(
      *args[0], n, out,
      [&err](const Decimal& a, Decimal* r) {
        Result<Decimal> res = a;
        switch (kFn) {
          case NumFn::kAbs: res = DecimalAbs(a); break;
          case NumFn::kSign: res = DecimalSign(a); break;
          case NumFn::kRound: res = DecimalRound(a, 0); break;
          case NumFn::kTrunc: res = DecimalTrunc(a, 0); break;
          case NumFn::kCeil: res = DecimalCeil(a); break;
          case NumFn::kFloor: res = DecimalFloor(a); break;
          case NumFn::kSqrt: res = DecimalSqrt(a); break;
          case NumFn::kExp: res = DecimalExp(a); break;
          case NumFn::kLn: res = DecimalLn(a); break;
          case NumFn::kLog10: res = DecimalLog(DecimalFromInt(10), a); break;
        }
        if (!res.ok()) {
          err = res.status();
          return false;
        }
        *r = *res;
        return true;
      },
      &err);
}

template <bool kRound>
Status NumericRoundTo(const Column* const* args, size_t, size_t n, Column* out,
                      const FunctionContext&) {
  Status err;
  return Binary<Decimal, int64_t, Decimal>(
      *args[0], *args[1], n, out,
      [&err](const Decimal& a, int64_t s, Decimal* r) {
        int scale = static_cast<int>(std::max<int64_t>(std::min<int64_t>(s, 1000), -1000));
        auto res = kRound ? DecimalRound(a, scale) : DecimalTrunc(a, scale);
        if (!res.ok()) {
          err = res.status();
          return false;
        }
        *r = *res;
        return true;
      },
      &err);
}

Status NumericLog2(const Column* const* args, size_t, size_t n, Column* out,
                   const FunctionContext&) {
  Status err;
  return Binary<Decimal, Decimal, Decimal>(
      *args[0], *args[1], n, out,
      [&err](const Decimal& b, const Decimal& x, Decimal* r) {
        auto res = DecimalLog(b, x);
        if (!res.ok()) {
          err = res.status();
          return false;
        }
        *r = *res;
        return true;
      },
      &err);
}

Status NumericDiv(const Column* const* args, size_t, size_t n, Column* out,
                  const FunctionContext&) {
  Status err;
  return Binary<Decimal, Decimal, Decimal>(
      *args[0], *args[1], n, out,
      [&err](const Decimal& a, const Decimal& b, Decimal* r) {
        auto res = DecimalDivTrunc(a, b);
        if (!res.ok()) {
          err = res.status();
          return false;
        }
        *r = *res;
        return true;
      },
      &err);
}

}  // namespace

void RegisterMathFunctions(Registry* r) {
  DataType f8 = T(TypeId::kFloat64), f4 = T(TypeId::kFloat32), num = Num();
  DataType i2 = T(TypeId::kInt16), i4 = T(TypeId::kInt32), i8 = T(TypeId::kInt64);
  Add(r, "abs", {i2}, i2, IntAbs<TypeId::kInt16>);
  Add(r, "abs", {i4}, i4, IntAbs<TypeId::kInt32>);
  Add(r, "abs", {i8}, i8, IntAbs<TypeId::kInt64>);
  Add(r, "abs", {f4}, f4, FloatUnary<FloatFn::kAbs>);
  Add(r, "abs", {f8}, f8, FloatUnary<FloatFn::kAbs>);
  Add(r, "abs", {num}, num, NumericUnary<NumFn::kAbs>);
  Add(r, "sign", {f8}, f8, FloatUnary<FloatFn::kSign>);
  Add(r, "sign", {num}, num, NumericUnary<NumFn::kSign>);
  Add(r, "round", {f8}, f8, FloatUnary<FloatFn::kRound>);
  Add(r, "round", {num}, num, NumericUnary<NumFn::kRound>);
  Add(r, "round", {num, i4}, num, NumericRoundTo<true>);
  Add(r, "trunc", {f8}, f8, FloatUnary<FloatFn::kTrunc>);
  Add(r, "trunc", {num}, num, NumericUnary<NumFn::kTrunc>);
  Add(r, "trunc", {num, i4}, num, NumericRoundTo<false>);
  for (const char* name : {"ceil", "ceiling"}) {
    Add(r, name, {f8}, f8, FloatUnary<FloatFn::kCeil>);
    Add(r, name, {num}, num, NumericUnary<NumFn::kCeil>);
  }
  Add(r, "floor", {f8}, f8, FloatUnary<FloatFn::kFloor>);
  Add(r, "floor", {num}, num, NumericUnary<NumFn::kFloor>);
  Add(r, "sqrt", {f8}, f8, FloatUnary<FloatFn::kSqrt>);
  Add(r, "sqrt", {num}, num, NumericUnary<NumFn::kSqrt>);
  Add(r, "cbrt", {f8}, f8, FloatUnary<FloatFn::kCbrt>);
  Add(r, "exp", {f8}, f8, FloatUnary<FloatFn::kExp>);
  Add(r, "exp", {num}, num, NumericUnary<NumFn::kExp>);
  Add(r, "ln", {f8}, f8, FloatUnary<FloatFn::kLn>);
  Add(r, "ln", {num}, num, NumericUnary<NumFn::kLn>);
  Add(r, "log", {f8}, f8, FloatUnary<FloatFn::kLog10>);
  Add(r, "log", {num}, num, NumericUnary<NumFn::kLog10>);
  Add(r, "log", {num, num}, num, NumericLog2);
  Add(r, "log10", {f8}, f8, FloatUnary<FloatFn::kLog10>);
  Add(r, "log10", {num}, num, NumericUnary<NumFn::kLog10>);
  Add(r, "pi", {}, f8, FloatPi);
  Add(r, "degrees", {f8}, f8, FloatUnary<FloatFn::kDegrees>);
  Add(r, "radians", {f8}, f8, FloatUnary<FloatFn::kRadians>);
  Add(r, "sin", {f8}, f8, FloatUnary<FloatFn::kSin>);
  Add(r, "cos", {f8}, f8, FloatUnary<FloatFn::kCos>);
  Add(r, "tan", {f8}, f8, FloatUnary<FloatFn::kTan>);
  Add(r, "cot", {f8}, f8, FloatUnary<FloatFn::kCot>);
  Add(r, "asin", {f8}, f8, FloatUnary<FloatFn::kAsin>);
  Add(r, "acos", {f8}, f8, FloatUnary<FloatFn::kAcos>);
  Add(r, "atan", {f8}, f8, FloatUnary<FloatFn::kAtan>);
  Add(r, "atan2", {f8, f8}, f8, FloatAtan2);
  Add(r, "div", {num, num}, num, NumericDiv);
}

}  // namespace kappa::fn
