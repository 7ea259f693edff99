#include "server/view_engine.h"

#include <rocksdb/db.h>

#include <algorithm>
#include <chrono>
#include <condition_variable>
#include <cstring>
#include <map>
#include <mutex>
#include <set>
#include <thread>

#include "executor/materialize_operator.h"
#include "executor/queue_source_operator.h"
#include "executor/scan_operator.h"
#include "server/logging.h"
#include "executor/row_key.h"
#include "storage/key_codec.h"
#include "storage/row_codec.h"
#include "storage/store.h"
#include "storage/table_log.h"

namespace kappa {

namespace {

// Rows a backfill replays between two checkpoints.
constexpr uint64_t kBackfillRowsPerCheckpoint = 256 * 1024;
// Rows one live epoch takes from one table scan: a backlog is worked off in
// several epochs, so memory stays bounded by the epoch, not the backlog.
constexpr uint64_t kLiveRowsPerEpoch = 1024 * 1024;

struct RunningView {
  TableInfoPtr info;
  std::unique_ptr<Dataflow> df;
  std::unique_ptr<MaterializeOperator> mat;
  uint64_t barrier = 0;        // last barrier number sent through the dataflow
  bool inputs_loaded = false;  // the upstream views' contents were fed
  uint64_t epoch = 0;          // last engine epoch with input
  uint64_t blob_seq = 0;       // contents blobs written (storage/state_store.h)
  uint64_t blob_rows = 0;      // rows in those blobs
  Status error;                // not OK once the view failed
};

// The contents are rewritten consolidated once the blobs hold more rows
// than this (given the view's current row count): amortized O(1) per change.
uint64_t CompactionThreshold(int64_t rows) {
  return 2 * static_cast<uint64_t>(std::max<int64_t>(rows, 0)) + 65536;
}

// Concatenates small chunks into blobs of up to ~4 x kChunkRows rows.
std::vector<Chunk> Rebatch(std::vector<Chunk> in) {
  std::vector<Chunk> out;
  for (Chunk& c : in) {
    if (c.num_rows == 0) continue;
    if (out.empty() || out.back().num_rows + c.num_rows > 4 * kChunkRows ||
        c.num_rows >= kChunkRows) {
      out.push_back(std::move(c));
      continue;
    }
    Chunk& dst = out.back();
    for (size_t col = 0; col < dst.columns.size(); ++col) {
      for (size_t r = 0; r < c.num_rows; ++r) dst.columns[col].AppendFrom(c.columns[col], r);
    }
    dst.weights.insert(dst.weights.end(), c.weights.begin(), c.weights.end());
    dst.num_rows += c.num_rows;
  }
  return out;
}

// The table scan that `src` is, or null (VALUES, an upstream view's input).
ScanOperator* AsTableScan(const Dataflow& df, const SourceOperator* src) {
  for (ScanOperator* s : df.table_scans) {
    if (s == src) return s;
  }
  return nullptr;
}

bool IsViewInput(const Dataflow& df, const SourceOperator* src) {
  for (QueueSourceOperator* q : df.view_inputs) {
    if (q == src) return true;
  }
  return false;
}

std::string EncodeProgress(const RunningView& v) {
  std::string s(33, '\0');
  std::memcpy(s.data(), &v.barrier, 8);
  int64_t rows = v.mat->rows();
  std::memcpy(s.data() + 8, &rows, 8);
  s[16] = v.inputs_loaded ? 1 : 0;
  std::memcpy(s.data() + 17, &v.blob_seq, 8);
  std::memcpy(s.data() + 25, &v.blob_rows, 8);
  return s;
}

void DecodeProgress(std::string_view s, RunningView* v) {
  if (s.size() < 33) return;
  std::memcpy(&v->barrier, s.data(), 8);
  int64_t rows;
  std::memcpy(&rows, s.data() + 8, 8);
  v->mat->set_rows(rows);
  v->inputs_loaded = s[16] != 0;
  std::memcpy(&v->blob_seq, s.data() + 17, 8);
  std::memcpy(&v->blob_rows, s.data() + 25, 8);
}

Status Canceled() {
  return Status::Error(sqlstate::kQueryCanceled, "canceling statement due to user request");
}

}  // namespace

struct ViewEngine::Impl {
  Store* store;
  Catalog* catalog;
  ViewCompiler compiler;

