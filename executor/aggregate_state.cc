// Retraction-aware aggregate states (aggregate_function.h): one object per
// aggregate holds the running state of every group, updated per chunk.
#include <algorithm>
#include <cmath>
#include <limits>
#include <string>

#include "common/decimal.h"
#include "executor/aggregate_function.h"
#include "executor/row_key.h"

namespace kappa {

namespace {

using namespace state_codec;

Status Truncated() { return Corrupt("truncated group state"); }

Status BigintOutOfRange() {
  return Status::Error(sqlstate::kNumericValueOutOfRange, "bigint out of range");
}
Status NumericOverflow() {
  return Status::Error(sqlstate::kNumericValueOutOfRange, "value overflows numeric format");
}
Status IntervalOutOfRange() {
  return Status::Error(sqlstate::kDatetimeFieldOverflow, "interval out of range");
}

// count(*) and count(x).
class CountState final : public AggregateState {
 public:
  explicit CountState(bool star) : star_(star) {}
  void Resize(size_t n) override { counts_.resize(n, 0); }
  void Reset(uint32_t g) override { counts_[g] = 0; }
  Status Update(const uint32_t* gids, const uint32_t* rows, const int64_t* w, size_t n,
                const Column* arg, const Column*) override {
    int64_t* c = counts_.data();
    if (star_ || arg == nullptr) {
      for (size_t k = 0; k < n; ++k) c[gids[k]] += w[k];
    } else {
      const uint8_t* nulls = arg->nulls.data();
      for (size_t k = 0; k < n; ++k) c[gids[k]] += nulls[rows[k]] ? 0 : w[k];
    }
    return Status::OK();
  }
  Status Finalize(const uint32_t* gids, size_t n, Column* out) override {
    for (size_t k = 0; k < n; ++k) {
      out->nulls.push_back(0);
      out->ints.push_back(counts_[gids[k]]);
    }
    return Status::OK();
  }
  uint64_t Bytes() const override { return counts_.size() * 8; }
  void Save(uint32_t g, std::string* out) const override { PutFixed64(out, counts_[g]); }
  Status Load(uint32_t g, std::string_view* in) override {
    return GetInt64(in, &counts_[g]) ? Status::OK() : Truncated();
  }

 private:
  bool star_;
  std::vector<int64_t> counts_;
};

// sum/avg over integers, exact in 128 bits.
class SumIntState final : public AggregateState {
 public:
  enum class Out { kInt8, kNumeric, kAvg };
  explicit SumIntState(Out out) : out_(out) {}
  void Resize(size_t n) override {
    sums_.resize(n, 0);
    counts_.resize(n, 0);
  }
  void Reset(uint32_t g) override { sums_[g] = counts_[g] = 0; }
  Status Update(const uint32_t* gids, const uint32_t* rows, const int64_t* w, size_t n,
                const Column* arg, const Column*) override {
    const uint8_t* nulls = arg->nulls.data();
    const int64_t* v = arg->ints.data();
    __int128* s = sums_.data();
    int64_t* c = counts_.data();
    for (size_t k = 0; k < n; ++k) {
      uint32_t r = rows[k];
      if (nulls[r]) continue;
      s[gids[k]] += static_cast<__int128>(v[r]) * w[k];
      c[gids[k]] += w[k];
    }
    return Status::OK();
  }
  Status Finalize(const uint32_t* gids, size_t n, Column* out) override {
    for (size_t k = 0; k < n; ++k) {
      uint32_t g = gids[k];
      if (counts_[g] <= 0) {
        out->AppendNull();
        continue;
      }
      __int128 s = sums_[g];
      switch (out_) {
        case Out::kInt8:
          if (s > std::numeric_limits<int64_t>::max() || s < std::numeric_limits<int64_t>::min()) {
            return BigintOutOfRange();
          }
          out->nulls.push_back(0);
          out->ints.push_back(static_cast<int64_t>(s));
          break;
        case Out::kNumeric:
          out->nulls.push_back(0);
          out->decimals.push_back(Decimal{s, 0});
          break;
        case Out::kAvg: {
          KAPPA_ASSIGN_OR_RETURN(Decimal q,
                                 DecimalDiv(Decimal{s, 0}, DecimalFromInt(counts_[g])));
          out->nulls.push_back(0);
          out->decimals.push_back(q);
          break;
        }
      }
    }
    return Status::OK();
  }
  uint64_t Bytes() const override { return sums_.size() * 24; }
  void Save(uint32_t g, std::string* out) const override {
    PutInt128(out, sums_[g]);
    PutFixed64(out, counts_[g]);
  }
  Status Load(uint32_t g, std::string_view* in) override {
    return GetInt128(in, &sums_[g]) && GetInt64(in, &counts_[g]) ? Status::OK() : Truncated();
  }

