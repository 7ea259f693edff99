#include "server/table_writer.h"

#include "common/value_format.h"
#include "storage/store.h"
#include "storage/table_log.h"

namespace kappa {

std::string TableWriter::KeyOf(const Chunk& chunk, size_t row) const {
  // Text of each key column, length-prefixed: equal values of one column type
  // have equal text (numeric scale is fixed by the column's assignment cast).
  std::string key;
  for (int c : table_->primary_key) {
    const Column& col = chunk.columns[c];
    std::string text;
    if (col.IsNull(row)) {
      text = "\x01N";
    } else {
      AppendValueText(col, row, &text);
    }
    uint32_t n = static_cast<uint32_t>(text.size());
    key.append(reinterpret_cast<const char*>(&n), sizeof(n));
    key += text;
  }
  return key;
}

std::string TableWriter::KeyText(const Chunk& chunk, size_t row) const {
  std::string names, values;
  for (size_t i = 0; i < table_->primary_key.size(); ++i) {
    int c = table_->primary_key[i];
    if (i) {
      names += ", ";
      values += ", ";
    }
    names += table_->columns[c].name;
    if (chunk.columns[c].IsNull(row)) {
      values += "null";
    } else {
      AppendValueText(chunk.columns[c], row, &values);
    }
  }
  return "Key (" + names + ")=(" + values + ") already exists.";
}

Status TableWriter::LoadKeys() {
  if (keys_loaded_ || table_->primary_key.empty()) return Status::OK();
  KAPPA_ASSIGN_OR_RETURN(uint64_t last, store_->log().LastSeq(table_->id));
  if (last > 0) {
    KAPPA_RETURN_IF_ERROR(store_->log().Scan(
        table_->id, table_->Types(), 1, last, [&](Chunk&& chunk, uint64_t) -> Status {
          for (size_t r = 0; r < chunk.num_rows; ++r) {
            std::string k = KeyOf(chunk, r);
            int64_t& n = keys_[k];
            n += chunk.weights[r];
            if (n == 0) keys_.erase(k);
          }
          return Status::OK();
        }));
  }
  keys_loaded_ = true;
  return Status::OK();
}

Status TableWriter::Apply(const Chunk& changes) {
  if (changes.num_rows == 0) return Status::OK();
  for (size_t c = 0; c < table_->columns.size(); ++c) {
    bool not_null = table_->columns[c].not_null;
    for (int pk : table_->primary_key) not_null |= (pk == static_cast<int>(c));
    if (!not_null) continue;
    const Column& col = changes.columns[c];
    for (size_t r = 0; r < changes.num_rows; ++r) {
      if (changes.weights[r] > 0 && col.IsNull(r)) {
        return Status::Error(sqlstate::kNotNullViolation,
                             "null value in column \"" + table_->columns[c].name +
                                 "\" of relation \"" + table_->name +
                                 "\" violates not-null constraint");
      }
    }
  }
  if (!table_->primary_key.empty()) {
    KAPPA_RETURN_IF_ERROR(LoadKeys());
    // Net effect per key: retractions first, then insertions.
    std::unordered_map<std::string, int64_t> delta;
    for (size_t r = 0; r < changes.num_rows; ++r) {
      if (changes.weights[r] < 0) delta[KeyOf(changes, r)] += changes.weights[r];
    }
    for (size_t r = 0; r < changes.num_rows; ++r) {
      if (changes.weights[r] <= 0) continue;
      std::string k = KeyOf(changes, r);
      auto it = keys_.find(k);
      int64_t now = (it == keys_.end() ? 0 : it->second) + delta[k] + changes.weights[r];
      if (now > 1) {
        return Status::Error(sqlstate::kUniqueViolation,
                             "duplicate key value violates unique constraint \"" +
                                 table_->name + "_pkey\"")
            .WithDetail(KeyText(changes, r));
      }
      delta[k] += changes.weights[r];
    }
    KAPPA_RETURN_IF_ERROR(store_->log().Append(table_->id, changes).status());
    for (const auto& [k, d] : delta) {
      int64_t& n = keys_[k];
      n += d;
      if (n == 0) keys_.erase(k);
    }
    return Status::OK();
  }
  return store_->log().Append(table_->id, changes).status();
}

}  // namespace kappa
