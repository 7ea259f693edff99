// Date/time functions: now() and friends, date_trunc, date_part (double
// precision), extract (numeric, PostgreSQL 14+ semantics), make_date,
// make_time, make_timestamp[tz], to_timestamp, age, date_bin, justify_*,
// isfinite.
#include <chrono>
#include <cmath>
#include <cstdio>

#include "common/datetime.h"
#include "common/decimal.h"
#include "executor/functions/function_util.h"

namespace kappa::fn {
namespace {

#define KAPPA_FN(name)                                                               \
  Status name(const Column* const* args, size_t num_args, size_t n, Column* out, \
              const FunctionContext& ctx)

// ---------------------------------------------------------------- now()

KAPPA_FN(Now) {
  FillConstantInt(out, n, ctx.statement_time_us);
  return Status::OK();
}

KAPPA_FN(ClockTimestamp) {
  int64_t now = std::chrono::duration_cast<std::chrono::microseconds>(
                    std::chrono::system_clock::now().time_since_epoch())
                    .count();
  FillConstantInt(out, n, now);
  return Status::OK();
}

KAPPA_FN(CurrentDate) {
  FillConstantInt(out, n, FloorDiv(ctx.statement_time_us, kMicrosPerDay));
  return Status::OK();
}

KAPPA_FN(CurrentTime) {
  FillConstantInt(out, n, FloorMod(ctx.statement_time_us, kMicrosPerDay));
  return Status::OK();
}

// ---------------------------------------------------------------- units

enum class Unit {
  kInvalid, kMicroseconds, kMilliseconds, kSecond, kMinute, kHour, kDay, kWeek, kMonth,
  kQuarter, kYear, kDecade, kCentury, kMillennium, kDow, kIsoDow, kDoy, kEpoch, kJulian,
  kIsoYear, kTimezone, kTimezoneHour, kTimezoneMinute
};

Unit ParseUnit(const std::string& raw) {
  std::string s;
  for (char c : raw) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c + 32);
    if (c != ' ') s.push_back(c);
  }
  struct Entry {
    const char* name;
    Unit unit;
  };
  static const Entry kUnits[] = {
      {"microsecond", Unit::kMicroseconds}, {"microseconds", Unit::kMicroseconds},
      {"us", Unit::kMicroseconds}, {"usec", Unit::kMicroseconds}, {"usecs", Unit::kMicroseconds},
      {"millisecond", Unit::kMilliseconds}, {"milliseconds", Unit::kMilliseconds},
      {"ms", Unit::kMilliseconds}, {"msec", Unit::kMilliseconds}, {"msecs", Unit::kMilliseconds},
      {"second", Unit::kSecond}, {"seconds", Unit::kSecond}, {"s", Unit::kSecond},
      {"sec", Unit::kSecond}, {"secs", Unit::kSecond}, {"minute", Unit::kMinute},
      {"minutes", Unit::kMinute}, {"m", Unit::kMinute}, {"min", Unit::kMinute},
      {"mins", Unit::kMinute}, {"hour", Unit::kHour}, {"hours", Unit::kHour}, {"h", Unit::kHour},
      {"hr", Unit::kHour}, {"hrs", Unit::kHour}, {"day", Unit::kDay}, {"days", Unit::kDay},
      {"d", Unit::kDay}, {"week", Unit::kWeek}, {"weeks", Unit::kWeek}, {"w", Unit::kWeek},
      {"month", Unit::kMonth}, {"months", Unit::kMonth}, {"mon", Unit::kMonth},
      {"mons", Unit::kMonth}, {"quarter", Unit::kQuarter}, {"qtr", Unit::kQuarter},
      {"year", Unit::kYear}, {"years", Unit::kYear}, {"y", Unit::kYear}, {"yr", Unit::kYear},
      {"yrs", Unit::kYear}, {"decade", Unit::kDecade}, {"decades", Unit::kDecade},
      {"dec", Unit::kDecade}, {"decs", Unit::kDecade}, {"century", Unit::kCentury},
      {"centuries", Unit::kCentury}, {"c", Unit::kCentury}, {"cent", Unit::kCentury},
      {"millennium", Unit::kMillennium}, {"millennia", Unit::kMillennium},
      {"mil", Unit::kMillennium}, {"mils", Unit::kMillennium}, {"dow", Unit::kDow},
      {"isodow", Unit::kIsoDow}, {"doy", Unit::kDoy}, {"epoch", Unit::kEpoch},
      {"julian", Unit::kJulian}, {"j", Unit::kJulian}, {"isoyear", Unit::kIsoYear},
      {"timezone", Unit::kTimezone}, {"timezone_hour", Unit::kTimezoneHour},
      {"timezone_minute", Unit::kTimezoneMinute}};
  for (const auto& e : kUnits) {
    if (s == e.name) return e.unit;
  }
  return Unit::kInvalid;
}

