// Scalar values: Decimal, Interval and Value.
//
// Value is the one-row form used for constants, parameters, catalog defaults
// and tests. Hot paths work on columns (common/chunk.h), never on Values.
#pragma once

#include <cstdint>
#include <string>

#include "common/types.h"

namespace kappa {

// NUMERIC as an unscaled 128-bit integer and a scale: value = unscaled / 10^scale.
// Up to 38 significant digits; operations that would exceed that fail with
// 22003 (numeric value out of range). Scale is kept as PostgreSQL keeps it
// (10.50 stays 10.50).
struct Decimal {
  __int128 unscaled = 0;
  int32_t scale = 0;
};

// INTERVAL as PostgreSQL stores it: months, days and microseconds, each
// kept separately (1 mon is not 30 days until justified or compared).
struct Interval {
  int32_t months = 0;
  int32_t days = 0;
  int64_t micros = 0;
};

// A single typed value, possibly NULL. Exactly one payload field is
// meaningful, chosen by Physical(type).
struct Value {
  DataType type;
  bool is_null = true;
  int64_t i = 0;         // kInt64 physical kind
  double f = 0;          // kFloat64
  Decimal d;             // kDecimal
  std::string s;         // kString
  Interval iv;           // kInterval

  static Value Null(DataType t = DataType()) {
    Value v;
    v.type = t;
    return v;
  }
  static Value Bool(bool b) { return Int(TypeId::kBool, b ? 1 : 0); }
  static Value Int(TypeId t, int64_t x) {
    Value v;
    v.type = DataType(t);
    v.is_null = false;
    v.i = x;
    return v;
  }
  static Value Float(TypeId t, double x) {
    Value v;
    v.type = DataType(t);
    v.is_null = false;
    v.f = x;
    return v;
  }
  static Value Dec(Decimal x, DataType t = DataType::Numeric()) {
    Value v;
    v.type = t;
    v.is_null = false;
    v.d = x;
    return v;
  }
  static Value String(std::string x, DataType t = DataType(TypeId::kText)) {
    Value v;
    v.type = t;
    v.is_null = false;
    v.s = std::move(x);
    return v;
  }
  static Value Intv(Interval x) {
    Value v;
    v.type = DataType(TypeId::kInterval);
    v.is_null = false;
    v.iv = x;
    return v;
  }
};

}  // namespace kappa