  std::thread thread;
  mutable std::mutex mu;
  std::condition_variable wake;  // to the engine thread
  std::condition_variable done;  // from the engine thread
  // GUARDED_BY(mu):
  bool stop = false;
  bool started = false;
  struct Request {
    std::unique_ptr<RunningView> add;  // AddView
    uint64_t drop = 0;                 // DropView
    uint64_t feed_view = 0;            // AddFeed / RemoveFeed
    std::shared_ptr<ViewFeed> feed;    // AddFeed
    const ViewFeed* unfeed = nullptr;  // RemoveFeed
    std::shared_ptr<const ViewSnapshot> feed_start;
    bool finished = false;
    Status result;
  };
  std::vector<std::shared_ptr<Request>> requests;
  uint64_t gen_requested = 0;  // FLUSH generations
  uint64_t gen_done = 0;
  std::shared_ptr<const ViewSnapshot> snapshot;
  std::map<uint64_t, Status> failed;
  std::vector<ViewOperatorStats> stats;
  std::vector<ViewStatus> statuses;
  std::map<uint64_t, ViewStatus> building;  // views backfilling now
  // Set by DropView to stop a backfill of a view dropped while being created.
  std::map<uint64_t, std::shared_ptr<std::atomic<bool>>> dropping;

  struct Waker {
    std::mutex mu;
    Impl* impl = nullptr;  // GUARDED_BY(mu); null once stopped
  };
  std::shared_ptr<Waker> waker;

  // Engine thread only (and Start, before the thread runs).
  std::map<uint64_t, std::unique_ptr<RunningView>> views;
  std::map<uint64_t, std::vector<std::shared_ptr<ViewFeed>>> feeds;
  uint64_t epoch = 0;
  // AddFeedOnStart: attached by Start().
  std::vector<std::pair<uint64_t, std::shared_ptr<ViewFeed>>> start_feeds;

  void CloseFeeds(uint64_t view_id, const Status& why) {
    auto f = feeds.find(view_id);
    if (f == feeds.end()) return;
    for (auto& feed : f->second) feed->Closed(why);
    feeds.erase(f);
  }