Status UnitNotRecognized(const std::string& unit, TypeId t) {
  return Status::Error(sqlstate::kInvalidParameterValue,
                       "unit \"" + unit + "\" not recognized for type " + TypeName(DataType(t)));
}
Status UnitNotSupported(const std::string& unit, TypeId t) {
  return Status::Error(sqlstate::kFeatureNotSupported,
                       "unit \"" + unit + "\" not supported for type " + TypeName(DataType(t)));
}

// ISO 8601 week number and ISO year of a date.
void IsoWeek(int64_t days, int64_t* iso_year, int* week) {
  int64_t y;
  int m, d;
  CivilFromDays(days, &y, &m, &d);
  int isodow = static_cast<int>(FloorMod(days + 3, 7)) + 1;  // 1970-01-01 was Thursday
  int64_t thursday = days - isodow + 4;
  int64_t ty;
  int tm, td;
  CivilFromDays(thursday, &ty, &tm, &td);
  *iso_year = ty;
  int64_t jan1 = DaysFromCivil(ty, 1, 1);
  *week = static_cast<int>((thursday - jan1) / 7) + 1;
}

int64_t DisplayYear(int64_t y) { return y > 0 ? y : y - 1; }

// ---------------------------------------------------------------- date_trunc

Result<int64_t> TruncTimestamp(Unit u, int64_t ts) {
  if (!IsFiniteTimestamp(ts)) return ts;
  DateTimeParts p = SplitTimestamp(ts);
  int64_t days = FloorDiv(ts, kMicrosPerDay);
  switch (u) {
    case Unit::kMillennium:
      p.year = p.year > 0 ? ((p.year + 999) / 1000) * 1000 - 999 : -((999 - (p.year - 1)) / 1000) * 1000 + 1;
      p.month = 1;
      p.day = 1;
      break;
    case Unit::kCentury:
      p.year = p.year > 0 ? ((p.year + 99) / 100) * 100 - 99 : -((99 - (p.year - 1)) / 100) * 100 + 1;
      p.month = 1;
      p.day = 1;
      break;
    case Unit::kDecade:
      p.year = p.year > 0 ? (p.year / 10) * 10 : -((8 - (p.year - 1)) / 10) * 10;
      p.month = 1;
      p.day = 1;
      break;
    case Unit::kYear:
      p.month = 1;
      p.day = 1;
      break;
    case Unit::kQuarter:
      p.month = ((p.month - 1) / 3) * 3 + 1;
      p.day = 1;
      break;
    case Unit::kMonth:
      p.day = 1;
      break;
    case Unit::kWeek: {
      int isodow = static_cast<int>(FloorMod(days + 3, 7)) + 1;
      return (days - (isodow - 1)) * kMicrosPerDay;
    }
    case Unit::kDay:
      break;
    case Unit::kHour:
      return days * kMicrosPerDay + p.hour * kMicrosPerHour;
    case Unit::kMinute:
      return days * kMicrosPerDay + p.hour * kMicrosPerHour + p.minute * kMicrosPerMinute;
    case Unit::kSecond:
      return ts - p.micros;
    case Unit::kMilliseconds:
      return ts - p.micros % 1000;
    case Unit::kMicroseconds:
      return ts;
    default:
      return Status::Internal("bad unit");
  }
  p.hour = p.minute = p.second = p.micros = 0;
  return MakeTimestamp(p);
}

