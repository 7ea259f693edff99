#include "executor/nexmark_generator.h"

#include <cerrno>
#include <cmath>
#include <cstdlib>
#include <string_view>

namespace kappa {

enum class NexmarkGenerator::Field : uint8_t {
  kEventType,
  kDateTime,  // the event's time, whatever its kind
  kPersonId, kPersonName, kPersonEmail, kPersonCard, kPersonCity, kPersonState,
  kPersonDateTime, kPersonExtra,
  kAuctionId, kAuctionItem, kAuctionDescription, kAuctionInitialBid, kAuctionReserve,
  kAuctionDateTime, kAuctionExpires, kAuctionSeller, kAuctionCategory, kAuctionExtra,
  kBidAuction, kBidBidder, kBidPrice, kBidChannel, kBidUrl, kBidDateTime, kBidExtra,
};

namespace {

using Field = NexmarkGenerator::Field;
using TableType = NexmarkGenerator::TableType;

enum class FieldKind { kInt, kSmallInt, kString, kTime };

struct FieldName {
  std::string_view name;  // without the event table's prefix
  Field field;
  FieldKind kind;
};

constexpr FieldName kPersonFields[] = {
    {"id", Field::kPersonId, FieldKind::kInt},
    {"name", Field::kPersonName, FieldKind::kString},
    {"email_address", Field::kPersonEmail, FieldKind::kString},
    {"credit_card", Field::kPersonCard, FieldKind::kString},
    {"city", Field::kPersonCity, FieldKind::kString},
    {"state", Field::kPersonState, FieldKind::kString},
    {"date_time", Field::kPersonDateTime, FieldKind::kTime},
    {"extra", Field::kPersonExtra, FieldKind::kString},
};
constexpr FieldName kAuctionFields[] = {
    {"id", Field::kAuctionId, FieldKind::kInt},
    {"item_name", Field::kAuctionItem, FieldKind::kString},
    {"description", Field::kAuctionDescription, FieldKind::kString},
    {"initial_bid", Field::kAuctionInitialBid, FieldKind::kInt},
    {"reserve", Field::kAuctionReserve, FieldKind::kInt},
    {"date_time", Field::kAuctionDateTime, FieldKind::kTime},
    {"expires", Field::kAuctionExpires, FieldKind::kTime},
    {"seller", Field::kAuctionSeller, FieldKind::kInt},
    {"category", Field::kAuctionCategory, FieldKind::kSmallInt},
    {"extra", Field::kAuctionExtra, FieldKind::kString},
};
constexpr FieldName kBidFields[] = {
    {"auction", Field::kBidAuction, FieldKind::kInt},
    {"bidder", Field::kBidBidder, FieldKind::kInt},
    {"price", Field::kBidPrice, FieldKind::kInt},
    {"channel", Field::kBidChannel, FieldKind::kString},
    {"url", Field::kBidUrl, FieldKind::kString},
    {"date_time", Field::kBidDateTime, FieldKind::kTime},
    {"extra", Field::kBidExtra, FieldKind::kString},
};

// The kind a field belongs to; -1 for the event table's common fields.
int KindOfField(Field f) {
  if (f == Field::kEventType || f == Field::kDateTime) return -1;
  if (f <= Field::kPersonExtra) return 0;
  if (f <= Field::kAuctionExtra) return 1;
  return 2;
}

Status BadOption(const std::string& key, const std::string& value, const std::string& why) {
  return Status::Error(sqlstate::kInvalidParameterValue,
                       "invalid value '" + value + "' for nexmark option " + key + ": " + why);
}

Result<int64_t> ParseInt(const std::string& key, const std::string& v) {
  char* end = nullptr;
  errno = 0;
  long long x = std::strtoll(v.c_str(), &end, 10);
  if (v.empty() || *end != '\0' || errno != 0) return BadOption(key, v, "not an integer");
  return static_cast<int64_t>(x);
}

std::string Lower(std::string s) {
  for (char& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return s;
}

bool TypeFits(FieldKind kind, TypeId t) {
  switch (kind) {
    case FieldKind::kSmallInt:
      return t == TypeId::kInt16 || t == TypeId::kInt32 || t == TypeId::kInt64;
    case FieldKind::kInt:
      return t == TypeId::kInt32 || t == TypeId::kInt64;
    case FieldKind::kString:
      return t == TypeId::kVarchar || t == TypeId::kText;
    case FieldKind::kTime:
      return t == TypeId::kTimestamp || t == TypeId::kTimestampTz;
  }
  return false;
}

inline void PutInt(Column& c, int64_t v) {
  c.nulls.push_back(0);
  c.ints.push_back(v);
}
inline void PutString(Column& c, std::string_view s, int32_t max_len) {
  if (max_len >= 0 && s.size() > static_cast<size_t>(max_len)) s = s.substr(0, max_len);
  c.nulls.push_back(0);
  c.strings.emplace_back(s);
}
inline void PutNull(Column& c, bool is_string) {
  c.nulls.push_back(1);
  if (is_string) {
    c.strings.emplace_back();
  } else {
    c.ints.push_back(0);
  }
}

}  // namespace

Result<NexmarkGenerator> NexmarkGenerator::Create(const TableInfo& table) {
  NexmarkGenerator g;
  int64_t base_time = kNexmarkDefaultBaseTimeMs;
  int64_t rate = 10000;
  for (const auto& [key, value] : table.options) {
    if (key == "connector") continue;
    if (key == "nexmark.table.type") {
      const std::string v = Lower(value);
      if (v == "person") {
        g.type_ = TableType::kPerson;
      } else if (v == "auction") {
        g.type_ = TableType::kAuction;
      } else if (v == "bid") {
        g.type_ = TableType::kBid;
      } else if (v == "event") {
        g.type_ = TableType::kEvent;
      } else {
        return BadOption(key, value, "the type is 'person', 'auction', 'bid' or 'event'");
      }
    } else if (key == "nexmark.event.num") {
      KAPPA_ASSIGN_OR_RETURN(int64_t n, ParseInt(key, value));
      if (n < 0) return BadOption(key, value, "must not be negative");
      g.limit_ = static_cast<uint64_t>(n);
    } else if (key == "nexmark.event.rate") {
      KAPPA_ASSIGN_OR_RETURN(rate, ParseInt(key, value));
      if (rate <= 0 || rate > 1000000000) return BadOption(key, value, "1 .. 1000000000");
    } else if (key == "nexmark.base.time") {
      KAPPA_ASSIGN_OR_RETURN(base_time, ParseInt(key, value));
      // Keep every event time far inside TIMESTAMP's range (years 0 .. 9999).
      if (base_time < -60000000000000LL || base_time > 250000000000000LL) {
        return BadOption(key, value, "out of range");
      }
    } else if (key == "nexmark.max.rate") {
      char* end = nullptr;
      const double r = std::strtod(value.c_str(), &end);
      if (value.empty() || *end != '\0' || !std::isfinite(r) || r < 0) {
        return BadOption(key, value, "a non-negative number of events per second");
      }
      g.max_rate_ = r;
    } else if (key == "nexmark.split.num" || key == "nexmark.max.chunk.size") {
      continue;  // RisingWave's; one reader here, chunks of our own size
    } else {
      return Status::Error(sqlstate::kSyntaxError,
                           "unknown option \"" + key + "\" for connector 'nexmark'")
          .WithHint("Options are nexmark.table.type, nexmark.event.num, nexmark.event.rate, "
                    "nexmark.base.time and nexmark.max.rate.");
    }
  }
  g.events_ = NexmarkEvents(base_time, static_cast<uint64_t>(rate));
  for (const ColumnInfo& col : table.columns) {
    const FieldName* found = nullptr;
    auto search = [&](const FieldName* begin, const FieldName* end, std::string_view name) {
      for (const FieldName* f = begin; f != end; ++f) {
        if (f->name == name) found = f;
      }
    };
    const std::string_view name = col.name;
    static constexpr FieldName kEventType = {"event_type", Field::kEventType, FieldKind::kSmallInt};
    static constexpr FieldName kDateTime = {"date_time", Field::kDateTime, FieldKind::kTime};
    switch (g.type_) {
      case TableType::kPerson:
        search(std::begin(kPersonFields), std::end(kPersonFields), name);
        break;
      case TableType::kAuction:
        search(std::begin(kAuctionFields), std::end(kAuctionFields), name);
        break;
      case TableType::kBid:
        search(std::begin(kBidFields), std::end(kBidFields), name);
        break;
      case TableType::kEvent:
        if (name == "event_type") found = &kEventType;
        if (name == "date_time") found = &kDateTime;
        if (name.starts_with("person_")) {
          search(std::begin(kPersonFields), std::end(kPersonFields), name.substr(7));
        } else if (name.starts_with("auction_")) {
          search(std::begin(kAuctionFields), std::end(kAuctionFields), name.substr(8));
        } else if (name.starts_with("bid_")) {
          search(std::begin(kBidFields), std::end(kBidFields), name.substr(4));
        }
        break;
    }
    if (found == nullptr) {
      return Status::Error(sqlstate::kUndefinedColumn,
                           "column \"" + col.name + "\" does not exist in nexmark table type '" +
                               (g.type_ == TableType::kPerson    ? "person"
                                : g.type_ == TableType::kAuction ? "auction"
                                : g.type_ == TableType::kBid     ? "bid"
                                                                 : "event") +
                               "'")
          .WithHint("See docs/nexmark.md for the columns of each nexmark.table.type.");
    }
    if (!TypeFits(found->kind, col.type.id)) {
      const char* want = found->kind == FieldKind::kString ? "VARCHAR or TEXT"
                         : found->kind == FieldKind::kTime ? "TIMESTAMP or TIMESTAMPTZ"
                         : found->kind == FieldKind::kInt  ? "INTEGER or BIGINT"
                                                           : "SMALLINT, INTEGER or BIGINT";
      return Status::Error(sqlstate::kDatatypeMismatch,
                           "nexmark column \"" + col.name + "\" must be " + want);
    }
    g.fields_.push_back(found->field);
    g.types_.push_back(col.type);
    g.max_len_.push_back(col.type.id == TypeId::kVarchar ? col.type.length : -1);
  }
  return g;
}

uint64_t NexmarkGenerator::Remaining(uint64_t next) const {
  if (limit_ == UINT64_MAX) return UINT64_MAX;
  return next >= limit_ ? 0 : limit_ - next;
}

Chunk NexmarkGenerator::Generate(uint64_t next, uint64_t n) const {
  n = std::min(n, Remaining(next));
  Chunk out(types_);
  // Rows expected: every event for 'event', else the kind's share.
  const size_t expect = type_ == TableType::kEvent     ? n
                        : type_ == TableType::kBid     ? n * 46 / 50 + 46
                        : type_ == TableType::kAuction ? n * 3 / 50 + 3
                                                       : n / 50 + 1;
  for (Column& c : out.columns) c.Reserve(expect);
  const size_t ncols = fields_.size();
  std::vector<uint8_t> is_string(ncols);
  for (size_t c = 0; c < ncols; ++c) is_string[c] = Physical(types_[c]) == PhysicalKind::kString;
  NexmarkPerson p;
  NexmarkAuction a;
  NexmarkBid b;
  size_t rows = 0;
  for (uint64_t e = next; e < next + n; ++e) {
    const NexmarkKind kind = NexmarkEvents::KindOf(e);
    if (type_ != TableType::kEvent && static_cast<int>(kind) != static_cast<int>(type_)) continue;
    int64_t time_ms;
    switch (kind) {
      case NexmarkKind::kPerson:
        events_.FillPerson(e, &p);
        time_ms = p.date_time_ms;
        break;
      case NexmarkKind::kAuction:
        events_.FillAuction(e, &a);
        time_ms = a.date_time_ms;
        break;
      default:
        events_.FillBid(e, &b);
        time_ms = b.date_time_ms;
        break;
    }
    const int k = static_cast<int>(kind);
    for (size_t c = 0; c < ncols; ++c) {
      Column& col = out.columns[c];
      const Field f = fields_[c];
      const int fk = KindOfField(f);
      if (fk >= 0 && fk != k) {
        PutNull(col, is_string[c]);
        continue;
      }
      const int32_t ml = max_len_[c];
      switch (f) {
        case Field::kEventType: PutInt(col, k); break;
        case Field::kDateTime: PutInt(col, time_ms * 1000); break;
        case Field::kPersonId: PutInt(col, p.id); break;
        case Field::kPersonName: PutString(col, p.name, ml); break;
        case Field::kPersonEmail: PutString(col, p.email_address, ml); break;
        case Field::kPersonCard: PutString(col, p.credit_card, ml); break;
        case Field::kPersonCity: PutString(col, p.city, ml); break;
        case Field::kPersonState: PutString(col, p.state, ml); break;
        case Field::kPersonDateTime: PutInt(col, p.date_time_ms * 1000); break;
        case Field::kPersonExtra: PutString(col, p.extra, ml); break;
        case Field::kAuctionId: PutInt(col, a.id); break;
        case Field::kAuctionItem: PutString(col, a.item_name, ml); break;
        case Field::kAuctionDescription: PutString(col, a.description, ml); break;
        case Field::kAuctionInitialBid: PutInt(col, a.initial_bid); break;
        case Field::kAuctionReserve: PutInt(col, a.reserve); break;
        case Field::kAuctionDateTime: PutInt(col, a.date_time_ms * 1000); break;
        case Field::kAuctionExpires: PutInt(col, a.expires_ms * 1000); break;
        case Field::kAuctionSeller: PutInt(col, a.seller); break;
        case Field::kAuctionCategory: PutInt(col, a.category); break;
        case Field::kAuctionExtra: PutString(col, a.extra, ml); break;
        case Field::kBidAuction: PutInt(col, b.auction); break;
        case Field::kBidBidder: PutInt(col, b.bidder); break;
        case Field::kBidPrice: PutInt(col, b.price); break;
        case Field::kBidChannel: PutString(col, b.channel, ml); break;
        case Field::kBidUrl: PutString(col, b.url, ml); break;
        case Field::kBidDateTime: PutInt(col, b.date_time_ms * 1000); break;
        case Field::kBidExtra: PutString(col, b.extra, ml); break;
      }
    }
    ++rows;
  }
  out.weights.assign(rows, 1);
  out.num_rows = rows;
  return out;
}

}  // namespace kappa
