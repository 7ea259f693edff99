#include "common/decimal.h"

#include <charconv>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <cstring>

namespace kappa {
namespace {

using u128 = unsigned __int128;
using i128 = __int128;

constexpr int kMaxScale = 1000;  // NUMERIC_MAX_DISPLAY_SCALE

// A 256-bit unsigned integer: enough for the product of two 38-digit
// magnitudes and for numerators of aligned divisions.
struct U256 {
  uint64_t w[4] = {0, 0, 0, 0};  // little-endian limbs

  static U256 From(u128 v) {
    U256 r;
    r.w[0] = static_cast<uint64_t>(v);
    r.w[1] = static_cast<uint64_t>(v >> 64);
    return r;
  }
  bool FitsU128() const { return w[2] == 0 && w[3] == 0; }
  u128 ToU128() const { return (static_cast<u128>(w[1]) << 64) | w[0]; }
  bool IsZero() const { return (w[0] | w[1] | w[2] | w[3]) == 0; }
  // *this *= m; returns false on overflow.
  bool MulSmall(uint64_t m) {
    u128 carry = 0;
    for (int i = 0; i < 4; ++i) {
      u128 p = static_cast<u128>(w[i]) * m + carry;
      w[i] = static_cast<uint64_t>(p);
      carry = p >> 64;
    }
    return carry == 0;
  }
  // *this /= d; returns the remainder.
  uint64_t DivSmall(uint64_t d) {
    u128 rem = 0;
    for (int i = 3; i >= 0; --i) {
      u128 cur = (rem << 64) | w[i];
      w[i] = static_cast<uint64_t>(cur / d);
      rem = cur % d;
    }
    return static_cast<uint64_t>(rem);
  }
  bool Bit(int i) const { return (w[i / 64] >> (i % 64)) & 1; }
  void SetBit(int i) { w[i / 64] |= (uint64_t{1} << (i % 64)); }
  void Shl1() {
    for (int i = 3; i > 0; --i) w[i] = (w[i] << 1) | (w[i - 1] >> 63);
    w[0] <<= 1;
  }
  void Sub(const U256& o) {
    uint64_t borrow = 0;
    for (int i = 0; i < 4; ++i) {
      u128 d = static_cast<u128>(w[i]) - o.w[i] - borrow;
      w[i] = static_cast<uint64_t>(d);
      borrow = (d >> 64) ? 1 : 0;
    }
  }
  void Add(const U256& o) {
    u128 carry = 0;
    for (int i = 0; i < 4; ++i) {
      u128 s = static_cast<u128>(w[i]) + o.w[i] + carry;
      w[i] = static_cast<uint64_t>(s);
      carry = s >> 64;
    }
  }
};

int Cmp(const U256& a, const U256& b) {
  for (int i = 3; i >= 0; --i) {
    if (a.w[i] != b.w[i]) return a.w[i] < b.w[i] ? -1 : 1;
  }
  return 0;
}

U256 Mul128(u128 a, u128 b) {
  uint64_t a0 = static_cast<uint64_t>(a), a1 = static_cast<uint64_t>(a >> 64);
  uint64_t b0 = static_cast<uint64_t>(b), b1 = static_cast<uint64_t>(b >> 64);
  U256 r;
  u128 p00 = static_cast<u128>(a0) * b0;
  u128 p01 = static_cast<u128>(a0) * b1;
  u128 p10 = static_cast<u128>(a1) * b0;
  u128 p11 = static_cast<u128>(a1) * b1;
  r.w[0] = static_cast<uint64_t>(p00);
  u128 mid = (p00 >> 64) + static_cast<uint64_t>(p01) + static_cast<uint64_t>(p10);
  r.w[1] = static_cast<uint64_t>(mid);
  u128 hi = (mid >> 64) + (p01 >> 64) + (p10 >> 64) + static_cast<uint64_t>(p11);
  r.w[2] = static_cast<uint64_t>(hi);
  r.w[3] = static_cast<uint64_t>((hi >> 64) + (p11 >> 64));
  return r;
}

void DivMod(const U256& n, const U256& d, U256* q, U256* r) {
  *q = U256();
  *r = U256();
  int top = 255;
  while (top >= 0 && !n.Bit(top)) --top;
  for (int i = top; i >= 0; --i) {
    r->Shl1();
    if (n.Bit(i)) r->w[0] |= 1;
    if (Cmp(*r, d) >= 0) {
      r->Sub(d);
      q->SetBit(i);
    }
  }
}

// Multiplies by 10^k; false on overflow of 256 bits.
bool MulPow10(U256* v, int k) {
  while (k > 0) {
    int step = k > 19 ? 19 : k;
    if (!v->MulSmall(static_cast<uint64_t>(DecimalPow10(step)))) return false;
    k -= step;
  }
  return true;
}

// Divides by 10^k, rounding half away from zero (on the magnitude).
void DivPow10Round(U256* v, int k) {
  if (k <= 0) return;
  int rest = k - 1;
  while (rest > 0) {
    int step = rest > 19 ? 19 : rest;
    v->DivSmall(static_cast<uint64_t>(DecimalPow10(step)));
    rest -= step;
  }
  uint64_t last = v->DivSmall(10);
  if (last >= 5) v->Add(U256::From(1));
}

void DivPow10Trunc(U256* v, int k) {
  while (k > 0) {
    int step = k > 19 ? 19 : k;
    v->DivSmall(static_cast<uint64_t>(DecimalPow10(step)));
    k -= step;
  }
}

int DigitsU256(const U256& v) {
  if (v.FitsU128()) return DecimalDigits(v.ToU128());
  U256 t = v;
  int n = 0;
  while (!t.FitsU128()) {
    t.DivSmall(10);
    ++n;
  }
  return n + DecimalDigits(t.ToU128());
}

const u128 kMaxMagnitude = DecimalPow10(kMaxDecimalDigits) - 1;

Status Overflow() {
  return Status::Error(sqlstate::kNumericValueOutOfRange, "value overflows numeric format");
}

u128 Magnitude(const Decimal& d) {
  return d.unscaled < 0 ? static_cast<u128>(-(d.unscaled + 1)) + 1 : static_cast<u128>(d.unscaled);
}

Decimal Make(bool neg, u128 mag, int scale) {
  Decimal d;
  d.unscaled = neg ? -static_cast<i128>(mag) : static_cast<i128>(mag);
  d.scale = scale;
  return d;
}

// Builds a Decimal from a 256-bit magnitude at `scale`, rounding away
// fractional digits until it fits in 38 digits; 22003 if integer digits alone
// do not fit.
Result<Decimal> FromWide(bool neg, U256 mag, int scale) {
  int digits = DigitsU256(mag);
  if (digits > kMaxDecimalDigits) {
    int drop = digits - kMaxDecimalDigits;
    if (drop > scale) return Overflow();
    DivPow10Round(&mag, drop);
    scale -= drop;
    if (!mag.FitsU128() || mag.ToU128() > kMaxMagnitude) {
      if (scale == 0) return Overflow();
      DivPow10Round(&mag, 1);
      scale -= 1;
    }
  }
  return Make(neg && !mag.IsZero(), mag.ToU128(), scale);
}

// Base-10000 weight and first two base-10000 digits of |d| (PostgreSQL's
// NumericVar view); weight 0 / digits 0 for zero.
void NbaseView(const Decimal& d, int* weight, int* d0, int* d1) {
  u128 mag = Magnitude(d);
  *weight = 0;
  *d0 = 0;
  *d1 = 0;
  if (mag == 0) return;
  int n = DecimalDigits(mag);
  int e = n - 1 - d.scale;  // exponent of the leading decimal digit
  int w = e >= 0 ? e / 4 : -((-e + 3) / 4);
  *weight = w;
  // Digits of |d| / 10000^(w-1), i.e. the first two groups as an integer.
  U256 v = U256::From(mag);
  int shift = d.scale + 4 * (w - 1);  // divide by 10^shift
  if (shift >= 0) {
    DivPow10Trunc(&v, shift);
  } else {
    MulPow10(&v, -shift);
  }
  uint64_t two = static_cast<uint64_t>(v.ToU128() % 100000000);
  *d0 = static_cast<int>(two / 10000);
  *d1 = static_cast<int>(two % 10000);
}

int DivScale(const Decimal& a, const Decimal& b) {
  int w1, f1, x1, w2, f2, x2;
  NbaseView(a, &w1, &f1, &x1);
  NbaseView(b, &w2, &f2, &x2);
  int qweight = w1 - w2;
  if (f1 <= f2) qweight--;
  int rscale = 16 - qweight * 4;
  rscale = std::max(rscale, static_cast<int>(a.scale));
  rscale = std::max(rscale, static_cast<int>(b.scale));
  rscale = std::max(rscale, 0);
  rscale = std::min(rscale, kMaxScale);
  return rscale;
}

// |a| and |b| aligned to the larger scale, as 256-bit magnitudes.
void Align(const Decimal& a, const Decimal& b, U256* ma, U256* mb, int* scale) {
  *scale = std::max(a.scale, b.scale);
  *ma = U256::From(Magnitude(a));
  *mb = U256::From(Magnitude(b));
  MulPow10(ma, *scale - a.scale);
  MulPow10(mb, *scale - b.scale);
}

Result<Decimal> AddSigned(const Decimal& a, const Decimal& b, bool negate_b) {
  U256 ma, mb;
  int scale;
  Align(a, b, &ma, &mb, &scale);
  bool na = a.unscaled < 0;
  bool nb = (b.unscaled < 0) != negate_b && b.unscaled != 0;
  if (na == nb) {
    ma.Add(mb);
    return FromWide(na, ma, scale);
  }
  int c = Cmp(ma, mb);
  if (c == 0) return Make(false, 0, scale);
  if (c > 0) {
    ma.Sub(mb);
    return FromWide(na, ma, scale);
  }
  mb.Sub(ma);
  return FromWide(nb, mb, scale);
}

// PostgreSQL's estimate_ln_dweight.
int EstimateLnDweight(const Decimal& d) {
  if (d.unscaled <= 0) return 0;
  long double v = static_cast<long double>(DecimalToDouble(d));
  if (v >= 0.9L && v <= 1.1L) {
    Decimal one = DecimalFromInt(1);
    auto x = DecimalSub(d, one);
    if (!x.ok() || x->unscaled == 0) return 0;
    int w, d0, d1;
    NbaseView(*x, &w, &d0, &d1);
    return w * 4 + static_cast<int>(std::log10(static_cast<double>(d0)));
  }
  int w, d0, d1;
  NbaseView(d, &w, &d0, &d1);
  int digits = d0;
  int dweight = w * 4;
  if (d1 != 0 || true) {
    // PostgreSQL uses the second group when the value has one.
    u128 mag = Magnitude(d);
    int n = DecimalDigits(mag);
    int e = n - 1 - d.scale;
    int lowest = -d.scale;  // exponent of the last stored digit
    // Number of base-10000 groups the value occupies.
    int wl = lowest >= 0 ? lowest / 4 : -((-lowest + 3) / 4);
    (void)e;
    if (wl < w) {
      digits = d0 * 10000 + d1;
      dweight -= 4;
    }
  }
  double ln_var = std::log(static_cast<double>(digits)) + dweight * 2.302585092994046;
  return static_cast<int>(std::log10(std::fabs(ln_var)));
}

long double ToLongDouble(const Decimal& d) {
  std::string s = DecimalToString(d);
  return std::strtold(s.c_str(), nullptr);
}

// ln(d) in long double; near 1 through log1p of the exact difference.
long double LnLong(const Decimal& d) {
  auto x = DecimalSub(d, DecimalFromInt(1));
  if (x.ok()) {
    long double xl = ToLongDouble(*x);
    if (xl > -0.5L && xl < 0.5L) return std::log1p(xl);
  }
  return std::log(ToLongDouble(d));
}

Result<Decimal> FromLongDouble(long double v, int rscale) {
  if (!std::isfinite(static_cast<double>(v))) return Overflow();
  char buf[1200];
  int n = std::snprintf(buf, sizeof(buf), "%.*Lf", rscale, v);
  if (n <= 0 || n >= static_cast<int>(sizeof(buf))) return Overflow();
  return DecimalFromString(std::string_view(buf, n));
}

Status InvalidNumeric(std::string_view text) {
  return Status::Error(sqlstate::kInvalidTextRepresentation,
                       "invalid input syntax for type numeric: \"" + std::string(text) + "\"");
}

}  // namespace

unsigned __int128 DecimalPow10(int n) {
  static const auto table = [] {
    struct T {
      u128 v[39];
    } t;
    t.v[0] = 1;
    for (int i = 1; i <= 38; ++i) t.v[i] = t.v[i - 1] * 10;
    return t;
  }();
  return table.v[n];
}

int DecimalDigits(unsigned __int128 v) {
  int n = 1;
  while (n < 39 && v >= DecimalPow10(n)) ++n;
  return n;
}

std::string DecimalToString(const Decimal& d) {
  u128 mag = Magnitude(d);
  char digits[48];
  int n = 0;
  do {
    digits[n++] = static_cast<char>('0' + static_cast<int>(mag % 10));
    mag /= 10;
  } while (mag != 0);
  std::string out;
  out.reserve(n + d.scale + 3);
  if (d.unscaled < 0) out.push_back('-');
  int scale = d.scale;
  if (n <= scale) {
    out.append("0.");
    out.append(scale - n, '0');
    for (int i = n - 1; i >= 0; --i) out.push_back(digits[i]);
  } else {
    for (int i = n - 1; i >= 0; --i) {
      out.push_back(digits[i]);
      if (i == scale && scale > 0) out.push_back('.');
    }
  }
  return out;
}

Result<Decimal> DecimalFromString(std::string_view text) {
  size_t i = 0, n = text.size();
  auto is_space = [](char c) {
    return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v';
  };
  while (i < n && is_space(text[i])) ++i;
  size_t end = n;
  while (end > i && is_space(text[end - 1])) --end;
  bool neg = false;
  if (i < end && (text[i] == '+' || text[i] == '-')) {
    neg = text[i] == '-';
    ++i;
  }
  // Collect significant digits.
  std::string digits;
  int frac = 0;
  bool seen_digit = false, seen_point = false;
  for (; i < end; ++i) {
    char c = text[i];
    if (c >= '0' && c <= '9') {
      seen_digit = true;
      if (!(digits.empty() && c == '0')) digits.push_back(c);
      if (seen_point) ++frac;
    } else if (c == '.' && !seen_point) {
      seen_point = true;
    } else {
      break;
    }
  }
  if (!seen_digit) return InvalidNumeric(text);
  long exp = 0;
  if (i < end && (text[i] == 'e' || text[i] == 'E')) {
    ++i;
    bool eneg = false;
    if (i < end && (text[i] == '+' || text[i] == '-')) {
      eneg = text[i] == '-';
      ++i;
    }
    if (i >= end || !(text[i] >= '0' && text[i] <= '9')) return InvalidNumeric(text);
    while (i < end && text[i] >= '0' && text[i] <= '9') {
      exp = exp * 10 + (text[i] - '0');
      if (exp > 100000) return Overflow();
      ++i;
    }
    if (eneg) exp = -exp;
  }
  if (i != end) return InvalidNumeric(text);
  // value = digits * 10^(exp - frac); display scale = max(0, frac - exp).
  long scale = frac - exp;
  if (scale > kMaxScale) scale = kMaxScale;
  if (digits.empty()) return Make(false, 0, static_cast<int>(std::max(0L, scale)));
  U256 mag;
  long point_shift = exp - frac;  // power of ten applied to `digits`
  int used = 0;
  for (char c : digits) {
    if (used >= 76) break;
    mag.MulSmall(10);
    mag.Add(U256::From(static_cast<u128>(c - '0')));
    ++used;
  }
  long dropped = static_cast<long>(digits.size()) - used;
  point_shift += dropped;
  long target_scale = std::max(0L, scale);
  // mag * 10^point_shift expressed at target_scale: mag * 10^(point_shift + target_scale)
  long k = point_shift + target_scale;
  if (k > 0) {
    if (k > 80 || !MulPow10(&mag, static_cast<int>(k))) return Overflow();
  } else if (k < 0) {
    if (-k > 80) {
      mag = U256();
    } else {
      DivPow10Round(&mag, static_cast<int>(-k));
    }
  }
  return FromWide(neg, mag, static_cast<int>(target_scale));
}

Decimal DecimalFromInt(int64_t v) {
  Decimal d;
  d.unscaled = v;
  d.scale = 0;
  return d;
}

Result<Decimal> DecimalFromDouble(double v) {
  if (std::isnan(v)) return Status::NotSupported("cannot convert NaN to numeric");
  if (std::isinf(v)) {
    return Status::Error(sqlstate::kFeatureNotSupported, "cannot convert infinity to numeric");
  }
  char buf[64];
  int n = std::snprintf(buf, sizeof(buf), "%.15g", v);
  return DecimalFromString(std::string_view(buf, n));
}

double DecimalToDouble(const Decimal& d) {
  std::string s = DecimalToString(d);
  double out = 0;
  std::from_chars(s.data(), s.data() + s.size(), out);
  return out;
}

Result<int64_t> DecimalToInt64(const Decimal& d) {
  auto r = DecimalRescale(d, 0);
  if (!r.ok() || r->unscaled > INT64_MAX || r->unscaled < INT64_MIN) {
    return Status::Error(sqlstate::kNumericValueOutOfRange, "bigint out of range");
  }
  return static_cast<int64_t>(r->unscaled);
}

int DecimalCompare(const Decimal& a, const Decimal& b) {
  bool na = a.unscaled < 0, nb = b.unscaled < 0;
  if (a.scale == b.scale) return a.unscaled < b.unscaled ? -1 : (a.unscaled > b.unscaled ? 1 : 0);
  if (na != nb) return na ? -1 : 1;
  U256 ma, mb;
  int scale;
  Align(a, b, &ma, &mb, &scale);
  int c = Cmp(ma, mb);
  return na ? -c : c;
}

Decimal DecimalNormalize(const Decimal& d) {
  Decimal r = d;
  if (r.unscaled == 0) {
    r.scale = 0;
    return r;
  }
  while (r.scale > 0 && r.unscaled % 10 == 0) {
    r.unscaled /= 10;
    --r.scale;
  }
  return r;
}

Result<Decimal> DecimalAdd(const Decimal& a, const Decimal& b) { return AddSigned(a, b, false); }
Result<Decimal> DecimalSub(const Decimal& a, const Decimal& b) { return AddSigned(a, b, true); }

Result<Decimal> DecimalMul(const Decimal& a, const Decimal& b) {
  bool neg = (a.unscaled < 0) != (b.unscaled < 0);
  U256 p = Mul128(Magnitude(a), Magnitude(b));
  int scale = a.scale + b.scale;
  if (scale > kMaxScale) {
    DivPow10Round(&p, scale - kMaxScale);
    scale = kMaxScale;
  }
  return FromWide(neg, p, scale);
}

Result<Decimal> DecimalDiv(const Decimal& a, const Decimal& b) {
  if (b.unscaled == 0) return Status::Error(sqlstate::kDivisionByZero, "division by zero");
  int rscale = DivScale(a, b);
  bool neg = (a.unscaled < 0) != (b.unscaled < 0);
  u128 ma = Magnitude(a), mb = Magnitude(b);
  if (ma == 0) return Make(false, 0, rscale);
  for (;;) {
    // q = |a| * 10^(rscale - sa + sb) / |b|
    int e = rscale - a.scale + b.scale;
    U256 num = U256::From(ma);
    U256 den = U256::From(mb);
    bool ok = true;
    if (e >= 0) {
      ok = DigitsU256(num) + e <= 76 && MulPow10(&num, e);
    } else {
      ok = DigitsU256(den) - e <= 76 && MulPow10(&den, -e);
    }
    if (!ok) {
      if (rscale == 0) return Overflow();
      rscale -= std::max(1, DigitsU256(num) + e - 76);
      if (rscale < 0) rscale = 0;
      continue;
    }
    U256 q, r;
    DivMod(num, den, &q, &r);
    // Round half away from zero: 2r >= den.
    U256 r2 = r;
    r2.Shl1();
    if (Cmp(r2, den) >= 0) q.Add(U256::From(1));
    int digits = DigitsU256(q);
    if (digits > kMaxDecimalDigits) {
      int drop = digits - kMaxDecimalDigits;
      if (drop > rscale) return Overflow();
      rscale -= drop;
      continue;
    }
    return Make(neg && !q.IsZero(), q.ToU128(), rscale);
  }
}

Result<Decimal> DecimalDivTrunc(const Decimal& a, const Decimal& b) {
  if (b.unscaled == 0) return Status::Error(sqlstate::kDivisionByZero, "division by zero");
  U256 ma, mb, q, r;
  int scale;
  Align(a, b, &ma, &mb, &scale);
  DivMod(ma, mb, &q, &r);
  bool neg = (a.unscaled < 0) != (b.unscaled < 0);
  return FromWide(neg, q, 0);
}

Result<Decimal> DecimalMod(const Decimal& a, const Decimal& b) {
  if (b.unscaled == 0) return Status::Error(sqlstate::kDivisionByZero, "division by zero");
  U256 ma, mb, q, r;
  int scale;
  Align(a, b, &ma, &mb, &scale);
  DivMod(ma, mb, &q, &r);
  return FromWide(a.unscaled < 0, r, scale);
}

Decimal DecimalNeg(const Decimal& a) {
  Decimal r = a;
  r.unscaled = -a.unscaled;
  return r;
}

Decimal DecimalAbs(const Decimal& a) {
  Decimal r = a;
  if (r.unscaled < 0) r.unscaled = -r.unscaled;
  return r;
}

Result<Decimal> DecimalRescale(const Decimal& d, int scale) {
  if (scale == d.scale) return d;
  U256 m = U256::From(Magnitude(d));
  if (scale > d.scale) {
    if (!MulPow10(&m, scale - d.scale)) return Overflow();
    if (DigitsU256(m) > kMaxDecimalDigits) return Overflow();
  } else {
    DivPow10Round(&m, d.scale - scale);
  }
  return FromWide(d.unscaled < 0, m, scale);
}

Result<Decimal> DecimalRound(const Decimal& d, int s) {
  if (s >= 0) return DecimalRescale(d, std::min(s, kMaxScale));
  // Negative: round to 10^-s, result scale 0.
  U256 m = U256::From(Magnitude(d));
  int drop = d.scale - s;
  if (drop > 76) return Make(false, 0, 0);
  DivPow10Round(&m, drop);
  if (!MulPow10(&m, -s)) return Overflow();
  return FromWide(d.unscaled < 0, m, 0);
}

Result<Decimal> DecimalTrunc(const Decimal& d, int s) {
  s = std::min(s, kMaxScale);
  U256 m = U256::From(Magnitude(d));
  if (s >= d.scale) {
    if (!MulPow10(&m, s - d.scale)) return Overflow();
    return FromWide(d.unscaled < 0, m, s);
  }
  int drop = d.scale - s;
  if (drop > 76) return Make(false, 0, std::max(s, 0));
  DivPow10Trunc(&m, drop);
  if (s < 0 && !MulPow10(&m, -s)) return Overflow();
  return FromWide(d.unscaled < 0, m, std::max(s, 0));
}

Result<Decimal> DecimalCeil(const Decimal& d) {
  KAPPA_ASSIGN_OR_RETURN(Decimal t, DecimalTrunc(d, 0));
  if (d.unscaled > 0 && DecimalCompare(t, d) != 0) t.unscaled += 1;
  if (t.unscaled == 0) t.unscaled = 0;
  return t;
}

Result<Decimal> DecimalFloor(const Decimal& d) {
  KAPPA_ASSIGN_OR_RETURN(Decimal t, DecimalTrunc(d, 0));
  if (d.unscaled < 0 && DecimalCompare(t, d) != 0) t.unscaled -= 1;
  return t;
}

Decimal DecimalSign(const Decimal& d) {
  return DecimalFromInt(d.unscaled > 0 ? 1 : (d.unscaled < 0 ? -1 : 0));
}

Result<Decimal> DecimalApplyTypmod(const Decimal& d, int precision, int scale) {
  if (precision < 0) return d;
  if (scale < 0) scale = 0;
  int maxdigits = precision - scale;
  KAPPA_ASSIGN_OR_RETURN(Decimal r, DecimalRescale(d, scale));
  u128 mag = Magnitude(r);
  int int_digits = 0;
  if (mag != 0) {
    int n = DecimalDigits(mag);
    int_digits = n - r.scale;
    if (int_digits < 0) int_digits = 0;
  }
  if (int_digits > maxdigits) {
    std::string bound = maxdigits ? "10^" + std::to_string(maxdigits) : "1";
    return Status::Error(sqlstate::kNumericValueOutOfRange, "numeric field overflow")
        .WithDetail("A field with precision " + std::to_string(precision) + ", scale " +
                    std::to_string(scale) + " must round to an absolute value less than " +
                    bound + ".");
  }
  return r;
}

Result<Decimal> DecimalSqrt(const Decimal& d) {
  if (d.unscaled < 0) {
    return Status::Error("2201F", "cannot take square root of a negative number");
  }
  int w, d0, d1;
  NbaseView(d, &w, &d0, &d1);
  if (d.unscaled == 0) w = 0;
  int sweight = (w + 1) * 4 / 2 - 1;
  int rscale = 16 - sweight;
  rscale = std::max(rscale, static_cast<int>(d.scale));
  rscale = std::max(rscale, 0);
  rscale = std::min(rscale, kMaxScale);
  // isqrt(|d| * 10^(2 * (rscale + 1) - scale)), then round the extra digit.
  int e = 2 * (rscale + 1) - d.scale;
  U256 n = U256::From(Magnitude(d));
  if (e >= 0 && DigitsU256(n) + e <= 76 && MulPow10(&n, e)) {
    // Newton iteration on 256-bit integers.
    U256 x;
    int bits = 255;
    while (bits > 0 && !n.Bit(bits)) --bits;
    x.SetBit(bits / 2 + 1);
    for (;;) {
      U256 q, r;
      if (x.IsZero()) break;
      DivMod(n, x, &q, &r);
      U256 y = x;
      y.Add(q);
      // y >>= 1
      for (int i = 0; i < 4; ++i) {
        y.w[i] = (y.w[i] >> 1) | (i < 3 ? (y.w[i + 1] << 63) : 0);
      }
      if (Cmp(y, x) >= 0) break;
      x = y;
    }
    DivPow10Round(&x, 1);
    return FromWide(false, x, rscale);
  }
  return FromLongDouble(std::sqrt(ToLongDouble(d)), rscale);
}

Result<Decimal> DecimalExp(const Decimal& d) {
  double val = DecimalToDouble(d) * 0.434294481903252;
  val = std::max(val, -2000.0);
  val = std::min(val, 2000.0);
  int rscale = 16 - static_cast<int>(val);
  rscale = std::max(rscale, static_cast<int>(d.scale));
  rscale = std::max(rscale, 0);
  rscale = std::min(rscale, kMaxScale);
  long double r = std::exp(ToLongDouble(d));
  if (std::isinf(static_cast<double>(r))) return Overflow();
  return FromLongDouble(r, rscale);
}

Result<Decimal> DecimalLn(const Decimal& d) {
  if (d.unscaled == 0) {
    return Status::Error("2201E", "cannot take logarithm of zero");
  }
  if (d.unscaled < 0) {
    return Status::Error("2201E", "cannot take logarithm of a negative number");
  }
  int rscale = 16 - EstimateLnDweight(d);
  rscale = std::max(rscale, static_cast<int>(d.scale));
  rscale = std::max(rscale, 0);
  rscale = std::min(rscale, kMaxScale);
  return FromLongDouble(LnLong(d), rscale);
}

Result<Decimal> DecimalLog(const Decimal& base, const Decimal& x) {
  for (const Decimal* v : {&base, &x}) {
    if (v->unscaled == 0) return Status::Error("2201E", "cannot take logarithm of zero");
    if (v->unscaled < 0) {
      return Status::Error("2201E", "cannot take logarithm of a negative number");
    }
  }
  long double lb = LnLong(base);
  if (lb == 0) return Status::Error(sqlstate::kDivisionByZero, "division by zero");
  int result_dweight = EstimateLnDweight(x) - EstimateLnDweight(base);
  int rscale = 16 - result_dweight;
  rscale = std::max(rscale, static_cast<int>(base.scale));
  rscale = std::max(rscale, static_cast<int>(x.scale));
  rscale = std::max(rscale, 0);
  rscale = std::min(rscale, kMaxScale);
  long double lx = LnLong(x);
  return FromLongDouble(lx / lb, rscale);
}

Result<Decimal> DecimalPower(const Decimal& base, const Decimal& exp) {
  bool exp_is_int = DecimalCompare(exp, DecimalTrunc(exp, 0).value()) == 0;
  if (base.unscaled == 0 && exp.unscaled < 0) {
    return Status::Error("2201F", "zero raised to a negative power is undefined");
  }
  if (base.unscaled < 0 && !exp_is_int) {
    return Status::Error("2201F",
                         "a negative number raised to a non-integer power yields a complex result");
  }
  if (exp_is_int && std::fabs(DecimalToDouble(exp)) < 2147483648.0) {
    int rscale = std::max(16, static_cast<int>(base.scale));
    rscale = std::min(rscale, kMaxScale);
    int64_t n = static_cast<int64_t>(DecimalToDouble(exp));
    int64_t an = n < 0 ? -n : n;
    // Exact by repeated squaring while it fits.
    Decimal result = DecimalFromInt(1);
    Decimal b = base;
    bool exact = true;
    int64_t k = an;
    while (k > 0 && exact) {
      if (k & 1) {
        auto m = DecimalMul(result, b);
        if (!m.ok() || m->scale != result.scale + b.scale) {
          exact = false;
          break;
        }
        result = *m;
      }
      k >>= 1;
      if (k > 0) {
        auto sq = DecimalMul(b, b);
        if (!sq.ok() || sq->scale != 2 * b.scale) {
          exact = false;
          break;
        }
        b = *sq;
      }
    }
    if (exact) {
      if (n < 0) {
        // 1 / result at rscale.
        if (result.unscaled == 0) return Status::Error(sqlstate::kDivisionByZero, "division by zero");
        U256 num = U256::From(1);
        int e = rscale + result.scale;
        if (e <= 76 && MulPow10(&num, e)) {
          U256 den = U256::From(Magnitude(result)), q, r;
          DivMod(num, den, &q, &r);
          U256 r2 = r;
          r2.Shl1();
          if (Cmp(r2, den) >= 0) q.Add(U256::From(1));
          return FromWide(result.unscaled < 0, q, rscale);
        }
      } else {
        auto r = DecimalRescale(result, rscale);
        if (r.ok()) return r;
        return DecimalRescale(result, result.scale);
      }
    }
    long double v = std::pow(ToLongDouble(base), static_cast<long double>(n));
    return FromLongDouble(v, rscale);
  }
  long double lb = std::log(std::fabs(ToLongDouble(base)));
  double val = static_cast<double>(lb * DecimalToDouble(exp)) * 0.434294481903252;
  val = std::max(val, -2000.0);
  val = std::min(val, 2000.0);
  int rscale = 16 - static_cast<int>(val);
  rscale = std::max(rscale, static_cast<int>(base.scale));
  rscale = std::max(rscale, static_cast<int>(exp.scale));
  rscale = std::max(rscale, 0);
  rscale = std::min(rscale, kMaxScale);
  long double v = std::pow(ToLongDouble(base), ToLongDouble(exp));
  return FromLongDouble(v, rscale);
}

}  // namespace kappa