template <TypeId kType>
KAPPA_FN(DateTrunc) {
  Status err;
  Unit cached = Unit::kInvalid;
  const std::string* cached_for = nullptr;
  return Binary<std::string, int64_t, int64_t>(
      *args[0], *args[1], n, out,
      [&](const std::string& unit, int64_t ts, int64_t* r) {
        if (cached_for == nullptr || *cached_for != unit) {
          cached = ParseUnit(unit);
          cached_for = &unit;
        }
        switch (cached) {
          case Unit::kInvalid:
          case Unit::kDow:
          case Unit::kIsoDow:
          case Unit::kDoy:
          case Unit::kEpoch:
          case Unit::kJulian:
          case Unit::kIsoYear:
          case Unit::kTimezone:
          case Unit::kTimezoneHour:
          case Unit::kTimezoneMinute:
            err = cached == Unit::kInvalid ? UnitNotRecognized(unit, kType)
                                           : UnitNotSupported(unit, kType);
            return false;
          default:
            break;
        }
        auto res = TruncTimestamp(cached, ts);
        if (!res.ok()) {
          err = res.status();
          return false;
        }
        *r = *res;
        return true;
      },
      &err);
}

KAPPA_FN(DateTruncInterval) {
  Status err;
  return Binary<std::string, Interval, Interval>(
      *args[0], *args[1], n, out,
      [&](const std::string& unit, const Interval& iv, Interval* r) {
        Unit u = ParseUnit(unit);
        int64_t year = iv.months / 12, mon = iv.months % 12;
        int64_t day = iv.days;
        int64_t t = iv.micros;
        int64_t hour = t / kMicrosPerHour;
        t -= hour * kMicrosPerHour;
        int64_t min = t / kMicrosPerMinute;
        t -= min * kMicrosPerMinute;
        int64_t usec = t;  // seconds and fraction in micros
        switch (u) {
          case Unit::kMillennium: year = (year / 1000) * 1000; mon = 0; day = hour = min = usec = 0; break;
          case Unit::kCentury: year = (year / 100) * 100; mon = 0; day = hour = min = usec = 0; break;
          case Unit::kDecade: year = (year / 10) * 10; mon = 0; day = hour = min = usec = 0; break;
          case Unit::kYear: mon = 0; day = hour = min = usec = 0; break;
          case Unit::kQuarter: mon = 3 * (mon / 3); day = hour = min = usec = 0; break;
          case Unit::kMonth: day = hour = min = usec = 0; break;
          case Unit::kDay: hour = min = usec = 0; break;
          case Unit::kHour: min = usec = 0; break;
          case Unit::kMinute: usec = 0; break;
          case Unit::kSecond: usec = (usec / kMicrosPerSecond) * kMicrosPerSecond; break;
          case Unit::kMilliseconds: usec = (usec / 1000) * 1000; break;
          case Unit::kMicroseconds: break;
          case Unit::kWeek:
            err = UnitNotSupported(unit, TypeId::kInterval);
            err.WithDetail("Months usually have fractional weeks.");
            return false;
          case Unit::kInvalid:
            err = UnitNotRecognized(unit, TypeId::kInterval);
            return false;
          default:
            err = UnitNotSupported(unit, TypeId::kInterval);
            return false;
        }
        r->months = static_cast<int32_t>(year * 12 + mon);
        r->days = static_cast<int32_t>(day);
        r->micros = hour * kMicrosPerHour + min * kMicrosPerMinute + usec;
        return true;
      },
      &err);
}

// ---------------------------------------------------------------- date_part / extract

