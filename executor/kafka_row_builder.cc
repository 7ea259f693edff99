#include "executor/kafka_row_builder.h"

#include <charconv>
#include <cstdio>
#include <limits>

#include "common/value_parse.h"

namespace kappa {

namespace {

bool IntRange(TypeId t, int64_t* lo, int64_t* hi) {
  switch (t) {
    case TypeId::kInt16:
      *lo = std::numeric_limits<int16_t>::min();
      *hi = std::numeric_limits<int16_t>::max();
      return true;
    case TypeId::kInt32:
      *lo = std::numeric_limits<int32_t>::min();
      *hi = std::numeric_limits<int32_t>::max();
      return true;
    case TypeId::kInt64:
      *lo = std::numeric_limits<int64_t>::min();
      *hi = std::numeric_limits<int64_t>::max();
      return true;
    default:
      return false;
  }
}

}  // namespace

KafkaRowBuilder::KafkaRowBuilder(const std::vector<ColumnInfo>& columns) {
  for (const ColumnInfo& c : columns) {
    names_.push_back(c.name);
    types_.push_back(c.type);
    not_null_.push_back(c.not_null);
  }
}

void KafkaRowBuilder::Begin(Chunk* out) {
  out_ = out;
  row_ = out->num_rows;
  for (Column& col : out->columns) {
    col.nulls.push_back(1);
    switch (Physical(col.type)) {
      case PhysicalKind::kInt64: col.ints.push_back(0); break;
      case PhysicalKind::kFloat64: col.floats.push_back(0); break;
      case PhysicalKind::kDecimal: col.decimals.emplace_back(); break;
      case PhysicalKind::kString: col.strings.emplace_back(); break;
      case PhysicalKind::kInterval: col.intervals.emplace_back(); break;
    }
  }
}

void KafkaRowBuilder::SetNull(size_t c) { out_->columns[c].nulls[row_] = 1; }

bool KafkaRowBuilder::IsNull(size_t c) const { return out_->columns[c].nulls[row_] != 0; }

Status KafkaRowBuilder::SetInt(size_t c, int64_t v) {
  Column& col = out_->columns[c];
  int64_t lo, hi;
  if (IntRange(types_[c].id, &lo, &hi) && (v < lo || v > hi)) {
    return Status::Error(sqlstate::kNumericValueOutOfRange,
                         "value \"" + std::to_string(v) + "\" is out of range for type " +
                             TypeName(types_[c]));
  }
  col.ints[row_] = v;
  col.nulls[row_] = 0;
  return Status::OK();
}

void KafkaRowBuilder::SetFloat(size_t c, double v) {
  Column& col = out_->columns[c];
  col.floats[row_] = types_[c].id == TypeId::kFloat32 ? static_cast<double>(static_cast<float>(v)) : v;
  col.nulls[row_] = 0;
}

void KafkaRowBuilder::SetValue(size_t c, const Value& v) {
  Column& col = out_->columns[c];
  if (v.is_null) {
    col.nulls[row_] = 1;
    return;
  }
  col.nulls[row_] = 0;
  switch (Physical(col.type)) {
    case PhysicalKind::kInt64: col.ints[row_] = v.i; break;
    case PhysicalKind::kFloat64: col.floats[row_] = v.f; break;
    case PhysicalKind::kDecimal: col.decimals[row_] = v.d; break;
    case PhysicalKind::kString: col.strings[row_] = v.s; break;
    case PhysicalKind::kInterval: col.intervals[row_] = v.iv; break;
  }
}

Status KafkaRowBuilder::SetText(size_t c, std::string_view text) {
  const DataType& type = types_[c];
  Column& col = out_->columns[c];
  int64_t lo, hi;
  if (type.id == TypeId::kText) {
    col.strings[row_].assign(text.data(), text.size());
    col.nulls[row_] = 0;
    return Status::OK();
  }
  if (IntRange(type.id, &lo, &hi)) {
    int64_t v = 0;
    auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), v);
    if (ec == std::errc() && end == text.data() + text.size() && v >= lo && v <= hi) {
      col.ints[row_] = v;
      col.nulls[row_] = 0;
      return Status::OK();
    }
  }
  KAPPA_ASSIGN_OR_RETURN(Value v, ParseValue(text, type));
  SetValue(c, v);
  return Status::OK();
}

