// NexmarkGenerator: the rows of a `connector = 'nexmark'` table
// (docs/nexmark.md), from the events of executor/nexmark_events.h.
//
//   nexmark.table.type = 'person' | 'auction' | 'bid' | 'event'
//                        (case-insensitive; default 'event', the combined stream)
//   nexmark.event.num  = N      events in the whole stream, all kinds together
//                               (default: unbounded)
//   nexmark.event.rate = R      events per second of event time (default 10000)
//   nexmark.base.time  = MS     event time of event 0, ms since the epoch
//                               (default 1436918400000 = 2015-07-15 00:00:00 UTC)
//   nexmark.max.rate   = E      wall-clock pacing in events per second
//                               (default 0 = as fast as possible)
//   nexmark.split.num, nexmark.max.chunk.size   RisingWave's; accepted, ignored
//
// Columns are matched by name to the generator's fields (any subset, any
// order): person  id, name, email_address, credit_card, city, state,
// date_time, extra; auction  id, item_name, description, initial_bid,
// reserve, date_time, expires, seller, category, extra; bid  auction, bidder,
// price, channel, url, date_time, extra. The combined 'event' table has
// event_type (0 person, 1 auction, 2 bid), date_time (the event's time), and
// the three kinds' fields flattened with a prefix (person_id, person_name,
// ..., auction_id, ..., bid_auction, ..., bid_extra; RisingWave nests them
// in STRUCT columns person/auction/bid, which kappadb does not have); the
// fields of the other kinds are NULL. Integer fields need SMALLINT/INTEGER/
// BIGINT columns (SMALLINT only for event_type and category), string fields
// VARCHAR/TEXT, times TIMESTAMP/TIMESTAMPTZ.
//
// The position is the next event number: rows for events [next, next + n)
// are a function of that range alone, so the runner commits the position
// with the rows (server/connector_runner.h).
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "common/chunk.h"
#include "common/status.h"
#include "executor/nexmark_events.h"
#include "sql/catalog.h"

namespace kappa {

class NexmarkGenerator {
 public:
  // The table's kind of rows; kEvent is the combined stream.
  enum class TableType : uint8_t { kPerson, kAuction, kBid, kEvent };

  // Validates options and columns. Errors: 22023 bad option value, 42601
  // unknown option, 42703 a column the generator does not have, 42804 a
  // column whose type cannot hold its field.
  static Result<NexmarkGenerator> Create(const TableInfo& table);

  // The rows of events [next, next + n) (clipped to the stream's end) of
  // the table's kind, as inserts, in event order.
  Chunk Generate(uint64_t next, uint64_t n) const;
  // Events from `next` on (UINT64_MAX: unbounded).
  uint64_t Remaining(uint64_t next) const;
  // Wall-clock pacing in events per second (0: none).
  double max_rate() const { return max_rate_; }
  TableType type() const { return type_; }
  const NexmarkEvents& events() const { return events_; }

  // One generator field per table column.
  enum class Field : uint8_t;

 private:
  NexmarkGenerator() = default;
  TableType type_ = TableType::kEvent;
  uint64_t limit_ = UINT64_MAX;  // total events
  double max_rate_ = 0;
  NexmarkEvents events_;
  std::vector<DataType> types_;   // per column
  std::vector<Field> fields_;     // per column
  std::vector<int32_t> max_len_;  // per column: VARCHAR(n) limit or -1
};

}  // namespace kappa
