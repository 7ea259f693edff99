// Key codec: an order-preserving ("memcomparable") encoding of typed values,
// for keys of operator state tables and primary-key indexes.
//
// For two values a and b of the same DataType and the same KeyOrder,
//   memcmp-order(Encode(a), Encode(b)) == SQL order(a, b)
// and the encoding is prefix-free, so keys of several columns are built by
// simple concatenation and still compare column by column.
//
// Per value: one marker byte, then (for non-NULL values) the payload.
//   marker 0x00  NULL, nulls_first            (sorts before every value)
//   marker 0x01  a value follows
//   marker 0x02  NULL, !nulls_first           (sorts after every value)
// Marker bytes are never inverted; with `descending` every payload byte is
// inverted (~b), which reverses the order of values only.
//
// Payloads by physical kind:
//   kInt64     8 bytes big-endian with the sign bit flipped.
//   kFloat64   IEEE bits: positive -> sign bit flipped, negative -> all bits
//              inverted. -0.0 is encoded as +0.0 (they are equal in SQL) and
//              every NaN as the canonical quiet NaN, which sorts after
//              +Infinity as in PostgreSQL.
//   kDecimal   by value, whatever the scale (1.5 == 1.50):
//              0x01 negative | 0x02 zero | 0x03 positive, then for non-zero
//              values the decimal exponent e (4 bytes, big-endian, sign bit
//              flipped) of 0.DDDD x 10^e and the significant digits D
//              (no trailing zeros) two per byte as 1 + (d1*10 + d2), a missing
//              last digit as 0, ending in 0x00. Negative values invert the
//              bytes after the sign byte.
//              Decoding yields the column's declared scale (DataType::scale
//              >= 0) or else the shortest scale: 10.50 in NUMERIC decodes as 10.5.
//   kString    the bytes with 0x00 escaped as 0x00 0xFF, ending in 0x00 0x01
//              (byte order, i.e. the C collation; embedded NULs are fine).
//   kInterval  the total span months*30 days + days + micros as a 128-bit
//              big-endian integer with the sign bit flipped (PostgreSQL's
//              interval order), then months and days (4 bytes each) so the
//              value decodes exactly. NOTE: intervals with equal spans but
//              different fields ('1 mon' and '30 days') are different keys,
//              adjacent in order.
//
// Helpers for fixed-width big-endian integers (the table log's keys) are here
// too.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "common/chunk.h"
#include "common/status.h"
#include "common/value.h"

namespace kappa {

struct KeyOrder {
  bool descending = false;
  bool nulls_first = true;
};

// Appends the key encoding of row `row` of `col`.
void EncodeKeyAt(const Column& col, size_t row, KeyOrder order, std::string* out);

// Appends the key encoding of every row of `col` to the matching key:
// (*keys)[i] += Encode(col row i). REQUIRES: keys->size() == col.size().
// One type dispatch per column, so building multi-column keys for a chunk is
// a loop per column.
void EncodeKeyColumn(const Column& col, KeyOrder order, std::vector<std::string>* keys);

// Appends the key encoding of `v`; its physical kind is Physical(v.type).
void EncodeKeyValue(const Value& v, KeyOrder order, std::string* out);

// Decodes one value from the front of `*in` (advancing it) and appends it to
// `out` (whose type says how to decode). XX001 on malformed input.
Status DecodeKeyAt(std::string_view* in, KeyOrder order, Column* out);

// Decodes one value of type `type` from the front of `*in` (advancing it).
Result<Value> DecodeKeyValue(std::string_view* in, const DataType& type, KeyOrder order);

// Fixed-width big-endian integers (memcomparable for unsigned values).
void PutBigEndian64(uint64_t v, std::string* out);
uint64_t GetBigEndian64(const char* p);

}  // namespace kappa
