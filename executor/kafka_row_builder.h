// KafkaRowBuilder: appends the rows of a Kafka batch straight into a chunk's
// column vectors, one field at a time and in any column order, without a
// Value per row. Begin() appends one slot (NULL) to every column; the Set*
// calls fill the current row's slots; Commit() keeps the row (weight +1),
// Abort() takes it back out (a record that did not decode leaves no trace).
//
// Not thread-safe; one builder per decoder.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "common/chunk.h"
#include "common/status.h"
#include "sql/catalog.h"

namespace kappa {

class KafkaRowBuilder {
 public:
  explicit KafkaRowBuilder(const std::vector<ColumnInfo>& columns);

  const std::vector<DataType>& types() const { return types_; }
  size_t num_columns() const { return types_.size(); }

  // Starts a row of NULLs at the end of `out` (which has types()).
  void Begin(Chunk* out);
  void SetNull(size_t c);
  // An integer for an integer/bool column: 22003 when out of the type's range.
  Status SetInt(size_t c, int64_t v);
  void SetFloat(size_t c, double v);  // float columns only
  // PostgreSQL text input for the column's type (fast paths for text,
  // integers and floats; everything else through common/value_parse.h).
  Status SetText(size_t c, std::string_view text);
  void SetValue(size_t c, const Value& v);  // v has the column's physical kind or is NULL
  bool IsNull(size_t c) const;
  // Keeps the row. 23502 (and Abort) when a NOT NULL column is NULL and
  // `check_not_null`.
  Status Commit(bool check_not_null = true);
  void Abort();

 private:
  std::vector<std::string> names_;
  std::vector<DataType> types_;
  std::vector<bool> not_null_;
  Chunk* out_ = nullptr;
  size_t row_ = 0;
};

// true if `s` is valid UTF-8.
bool IsValidUtf8(std::string_view s);

// The first `max_bytes` of `raw` as text: valid UTF-8 kept, other bytes
// as \xNN (for kappa_catalog.source_errors).
std::string RawPrefix(std::string_view raw, size_t max_bytes = 1024);

}  // namespace kappa