// A field value as an exact decimal (extract's numeric result); date_part
// converts it to double.
bool TimestampField(Unit u, int64_t ts, bool is_date, Decimal* out) {
  DateTimeParts p = SplitTimestamp(ts);
  int64_t days = FloorDiv(ts, kMicrosPerDay);
  int64_t sec_us = static_cast<int64_t>(p.second) * kMicrosPerSecond + p.micros;
  auto dec = [](__int128 unscaled, int scale) {
    Decimal d;
    d.unscaled = unscaled;
    d.scale = scale;
    return d;
  };
  switch (u) {
    case Unit::kMicroseconds: *out = dec(sec_us, 0); return true;
    case Unit::kMilliseconds: *out = dec(sec_us, 3); return true;
    case Unit::kSecond: *out = dec(sec_us, 6); return true;
    case Unit::kMinute: *out = dec(p.minute, 0); return true;
    case Unit::kHour: *out = dec(p.hour, 0); return true;
    case Unit::kDay: *out = dec(p.day, 0); return true;
    case Unit::kMonth: *out = dec(p.month, 0); return true;
    case Unit::kQuarter: *out = dec((p.month - 1) / 3 + 1, 0); return true;
    case Unit::kYear: *out = dec(DisplayYear(p.year), 0); return true;
    case Unit::kDecade:
      *out = dec(p.year >= 0 ? p.year / 10 : -((8 - (p.year - 1)) / 10), 0);
      return true;
    case Unit::kCentury:
      *out = dec(p.year > 0 ? (p.year + 99) / 100 : -((99 - (p.year - 1)) / 100), 0);
      return true;
    case Unit::kMillennium:
      *out = dec(p.year > 0 ? (p.year + 999) / 1000 : -((999 - (p.year - 1)) / 1000), 0);
      return true;
    case Unit::kDow: *out = dec(FloorMod(days + 4, 7), 0); return true;
    case Unit::kIsoDow: *out = dec(FloorMod(days + 3, 7) + 1, 0); return true;
    case Unit::kDoy: *out = dec(days - DaysFromCivil(p.year, 1, 1) + 1, 0); return true;
    case Unit::kWeek: {
      int64_t iy;
      int w;
      IsoWeek(days, &iy, &w);
      *out = dec(w, 0);
      return true;
    }
    case Unit::kIsoYear: {
      int64_t iy;
      int w;
      IsoWeek(days, &iy, &w);
      *out = dec(DisplayYear(iy), 0);
      return true;
    }
    case Unit::kEpoch:
      *out = is_date ? dec(days * 86400, 0) : dec(ts, 6);
      return true;
    case Unit::kJulian: {
      int64_t jd = days + 2440588;
      if (is_date) {
        *out = dec(jd, 0);
      } else {
        // jd + fraction of day, as PostgreSQL's numeric division prints it.
        auto r = DecimalAdd(DecimalFromInt(jd),
                            DecimalDiv(dec(ts - days * kMicrosPerDay, 0),
                                       DecimalFromInt(kMicrosPerDay)).value());
        *out = r.ok() ? *r : DecimalFromInt(jd);
      }
      return true;
    }
    case Unit::kTimezone:
    case Unit::kTimezoneHour:
    case Unit::kTimezoneMinute:
      *out = dec(0, 0);
      return true;
    default:
      return false;
  }
}

