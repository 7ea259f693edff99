// ViewScanOperator (a source): a batch query's scan of a materialized view.
// It reads the view's contents at the query's ViewSnapshot (all views at one
// epoch, storage/state_store.h), streaming them in chunks, each row with its
// multiplicity as weight, keeping only the scanned columns.
#pragma once

#include <atomic>
#include <memory>
#include <string>
#include <vector>

#include "executor/source_operator.h"

namespace kappa {

class ViewSnapshot;

class ViewScanOperator final : public SourceOperator {
 public:
  ViewScanOperator(std::shared_ptr<const ViewSnapshot> snapshot, uint64_t view_id,
                   std::string name, std::vector<DataType> types, std::vector<int> columns,
                   const std::atomic<bool>* cancel);
  Status Pump() override;
  std::string Describe() const override { return "ViewScan(" + name_ + ")"; }

 private:
  std::shared_ptr<const ViewSnapshot> snapshot_;
  uint64_t view_id_;
  std::string name_;
  std::vector<DataType> types_;
  std::vector<int> columns_;
  const std::atomic<bool>* cancel_;
  bool done_ = false;
};

}  // namespace kappa
