#include "executor/hop_operator.h"

#include "common/datetime.h"
#include "common/value_format.h"

namespace kappa {

namespace {

Status OutOfRange() { return Status::Error(sqlstate::kDatetimeFieldOverflow, "timestamp out of range"); }

}  // namespace

HopOperator::HopOperator(std::vector<DataType> input_types, int time_column, int64_t slide_us,
                         int64_t size_us)
    : input_types_(std::move(input_types)),
      time_column_(time_column),
      slide_us_(slide_us),
      size_us_(size_us),
      windows_(slide_us > 0 ? size_us / slide_us : 1) {}

bool HopOperator::WindowStartWatermark(int64_t wm, int64_t slide_us, int64_t size_us,
                                       int64_t* out) {
  if (slide_us <= 0) return false;
  int64_t base;
  int64_t s;
  if (__builtin_mul_overflow(FloorDiv(wm, slide_us), slide_us, &base) ||
      __builtin_sub_overflow(base, size_us - slide_us, &s)) {
    return false;
  }
  *out = s;
  return true;
}

Status HopOperator::OnChanges(int /*port*/, Chunk chunk) {
  const size_t n = chunk.num_rows;
  if (n == 0) return Status::OK();
  const Column& tc = chunk.columns[time_column_];
  const DataType time_type = tc.type;
  // Rows with a finite ts go into `windows_` windows; infinite ones into one.
  selected_.clear();
  std::vector<uint32_t>& infinite = infinite_;
  infinite.clear();
  for (size_t r = 0; r < n; ++r) {
    if (tc.nulls[r]) continue;
    if (IsFiniteTimestamp(tc.ints[r])) {
      selected_.push_back(static_cast<uint32_t>(r));
    } else {
      infinite.push_back(static_cast<uint32_t>(r));
    }
  }
  const size_t m = selected_.size();
  const bool all = m == n;
  const size_t ncols = chunk.columns.size();
  // One output chunk per window offset j: the rows' windows starting
  // j slides before the latest window that holds ts.
  for (int64_t j = windows_ - 1; j >= 0 && m > 0; --j) {
    Chunk out;
    out.columns.resize(ncols + 2);
    Column& ws = out.columns[ncols];
    Column& we = out.columns[ncols + 1];
    ws.type = time_type;
    we.type = time_type;
    ws.nulls.assign(m, 0);
    we.nulls.assign(m, 0);
    ws.ints.resize(m);
    we.ints.resize(m);
    const int64_t back = j * slide_us_;  // <= size: no overflow
    for (size_t k = 0; k < m; ++k) {
      const int64_t ts = tc.ints[selected_[k]];
      int64_t s;
      int64_t e;
      if (__builtin_sub_overflow(FloorDiv(ts, slide_us_) * slide_us_, back, &s) ||
          __builtin_add_overflow(s, size_us_, &e)) {
        return OutOfRange();
      }
      ws.ints[k] = s;
      we.ints[k] = e;
    }
    if (j == 0 && all && infinite.empty()) {
      // Last copy of a chunk with no NULL ts: move the input.
      for (size_t c = 0; c < ncols; ++c) out.columns[c] = std::move(chunk.columns[c]);
      out.weights = std::move(chunk.weights);
    } else {
      for (size_t c = 0; c < ncols; ++c) {
        out.columns[c].type = chunk.columns[c].type;
        out.columns[c].AppendSelected(chunk.columns[c], selected_.data(), m);
      }
      out.weights.reserve(m);
      for (size_t k = 0; k < m; ++k) out.weights.push_back(chunk.weights[selected_[k]]);
    }
    out.num_rows = m;
    KAPPA_RETURN_IF_ERROR(Emit(std::move(out)));
  }
  if (!infinite.empty()) {
    const size_t q = infinite.size();
    Chunk out;
    out.columns.resize(ncols + 2);
    for (size_t c = 0; c < ncols; ++c) {
      out.columns[c].type = chunk.columns[c].type;
      out.columns[c].AppendSelected(chunk.columns[c], infinite.data(), q);
    }
    out.columns[ncols].type = time_type;
    out.columns[ncols].AppendSelected(chunk.columns[time_column_], infinite.data(), q);
    out.columns[ncols + 1].type = time_type;
    out.columns[ncols + 1].AppendSelected(chunk.columns[time_column_], infinite.data(), q);
    out.weights.reserve(q);
    for (size_t k = 0; k < q; ++k) out.weights.push_back(chunk.weights[infinite[k]]);
    out.num_rows = q;
    KAPPA_RETURN_IF_ERROR(Emit(std::move(out)));
  }
  return Status::OK();
}

Status HopOperator::OnWatermark(int /*port*/, int column, int64_t value) {
  KAPPA_RETURN_IF_ERROR(EmitWatermark(column, value));
  if (column != time_column_) return Status::OK();
  int64_t ws;
  int64_t we;
  if (!WindowStartWatermark(value, slide_us_, size_us_, &ws)) return Status::OK();
  // A window ending past the int64 range cannot exist: saturate.
  if (__builtin_add_overflow(ws, size_us_, &we)) we = INT64_MAX;
  const int n = static_cast<int>(input_types_.size());
  KAPPA_RETURN_IF_ERROR(EmitWatermark(n, ws));
  return EmitWatermark(n + 1, we);
}

std::string HopOperator::Describe() const {
  return "Hop(time=#" + std::to_string(time_column_) +
         ", slide=" + FormatInterval(Interval{0, 0, slide_us_}) +
         ", size=" + FormatInterval(Interval{0, 0, size_us_}) + ")";
}

}  // namespace kappa