// Extracts `unit` from column value at row i of type `type`; ok=false sets err.
bool ExtractField(const std::string& unit, TypeId type, const Column& col, size_t i,
                  bool numeric_result, Decimal* out, Status* err) {
  Unit u = ParseUnit(unit);
  if (u == Unit::kInvalid) {
    *err = UnitNotRecognized(unit, type);
    return false;
  }
  auto dec = [](__int128 unscaled, int scale) {
    Decimal d;
    d.unscaled = unscaled;
    d.scale = scale;
    return d;
  };
  switch (type) {
    case TypeId::kDate: {
      int64_t days = col.ints[i];
      bool date_unit = u == Unit::kDay || u == Unit::kMonth || u == Unit::kYear ||
                       u == Unit::kDecade || u == Unit::kCentury || u == Unit::kMillennium ||
                       u == Unit::kIsoYear || u == Unit::kWeek || u == Unit::kQuarter ||
                       u == Unit::kDow || u == Unit::kIsoDow || u == Unit::kDoy ||
                       u == Unit::kJulian || u == Unit::kEpoch;
      if (!date_unit) {
        if (numeric_result) {
          *err = UnitNotSupported(unit, type);
          return false;
        }
        // date_part(text, date) is date_part(text, timestamp).
        TimestampField(u, days * kMicrosPerDay, false, out);
        return true;
      }
      TimestampField(u, days * kMicrosPerDay, true, out);
      return true;
    }
    case TypeId::kTimestamp:
    case TypeId::kTimestampTz:
      if (!TimestampField(u, col.ints[i], false, out)) {
        *err = UnitNotSupported(unit, type);
        return false;
      }
      return true;
    case TypeId::kTime: {
      int64_t t = col.ints[i];
      int64_t sec_us = t % kMicrosPerMinute;
      switch (u) {
        case Unit::kMicroseconds: *out = dec(sec_us, 0); return true;
        case Unit::kMilliseconds: *out = dec(sec_us, 3); return true;
        case Unit::kSecond: *out = dec(sec_us, 6); return true;
        case Unit::kMinute: *out = dec((t / kMicrosPerMinute) % 60, 0); return true;
        case Unit::kHour: *out = dec(t / kMicrosPerHour, 0); return true;
        case Unit::kEpoch: *out = dec(t, 6); return true;
        default:
          *err = UnitNotSupported(unit, type);
          return false;
      }
    }
    case TypeId::kInterval: {
      const Interval& iv = col.intervals[i];
      int64_t t = iv.micros;
      int64_t sec_us = t % kMicrosPerMinute;
      int64_t year = iv.months / 12;
      switch (u) {
        case Unit::kMicroseconds: *out = dec(sec_us, 0); return true;
        case Unit::kMilliseconds: *out = dec(sec_us, 3); return true;
        case Unit::kSecond: *out = dec(sec_us, 6); return true;
        case Unit::kMinute: *out = dec((t / kMicrosPerMinute) % 60, 0); return true;
        case Unit::kHour: *out = dec(t / kMicrosPerHour, 0); return true;
        case Unit::kDay: *out = dec(iv.days, 0); return true;
        case Unit::kMonth: *out = dec(iv.months % 12, 0); return true;
        case Unit::kQuarter: *out = dec((iv.months % 12) / 3 + 1, 0); return true;
        case Unit::kYear: *out = dec(year, 0); return true;
        case Unit::kDecade: *out = dec(year / 10, 0); return true;
        case Unit::kCentury: *out = dec(year / 100, 0); return true;
        case Unit::kMillennium: *out = dec(year / 1000, 0); return true;
        case Unit::kEpoch: {
          // years count 365.25 days, remaining months 30 days.
          __int128 us = static_cast<__int128>(year) * 36525 * kMicrosPerDay / 100 +
                        static_cast<__int128>(iv.months % 12) * 30 * kMicrosPerDay +
                        static_cast<__int128>(iv.days) * kMicrosPerDay + iv.micros;
          *out = dec(us, 6);
          return true;
        }
        default:
          *err = UnitNotSupported(unit, type);
          return false;
      }
    }
    default:
      *err = UnitNotSupported(unit, type);
      return false;
  }
}

template <bool kNumeric>
KAPPA_FN(Extract) {
  const Column& units = *args[0];
  const Column& src = *args[1];
  TypeId type = src.type.id;
  out->nulls.resize(n);
  if (kNumeric) {
    out->decimals.resize(n);
  } else {
    out->floats.resize(n);
  }
  Status err;
  for (size_t i = 0; i < n; ++i) {
    uint8_t null = units.nulls[i] | src.nulls[i];
    out->nulls[i] = null;
    if (null) continue;
    // Infinite timestamps/dates.
    if ((type == TypeId::kTimestamp || type == TypeId::kTimestampTz) &&
        !IsFiniteTimestamp(src.ints[i])) {
      if (kNumeric) return Status::NotSupported("extract from infinite timestamps is not supported");
      out->floats[i] = src.ints[i] > 0 ? HUGE_VAL : -HUGE_VAL;
      continue;
    }
    Decimal d;
    if (!ExtractField(units.strings[i], type, src, i, kNumeric, &d, &err)) return err;
    if (kNumeric) {
      out->decimals[i] = d;
    } else {
      out->floats[i] = DecimalToDouble(d);
    }
  }
  return Status::OK();
}

// ---------------------------------------------------------------- constructors

