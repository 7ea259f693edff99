#include "executor/scan_operator.h"

#include "storage/store.h"
#include "storage/table_log.h"

namespace kappa {

ScanOperator::ScanOperator(Store* store, uint64_t table_id, std::string table_name,
                       std::vector<DataType> table_types, std::vector<int> columns,
                       const std::atomic<bool>* cancel)
    : store_(store),
      table_id_(table_id),
      table_name_(std::move(table_name)),
      table_types_(std::move(table_types)),
      columns_(std::move(columns)),
      cancel_(cancel) {}

Status ScanOperator::Pump() {
  if (cancel_ && cancel_->load(std::memory_order_relaxed)) {
    return Status::Error(sqlstate::kQueryCanceled, "canceling statement due to user request");
  }
  KAPPA_ASSIGN_OR_RETURN(uint64_t last, store_->log().LastSeq(table_id_));
  if (last < next_seq_) return Status::OK();
  std::vector<int> uses(table_types_.size(), 0);
  for (int c : columns_) ++uses[c];
  Status st = store_->log().Scan(
      table_id_, table_types_, next_seq_, last, [&](Chunk&& in, uint64_t) -> Status {
        if (cancel_ && cancel_->load(std::memory_order_relaxed)) {
          return Status::Error(sqlstate::kQueryCanceled,
                               "canceling statement due to user request");
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
        return Emit(std::move(out));
      });
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
