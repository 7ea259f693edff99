// ValuesOperator (a source): literal rows (VALUES, or the one empty row of a SELECT
// without FROM), evaluated by the planner and pushed once.
#pragma once

#include <string>

#include "executor/source_operator.h"

namespace kappa {

class ValuesOperator final : public SourceOperator {
 public:
  explicit ValuesOperator(Chunk rows) : rows_(std::move(rows)) {}
  // The first call pushes the rows; later calls push nothing.
  Status Pump() override;
  // Views: whether the rows were already sent.
  Status SaveState(StateWriter& w) override {
    w.Put("v", pumped_ ? "1" : "0");
    return Status::OK();
  }
  Status LoadState(StateReader& r) override {
    std::string v;
    KAPPA_ASSIGN_OR_RETURN(bool found, r.Get("v", &v));
    if (found) pumped_ = v == "1";
    return Status::OK();
  }
  std::string Describe() const override;

 private:
  Chunk rows_;
  bool pumped_ = false;
};

}  // namespace kappa
