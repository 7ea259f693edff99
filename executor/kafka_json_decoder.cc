#include "executor/kafka_json_decoder.h"

#include <cctype>
#include <limits>

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

Status Malformed(simdjson::error_code e) {
  return Status::Error(sqlstate::kInvalidTextRepresentation,
                       std::string("invalid JSON record: ") + simdjson::error_message(e));
}

}  // namespace

KafkaJsonDecoder::KafkaJsonDecoder(const std::vector<ColumnInfo>& columns) {
  for (const ColumnInfo& c : columns) {
    names_.push_back(c.name);
    types_.push_back(c.type);
    not_null_.push_back(c.not_null);
  }
  row_.resize(columns.size());
}

int KafkaJsonDecoder::FindColumn(std::string_view key) const {
  for (size_t c = 0; c < names_.size(); ++c) {
    if (names_[c] == key) return static_cast<int>(c);
  }
  for (size_t c = 0; c < names_.size(); ++c) {
    if (EqualsIgnoreCase(names_[c], key)) return static_cast<int>(c);
  }
  return -1;
}

Status KafkaJsonDecoder::DecodeValue(size_t c, simdjson::ondemand::value v) {
  const DataType& type = types_[c];
  simdjson::ondemand::json_type jt;
  if (auto e = v.type().get(jt)) return Malformed(e);
  switch (jt) {
    case simdjson::ondemand::json_type::null:
      row_[c] = Value::Null(type);
      return Status::OK();
    case simdjson::ondemand::json_type::boolean: {
      bool b;
      if (auto e = v.get_bool().get(b)) return Malformed(e);
      if (type.id == TypeId::kBool) {
        row_[c] = Value::Bool(b);
        return Status::OK();
      }
      KAPPA_ASSIGN_OR_RETURN(row_[c], ParseValue(b ? "true" : "false", type));
      return Status::OK();
    }
    case simdjson::ondemand::json_type::number: {
      const std::string_view raw = Trim(v.raw_json_token());
      switch (type.id) {
        case TypeId::kInt16:
        case TypeId::kInt32:
        case TypeId::kInt64: {
          int64_t x;
          if (v.get_int64().get(x) == simdjson::SUCCESS) {
            const int64_t lo = type.id == TypeId::kInt16   ? std::numeric_limits<int16_t>::min()
                               : type.id == TypeId::kInt32 ? std::numeric_limits<int32_t>::min()
                                                           : std::numeric_limits<int64_t>::min();
            const int64_t hi = type.id == TypeId::kInt16   ? std::numeric_limits<int16_t>::max()
                               : type.id == TypeId::kInt32 ? std::numeric_limits<int32_t>::max()
                                                           : std::numeric_limits<int64_t>::max();
            if (x >= lo && x <= hi) {
              row_[c] = Value::Int(type.id, x);
              return Status::OK();
            }
          }
          break;  // ParseValue gives PostgreSQL's error
        }
        case TypeId::kFloat32:
        case TypeId::kFloat64: {
          double x;
          if (v.get_double().get(x) == simdjson::SUCCESS) {
            row_[c] = Value::Float(type.id, type.id == TypeId::kFloat32 ? static_cast<double>(static_cast<float>(x)) : x);
            return Status::OK();
          }
          break;
        }
        default:
          break;
      }
      KAPPA_ASSIGN_OR_RETURN(row_[c], ParseValue(raw, type));
      return Status::OK();
    }
    case simdjson::ondemand::json_type::string: {
      std::string_view s;
      if (auto e = v.get_string().get(s)) return Malformed(e);
      KAPPA_ASSIGN_OR_RETURN(row_[c], ParseValue(s, type));
      return Status::OK();
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
      KAPPA_ASSIGN_OR_RETURN(row_[c], ParseValue(Trim(raw), type));
      return Status::OK();
    }
  }
  return Malformed(simdjson::INCORRECT_TYPE);
}

Status KafkaJsonDecoder::DecodeInto(std::string_view json, Chunk* out) {
  for (size_t c = 0; c < row_.size(); ++c) row_[c] = Value::Null(types_[c]);
  buffer_.assign(json.data(), json.size());
  buffer_.resize(json.size() + simdjson::SIMDJSON_PADDING, '\0');
  simdjson::ondemand::document doc;
  if (auto e = parser_.iterate(buffer_.data(), json.size(), buffer_.size()).get(doc)) {
    return Malformed(e);
  }
  simdjson::ondemand::object obj;
  if (auto e = doc.get_object().get(obj)) return Malformed(e);
  for (auto field : obj) {
    std::string_view key;
    if (auto e = field.unescaped_key().get(key)) return Malformed(e);
    const int c = FindColumn(key);
    if (c < 0) continue;  // extra fields are ignored (and skipped by simdjson)
    simdjson::ondemand::value v;
    if (auto e = field.value().get(v)) return Malformed(e);
    Status st = DecodeValue(static_cast<size_t>(c), v);
    if (!st.ok()) {
      return Status::Error(st.sqlstate(), "column \"" + names_[c] + "\": " + st.message());
    }
  }
  for (size_t c = 0; c < row_.size(); ++c) {
    if (not_null_[c] && row_[c].is_null) {
      return Status::Error(sqlstate::kNotNullViolation,
                           "null value in column \"" + names_[c] + "\" violates not-null constraint");
    }
  }
  out->AppendRow(row_);
  return Status::OK();
}

}  // namespace kappa
