#include "executor/scan_operator.h"

#include <algorithm>
#include <cstring>

#include "storage/store.h"
#include "storage/table_log.h"

namespace kappa {

namespace {
// Internal: ends a log scan early (never leaves this file).
constexpr const char* kStopScan = "KPSTP";
}  // namespace

ScanOperator::ScanOperator(Store* store, uint64_t table_id, std::string table_name,
                       std::vector<DataType> table_types, std::vector<int> columns,
                       const std::atomic<bool>* cancel)
    : store_(store),
      table_id_(table_id),
      table_name_(std::move(table_name)),
      table_types_(std::move(table_types)),
      columns_(std::move(columns)),
      cancel_(cancel) {}

Status ScanOperator::Pump() { return PumpTo(UINT64_MAX); }

void ScanOperator::SetWatermark(int table_column, BoundExprPtr expr,
                                std::shared_ptr<const EvalContext> ctx) {
  wm_expr_ = std::move(expr);
  wm_ctx_ = std::move(ctx);
  wm_out_col_ = -1;
  for (size_t i = 0; i < columns_.size(); ++i) {
    if (columns_[i] == table_column) {
      wm_out_col_ = static_cast<int>(i);
      break;
    }
  }
}

Status ScanOperator::SaveState(StateWriter& w) {
  std::string v(16, '\0');
  std::memcpy(v.data(), &next_seq_, 8);
  std::memcpy(v.data() + 8, &wm_, 8);
  w.Put("p", v);
  return Status::OK();
}

Status ScanOperator::LoadState(StateReader& r) {
  std::string v;
  KAPPA_ASSIGN_OR_RETURN(bool found, r.Get("p", &v));
  if (!found) return Status::OK();
  if (v.size() != 16) return Status::Error(sqlstate::kDataCorrupted, "bad scan state");
  std::memcpy(&next_seq_, v.data(), 8);
  std::memcpy(&wm_, v.data() + 8, 8);
  return Status::OK();
}

Status ScanOperator::PumpTo(uint64_t target, uint64_t max_rows) {
  if (cancel_ && cancel_->load(std::memory_order_relaxed)) {
    return Status::Error(sqlstate::kQueryCanceled, "canceling statement due to user request");
  }
  KAPPA_ASSIGN_OR_RETURN(uint64_t last, store_->log().LastSeq(table_id_));
  last = std::min(last, target);
  if (last < next_seq_) return Status::OK();
  uint64_t sent = 0;
  uint64_t stopped_at = 0;  // the last entry sent when stopping early
  std::vector<int> uses(table_types_.size(), 0);
  for (int c : columns_) ++uses[c];
  Status st = store_->log().ScanWithWatermarks(
      table_id_, table_types_, next_seq_, last,
      [&](Chunk&& in, const TableLog::ChunkInfo& info) -> Status {
        const uint64_t chunk_last = info.last_seq;
        if (cancel_ && cancel_->load(std::memory_order_relaxed)) {
          return Status::Error(sqlstate::kQueryCanceled,
                               "canceling statement due to user request");
        }
        bool wm_moved = false;
        if (wm_expr_ != nullptr && info.has_watermark) {
          // Recorded by the writer (multi-partition source): replayed as is.
          if (info.watermark > wm_) {
            wm_ = info.watermark;
            wm_moved = true;
          }
        } else if (wm_expr_ != nullptr && in.num_rows > 0) {
          KAPPA_RETURN_IF_ERROR(EvaluateExpression(*wm_expr_, in, *wm_ctx_, &wm_scratch_));
          for (size_t r = 0; r < in.num_rows; ++r) {
            if (!wm_scratch_.nulls[r] && wm_scratch_.ints[r] > wm_) {
              wm_ = wm_scratch_.ints[r];
              wm_moved = true;
            }
          }
        }
        Chunk out;
        out.columns.reserve(columns_.size());
        std::vector<int> left = uses;
        for (int c : columns_) {
          // The last use of a column takes it; earlier uses copy it.
          if (--left[c] == 0) {
            out.columns.push_back(std::move(in.columns[c]));
          } else {
            out.columns.push_back(in.columns[c]);
          }
        }
        out.weights = std::move(in.weights);
        out.num_rows = in.num_rows;
        rows_scanned_ += out.num_rows;
        sent += out.num_rows;
        KAPPA_RETURN_IF_ERROR(Emit(std::move(out)));
        if (wm_moved && wm_out_col_ >= 0) KAPPA_RETURN_IF_ERROR(EmitWatermark(wm_out_col_, wm_));
        if (sent >= max_rows && chunk_last < last) {
          stopped_at = chunk_last;
          return Status::Error(kStopScan, "stop");
        }
        return Status::OK();
      });
  if (stopped_at != 0) {
    next_seq_ = stopped_at + 1;
    return Status::OK();
  }
  KAPPA_RETURN_IF_ERROR(st);
  next_seq_ = last + 1;
  return Status::OK();
}

std::string ScanOperator::Describe() const {
  std::string s = "Scan(" + table_name_ + ", columns=[";
  for (size_t i = 0; i < columns_.size(); ++i) {
    if (i) s += ", ";
    s += std::to_string(columns_[i]);
  }
  return s + "])";
}

}  // namespace kappa
