// KafkaJsonDecoder: turns one Kafka record's JSON value (an object) into a
// row of a connector table (`FORMAT PLAIN ENCODE JSON`):
//   - fields are matched to columns by name (exactly, else case-insensitively);
//     missing fields and JSON null become NULL; extra fields are ignored;
//   - JSON numbers go to numeric columns (integers range-checked), and as
//     their text to any other column (e.g. a text column gets "1.5");
//   - JSON strings are parsed as PostgreSQL text input (common/value_parse.h),
//     so numbers in strings, timestamps like "2026-11-23 10:00:00", dates,
//     intervals and booleans ("t", "yes") are accepted;
//   - JSON booleans go to boolean columns (or as "true"/"false" text);
//   - nested objects/arrays go to text columns as their JSON text.
// A record that is not a JSON object, has a value that does not fit its
// column, or leaves a NOT NULL column NULL is an error and nothing is
// appended.
//
// Not thread-safe: one decoder per source thread (it reuses its buffers).
#pragma once

#include <simdjson.h>

#include <string>
#include <string_view>
#include <vector>

#include "common/chunk.h"
#include "common/status.h"
#include "common/value.h"
#include "sql/catalog.h"

namespace kappa {

class KafkaJsonDecoder {
 public:
  explicit KafkaJsonDecoder(const std::vector<ColumnInfo>& columns);

  // The column types, in order (for Chunk(types)).
  const std::vector<DataType>& types() const { return types_; }

  // Appends the row decoded from `json` to `out` (which has types()).
  // Errors (nothing appended): 22P02 for malformed JSON or a value of the
  // wrong kind, 22003/22007/22008/22001 from value parsing, 23502 for a NULL
  // in a NOT NULL column; the message names the column.
  Status DecodeInto(std::string_view json, Chunk* out);

 private:
  int FindColumn(std::string_view key) const;
  Status DecodeValue(size_t c, simdjson::ondemand::value v);

  std::vector<std::string> names_;
  std::vector<DataType> types_;
  std::vector<bool> not_null_;
  simdjson::ondemand::parser parser_;
  std::string buffer_;       // the record plus simdjson's padding
  std::vector<Value> row_;   // the row being decoded
};

}  // namespace kappa
