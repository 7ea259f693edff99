#include "server/sink_runner.h"

#include <rocksdb/db.h>

#include <chrono>
#include <condition_variable>
#include <cstring>
#include <thread>

#include "server/logging.h"
#include "server/view_engine.h"
#include "storage/key_codec.h"
#include "storage/row_codec.h"
#include "storage/state_store.h"
#include "storage/store.h"

namespace kappa {

namespace {

constexpr char kOutbox = 'x';
constexpr char kInit = 'i';
constexpr char kStaged = 's';
constexpr char kCommitting = 'c';
constexpr char kCommitted = 'k';
constexpr size_t kEpochsPerTransaction = 256;
constexpr size_t kMessagesPerTransaction = 50000;

std::string SinkKey(uint64_t id, char section) {
  std::string k = ViewKeyPrefix(id);
  k.push_back(section);
  return k;
}

std::string OutboxEpochPrefix(uint64_t id, uint64_t epoch) {
  std::string k = SinkKey(id, kOutbox);
  PutBigEndian64(epoch, &k);
  return k;
}

std::string OutboxKey(uint64_t id, uint64_t epoch, uint32_t seq) {
  std::string k = OutboxEpochPrefix(id, epoch);
  for (int i = 3; i >= 0; --i) k.push_back(static_cast<char>((seq >> (8 * i)) & 0xff));
  return k;
}

std::string Le64(uint64_t v) {
  std::string s(8, '\0');
  std::memcpy(s.data(), &v, 8);
  return s;
}

uint64_t FromLe64(std::string_view s, size_t at = 0) {
  uint64_t v = 0;
  if (s.size() >= at + 8) std::memcpy(&v, s.data() + at, 8);
  return v;
}

// Reads a small 'P'-tagged value of the state CF; false if absent.
bool GetState(Store* store, const std::string& key, std::string* value) {
  std::string stored;
  rocksdb::Status s = store->db()->Get(rocksdb::ReadOptions(), store->state_cf(), key, &stored);
  if (!s.ok() || stored.empty()) return false;
  value->assign(stored.data() + 1, stored.size() - 1);
  return true;
}

// The outbox epochs of sink `id` in order (at most `limit`).
std::vector<uint64_t> OutboxEpochs(Store* store, uint64_t id, size_t limit) {
  std::vector<uint64_t> out;
  std::string prefix = SinkKey(id, kOutbox);
  std::string end = PrefixEnd(prefix);
  rocksdb::Slice upper(end);
  rocksdb::ReadOptions ro;
  ro.iterate_upper_bound = &upper;
  std::unique_ptr<rocksdb::Iterator> it(store->db()->NewIterator(ro, store->state_cf()));
  it->Seek(prefix);
  while (it->Valid() && out.size() < limit) {
    rocksdb::Slice k = it->key();
    if (k.size() < prefix.size() + 8) break;
    uint64_t e = GetBigEndian64(k.data() + prefix.size());
    out.push_back(e);
    it->Seek(PrefixEnd(OutboxEpochPrefix(id, e)));
  }
  return out;
}

}  // namespace

struct SinkSignal {
  std::mutex mu;
  std::condition_variable cv;
  bool work = false;     // GUARDED_BY(mu)
  Status closed;         // GUARDED_BY(mu): the feed ended (view dropped or failed)
  bool is_closed = false;
  void Notify() {
    {
      std::lock_guard<std::mutex> l(mu);
      work = true;
    }
    cv.notify_all();
  }
};

struct SinkRunner::Sink {
  TableInfoPtr info;
  uint64_t view_id = 0;
  std::string view_name;
  KafkaSinkOptions options;
  std::shared_ptr<SinkSignal> signal = std::make_shared<SinkSignal>();
  std::shared_ptr<Feed> feed;
  std::thread thread;
  std::atomic<bool> stop{false};
  bool attached = false;
  // Status, GUARDED_BY(status_mu).
  mutable std::mutex status_mu;
  std::string state = "starting";
  std::string error;
  uint64_t committed = 0;
  uint64_t messages = 0;
};

class SinkRunner::Feed final : public ViewFeed {
 public:
  Feed(uint64_t sink_id, std::shared_ptr<SinkSignal> signal)
      : id_(sink_id), signal_(std::move(signal)) {}

