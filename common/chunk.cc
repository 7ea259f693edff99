#include "common/chunk.h"

#include <algorithm>

namespace kappa {

void Column::Reserve(size_t n) {
  nulls.reserve(n);
  switch (Physical(type)) {
    case PhysicalKind::kInt64: ints.reserve(n); break;
    case PhysicalKind::kFloat64: floats.reserve(n); break;
    case PhysicalKind::kDecimal: decimals.reserve(n); break;
    case PhysicalKind::kString: strings.reserve(n); break;
    case PhysicalKind::kInterval: intervals.reserve(n); break;
  }
}

void Column::Clear() {
  nulls.clear();
  ints.clear();
  floats.clear();
  decimals.clear();
  strings.clear();
  intervals.clear();
}

void Column::AppendNull() {
  nulls.push_back(1);
  switch (Physical(type)) {
    case PhysicalKind::kInt64: ints.push_back(0); break;
    case PhysicalKind::kFloat64: floats.push_back(0); break;
    case PhysicalKind::kDecimal: decimals.push_back({}); break;
    case PhysicalKind::kString: strings.emplace_back(); break;
    case PhysicalKind::kInterval: intervals.push_back({}); break;
  }
}

void Column::Append(const Value& v) {
  if (v.is_null) {
    AppendNull();
    return;
  }
  nulls.push_back(0);
  switch (Physical(type)) {
    case PhysicalKind::kInt64: ints.push_back(v.i); break;
    case PhysicalKind::kFloat64: floats.push_back(v.f); break;
    case PhysicalKind::kDecimal: decimals.push_back(v.d); break;
    case PhysicalKind::kString: strings.push_back(v.s); break;
    case PhysicalKind::kInterval: intervals.push_back(v.iv); break;
  }
}

void Column::AppendFrom(const Column& o, size_t row) {
  nulls.push_back(o.nulls[row]);
  switch (Physical(type)) {
    case PhysicalKind::kInt64: ints.push_back(o.ints[row]); break;
    case PhysicalKind::kFloat64: floats.push_back(o.floats[row]); break;
    case PhysicalKind::kDecimal: decimals.push_back(o.decimals[row]); break;
    case PhysicalKind::kString: strings.push_back(o.strings[row]); break;
    case PhysicalKind::kInterval: intervals.push_back(o.intervals[row]); break;
  }
}

void Column::AppendSelected(const Column& o, const uint32_t* rows, size_t n) {
  // Grow geometrically: repeated appends to one column stay linear.
  if (nulls.capacity() < size() + n) Reserve(std::max(size() + n, 2 * nulls.capacity()));
  for (size_t k = 0; k < n; ++k) nulls.push_back(o.nulls[rows[k]]);
  switch (Physical(type)) {
    case PhysicalKind::kInt64:
      for (size_t k = 0; k < n; ++k) ints.push_back(o.ints[rows[k]]);
      break;
    case PhysicalKind::kFloat64:
      for (size_t k = 0; k < n; ++k) floats.push_back(o.floats[rows[k]]);
      break;
    case PhysicalKind::kDecimal:
      for (size_t k = 0; k < n; ++k) decimals.push_back(o.decimals[rows[k]]);
      break;
    case PhysicalKind::kString:
      for (size_t k = 0; k < n; ++k) strings.push_back(o.strings[rows[k]]);
      break;
    case PhysicalKind::kInterval:
      for (size_t k = 0; k < n; ++k) intervals.push_back(o.intervals[rows[k]]);
      break;
  }
}

Value Column::Get(size_t row) const {
  Value v;
  v.type = type;
  if (nulls[row]) return v;
  v.is_null = false;
  switch (Physical(type)) {
    case PhysicalKind::kInt64: v.i = ints[row]; break;
    case PhysicalKind::kFloat64: v.f = floats[row]; break;
    case PhysicalKind::kDecimal: v.d = decimals[row]; break;
    case PhysicalKind::kString: v.s = strings[row]; break;
    case PhysicalKind::kInterval: v.iv = intervals[row]; break;
  }
  return v;
}

Chunk::Chunk(const std::vector<DataType>& types) {
  columns.reserve(types.size());
  for (const auto& t : types) columns.emplace_back(t);
}

std::vector<DataType> Chunk::Types() const {
  std::vector<DataType> out;
  out.reserve(columns.size());
  for (const auto& c : columns) out.push_back(c.type);
  return out;
}

void Chunk::AppendRow(const std::vector<Value>& row, int64_t weight) {
  for (size_t c = 0; c < columns.size(); ++c) columns[c].Append(row[c]);
  weights.push_back(weight);
  ++num_rows;
}

void Chunk::AppendRowFrom(const Chunk& other, size_t row) {
  for (size_t c = 0; c < columns.size(); ++c) columns[c].AppendFrom(other.columns[c], row);
  weights.push_back(other.weights[row]);
  ++num_rows;
}

Chunk Chunk::Select(const Chunk& in, const uint32_t* rows, size_t n) {
  Chunk out(in.Types());
  for (size_t c = 0; c < in.columns.size(); ++c) {
    out.columns[c].AppendSelected(in.columns[c], rows, n);
  }
  out.weights.reserve(n);
  for (size_t k = 0; k < n; ++k) out.weights.push_back(in.weights[rows[k]]);
  out.num_rows = n;
  return out;
}

void Chunk::Clear() {
  for (auto& c : columns) c.Clear();
  weights.clear();
  num_rows = 0;
}

}  // namespace kappa
