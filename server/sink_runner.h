// SinkRunner: the Kafka sinks of one database (CREATE SINK s FROM v WITH
// (connector = 'kafka', ...) FORMAT PLAIN|UPSERT|DEBEZIUM ENCODE JSON).
//
// EXACTLY ONCE. Each sink has a durable OUTBOX in the state column family
// under its own catalog id ([sink id BE8], never a view's id, kept by the
// view engine's orphan cleanup):
//   'x' epoch(BE8) seq(BE4)  the view's net changes of `epoch` (row_codec
//                            chunks), pending delivery
//   'i'                      the epoch of the initial snapshot (present once
//                            the sink is initialized)
//   's'                      the last epoch staged (diagnostics)
//   'c'                      the epoch whose Kafka commit was started
//   'k'                      committed epoch and message count (16 bytes LE)
// The sink's ViewFeed (server/view_engine.h) appends every epoch's changes
// to the outbox inside the epoch's own atomic write, so the outbox is
// exactly consistent with the view. CREATE SINK writes the view's contents
// at the feed's start epoch E as outbox epoch E. After a restart the feeds
// are attached before the engine runs its first epoch
// (ViewEngine::AddFeedOnStart), so no epoch is missed.
//
// One thread per sink drains the outbox in epoch order: per epoch one Kafka
// transaction (transactional.id "kappadb-sink-<id>"; init_transactions
// fences an older instance), every message with the headers kappadb_sink,
// kappadb_epoch and kappadb_txn (a per-attempt id), then: flush, durably
// mark 'c' = epoch, commit_transaction, delete the epoch from the outbox.
// After a crash, an outbox epoch equal to 'c' may already be committed in
// Kafka: the runner reads the tail of every partition of the topic
// (read_committed) and skips the epoch if a record of this sink carries
// that epoch or a later one. An epoch without the mark was never committed
// (its open transaction is aborted by the fencing) and is sent again.
// The topic is assumed to be written by this sink only (other producers'
// records are ignored by the tail check but must not bury the sink's last
// records under more than 64 records per partition).
//
// Thread safety: all public methods are thread-safe.
#pragma once

#include <atomic>
#include <cstdint>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "common/status.h"
#include "executor/kafka_sink.h"
#include "sql/catalog.h"

namespace kappa {

class Store;
class ViewEngine;

struct SinkStatus {
  uint64_t id = 0;
  std::string name;
  std::string view_name;
  std::string topic;
  std::string format;
  std::string state;  // "starting", "running", "error" (retrying), "failed" (view failed)
  std::string error;
  uint64_t committed_epoch = 0;
  uint64_t pending_epochs = 0;
  uint64_t messages = 0;
};

class SinkRunner {
 public:
  SinkRunner(Store* store, Catalog* catalog, ViewEngine* views);
  ~SinkRunner();

  // Before ViewEngine::Start(): attaches the feed of every sink in the
  // catalog (AddFeedOnStart).
  void AttachAtStart();
  // After ViewEngine::Start(): initializes sinks whose CREATE did not
  // finish (from the view's contents now) and starts every sink's thread.
  void StartAll(const std::atomic<bool>* cancel);

  // CREATE SINK: `sink` (kind kSink) is in the catalog. Attaches its feed,
  // writes the view's contents as the first outbox epoch and starts it.
  Status Create(TableInfoPtr sink, const std::atomic<bool>* cancel);
  // Stops the sink and deletes its outbox. No-op if unknown.
  Status Drop(uint64_t sink_id);
  // Stops every sink's thread (server shutdown; the outboxes stay).
  void StopAll();

  std::vector<SinkStatus> Statuses() const;

 private:
  struct Sink;
  class Feed;
  Status Initialize(const std::shared_ptr<Sink>& s, const std::atomic<bool>* cancel);
  void StartThread(const std::shared_ptr<Sink>& s);
  void StopSink(const std::shared_ptr<Sink>& s);

  Store* store_;
  Catalog* catalog_;
  ViewEngine* views_;
  mutable std::mutex mu_;
  std::map<uint64_t, std::shared_ptr<Sink>> sinks_;  // GUARDED_BY(mu_)
};

}  // namespace kappa
