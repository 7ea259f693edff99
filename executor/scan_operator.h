// ScanOperator (a source): reads a table's change log (storage/table_log.h) and pushes its
// entries downstream, keeping only the scanned columns. Each Pump() reads
// from the last position read to the log's current end, so a batch query
// pumps once (a bounded scan) and a view can pump again for new entries.
#pragma once

#include <atomic>
#include <cstdint>
#include <string>
#include <vector>

#include "executor/source_operator.h"

namespace kappa {

class Store;

class ScanOperator final : public SourceOperator {
 public:
  // `table_types`: all columns of the table; `columns`: the table columns to
  // output, in order. `cancel` (may be null) is checked between chunks: when
  // set, Pump fails with 57014.
  ScanOperator(Store* store, uint64_t table_id, std::string table_name,
             std::vector<DataType> table_types, std::vector<int> columns,
             const std::atomic<bool>* cancel);

  Status Pump() override;
  std::string Describe() const override;
  uint64_t rows_scanned() const { return rows_scanned_; }

 private:
  Store* store_;
  uint64_t table_id_;
  std::string table_name_;
  std::vector<DataType> table_types_;
  std::vector<int> columns_;
  const std::atomic<bool>* cancel_;
  uint64_t next_seq_ = 1;
  uint64_t rows_scanned_ = 0;
};

}  // namespace kappa