  void Stage(uint64_t epoch, const std::vector<Chunk>& changes, StateBatch& batch) override {
    uint32_t seq = 0;
    for (const Chunk& c : changes) {
      if (c.num_rows == 0) continue;
      std::string blob;
      EncodeRows(c, &blob);
      batch.Put(OutboxKey(id_, epoch, seq++), blob);
    }
    batch.Put(SinkKey(id_, kStaged), Le64(epoch));
  }
  void Published(uint64_t epoch, const std::vector<Chunk>& changes) override {
    for (const Chunk& c : changes) {
      if (c.num_rows > 0) {
        signal_->Notify();
        return;
      }
    }
  }
  void Closed(const Status& why) override {
    {
      std::lock_guard<std::mutex> l(signal_->mu);
      signal_->closed = why;
      signal_->is_closed = true;
      signal_->work = true;
    }
    signal_->cv.notify_all();
  }

 private:
  uint64_t id_;
  std::shared_ptr<SinkSignal> signal_;
};

SinkRunner::SinkRunner(Store* store, Catalog* catalog, ViewEngine* views)
    : store_(store), catalog_(catalog), views_(views) {}

SinkRunner::~SinkRunner() { StopAll(); }

namespace {

Result<std::shared_ptr<const TableInfo>> ViewOf(const CatalogSnapshot& snap, const TableInfo& sink) {
  if (sink.depends_on.empty()) return Status::Internal("sink without a view");
  TableInfoPtr v = snap.FindById(sink.depends_on[0]);
  if (!v) return Status::Error(sqlstate::kUndefinedTable, "the sink's view does not exist");
  return v;
}

}  // namespace

void SinkRunner::AttachAtStart() {
  CatalogSnapshotPtr snap = catalog_->Snapshot();
  for (const TableInfoPtr& t : snap->Sinks()) {
    auto s = std::make_shared<Sink>();
    s->info = t;
    Result<KafkaSinkOptions> o = ParseKafkaSinkOptions(t->options, t->format, t->encode);
    Result<std::shared_ptr<const TableInfo>> v = ViewOf(*snap, *t);
    if (v.ok()) {
      s->view_id = (*v)->id;
      s->view_name = (*v)->name;
    }
    if (!o.ok() || !v.ok()) {
      s->state = "failed";
      s->error = !o.ok() ? o.status().message() : v.status().message();
    } else {
      s->options = *o;
      s->feed = std::make_shared<Feed>(t->id, s->signal);
      views_->AddFeedOnStart(s->view_id, s->feed);
      s->attached = true;
    }
    std::lock_guard<std::mutex> lock(mu_);
    sinks_[t->id] = s;
  }
}

void SinkRunner::StartAll(const std::atomic<bool>* cancel) {
  std::vector<std::shared_ptr<Sink>> all;
  {
    std::lock_guard<std::mutex> lock(mu_);
    for (auto& [id, s] : sinks_) all.push_back(s);
  }
  for (auto& s : all) {
    if (!s->attached) continue;
    std::string v;
    if (!GetState(store_, SinkKey(s->info->id, kInit), &v)) {
      // CREATE SINK did not finish: start over from the view's contents now.
      views_->RemoveFeed(s->view_id, s->feed.get());
      s->signal = std::make_shared<SinkSignal>();
      s->feed = std::make_shared<Feed>(s->info->id, s->signal);
      Status st = Initialize(s, cancel);
      if (!st.ok()) {
        std::lock_guard<std::mutex> l(s->status_mu);
        s->state = "failed";
        s->error = st.message();
        continue;
      }
    }
    StartThread(s);
  }
}

Status SinkRunner::Initialize(const std::shared_ptr<Sink>& s, const std::atomic<bool>* cancel) {
  const uint64_t id = s->info->id;
  KAPPA_ASSIGN_OR_RETURN(std::shared_ptr<const ViewSnapshot> snap,
                         views_->AddFeed(s->view_id, s->feed, cancel));
  s->attached = true;
  const uint64_t epoch = snap->epoch();
  StateBatch batch(store_);
  // Outbox epochs up to the snapshot's are in the snapshot.
  for (uint64_t e : OutboxEpochs(store_, id, SIZE_MAX)) {
    if (e <= epoch) batch.DeletePrefix(OutboxEpochPrefix(id, e));
  }
  uint32_t seq = 0;
  std::vector<DataType> types = s->info->Types();
  Status st = snap->ScanContents(s->view_id, types, [&](Chunk&& c) -> Status {
    if (c.num_rows == 0) return Status::OK();
    std::string blob;
    EncodeRows(c, &blob);
    batch.Put(OutboxKey(id, epoch, seq++), blob);
    return Status::OK();
  });
  if (!st.ok()) {
    views_->RemoveFeed(s->view_id, s->feed.get());
    s->attached = false;
    return st;
  }
  batch.Put(SinkKey(id, kInit), Le64(epoch));
  st = batch.Commit(true);
  if (!st.ok()) {
    views_->RemoveFeed(s->view_id, s->feed.get());
    s->attached = false;
  }
  return st;
}

Status SinkRunner::Create(TableInfoPtr sink, const std::atomic<bool>* cancel) {
  auto s = std::make_shared<Sink>();
  s->info = sink;
  CatalogSnapshotPtr snap = catalog_->Snapshot();
  KAPPA_ASSIGN_OR_RETURN(auto view, ViewOf(*snap, *sink));
  s->view_id = view->id;
  s->view_name = view->name;
  KAPPA_ASSIGN_OR_RETURN(s->options, ParseKafkaSinkOptions(sink->options, sink->format,
                                                           sink->encode));
  s->feed = std::make_shared<Feed>(sink->id, s->signal);
  KAPPA_RETURN_IF_ERROR(Initialize(s, cancel));
  {
    std::lock_guard<std::mutex> lock(mu_);
    sinks_[sink->id] = s;
  }
  StartThread(s);
  return Status::OK();
}

void SinkRunner::StartThread(const std::shared_ptr<Sink>& s) {
  s->thread = std::thread([this, s] {
    Store* store = store_;
    const uint64_t id = s->info->id;
    const std::string who = "sink \"" + s->info->name + "\"";
    std::vector<DataType> types = s->info->Types();
    std::vector<std::string> names;
    for (const auto& c : s->info->columns) names.push_back(c.name);
    SinkEncoder encoder(s->options.format, names, s->info->primary_key);
    KafkaSinkProducer producer(s->options, id);
    {
      std::string k;
      if (GetState(store, SinkKey(id, kCommitted), &k)) {
        std::lock_guard<std::mutex> l(s->status_mu);
        s->committed = FromLe64(k);
        s->messages = FromLe64(k, 8);
      }
    }
    bool recovered = false;
    auto set_state = [&](const std::string& state, const std::string& error) {
      std::lock_guard<std::mutex> l(s->status_mu);
      if (state == "error" && s->state != "error") LogLine(LogLevel::kWarning, who + ": " + error);
      s->state = state;
      s->error = error;
    };
    auto wait = [&](int ms) {
      std::unique_lock<std::mutex> l(s->signal->mu);
      s->signal->cv.wait_for(l, std::chrono::milliseconds(ms),
                             [&] { return s->stop.load() || s->signal->work; });
      s->signal->work = false;
    };
    // Deletes the outbox epochs `done` (ascending) and records them as committed.
    auto finish = [&](const std::vector<uint64_t>& done, uint64_t sent) -> Status {
      StateBatch b(store);
      for (uint64_t e : done) b.DeletePrefix(OutboxEpochPrefix(id, e));
      uint64_t total;
      {
        std::lock_guard<std::mutex> l(s->status_mu);
        total = s->messages + sent;
      }
      b.Put(SinkKey(id, kCommitted), Le64(done.back()) + Le64(total));
      KAPPA_RETURN_IF_ERROR(b.Commit(false));
      std::lock_guard<std::mutex> l(s->status_mu);
      s->committed = done.back();
      s->messages = total;
      return Status::OK();
    };
    while (!s->stop.load()) {
      if (!producer.open()) {
        Status st = producer.Open();
        if (!st.ok()) {
          set_state("error", st.message());
          wait(1000);
          continue;
        }
        recovered = false;
      }
      std::vector<uint64_t> epochs = OutboxEpochs(store, id, kEpochsPerTransaction);
      if (!recovered) {
        // The pending epochs up to 'c' may have been committed just before
        // a crash (one transaction holds them all: all or none are in Kafka).
        std::string c;
        if (!epochs.empty() && GetState(store, SinkKey(id, kCommitting), &c) &&
            FromLe64(c) >= epochs[0]) {
          const uint64_t marked = FromLe64(c);
          Result<uint64_t> in_kafka = producer.CommittedEpoch(&s->stop);
          if (!in_kafka.ok()) {
            set_state("error", in_kafka.status().message());
            wait(1000);
            continue;
          }
          if (*in_kafka >= marked) {
            LogLine(LogLevel::kInfo, who + ": epochs up to " + std::to_string(marked) +
                                         " were already committed to Kafka");
            std::vector<uint64_t> done;
            for (uint64_t e : OutboxEpochs(store, id, SIZE_MAX)) {
              if (e <= marked) done.push_back(e);
            }
            Status st = finish(done, 0);
            if (!st.ok()) {
              set_state("error", st.message());
              wait(1000);
              continue;
            }
            epochs = OutboxEpochs(store, id, kEpochsPerTransaction);
          }
        }
        recovered = true;
      }
      if (epochs.empty()) {
        {
          std::lock_guard<std::mutex> l(s->signal->mu);
          std::lock_guard<std::mutex> sl(s->status_mu);
          if (s->signal->is_closed) {
            s->state = "failed";
            s->error = s->signal->closed.message();
          } else if (s->state != "running") {
            s->state = "running";
            s->error.clear();
          }
        }
        wait(1000);
        continue;
      }
      // Up to kEpochsPerTransaction epochs (and about kMessagesPerTransaction
      // messages) in one transaction.
      std::vector<KafkaSinkProducer::Epoch> batch;
      std::vector<uint64_t> done;
      size_t total = 0;
      Status st;
      for (uint64_t e : epochs) {
        if (!done.empty() && total >= kMessagesPerTransaction) break;
        std::vector<Chunk> changes;
        PrefixStateReader reader(store, OutboxEpochPrefix(id, e), nullptr);
        st = reader.Scan([&](std::string_view, std::string_view v) -> Status {
          Chunk c(types);
          KAPPA_RETURN_IF_ERROR(DecodeRows(v, &c));
          changes.push_back(std::move(c));
          return Status::OK();
        });
        KafkaSinkProducer::Epoch ep;
        ep.epoch = e;
        if (st.ok()) st = encoder.Encode(changes, &ep.messages);
        if (!st.ok()) break;
        total += ep.messages.size();
        done.push_back(e);
        if (!ep.messages.empty()) batch.push_back(std::move(ep));
      }
      if (!st.ok()) {
        set_state("failed", st.message());
        wait(5000);
        continue;
      }
      if (!batch.empty()) {
        const uint64_t last = batch.back().epoch;
        st = producer.SendEpochs(batch, [&] {
          StateBatch b(store);
          b.Put(SinkKey(id, kCommitting), Le64(last));
          return b.Commit(true);
        });
        if (!st.ok()) {
          set_state("error", st.message());
          recovered = false;  // the commit's outcome may be unknown
          wait(1000);
          continue;
        }
      }
      st = finish(done, total);
      if (!st.ok()) {
        set_state("error", st.message());
        wait(1000);
        continue;
      }
      set_state("running", "");
    }
  });
}

void SinkRunner::StopSink(const std::shared_ptr<Sink>& s) {
  s->stop = true;
  s->signal->Notify();
  if (s->thread.joinable()) s->thread.join();
  if (s->attached) {
    views_->RemoveFeed(s->view_id, s->feed.get());
    s->attached = false;
  }
}

Status SinkRunner::Drop(uint64_t sink_id) {
  std::shared_ptr<Sink> s;
  {
    std::lock_guard<std::mutex> lock(mu_);
    auto it = sinks_.find(sink_id);
    if (it != sinks_.end()) {
      s = it->second;
      sinks_.erase(it);
    }
  }
  if (s) StopSink(s);
  StateBatch batch(store_);
  batch.DeletePrefix(ViewKeyPrefix(sink_id));
  return batch.Commit(true);
}

void SinkRunner::StopAll() {
  std::map<uint64_t, std::shared_ptr<Sink>> all;
  {
    std::lock_guard<std::mutex> lock(mu_);
    all.swap(sinks_);
  }
  for (auto& [id, s] : all) StopSink(s);
}

std::vector<SinkStatus> SinkRunner::Statuses() const {
  std::vector<std::shared_ptr<Sink>> all;
  {
    std::lock_guard<std::mutex> lock(mu_);
    for (const auto& [id, s] : sinks_) all.push_back(s);
  }
  std::vector<SinkStatus> out;
  for (const auto& s : all) {
    SinkStatus st;
    st.id = s->info->id;
    st.name = s->info->name;
    st.view_name = s->view_name;
    st.topic = s->options.topic;
    st.format = s->info->format;
    {
      std::lock_guard<std::mutex> l(s->status_mu);
      st.state = s->state;
      st.error = s->error;
      st.committed_epoch = s->committed;
      st.messages = s->messages;
    }
    st.pending_epochs = OutboxEpochs(store_, st.id, SIZE_MAX).size();
    out.push_back(std::move(st));
  }
  return out;
}

}  // namespace kappa