Status KafkaRowBuilder::Commit(bool check_not_null) {
  if (check_not_null) {
    for (size_t c = 0; c < types_.size(); ++c) {
      if (not_null_[c] && out_->columns[c].nulls[row_]) {
        Abort();
        return Status::Error(sqlstate::kNotNullViolation,
                             "null value in column \"" + names_[c] +
                                 "\" violates not-null constraint");
      }
    }
  }
  out_->weights.push_back(1);
  out_->num_rows = row_ + 1;
  return Status::OK();
}

void KafkaRowBuilder::Abort() {
  for (Column& col : out_->columns) {
    col.nulls.pop_back();
    switch (Physical(col.type)) {
      case PhysicalKind::kInt64: col.ints.pop_back(); break;
      case PhysicalKind::kFloat64: col.floats.pop_back(); break;
      case PhysicalKind::kDecimal: col.decimals.pop_back(); break;
      case PhysicalKind::kString: col.strings.pop_back(); break;
      case PhysicalKind::kInterval: col.intervals.pop_back(); break;
    }
  }
}

bool IsValidUtf8(std::string_view s) {
  const auto* p = reinterpret_cast<const unsigned char*>(s.data());
  const size_t n = s.size();
  size_t i = 0;
  while (i < n) {
    // ASCII fast path, 8 bytes at a time.
    while (i + 8 <= n) {
      uint64_t w;
      __builtin_memcpy(&w, p + i, 8);
      if (w & 0x8080808080808080ULL) break;
      i += 8;
    }
    if (i >= n) break;
    const unsigned char b = p[i];
    if (b < 0x80) {
      ++i;
      continue;
    }
    size_t len;
    uint32_t cp;
    if (b >= 0xC2 && b <= 0xDF) {
      len = 2;
      cp = b & 0x1F;
    } else if (b >= 0xE0 && b <= 0xEF) {
      len = 3;
      cp = b & 0x0F;
    } else if (b >= 0xF0 && b <= 0xF4) {
      len = 4;
      cp = b & 0x07;
    } else {
      return false;
    }
    if (i + len > n) return false;
    for (size_t k = 1; k < len; ++k) {
      if ((p[i + k] & 0xC0) != 0x80) return false;
      cp = (cp << 6) | (p[i + k] & 0x3F);
    }
    if ((len == 3 && (cp < 0x800 || (cp >= 0xD800 && cp <= 0xDFFF))) ||
        (len == 4 && (cp < 0x10000 || cp > 0x10FFFF))) {
      return false;
    }
    i += len;
  }
  return true;
}

std::string RawPrefix(std::string_view raw, size_t max_bytes) {
  std::string_view head = raw.substr(0, max_bytes);
  if (IsValidUtf8(head)) return std::string(head);
  std::string out;
  // Keep valid sequences, escape the rest byte by byte.
  size_t i = 0;
  while (i < head.size()) {
    const unsigned char b = static_cast<unsigned char>(head[i]);
    size_t len = b < 0x80 ? 1 : (b >= 0xC2 && b <= 0xDF) ? 2 : (b >= 0xE0 && b <= 0xEF) ? 3
                                : (b >= 0xF0 && b <= 0xF4) ? 4 : 0;
    if (len > 0 && i + len <= head.size() && IsValidUtf8(head.substr(i, len))) {
      out.append(head.substr(i, len));
      i += len;
    } else {
      char buf[8];
      std::snprintf(buf, sizeof(buf), "\\x%02X", b);
      out += buf;
      ++i;
    }
  }
  return out;
}

}  // namespace kappa