  void Loop();
  void RunEpoch(std::vector<std::shared_ptr<Request>> reqs, uint64_t gen);
  // *behind: a scan stopped before its target (the row budget).
  Status StepView(RunningView& v, const std::map<uint64_t, uint64_t>& targets,
                  const std::map<uint64_t, std::vector<Chunk>>& upstream, bool* had_input,
                  bool* behind);
  Status SaveView(RunningView& v, StateBatch& batch, std::vector<Chunk>* changes);
  Status LoadUpstreamContents(RunningView& v);
  void Publish();  // REQUIRES: engine thread; takes mu
  void UpdateStats();  // REQUIRES: mu held
  Status Restore(TableInfoPtr info, CatalogSnapshotPtr snap);
  Status CleanupOrphans(const CatalogSnapshotPtr& snap);
};

ViewEngine::ViewEngine(Store* store, Catalog* catalog, ViewCompiler compiler)
    : impl_(std::make_unique<Impl>()) {
  impl_->store = store;
  impl_->catalog = catalog;
  impl_->compiler = std::move(compiler);
}

ViewEngine::~ViewEngine() { Stop(); }

Status ViewEngine::Impl::CleanupOrphans(const CatalogSnapshotPtr& snap) {
  rocksdb::ReadOptions ro;
  std::unique_ptr<rocksdb::Iterator> it(store->db()->NewIterator(ro, store->state_cf()));
  StateBatch batch(store);
  it->SeekToFirst();
  while (it->Valid()) {
    rocksdb::Slice k = it->key();
    if (k.size() < 8) {
      it->Next();
      continue;
    }
    uint64_t id = GetBigEndian64(k.data());
    std::string prefix = ViewKeyPrefix(id);
    if (id != 0) {
      auto t = snap->FindById(id);
      // Sinks keep their outbox under their own id (server/sink_runner.h).
      if (t == nullptr || (t->kind != RelationKind::kMaterializedView &&
                           t->kind != RelationKind::kSink)) {
        LogLine(LogLevel::kInfo, "deleting the state of dropped view " + std::to_string(id));
        batch.DeletePrefix(prefix);
      }
    }
    it->Seek(PrefixEnd(prefix));
  }
  return batch.Commit(true);
}

Status ViewEngine::Impl::Restore(TableInfoPtr info, CatalogSnapshotPtr snap) {
  auto v = std::make_unique<RunningView>();
  v->info = info;
  Result<std::unique_ptr<Dataflow>> df = compiler(*info, snap);
  if (!df.ok()) {
    v->error = df.status();
    std::lock_guard<std::mutex> lock(mu);
    failed[info->id] = df.status();
    views[info->id] = std::move(v);
    return Status::OK();
  }
  v->df = std::move(*df);
  v->mat = std::make_unique<MaterializeOperator>(v->df->output_types);
  // Load every operator's state with its output detached.
  for (size_t i = 0; i < v->df->operators.size(); ++i) {
    Operator* op = v->df->operators[i].get();
    Operator* out = op->output();
    int port = op->output_port();
    op->SetOutput(nullptr, 0);
    PrefixStateReader reader(store, OperatorStatePrefix(info->id, static_cast<uint32_t>(i)),
                             nullptr);
    Status st = op->LoadState(reader);
    op->SetOutput(out, port);
    if (!st.ok()) {
      v->error = st;
      break;
    }
  }
  v->df->root->SetOutput(v->mat.get(), 0);
  PrefixStateReader progress(store, ViewProgressKey(info->id), nullptr);
  std::string p;
  KAPPA_ASSIGN_OR_RETURN(bool found, progress.Get("", &p));
  if (found) DecodeProgress(p, v.get());
  std::lock_guard<std::mutex> lock(mu);
  if (!v->error.ok()) failed[info->id] = v->error;
  views[info->id] = std::move(v);
  return Status::OK();
}

Status ViewEngine::Start() {
  Impl& m = *impl_;
  CatalogSnapshotPtr snap = m.catalog->Snapshot();
  KAPPA_RETURN_IF_ERROR(m.CleanupOrphans(snap));
  {
    PrefixStateReader r(m.store, ViewProgressKey(0), nullptr);
    std::string e;
    KAPPA_ASSIGN_OR_RETURN(bool found, r.Get("", &e));
    if (found && e.size() == 8) std::memcpy(&m.epoch, e.data(), 8);
  }
  for (const TableInfoPtr& t : snap->All()) {
    if (t->kind != RelationKind::kMaterializedView) continue;
    KAPPA_RETURN_IF_ERROR(m.Restore(t, snap));
  }
  for (auto& [view_id, feed] : m.start_feeds) {
    auto v = m.views.find(view_id);
    if (v == m.views.end()) {
      feed->Closed(Status::Error(sqlstate::kUndefinedTable, "the materialized view was dropped"));
    } else if (!v->second->error.ok()) {
      feed->Closed(v->second->error);
    } else {
      m.feeds[view_id].push_back(std::move(feed));
    }
  }
  m.start_feeds.clear();
  m.Publish();
  {
    std::lock_guard<std::mutex> lock(m.mu);
    m.started = true;
    ++m.gen_requested;  // catch up with the logs at once
  }
  // The listener may run on a session thread after the engine stops: it
  // reaches the engine only through `waker`, which Stop() disconnects.
  m.waker = std::make_shared<Impl::Waker>();
  m.waker->impl = &m;
  m.store->log().SetAppendListener([w = m.waker] {
    std::lock_guard<std::mutex> wl(w->mu);
    if (w->impl == nullptr) return;
    {
      std::lock_guard<std::mutex> lock(w->impl->mu);
      ++w->impl->gen_requested;
    }
    w->impl->wake.notify_one();
  });
  m.thread = std::thread([&m] { m.Loop(); });
  return Status::OK();
}

void ViewEngine::Stop() {
  Impl& m = *impl_;
  if (m.waker) {
    std::lock_guard<std::mutex> wl(m.waker->mu);
    m.waker->impl = nullptr;
  }
  {
    std::lock_guard<std::mutex> lock(m.mu);
    if (!m.started) return;
    m.stop = true;
    m.started = false;
  }
  m.wake.notify_all();
  if (m.thread.joinable()) m.thread.join();
  std::lock_guard<std::mutex> lock(m.mu);
  for (auto& r : m.requests) {
    r->finished = true;
    r->result = Status::Error(sqlstate::kAdminShutdown, "the server is shutting down");
  }
  m.requests.clear();
  m.done.notify_all();
}

void ViewEngine::Impl::Loop() {
  std::map<uint64_t, uint64_t> last_seen;
  while (true) {
    std::vector<std::shared_ptr<Request>> reqs;
    uint64_t gen;
    {
      std::unique_lock<std::mutex> lock(mu);
      // Appends wake the thread (TableLog's listener); the timeout is a
      // safety net only.
      wake.wait_for(lock, std::chrono::milliseconds(100), [&] {
        return stop || !requests.empty() || gen_requested > gen_done;
      });
      if (stop) {
        lock.unlock();
        std::vector<uint64_t> ids;
        for (auto& [id, list] : feeds) ids.push_back(id);
        for (uint64_t id : ids) {
          CloseFeeds(id, Status::Error(sqlstate::kAdminShutdown, "the server is shutting down"));
        }
        return;
      }
      reqs.swap(requests);
      gen = gen_requested;
    }
    RunEpoch(std::move(reqs), gen);
  }
}

Status ViewEngine::Impl::LoadUpstreamContents(RunningView& v) {
  for (QueueSourceOperator* in : v.df->view_inputs) {
    auto up = catalog->Snapshot()->FindById(in->upstream_id);
    if (up == nullptr) {
      return Status::Error(sqlstate::kUndefinedTable, "an upstream view was dropped");
    }
    // Latest committed contents (this epoch's changes are not committed yet
    // and arrive through `upstream` in StepView).
    ViewSnapshot snap(store, epoch, {});
    KAPPA_RETURN_IF_ERROR(snap.ScanContents(up->id, up->Types(), [&](Chunk&& c) -> Status {
      in->Push(std::move(c));
      return Status::OK();
    }));
  }
  v.inputs_loaded = true;
  return Status::OK();
}

Status ViewEngine::Impl::StepView(RunningView& v, const std::map<uint64_t, uint64_t>& targets,
                                  const std::map<uint64_t, std::vector<Chunk>>& upstream,
                                  bool* had_input, bool* behind) {
  if (!v.inputs_loaded) {
    if (!v.df->view_inputs.empty()) *had_input = true;
    KAPPA_RETURN_IF_ERROR(LoadUpstreamContents(v));
  }
  for (QueueSourceOperator* in : v.df->view_inputs) {
    auto it = upstream.find(in->upstream_id);
    if (it == upstream.end()) continue;
    for (const Chunk& c : it->second) {
      in->Push(c);
      *had_input = true;
    }
  }
  for (ScanOperator* s : v.df->table_scans) {
    auto it = targets.find(s->table_id());
    if (it != targets.end() && s->next_seq() <= it->second) *had_input = true;
  }
  if (!*had_input) return Status::OK();
  for (SourceOperator* src : v.df->sources) {
    if (ScanOperator* scan = AsTableScan(*v.df, src)) {
      auto it = targets.find(scan->table_id());
      const uint64_t target = it == targets.end() ? 0 : it->second;
      KAPPA_RETURN_IF_ERROR(scan->PumpTo(target, kLiveRowsPerEpoch));
      if (scan->next_seq() <= target) *behind = true;
    } else {
      KAPPA_RETURN_IF_ERROR(src->Pump());
    }
  }
  ++v.barrier;
  for (SourceOperator* src : v.df->sources) KAPPA_RETURN_IF_ERROR(src->SendBarrier(v.barrier));
  return Status::OK();
}

Status ViewEngine::Impl::SaveView(RunningView& v, StateBatch& batch,
                                  std::vector<Chunk>* changes) {
  *changes = Rebatch(v.mat->TakeChanges());
  uint64_t new_rows = 0;
  for (const Chunk& c : *changes) new_rows += c.num_rows;
  if (v.blob_rows + new_rows <= CompactionThreshold(v.mat->rows())) {
    for (const Chunk& c : *changes) {
      batch.AppendContents(v.info->id, ++v.blob_seq, c);
      v.blob_rows += c.num_rows;
    }
  } else {
    // Rewrite the contents consolidated: the committed blobs plus this
    // epoch's, into blobs of positive rows only.
    std::vector<DataType> types = v.df->output_types;
    RowMultiset all(types, KeyMode::kExact, 1, /*erase_at_zero=*/true);
    PrefixStateReader reader(store, ViewContentsPrefix(v.info->id), nullptr);
    KAPPA_RETURN_IF_ERROR(reader.Scan([&](std::string_view, std::string_view blob) -> Status {
      Chunk c(types);
      KAPPA_RETURN_IF_ERROR(DecodeRows(blob, &c));
      all.Add(c, 0, nullptr, nullptr, nullptr);
      return Status::OK();
    }));
    for (const Chunk& c : *changes) all.Add(c, 0, nullptr, nullptr, nullptr);
    batch.DeletePrefix(ViewContentsPrefix(v.info->id));
    v.blob_rows = 0;
    Chunk cur(types);
    auto flush = [&] {
      if (cur.num_rows == 0) return;
      batch.AppendContents(v.info->id, ++v.blob_seq, cur);
      v.blob_rows += cur.num_rows;
      cur = Chunk(types);
    };
    for (uint32_t id = 0; id < all.id_limit(); ++id) {
      if (!all.IsLive(id) || all.count(id) <= 0) continue;
      for (size_t col = 0; col < types.size(); ++col) {
        cur.columns[col].AppendFrom(all.rows().columns[col], id);
      }
      cur.weights.push_back(all.count(id));
      ++cur.num_rows;
      if (cur.num_rows >= 4 * kChunkRows) flush();
    }
    flush();
  }
  for (size_t i = 0; i < v.df->operators.size(); ++i) {
    auto w = batch.Writer(OperatorStatePrefix(v.info->id, static_cast<uint32_t>(i)));
    KAPPA_RETURN_IF_ERROR(v.df->operators[i]->SaveState(*w));
  }
  batch.Put(ViewProgressKey(v.info->id), EncodeProgress(v));
  return Status::OK();
}

void ViewEngine::Impl::RunEpoch(std::vector<std::shared_ptr<Request>> reqs, uint64_t gen) {
  StateBatch batch(store);
  bool work = false;
  for (auto& r : reqs) {
    if (r->add) {
      uint64_t id = r->add->info->id;
      views[id] = std::move(r->add);
      work = true;
    } else if (r->feed) {
      auto v = views.find(r->feed_view);
      if (v == views.end()) {
        r->result = Status::Error(sqlstate::kUndefinedTable, "the materialized view was dropped");
      } else if (!v->second->error.ok()) {
        r->result = v->second->error;
      } else {
        feeds[r->feed_view].push_back(r->feed);
        std::lock_guard<std::mutex> lock(mu);
        r->feed_start = snapshot;
      }
    } else if (r->unfeed != nullptr) {
      auto f = feeds.find(r->feed_view);
      if (f != feeds.end()) {
        auto& list = f->second;
        for (size_t i = 0; i < list.size(); ++i) {
          if (list[i].get() == r->unfeed) {
            list.erase(list.begin() + static_cast<long>(i));
            break;
          }
        }
        if (list.empty()) feeds.erase(f);
      }
    } else if (r->drop != 0) {
      CloseFeeds(r->drop, Status::Error(sqlstate::kUndefinedTable,
                                        "the materialized view was dropped"));
      views.erase(r->drop);
      batch.DeletePrefix(ViewKeyPrefix(r->drop));
      std::lock_guard<std::mutex> lock(mu);
      failed.erase(r->drop);
      work = true;
    }
  }
  // Where every table log ends now: this epoch's input.
  std::map<uint64_t, uint64_t> targets;
  for (auto& [id, v] : views) {
    if (!v->df || !v->error.ok()) continue;
    for (ScanOperator* s : v->df->table_scans) {
      if (targets.count(s->table_id())) continue;
      Result<uint64_t> last = store->log().LastSeq(s->table_id());
      targets[s->table_id()] = last.ok() ? *last : 0;
    }
  }
  const uint64_t next_epoch = epoch + 1;
  // Each view's changes in this epoch: input of the views reading it, and
  // what its feeds get.
  std::map<uint64_t, std::vector<Chunk>> upstream;
  bool any_input = false;
  bool behind = false;
  for (auto& [id, vp] : views) {
    RunningView& v = *vp;
    if (!v.df || !v.error.ok()) continue;
    bool had_input = false;
    Status st = StepView(v, targets, upstream, &had_input, &behind);
    std::vector<Chunk> changes;
    if (st.ok() && had_input) st = SaveView(v, batch, &changes);
    if (!st.ok()) {
      LogLine(LogLevel::kWarning, "materialized view \"" + v.info->name + "\" failed: " + st.message());
      v.error = st;
      std::lock_guard<std::mutex> lock(mu);
      failed[id] = st;
      continue;
    }
    if (had_input) {
      any_input = true;
      v.epoch = next_epoch;
      if (!changes.empty()) {
        upstream[id] = std::move(changes);
      }
    }
  }
  // Views that failed in this epoch end their feeds.
  for (auto& [id, v] : views) {
    if (!v->error.ok() && feeds.count(id)) CloseFeeds(id, v->error);
  }
  Status commit = Status::OK();
  if (any_input || work) {
    epoch = next_epoch;
    std::string e(8, '\0');
    std::memcpy(e.data(), &epoch, 8);
    batch.Put(ViewProgressKey(0), e);
    static const std::vector<Chunk> kNoChanges;
    for (auto& [id, list] : feeds) {
      auto c = upstream.find(id);
      for (auto& feed : list) {
        feed->Stage(epoch, c == upstream.end() ? kNoChanges : c->second, batch);
      }
    }
    commit = batch.Commit(false);
    if (!commit.ok()) LogLine(LogLevel::kError, "view epoch commit failed: " + commit.message());
    Publish();
    if (commit.ok()) {
      for (auto& [id, list] : feeds) {
        auto c = upstream.find(id);
        for (auto& feed : list) {
          feed->Published(epoch, c == upstream.end() ? kNoChanges : c->second);
        }
      }
    }
  }
  std::lock_guard<std::mutex> lock(mu);
  for (auto& r : reqs) {
    r->finished = true;
    if (r->result.ok()) r->result = commit;
  }
  // A FLUSH is satisfied only once every view reached the logs' ends as of
  // this epoch's start; behind a backlog the loop runs again at once.
  if (behind) {
    ++gen_requested;
  } else if (gen > gen_done) {
    gen_done = gen;
  }
  UpdateStats();
  done.notify_all();
}

void ViewEngine::Impl::Publish() {
  std::set<uint64_t> ids;
  for (auto& [id, v] : views) ids.insert(id);
  auto snap = std::make_shared<const ViewSnapshot>(store, epoch, std::move(ids));
  std::lock_guard<std::mutex> lock(mu);
  snapshot = std::move(snap);
  UpdateStats();
  done.notify_all();
}

void ViewEngine::Impl::UpdateStats() {
  stats.clear();
  statuses.clear();
  for (auto& [id, v] : views) {
    ViewStatus s;
    s.id = id;
    s.name = v->info->name;
    s.epoch = v->epoch;
    s.rows = v->mat ? v->mat->rows() : 0;
    s.stored_rows = v->blob_rows;
    if (!v->error.ok()) s.error = v->error.message();
    s.state = v->error.ok() ? "running" : "failed";
    statuses.push_back(s);
    if (!v->df) continue;
    int n = 0;
    for (const auto& op : v->df->operators) {
      ViewOperatorStats o;
      o.view_name = v->info->name;
      o.operator_id = n++;
      o.description = op->Describe();
      o.state_rows = op->StateRows();
      o.state_bytes = op->StateBytes();
      stats.push_back(std::move(o));
    }
    ViewOperatorStats o;
    o.view_name = v->info->name;
    o.operator_id = n;
    o.description = v->mat->Describe();
    o.state_rows = v->mat->StateRows();
    o.state_bytes = v->mat->StateBytes();
    stats.push_back(std::move(o));
  }
}

Status ViewEngine::AddView(TableInfoPtr view, std::unique_ptr<Dataflow> dataflow,
                           const std::atomic<bool>* cancel) {
  Impl& m = *impl_;
  auto v = std::make_unique<RunningView>();
  v->info = view;
  v->df = std::move(dataflow);
  v->mat = std::make_unique<MaterializeOperator>(v->df->output_types);
  v->df->root->SetOutput(v->mat.get(), 0);
  // Backfill from the table logs, checkpointing as it goes.
  std::map<ScanOperator*, uint64_t> targets;
  uint64_t total = 0;
  for (ScanOperator* s : v->df->table_scans) {
    KAPPA_ASSIGN_OR_RETURN(uint64_t last, m.store->log().LastSeq(s->table_id()));
    targets[s] = last;
    total += last;
  }
  // Progress for kappa_catalog.views: log entries replayed / to replay.
  auto report = [&](bool done) {
    uint64_t replayed = 0;
    for (const auto& [s, last] : targets) replayed += std::min(s->next_seq() - 1, last);
    ViewStatus st;
    st.id = view->id;
    st.name = view->name;
    st.state = "building";
    st.progress = done || total == 0 ? 1.0 : static_cast<double>(replayed) / total;
    std::lock_guard<std::mutex> lock(m.mu);
    if (done) {
      m.building.erase(view->id);
      m.dropping.erase(view->id);
      m.done.notify_all();
    } else {
      m.building[view->id] = st;
    }
  };
  auto dropped = std::make_shared<std::atomic<bool>>(false);
  {
    std::lock_guard<std::mutex> lock(m.mu);
    m.dropping[view->id] = dropped;
  }
  struct Finish {
    std::function<void()> fn;
    ~Finish() { fn(); }
  } finish{[&] { report(true); }};
  report(false);
  bool first = true;
  while (true) {
    if (cancel && cancel->load(std::memory_order_relaxed)) return Canceled();
    if (dropped->load()) {
      return Status::Error(sqlstate::kQueryCanceled, "materialized view \"" + view->name +
                                                         "\" was dropped while it was created");
    }
    bool more = false;
    for (SourceOperator* src : v->df->sources) {
      if (ScanOperator* scan = AsTableScan(*v->df, src)) {
        KAPPA_RETURN_IF_ERROR(scan->PumpTo(targets[scan], kBackfillRowsPerCheckpoint));
        if (scan->next_seq() <= targets[scan]) more = true;
      } else if (first && !IsViewInput(*v->df, src)) {
        KAPPA_RETURN_IF_ERROR(src->Pump());  // VALUES
      }
    }
    first = false;
    ++v->barrier;
    for (SourceOperator* src : v->df->sources) {
      KAPPA_RETURN_IF_ERROR(src->SendBarrier(v->barrier));
    }
    StateBatch batch(m.store);
    std::vector<Chunk> changes;
    KAPPA_RETURN_IF_ERROR(m.SaveView(*v, batch, &changes));
    KAPPA_RETURN_IF_ERROR(batch.Commit(false));
    report(false);
    if (!more) break;
  }
  // Hand over: the engine feeds the upstream views and catches up.
  auto req = std::make_shared<Impl::Request>();
  req->add = std::move(v);
  std::unique_lock<std::mutex> lock(m.mu);
  if (!m.started) return Status::Error(sqlstate::kAdminShutdown, "the server is shutting down");
  if (dropped->load()) {
    return Status::Error(sqlstate::kQueryCanceled,
                         "materialized view \"" + view->name + "\" was dropped while it was created");
  }
  m.requests.push_back(req);
  m.wake.notify_all();
  m.done.wait(lock, [&] { return req->finished; });
  if (!req->result.ok()) return req->result;
  auto f = m.failed.find(view->id);
  if (f != m.failed.end()) return f->second;
  return Status::OK();
}

Status ViewEngine::DropView(uint64_t view_id) {
  Impl& m = *impl_;
  auto req = std::make_shared<Impl::Request>();
  req->drop = view_id;
  std::unique_lock<std::mutex> lock(m.mu);
  // A view still backfilling: stop it and wait until its CREATE gave up (or
  // handed it over, which the drop request below then undoes).
  auto d = m.dropping.find(view_id);
  if (d != m.dropping.end()) {
    d->second->store(true);
    m.done.wait(lock, [&] { return m.dropping.count(view_id) == 0; });
  }
  if (!m.started) {
    // Not running (startup failed): delete directly.
    lock.unlock();
    StateBatch batch(m.store);
    batch.DeletePrefix(ViewKeyPrefix(view_id));
    return batch.Commit(true);
  }
  m.requests.push_back(req);
  m.wake.notify_all();
  m.done.wait(lock, [&] { return req->finished; });
  return req->result;
}

Status ViewEngine::Flush(const std::atomic<bool>* cancel) {
  Impl& m = *impl_;
  std::unique_lock<std::mutex> lock(m.mu);
  if (!m.started) return Status::OK();
  uint64_t my = ++m.gen_requested;
  m.wake.notify_all();
  while (m.gen_done < my) {
    if (cancel && cancel->load(std::memory_order_relaxed)) return Canceled();
    if (!m.started) break;
    m.done.wait_for(lock, std::chrono::milliseconds(50));
  }
  return Status::OK();
}

Result<std::shared_ptr<const ViewSnapshot>> ViewEngine::Snapshot(
    const std::vector<uint64_t>& view_ids, const std::atomic<bool>* cancel) {
  Impl& m = *impl_;
  std::unique_lock<std::mutex> lock(m.mu);
  while (true) {
    for (uint64_t id : view_ids) {
      auto f = m.failed.find(id);
      if (f != m.failed.end()) {
        auto t = m.catalog->Snapshot()->FindById(id);
        std::string name = t ? t->name : std::to_string(id);
        return Status::Error(f->second.sqlstate(), "materialized view \"" + name +
                                                       "\" failed: " + f->second.message())
            .WithHint("Drop the view and create it again once the cause is fixed.");
      }
    }
    bool all = m.snapshot != nullptr;
    for (uint64_t id : view_ids) {
      if (all && !m.snapshot->HasView(id)) all = false;
    }
    if (all) return m.snapshot;
    if (cancel && cancel->load(std::memory_order_relaxed)) return Canceled();
    for (uint64_t id : view_ids) {
      if (m.catalog->Snapshot()->FindById(id) == nullptr) {
        return Status::Error(sqlstate::kUndefinedTable, "the materialized view was dropped");
      }
    }
    m.done.wait_for(lock, std::chrono::milliseconds(50));
  }
}

Result<std::shared_ptr<const ViewSnapshot>> ViewEngine::AddFeed(
    uint64_t view_id, std::shared_ptr<ViewFeed> feed, const std::atomic<bool>* cancel) {
  // Wait until the view is published (a view being built is not yet in
  // the engine); this also reports a failed view.
  KAPPA_RETURN_IF_ERROR(Snapshot({view_id}, cancel).status());
  Impl& m = *impl_;
  auto req = std::make_shared<Impl::Request>();
  req->feed_view = view_id;
  req->feed = std::move(feed);
  std::unique_lock<std::mutex> lock(m.mu);
  if (!m.started) return Status::Error(sqlstate::kAdminShutdown, "the server is shutting down");
  m.requests.push_back(req);
  m.wake.notify_all();
  m.done.wait(lock, [&] { return req->finished; });
  if (!req->result.ok()) return req->result;
  if (req->feed_start == nullptr) {
    return Status::Error(sqlstate::kAdminShutdown, "the server is shutting down");
  }
  return req->feed_start;
}

void ViewEngine::AddFeedOnStart(uint64_t view_id, std::shared_ptr<ViewFeed> feed) {
  impl_->start_feeds.emplace_back(view_id, std::move(feed));
}

void ViewEngine::RemoveFeed(uint64_t view_id, const ViewFeed* feed) {
  Impl& m = *impl_;
  auto req = std::make_shared<Impl::Request>();
  req->feed_view = view_id;
  req->unfeed = feed;
  std::unique_lock<std::mutex> lock(m.mu);
  if (!m.started) return;
  m.requests.push_back(req);
  m.wake.notify_all();
  m.done.wait(lock, [&] { return req->finished; });
}

std::vector<ViewOperatorStats> ViewEngine::OperatorStats() const {
  std::lock_guard<std::mutex> lock(impl_->mu);
  return impl_->stats;
}

std::vector<ViewStatus> ViewEngine::ViewStatuses() const {
  std::lock_guard<std::mutex> lock(impl_->mu);
  std::vector<ViewStatus> out = impl_->statuses;
  for (const auto& [id, s] : impl_->building) {
    bool running = false;
    for (const ViewStatus& r : impl_->statuses) running = running || r.id == id;
    if (!running) out.push_back(s);
  }
  return out;
}

}  // namespace kappa
