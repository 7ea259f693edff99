// Row codec: a compact binary encoding of a Chunk (rows and weights), used
// as the payload of table log entries (and usable for any stored batch).
//
// The encoding is columnar within one blob, so decoding is a tight loop per
// column with no per-value allocation for fixed-width kinds. Format v1:
//
//   u8      version (1)
//   varint  num_rows, varint num_columns
//   ints    weights                          (see "ints" below)
//   per column:
//     u8    physical kind (PhysicalKind), checked against the reader's type
//     u8    0 = no NULLs | 1 = a NULL bitmap of ceil(rows/8) bytes follows
//           (bit r%8 of byte r/8 set = row r is NULL)
//     payload by kind (NULL rows hold 0 / empty):
//       kInt64     ints
//       kFloat64   u8 0 -> rows x 8-byte doubles | 1 -> rows x 4-byte floats
//                  (chosen when every value is exactly a float)
//       kDecimal   u8 flags (bit0: one scale for all rows, bit1: every unscaled
//                  value fits int64); scale as zigzag varint (bit0) or ints;
//                  unscaled as ints (bit1) or rows x 16 bytes
//       kString    ints (byte lengths), then the bytes of all rows
//       kInterval  ints months, ints days, ints micros
//
//   "ints" (a block of `rows` int64s, frame of reference):
//     u8 width w in {0, 1, 2, 4, 8}; zigzag varint base (the minimum);
//     rows x w bytes little-endian of (value - base). A block of equal values
//     (all weights +1, one-row entries) takes 2 bytes.
//
// All multi-byte fixed-width fields are little-endian.
#pragma once

#include <string>
#include <string_view>

#include "common/chunk.h"
#include "common/status.h"

namespace kappa {

inline constexpr uint8_t kRowCodecVersion = 1;

// Appends the encoding of all rows of `chunk` to `out`.
void EncodeRows(const Chunk& chunk, std::string* out);

// Decodes `data` and appends its rows and weights to `out`, whose columns
// give the types to decode as (the physical kinds must match the encoded
// ones). If the encoding has fewer columns than `out`, the missing trailing
// columns are filled with NULLs (columns added later to a table).
// XX001 on malformed or mismatched input; `out` is then unspecified.
Status DecodeRows(std::string_view data, Chunk* out);

// The number of rows in an encoded blob, without decoding it.
Result<size_t> EncodedRowCount(std::string_view data);

}  // namespace kappa
