#include "executor/view_scan_operator.h"

#include "storage/state_store.h"

namespace kappa {

ViewScanOperator::ViewScanOperator(std::shared_ptr<const ViewSnapshot> snapshot, uint64_t view_id,
                                   std::string name, std::vector<DataType> types,
                                   std::vector<int> columns, const std::atomic<bool>* cancel)
    : snapshot_(std::move(snapshot)),
      view_id_(view_id),
      name_(std::move(name)),
      types_(std::move(types)),
      columns_(std::move(columns)),
      cancel_(cancel) {}

Status ViewScanOperator::Pump() {
  if (done_) return Status::OK();
  done_ = true;
  return snapshot_->ScanContents(view_id_, types_, [&](Chunk&& in) -> Status {
    if (cancel_ && cancel_->load(std::memory_order_relaxed)) {
      return Status::Error(sqlstate::kQueryCanceled, "canceling statement due to user request");
    }
    Chunk out;
    out.columns.reserve(columns_.size());
    for (int c : columns_) out.columns.push_back(in.columns[c]);
    out.weights = std::move(in.weights);
    out.num_rows = in.num_rows;
    return Emit(std::move(out));
  });
}

}  // namespace kappa
