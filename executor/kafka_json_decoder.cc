#include "executor/kafka_json_decoder.h"

#include <cctype>

#include "common/value_parse.h"

namespace kappa {

namespace {

std::string_view Trim(std::string_view s) {
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.back()))) s.remove_suffix(1);
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.front()))) s.remove_prefix(1);
  return s;
}

bool EqualsIgnoreCase(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (size_t i = 0; i < a.size(); ++i) {
    if (std::tolower(static_cast<unsigned char>(a[i])) !=
        std::tolower(static_cast<unsigned char>(b[i]))) {
      return false;
    }
  }
  return true;
}

bool IsTextType(TypeId t) { return t == TypeId::kText || t == TypeId::kVarchar; }
bool IsIntType(TypeId t) {
  return t == TypeId::kInt16 || t == TypeId::kInt32 || t == TypeId::kInt64;
}

Status Malformed(simdjson::error_code e) {
  if (e == simdjson::UTF8_ERROR) {
    return Status::Error(sqlstate::kCharacterNotInRepertoire,
                         "invalid byte sequence for encoding \"UTF8\" in the record");
  }
  return Status::Error(sqlstate::kInvalidTextRepresentation,
                       std::string("invalid JSON record: ") + simdjson::error_message(e));
}

}  // namespace

KafkaJsonDecoder::KafkaJsonDecoder(const std::vector<ColumnInfo>& columns,
                                   std::vector<bool> decoded)
    : decoded_(std::move(decoded)), builder_(columns) {
  for (const ColumnInfo& c : columns) {
    names_.push_back(c.name);
    types_.push_back(c.type);
  }
  if (decoded_.empty()) decoded_.assign(columns.size(), true);
}

int KafkaJsonDecoder::FindColumn(std::string_view key) const {
  for (size_t c = 0; c < names_.size(); ++c) {
    if (decoded_[c] && names_[c] == key) return static_cast<int>(c);
  }
  for (size_t c = 0; c < names_.size(); ++c) {
    if (decoded_[c] && EqualsIgnoreCase(names_[c], key)) return static_cast<int>(c);
  }
  return -1;
}

Status KafkaJsonDecoder::DecodeValue(size_t c, simdjson::ondemand::value v, KafkaRowBuilder* b) {
  const DataType& type = types_[c];
  simdjson::ondemand::json_type jt;
  if (auto e = v.type().get(jt)) return Malformed(e);
  switch (jt) {
    case simdjson::ondemand::json_type::null:
      b->SetNull(c);
      return Status::OK();
    case simdjson::ondemand::json_type::boolean: {
      bool x;
      if (auto e = v.get_bool().get(x)) return Malformed(e);
      if (type.id == TypeId::kBool) {
        b->SetValue(c, Value::Bool(x));
        return Status::OK();
      }
      return b->SetText(c, x ? "true" : "false");
    }
    case simdjson::ondemand::json_type::number: {
      if (IsIntType(type.id)) {
        int64_t x;
        if (v.get_int64().get(x) == simdjson::SUCCESS) return b->SetInt(c, x);
      } else if (type.id == TypeId::kFloat32 || type.id == TypeId::kFloat64) {
        double x;
        if (v.get_double().get(x) == simdjson::SUCCESS) {
          b->SetFloat(c, x);
          return Status::OK();
        }
      }
      // PostgreSQL's text input gives the error (or the value: numeric, text ...).
      return b->SetText(c, Trim(v.raw_json_token()));
    }
    case simdjson::ondemand::json_type::string: {
      std::string_view s;
      if (auto e = v.get_string().get(s)) return Malformed(e);
      return b->SetText(c, s);
    }
    case simdjson::ondemand::json_type::object:
    case simdjson::ondemand::json_type::array: {
      if (!IsTextType(type.id)) {
        return Status::Error(sqlstate::kInvalidTextRepresentation,
                             "a JSON object or array does not fit type " + TypeName(type));
      }
      std::string_view raw;
      if (jt == simdjson::ondemand::json_type::object) {
        simdjson::ondemand::object o;
        if (auto e = v.get_object().get(o)) return Malformed(e);
        if (auto e = o.raw_json().get(raw)) return Malformed(e);
      } else {
        simdjson::ondemand::array a;
        if (auto e = v.get_array().get(a)) return Malformed(e);
        if (auto e = a.raw_json().get(raw)) return Malformed(e);
      }
      return b->SetText(c, Trim(raw));
    }
  }
  return Malformed(simdjson::INCORRECT_TYPE);
}

Status KafkaJsonDecoder::Parse(std::string_view json, simdjson::ondemand::document* doc) {
  buffer_.assign(json.data(), json.size());
  buffer_.resize(json.size() + simdjson::SIMDJSON_PADDING, '\0');
  if (auto e = parser_.iterate(buffer_.data(), json.size(), buffer_.size()).get(*doc)) {
    return Malformed(e);
  }
  return Status::OK();
}

Status KafkaJsonDecoder::Fill(std::string_view json, KafkaRowBuilder* b) {
  simdjson::ondemand::document doc;
  KAPPA_RETURN_IF_ERROR(Parse(json, &doc));
  simdjson::ondemand::object obj;
  if (auto e = doc.get_object().get(obj)) return Malformed(e);
  for (auto field : obj) {
    std::string_view key;
    if (auto e = field.unescaped_key().get(key)) return Malformed(e);
    const int c = FindColumn(key);
    if (c < 0) continue;  // extra fields are ignored (and skipped by simdjson)
    simdjson::ondemand::value v;
    if (auto e = field.value().get(v)) return Malformed(e);
    Status st = DecodeValue(static_cast<size_t>(c), v, b);
    if (!st.ok()) {
      return Status::Error(st.sqlstate(), "column \"" + names_[c] + "\": " + st.message());
    }
  }
  return Status::OK();
}

Status KafkaJsonDecoder::FillScalar(std::string_view raw, size_t c, KafkaRowBuilder* b) {
  simdjson::ondemand::document doc;
  if (Parse(raw, &doc).ok()) {
    simdjson::ondemand::json_type jt;
    if (doc.type().get(jt) == simdjson::SUCCESS) {
      if (jt == simdjson::ondemand::json_type::string) {
        std::string_view s;
        if (doc.get_string().get(s) == simdjson::SUCCESS) return b->SetText(c, s);
      } else if (jt == simdjson::ondemand::json_type::number) {
        std::string_view tok;
        if (doc.raw_json_token().get(tok) == simdjson::SUCCESS) return b->SetText(c, Trim(tok));
      } else if (jt == simdjson::ondemand::json_type::null) {
        b->SetNull(c);
        return Status::OK();
      }
    }
  }
  if (!IsValidUtf8(raw)) return Malformed(simdjson::UTF8_ERROR);
  return b->SetText(c, raw);
}

Status KafkaJsonDecoder::DecodeInto(std::string_view json, Chunk* out) {
  builder_.Begin(out);
  Status st = Fill(json, &builder_);
  if (!st.ok()) {
    builder_.Abort();
    return st;
  }
  return builder_.Commit();
}

}  // namespace kappa
