// Helpers for the operator unit tests: building chunks from values, a sink
// that records what an operator emits, and row text for comparisons.
#pragma once

#include <cstdio>
#include <map>
#include <string>
#include <vector>

#include "common/chunk.h"
#include "common/decimal.h"
#include "executor/operator.h"
#include "sql/bound_expr.h"

namespace kappa::optest {

inline Value I(int64_t x) { return Value::Int(TypeId::kInt64, x); }
inline Value I4(int64_t x) { return Value::Int(TypeId::kInt32, x); }
inline Value B(bool b) { return Value::Bool(b); }
inline Value F(double x) { return Value::Float(TypeId::kFloat64, x); }
inline Value T(std::string s) { return Value::String(std::move(s)); }
inline Value Null(TypeId t) { return Value::Null(DataType(t)); }
inline Value D(const char* text) { return Value::Dec(DecimalFromString(text).value()); }
inline Value Iv(int32_t months, int32_t days, int64_t micros) {
  return Value::Intv(Interval{months, days, micros});
}

inline const DataType kInt8(TypeId::kInt64);
inline const DataType kInt4(TypeId::kInt32);
inline const DataType kBool(TypeId::kBool);
inline const DataType kFloat8(TypeId::kFloat64);
inline const DataType kText(TypeId::kText);
inline const DataType kNumeric = DataType::Numeric();
inline const DataType kIntervalT(TypeId::kInterval);

inline BoundExprPtr Col(int i, DataType t) { return BoundExpr::ColumnRef(i, t); }

// Rows given as values; weights default to +1.
inline Chunk MakeChunk(const std::vector<DataType>& types,
                       const std::vector<std::vector<Value>>& rows,
                       const std::vector<int64_t>& weights = {}) {
  Chunk c(types);
  for (size_t r = 0; r < rows.size(); ++r) {
    c.AppendRow(rows[r], weights.empty() ? 1 : weights[r]);
  }
  return c;
}

inline std::string ValueText(const Column& col, size_t r) {
  if (col.nulls[r]) return "NULL";
  switch (Physical(col.type)) {
    case PhysicalKind::kInt64:
      if (col.type.id == TypeId::kBool) return col.ints[r] ? "t" : "f";
      return std::to_string(col.ints[r]);
    case PhysicalKind::kFloat64: {
      char buf[64];
      std::snprintf(buf, sizeof(buf), "%.17g", col.floats[r]);
      return buf;
    }
    case PhysicalKind::kDecimal: return DecimalToString(col.decimals[r]);
    case PhysicalKind::kString: return col.strings[r];
    case PhysicalKind::kInterval: {
      const Interval& iv = col.intervals[r];
      return std::to_string(iv.months) + "m" + std::to_string(iv.days) + "d" +
             std::to_string(iv.micros) + "us";
    }
  }
  return "?";
}

// "1|a|NULL"
inline std::string RowText(const Chunk& c, size_t r) {
  std::string s;
  for (size_t i = 0; i < c.columns.size(); ++i) {
    if (i) s += "|";
    s += ValueText(c.columns[i], r);
  }
  return s;
}

using Net = std::map<std::string, int64_t>;

// Adds the chunk's rows into `net` (row text -> weight), dropping zeros.
inline void Accumulate(const Chunk& c, Net* net) {
  for (size_t r = 0; r < c.num_rows; ++r) {
    std::string k = RowText(c, r);
    if (((*net)[k] += c.weights[r]) == 0) net->erase(k);
  }
}

inline Net NetOf(const std::vector<Chunk>& chunks) {
  Net n;
  for (const auto& c : chunks) Accumulate(c, &n);
  return n;
}

// Rows in order, each repeated by its weight ("a|1" twice for weight 2).
inline std::vector<std::string> Expanded(const std::vector<Chunk>& chunks) {
  std::vector<std::string> out;
  for (const auto& c : chunks) {
    for (size_t r = 0; r < c.num_rows; ++r) {
      for (int64_t k = 0; k < c.weights[r]; ++k) out.push_back(RowText(c, r));
    }
  }
  return out;
}

// Records everything an operator sends downstream.
class RecordingSink final : public Operator {
 public:
  explicit RecordingSink(int inputs = 1) { SetNumInputs(inputs); }
  Status OnChanges(int, Chunk chunk) override {
    chunks.push_back(std::move(chunk));
    return Status::OK();
  }
  Status OnBarrier(int port, uint64_t epoch) override {
    if (BarrierComplete(port, epoch)) barriers.push_back(epoch);
    return Status::OK();
  }
  Status OnEnd(int port) override {
    if (AllEnded(port)) ended = true;
    return Status::OK();
  }
  Status OnWatermark(int, int column, int64_t value) override {
    watermarks.emplace_back(column, value);
    return Status::OK();
  }
  std::string Describe() const override { return "RecordingSink"; }

  // Net change (row text -> weight) of everything received.
  Net NetResult() const { return NetOf(chunks); }
  // Raw changes received since the last call, as "row:weight" in order.
  std::vector<std::string> TakeChanges() {
    std::vector<std::string> out;
    for (size_t i = taken_; i < chunks.size(); ++i) {
      for (size_t r = 0; r < chunks[i].num_rows; ++r) {
        out.push_back(RowText(chunks[i], r) + ":" + std::to_string(chunks[i].weights[r]));
      }
    }
    taken_ = chunks.size();
    return out;
  }

  std::vector<Chunk> chunks;
  std::vector<uint64_t> barriers;
  std::vector<std::pair<int, int64_t>> watermarks;  // (column, value)
  bool ended = false;

 private:
  size_t taken_ = 0;
};

}  // namespace kappa::optest
