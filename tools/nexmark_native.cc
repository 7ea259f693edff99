// nexmark_native: the practical limit for Nexmark q0, q5 and q7 -- a
// hand-written, single-threaded C++ loop over the same events kappadb
// generates (executor/nexmark_events.h), for bench/nexmark_bench.py.
//
//   nexmark_native [--events N] [--rate R] [--queries q0,q5,q7]
//
//   --events N   events of the stream, all kinds together (default 10,000,000)
//   --rate R     events per second of event time (default 10000)
//   --queries    which of q0, q5, q7 to compute (default all three)
//
// First generates the N events into memory (bids in a vector of NexmarkBid,
// timed as "generate"), then per query computes the result over the bids in
// memory and times it:
//   q0  pass-through: copies auction, bidder, price, date_time, extra of every
//       bid into a result vector;
//   q5  per HOP window (10 s, sliding by 2 s) the bid count per auction (hash
//       map), the window's maximum, and the (window, auction) rows whose count
//       equals it (bench/nexmark/q5.sql over all windows);
//   q7  per TUMBLE window (10 s) the highest price (hash map), then the bids
//       whose price equals the maximum of a window ending within
//       [date_time, date_time + 10 s] (bench/nexmark/q7.sql, RisingWave's form).
// Prints one JSON line:
//   {"events": N, "bids": B, "generate_s": G, "queries": [{"query": "q0",
//    "seconds": S, "rows": R}, ...]}
// The row counts equal the batch queries' counts in kappadb. Bad arguments:
// a message on stderr and exit 1.
#include <chrono>
#include <cinttypes>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>
#include <unordered_map>
#include <vector>

#include "executor/nexmark_events.h"

namespace {

using Clock = std::chrono::steady_clock;

double Since(Clock::time_point t0) {
  return std::chrono::duration<double>(Clock::now() - t0).count();
}

struct Q0Row {
  int64_t auction, bidder, price, date_time_ms;
  std::string extra;
};

// Floor division for possibly negative numerators.
int64_t FloorDiv(int64_t a, int64_t b) { return a >= 0 ? a / b : -((-a + b - 1) / b); }

size_t RunQ0(const std::vector<kappa::NexmarkBid>& bids) {
  std::vector<Q0Row> out;
  out.reserve(bids.size());
  for (const auto& b : bids) out.push_back({b.auction, b.bidder, b.price, b.date_time_ms, b.extra});
  return out.size();
}

size_t RunQ5(const std::vector<kappa::NexmarkBid>& bids) {
  constexpr int64_t kSlide = 2000, kSize = 10000;
  // Key: window start index (start / slide) and auction packed together.
  std::unordered_map<int64_t, std::unordered_map<int64_t, int64_t>> counts;
  for (const auto& b : bids) {
    const int64_t last = FloorDiv(b.date_time_ms, kSlide);
    for (int64_t w = last - kSize / kSlide + 1; w <= last; ++w) ++counts[w][b.auction];
  }
  size_t rows = 0;
  for (const auto& [w, per_auction] : counts) {
    int64_t mx = 0;
    for (const auto& [a, n] : per_auction) mx = n > mx ? n : mx;
    for (const auto& [a, n] : per_auction) rows += n >= mx;
  }
  return rows;
}

size_t RunQ7(const std::vector<kappa::NexmarkBid>& bids) {
  constexpr int64_t kSize = 10000;
  std::unordered_map<int64_t, int64_t> max_by_end;  // window end (ms) -> max price
  for (const auto& b : bids) {
    const int64_t end = (FloorDiv(b.date_time_ms, kSize) + 1) * kSize;
    auto [it, inserted] = max_by_end.try_emplace(end, b.price);
    if (!inserted && b.price > it->second) it->second = b.price;
  }
  size_t rows = 0;
  for (const auto& b : bids) {
    // Window ends e (multiples of 10 s) with date_time <= e <= date_time + 10 s.
    const int64_t first = FloorDiv(b.date_time_ms + kSize - 1, kSize) * kSize;
    for (int64_t e = first; e <= b.date_time_ms + kSize; e += kSize) {
      auto it = max_by_end.find(e);
      if (it != max_by_end.end() && it->second == b.price) ++rows;
    }
  }
  return rows;
}

}  // namespace

int main(int argc, char** argv) {
  int64_t events = 10'000'000, rate = 10000;
  std::string queries = "q0,q5,q7";
  for (int i = 1; i < argc; ++i) {
    const char* a = argv[i];
    const bool has_value = i + 1 < argc;
    if (!strcmp(a, "--events") && has_value) {
      events = strtoll(argv[++i], nullptr, 10);
    } else if (!strcmp(a, "--rate") && has_value) {
      rate = strtoll(argv[++i], nullptr, 10);
    } else if (!strcmp(a, "--queries") && has_value) {
      queries = argv[++i];
    } else {
      fprintf(stderr, "usage: nexmark_native [--events N] [--rate R] [--queries q0,q5,q7]\n");
      return 1;
    }
  }
  if (events <= 0 || rate <= 0) {
    fprintf(stderr, "nexmark_native: --events and --rate must be positive\n");
    return 1;
  }
  const kappa::NexmarkEvents gen(kappa::kNexmarkDefaultBaseTimeMs, static_cast<uint64_t>(rate));
  auto t0 = Clock::now();
  std::vector<kappa::NexmarkBid> bids;
  bids.reserve(static_cast<size_t>(events / 50 * 46 + 50));
  kappa::NexmarkPerson person;
  kappa::NexmarkAuction auction;
  for (int64_t n = 0; n < events; ++n) {
    switch (kappa::NexmarkEvents::KindOf(n)) {
      case kappa::NexmarkKind::kPerson: gen.FillPerson(n, &person); break;
      case kappa::NexmarkKind::kAuction: gen.FillAuction(n, &auction); break;
      case kappa::NexmarkKind::kBid: gen.FillBid(n, &bids.emplace_back()); break;
    }
  }
  const double generate_s = Since(t0);
  printf("{\"events\": %" PRId64 ", \"bids\": %zu, \"generate_s\": %.4f, \"queries\": [", events,
         bids.size(), generate_s);
  bool first = true;
  for (const char* q : {"q0", "q5", "q7"}) {
    if (("," + queries + ",").find(std::string(",") + q + ",") == std::string::npos) continue;
    t0 = Clock::now();
    size_t rows = 0;
    if (!strcmp(q, "q0")) rows = RunQ0(bids);
    if (!strcmp(q, "q5")) rows = RunQ5(bids);
    if (!strcmp(q, "q7")) rows = RunQ7(bids);
    printf("%s{\"query\": \"%s\", \"seconds\": %.4f, \"rows\": %zu}", first ? "" : ", ", q,
           Since(t0), rows);
    first = false;
  }
  printf("]}\n");
  return 0;
}