 private:
  Out out_;
  std::vector<__int128> sums_;
  std::vector<int64_t> counts_;
};

// sum/avg over numeric: exact sum at the largest scale seen, plus how many
// live values have each scale (the result's scale is the largest live one,
// as PostgreSQL computes it from the remaining rows).
class SumDecimalState final : public AggregateState {
 public:
  explicit SumDecimalState(bool avg) : avg_(avg) {}
  void Resize(size_t n) override { groups_.resize(n); }
  void Reset(uint32_t g) override { groups_[g] = Group{}; }
  Status Update(const uint32_t* gids, const uint32_t* rows, const int64_t* w, size_t n,
                const Column* arg, const Column*) override {
    const uint8_t* nulls = arg->nulls.data();
    const Decimal* v = arg->decimals.data();
    for (size_t k = 0; k < n; ++k) {
      uint32_t r = rows[k];
      if (nulls[r]) continue;
      Group& g = groups_[gids[k]];
      const Decimal& d = v[r];
      if (d.scale > g.scale) {
        KAPPA_RETURN_IF_ERROR(ScaleUp(&g.sum, d.scale - g.scale));
        g.scale = d.scale;
      }
      __int128 term = d.unscaled;
      KAPPA_RETURN_IF_ERROR(ScaleUp(&term, g.scale - d.scale));
      __int128 prod;
      if (__builtin_mul_overflow(term, static_cast<__int128>(w[k]), &prod) ||
          __builtin_add_overflow(g.sum, prod, &g.sum)) {
        return NumericOverflow();
      }
      g.count += w[k];
      bool found = false;
      for (auto& sc : g.scales) {
        if (sc.first == d.scale) {
          sc.second += w[k];
          found = true;
          break;
        }
      }
      if (!found) g.scales.emplace_back(d.scale, w[k]);
    }
    return Status::OK();
  }
  Status Finalize(const uint32_t* gids, size_t n, Column* out) override {
    for (size_t k = 0; k < n; ++k) {
      const Group& g = groups_[gids[k]];
      if (g.count <= 0) {
        out->AppendNull();
        continue;
      }
      int32_t scale = 0;
      for (const auto& sc : g.scales) {
        if (sc.second > 0) scale = std::max(scale, sc.first);
      }
      Decimal sum{g.sum, g.scale};
      if (scale < g.scale) sum = Decimal{g.sum / static_cast<__int128>(DecimalPow10(g.scale - scale)), scale};
      if (sum.unscaled >= static_cast<__int128>(DecimalPow10(kMaxDecimalDigits)) ||
          -sum.unscaled >= static_cast<__int128>(DecimalPow10(kMaxDecimalDigits))) {
        return NumericOverflow();
      }
      if (avg_) {
        KAPPA_ASSIGN_OR_RETURN(sum, DecimalDiv(sum, DecimalFromInt(g.count)));
      }
      out->nulls.push_back(0);
      out->decimals.push_back(sum);
    }
    return Status::OK();
  }
  uint64_t Bytes() const override { return groups_.size() * sizeof(Group); }
  void Save(uint32_t gid, std::string* out) const override {
    const Group& g = groups_[gid];
    PutInt128(out, g.sum);
    PutFixed32(out, static_cast<uint32_t>(g.scale));
    PutFixed64(out, g.count);
    PutVarint(out, g.scales.size());
    for (const auto& [scale, live] : g.scales) {
      PutFixed32(out, static_cast<uint32_t>(scale));
      PutFixed64(out, live);
    }
  }
  Status Load(uint32_t gid, std::string_view* in) override {
    Group g;
    uint64_t n;
    if (!GetInt128(in, &g.sum) || !GetInt32(in, &g.scale) || !GetInt64(in, &g.count) ||
        !GetVarint(in, &n)) {
      return Truncated();
    }
    if (g.scale < 0 || g.scale > kMaxDecimalDigits || n > in->size() / 12) {
      return Corrupt("bad numeric sum");
    }
    g.scales.resize(n);
    for (auto& [scale, live] : g.scales) {
      if (!GetInt32(in, &scale) || !GetInt64(in, &live)) return Truncated();
    }
    groups_[gid] = std::move(g);
    return Status::OK();
  }

