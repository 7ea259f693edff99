#include "executor/nexmark_events.h"

#include <cmath>
#include <algorithm>
#include <cstdlib>
#include <vector>

namespace kappa {

namespace {

// ---------------------------------------------------------------- the RNG
// rand 0.8's SmallRng on 64-bit targets: xoshiro256++.
struct Rng {
  uint64_t s[4];

  static uint64_t Rotl(uint64_t x, int k) { return (x << k) | (x >> (64 - k)); }

  // rand_core 0.6's default SeedableRng::seed_from_u64: eight PCG32 outputs,
  // little-endian, as the 32-byte seed.
  explicit Rng(uint64_t state) {
    uint32_t w[8];
    for (uint32_t& x : w) {
      state = state * 6364136223846793005ull + 11634580027462260723ull;
      const uint32_t xorshifted = static_cast<uint32_t>(((state >> 18) ^ state) >> 27);
      const uint32_t rot = static_cast<uint32_t>(state >> 59);
      x = (xorshifted >> rot) | (xorshifted << ((32 - rot) & 31));
    }
    for (int i = 0; i < 4; ++i) s[i] = w[2 * i] | (uint64_t{w[2 * i + 1]} << 32);
    // An all-zero seed cannot come out of PCG32 for any state in practice;
    // rand would reseed with seed_from_u64(0) (never reached here).
  }

  uint64_t NextU64() {
    const uint64_t r = Rotl(s[0] + s[3], 23) + s[0];
    const uint64_t t = s[1] << 17;
    s[2] ^= s[0];
    s[3] ^= s[1];
    s[1] ^= s[2];
    s[0] ^= s[3];
    s[2] ^= t;
    s[3] = Rotl(s[3], 45);
    return r;
  }
  uint32_t NextU32() { return static_cast<uint32_t>(NextU64() >> 32); }

  // gen_range(0..range) for i32/u32 (32-bit sampler). REQUIRES: range > 0.
  uint32_t Range32(uint32_t range) {
    const uint32_t zone = (range << __builtin_clz(range)) - 1;
    while (true) {
      const uint64_t m = uint64_t{NextU32()} * range;
      if (static_cast<uint32_t>(m) <= zone) return static_cast<uint32_t>(m >> 32);
    }
  }
  // gen_range for u8 (32-bit sampler with the exact modulus zone).
  uint32_t Range8(uint32_t range) {
    const uint32_t reject = (UINT32_MAX - range + 1) % range;
    const uint32_t zone = UINT32_MAX - reject;
    while (true) {
      const uint64_t m = uint64_t{NextU32()} * range;
      if (static_cast<uint32_t>(m) <= zone) return static_cast<uint32_t>(m >> 32);
    }
  }
  // gen_range(0..range) for usize/u64 (64-bit sampler). REQUIRES: range > 0.
  uint64_t Range64(uint64_t range) {
    const uint64_t zone = (range << __builtin_clzll(range)) - 1;
    while (true) {
      const unsigned __int128 m = static_cast<unsigned __int128>(NextU64()) * range;
      if (static_cast<uint64_t>(m) <= zone) return static_cast<uint64_t>(m >> 64);
    }
  }
  // gen::<f32>()
  float UnitF32() { return static_cast<float>(NextU32() >> 8) * (1.0f / 16777216.0f); }