KAPPA_FN(MakeDate) {
  Status err;
  return Ternary<int64_t, int64_t, int64_t, int64_t>(
      *args[0], *args[1], *args[2], n, out,
      [&err](int64_t y, int64_t m, int64_t d, int64_t* r) {
        int64_t yy = y < 0 ? y + 1 : y;
        if (y == 0 || m < 1 || m > 12 || d < 1 || d > DaysInMonth(yy, static_cast<int>(m))) {
          err = Status::Error(sqlstate::kDatetimeFieldOverflow,
                              "date field value out of range: " + std::to_string(y) + "-" +
                                  (m < 10 ? "0" : "") + std::to_string(m) + "-" +
                                  (d < 10 ? "0" : "") + std::to_string(d));
          return false;
        }
        *r = DaysFromCivil(yy, static_cast<int>(m), static_cast<int>(d));
        return true;
      },
      &err);
}

KAPPA_FN(MakeTime) {
  Status err;
  return Ternary<int64_t, int64_t, double, int64_t>(
      *args[0], *args[1], *args[2], n, out,
      [&err](int64_t h, int64_t m, double s, int64_t* r) {
        if (h < 0 || h > 24 || m < 0 || m > 59 || s < 0 || s > 60 ||
            (h == 24 && (m != 0 || s != 0))) {
          err = Status::Error(sqlstate::kDatetimeFieldOverflow, "time field value out of range");
          return false;
        }
        *r = h * kMicrosPerHour + m * kMicrosPerMinute +
             static_cast<int64_t>(std::rint(s * kMicrosPerSecond));
        return true;
      },
      &err);
}

KAPPA_FN(MakeTimestamp) {
  out->nulls.resize(n);
  out->ints.resize(n);
  for (size_t i = 0; i < n; ++i) {
    bool null = false;
    for (size_t k = 0; k < 6; ++k) null = null || args[k]->nulls[i];
    out->nulls[i] = null;
    if (null) continue;
    int64_t y = args[0]->ints[i], mo = args[1]->ints[i], d = args[2]->ints[i];
    int64_t h = args[3]->ints[i], mi = args[4]->ints[i];
    double s = args[5]->floats[i];
    int64_t yy = y < 0 ? y + 1 : y;
    if (y == 0 || mo < 1 || mo > 12 || d < 1 || d > DaysInMonth(yy, static_cast<int>(mo))) {
      return Status::Error(sqlstate::kDatetimeFieldOverflow,
                           "date field value out of range: " + std::to_string(y) + "-" +
                               (mo < 10 ? "0" : "") + std::to_string(mo) + "-" +
                               (d < 10 ? "0" : "") + std::to_string(d));
    }
    if (h < 0 || h > 24 || mi < 0 || mi > 59 || s < 0 || s > 60) {
      return Status::Error(sqlstate::kDatetimeFieldOverflow, "time field value out of range");
    }
    out->ints[i] = DaysFromCivil(yy, static_cast<int>(mo), static_cast<int>(d)) * kMicrosPerDay +
                   h * kMicrosPerHour + mi * kMicrosPerMinute +
                   static_cast<int64_t>(std::rint(s * kMicrosPerSecond));
  }
  return Status::OK();
}

KAPPA_FN(ToTimestamp) {
  Status err;
  return Unary<double, int64_t>(
      *args[0], n, out,
      [&err](double s, int64_t* r) {
        if (std::isnan(s)) {
          err = Status::Error(sqlstate::kDatetimeFieldOverflow,
                              "timestamp cannot be NaN");
          return false;
        }
        if (std::isinf(s)) {
          *r = s > 0 ? kTimestampInfinity : kTimestampNegInfinity;
          return true;
        }
        double us = std::rint(s * kMicrosPerSecond);
        if (us < -210866803200000000.0 || us >= 9.2233720368547e18) {
          err = Status::Error(sqlstate::kDatetimeFieldOverflow,
                              "timestamp out of range: \"" + std::to_string(s) + "\"");
          return false;
        }
        *r = static_cast<int64_t>(us);
        return true;
      },
      &err);
}