 private:
  struct Group {
    __int128 sum = 0;
    int32_t scale = 0;
    int64_t count = 0;
    std::vector<std::pair<int32_t, int64_t>> scales;  // scale -> live values
  };
  static Status ScaleUp(__int128* v, int by) {
    if (by <= 0) return Status::OK();
    if (by > kMaxDecimalDigits) return *v == 0 ? Status::OK() : NumericOverflow();
    if (__builtin_mul_overflow(*v, static_cast<__int128>(DecimalPow10(by)), v)) {
      return NumericOverflow();
    }
    return Status::OK();
  }
  bool avg_;
  std::vector<Group> groups_;
};

// sum/avg over floats. Infinities and NaNs are counted apart from the finite
// sum so that retracting them restores the finite result.
class SumFloatState final : public AggregateState {
 public:
  enum class Out { kFloat4, kFloat8, kAvg };
  explicit SumFloatState(Out out) : out_(out) {}
  void Resize(size_t n) override { groups_.resize(n); }
  void Reset(uint32_t g) override { groups_[g] = Group{}; }
  Status Update(const uint32_t* gids, const uint32_t* rows, const int64_t* w, size_t n,
                const Column* arg, const Column*) override {
    const uint8_t* nulls = arg->nulls.data();
    const double* v = arg->floats.data();
    for (size_t k = 0; k < n; ++k) {
      uint32_t r = rows[k];
      if (nulls[r]) continue;
      Group& g = groups_[gids[k]];
      double x = v[r];
      g.count += w[k];
      if (std::isfinite(x)) {
        g.sum += x * static_cast<double>(w[k]);
      } else if (std::isnan(x)) {
        g.nans += w[k];
      } else if (x > 0) {
        g.pinf += w[k];
      } else {
        g.ninf += w[k];
      }
    }
    return Status::OK();
  }
  Status Finalize(const uint32_t* gids, size_t n, Column* out) override {
    for (size_t k = 0; k < n; ++k) {
      const Group& g = groups_[gids[k]];
      if (g.count <= 0) {
        out->AppendNull();
        continue;
      }
      double s = g.sum;
      if (g.nans > 0 || (g.pinf > 0 && g.ninf > 0)) {
        s = std::numeric_limits<double>::quiet_NaN();
      } else if (g.pinf > 0) {
        s = std::numeric_limits<double>::infinity();
      } else if (g.ninf > 0) {
        s = -std::numeric_limits<double>::infinity();
      }
      if (out_ == Out::kAvg) s /= static_cast<double>(g.count);
      if (out_ == Out::kFloat4) s = static_cast<double>(static_cast<float>(s));
      out->nulls.push_back(0);
      out->floats.push_back(s);
    }
    return Status::OK();
  }
  uint64_t Bytes() const override { return groups_.size() * sizeof(Group); }
  void Save(uint32_t gid, std::string* out) const override {
    const Group& g = groups_[gid];
    PutDouble(out, g.sum);
    PutFixed64(out, g.count);
    PutFixed64(out, g.nans);
    PutFixed64(out, g.pinf);
    PutFixed64(out, g.ninf);
  }
  Status Load(uint32_t gid, std::string_view* in) override {
    Group& g = groups_[gid];
    return GetDouble(in, &g.sum) && GetInt64(in, &g.count) && GetInt64(in, &g.nans) &&
                   GetInt64(in, &g.pinf) && GetInt64(in, &g.ninf)
               ? Status::OK()
               : Truncated();
  }

