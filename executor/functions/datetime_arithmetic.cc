// Date/time operators: date ± integer, date - date, date/timestamp ±
// interval, timestamp - timestamp, time ± interval, time - time, date + time,
// interval ± interval, -interval, interval * / number.
#include "common/datetime.h"
#include "executor/functions/function_util.h"

namespace kappa::fn {
namespace {

#define KAPPA_FN(name)                                                               \
  Status name(const Column* const* args, size_t num_args, size_t n, Column* out, \
              const FunctionContext& ctx)

Status DateOutOfRange() { return Status::Error(sqlstate::kDatetimeFieldOverflow, "date out of range"); }

template <bool kSwap, bool kSub>
KAPPA_FN(DatePlusInt) {
  Status err;
  const Column& d = *args[kSwap ? 1 : 0];
  const Column& k = *args[kSwap ? 0 : 1];
  return Binary<int64_t, int64_t, int64_t>(
      d, k, n, out,
      [&err](int64_t days, int64_t add, int64_t* r) {
        if (!IsFiniteDate(days)) {
          *r = days;
          return true;
        }
        int64_t v = kSub ? days - add : days + add;
        if (!DateInRange(v)) {
          err = DateOutOfRange();
          return false;
        }
        *r = v;
        return true;
      },
      &err);
}

KAPPA_FN(DateMinusDate) {
  Status err;
  return Binary<int64_t, int64_t, int64_t>(
      *args[0], *args[1], n, out,
      [&err](int64_t a, int64_t b, int64_t* r) {
        if (!IsFiniteDate(a) || !IsFiniteDate(b)) {
          err = Status::Error(sqlstate::kDatetimeFieldOverflow, "cannot subtract infinite dates");
          return false;
        }
        *r = a - b;
        return true;
      },
      &err);
}

int64_t DateToTimestamp(int64_t days) {
  if (days == kDateInfinity) return kTimestampInfinity;
  if (days == kDateNegInfinity) return kTimestampNegInfinity;
  return days * kMicrosPerDay;
}

// ts (or date when kDate) ± interval; kSwap: interval + ts.
template <bool kDate, bool kSwap, bool kSub>
KAPPA_FN(TsPlusInterval) {
  Status err;
  const Column& t = *args[kSwap ? 1 : 0];
  const Column& iv = *args[kSwap ? 0 : 1];
  return Binary<int64_t, Interval, int64_t>(
      t, iv, n, out,
      [&err](int64_t ts, const Interval& i, int64_t* r) {
        if constexpr (kDate) ts = DateToTimestamp(ts);
        auto res = kSub ? TimestampMinusInterval(ts, i) : TimestampPlusInterval(ts, i);
        if (!res.ok()) {
          err = res.status();
          return false;
        }
        *r = *res;
        return true;
      },
      &err);
}

KAPPA_FN(TsMinusTs) {
  Status err;
  return Binary<int64_t, int64_t, Interval>(
      *args[0], *args[1], n, out,
      [&err](int64_t a, int64_t b, Interval* r) {
        auto res = TimestampDiff(a, b);
        if (!res.ok()) {
          err = res.status();
          return false;
        }
        *r = *res;
        return true;
      },
      &err);
}

template <bool kSwap, bool kSub>
KAPPA_FN(TimePlusInterval) {
  Status err;
  const Column& t = *args[kSwap ? 1 : 0];
  const Column& iv = *args[kSwap ? 0 : 1];
  return Binary<int64_t, Interval, int64_t>(
      t, iv, n, out,
      [](int64_t tm, const Interval& i, int64_t* r) {
        *r = FloorMod(kSub ? tm - FloorMod(i.micros, kMicrosPerDay)
                           : tm + FloorMod(i.micros, kMicrosPerDay),
                      kMicrosPerDay);
        return true;
      },
      &err);
}

KAPPA_FN(TimeMinusTime) {
  Status err;
  return Binary<int64_t, int64_t, Interval>(
      *args[0], *args[1], n, out,
      [](int64_t a, int64_t b, Interval* r) {
        *r = Interval{0, 0, a - b};
        return true;
      },
      &err);
}

template <bool kSwap>
KAPPA_FN(DatePlusTime) {
  Status err;
  const Column& d = *args[kSwap ? 1 : 0];
  const Column& t = *args[kSwap ? 0 : 1];
  return Binary<int64_t, int64_t, int64_t>(
      d, t, n, out,
      [&err](int64_t days, int64_t tm, int64_t* r) {
        if (!IsFiniteDate(days)) {
          *r = DateToTimestamp(days);
          return true;
        }
        *r = days * kMicrosPerDay + tm;
        if (!TimestampInRange(*r)) {
          err = Status::Error(sqlstate::kDatetimeFieldOverflow, "timestamp out of range");
          return false;
        }
        return true;
      },
      &err);
}

template <bool kSub>
KAPPA_FN(IntervalPlusInterval) {
  Status err;
  return Binary<Interval, Interval, Interval>(
      *args[0], *args[1], n, out,
      [&err](const Interval& a, const Interval& b, Interval* r) {
        auto res = kSub ? IntervalSub(a, b) : IntervalAdd(a, b);
        if (!res.ok()) {
          err = res.status();
          return false;
        }
        *r = *res;
        return true;
      },
      &err);
}

KAPPA_FN(IntervalNegFn) {
  Status err;
  return Unary<Interval, Interval>(
      *args[0], n, out,
      [&err](const Interval& a, Interval* r) {
        auto res = IntervalNeg(a);
        if (!res.ok()) {
          err = res.status();
          return false;
        }
        *r = *res;
        return true;
      },
      &err);
}

// interval * f8, f8 * interval (kSwap), interval / f8 (kDiv).
template <bool kSwap, bool kDiv>
KAPPA_FN(IntervalScale) {
  Status err;
  const Column& iv = *args[kSwap ? 1 : 0];
  const Column& f = *args[kSwap ? 0 : 1];
  return Binary<Interval, double, Interval>(
      iv, f, n, out,
      [&err](const Interval& a, double x, Interval* r) {
        auto res = kDiv ? IntervalDiv(a, x) : IntervalMul(a, x);
        if (!res.ok()) {
          err = res.status();
          return false;
        }
        *r = *res;
        return true;
      },
      &err);
}

}  // namespace

void RegisterDatetimeArithmetic(Registry* r) {
  DataType d = T(TypeId::kDate), i4 = T(TypeId::kInt32), tm = T(TypeId::kTime);
  DataType ts = T(TypeId::kTimestamp), tz = T(TypeId::kTimestampTz), iv = T(TypeId::kInterval);
  DataType f8 = T(TypeId::kFloat64);
  Add(r, "+", {d, i4}, d, DatePlusInt<false, false>);
  Add(r, "+", {i4, d}, d, DatePlusInt<true, false>);
  Add(r, "-", {d, i4}, d, DatePlusInt<false, true>);
  Add(r, "-", {d, d}, i4, DateMinusDate);
  Add(r, "+", {d, iv}, ts, TsPlusInterval<true, false, false>);
  Add(r, "+", {iv, d}, ts, TsPlusInterval<true, true, false>);
  Add(r, "-", {d, iv}, ts, TsPlusInterval<true, false, true>);
  Add(r, "+", {d, tm}, ts, DatePlusTime<false>);
  Add(r, "+", {tm, d}, ts, DatePlusTime<true>);
  for (DataType t : {ts, tz}) {
    Add(r, "+", {t, iv}, t, TsPlusInterval<false, false, false>);
    Add(r, "+", {iv, t}, t, TsPlusInterval<false, true, false>);
    Add(r, "-", {t, iv}, t, TsPlusInterval<false, false, true>);
    Add(r, "-", {t, t}, iv, TsMinusTs);
  }
  Add(r, "+", {tm, iv}, tm, TimePlusInterval<false, false>);
  Add(r, "+", {iv, tm}, tm, TimePlusInterval<true, false>);
  Add(r, "-", {tm, iv}, tm, TimePlusInterval<false, true>);
  Add(r, "-", {tm, tm}, iv, TimeMinusTime);
  Add(r, "+", {iv, iv}, iv, IntervalPlusInterval<false>);
  Add(r, "-", {iv, iv}, iv, IntervalPlusInterval<true>);
  Add(r, "neg", {iv}, iv, IntervalNegFn);
  Add(r, "*", {iv, f8}, iv, IntervalScale<false, false>);
  Add(r, "*", {f8, iv}, iv, IntervalScale<true, false>);
  Add(r, "/", {iv, f8}, iv, IntervalScale<false, true>);
}

}  // namespace kappa::fn