// PostgreSQL's timestamp_age: field-wise difference, borrowing downward.
Interval Age(int64_t a, int64_t b) {
  DateTimeParts t1 = SplitTimestamp(a), t2 = SplitTimestamp(b);
  int64_t fsec = t1.micros - t2.micros;
  int64_t sec = t1.second - t2.second;
  int64_t min = t1.minute - t2.minute;
  int64_t hour = t1.hour - t2.hour;
  int64_t mday = t1.day - t2.day;
  int64_t mon = t1.month - t2.month;
  int64_t year = t1.year - t2.year;
  bool flip = a < b;
  if (flip) {
    fsec = -fsec; sec = -sec; min = -min; hour = -hour; mday = -mday; mon = -mon; year = -year;
  }
  while (fsec < 0) { fsec += kMicrosPerSecond; sec--; }
  while (sec < 0) { sec += 60; min--; }
  while (min < 0) { min += 60; hour--; }
  while (hour < 0) { hour += 24; mday--; }
  while (mday < 0) {
    if (flip) {
      mday += DaysInMonth(t1.year, t1.month);
    } else {
      mday += DaysInMonth(t2.year, t2.month);
    }
    mon--;
  }
  while (mon < 0) { mon += 12; year--; }
  if (flip) {
    fsec = -fsec; sec = -sec; min = -min; hour = -hour; mday = -mday; mon = -mon; year = -year;
  }
  Interval r;
  r.months = static_cast<int32_t>(year * 12 + mon);
  r.days = static_cast<int32_t>(mday);
  r.micros = hour * kMicrosPerHour + min * kMicrosPerMinute + sec * kMicrosPerSecond + fsec;
  return r;
}

KAPPA_FN(Age2) {
  Status err;
  return Binary<int64_t, int64_t, Interval>(
      *args[0], *args[1], n, out,
      [](int64_t a, int64_t b, Interval* r) {
        *r = Age(a, b);
        return true;
      },
      &err);
}

KAPPA_FN(Age1) {
  Status err;
  int64_t today = FloorDiv(ctx.statement_time_us, kMicrosPerDay) * kMicrosPerDay;
  return Unary<int64_t, Interval>(
      *args[0], n, out,
      [today](int64_t b, Interval* r) {
        *r = Age(today, b);
        return true;
      },
      &err);
}

KAPPA_FN(DateBin) {
  Status err;
  return Ternary<Interval, int64_t, int64_t, int64_t>(
      *args[0], *args[1], *args[2], n, out,
      [&err](const Interval& stride, int64_t ts, int64_t origin, int64_t* r) {
        if (stride.months != 0) {
          err = Status::Error(sqlstate::kFeatureNotSupported,
                              "timestamps cannot be binned into intervals containing months or years");
          return false;
        }
        int64_t stride_us = static_cast<int64_t>(stride.days) * kMicrosPerDay + stride.micros;
        if (stride_us <= 0) {
          err = Status::Error(sqlstate::kDatetimeFieldOverflow, "stride must be greater than zero");
          return false;
        }
        int64_t diff;
        if (__builtin_sub_overflow(ts, origin, &diff)) {
          err = Status::Error(sqlstate::kDatetimeFieldOverflow, "interval out of range");
          return false;
        }
        int64_t delta = diff - diff % stride_us;
        if (diff < 0 && diff % stride_us != 0) delta -= stride_us;
        *r = origin + delta;
        return true;
      },
      &err);
}

// tumble_start(ts, size): the start of the tumbling window of `size` (no
// months) that holds ts, windows aligned to 1970-01-01 00:00 (UTC).
KAPPA_FN(TumbleStart) {
  Status err;
  return Binary<int64_t, Interval, int64_t>(
      *args[0], *args[1], n, out,
      [&err](int64_t ts, const Interval& size, int64_t* r) {
        if (size.months != 0) {
          err = Status::Error(sqlstate::kFeatureNotSupported,
                              "window sizes containing months or years are not supported");
          return false;
        }
        int64_t size_us = static_cast<int64_t>(size.days) * kMicrosPerDay + size.micros;
        if (size_us <= 0) {
          err = Status::Error(sqlstate::kInvalidParameterValue,
                              "window size must be greater than zero");
          return false;
        }
        if (!IsFiniteTimestamp(ts)) {
          *r = ts;
          return true;
        }
        *r = FloorDiv(ts, size_us) * size_us;
        return true;
      },
      &err);
}

enum class Justify { kHours, kDays, kAll };

