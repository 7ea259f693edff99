#include <doctest/doctest.h>

#include <cstdlib>
#include <set>

#include "executor/nexmark_events.h"
#include "executor/nexmark_generator.h"

namespace kappa {
namespace {

TableInfo NexmarkTable(std::vector<std::pair<std::string, DataType>> cols,
                       std::vector<std::pair<std::string, std::string>> options) {
  TableInfo t;
  t.name = "nx";
  for (auto& [n, ty] : cols) {
    ColumnInfo c;
    c.name = n;
    c.type = ty;
    t.columns.push_back(c);
  }
  t.options = {{"connector", "nexmark"}};
  for (auto& o : options) t.options.push_back(o);
  return t;
}

const DataType kBig(TypeId::kInt64);
const DataType kText(TypeId::kText);
const DataType kTs(TypeId::kTimestamp);

TEST_CASE("nexmark: the crate's test vectors (event 0 person, event 4 bid)") {
  NexmarkEvents g;
  NexmarkPerson p;
  g.FillPerson(0, &p);
  CHECK(p.id == 1000);
  CHECK(p.name == "vicky noris");
  CHECK(p.email_address == "yplkvgz@qbxfg.com");
  CHECK(p.credit_card == "7878 5821 1864 2539");
  CHECK(p.city == "cheyenne");
  CHECK(p.state == "az");
  CHECK(p.date_time_ms == kNexmarkDefaultBaseTimeMs);
  CHECK(p.extra ==
        "lwaiyhjhrkaruidlsjilvqccyedttedeynpqmackqbwvklwuyypztnkengzgtwtjivjgrxurskpcldfohdzuwne"
        "fqymyncrksxyfaecwsbswjumzxudgoznyhakxrudomnxtmqtgshecfjgspxzpludz");
  NexmarkBid b;
  g.FillBid(4, &b);
  CHECK(b.auction == 1000);
  CHECK(b.bidder == 1001);
  CHECK(b.price == 73134520);
  CHECK(b.channel == "channel-7568");
  // The url of channel 7568: base url of seed 7568 plus its channel_id.
  CHECK(b.url.starts_with("https://www.nexmark.com/"));
  CHECK(b.url.ends_with("/item.htm?query=1&channel_id=163053568"));
  CHECK(b.date_time_ms == kNexmarkDefaultBaseTimeMs);  // 0.4 ms rounds to 0
  NexmarkAuction a;
  g.FillAuction(1, &a);
  CHECK(a.id == 1000);
  CHECK(a.item_name.size() == 20);
  CHECK(a.description.size() == 100);
  CHECK(a.reserve >= a.initial_bid);
  CHECK(a.category >= 10);
  CHECK(a.category <= 14);
}

TEST_CASE("nexmark: kinds, ids, hot keys, ranges and times over 1,000,000 events") {
  NexmarkEvents g;
  NexmarkPerson p;
  NexmarkAuction a;
  NexmarkBid b;
  const uint64_t kN = 1000000;
  uint64_t persons = 0, auctions = 0, bids = 0;
  int64_t max_person = 0, max_auction = 0;
  uint64_t hot_auction = 0, hot_bidder = 0, hot_channel = 0;
  int64_t min_price = INT64_MAX, max_price = 0;
  std::set<int64_t> categories;
  bool ok_ids = true, ok_refs = true, ok_expires = true, ok_times = true;
  int64_t last_t = 0;
  for (uint64_t n = 0; n < kN; ++n) {
    const int64_t expect_ms = kNexmarkDefaultBaseTimeMs + (static_cast<int64_t>(n) + 5) / 10;
    int64_t t = 0;
    switch (NexmarkEvents::KindOf(n)) {
      case NexmarkKind::kPerson:
        g.FillPerson(n, &p);
        ++persons;
        ok_ids &= p.id == static_cast<int64_t>(n / 50 + 1000);
        max_person = p.id;
        t = p.date_time_ms;
        break;
      case NexmarkKind::kAuction:
        g.FillAuction(n, &a);
        ++auctions;
        ok_ids &= a.id == max_auction + 1 || (max_auction == 0 && a.id == 1000);
        max_auction = a.id;
        categories.insert(a.category);
        ok_refs &= a.seller >= 1000 && a.seller <= max_person + 10;
        ok_expires &= a.expires_ms > a.date_time_ms &&
                      a.expires_ms <= a.date_time_ms + 2 * 167 + 1;  // 1,666 events at 10/ms
        t = a.date_time_ms;
        break;
      case NexmarkKind::kBid:
        g.FillBid(n, &b);
        ++bids;
        // References: existing auctions/people, plus the crate's lead of 10.
        ok_refs &= b.auction >= 1000 && b.auction <= max_auction + 10;
        ok_refs &= b.bidder >= 1000 && b.bidder <= max_person + 10;
        if (b.auction == ((max_auction - 1000) / 100) * 100 + 1000) ++hot_auction;
        if (b.bidder == ((max_person - 1000) / 100) * 100 + 1001) ++hot_bidder;
        if (!b.channel.starts_with("channel-")) ++hot_channel;
        min_price = std::min(min_price, b.price);
        max_price = std::max(max_price, b.price);
        t = b.date_time_ms;
        break;
    }
    // n / 10 ms at 10,000 events/s, within the crate's f32 rounding (1 ms
    // once n * 100 passes 2^24), and never decreasing.
    ok_times &= std::llabs(t - expect_ms) <= 1 && t >= last_t;
    if (n < 100000) ok_times &= t == expect_ms;  // exact while n * 100 < 2^24 * 8
    last_t = t;
  }
  CHECK(persons == kN / 50);
  CHECK(auctions == kN / 50 * 3);
  CHECK(bids == kN / 50 * 46);
  CHECK(ok_ids);
  CHECK(ok_refs);
  CHECK(ok_expires);
  CHECK(ok_times);
  CHECK(categories == std::set<int64_t>{10, 11, 12, 13, 14});
  // Hot keys: 1/2 of bids on the hot auction (plus the uniform picks that hit
  // it), 3/4 by the hot bidder, 1/2 on the hot channels.
  const double fa = static_cast<double>(hot_auction) / bids;
  const double fb = static_cast<double>(hot_bidder) / bids;
  const double fc = static_cast<double>(hot_channel) / bids;
  CHECK(fa > 0.49);
  CHECK(fa < 0.52);
  CHECK(fb > 0.745);
  CHECK(fb < 0.76);
  CHECK(fc > 0.49);
  CHECK(fc < 0.51);
  // Prices: log-uniform 1 .. 1,000,000 dollars, in cents.
  CHECK(min_price >= 100);
  CHECK(min_price < 200);
  CHECK(max_price <= 100000000);
  CHECK(max_price > 90000000);
}

TEST_CASE("nexmark: splits of the event range give the same rows") {
  auto g = NexmarkGenerator::Create(NexmarkTable(
      {{"event_type", kBig}, {"date_time", kTs}, {"person_id", kBig}, {"person_name", kText},
       {"auction_id", kBig}, {"auction_extra", kText}, {"bid_auction", kBig},
       {"bid_price", kBig}, {"bid_url", kText}, {"bid_extra", kText}},
      {{"nexmark.table.type", "event"}}));
  REQUIRE(g.ok());
  Chunk all = g->Generate(0, 1000);
  Chunk x = g->Generate(0, 500);
  Chunk y = g->Generate(500, 500);
  REQUIRE(all.num_rows == 1000);
  REQUIRE(x.num_rows + y.num_rows == 1000);
  bool same = true;
  for (size_t c = 0; c < all.num_columns(); ++c) {
    for (size_t r = 0; r < 1000; ++r) {
      const Chunk& part = r < 500 ? x : y;
      const size_t pr = r < 500 ? r : r - 500;
      const Column& a = all.columns[c];
      const Column& b = part.columns[c];
      same &= a.nulls[r] == b.nulls[pr];
      if (!a.ints.empty()) same &= a.ints[r] == b.ints[pr];
      if (!a.strings.empty()) same &= a.strings[r] == b.strings[pr];
    }
  }
  CHECK(same);
  // Kinds: event 0 person, 1..3 auctions, 4 a bid; other kinds' columns NULL.
  CHECK(all.columns[0].ints[0] == 0);
  CHECK(all.columns[0].ints[1] == 1);
  CHECK(all.columns[0].ints[4] == 2);
  CHECK(all.columns[3].strings[0] == "vicky noris");
  CHECK(all.columns[4].IsNull(0));
  CHECK(all.columns[6].IsNull(0));
  CHECK(all.columns[6].ints[4] == 1000);
  CHECK(all.columns[7].ints[4] == 73134520);
  CHECK(all.columns[2].IsNull(4));
}

TEST_CASE("nexmark: bid table rows and bounded streams") {
  auto g = NexmarkGenerator::Create(NexmarkTable(
      {{"price", kBig}, {"auction", kBig}, {"channel", DataType::Varchar(8)}, {"date_time", kTs}},
      {{"nexmark.table.type", "Bid"}, {"nexmark.event.num", "120"},
       {"nexmark.base.time", "0"}, {"nexmark.event.rate", "1000"}}));
  REQUIRE(g.ok());
  CHECK(g->Remaining(0) == 120);
  CHECK(g->Remaining(100) == 20);
  CHECK(g->Remaining(130) == 0);
  Chunk c = g->Generate(0, 1000);  // clipped to 120 events: 46 + 46 + 16 bids
  CHECK(c.num_rows == 46 + 46 + 16);
  CHECK(c.columns[0].ints[0] == 73134520);
  CHECK(c.columns[1].ints[0] == 1000);
  CHECK(c.columns[2].strings[0] == "channel-");  // VARCHAR(8) truncates
  CHECK(c.columns[3].ints[0] == 4000);             // event 4 at 1000/s: 4 ms
  CHECK(c.columns[3].ints[c.num_rows - 1] == 119000);
}

TEST_CASE("nexmark: option and column errors") {
  auto code = [](std::vector<std::pair<std::string, DataType>> cols,
                 std::vector<std::pair<std::string, std::string>> opts) {
    auto g = NexmarkGenerator::Create(NexmarkTable(cols, opts));
    return g.ok() ? std::string("ok") : std::string(g.status().sqlstate());
  };
  CHECK(code({{"id", kBig}}, {{"nexmark.table.type", "person"}}) == "ok");
  CHECK(code({{"nope", kBig}}, {{"nexmark.table.type", "person"}}) == "42703");
  CHECK(code({{"price", kBig}}, {{"nexmark.table.type", "person"}}) == "42703");
  CHECK(code({{"person_nope", kBig}}, {{"nexmark.table.type", "event"}}) == "42703");
  CHECK(code({{"id", kText}}, {{"nexmark.table.type", "person"}}) == "42804");
  CHECK(code({{"date_time", kBig}}, {{"nexmark.table.type", "bid"}}) == "42804");
  CHECK(code({{"id", kBig}}, {{"nexmark.table.type", "people"}}) == "22023");
  CHECK(code({{"event_type", kBig}}, {{"nexmark.event.num", "-1"}}) == "22023");
  CHECK(code({{"event_type", kBig}}, {{"nexmark.event.rate", "0"}}) == "22023");
  CHECK(code({{"event_type", kBig}}, {{"nexmark.max.rate", "fast"}}) == "22023");
  CHECK(code({{"event_type", kBig}}, {{"nexmark.bogus", "1"}}) == "42601");
}

}  // namespace
}  // namespace kappa
