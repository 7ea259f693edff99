#include "executor/union_operator.h"

#include <algorithm>

namespace kappa {

Status UnionOperator::OnWatermark(int port, int column, int64_t value) {
  if (port < 0 || port >= num_inputs() || column < 0) return Status::OK();
  if (static_cast<size_t>(column) >= wm_.size()) wm_.resize(column + 1);
  ColumnWatermarks& w = wm_[column];
  if (w.has.empty()) {
    w.value.assign(num_inputs(), 0);
    w.has.assign(num_inputs(), 0);
  }
  if (w.has[port] && value <= w.value[port]) return Status::OK();
  w.has[port] = 1;
  w.value[port] = value;
  int64_t m = value;
  for (int p = 0; p < num_inputs(); ++p) {
    if (!w.has[p]) return Status::OK();
    m = std::min(m, w.value[p]);
  }
  if (w.forwarded && m <= w.last) return Status::OK();
  w.forwarded = true;
  w.last = m;
  return EmitWatermark(column, m);
}

}  // namespace kappa
