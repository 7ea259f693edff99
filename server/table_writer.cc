#include "server/table_writer.h"

#include <rocksdb/write_batch.h>

#include <algorithm>
#include <chrono>

#include "common/idle_timeout_option.h"
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
  KAPPA_ASSIGN_OR_RETURN(idle_timeout_ms_, IdleTimeoutMsOf(table_->options));
  // A (re)start gives every known partition a fresh idle timer.
  const int64_t now = NowMs();
  for (const auto& [p, w] : late_.partitions) last_record_ms_[p] = now;
  watermark_loaded_ = true;
  return Status::OK();
}

int64_t TableWriter::NowMs() const {
  if (now_ms_) return now_ms_();
  return std::chrono::duration_cast<std::chrono::milliseconds>(
             std::chrono::steady_clock::now().time_since_epoch())
      .count();
}

int64_t TableWriter::TableWatermark(const LateState& state, int64_t now_ms) const {
  int64_t low = 0;
  bool any = false;
  for (const auto& [p, w] : state.partitions) {
    if (idle_timeout_ms_ > 0) {
      auto it = last_record_ms_.find(p);
      if (it != last_record_ms_.end() && now_ms - it->second >= idle_timeout_ms_) continue;
    }
    low = any ? std::min(low, w) : w;
    any = true;
  }
  return any ? std::max(state.watermark, low) : state.watermark;
}

Status TableWriter::DeclarePartitions(const std::vector<int32_t>& partitions) {
  if (table_->watermark_column < 0) return Status::OK();
  KAPPA_RETURN_IF_ERROR(LoadWatermark());
  const int64_t now = NowMs();
  for (int32_t p : partitions) {
    if (late_.partitions.try_emplace(p, kNoWatermark).second) last_record_ms_[p] = now;
  }
  return Status::OK();
}

Status TableWriter::CheckIdle() {
  if (table_->watermark_column < 0) return Status::OK();
  KAPPA_RETURN_IF_ERROR(LoadWatermark());
  if (idle_timeout_ms_ <= 0 || late_.partitions.empty()) return Status::OK();
  LateState next = late_;
  next.watermark = TableWatermark(late_, NowMs());
  if (next.watermark == late_.watermark) return Status::OK();
  Chunk none(table_->Types());
  const uint64_t table_id = table_->id;
  Store* store = store_;
  KAPPA_RETURN_IF_ERROR(store_->log()
                            .AppendWithWatermark(table_id, none, next.watermark,
                                                 [&](uint64_t, rocksdb::WriteBatch* b) {
                                                   PutLateState(store, table_id, next, b);
                                                   return Status::OK();
                                                 })
                            .status());
  late_ = next;
  return Status::OK();
}

Result<LateState> TableWriter::CurrentLateState() {
  if (table_->watermark_column < 0) return LoadLateState(store_, table_->id);
  KAPPA_RETURN_IF_ERROR(LoadWatermark());
  return late_;
}

Status TableWriter::Apply(const Chunk& changes, LateOutcome* late,
                          const TableLog::ExtraWrites& source, const int32_t* partitions) {
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
  if (partitions == nullptr) {
    for (size_t r = 0; r < changes.num_rows; ++r) {
      if (!ts_null[r] && ts_v[r] < next.watermark) {
        late_rows.emplace_back(static_cast<uint32_t>(r), next.watermark);
        continue;
      }
      on_time.push_back(static_cast<uint32_t>(r));
      if (!wm_null[r] && wm_v[r] > next.watermark) next.watermark = wm_v[r];
    }
  } else {
    // PER-PARTITION LATENESS: rows come in runs per partition; look W_p up
    // once per run.
    const int64_t now = NowMs();
    const int64_t table_wm = next.watermark;
    int64_t* wp = nullptr;
    int32_t cur = 0;
    for (size_t r = 0; r < changes.num_rows; ++r) {
      if (wp == nullptr || partitions[r] != cur) {
        cur = partitions[r];
        wp = &next.partitions.try_emplace(cur, kNoWatermark).first->second;
        last_record_ms_[cur] = now;
      }
      const int64_t bound = std::max(*wp, table_wm);
      if (!ts_null[r] && ts_v[r] < bound) {
        late_rows.emplace_back(static_cast<uint32_t>(r), bound);
        continue;
      }
      on_time.push_back(static_cast<uint32_t>(r));
      if (!wm_null[r] && wm_v[r] > *wp) *wp = wm_v[r];
    }
    next.watermark = TableWatermark(next, now);
  }
  next.late_rows += late_rows.size();
  const bool state_changed = !(next == late_);
  // A multi-partition table records its watermark in every entry.
  const int64_t* recorded = partitions != nullptr ? &next.watermark : nullptr;
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
    KAPPA_RETURN_IF_ERROR(CheckAndAppend(changes, extra, recorded));
  } else if (on_time.empty() && (recorded == nullptr || next.watermark == late_.watermark)) {
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
    KAPPA_RETURN_IF_ERROR(CheckAndAppend(kept, extra, recorded));
  }
  late_ = next;
  if (late && !late_rows.empty()) {
    late->late_rows = static_cast<int64_t>(late_rows.size());
    late->watermark = late_rows.back().second;
    for (const auto& lr : late_rows) late->rows.push_back(lr.first);
  }
  return Status::OK();
}

