// nexmark_gen: writes Nexmark events as JSON lines in the combined format
// (docs/nexmark.md), the same events as a `connector = 'nexmark'` table:
//
//   nexmark_gen [--events N] [--first K] [--rate R] [--base-time MS] [--max-rate E]
//
//   --events N      events to write (default 1000); all kinds together
//   --first K       first event number (default 0): events [K, K+N)
//   --rate R        events per second of event time (default 10000)
//   --base-time MS  event time of event 0, ms since the epoch
//                   (default 1436918400000 = 2015-07-15 00:00:00 UTC)
//   --max-rate E    wall-clock pacing, events per second (default 0: none)
//
// One object per line:
//   {"event_type":2,"person":null,"auction":null,"bid":{"auction":1000,...}}
// with date_time/expires as "YYYY-MM-DD HH:MM:SS.mmm" (UTC). Bad arguments:
// a message on stderr and exit 1. A closed stdout (EPIPE) ends it quietly
// with exit 0.
#include <cerrno>
#include <charconv>
#include <chrono>
#include <csignal>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>
#include <string_view>
#include <thread>
#include <unistd.h>

#include "executor/nexmark_events.h"

namespace {

using kappa::NexmarkAuction;
using kappa::NexmarkBid;
using kappa::NexmarkEvents;
using kappa::NexmarkKind;
using kappa::NexmarkPerson;

class Out {
 public:
  Out() { buf_.reserve(kFlushAt + 4096); }
  void Raw(std::string_view s) { buf_.append(s); }
  void Int(int64_t v) {
    char tmp[24];
    auto r = std::to_chars(tmp, tmp + sizeof tmp, v);
    buf_.append(tmp, r.ptr);
  }
  // A JSON string; nexmark strings are ASCII letters, digits and URL
  // punctuation, but escape anyway.
  void Str(std::string_view s) {
    buf_.push_back('"');
    for (char c : s) {
      if (c == '"' || c == '\\') {
        buf_.push_back('\\');
        buf_.push_back(c);
      } else if (static_cast<unsigned char>(c) < 0x20) {
        char tmp[8];
        std::snprintf(tmp, sizeof tmp, "\\u%04x", c);
        buf_.append(tmp);
      } else {
        buf_.push_back(c);
      }
    }
    buf_.push_back('"');
  }
  void Time(int64_t ms) {
    const int64_t sec = ms >= 0 ? ms / 1000 : (ms - 999) / 1000;
    if (sec != cached_sec_) {
      cached_sec_ = sec;
      FormatSecond(sec);
    }
    const int m = static_cast<int>(ms - sec * 1000);
    char tail[5] = {'.', static_cast<char>('0' + m / 100), static_cast<char>('0' + m / 10 % 10),
                    static_cast<char>('0' + m % 10), '"'};
    buf_.push_back('"');
    buf_.append(cached_, 19);
    buf_.append(tail, 5);
  }
  // False when stdout is closed.
  bool MaybeFlush(bool force = false) {
    if (buf_.size() < kFlushAt && !force) return true;
    const char* p = buf_.data();
    size_t left = buf_.size();
    while (left > 0) {
      ssize_t w = ::write(1, p, left);
      if (w < 0) {
        if (errno == EINTR) continue;
        return false;
      }
      p += w;
      left -= static_cast<size_t>(w);
    }
    bytes_ += buf_.size();
    buf_.clear();
    return true;
  }
  uint64_t bytes() const { return bytes_; }

 private:
  static constexpr size_t kFlushAt = 1 << 20;
  void FormatSecond(int64_t sec) {
    int64_t days = sec >= 0 ? sec / 86400 : (sec - 86399) / 86400;
    int64_t rem = sec - days * 86400;
    // Civil from days (Howard Hinnant's algorithm).
    days += 719468;
    const int64_t era = (days >= 0 ? days : days - 146096) / 146097;
    const int64_t doe = days - era * 146097;
    const int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    int64_t y = yoe + era * 400;
    const int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    const int64_t mp = (5 * doy + 2) / 153;
    const int64_t d = doy - (153 * mp + 2) / 5 + 1;
    const int64_t mo = mp < 10 ? mp + 3 : mp - 9;
    if (mo <= 2) ++y;
    std::snprintf(cached_, sizeof cached_, "%04d-%02d-%02d %02d:%02d:%02d", static_cast<int>(y),
                  static_cast<int>(mo), static_cast<int>(d), static_cast<int>(rem / 3600),
                  static_cast<int>(rem / 60 % 60), static_cast<int>(rem % 60));
  }
  std::string buf_;
  uint64_t bytes_ = 0;
  int64_t cached_sec_ = INT64_MIN;
  char cached_[32] = {};
};

bool ParseU64(const char* s, uint64_t* out) {
  const char* end = s + std::strlen(s);
  auto r = std::from_chars(s, end, *out);
  return r.ec == std::errc() && r.ptr == end && end != s;
}
bool ParseI64(const char* s, int64_t* out) {
  const char* end = s + std::strlen(s);
  auto r = std::from_chars(s, end, *out);
  return r.ec == std::errc() && r.ptr == end && end != s;
}

int Usage(const char* why) {
  std::fprintf(stderr,
               "nexmark_gen: %s\nusage: nexmark_gen [--events N] [--first K] [--rate R] "
               "[--base-time MS] [--max-rate E]\n",
               why);
  return 1;
}

}  // namespace