 private:
  struct Group {
    double sum = 0;
    int64_t count = 0, nans = 0, pinf = 0, ninf = 0;
  };
  Out out_;
  std::vector<Group> groups_;
};

// PostgreSQL's interval_div (PG 15) for avg(interval).
Interval AvgIntervalDiv(__int128 months, __int128 days, __int128 micros, int64_t n) {
  constexpr double kDaysPerMonth = 30;
  constexpr double kSecsPerDay = 86400;
  auto tsround = [](double j) { return std::rint(j * 1e6) / 1e6; };
  double factor = static_cast<double>(n);
  double orig_month = static_cast<double>(months), orig_day = static_cast<double>(days);
  Interval r;
  r.months = static_cast<int32_t>(orig_month / factor);
  r.days = static_cast<int32_t>(orig_day / factor);
  double month_remainder_days = (orig_month / factor - r.months) * kDaysPerMonth;
  month_remainder_days = tsround(month_remainder_days);
  double sec_remainder = (orig_day / factor - r.days + month_remainder_days -
                          static_cast<int>(month_remainder_days)) *
                         kSecsPerDay;
  sec_remainder = tsround(sec_remainder);
  if (std::fabs(sec_remainder) >= kSecsPerDay) {
    r.days += static_cast<int>(sec_remainder / kSecsPerDay);
    sec_remainder -= static_cast<int>(sec_remainder / kSecsPerDay) * kSecsPerDay;
  }
  r.days += static_cast<int32_t>(month_remainder_days);
  r.micros = static_cast<int64_t>(
      std::rint(static_cast<double>(micros) / factor + sec_remainder * 1e6));
  return r;
}

class SumIntervalState final : public AggregateState {
 public:
  explicit SumIntervalState(bool avg) : avg_(avg) {}
  void Resize(size_t n) override { groups_.resize(n); }
  void Reset(uint32_t g) override { groups_[g] = Group{}; }
  Status Update(const uint32_t* gids, const uint32_t* rows, const int64_t* w, size_t n,
                const Column* arg, const Column*) override {
    const uint8_t* nulls = arg->nulls.data();
    const Interval* v = arg->intervals.data();
    for (size_t k = 0; k < n; ++k) {
      uint32_t r = rows[k];
      if (nulls[r]) continue;
      Group& g = groups_[gids[k]];
      g.months += static_cast<__int128>(v[r].months) * w[k];
      g.days += static_cast<__int128>(v[r].days) * w[k];
      g.micros += static_cast<__int128>(v[r].micros) * w[k];
      g.count += w[k];
    }
    return Status::OK();
  }
  Status Finalize(const uint32_t* gids, size_t n, Column* out) override {
    for (size_t k = 0; k < n; ++k) {
      const Group& g = groups_[gids[k]];
      if (g.count <= 0) {
        out->AppendNull();
        continue;
      }
      if (g.months > INT32_MAX || g.months < INT32_MIN || g.days > INT32_MAX ||
          g.days < INT32_MIN || g.micros > INT64_MAX || g.micros < INT64_MIN) {
        return IntervalOutOfRange();
      }
      Interval iv;
      if (avg_) {
        iv = AvgIntervalDiv(g.months, g.days, g.micros, g.count);
      } else {
        iv = Interval{static_cast<int32_t>(g.months), static_cast<int32_t>(g.days),
                      static_cast<int64_t>(g.micros)};
      }
      out->nulls.push_back(0);
      out->intervals.push_back(iv);
    }
    return Status::OK();
  }
  uint64_t Bytes() const override { return groups_.size() * sizeof(Group); }
  void Save(uint32_t gid, std::string* out) const override {
    const Group& g = groups_[gid];
    PutInt128(out, g.months);
    PutInt128(out, g.days);
    PutInt128(out, g.micros);
    PutFixed64(out, g.count);
  }
  Status Load(uint32_t gid, std::string_view* in) override {
    Group& g = groups_[gid];
    return GetInt128(in, &g.months) && GetInt128(in, &g.days) && GetInt128(in, &g.micros) &&
                   GetInt64(in, &g.count)
               ? Status::OK()
               : Truncated();
  }