Status TableWriter::CheckAndAppend(const Chunk& changes, const TableLog::ExtraWrites& extra,
                                   const int64_t* recorded_watermark) {
  auto append = [&]() -> Status {
    if (recorded_watermark != nullptr) {
      return store_->log()
          .AppendWithWatermark(table_->id, changes, *recorded_watermark, extra)
          .status();
    }
    return store_->log().Append(table_->id, changes, extra).status();
  };
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
    KAPPA_RETURN_IF_ERROR(append());
    for (const auto& [k, d] : delta) {
      int64_t& n = keys_[k];
      n += d;
      if (n == 0) keys_.erase(k);
    }
    return Status::OK();
  }
  return append();
}

// ---------------------------------------------------------------- FORMAT UPSERT

namespace {

// dst[dr] = src[sr] (same physical kind).
void SetCell(Column& dst, size_t dr, const Column& src, size_t sr) {
  dst.nulls[dr] = src.nulls[sr];
  switch (Physical(dst.type)) {
    case PhysicalKind::kInt64: dst.ints[dr] = src.ints[sr]; break;
    case PhysicalKind::kFloat64: dst.floats[dr] = src.floats[sr]; break;
    case PhysicalKind::kDecimal: dst.decimals[dr] = src.decimals[sr]; break;
    case PhysicalKind::kString: dst.strings[dr] = src.strings[sr]; break;
    case PhysicalKind::kInterval: dst.intervals[dr] = src.intervals[sr]; break;
  }
}

}  // namespace

uint32_t TableWriter::StoreUpsertRow(const Chunk& rows, size_t row) {
  if (!upsert_free_.empty()) {
    const uint32_t slot = upsert_free_.back();
    upsert_free_.pop_back();
    for (size_t c = 0; c < upsert_rows_.columns.size(); ++c) {
      SetCell(upsert_rows_.columns[c], slot, rows.columns[c], row);
    }
    upsert_rows_.weights[slot] = 1;
    return slot;
  }
  const uint32_t slot = static_cast<uint32_t>(upsert_rows_.num_rows);
  upsert_rows_.AppendRowFrom(rows, row);
  upsert_rows_.weights[slot] = 1;
  return slot;
}

Status TableWriter::LoadUpsertRows() {
  if (upsert_loaded_) return Status::OK();
  upsert_rows_ = Chunk(table_->Types());
  upsert_free_.clear();
  upsert_index_.clear();
  KAPPA_ASSIGN_OR_RETURN(uint64_t last, store_->log().LastSeq(table_->id));
  if (last > 0) {
    KAPPA_RETURN_IF_ERROR(store_->log().Scan(
        table_->id, table_->Types(), 1, last, [&](Chunk&& chunk, uint64_t) -> Status {
          for (size_t r = 0; r < chunk.num_rows; ++r) {
            std::string k = KeyOf(chunk, r);
            auto it = upsert_index_.find(k);
            if (chunk.weights[r] < 0) {
              if (it != upsert_index_.end()) {
                upsert_free_.push_back(it->second);
                upsert_index_.erase(it);
              }
            } else if (it != upsert_index_.end()) {
              for (size_t c = 0; c < upsert_rows_.columns.size(); ++c) {
                SetCell(upsert_rows_.columns[c], it->second, chunk.columns[c], r);
              }
            } else {
              upsert_index_.emplace(std::move(k), StoreUpsertRow(chunk, r));
            }
          }
          return Status::OK();
        }));
  }
  upsert_loaded_ = true;
  return Status::OK();
}

Status TableWriter::ApplyUpsert(const Chunk& rows, const std::vector<uint8_t>& deletes,
                                const TableLog::ExtraWrites& source) {
  if (table_->primary_key.empty()) {
    return Status::Internal("ApplyUpsert on a table without a PRIMARY KEY");
  }
  KAPPA_RETURN_IF_ERROR(LoadUpsertRows());
  Chunk changes(table_->Types());
  for (size_t r = 0; r < rows.num_rows; ++r) {
    std::string k = KeyOf(rows, r);
    auto it = upsert_index_.find(k);
    if (it != upsert_index_.end()) {
      changes.AppendRowFrom(upsert_rows_, it->second);
      changes.weights.back() = -1;
    }
    if (r < deletes.size() && deletes[r]) {
      if (it != upsert_index_.end()) {
        upsert_free_.push_back(it->second);
        upsert_index_.erase(it);
      }
      continue;
    }
    changes.AppendRowFrom(rows, r);
    changes.weights.back() = 1;
    if (it != upsert_index_.end()) {
      for (size_t c = 0; c < upsert_rows_.columns.size(); ++c) {
        SetCell(upsert_rows_.columns[c], it->second, rows.columns[c], r);
      }
    } else {
      upsert_index_.emplace(std::move(k), StoreUpsertRow(rows, r));
    }
  }
  // The PRIMARY KEY index of INSERTs is rebuilt if it is ever needed.
  keys_loaded_ = false;
  keys_.clear();
  Status st;
  if (changes.num_rows > 0) {
    st = store_->log().Append(table_->id, changes, source).status();
  } else if (source) {
    KAPPA_ASSIGN_OR_RETURN(uint64_t last, store_->log().LastSeq(table_->id));
    rocksdb::WriteBatch batch;
    st = source(last, &batch);
    if (st.ok()) st = WriteLateBatch(store_, &batch);
  }
  // On failure the in-memory rows no longer match the log: rebuild next time.
  if (!st.ok()) upsert_loaded_ = false;
  return st;
}

}  // namespace kappa
