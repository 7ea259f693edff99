#include "server/connector_runner.h"

#include <rocksdb/db.h>
#include <rocksdb/write_batch.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <condition_variable>
#include <thread>

#include "executor/datagen_generator.h"
#include "executor/kafka_source.h"
#include "executor/nexmark_generator.h"
#include "server/database.h"
#include "server/logging.h"
#include "server/source_errors.h"
#include "server/table_writer.h"
#include "storage/key_codec.h"
#include "storage/store.h"

namespace kappa {

namespace {

// Rows per write at most (one log entry each).
constexpr uint64_t kMaxBatchRows = 8192;

std::string OffsetKey(uint64_t table_id) {
  std::string k = "connector/";
  PutBigEndian64(table_id, &k);
  return k;
}

// Kafka: one offset per partition, "connector/" + table id + partition.
std::string PartitionOffsetKey(uint64_t table_id, int32_t partition) {
  std::string k = OffsetKey(table_id);
  const uint32_t p = static_cast<uint32_t>(partition);
  for (int shift = 24; shift >= 0; shift -= 8) k.push_back(static_cast<char>((p >> shift) & 0xff));
  return k;
}

Result<KafkaSource::Offsets> LoadPartitionOffsets(Store* store, uint64_t table_id) {
  KafkaSource::Offsets out;
  const std::string prefix = OffsetKey(table_id);
  std::unique_ptr<rocksdb::Iterator> it(
      store->db()->NewIterator(rocksdb::ReadOptions(), store->meta_cf()));
  for (it->Seek(prefix); it->Valid() && it->key().starts_with(prefix); it->Next()) {
    if (it->key().size() != prefix.size() + 4 || it->value().size() != 8) {
      return Status::Error(sqlstate::kDataCorrupted, "bad kafka offset key");
    }
    const auto* k = reinterpret_cast<const unsigned char*>(it->key().data()) + prefix.size();
    const uint32_t p = (uint32_t{k[0]} << 24) | (uint32_t{k[1]} << 16) | (uint32_t{k[2]} << 8) | k[3];
    out[static_cast<int32_t>(p)] = static_cast<int64_t>(GetBigEndian64(it->value().data()));
  }
  if (!it->status().ok()) return Status::Io(it->status().ToString());
  return out;
}

Status PutPartitionOffsets(Store* store, uint64_t table_id, const KafkaSource::Offsets& offsets,
                           rocksdb::WriteBatch* b) {
  for (const auto& [p, o] : offsets) {
    std::string v;
    PutBigEndian64(static_cast<uint64_t>(o), &v);
    rocksdb::Status s = b->Put(store->meta_cf(), PartitionOffsetKey(table_id, p), v);
    if (!s.ok()) return Status::Io(s.ToString());
  }
  return Status::OK();
}

Result<uint64_t> LoadOffset(Store* store, uint64_t table_id) {
  std::string v;
  rocksdb::Status s = store->db()->Get(rocksdb::ReadOptions(), store->meta_cf(),
                                       OffsetKey(table_id), &v);
  if (s.IsNotFound()) return uint64_t{0};
  if (!s.ok() || v.size() != 8) {
    return Status::Error(sqlstate::kDataCorrupted, "bad connector offset: " + s.ToString());
  }
  return GetBigEndian64(v.data());
}

// Commits a connector's `extra` writes (its position) alone, synced: for a
// batch that holds no row.
Status WriteExtrasAlone(Store* store, const TableLog::ExtraWrites& extra) {
  rocksdb::WriteBatch b;
  KAPPA_RETURN_IF_ERROR(extra(0, &b));
  rocksdb::WriteOptions wo;
  wo.sync = true;
  rocksdb::Status s = store->db()->Write(wo, &b);
  return s.ok() ? Status::OK() : Status::Io(s.ToString());
}

int64_t NowMicros() {
  return std::chrono::duration_cast<std::chrono::microseconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

// The feed loop of a generator connector (datagen, nexmark): the position
// `next` is the number of the next row (datagen) or event (nexmark). Each step
// generates [next, next + n) with `generate(next, n)` (a Chunk of the table's
// rows; n <= max_batch and <= `remaining(next)`), and commits those rows and
// the new position next + n in one atomic write through TableWriter::Apply, or
// the position alone when the batch held no row (nexmark: no event of the
// table's kind; datagen always yields n rows). `rate` > 0 paces by the
// positions due since the start (<= 0: as fast as possible). Stops, with the
// feed's state "stopped", on a write error; when `remaining` reaches 0 it waits
// for Stop. `connector` names the feed in log lines. FeedT is
// ConnectorRunner::Feed (deduced: it is private).
template <typename FeedT, typename GenerateFn, typename RemainingFn>
void RunGeneratorFeed(FeedT* f, const char* connector, const TableInfo& table,
                      TableWriter* writer, Store* store, uint64_t next, double rate,
                      uint64_t max_batch, const GenerateFn& generate,
                      const RemainingFn& remaining) {
  using Clock = std::chrono::steady_clock;
  const auto started = Clock::now();
  const uint64_t first = next;
  const uint64_t table_id = table.id;
  while (true) {
    uint64_t want = max_batch;
    auto wake = Clock::now() + std::chrono::milliseconds(100);
    if (rate > 0) {
      // Pace by the positions due since the start (so rounding never drifts).
      const double elapsed = std::chrono::duration<double>(Clock::now() - started).count();
      const uint64_t due = first + static_cast<uint64_t>(elapsed * rate) + 1;
      want = due > next ? std::min<uint64_t>(due - next, max_batch) : 0;
      const double next_due_s = static_cast<double>(next + want - first) / rate;
      wake = started + std::chrono::duration_cast<Clock::duration>(
                           std::chrono::duration<double>(next_due_s));
    }
    want = std::min(want, remaining(next));
    if (want > 0) {
      Chunk rows = generate(next, want);
      const uint64_t after = next + want;
      TableLog::ExtraWrites offset = [after, table_id, store](uint64_t, rocksdb::WriteBatch* b) {
        std::string v;
        PutBigEndian64(after, &v);
        rocksdb::Status s = b->Put(store->meta_cf(), OffsetKey(table_id), v);
        return s.ok() ? Status::OK() : Status::Io(s.ToString());
      };
      Status st;
      if (rows.num_rows > 0) {
        auto lock = writer->Lock();
        st = writer->Apply(rows, nullptr, offset);
      } else {
        st = WriteExtrasAlone(store, offset);
      }
      if (!st.ok()) {
        LogLine(LogLevel::kWarning, std::string(connector) + " for table \"" + table.name +
                                        "\" stopped: " + st.message());
        std::lock_guard<std::mutex> slock(f->status_mu);
        f->status.state = "stopped";
        f->status.error = st.message();
        return;
      }
      next = after;
      std::lock_guard<std::mutex> slock(f->status_mu);
      f->status.records = static_cast<int64_t>(next);
    }
    std::unique_lock<std::mutex> lock(f->mu);
    if (remaining(next) == 0) {
      f->cv.wait(lock, [&] { return f->stop; });  // done: wait for Stop
      return;
    }
    // want == 0 without a rate cannot happen (remaining(next) > 0 here); the
    // 100 ms default wake keeps it from spinning if it ever did.
    if (want == 0 || rate > 0) {
      f->cv.wait_until(lock, std::max(wake, Clock::now() + std::chrono::milliseconds(1)),
                       [&] { return f->stop; });
    }
    if (f->stop) return;
  }
}

// A new feed of generator `gen` (DatagenGenerator, NexmarkGenerator) from
// position `next`, its status "running", its thread running RunGeneratorFeed
// with generate(gen, next, n) and gen.Remaining(next).
template <typename FeedT, typename Gen, typename GenerateFn>
std::unique_ptr<FeedT> StartGeneratorFeed(const TableInfoPtr& table, const char* connector,
                                          Store* store, std::shared_ptr<TableWriter> writer,
                                          uint64_t next, Gen gen, double rate,
                                          uint64_t max_batch, GenerateFn generate) {
  auto feed = std::make_unique<FeedT>();
  FeedT* f = feed.get();
  f->status.table_name = table->name;
  f->status.connector = connector;
  f->status.state = "running";
  f->status.records = static_cast<int64_t>(next);
  feed->thread = std::thread([f, connector, gen = std::move(gen), generate, next, writer, store,
                              table, rate, max_batch]() {
    RunGeneratorFeed(
        f, connector, *table, writer.get(), store, next, rate, max_batch,
        [&](uint64_t at, uint64_t n) { return generate(gen, at, n); },
        [&](uint64_t at) { return gen.Remaining(at); });
  });
  return feed;
}

}  // namespace

std::string ConnectorOf(const TableInfo& table) {
  for (const auto& [k, v] : table.options) {
    if (k == "connector") return v;
  }
  return "";
}

Status ValidateConnector(const TableInfo& table) {
  const std::string c = ConnectorOf(table);
  if (c.empty()) return Status::OK();
  if (c == "datagen") return DatagenGenerator::Create(table).status();
  if (c == "kafka") return KafkaOptions::Parse(table).status();
  if (c == "nexmark") return NexmarkGenerator::Create(table).status();
  return Status::NotSupported("connector '" + c + "' is not supported yet")
      .WithHint("kappadb has connector = 'datagen' and connector = 'kafka'.");
}

struct ConnectorRunner::Feed {
  std::mutex status_mu;
  SourceStatus status;  // GUARDED_BY(status_mu)
  std::thread thread;
  std::mutex mu;
  std::condition_variable cv;
  bool stop = false;  // GUARDED_BY(mu)
};

ConnectorRunner::ConnectorRunner(Database* db) : db_(db) {}
ConnectorRunner::~ConnectorRunner() { StopAll(); }

Status ConnectorRunner::Start(const TableInfoPtr& table) {
  if (ConnectorOf(*table) == "kafka") return StartKafka(table);
  if (ConnectorOf(*table) == "nexmark") return StartNexmark(table);
  if (ConnectorOf(*table) != "datagen") return Status::OK();
  KAPPA_ASSIGN_OR_RETURN(DatagenGenerator gen, DatagenGenerator::Create(*table));
  KAPPA_ASSIGN_OR_RETURN(uint64_t next, LoadOffset(db_->store(), table->id));
  const double rate = gen.rows_per_second();
  auto feed = StartGeneratorFeed<Feed>(
      table, "datagen", db_->store(), db_->Writer(table), next, std::move(gen), rate,
      kMaxBatchRows, [](const DatagenGenerator& g, uint64_t at, uint64_t n) {
        return g.Generate(at, n, NowMicros());
      });
  std::lock_guard<std::mutex> lock(mu_);
  feeds_[table->id] = std::move(feed);
  return Status::OK();
}

Status ConnectorRunner::StartKafka(const TableInfoPtr& table) {
  KAPPA_ASSIGN_OR_RETURN(KafkaOptions options, KafkaOptions::Parse(*table));
  Store* store = db_->store();
  KAPPA_ASSIGN_OR_RETURN(KafkaSource::Offsets stored, LoadPartitionOffsets(store, table->id));
  KAPPA_ASSIGN_OR_RETURN(SourceCounters counters, LoadSourceCounters(store, table->id));
  auto feed = std::make_unique<Feed>();
  Feed* f = feed.get();
  f->status.table_name = table->name;
  f->status.connector = "kafka";
  f->status.topic = options.topic;
  f->status.state = "starting";
  f->status.records = counters.records;
  f->status.bad_records = counters.bad;
  std::shared_ptr<TableWriter> writer = db_->Writer(table);
  feed->thread = std::thread([f, options, stored, counters, writer, store, table]() mutable {
    using Clock = std::chrono::steady_clock;
    // Waits up to `ms` for Stop; true when stopping.
    auto wait_stop = [f](int ms) {
      std::unique_lock<std::mutex> lock(f->mu);
      return f->cv.wait_for(lock, std::chrono::milliseconds(ms), [f] { return f->stop; });
    };
    auto set_state = [f](const std::string& state, const std::string& error) {
      std::lock_guard<std::mutex> lock(f->status_mu);
      f->status.state = state;
      f->status.error = error;
    };
    const std::string who = "kafka table \"" + table->name + "\"";
    const uint64_t table_id = table->id;
    std::unique_ptr<KafkaSource> source;
    bool down = false;  // warned that the broker is unreachable
    // The next metadata check (broker and topic health, new partitions).
    auto next_check = Clock::now() + std::chrono::seconds(2);
    while (!wait_stop(0)) {
      if (!source) {
        KafkaSource::Offsets resolved;
        auto opened = KafkaSource::Open(*table, options, stored, 500, &resolved);
        if (!opened.ok()) {
          if (!down) LogLine(LogLevel::kWarning, who + ": " + opened.status().message() +
                                                     " (retrying)");
          down = true;
          set_state("error", opened.status().message());
          if (wait_stop(1000)) return;
          continue;
        }
        source = std::move(opened).value();
        {  // per-partition watermarks: every partition holds the watermark back
          std::vector<int32_t> parts(source->CurrentProgress(stored).partitions);
          for (size_t p = 0; p < parts.size(); ++p) parts[p] = static_cast<int32_t>(p);
          auto lock = writer->Lock();
          Status dst = writer->DeclarePartitions(parts);
          if (!dst.ok()) LogLine(LogLevel::kWarning, who + ": " + dst.message());
        }
        if (!resolved.empty()) {  // 'latest' or 'timestamp': remember where we start
          rocksdb::WriteBatch b;
          Status st = PutPartitionOffsets(store, table_id, resolved, &b);
          rocksdb::WriteOptions wo;
          wo.sync = true;
          if (st.ok()) {
            rocksdb::Status s = store->db()->Write(wo, &b);
            if (!s.ok()) st = Status::Io(s.ToString());
          }
          if (!st.ok()) {
            LogLine(LogLevel::kWarning, who + " stopped: " + st.message());
            set_state("stopped", st.message());
            return;
          }
          for (const auto& [p, o] : resolved) stored[p] = o;
        }
        if (down) LogLine(LogLevel::kInfo, who + ": connected to " + options.bootstrap);
        down = false;
        set_state("running", "");
        next_check = Clock::now() + std::chrono::seconds(2);
      }
      KafkaSource::Batch batch;
      Status st = source->Poll(kMaxBatchRows, 50, &batch);
      if (!st.ok()) {
        LogLine(LogLevel::kWarning, who + ": " + st.message() + " (reconnecting)");
        set_state("error", st.message());
        source.reset();
        if (wait_stop(1000)) return;
        continue;
      }
      if (!batch.last_error.empty()) {
        // The broker went away (or the topic): librdkafka reconnects by itself;
        // show the error until a metadata check succeeds again.
        if (!down) LogLine(LogLevel::kWarning, who + ": " + batch.last_error);
        down = true;
        set_state("error", batch.last_error);
        next_check = std::min(next_check, Clock::now() + std::chrono::milliseconds(500));
      }
      if (Clock::now() >= next_check) {
        Status health = source->RefreshPartitions(500);
        if (health.ok()) {
          if (down) LogLine(LogLevel::kInfo, who + ": connected to " + options.bootstrap);
          down = false;
          set_state("running", "");
        } else {
          down = true;
          set_state("error", health.message());
        }
        next_check = Clock::now() + std::chrono::milliseconds(down ? 1000 : 3000);
      }
      if (!batch.bad.empty()) {
        LogLine(LogLevel::kWarning,
                who + ": skipped " + std::to_string(batch.bad.size()) +
                    " record(s) that do not decode (" +
                    std::to_string(counters.bad + static_cast<int64_t>(batch.bad.size())) +
                    " so far, see kappa_catalog.source_errors); last: partition " +
                    std::to_string(batch.bad.back().partition) + " offset " +
                    std::to_string(batch.bad.back().offset) + ": " + batch.bad.back().error);
      }
      if (!batch.next.empty()) {
        // Rows, offsets, bad records and counters commit in one atomic write.
        std::vector<SourceErrorRecord> errors;
        const int64_t now = NowMicros();
        for (auto& b : batch.bad) {
          SourceErrorRecord e;
          e.partition = b.partition;
          e.offset = b.offset;
          e.raw = std::move(b.raw);
          e.error = std::move(b.error);
          e.read_at_micros = now;
          errors.push_back(std::move(e));
        }
        SourceCounters after = counters;
        after.records += static_cast<int64_t>(batch.records);
        after.bad += static_cast<int64_t>(errors.size());
        const KafkaSource::Offsets& next = batch.next;
        TableLog::ExtraWrites extra = [&](uint64_t, rocksdb::WriteBatch* b) -> Status {
          KAPPA_RETURN_IF_ERROR(PutPartitionOffsets(store, table_id, next, b));
          KAPPA_RETURN_IF_ERROR(PutSourceErrors(store, table_id, counters.bad, errors, b));
          return PutSourceCounters(store, table_id, after, b);
        };
        if (batch.rows.num_rows > 0) {
          // batch.partitions has each row's Kafka partition (for per-partition
          // watermarks).
          auto lock = writer->Lock();
          if (options.upsert) {
            st = writer->ApplyUpsert(batch.rows, batch.deletes, extra);
          } else {
            st = writer->Apply(batch.rows, nullptr, extra,
                               batch.partitions.size() == batch.rows.num_rows
                                   ? batch.partitions.data()
                                   : nullptr);
          }
        } else {  // only skipped records: just move past them
          st = WriteExtrasAlone(store, extra);
        }
        if (!st.ok()) {
          LogLine(LogLevel::kWarning, who + " stopped: " + st.message());
          set_state("stopped", st.message());
          return;
        }
        counters = after;
        for (const auto& [p, o] : batch.next) stored[p] = o;
      }
      if (batch.rows.num_rows == 0) {  // idle timeout (server/table_writer.h; Apply checks too)
        auto lock = writer->Lock();
        st = writer->CheckIdle();
      }
      if (!st.ok()) {
        LogLine(LogLevel::kWarning, who + " stopped: " + st.message());
        set_state("stopped", st.message());
        return;
      }
      const KafkaSource::Progress progress = source->CurrentProgress(stored);
      std::lock_guard<std::mutex> lock(f->status_mu);
      f->status.records = counters.records;
      f->status.bad_records = counters.bad;
      f->status.partitions = progress.partitions;
      f->status.lag = progress.lag;
    }
  });
  std::lock_guard<std::mutex> lock(mu_);
  feeds_[table->id] = std::move(feed);
  return Status::OK();
}

std::vector<SourceStatus> ConnectorRunner::Statuses() {
  std::vector<SourceStatus> out;
  std::lock_guard<std::mutex> lock(mu_);
  for (const auto& [id, f] : feeds_) {
    std::lock_guard<std::mutex> slock(f->status_mu);
    out.push_back(f->status);
    out.back().table_id = id;
  }
  std::sort(out.begin(), out.end(), [](const SourceStatus& a, const SourceStatus& b) {
    return a.table_name < b.table_name;
  });
  return out;
}

void ConnectorRunner::Stop(uint64_t table_id, bool forget) {
  std::unique_ptr<Feed> feed;
  {
    std::lock_guard<std::mutex> lock(mu_);
    auto it = feeds_.find(table_id);
    if (it != feeds_.end()) {
      feed = std::move(it->second);
      feeds_.erase(it);
    }
  }
  if (feed) {
    {
      std::lock_guard<std::mutex> lock(feed->mu);
      feed->stop = true;
    }
    feed->cv.notify_all();
    if (feed->thread.joinable()) feed->thread.join();
  }
  if (forget) {
    Store* store = db_->store();
    rocksdb::WriteOptions wo;
    wo.sync = true;
    // The datagen offset and every Kafka partition's offset.
    (void)store->db()->DeleteRange(wo, store->meta_cf(), OffsetKey(table_id),
                                   OffsetKey(table_id + 1));
    // kappa_catalog.source_errors rows and counters.
    (void)DropSourceState(store, table_id);
  }
}

void ConnectorRunner::StopAll() {
  std::vector<uint64_t> ids;
  {
    std::lock_guard<std::mutex> lock(mu_);
    for (const auto& [id, f] : feeds_) ids.push_back(id);
  }
  for (uint64_t id : ids) Stop(id, false);
}

// Nexmark (executor/nexmark_generator.h): the position is the next event
// number; a batch of events commits with its rows (or alone, when the batch
// held no row of the table's kind).
Status ConnectorRunner::StartNexmark(const TableInfoPtr& table) {
  constexpr uint64_t kBatchEvents = 16384;
  KAPPA_ASSIGN_OR_RETURN(NexmarkGenerator gen, NexmarkGenerator::Create(*table));
  KAPPA_ASSIGN_OR_RETURN(uint64_t next, LoadOffset(db_->store(), table->id));
  const double rate = gen.max_rate();  // status.records: events generated
  auto feed = StartGeneratorFeed<Feed>(
      table, "nexmark", db_->store(), db_->Writer(table), next, std::move(gen), rate, kBatchEvents,
      [](const NexmarkGenerator& g, uint64_t at, uint64_t n) { return g.Generate(at, n); });
  std::lock_guard<std::mutex> lock(mu_);
  feeds_[table->id] = std::move(feed);
  return Status::OK();
}

}  // namespace kappa
