#include "executor/cast.h"

#include <charconv>
#include <cmath>
#include <cstdio>
#include <cstdlib>

#include "common/datetime.h"
#include "common/decimal.h"
#include "common/value_format.h"
#include "common/value_parse.h"

namespace kappa {
namespace {

Status IntOutOfRange(TypeId t) {
  const char* msg = t == TypeId::kInt16   ? "smallint out of range"
                    : t == TypeId::kInt32 ? "integer out of range"
                                          : "bigint out of range";
  return Status::Error(sqlstate::kNumericValueOutOfRange, msg);
}

bool IntFits(TypeId t, int64_t v) {
  if (t == TypeId::kInt16) return v >= INT16_MIN && v <= INT16_MAX;
  if (t == TypeId::kInt32) return v >= INT32_MIN && v <= INT32_MAX;
  return true;
}

// Prefix of `s` holding at most n UTF-8 characters.
size_t Utf8Prefix(const std::string& s, size_t n, size_t* chars) {
  size_t cut = 0, c = 0;
  while (cut < s.size() && c < n) {
    ++cut;
    while (cut < s.size() && (static_cast<unsigned char>(s[cut]) & 0xC0) == 0x80) ++cut;
    ++c;
  }
  *chars = c;
  return cut;
}

// Applies varchar(n) to a string in place.
Status ApplyVarcharLength(std::string* s, int32_t length, CastContext ctx) {
  if (length < 0 || s->size() <= static_cast<size_t>(length)) return Status::OK();
  size_t chars;
  size_t cut = Utf8Prefix(*s, static_cast<size_t>(length), &chars);
  if (cut >= s->size()) return Status::OK();
  if (ctx != CastContext::kExplicit) {
    for (size_t k = cut; k < s->size(); ++k) {
      if ((*s)[k] != ' ') {
        return Status::Error(sqlstate::kStringDataRightTruncation,
                             "value too long for type character varying(" +
                                 std::to_string(length) + ")");
      }
    }
  }
  s->resize(cut);
  return Status::OK();
}

Result<double> ToFloat4(double v) {
  if (std::isnan(v) || std::isinf(v)) return v;
  float f = static_cast<float>(v);
  if (std::isinf(f)) {
    return Status::Error(sqlstate::kNumericValueOutOfRange, "value out of range: overflow");
  }
  if (f == 0.0f && v != 0.0) {
    return Status::Error(sqlstate::kNumericValueOutOfRange, "value out of range: underflow");
  }
  return static_cast<double>(f);
}

Result<int64_t> FloatToInt(double v, TypeId to) {
  double r = std::rint(v);
  bool ok = !std::isnan(r);
  if (ok) {
    if (to == TypeId::kInt16) ok = r >= -32768.0 && r < 32768.0;
    else if (to == TypeId::kInt32) ok = r >= -2147483648.0 && r < 2147483648.0;
    else ok = r >= -9223372036854775808.0 && r < 9223372036854775808.0;
  }
  if (!ok) return IntOutOfRange(to);
  return static_cast<int64_t>(r);
}

Result<Decimal> FloatToDecimal(double v, bool is_float4) {
  if (std::isnan(v)) return Status::NotSupported("cannot convert NaN to numeric");
  if (std::isinf(v)) return Status::NotSupported("cannot convert infinity to numeric");
  char buf[64];
  int n = std::snprintf(buf, sizeof(buf), "%.*g", is_float4 ? 6 : 15, v);
  return DecimalFromString(std::string_view(buf, n));
}

double DecimalToFloat(const Decimal& d, bool is_float4) {
  std::string s = DecimalToString(d);
  if (is_float4) return static_cast<double>(std::strtof(s.c_str(), nullptr));
  return std::strtod(s.c_str(), nullptr);
}

// One non-null value of column `in` at `row` converted to `to` and appended.
// Used for the less common pairs; the hot pairs have loops below.
Status CastOne(const Column& in, size_t row, const DataType& to, CastContext ctx, Column* out) {
  TypeId from = in.type.id;
  PhysicalKind pf = Physical(from);
  // To strings: format.
  if (IsStringType(to.id)) {
    std::string s;
    if (pf == PhysicalKind::kString) {
      s = in.strings[row];
    } else if (from == TypeId::kBool) {
      s = in.ints[row] ? "true" : "false";  // booltext(), unlike boolout()
    } else {
      AppendValueText(in, row, &s);
    }
    if (to.id == TypeId::kVarchar) KAPPA_RETURN_IF_ERROR(ApplyVarcharLength(&s, to.length, ctx));
    out->nulls.push_back(0);
    out->strings.push_back(std::move(s));
    return Status::OK();
  }
  // From strings: parse.
  if (IsStringType(from)) {
    KAPPA_ASSIGN_OR_RETURN(Value v, ParseValue(in.strings[row], to));
    out->Append(v);
    return Status::OK();
  }
  Value v;
  v.type = to;
  v.is_null = false;
  switch (to.id) {
    case TypeId::kBool:
      if (!IsIntegral(from) && from != TypeId::kBool) return CannotCast(in.type, to);
      v.i = in.ints[row] != 0;
      break;
    case TypeId::kInt16:
    case TypeId::kInt32:
    case TypeId::kInt64:
      if (IsIntegral(from) || from == TypeId::kBool) {
        if (!IntFits(to.id, in.ints[row])) return IntOutOfRange(to.id);
        v.i = in.ints[row];
      } else if (pf == PhysicalKind::kFloat64) {
        KAPPA_ASSIGN_OR_RETURN(v.i, FloatToInt(in.floats[row], to.id));
      } else if (from == TypeId::kNumeric) {
        auto r = DecimalToInt64(in.decimals[row]);
        if (!r.ok() || !IntFits(to.id, *r)) return IntOutOfRange(to.id);
        v.i = *r;
      } else {
        return CannotCast(in.type, to);
      }
      break;
    case TypeId::kFloat32:
    case TypeId::kFloat64: {
      double d;
      if (IsIntegral(from)) {
        d = static_cast<double>(in.ints[row]);
      } else if (pf == PhysicalKind::kFloat64) {
        d = in.floats[row];
      } else if (from == TypeId::kNumeric) {
        d = DecimalToFloat(in.decimals[row], to.id == TypeId::kFloat32);
      } else {
        return CannotCast(in.type, to);
      }
      if (to.id == TypeId::kFloat32) {
        KAPPA_ASSIGN_OR_RETURN(d, ToFloat4(d));
      }
      v.f = d;
      break;
    }
    case TypeId::kNumeric: {
      Decimal d;
      if (IsIntegral(from)) {
        d = DecimalFromInt(in.ints[row]);
      } else if (pf == PhysicalKind::kFloat64) {
        KAPPA_ASSIGN_OR_RETURN(d, FloatToDecimal(in.floats[row], from == TypeId::kFloat32));
      } else if (from == TypeId::kNumeric) {
        d = in.decimals[row];
      } else {
        return CannotCast(in.type, to);
      }
      KAPPA_ASSIGN_OR_RETURN(v.d, DecimalApplyTypmod(d, to.precision, to.scale));
      break;
    }
    case TypeId::kDate: {
      int64_t x = in.ints[row];
      if (from == TypeId::kDate) {
        v.i = x;
      } else if (from == TypeId::kTimestamp || from == TypeId::kTimestampTz) {
        if (x == kTimestampInfinity) v.i = kDateInfinity;
        else if (x == kTimestampNegInfinity) v.i = kDateNegInfinity;
        else v.i = FloorDiv(x, kMicrosPerDay);
      } else {
        return CannotCast(in.type, to);
      }
      break;
    }
    case TypeId::kTimestamp:
    case TypeId::kTimestampTz: {
      int64_t x = in.ints[row];
      if (from == TypeId::kDate) {
        if (x == kDateInfinity) v.i = kTimestampInfinity;
        else if (x == kDateNegInfinity) v.i = kTimestampNegInfinity;
        else {
          __int128 t = static_cast<__int128>(x) * kMicrosPerDay;
          if (t >= kTimestampInfinity) {
            return Status::Error(sqlstate::kDatetimeFieldOverflow, "date out of range for timestamp");
          }
          v.i = static_cast<int64_t>(t);
        }
      } else if (from == TypeId::kTimestamp || from == TypeId::kTimestampTz) {
        v.i = x;
      } else {
        return CannotCast(in.type, to);
      }
      break;
    }
    case TypeId::kTime: {
      if (from == TypeId::kTime) {
        v.i = in.ints[row];
      } else if (from == TypeId::kTimestamp || from == TypeId::kTimestampTz) {
        int64_t x = in.ints[row];
        if (!IsFiniteTimestamp(x)) {
          return Status::Error(sqlstate::kDatetimeFieldOverflow, "timestamp out of range");
        }
        v.i = FloorMod(x, kMicrosPerDay);
      } else if (from == TypeId::kInterval) {
        v.i = FloorMod(in.intervals[row].micros, kMicrosPerDay);
      } else {
        return CannotCast(in.type, to);
      }
      break;
    }
    case TypeId::kInterval: {
      if (from == TypeId::kInterval) {
        v.iv = in.intervals[row];
      } else if (from == TypeId::kTime) {
        v.iv = Interval{0, 0, in.ints[row]};
      } else {
        return CannotCast(in.type, to);
      }
      break;
    }
    default:
      return CannotCast(in.type, to);
  }
  out->Append(v);
  return Status::OK();
}

}  // namespace

Status CannotCast(const DataType& from, const DataType& to) {
  return Status::Error("42846", "cannot cast type " + TypeName(from) + " to " + TypeName(to));
}

Status CastColumn(const Column& in, const DataType& to, CastContext context, Column* out) {
  out->type = to;
  out->Clear();
  const size_t n = in.size();
  out->Reserve(n);
  TypeId from = in.type.id;
  // Same physical representation with nothing to check: copy.
  bool same = from == to.id && !(to.id == TypeId::kVarchar && to.length >= 0) &&
              !(to.id == TypeId::kNumeric && to.precision >= 0);
  bool string_to_text = IsStringType(from) && (to.id == TypeId::kText ||
                                               (to.id == TypeId::kVarchar && to.length < 0) ||
                                               to.id == TypeId::kUnknown);
  bool int_widen = IsIntegral(from) && IsIntegral(to.id) &&
                   (to.id == TypeId::kInt64 || (to.id == TypeId::kInt32 && from != TypeId::kInt64));
  bool ts_same = (from == TypeId::kTimestamp || from == TypeId::kTimestampTz) &&
                 (to.id == TypeId::kTimestamp || to.id == TypeId::kTimestampTz);
  if (same || string_to_text || int_widen || ts_same) {
    out->nulls = in.nulls;
    out->ints = in.ints;
    out->floats = in.floats;
    out->decimals = in.decimals;
    out->strings = in.strings;
    out->intervals = in.intervals;
    return Status::OK();
  }
  // Hot numeric pairs.
  if (IsIntegral(from) && to.id == TypeId::kFloat64) {
    out->nulls = in.nulls;
    out->floats.resize(n);
    for (size_t i = 0; i < n; ++i) out->floats[i] = static_cast<double>(in.ints[i]);
    return Status::OK();
  }
  if (IsIntegral(from) && to.id == TypeId::kNumeric && to.precision < 0) {
    out->nulls = in.nulls;
    out->decimals.resize(n);
    for (size_t i = 0; i < n; ++i) out->decimals[i] = DecimalFromInt(in.ints[i]);
    return Status::OK();
  }
  if (IsIntegral(from) && IsIntegral(to.id)) {
    out->nulls = in.nulls;
    out->ints = in.ints;
    for (size_t i = 0; i < n; ++i) {
      if (!in.nulls[i] && !IntFits(to.id, in.ints[i])) return IntOutOfRange(to.id);
    }
    return Status::OK();
  }
  for (size_t i = 0; i < n; ++i) {
    if (in.nulls[i]) {
      out->AppendNull();
      continue;
    }
    KAPPA_RETURN_IF_ERROR(CastOne(in, i, to, context, out));
  }
  return Status::OK();
}

Result<Value> CastValue(const Value& v, const DataType& to, CastContext context) {
  if (v.is_null) return Value::Null(to);
  Column in(v.type);
  in.Append(v);
  Column out(to);
  KAPPA_RETURN_IF_ERROR(CastColumn(in, to, context, &out));
  return out.Get(0);
}

}  // namespace kappa
