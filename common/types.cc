#include "common/types.h"

namespace kappa {

PhysicalKind Physical(TypeId id) {
  switch (id) {
    case TypeId::kFloat32:
    case TypeId::kFloat64:
      return PhysicalKind::kFloat64;
    case TypeId::kNumeric:
      return PhysicalKind::kDecimal;
    case TypeId::kVarchar:
    case TypeId::kText:
    case TypeId::kUnknown:
      return PhysicalKind::kString;
    case TypeId::kInterval:
      return PhysicalKind::kInterval;
    default:
      return PhysicalKind::kInt64;
  }
}

bool IsIntegral(TypeId id) {
  return id == TypeId::kInt16 || id == TypeId::kInt32 || id == TypeId::kInt64;
}
bool IsNumeric(TypeId id) {
  return IsIntegral(id) || id == TypeId::kFloat32 || id == TypeId::kFloat64 ||
         id == TypeId::kNumeric;
}
bool IsStringType(TypeId id) {
  return id == TypeId::kVarchar || id == TypeId::kText || id == TypeId::kUnknown;
}
bool IsTemporal(TypeId id) {
  return id == TypeId::kDate || id == TypeId::kTime || id == TypeId::kTimestamp ||
         id == TypeId::kTimestampTz || id == TypeId::kInterval;
}

uint32_t TypeOid(TypeId id) {
  switch (id) {
    case TypeId::kUnknown: return 705;
    case TypeId::kBool: return 16;
    case TypeId::kInt16: return 21;
    case TypeId::kInt32: return 23;
    case TypeId::kInt64: return 20;
    case TypeId::kFloat32: return 700;
    case TypeId::kFloat64: return 701;
    case TypeId::kNumeric: return 1700;
    case TypeId::kVarchar: return 1043;
    case TypeId::kText: return 25;
    case TypeId::kDate: return 1082;
    case TypeId::kTime: return 1083;
    case TypeId::kTimestamp: return 1114;
    case TypeId::kTimestampTz: return 1184;
    case TypeId::kInterval: return 1186;
  }
  return 705;
}

int16_t TypeLength(TypeId id) {
  switch (id) {
    case TypeId::kBool: return 1;
    case TypeId::kInt16: return 2;
    case TypeId::kInt32: return 4;
    case TypeId::kInt64: return 8;
    case TypeId::kFloat32: return 4;
    case TypeId::kFloat64: return 8;
    case TypeId::kDate: return 4;
    case TypeId::kTime: return 8;
    case TypeId::kTimestamp: return 8;
    case TypeId::kTimestampTz: return 8;
    case TypeId::kInterval: return 16;
    case TypeId::kUnknown: return -2;
    default: return -1;
  }
}

int32_t TypeModifier(const DataType& t) {
  if (t.id == TypeId::kVarchar && t.length >= 0) return t.length + 4;
  if (t.id == TypeId::kNumeric && t.precision >= 0) {
    return ((t.precision << 16) | (t.scale < 0 ? 0 : t.scale)) + 4;
  }
  return -1;
}

std::string TypeName(const DataType& t) {
  switch (t.id) {
    case TypeId::kUnknown: return "unknown";
    case TypeId::kBool: return "boolean";
    case TypeId::kInt16: return "smallint";
    case TypeId::kInt32: return "integer";
    case TypeId::kInt64: return "bigint";
    case TypeId::kFloat32: return "real";
    case TypeId::kFloat64: return "double precision";
    case TypeId::kNumeric:
      if (t.precision < 0) return "numeric";
      return "numeric(" + std::to_string(t.precision) + "," +
             std::to_string(t.scale < 0 ? 0 : t.scale) + ")";
    case TypeId::kVarchar:
      if (t.length < 0) return "character varying";
      return "character varying(" + std::to_string(t.length) + ")";
    case TypeId::kText: return "text";
    case TypeId::kDate: return "date";
    case TypeId::kTime: return "time without time zone";
    case TypeId::kTimestamp: return "timestamp without time zone";
    case TypeId::kTimestampTz: return "timestamp with time zone";
    case TypeId::kInterval: return "interval";
  }
  return "unknown";
}

}  // namespace kappa
