// MaterializeOperator: the end of a materialized view's dataflow. It
// collects the changes of the current epoch and hands them to the runtime
// at commit time, which appends them to the view's durable contents
// (storage/state_store.h) and passes them to the views defined over this
// one. An epoch of inserts only is passed on as it came (no hashing); one
// with retractions is consolidated first (row -> net weight, exact row
// identity), so a retracted-and-reinserted row costs nothing. It keeps
// nothing else in memory: the contents live in RocksDB, so memory is
// bounded by one epoch's changes.
#pragma once

#include <string>
#include <vector>

#include "executor/operator.h"
#include "executor/row_key.h"

namespace kappa {

class MaterializeOperator final : public Operator {
 public:
  explicit MaterializeOperator(std::vector<DataType> types);

  Status OnChanges(int port, Chunk chunk) override;
  Status OnBarrier(int port, uint64_t epoch) override;
  Status OnEnd(int port) override;
  // Watermarks end here.
  Status OnWatermark(int, int, int64_t) override { return Status::OK(); }
  std::string Describe() const override { return "Materialize"; }
  // The view's row count (sum of weights) and the pending epoch's changes.
  uint64_t StateRows() const override { return rows_ > 0 ? static_cast<uint64_t>(rows_) : 0; }
  uint64_t StateBytes() const override { return pending_.bytes() + buffered_bytes_; }

  // The net changes since the last call (rows with weight != 0), in chunks.
  std::vector<Chunk> TakeChanges();
  // Restores the row count (after a restart).
  void set_rows(int64_t rows) { rows_ = rows; }
  int64_t rows() const { return rows_; }

 private:
  std::vector<DataType> types_;
  std::vector<Chunk> buffered_;  // this epoch's chunks while all weights are > 0
  uint64_t buffered_bytes_ = 0;
  bool consolidating_ = false;   // a retraction arrived: everything is in pending_
  RowMultiset pending_;
  int64_t rows_ = 0;
};

}  // namespace kappa
