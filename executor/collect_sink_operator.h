// CollectSinkOperator: the end of a batch query's dataflow. Collects the
// final result: in unordered mode it consolidates every change (so inserts
// and retractions of the same row cancel) and keeps rows in the order they
// last appeared; in ordered mode (a sort/window/limit above every stateful
// operator) rows arrive exactly once, in order, and are kept as they come.
//
// `cancel` (may be null) is checked on every chunk received: once set, the
// chunk is refused with 57014, which returns through every Emit up to the
// source, so a cancelled query stops even inside one huge join call.
#pragma once

#include <atomic>
#include <string>
#include <vector>

#include "executor/operator.h"
#include "executor/row_key.h"

namespace kappa {

class CollectSinkOperator final : public Operator {
 public:
  CollectSinkOperator(std::vector<DataType> types, bool ordered,
                      const std::atomic<bool>* cancel = nullptr);

  Status OnChanges(int port, Chunk chunk) override;
  Status OnBarrier(int port, uint64_t epoch) override;
  Status OnEnd(int port) override;
  std::string Describe() const override { return ordered_ ? "Collect(ordered)" : "Collect"; }
  uint64_t StateRows() const override { return rows_.size(); }

  bool ended() const { return ended_all_; }
  uint64_t last_epoch() const { return last_epoch_; }
  // The rows with positive net count, each chunk's weights being the rows'
  // multiplicities. Leaves the sink empty.
  std::vector<Chunk> TakeResult();

 private:
  std::vector<DataType> types_;
  bool ordered_;
  const std::atomic<bool>* cancel_;
  bool ended_all_ = false;
  uint64_t last_epoch_ = 0;
  RowMultiset rows_;
  std::vector<Chunk> ordered_rows_;
};

}  // namespace kappa
