#include "executor/kafka_csv_decoder.h"

#include <cctype>

namespace kappa {

namespace {

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

Status Bad(const std::string& why) {
  return Status::Error(sqlstate::kInvalidTextRepresentation, "invalid CSV record: " + why);
}

}  // namespace

KafkaCsvDecoder::KafkaCsvDecoder(const std::vector<ColumnInfo>& columns, char delimiter,
                                 bool header, std::vector<bool> decoded)
    : delimiter_(delimiter), header_(header) {
  for (size_t c = 0; c < columns.size(); ++c) {
    names_.push_back(columns[c].name);
    if (decoded.empty() || decoded[c]) targets_.push_back(c);
  }
}

Status KafkaCsvDecoder::Split(std::string_view line) {
  while (!line.empty() && (line.back() == '\n' || line.back() == '\r')) line.remove_suffix(1);
  num_fields_ = 0;
  size_t i = 0;
  const size_t n = line.size();
  while (true) {
    if (num_fields_ == fields_.size()) {
      fields_.emplace_back();
      quoted_.push_back(0);
    }
    std::string& f = fields_[num_fields_];
    f.clear();
    quoted_[num_fields_] = 0;
    if (i < n && line[i] == '"') {
      quoted_[num_fields_] = 1;
      ++i;
      bool closed = false;
      while (i < n) {
        const char ch = line[i];
        if (ch == '"') {
          if (i + 1 < n && line[i + 1] == '"') {
            f.push_back('"');
            i += 2;
            continue;
          }
          ++i;
          closed = true;
          break;
        }
        f.push_back(ch);
        ++i;
      }
      if (!closed) return Bad("unterminated quoted field");
      if (i < n && line[i] != delimiter_) return Bad("text after a closing quote");
    } else {
      const size_t start = i;
      while (i < n && line[i] != delimiter_) ++i;
      f.assign(line.data() + start, i - start);
    }
    ++num_fields_;
    if (i >= n) break;
    ++i;  // the delimiter
  }
  return Status::OK();
}

Status KafkaCsvDecoder::Fill(std::string_view line, KafkaRowBuilder* b, bool* is_header) {
  *is_header = false;
  if (!IsValidUtf8(line)) {
    return Status::Error(sqlstate::kCharacterNotInRepertoire,
                         "invalid byte sequence for encoding \"UTF8\" in the record");
  }
  KAPPA_RETURN_IF_ERROR(Split(line));
  if (num_fields_ != targets_.size()) {
    return Bad("expected " + std::to_string(targets_.size()) + " fields, got " +
               std::to_string(num_fields_));
  }
  if (header_) {
    bool all = true;
    for (size_t i = 0; i < num_fields_ && all; ++i) {
      all = EqualsIgnoreCase(fields_[i], names_[targets_[i]]);
    }
    if (all) {
      *is_header = true;
      return Status::OK();
    }
  }
  for (size_t i = 0; i < num_fields_; ++i) {
    const size_t c = targets_[i];
    if (fields_[i].empty() && !quoted_[i]) {
      b->SetNull(c);
      continue;
    }
    Status st = b->SetText(c, fields_[i]);
    if (!st.ok()) {
      return Status::Error(st.sqlstate(), "column \"" + names_[c] + "\": " + st.message());
    }
  }
  return Status::OK();
}

}  // namespace kappa