 private:
  struct Group {
    __int128 months = 0, days = 0, micros = 0;
    int64_t count = 0;
  };
  bool avg_;
  std::vector<Group> groups_;
};

// min/max: per group, the live values in order with their multiplicities.
// Changes are buffered and merged in bulk before results are read, so an
// insert costs an append, not a tree insert.
template <typename T>
struct ValueTraits;
template <>
struct ValueTraits<int64_t> {
  static const std::vector<int64_t>& Vec(const Column& c) { return c.ints; }
  static int Cmp(int64_t a, int64_t b) { return a < b ? -1 : (a > b ? 1 : 0); }
  static void Put(Column* out, const int64_t& v) { out->ints.push_back(v); }
  static void Save(std::string* out, const int64_t& v) { PutFixed64(out, v); }
  static bool Load(std::string_view* in, int64_t* v) { return GetInt64(in, v); }
};
template <>
struct ValueTraits<double> {
  static const std::vector<double>& Vec(const Column& c) { return c.floats; }
  static int Cmp(double a, double b) { return CompareDoubles(a, b); }
  static void Put(Column* out, const double& v) { out->floats.push_back(v); }
  static void Save(std::string* out, const double& v) { PutDouble(out, v); }
  static bool Load(std::string_view* in, double* v) { return GetDouble(in, v); }
};
template <>
struct ValueTraits<Decimal> {
  static const std::vector<Decimal>& Vec(const Column& c) { return c.decimals; }
  static int Cmp(const Decimal& a, const Decimal& b) { return DecimalCompare(a, b); }
  static void Put(Column* out, const Decimal& v) { out->decimals.push_back(v); }
  static void Save(std::string* out, const Decimal& v) {
    PutInt128(out, v.unscaled);
    PutFixed32(out, static_cast<uint32_t>(v.scale));
  }
  static bool Load(std::string_view* in, Decimal* v) {
    return GetInt128(in, &v->unscaled) && GetInt32(in, &v->scale);
  }
};
template <>
struct ValueTraits<std::string> {
  static const std::vector<std::string>& Vec(const Column& c) { return c.strings; }
  static int Cmp(const std::string& a, const std::string& b) {
    int c = a.compare(b);
    return c < 0 ? -1 : (c > 0 ? 1 : 0);
  }
  static void Put(Column* out, const std::string& v) { out->strings.push_back(v); }
  static void Save(std::string* out, const std::string& v) { PutBytes(out, v); }
  static bool Load(std::string_view* in, std::string* v) {
    std::string_view b;
    if (!GetBytes(in, &b)) return false;
    v->assign(b);
    return true;
  }
};
template <>
struct ValueTraits<Interval> {
  static const std::vector<Interval>& Vec(const Column& c) { return c.intervals; }
  static int Cmp(const Interval& a, const Interval& b) {
    __int128 x = IntervalSpan(a), y = IntervalSpan(b);
    return x < y ? -1 : (x > y ? 1 : 0);
  }
  static void Put(Column* out, const Interval& v) { out->intervals.push_back(v); }
  static void Save(std::string* out, const Interval& v) {
    PutFixed32(out, static_cast<uint32_t>(v.months));
    PutFixed32(out, static_cast<uint32_t>(v.days));
    PutFixed64(out, static_cast<uint64_t>(v.micros));
  }
  static bool Load(std::string_view* in, Interval* v) {
    return GetInt32(in, &v->months) && GetInt32(in, &v->days) && GetInt64(in, &v->micros);
  }
};

template <typename T>
class MinMaxState final : public AggregateState {
  using Tr = ValueTraits<T>;

