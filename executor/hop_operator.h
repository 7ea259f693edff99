// HopOperator: the HOP window table function. Stateless.
//
// Each input row (any weight, inserts and retractions alike) becomes
// size / slide output rows, one per hopping window that holds its time
// column ts: window_start is aligned to `slide` since the epoch
// (1970-01-01 00:00 UTC) and window_start <= ts < window_start + size. The
// output is the input's columns followed by window_start and window_end
// (both of the time column's type), with the input row's weight. A row
// whose ts is NULL falls into no window and produces no row; an infinite ts
// (timestamp 'infinity') produces one row whose window_start and
// window_end are that ts.
//
// REQUIRES: 0 < slide, size % slide == 0 (the binder checks both).
//
// Watermarks: a watermark on any input column is forwarded on the same
// column. For the time column, rows still to come have ts >= wm, so they
// land only in windows with start >= floor(wm / slide) * slide - size +
// slide: that value is forwarded on window_start and the same + size on
// window_end. (For slide == size this is tumble_start(wm), as for TUMBLE.)
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "executor/operator.h"

namespace kappa {

class HopOperator final : public Operator {
 public:
  HopOperator(std::vector<DataType> input_types, int time_column, int64_t slide_us,
              int64_t size_us);

  // Errors: 22008 when a window bound falls outside the int64 range.
  Status OnChanges(int port, Chunk chunk) override;
  Status OnWatermark(int port, int column, int64_t value) override;
  std::string Describe() const override;

  // The watermarks HOP derives from a time-column watermark `wm` (false on
  // overflow: nothing to forward).
  static bool WindowStartWatermark(int64_t wm, int64_t slide_us, int64_t size_us, int64_t* out);

 private:
  std::vector<DataType> input_types_;
  int time_column_;
  int64_t slide_us_;
  int64_t size_us_;
  int64_t windows_;  // size / slide
  std::vector<uint32_t> selected_;  // scratch: rows with a finite ts
  std::vector<uint32_t> infinite_;  // scratch: rows with an infinite ts
};

}  // namespace kappa
