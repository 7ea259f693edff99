// SinkEncoder: turns one epoch's net changes of a view into the Kafka
// messages of a sink (CREATE SINK ... FORMAT PLAIN|UPSERT|DEBEZIUM ENCODE
// JSON, server/sink_runner.h).
//
// JSON: one object per row, the view's column names as keys, in column
// order. Integers, floats and numerics are JSON numbers (NaN and infinities,
// which JSON cannot hold, are the strings "NaN"/"Infinity"/"-Infinity");
// booleans are true/false; NULL is null; everything else (text, dates,
// times, timestamps "2026-11-23 12:00:00", intervals) is a JSON string with
// PostgreSQL's text form.
//
// Formats (`changes` are rows with signed weights; a weight of n means n
// copies):
//  - PLAIN: one message per inserted copy, value = the row, no key. A
//    retraction is an error (22000): PLAIN needs an append-only view.
//  - UPSERT: changes are first netted per key (the key columns' JSON
//    object, the message key). Per key whose net contents changed: the row
//    that is there now (value), or a tombstone (null value) if none is.
//    Keys are emitted in order of first appearance.
//  - DEBEZIUM: netted per key like UPSERT; value = {"before":row|null,
//    "after":row|null,"op":"c"|"u"|"d"}: an insert, an update (the key's
//    old row retracted and a new one inserted in the same epoch), a delete.
//    Without key columns every netted row is its own "c" or "d" message.
//
// The key is {"k1":v1,...} over the key columns; PLAIN and keyless
// DEBEZIUM messages have no key.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "common/chunk.h"
#include "common/status.h"

namespace kappa {

enum class SinkFormat : uint8_t { kPlain, kUpsert, kDebezium };

// Parses "plain"/"upsert"/"debezium" (any case); 0A000 otherwise.
Result<SinkFormat> ParseSinkFormat(const std::string& text);
const char* SinkFormatName(SinkFormat f);

struct SinkMessage {
  std::optional<std::string> key;    // none: no key
  std::optional<std::string> value;  // none: a tombstone
};

class SinkEncoder {
 public:
  // `key_columns`: indexes into `names`; required (non-empty) for UPSERT.
  SinkEncoder(SinkFormat format, std::vector<std::string> names, std::vector<int> key_columns);

  // Appends the messages of one epoch's changes to `out`.
  Status Encode(const std::vector<Chunk>& changes, std::vector<SinkMessage>* out) const;

  // The JSON object of row `row` of `chunk` (all columns), appended to `out`.
  void AppendRowJson(const Chunk& chunk, size_t row, std::string* out) const;

 private:
  void AppendKeyJson(const Chunk& chunk, size_t row, std::string* out) const;

  SinkFormat format_;
  std::vector<std::string> names_;  // JSON-escaped, with quotes
  std::vector<int> key_columns_;
};

// Appends `s` as a JSON string literal (with quotes) to `out`.
void AppendJsonString(std::string_view s, std::string* out);
// Appends the JSON value of column `col` at `row` to `out`.
void AppendJsonValue(const Column& col, size_t row, std::string* out);

}  // namespace kappa