 public:
  explicit MinMaxState(bool is_max) : is_max_(is_max) {}
  void Resize(size_t n) override { groups_.resize(n); }
  void Reset(uint32_t g) override {
    Flush();
    std::vector<std::pair<T, int64_t>>().swap(groups_[g]);
  }
  void SetAppendOnlyInput() override { append_only_ = true; }
  Status Update(const uint32_t* gids, const uint32_t* rows, const int64_t* w, size_t n,
                const Column* arg, const Column*) override {
    const uint8_t* nulls = arg->nulls.data();
    const std::vector<T>& v = Tr::Vec(*arg);
    if (append_only_) {
      // Only the extreme matters: one (value, 1) entry per group.
      for (size_t k = 0; k < n; ++k) {
        uint32_t r = rows[k];
        if (nulls[r] || w[k] == 0) continue;
        if (w[k] < 0) return Status::Internal("a retraction reached an append-only min/max");
        auto& vals = groups_[gids[k]];
        if (vals.empty()) {
          vals.push_back({v[r], 1});
          ++stored_;
        } else {
          int c = Tr::Cmp(v[r], vals[0].first);
          if (is_max_ ? c > 0 : c < 0) vals[0].first = v[r];
        }
      }
      return Status::OK();
    }
    for (size_t k = 0; k < n; ++k) {
      uint32_t r = rows[k];
      if (nulls[r] || w[k] == 0) continue;
      pending_.push_back({gids[k], v[r], w[k]});
    }
    if (pending_.size() > (1u << 16) && pending_.size() > stored_) Flush();
    return Status::OK();
  }
  Status Finalize(const uint32_t* gids, size_t n, Column* out) override {
    Flush();
    for (size_t k = 0; k < n; ++k) {
      const auto& vals = groups_[gids[k]];
      const std::pair<T, int64_t>* found = nullptr;
      if (is_max_) {
        for (size_t i = vals.size(); i-- > 0;) {
          if (vals[i].second > 0) {
            found = &vals[i];
            break;
          }
        }
      } else {
        for (const auto& e : vals) {
          if (e.second > 0) {
            found = &e;
            break;
          }
        }
      }
      if (found == nullptr) {
        out->AppendNull();
      } else {
        out->nulls.push_back(0);
        Tr::Put(out, found->first);
      }
    }
    return Status::OK();
  }
  uint64_t Bytes() const override {
    return stored_ * (sizeof(T) + 8) + pending_.size() * sizeof(Pending) +
           groups_.size() * sizeof(groups_[0]);
  }
  // The group's live values in order with their multiplicities (buffered
  // changes are merged first: merging does not change the abstract state).
  void Save(uint32_t g, std::string* out) const override {
    Flush();
    const auto& vals = groups_[g];
    PutVarint(out, vals.size());
    for (const auto& [v, c] : vals) {
      Tr::Save(out, v);
      PutFixed64(out, c);
    }
  }
  Status Load(uint32_t g, std::string_view* in) override {
    Flush();
    uint64_t n;
    if (!GetVarint(in, &n)) return Truncated();
    if (n > in->size() / 9) return Corrupt("bad min/max value count");
    std::vector<std::pair<T, int64_t>> vals(n);
    for (auto& [v, c] : vals) {
      if (!Tr::Load(in, &v) || !GetInt64(in, &c)) return Truncated();
      if (c == 0) return Corrupt("zero min/max multiplicity");
    }
    for (size_t i = 1; i < vals.size(); ++i) {
      if (Tr::Cmp(vals[i - 1].first, vals[i].first) >= 0) return Corrupt("unordered min/max values");
    }
    stored_ -= groups_[g].size();
    groups_[g] = std::move(vals);
    stored_ += groups_[g].size();
    return Status::OK();
  }

 private:
  struct Pending {
    uint32_t gid;
    T value;
    int64_t w;
  };

  // Merges the pending changes into the per-group ordered lists.
  void Flush() const {
    if (pending_.empty()) return;
    std::stable_sort(pending_.begin(), pending_.end(), [](const Pending& a, const Pending& b) {
      if (a.gid != b.gid) return a.gid < b.gid;
      return Tr::Cmp(a.value, b.value) < 0;
    });
    std::vector<std::pair<T, int64_t>> merged;
    size_t i = 0;
    while (i < pending_.size()) {
      uint32_t g = pending_[i].gid;
      size_t j = i;
      while (j < pending_.size() && pending_[j].gid == g) ++j;
      auto& vals = groups_[g];
      stored_ -= vals.size();
      merged.clear();
      merged.reserve(vals.size() + (j - i));
      size_t a = 0, b = i;
      while (a < vals.size() || b < j) {
        int c;
        if (a == vals.size()) {
          c = 1;
        } else if (b == j) {
          c = -1;
        } else {
          c = Tr::Cmp(vals[a].first, pending_[b].value);
        }
        if (c < 0) {
          merged.push_back(std::move(vals[a++]));
        } else if (c > 0) {
          if (!merged.empty() && Tr::Cmp(merged.back().first, pending_[b].value) == 0) {
            merged.back().second += pending_[b].w;
          } else {
            merged.emplace_back(std::move(pending_[b].value), pending_[b].w);
          }
          ++b;
        } else {
          merged.push_back(std::move(vals[a++]));
          merged.back().second += pending_[b++].w;
        }
      }
      vals.clear();
      for (auto& e : merged) {
        if (e.second != 0) vals.push_back(std::move(e));
      }
      stored_ += vals.size();
      i = j;
    }
    pending_.clear();
  }

