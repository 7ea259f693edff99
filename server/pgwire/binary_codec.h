// PostgreSQL's binary wire formats (the typsend/typreceive functions) for
// kappadb's types, used for Bind parameters and result columns whose format
// code is 1 (binary).
//
//   type                 wire form (big-endian)
//   bool                 1 byte, 0 or 1
//   int2 / int4 / int8   2 / 4 / 8 bytes two's complement
//   float4 / float8      IEEE 754 binary32 / binary64
//   numeric              int16 ndigits, int16 weight, uint16 sign
//                        (0x0000 +, 0x4000 -, 0xC000 NaN, 0xD000 +Inf,
//                        0xF000 -Inf), uint16 dscale, then ndigits int16
//                        base-10000 digits, most significant first; value =
//                        sum(digit[i] * 10000^(weight - i)); no leading or
//                        trailing zero digits; zero is ndigits 0, weight 0
//   text / varchar       the UTF-8 bytes
//   date                 int32 days since 2000-01-01
//   time                 int64 microseconds since midnight
//   timestamp(tz)        int64 microseconds since 2000-01-01 00:00:00 (UTC)
//   interval             int64 microseconds, int32 days, int32 months
#pragma once

#include <string>
#include <string_view>

#include "common/chunk.h"
#include "common/status.h"
#include "common/value.h"

namespace kappa::pgwire {

// SQLSTATE of malformed binary values (invalid_binary_representation).
inline constexpr const char* kInvalidBinaryRepresentation = "22P03";
// The message of a binary value whose length does not fit its type; the
// caller adds " in bind parameter N".
inline constexpr const char* kIncorrectBinaryFormat = "incorrect binary data format";

// Decodes one binary value into a Value of `type`. Integer parameters are
// accepted in any of the 2/4/8-byte widths and floats in either width
// (range-checked, 22003), since clients such as psycopg send int2 for small
// numbers. numeric digits beyond dscale are truncated (as numeric_recv does)
// and a numeric(p,s) type modifier is applied. Errors: 22P03 for malformed
// bytes, 22003 for values out of range, 22021 for invalid UTF-8, 0A000 for
// numeric NaN/Infinity, 22008 for infinite dates/timestamps.
Result<Value> DecodeBinaryValue(std::string_view bytes, const DataType& type);

// Appends the binary form of row `row` of `col` (REQUIRES: not NULL).
void AppendBinaryValue(const Column& col, size_t row, std::string* out);

// Numeric pieces, exposed for tests.
void AppendNumericBinary(const Decimal& d, std::string* out);
Result<Decimal> DecodeNumericBinary(std::string_view bytes);

}  // namespace kappa::pgwire
