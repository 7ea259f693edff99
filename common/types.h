// SQL data types and their physical representation.
//
// Every SQL type maps to one PhysicalKind, the C++ representation used in
// columns (common/chunk.h) and scalar values (common/value.h):
//
//   type                     physical   meaning of the stored value
//   BOOLEAN                  kInt64     0 or 1
//   SMALLINT/INTEGER/BIGINT  kInt64     the integer (range checked per type)
//   DATE                     kInt64     days since 1970-01-01
//   TIME                     kInt64     microseconds since midnight
//   TIMESTAMP                kInt64     microseconds since 1970-01-01 00:00:00
//   TIMESTAMPTZ              kInt64     microseconds since 1970-01-01 00:00:00 UTC
//   REAL/DOUBLE PRECISION    kFloat64   the value (REAL rounded to float on cast)
//   NUMERIC/DECIMAL(p,s)     kDecimal   Decimal{unscaled __int128, scale}
//   VARCHAR(n)/TEXT          kString    UTF-8 bytes
//   INTERVAL                 kInterval  Interval{months, days, micros}
//   unknown (NULL literal,   kString    text of an untyped literal / always NULL
//     untyped string)
#pragma once

#include <cstdint>
#include <string>

namespace kappa {

enum class TypeId : uint8_t {
  kUnknown = 0,  // untyped NULL or string literal before resolution
  kBool,
  kInt16,
  kInt32,
  kInt64,
  kFloat32,
  kFloat64,
  kNumeric,
  kVarchar,
  kText,
  kDate,
  kTime,
  kTimestamp,
  kTimestampTz,
  kInterval,
};

enum class PhysicalKind : uint8_t { kInt64, kFloat64, kDecimal, kString, kInterval };

// A SQL type with its modifiers. precision/scale only for kNumeric
// (-1 = unconstrained), length only for kVarchar (-1 = unbounded).
struct DataType {
  TypeId id = TypeId::kUnknown;
  int32_t precision = -1;
  int32_t scale = -1;
  int32_t length = -1;

  DataType() = default;
  constexpr explicit DataType(TypeId t) : id(t) {}
  static DataType Numeric(int32_t p = -1, int32_t s = -1) {
    DataType d(TypeId::kNumeric);
    d.precision = p;
    d.scale = s;
    return d;
  }
  static DataType Varchar(int32_t n = -1) {
    DataType d(TypeId::kVarchar);
    d.length = n;
    return d;
  }
  bool operator==(const DataType& o) const {
    return id == o.id && precision == o.precision && scale == o.scale && length == o.length;
  }
  bool operator!=(const DataType& o) const { return !(*this == o); }
};

PhysicalKind Physical(TypeId id);
inline PhysicalKind Physical(const DataType& t) { return Physical(t.id); }

bool IsIntegral(TypeId id);   // int16/32/64
bool IsNumeric(TypeId id);    // integral, float, numeric
bool IsStringType(TypeId id); // varchar, text, unknown
bool IsTemporal(TypeId id);   // date, time, timestamp(tz), interval

// PostgreSQL's type OID (bool 16, int2 21, int4 23, int8 20, float4 700,
// float8 701, numeric 1700, text 25, varchar 1043, date 1082, time 1083,
// timestamp 1114, timestamptz 1184, interval 1186, unknown 705).
uint32_t TypeOid(TypeId id);
// Type length as RowDescription reports it (-1 for variable length).
int16_t TypeLength(TypeId id);
// Type modifier as RowDescription reports it (atttypmod; -1 if none).
int32_t TypeModifier(const DataType& t);
// PostgreSQL's format_type() text: "integer", "character varying(10)",
// "numeric(10,2)", "timestamp without time zone", ...
std::string TypeName(const DataType& t);

}  // namespace kappa
