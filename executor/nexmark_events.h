// NexmarkEvents: the Nexmark auction events (person, auction, bid), generated
// deterministically per event number, bit-exact with RisingWave's Rust crate
// `nexmark` 0.2.0 (risingwavelabs/nexmark-rs) in its default configuration
// with `first_event_id = 0`, one generator, a constant rate and the given base
// time (see the shared docs, nexmark.md "Generator rules"):
//
//  - event n is a person if n % 50 == 0, an auction if n % 50 < 4, else a bid;
//  - every event draws from a fresh xoshiro256++ seeded with n through
//    rand_core 0.6's seed_from_u64 (eight PCG32 outputs), with rand 0.8's
//    samplers (widening multiply with a rejection zone for integers,
//    (next_u32 >> 8) * 2^-24 for floats), in the crate's draw order;
//  - date_time(n) = base_time + round(f32(n) * f32(1e6 / rate) / 1000) ms,
//    computed in f32 as the crate does (so beyond 2^24 events the
//    millisecond steps are those of f32 rounding; still non-decreasing).
//
// Because nothing depends on other events, any split of the range of event
// numbers generates the same events. The Fill* functions write into
// caller-owned structs whose strings are reused (no allocation once their
// capacity suffices).
//
// Thread safety: a NexmarkEvents is immutable after construction; its const
// methods may be called from several threads.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

namespace kappa {

enum class NexmarkKind : uint8_t { kPerson = 0, kAuction = 1, kBid = 2 };

// 2015-07-15 00:00:00 UTC in milliseconds since the epoch.
inline constexpr int64_t kNexmarkDefaultBaseTimeMs = 1436918400000;

struct NexmarkPerson {
  int64_t id = 0;
  std::string name, email_address, credit_card;
  std::string_view city, state;  // static storage
  int64_t date_time_ms = 0;
  std::string extra;
};

struct NexmarkAuction {
  int64_t id = 0;
  std::string item_name, description;
  int64_t initial_bid = 0, reserve = 0;
  int64_t date_time_ms = 0, expires_ms = 0;
  int64_t seller = 0, category = 0;
  std::string extra;
};

struct NexmarkBid {
  int64_t auction = 0, bidder = 0, price = 0;
  std::string_view channel, url;  // static storage
  int64_t date_time_ms = 0;
  std::string extra;
};

class NexmarkEvents {
 public:
  // `event_rate`: events per second of event time (> 0).
  explicit NexmarkEvents(int64_t base_time_ms = kNexmarkDefaultBaseTimeMs,
                         uint64_t event_rate = 10000);

  static NexmarkKind KindOf(uint64_t n) {
    const uint64_t r = n % 50;
    return r < 1 ? NexmarkKind::kPerson : r < 4 ? NexmarkKind::kAuction : NexmarkKind::kBid;
  }
  // Event n's date_time, ms since the epoch.
  int64_t TimestampMs(uint64_t n) const;

  // REQUIRES: KindOf(n) is the kind filled.
  void FillPerson(uint64_t n, NexmarkPerson* out) const;
  void FillAuction(uint64_t n, NexmarkAuction* out) const;
  void FillBid(uint64_t n, NexmarkBid* out) const;

  int64_t base_time_ms() const { return base_time_ms_; }

 private:
  int64_t base_time_ms_;
  float inter_event_delay_us_;
};

}  // namespace kappa