  // utils.rs gen_price
  int64_t Price() {
    const float u = UnitF32();
    return static_cast<int64_t>(std::round(std::pow(10.0f, u * 6.0f) * 100.0f));
  }
  // gen_exact_string, appended to *out
  void Letters(size_t n, std::string* out) {
    const size_t at = out->size();
    out->resize(at + n);
    char* p = out->data() + at;
    Rng local = *this;  // in registers: `p` may alias `this` for the compiler
    for (size_t i = 0; i < n; ++i) p[i] = static_cast<char>('a' + local.Range8(26));
    *this = local;
  }
  // gen_next_extra
  void Extra(size_t current, size_t average, std::string* out) {
    out->clear();
    if (current > average) return;
    const size_t want = average - current;
    const size_t delta = (want + 2) / 5;
    const size_t size = want - delta + (delta == 0 ? 0 : Range64(2 * delta));
    Letters(size, out);
  }
  // gen_string_with_delimiter(max, delim)
  void LettersWithDelimiter(size_t max, char delim, std::string* out) {
    const size_t len = 3 + Range64(max - 3);
    for (size_t i = 0; i < len; ++i) {
      if (Range32(13) == 0) {
        out->push_back(delim);
      } else {
        out->push_back(static_cast<char>('a' + Range8(26)));
      }
    }
  }
};

// ---------------------------------------------------------------- constants
constexpr std::string_view kStates[] = {"az", "ca", "id", "or", "wa", "wy"};
constexpr std::string_view kCities[] = {"phoenix", "los angeles", "san francisco", "boise",
                                        "portland", "bend", "redmond", "seattle", "kent",
                                        "cheyenne"};
constexpr std::string_view kHotChannels[] = {"Google", "Facebook", "Baidu", "Apple"};
constexpr std::string_view kFirstNames[] = {"peter", "paul", "luke", "john", "saul", "vicky",
                                            "kate", "julie", "sarah", "deiter", "walter"};
constexpr std::string_view kLastNames[] = {"shultz", "abrams", "spencer", "white", "bartels",
                                           "walton", "smith", "jones", "noris"};
constexpr uint64_t kProportion = 50;   // 1 person : 3 auctions : 46 bids
constexpr uint64_t kFirstId = 1000;    // first person / auction id
constexpr uint64_t kActivePeople = 1000;
constexpr uint64_t kInFlightAuctions = 100;
constexpr uint64_t kIdLead = 10;
constexpr uint64_t kHotRatio = 100;    // HOT_{SELLER,AUCTION,BIDDER}_RATIO
constexpr uint64_t kChannels = 10000;

uint32_t BitReverse32(uint32_t x) {
  x = ((x >> 1) & 0x55555555u) | ((x & 0x55555555u) << 1);
  x = ((x >> 2) & 0x33333333u) | ((x & 0x33333333u) << 2);
  x = ((x >> 4) & 0x0f0f0f0fu) | ((x & 0x0f0f0f0fu) << 4);
  return __builtin_bswap32(x);
}

std::string BaseUrl(uint64_t seed) {
  Rng rng(seed);
  std::string ids[3];
  for (std::string& id : ids) rng.LettersWithDelimiter(5, '_', &id);
  return "https://www.nexmark.com/" + ids[0] + "/" + ids[1] + "/" + ids[2] +
         "/item.htm?query=1";
}

struct Channels {
  std::vector<std::string> names, urls;  // kChannels each
  std::string hot_urls[4];
  Channels() {
    names.reserve(kChannels);
    urls.reserve(kChannels);
    for (uint64_t i = 0; i < kChannels; ++i) {
      std::string url = BaseUrl(i);
      Rng rng(i);
      if (rng.Range32(10) > 0) {
        const int32_t rev = static_cast<int32_t>(BitReverse32(static_cast<uint32_t>(i)));
        url += "&channel_id=" + std::to_string(std::llabs(static_cast<int64_t>(rev)));
      }
      names.push_back("channel-" + std::to_string(i));
      urls.push_back(std::move(url));
    }
    for (uint64_t i = 0; i < 4; ++i) hot_urls[i] = BaseUrl(i);
  }
};

const Channels& ChannelTable() {
  static const Channels* c = new Channels();  // never destroyed (used at exit by threads)
  return *c;
}

uint64_t LastPersonId(uint64_t n) { return n / kProportion; }

uint64_t LastAuctionId(uint64_t n) {
  uint64_t epoch = n / kProportion;
  uint64_t off = n % kProportion;
  if (off < 1) {
    epoch -= 1;  // REQUIRES: n >= 50 (never called for person events)
    off = 2;
  } else if (off >= 4) {
    off = 2;
  } else {
    off -= 1;
  }
  return epoch * 3 + off;
}

uint64_t NextPersonId(uint64_t n, Rng& rng) {
  const uint64_t people = LastPersonId(n) + 1;
  const uint64_t active = std::min(people, kActivePeople);
  return people - active + rng.Range64(active + kIdLead);
}

uint64_t NextAuctionId(uint64_t n, Rng& rng) {
  const uint64_t max_auction = LastAuctionId(n);
  const uint64_t min_auction = max_auction < kInFlightAuctions ? 0 : max_auction - kInFlightAuctions;
  return min_auction + rng.Range64(max_auction - min_auction + 1 + kIdLead);
}

void AppendPadded4(uint32_t v, std::string* out) {
  char buf[4] = {static_cast<char>('0' + v / 1000 % 10), static_cast<char>('0' + v / 100 % 10),
                 static_cast<char>('0' + v / 10 % 10), static_cast<char>('0' + v % 10)};
  out->append(buf, 4);
}

}  // namespace


NexmarkEvents::NexmarkEvents(int64_t base_time_ms, uint64_t event_rate)
    : base_time_ms_(base_time_ms),
      inter_event_delay_us_(1000000.0f / static_cast<float>(event_rate == 0 ? 1 : event_rate) *
                            1.0f) {
  (void)ChannelTable();  // build the channel table up front, not inside a timed loop
}

int64_t NexmarkEvents::TimestampMs(uint64_t n) const {
  const float off = (static_cast<float>(n) * inter_event_delay_us_) / 1000.0f;
  return base_time_ms_ + static_cast<int64_t>(static_cast<uint64_t>(std::round(off)));
}

void NexmarkEvents::FillPerson(uint64_t n, NexmarkPerson* p) const {
  Rng rng(n);
  p->id = static_cast<int64_t>(LastPersonId(n) + kFirstId);
  const std::string_view first = kFirstNames[rng.Range32(11)];
  const std::string_view last = kLastNames[rng.Range32(9)];
  p->name.assign(first);
  p->name.push_back(' ');
  p->name.append(last);
  p->email_address.clear();
  rng.Letters(7, &p->email_address);
  p->email_address.push_back('@');
  rng.Letters(5, &p->email_address);
  p->email_address.append(".com");
  p->credit_card.clear();
  for (int i = 0; i < 4; ++i) {
    if (i > 0) p->credit_card.push_back(' ');
    AppendPadded4(rng.Range32(10000), &p->credit_card);
  }
  p->city = kCities[rng.Range32(10)];
  p->state = kStates[rng.Range32(6)];
  const size_t current = 8 + p->name.size() + p->email_address.size() + p->credit_card.size() +
                         p->city.size() + p->state.size();
  rng.Extra(current, 200, &p->extra);
  p->date_time_ms = TimestampMs(n);
}

void NexmarkEvents::FillAuction(uint64_t n, NexmarkAuction* a) const {
  Rng rng(n);
  a->id = static_cast<int64_t>(LastAuctionId(n) + kFirstId);
  a->item_name.clear();
  rng.Letters(20, &a->item_name);
  a->description.clear();
  rng.Letters(100, &a->description);
  a->initial_bid = rng.Price();
  a->reserve = a->initial_bid + rng.Price();
  const int64_t time = TimestampMs(n);
  a->date_time_ms = time;
  // next_length: the horizon is the event time of the next 1,666 events.
  const uint64_t events_for_auctions = (kInFlightAuctions * kProportion) / 3;
  const uint64_t horizon = static_cast<uint64_t>(TimestampMs(n + events_for_auctions) - time);
  a->expires_ms = time + 1 + static_cast<int64_t>(rng.Range64(std::max<uint64_t>(horizon * 2, 1)));
  uint64_t seller;
  if (rng.Range64(4) > 0) {
    seller = (LastPersonId(n) / kHotRatio) * kHotRatio;
  } else {
    seller = NextPersonId(n, rng);
  }
  a->seller = static_cast<int64_t>(seller + kFirstId);
  a->category = static_cast<int64_t>(10 + rng.Range64(5));
  rng.Extra(8 + 20 + 100 + 8 + 8 + 8 + 8 + 8, 500, &a->extra);
}

void NexmarkEvents::FillBid(uint64_t n, NexmarkBid* b) const {
  Rng rng(n);
  uint64_t auction;
  if (rng.Range64(2) > 0) {
    auction = (LastAuctionId(n) / kHotRatio) * kHotRatio;
  } else {
    auction = NextAuctionId(n, rng);
  }
  uint64_t bidder;
  if (rng.Range64(4) > 0) {
    bidder = (LastPersonId(n) / kHotRatio) * kHotRatio + 1;
  } else {
    bidder = NextPersonId(n, rng);
  }
  b->auction = static_cast<int64_t>(auction + kFirstId);
  b->bidder = static_cast<int64_t>(bidder + kFirstId);
  b->price = rng.Price();
  const Channels& ch = ChannelTable();
  if (rng.Range64(2) > 0) {
    const uint64_t i = rng.Range64(4);
    b->channel = kHotChannels[i];
    b->url = ch.hot_urls[i];
  } else {
    const uint32_t i = rng.Range32(kChannels);
    b->channel = ch.names[i];
    b->url = ch.urls[i];
  }
  rng.Extra(8 + 8 + 8 + 8, 100, &b->extra);
  b->date_time_ms = TimestampMs(n);
}

}  // namespace kappa