  bool is_max_;
  // Mutable: Flush (a const operation on the abstract state) reorganizes them.
  mutable std::vector<std::vector<std::pair<T, int64_t>>> groups_;
  mutable std::vector<Pending> pending_;
  mutable size_t stored_ = 0;
  bool append_only_ = false;
};

class BoolState final : public AggregateState {
 public:
  explicit BoolState(bool is_and) : is_and_(is_and) {}
  void Resize(size_t n) override {
    trues_.resize(n, 0);
    falses_.resize(n, 0);
  }
  void Reset(uint32_t g) override { trues_[g] = falses_[g] = 0; }
  Status Update(const uint32_t* gids, const uint32_t* rows, const int64_t* w, size_t n,
                const Column* arg, const Column*) override {
    const uint8_t* nulls = arg->nulls.data();
    const int64_t* v = arg->ints.data();
    for (size_t k = 0; k < n; ++k) {
      uint32_t r = rows[k];
      if (nulls[r]) continue;
      (v[r] ? trues_ : falses_)[gids[k]] += w[k];
    }
    return Status::OK();
  }
  Status Finalize(const uint32_t* gids, size_t n, Column* out) override {
    for (size_t k = 0; k < n; ++k) {
      uint32_t g = gids[k];
      if (trues_[g] <= 0 && falses_[g] <= 0) {
        out->AppendNull();
        continue;
      }
      out->nulls.push_back(0);
      out->ints.push_back(is_and_ ? (falses_[g] > 0 ? 0 : 1) : (trues_[g] > 0 ? 1 : 0));
    }
    return Status::OK();
  }
  uint64_t Bytes() const override { return trues_.size() * 16; }
  void Save(uint32_t g, std::string* out) const override {
    PutFixed64(out, trues_[g]);
    PutFixed64(out, falses_[g]);
  }
  Status Load(uint32_t g, std::string_view* in) override {
    return GetInt64(in, &trues_[g]) && GetInt64(in, &falses_[g]) ? Status::OK() : Truncated();
  }

 private:
  bool is_and_;
  std::vector<int64_t> trues_, falses_;
};

// string_agg(value, delimiter): values in arrival order; a retraction removes
// the latest live copy coming from the same input row (else the latest copy
// of the same value and delimiter).
class StringAggState final : public AggregateState {
 public:
  bool WantsRowHashes() const override { return true; }
  void SetRowHashes(const uint64_t* hashes) override { row_hashes_ = hashes; }
  void Resize(size_t n) override { groups_.resize(n); }
  void Reset(uint32_t g) override { std::vector<Entry>().swap(groups_[g]); }
  Status Update(const uint32_t* gids, const uint32_t* rows, const int64_t* w, size_t n,
                const Column* arg, const Column* delim) override {
    for (size_t k = 0; k < n; ++k) {
      uint32_t r = rows[k];
      if (arg->nulls[r] || w[k] == 0) continue;
      const std::string& value = arg->strings[r];
      static const std::string kEmpty;
      const std::string& d = (delim == nullptr || delim->nulls[r]) ? kEmpty : delim->strings[r];
      const uint64_t row = row_hashes_ ? row_hashes_[r] : 0;
      auto& entries = groups_[gids[k]];
      if (w[k] > 0) {
        if (!entries.empty() && entries.back().count > 0 && entries.back().row == row &&
            entries.back().value == value && entries.back().delim == d) {
          entries.back().count += w[k];
        } else {
          entries.push_back({value, d, row, w[k]});
        }
        continue;
      }
      int64_t left = -w[k];
      for (int pass = 0; pass < 2 && left > 0; ++pass) {
        for (size_t i = entries.size(); i-- > 0 && left > 0;) {
          Entry& e = entries[i];
          if (e.count <= 0 || e.value != value || e.delim != d) continue;
          if (pass == 0 && e.row != row) continue;
          int64_t take = std::min(left, e.count);
          e.count -= take;
          left -= take;
        }
      }
      if (left > 0) entries.push_back({value, d, row, -left});
      entries.erase(std::remove_if(entries.begin(), entries.end(),
                                   [](const Entry& e) { return e.count == 0; }),
                    entries.end());
    }
    return Status::OK();
  }
  Status Finalize(const uint32_t* gids, size_t n, Column* out) override {
    for (size_t k = 0; k < n; ++k) {
      std::string s;
      bool any = false;
      for (const Entry& e : groups_[gids[k]]) {
        for (int64_t c = 0; c < e.count; ++c) {
          if (any) s += e.delim;
          s += e.value;
          any = true;
        }
      }
      if (!any) {
        out->AppendNull();
      } else {
        out->nulls.push_back(0);
        out->strings.push_back(std::move(s));
      }
    }
    return Status::OK();
  }
  uint64_t Bytes() const override {
    uint64_t b = groups_.size() * sizeof(groups_[0]);
    for (const auto& g : groups_) {
      for (const auto& e : g) b += sizeof(Entry) + e.value.size() + e.delim.size();
    }
    return b;
  }
  // Entries in order: value, delimiter, row hash, count.
  void Save(uint32_t g, std::string* out) const override {
    const auto& entries = groups_[g];
    PutVarint(out, entries.size());
    for (const Entry& e : entries) {
      PutBytes(out, e.value);
      PutBytes(out, e.delim);
      PutFixed64(out, e.row);
      PutFixed64(out, e.count);
    }
  }
  Status Load(uint32_t g, std::string_view* in) override {
    uint64_t n;
    if (!GetVarint(in, &n)) return Truncated();
    if (n > in->size() / 18) return Corrupt("bad string_agg entry count");
    std::vector<Entry> entries(n);
    for (Entry& e : entries) {
      std::string_view value, delim;
      if (!GetBytes(in, &value) || !GetBytes(in, &delim) || !GetFixed64(in, &e.row) ||
          !GetInt64(in, &e.count)) {
        return Truncated();
      }
      if (e.count == 0) return Corrupt("zero string_agg count");
      e.value.assign(value);
      e.delim.assign(delim);
    }
    groups_[g] = std::move(entries);
    return Status::OK();
  }

