#include "executor/sink_encoder.h"

#include <algorithm>
#include <cctype>
#include <cmath>
#include <map>
#include <unordered_map>

#include "common/value_format.h"

namespace kappa {

Result<SinkFormat> ParseSinkFormat(const std::string& text) {
  std::string f = text;
  for (char& c : f) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  if (f == "plain") return SinkFormat::kPlain;
  if (f == "upsert") return SinkFormat::kUpsert;
  if (f == "debezium") return SinkFormat::kDebezium;
  return Status::NotSupported("sink format \"" + text + "\" is not supported")
      .WithHint("Use FORMAT PLAIN, UPSERT or DEBEZIUM.");
}

const char* SinkFormatName(SinkFormat f) {
  switch (f) {
    case SinkFormat::kPlain: return "PLAIN";
    case SinkFormat::kUpsert: return "UPSERT";
    case SinkFormat::kDebezium: return "DEBEZIUM";
  }
  return "?";
}

void AppendJsonString(std::string_view s, std::string* out) {
  static const char* kHex = "0123456789abcdef";
  out->push_back('"');
  for (char ch : s) {
    auto c = static_cast<unsigned char>(ch);
    switch (c) {
      case '"': out->append("\\\""); break;
      case '\\': out->append("\\\\"); break;
      case '\n': out->append("\\n"); break;
      case '\r': out->append("\\r"); break;
      case '\t': out->append("\\t"); break;
      case '\b': out->append("\\b"); break;
      case '\f': out->append("\\f"); break;
      default:
        if (c < 0x20) {
          out->append("\\u00");
          out->push_back(kHex[c >> 4]);
          out->push_back(kHex[c & 15]);
        } else {
          out->push_back(ch);
        }
    }
  }
  out->push_back('"');
}

void AppendJsonValue(const Column& col, size_t row, std::string* out) {
  if (col.IsNull(row)) {
    out->append("null");
    return;
  }
  switch (col.type.id) {
    case TypeId::kBool:
      out->append(col.ints[row] != 0 ? "true" : "false");
      return;
    case TypeId::kInt16:
    case TypeId::kInt32:
    case TypeId::kInt64:
    case TypeId::kNumeric:
      AppendValueText(col, row, out);
      return;
    case TypeId::kFloat32:
    case TypeId::kFloat64: {
      double d = col.floats[row];
      if (std::isnan(d)) {
        out->append("\"NaN\"");
      } else if (std::isinf(d)) {
        out->append(d > 0 ? "\"Infinity\"" : "\"-Infinity\"");
      } else {
        AppendValueText(col, row, out);
      }
      return;
    }
    default: {
      std::string text;
      AppendValueText(col, row, &text);
      AppendJsonString(text, out);
      return;
    }
  }
}

SinkEncoder::SinkEncoder(SinkFormat format, std::vector<std::string> names,
                         std::vector<int> key_columns)
    : format_(format), key_columns_(std::move(key_columns)) {
  for (const auto& n : names) {
    std::string q;
    AppendJsonString(n, &q);
    names_.push_back(std::move(q));
  }
}

void SinkEncoder::AppendRowJson(const Chunk& chunk, size_t row, std::string* out) const {
  out->push_back('{');
  for (size_t c = 0; c < chunk.columns.size() && c < names_.size(); ++c) {
    if (c > 0) out->push_back(',');
    out->append(names_[c]);
    out->push_back(':');
    AppendJsonValue(chunk.columns[c], row, out);
  }
  out->push_back('}');
}

void SinkEncoder::AppendKeyJson(const Chunk& chunk, size_t row, std::string* out) const {
  out->push_back('{');
  for (size_t i = 0; i < key_columns_.size(); ++i) {
    if (i > 0) out->push_back(',');
    int c = key_columns_[i];
    out->append(names_[c]);
    out->push_back(':');
    AppendJsonValue(chunk.columns[c], row, out);
  }
  out->push_back('}');
}

Status SinkEncoder::Encode(const std::vector<Chunk>& changes,
                           std::vector<SinkMessage>* out) const {
  if (format_ == SinkFormat::kPlain) {
    for (const Chunk& chunk : changes) {
      for (size_t r = 0; r < chunk.num_rows; ++r) {
        int64_t w = chunk.weights[r];
        if (w < 0) {
          return Status::Error("22000",
                               "a FORMAT PLAIN sink received a retraction (the view is not "
                               "append-only)");
        }
        if (w == 0) continue;
        std::string v;
        AppendRowJson(chunk, r, &v);
        for (int64_t i = 1; i < w; ++i) out->push_back({std::nullopt, v});
        out->push_back({std::nullopt, std::move(v)});
      }
    }
    return Status::OK();
  }
  // Net the changes per (key, row): rows are compared by their JSON text.
  struct KeyState {
    std::vector<std::pair<std::string, int64_t>> rows;  // row JSON, net weight
  };
  bool keyed = !key_columns_.empty();
  std::vector<std::string> order;  // keys in order of first appearance
  std::unordered_map<std::string, KeyState> by_key;
  for (const Chunk& chunk : changes) {
    for (size_t r = 0; r < chunk.num_rows; ++r) {
      if (chunk.weights[r] == 0) continue;
      std::string row;
      AppendRowJson(chunk, r, &row);
      std::string key;
      if (keyed) {
        AppendKeyJson(chunk, r, &key);
      } else {
        key = row;  // keyless: net per identical row
      }
      auto [it, inserted] = by_key.try_emplace(key);
      if (inserted) order.push_back(key);
      bool found = false;
      for (auto& [text, w] : it->second.rows) {
        if (text == row) {
          w += chunk.weights[r];
          found = true;
          break;
        }
      }
      if (!found) it->second.rows.emplace_back(std::move(row), chunk.weights[r]);
    }
  }
  for (const std::string& key : order) {
    const KeyState& ks = by_key[key];
    const std::string* before = nullptr;
    const std::string* after = nullptr;
    int64_t before_n = 0, after_n = 0;
    for (const auto& [text, w] : ks.rows) {
      if (w < 0) {
        before = &text;
        before_n += -w;
      } else if (w > 0) {
        after = &text;
        after_n += w;
      }
    }
    if (before == nullptr && after == nullptr) continue;
    std::optional<std::string> msg_key;
    if (keyed) msg_key = key;
    if (format_ == SinkFormat::kUpsert) {
      if (after != nullptr) {
        out->push_back({msg_key, *after});
      } else {
        out->push_back({msg_key, std::nullopt});
      }
      continue;
    }
    // DEBEZIUM.
    auto envelope = [](const std::string* b, const std::string* a) {
      std::string v = "{\"before\":";
      v.append(b ? *b : "null");
      v.append(",\"after\":");
      v.append(a ? *a : "null");
      v.append(",\"op\":\"");
      v.append(b && a ? "u" : (a ? "c" : "d"));
      v.append("\"}");
      return v;
    };
    if (keyed) {
      out->push_back({msg_key, envelope(before, after)});
    } else {
      for (int64_t i = 0; i < before_n; ++i) out->push_back({std::nullopt, envelope(before, nullptr)});
      for (int64_t i = 0; i < after_n; ++i) out->push_back({std::nullopt, envelope(nullptr, after)});
    }
  }
  return Status::OK();
}

}  // namespace kappa