int main(int argc, char** argv) {
  std::signal(SIGPIPE, SIG_IGN);
  uint64_t events = 1000, first = 0, rate = 10000, max_rate = 0;
  int64_t base_time = kappa::kNexmarkDefaultBaseTimeMs;
  for (int i = 1; i < argc; ++i) {
    const std::string_view a = argv[i];
    if (a == "--help" || a == "-h") {
      Usage("writes Nexmark events as JSON lines");
      return 0;
    }
    if (i + 1 >= argc) return Usage(("missing value for " + std::string(a)).c_str());
    const char* v = argv[++i];
    bool ok;
    if (a == "--events") {
      ok = ParseU64(v, &events);
    } else if (a == "--first") {
      ok = ParseU64(v, &first);
    } else if (a == "--rate") {
      ok = ParseU64(v, &rate) && rate > 0 && rate <= 1000000000;
    } else if (a == "--base-time") {
      ok = ParseI64(v, &base_time) && base_time > -60000000000000LL &&
           base_time < 250000000000000LL;
    } else if (a == "--max-rate") {
      ok = ParseU64(v, &max_rate);
    } else {
      return Usage(("unknown option " + std::string(a)).c_str());
    }
    if (!ok) return Usage(("bad value for " + std::string(a) + ": " + v).c_str());
  }
  if (first + events < first) return Usage("--first + --events overflows");

  const NexmarkEvents gen(base_time, rate);
  NexmarkPerson p;
  NexmarkAuction au;
  NexmarkBid b;
  Out out;
  const auto started = std::chrono::steady_clock::now();
  for (uint64_t k = 0; k < events; ++k) {
    const uint64_t n = first + k;
    if (max_rate > 0 && k % 64 == 0) {
      const auto due = started + std::chrono::duration_cast<std::chrono::steady_clock::duration>(
                                     std::chrono::duration<double>(static_cast<double>(k) /
                                                                   static_cast<double>(max_rate)));
      if (due > std::chrono::steady_clock::now()) {
        if (!out.MaybeFlush(true)) return 0;
        std::this_thread::sleep_until(due);
      }
    }
    switch (NexmarkEvents::KindOf(n)) {
      case NexmarkKind::kPerson:
        gen.FillPerson(n, &p);
        out.Raw("{\"event_type\":0,\"person\":{\"id\":");
        out.Int(p.id);
        out.Raw(",\"name\":");
        out.Str(p.name);
        out.Raw(",\"email_address\":");
        out.Str(p.email_address);
        out.Raw(",\"credit_card\":");
        out.Str(p.credit_card);
        out.Raw(",\"city\":");
        out.Str(p.city);
        out.Raw(",\"state\":");
        out.Str(p.state);
        out.Raw(",\"date_time\":");
        out.Time(p.date_time_ms);
        out.Raw(",\"extra\":");
        out.Str(p.extra);
        out.Raw("},\"auction\":null,\"bid\":null}\n");
        break;
      case NexmarkKind::kAuction:
        gen.FillAuction(n, &au);
        out.Raw("{\"event_type\":1,\"person\":null,\"auction\":{\"id\":");
        out.Int(au.id);
        out.Raw(",\"item_name\":");
        out.Str(au.item_name);
        out.Raw(",\"description\":");
        out.Str(au.description);
        out.Raw(",\"initial_bid\":");
        out.Int(au.initial_bid);
        out.Raw(",\"reserve\":");
        out.Int(au.reserve);
        out.Raw(",\"date_time\":");
        out.Time(au.date_time_ms);
        out.Raw(",\"expires\":");
        out.Time(au.expires_ms);
        out.Raw(",\"seller\":");
        out.Int(au.seller);
        out.Raw(",\"category\":");
        out.Int(au.category);
        out.Raw(",\"extra\":");
        out.Str(au.extra);
        out.Raw("},\"bid\":null}\n");
        break;
      case NexmarkKind::kBid:
        gen.FillBid(n, &b);
        out.Raw("{\"event_type\":2,\"person\":null,\"auction\":null,\"bid\":{\"auction\":");
        out.Int(b.auction);
        out.Raw(",\"bidder\":");
        out.Int(b.bidder);
        out.Raw(",\"price\":");
        out.Int(b.price);
        out.Raw(",\"channel\":");
        out.Str(b.channel);
        out.Raw(",\"url\":");
        out.Str(b.url);
        out.Raw(",\"date_time\":");
        out.Time(b.date_time_ms);
        out.Raw(",\"extra\":");
        out.Str(b.extra);
        out.Raw("}}\n");
        break;
    }
    if (!out.MaybeFlush()) return 0;
  }
  out.MaybeFlush(true);
  if (std::getenv("NEXMARK_GEN_STATS") != nullptr) {
    const double s = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
    std::fprintf(stderr, "%llu events, %llu bytes in %.3f s: %.0f events/s, %.1f MB/s\n",
                 static_cast<unsigned long long>(events), static_cast<unsigned long long>(out.bytes()),
                 s, static_cast<double>(events) / s, static_cast<double>(out.bytes()) / s / 1e6);
  }
  return 0;
}
