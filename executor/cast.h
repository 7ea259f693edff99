// Value conversions between SQL types, as PostgreSQL performs them:
//   - integers check range ("smallint out of range", 22003);
//   - float -> integer rounds half to even (rint); numeric -> integer and
//     numeric(p,s) round half away from zero;
//   - string -> anything parses with PostgreSQL's input rules
//     (common/value_parse.h); anything -> string formats with its output
//     rules (common/value_format.h);
//   - varchar(n): an explicit cast truncates to n characters, an assignment
//     or implicit one fails with 22001 unless the excess is all spaces.
// Whether a cast is allowed in a context is CanCast (function_registry.h);
// these functions convert whatever they are given when a conversion exists
// and return 42846 otherwise.
#pragma once

#include "common/chunk.h"
#include "common/status.h"
#include "common/value.h"
#include "executor/function_registry.h"

namespace kappa {

// Appends in[0..in.size()) converted to `to` to `out` (whose type is set to
// `to`; out is cleared first).
Status CastColumn(const Column& in, const DataType& to, CastContext context, Column* out);

// One value (NULL stays NULL, retyped).
Result<Value> CastValue(const Value& v, const DataType& to, CastContext context);

// Text of the 42846 error: "cannot cast type boolean to bigint".
Status CannotCast(const DataType& from, const DataType& to);

}  // namespace kappa
