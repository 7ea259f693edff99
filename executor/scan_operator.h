// ScanOperator (a source): reads a table's change log (storage/table_log.h) and pushes its
// entries downstream, keeping only the scanned columns. Each Pump() reads
// from the last position read to the log's current end (PumpTo: to a given
// entry), so a batch query pumps once (a bounded scan) and a view pumps
// again for new entries.
//
// Watermarks: for a table with WATERMARK FOR ts AS expr (SetWatermark), the
// scan tracks max(expr) over the rows read and sends it after each chunk on
// ts's output column. The log holds only on-time rows (lateness is decided
// when rows are written), so the watermarks are the same in replay and live.
// A table fed by a multi-partition source (Kafka) records its watermark in
// its log entries instead (the minimum over partitions, with the idle
// timeout's decisions; server/table_writer.h, docs/watermarks.md): for a
// chunk with a recorded watermark the scan sends that one (after the
// chunk, also when the chunk has no rows) and does not evaluate expr.
// Durable state (views): the next log position and the watermark.
#pragma once

#include <atomic>
#include <cstdint>
#include <string>
#include <vector>

#include "executor/expression_evaluator.h"
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
  // Reads entries up to `last_seq` (inclusive; capped at the log's end),
  // stopping early (at an entry boundary) once it has sent `max_rows` rows.
  Status PumpTo(uint64_t last_seq, uint64_t max_rows = UINT64_MAX);
  // `expr` is over all table columns; `table_column` is the time column.
  void SetWatermark(int table_column, BoundExprPtr expr, std::shared_ptr<const EvalContext> ctx);
  Status SaveState(StateWriter& w) override;
  Status LoadState(StateReader& r) override;
  uint64_t table_id() const { return table_id_; }
  uint64_t next_seq() const { return next_seq_; }
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
  BoundExprPtr wm_expr_;
  std::shared_ptr<const EvalContext> wm_ctx_;
  int wm_out_col_ = -1;
  int64_t wm_ = INT64_MIN;
  Column wm_scratch_;
  uint64_t rows_scanned_ = 0;
};

}  // namespace kappa
