// Column and Chunk: the batch of changes every operator consumes and produces.
//
// A Chunk is a columnar batch of rows, each row carrying a signed weight:
// +1 is an insert, -1 a retraction (an update is -old +new). Weights may be
// any non-zero integer (a Z-set, as in DBSP): +2 means two copies. A batch
// query is the special case where every weight is positive.
//
// A Column holds values of one DataType in the single vector chosen by
// Physical(type); the other vectors stay empty. `nulls[i] != 0` marks row i
// NULL (the payload slot then holds a default value and must be ignored).
// Sizes: every used vector has exactly Chunk::num_rows entries.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "common/types.h"
#include "common/value.h"

namespace kappa {

struct Column {
  DataType type;
  std::vector<uint8_t> nulls;
  std::vector<int64_t> ints;
  std::vector<double> floats;
  std::vector<Decimal> decimals;
  std::vector<std::string> strings;
  std::vector<Interval> intervals;

  Column() = default;
  explicit Column(DataType t) : type(t) {}

  size_t size() const { return nulls.size(); }
  bool IsNull(size_t row) const { return nulls[row] != 0; }

  void Reserve(size_t n);
  void Clear();
  // Appends a NULL.
  void AppendNull();
  // Appends `v` (must have this column's physical kind, or be NULL).
  void Append(const Value& v);
  // Appends row `row` of `other` (same physical kind).
  void AppendFrom(const Column& other, size_t row);
  // Appends rows `rows[0..n)` of `other` (same physical kind).
  void AppendSelected(const Column& other, const uint32_t* rows, size_t n);
  // Returns row `row` as a Value (allocates for strings; not for hot paths).
  Value Get(size_t row) const;
};

struct Chunk {
  std::vector<Column> columns;
  std::vector<int64_t> weights;  // one per row; +1 insert, -1 retract
  size_t num_rows = 0;

  Chunk() = default;
  // An empty chunk with one column per type.
  explicit Chunk(const std::vector<DataType>& types);

  size_t num_columns() const { return columns.size(); }
  std::vector<DataType> Types() const;
  // Appends one row given as Values (tests and DML; not for hot paths).
  void AppendRow(const std::vector<Value>& row, int64_t weight = 1);
  // Appends row `row` of `other` (same schema).
  void AppendRowFrom(const Chunk& other, size_t row);
  // Keeps only rows[0..n) of `in`, in that order (selection).
  static Chunk Select(const Chunk& in, const uint32_t* rows, size_t n);
  void Clear();
};

// Preferred number of rows per chunk produced by scans and operators.
inline constexpr size_t kChunkRows = 2048;

}  // namespace kappa