 private:
  struct Entry {
    std::string value;
    std::string delim;
    uint64_t row;  // hash of the input row it came from
    int64_t count;
  };
  std::vector<std::vector<Entry>> groups_;
  const uint64_t* row_hashes_ = nullptr;
};

std::unique_ptr<AggregateState> MakeMinMax(PhysicalKind k, bool is_max) {
  switch (k) {
    case PhysicalKind::kInt64: return std::make_unique<MinMaxState<int64_t>>(is_max);
    case PhysicalKind::kFloat64: return std::make_unique<MinMaxState<double>>(is_max);
    case PhysicalKind::kDecimal: return std::make_unique<MinMaxState<Decimal>>(is_max);
    case PhysicalKind::kString: return std::make_unique<MinMaxState<std::string>>(is_max);
    case PhysicalKind::kInterval: return std::make_unique<MinMaxState<Interval>>(is_max);
  }
  return nullptr;
}

}  // namespace

std::unique_ptr<AggregateState> MakeAggregateState(const ResolvedAggregate& agg) {
  const TypeId in = agg.input_type.id;
  switch (agg.kind) {
    case AggregateKind::kCountStar: return std::make_unique<CountState>(true);
    case AggregateKind::kCount: return std::make_unique<CountState>(false);
    case AggregateKind::kSum:
    case AggregateKind::kAvg: {
      const bool avg = agg.kind == AggregateKind::kAvg;
      if (IsIntegral(in)) {
        if (avg) return std::make_unique<SumIntState>(SumIntState::Out::kAvg);
        return std::make_unique<SumIntState>(agg.return_type.id == TypeId::kInt64
                                                 ? SumIntState::Out::kInt8
                                                 : SumIntState::Out::kNumeric);
      }
      if (in == TypeId::kNumeric) return std::make_unique<SumDecimalState>(avg);
      if (in == TypeId::kFloat32 || in == TypeId::kFloat64) {
        if (avg) return std::make_unique<SumFloatState>(SumFloatState::Out::kAvg);
        return std::make_unique<SumFloatState>(in == TypeId::kFloat32 ? SumFloatState::Out::kFloat4
                                                                      : SumFloatState::Out::kFloat8);
      }
      if (in == TypeId::kInterval) return std::make_unique<SumIntervalState>(avg);
      return nullptr;
    }
    case AggregateKind::kMin:
    case AggregateKind::kMax:
      return MakeMinMax(Physical(agg.input_type), agg.kind == AggregateKind::kMax);
    case AggregateKind::kBoolAnd: return std::make_unique<BoolState>(true);
    case AggregateKind::kBoolOr: return std::make_unique<BoolState>(false);
    case AggregateKind::kStringAgg: return std::make_unique<StringAggState>();
    case AggregateKind::kArrayAgg: return nullptr;
  }
  return nullptr;
}

}  // namespace kappa