template <Justify kJ>
KAPPA_FN(JustifyFn) {
  Status err;
  return Unary<Interval, Interval>(
      *args[0], n, out,
      [](const Interval& a, Interval* r) {
        *r = kJ == Justify::kHours ? JustifyHours(a)
             : kJ == Justify::kDays ? JustifyDays(a)
                                    : JustifyInterval(a);
        return true;
      },
      &err);
}

template <bool kDate>
KAPPA_FN(IsFinite) {
  Status err;
  return Unary<int64_t, int64_t>(
      *args[0], n, out,
      [](int64_t v, int64_t* r) {
        *r = kDate ? IsFiniteDate(v) : IsFiniteTimestamp(v);
        return true;
      },
      &err);
}

// isfinite(interval): PostgreSQL 15 has no infinite intervals.
KAPPA_FN(IsFiniteInterval) {
  Status err;
  return Unary<Interval, int64_t>(
      *args[0], n, out,
      [](const Interval&, int64_t* r) {
        *r = 1;
        return true;
      },
      &err);
}

}  // namespace

void RegisterDatetimeFunctions(Registry* r) {
  DataType t = T(TypeId::kText), d = T(TypeId::kDate), tm = T(TypeId::kTime);
  DataType ts = T(TypeId::kTimestamp), tz = T(TypeId::kTimestampTz), iv = T(TypeId::kInterval);
  DataType i4 = T(TypeId::kInt32), f8 = T(TypeId::kFloat64), num = Num(), b = T(TypeId::kBool);
  for (const char* name : {"now", "current_timestamp", "transaction_timestamp",
                           "statement_timestamp"}) {
    Add(r, name, {}, tz, Now);
  }
  Add(r, "clock_timestamp", {}, tz, ClockTimestamp, false, true);
  Add(r, "localtimestamp", {}, ts, Now);
  Add(r, "current_date", {}, d, CurrentDate);
  Add(r, "current_time", {}, tm, CurrentTime);
  Add(r, "localtime", {}, tm, CurrentTime);
  Add(r, "date_trunc", {t, ts}, ts, DateTrunc<TypeId::kTimestamp>);
  Add(r, "date_trunc", {t, tz}, tz, DateTrunc<TypeId::kTimestampTz>);
  Add(r, "date_trunc", {t, iv}, iv, DateTruncInterval);
  for (DataType src : {d, tm, ts, tz, iv}) {
    Add(r, "date_part", {t, src}, f8, Extract<false>);
    Add(r, "extract", {t, src}, num, Extract<true>);
  }
  Add(r, "make_date", {i4, i4, i4}, d, MakeDate);
  Add(r, "make_time", {i4, i4, f8}, tm, MakeTime);
  Add(r, "make_timestamp", {i4, i4, i4, i4, i4, f8}, ts, MakeTimestamp);
  Add(r, "make_timestamptz", {i4, i4, i4, i4, i4, f8}, tz, MakeTimestamp);
  Add(r, "to_timestamp", {f8}, tz, ToTimestamp);
  Add(r, "age", {ts, ts}, iv, Age2);
  Add(r, "age", {tz, tz}, iv, Age2);
  Add(r, "age", {ts}, iv, Age1);
  Add(r, "age", {tz}, iv, Age1);
  Add(r, "date_bin", {iv, ts, ts}, ts, DateBin);
  Add(r, "date_bin", {iv, tz, tz}, tz, DateBin);
  Add(r, "tumble_start", {ts, iv}, ts, TumbleStart);
  Add(r, "tumble_start", {tz, iv}, tz, TumbleStart);
  Add(r, "justify_hours", {iv}, iv, JustifyFn<Justify::kHours>);
  Add(r, "justify_days", {iv}, iv, JustifyFn<Justify::kDays>);
  Add(r, "justify_interval", {iv}, iv, JustifyFn<Justify::kAll>);
  Add(r, "isfinite", {d}, b, IsFinite<true>);
  Add(r, "isfinite", {ts}, b, IsFinite<false>);
  Add(r, "isfinite", {tz}, b, IsFinite<false>);
  Add(r, "isfinite", {iv}, b, IsFiniteInterval);
}

}  // namespace kappa::fn
