// PostgreSQL text input of values: what a literal or a text parameter
// becomes when cast to a type. Accepts what PostgreSQL accepts for the
// common forms: integers with surrounding spaces, "1e3"/"NaN"/"Infinity"
// floats, numerics, booleans (t/true/yes/on/1 ...), dates "2026-11-23",
// times, timestamps "2026-11-23 10:00:00[.ffffff][+02[:00]]" and ISO 'T',
// intervals in postgres and ISO 8601 forms ("1 day 02:00", "3 hours",
// "P1DT2H", "1 mon", "-1 year").
#pragma once

#include <string_view>

#include "common/status.h"
#include "common/value.h"

namespace kappa {

// Parses `text` as a value of `type`. Errors: 22P02 invalid input syntax
// ("invalid input syntax for type integer: \"abc\""), 22003 out of range
// ("value \"99999\" is out of range for type smallint"), 22007/22008 for
// datetimes, 22001 for varchar(n) overflow ("value too long for type
// character varying(3)").
Result<Value> ParseValue(std::string_view text, const DataType& type);

}  // namespace kappa
