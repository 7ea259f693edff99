// Value ordering shared by comparison operators, greatest/least, IN lists
// and IS DISTINCT FROM: PostgreSQL's btree ordering per physical kind
// (floats: NaN equals NaN and sorts above everything; strings: bytewise, i.e.
// the C collation; intervals: by normalized span).
#pragma once

#include <cmath>
#include <cstring>
#include <string>

#include "common/chunk.h"
#include "common/datetime.h"
#include "common/decimal.h"

namespace kappa::fn {

inline int CmpInt(int64_t a, int64_t b) { return a < b ? -1 : (a > b ? 1 : 0); }
inline int CmpFloat(double a, double b) {
  bool na = std::isnan(a), nb = std::isnan(b);
  if (na || nb) return na && nb ? 0 : (na ? 1 : -1);
  return a < b ? -1 : (a > b ? 1 : 0);
}
inline int CmpString(const std::string& a, const std::string& b) {
  int c = a.compare(b);
  return c < 0 ? -1 : (c > 0 ? 1 : 0);
}
inline int CmpDecimal(const Decimal& a, const Decimal& b) { return DecimalCompare(a, b); }
inline int CmpInterval(const Interval& a, const Interval& b) { return IntervalCompare(a, b); }

// Compares row i of a with row j of b; both non-null and of the same
// physical kind.
inline int CompareRows(const Column& a, size_t i, const Column& b, size_t j) {
  switch (Physical(a.type)) {
    case PhysicalKind::kInt64: return CmpInt(a.ints[i], b.ints[j]);
    case PhysicalKind::kFloat64: return CmpFloat(a.floats[i], b.floats[j]);
    case PhysicalKind::kDecimal: return CmpDecimal(a.decimals[i], b.decimals[j]);
    case PhysicalKind::kString: return CmpString(a.strings[i], b.strings[j]);
    case PhysicalKind::kInterval: return CmpInterval(a.intervals[i], b.intervals[j]);
  }
  return 0;
}

}  // namespace kappa::fn
