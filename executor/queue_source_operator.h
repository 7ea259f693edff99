// QueueSourceOperator: a source whose input is handed to it: the rows of a
// system table (read once when the query starts), or the changes of an
// upstream materialized view, which the view runtime queues after each of
// that view's epochs. Pump() pushes everything queued, in order.
#pragma once

#include <deque>
#include <string>
#include <vector>

#include "executor/source_operator.h"

namespace kappa {

class QueueSourceOperator final : public SourceOperator {
 public:
  QueueSourceOperator(std::string name, std::vector<int> columns)
      : name_(std::move(name)), columns_(std::move(columns)) {}

  // Queues `chunk` (all columns of the relation; the source keeps `columns`).
  void Push(Chunk chunk) { queue_.push_back(std::move(chunk)); }
  Status Pump() override;
  std::string Describe() const override { return "Source(" + name_ + ")"; }
  uint64_t upstream_id = 0;  // the upstream view's id (view inputs), else 0

 private:
  std::string name_;
  std::vector<int> columns_;
  std::deque<Chunk> queue_;
};

}  // namespace kappa
