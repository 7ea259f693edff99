#include "server/table_writer.h"

#include <rocksdb/write_batch.h>

#include "common/value_format.h"
#include "executor/expression_evaluator.h"
#include "sql/binder/binder.h"
#include "storage/store.h"
#include "storage/table_log.h"

namespace kappa {

std::string LateRowsNotice(const TableInfo& table, const LateOutcome& late) {
  if (late.late_rows <= 0) return "";
  std::string w = "-infinity";
  if (late.watermark != kNoWatermark) {
    bool tz = table.watermark_column >= 0 &&
              table.columns[table.watermark_column].type.id == TypeId::kTimestampTz;
    w = tz ? FormatTimestampTz(late.watermark) : FormatTimestamp(late.watermark);
  }
  return std::to_string(late.late_rows) + (late.late_rows == 1 ? " row was" : " rows were") +
         " late (watermark " + w + ") and went to kappa_catalog.late_rows";
}

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

Status TableWriter::LoadWatermark() {
  if (watermark_loaded_) return Status::OK();
  BindContext ctx;  // a row expression needs no catalog
  KAPPA_ASSIGN_OR_RETURN(watermark_expr_, BindWatermark(*table_, ctx));
  KAPPA_ASSIGN_OR_RETURN(late_, LoadLateState(store_, table_->id));
  watermark_loaded_ = true;
  return Status::OK();
}

Result<LateState> TableWriter::CurrentLateState() {
  if (table_->watermark_column < 0) return LoadLateState(store_, table_->id);
  KAPPA_RETURN_IF_ERROR(LoadWatermark());
  return late_;
}

Status TableWriter::Apply(const Chunk& changes, LateOutcome* late,
                          const TableLog::ExtraWrites& source) {
  if (late) *late = LateOutcome{};
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
  if (table_->watermark_column < 0) return CheckAndAppend(changes, source);

  // Lateness, in the write's row order.
  KAPPA_RETURN_IF_ERROR(LoadWatermark());
  Column wm;
  {
    EvalContext ectx;  // UTC, no parameters
    Status st = EvaluateExpression(*watermark_expr_, changes, ectx, &wm);
    if (!st.ok()) return st.WithoutPosition();
  }
  const Column& ts = changes.columns[table_->watermark_column];
  const int64_t* ts_v = ts.ints.data();
  const uint8_t* ts_null = ts.nulls.data();
  const int64_t* wm_v = wm.ints.data();
  const uint8_t* wm_null = wm.nulls.data();
  LateState next = late_;
  std::vector<uint32_t> on_time;
  on_time.reserve(changes.num_rows);
  std::vector<std::pair<uint32_t, int64_t>> late_rows;  // (row, W it was late against)
  for (size_t r = 0; r < changes.num_rows; ++r) {
    if (!ts_null[r] && ts_v[r] < next.watermark) {
      late_rows.emplace_back(static_cast<uint32_t>(r), next.watermark);
      continue;
    }
    on_time.push_back(static_cast<uint32_t>(r));
    if (!wm_null[r] && wm_v[r] > next.watermark) next.watermark = wm_v[r];
  }
  next.late_rows += late_rows.size();
  const bool state_changed =
      next.watermark != late_.watermark || next.late_rows != late_.late_rows;
  TableLog::ExtraWrites extra = source;
  if (state_changed) {
    extra = [&](uint64_t seq, rocksdb::WriteBatch* batch) -> Status {
      if (source) KAPPA_RETURN_IF_ERROR(source(seq, batch));
      LateRow row;
      row.log_position = seq;
      for (size_t i = 0; i < late_rows.size(); ++i) {
        row.ordinal = late_.late_rows + i;
        row.watermark = late_rows[i].second;
        row.row_text = RecordText(changes, late_rows[i].first);
        PutLateRow(store_, table_->id, row, batch);
      }
      PutLateState(store_, table_->id, next, batch);
      return Status::OK();
    };
  }
  if (late_rows.empty()) {
    KAPPA_RETURN_IF_ERROR(CheckAndAppend(changes, extra));
  } else if (on_time.empty()) {
    KAPPA_ASSIGN_OR_RETURN(uint64_t last, store_->log().LastSeq(table_->id));
    rocksdb::WriteBatch batch;
    KAPPA_RETURN_IF_ERROR(extra(last, &batch));
    KAPPA_RETURN_IF_ERROR(WriteLateBatch(store_, &batch));
  } else {
    Chunk kept(table_->Types());
    for (size_t c = 0; c < kept.columns.size(); ++c) {
      kept.columns[c].AppendSelected(changes.columns[c], on_time.data(), on_time.size());
    }
    kept.weights.reserve(on_time.size());
    for (uint32_t r : on_time) kept.weights.push_back(changes.weights[r]);
    kept.num_rows = on_time.size();
    KAPPA_RETURN_IF_ERROR(CheckAndAppend(kept, extra));
  }
  late_ = next;
  if (late && !late_rows.empty()) {
    late->late_rows = static_cast<int64_t>(late_rows.size());
    late->watermark = late_rows.back().second;
    for (const auto& lr : late_rows) late->rows.push_back(lr.first);
  }
  return Status::OK();
}

Status TableWriter::CheckAndAppend(const Chunk& changes, const TableLog::ExtraWrites& extra) {
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
    KAPPA_RETURN_IF_ERROR(store_->log().Append(table_->id, changes, extra).status());
    for (const auto& [k, d] : delta) {
      int64_t& n = keys_[k];
      n += d;
      if (n == 0) keys_.erase(k);
    }
    return Status::OK();
  }
  return store_->log().Append(table_->id, changes, extra).status();
}

}  // namespace kappa
