// KafkaCsvDecoder: one Kafka record = one CSV line (`ENCODE CSV (delimiter
// = ',', without_header = 'true')`, RisingWave's options). Fields fill the
// decoded columns in table order (INCLUDE columns are skipped); RFC 4180
// quoting ("a,b", "say ""hi""") is understood; an unquoted empty field is
// NULL, a quoted empty one the empty string; fields are PostgreSQL text input
// for the column's type. A trailing CR/LF is ignored.
//
// Errors (the caller Aborts the row and records the record in
// source_errors): 22021 for invalid UTF-8, 22P02 for a wrong number of
// fields or an unterminated quote, the value parser's SQLSTATE for a field
// that does not fit its column (the message names the column).
//
// Not thread-safe: one decoder per source thread.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "common/status.h"
#include "executor/kafka_row_builder.h"
#include "sql/catalog.h"

namespace kappa {

class KafkaCsvDecoder {
 public:
  // `decoded` as in KafkaJsonDecoder (empty = all columns).
  KafkaCsvDecoder(const std::vector<ColumnInfo>& columns, char delimiter, bool header,
                  std::vector<bool> decoded = {});

  // Fills the current row of `b` (after b->Begin). `*is_header` is set when
  // header mode is on and the line is the header (its fields are the column
  // names): the caller Aborts the row and skips the record.
  Status Fill(std::string_view line, KafkaRowBuilder* b, bool* is_header);

 private:
  // Splits `line` into fields_ (quoted_ tells which were quoted).
  Status Split(std::string_view line);

  std::vector<std::string> names_;
  std::vector<size_t> targets_;  // decoded column indexes, in table order
  char delimiter_;
  bool header_;
  std::vector<std::string> fields_;
  std::vector<uint8_t> quoted_;
  size_t num_fields_ = 0;
};

}  // namespace kappa
