// KafkaJsonDecoder: turns one Kafka record's JSON value (an object) into a
// row of a connector table (`ENCODE JSON`), written straight into the
// chunk's columns through a KafkaRowBuilder (no Value per row):
//   - fields are matched to the decoded columns by name (exactly, else
//     case-insensitively); missing fields and JSON null become NULL; extra
//     fields are ignored;
//   - JSON numbers go to numeric columns (integers range-checked), and as
//     their text to any other column (e.g. a text column gets "1.5");
//   - JSON strings are parsed as PostgreSQL text input (common/value_parse.h),
//     so numbers in strings, timestamps like "2026-11-23 10:00:00", dates,
//     intervals and booleans ("t", "yes") are accepted;
//   - JSON booleans go to boolean columns (or as "true"/"false" text);
//   - nested objects/arrays go to text columns as their JSON text.
// A record that is not valid UTF-8 JSON, is not an object, or has a value
// that does not fit its column is an error.
//
// Not thread-safe: one decoder per source thread (it reuses its buffers).
#pragma once

#include <simdjson.h>

#include <string>
#include <string_view>
#include <vector>

#include "common/chunk.h"
#include "common/status.h"
#include "executor/kafka_row_builder.h"
#include "sql/catalog.h"

namespace kappa {

class KafkaJsonDecoder {
 public:
  // `decoded[c]` is false for columns the JSON never fills (INCLUDE
  // columns); empty = all columns.
  explicit KafkaJsonDecoder(const std::vector<ColumnInfo>& columns,
                            std::vector<bool> decoded = {});

  // Fills the current row of `b` (after b->Begin) from `json`.
  // Errors: 22P02 for malformed JSON (also invalid UTF-8) or a value of the
  // wrong kind, 22003/22007/22008/22001 from value parsing; the message
  // names the column. The row is left half-filled: the caller Aborts it.
  Status Fill(std::string_view json, KafkaRowBuilder* b);

  // A bare JSON scalar (or, if it is not JSON, the raw text) into column
  // `c` (a single-column key of FORMAT UPSERT).
  Status FillScalar(std::string_view raw, size_t c, KafkaRowBuilder* b);

  // Convenience for tests and simple callers: Begin, Fill, Commit (NOT NULL
  // checked, 23502) on `out`; nothing appended on error.
  Status DecodeInto(std::string_view json, Chunk* out);

  const std::vector<DataType>& types() const { return builder_.types(); }

 private:
  int FindColumn(std::string_view key) const;
  Status DecodeValue(size_t c, simdjson::ondemand::value v, KafkaRowBuilder* b);
  Status Parse(std::string_view json, simdjson::ondemand::document* doc);

  std::vector<std::string> names_;
  std::vector<DataType> types_;
  std::vector<bool> decoded_;
  simdjson::ondemand::parser parser_;
  std::string buffer_;  // the record plus simdjson's padding
  KafkaRowBuilder builder_;  // for DecodeInto
};

}  // namespace kappa
