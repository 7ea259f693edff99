// ViewEngine: the runtime of all materialized views of one database.
//
// EPOCHS. One engine thread owns every view's dataflow (executor/operator.h)
// and advances them in epochs. An epoch: note each table log's last entry,
// then for every view in creation order (a view only reads older views)
// pump its table scans to those entries and feed it its upstream views'
// changes of this same epoch, send a barrier, take the view's net changes
// (MaterializeOperator) and its operators' state deltas (SaveState). All of
// it, for all views, plus each view's progress, goes into one StateBatch
// (storage/state_store.h), committed as one atomic RocksDB write. Then a new
// ViewSnapshot is published: readers see every view at that epoch, never a
// half-applied batch. An epoch runs as soon as a table log grows (every
// durable append wakes the engine thread), so views trail acknowledged
// writes by about one epoch. The epoch commit is
// not fsynced: everything it holds is derived from the fsynced table logs,
// so a crash loses at most work that is redone from the logs.
//
// BACKFILL. CREATE MATERIALIZED VIEW first persists the view in the
// catalog, then replays the table logs up to their current ends through
// the new dataflow on the creating session's thread, committing its state
// every ~256k rows (each such commit is a consistent checkpoint, so a crash
// mid-backfill resumes where it stopped), then hands the view to the engine
// thread, which feeds it the current contents of the views it reads and
// catches up with the logs in its next epoch. Until that epoch is
// published the view is absent from snapshots and readers wait for it. The
// backfill holds no DDL lock; DropView stops a backfill in progress.
//
// RESTART. Start() rebuilds every view's dataflow from its definition,
// loads every operator's state (LoadState, outputs detached) and the
// view's progress, and continues from the logged positions: nothing is
// recomputed and nothing applied twice.
//
// FLUSH waits for an epoch that started after the FLUSH did.
//
// CHANGE FEEDS (sinks, SUBSCRIBE). AddFeed attaches a ViewFeed to a running
// view between two epochs and returns the snapshot the feed starts from
// (the view's contents at epoch E). From then on the feed is called on the
// engine thread for EVERY later epoch the engine publishes, in order, once
// each: Stage() while the epoch's StateBatch is built (a durable feed, such
// as a sink's outbox, adds its writes there, so they commit atomically with
// the view's contents), then Published() after the commit and the new
// snapshot are visible. `changes` are the view's net changes in that epoch
// (rows with signed weights; empty if the view did not change). Callbacks
// must be quick and must not call back into the engine. A feed ends with
// Closed(): the view was dropped (42P01) or failed (its error), or the
// engine stops (57P01); RemoveFeed ends it quietly.
//
// A view whose dataflow fails (e.g. division by zero) stops; reading it
// returns the error; its last committed contents stay.
//
// Thread safety: all public methods are thread-safe.
#pragma once

#include <atomic>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "common/status.h"
#include "planner/physical_planner.h"
#include "sql/catalog.h"
#include "storage/state_store.h"

namespace kappa {

class Store;

// Builds a view's dataflow (view mode) from its catalog entry.
using ViewCompiler =
    std::function<Result<std::unique_ptr<Dataflow>>(const TableInfo& view, CatalogSnapshotPtr)>;

class ViewFeed {
 public:
  virtual ~ViewFeed() = default;
  virtual void Stage(uint64_t epoch, const std::vector<Chunk>& changes, StateBatch& batch) {}
  virtual void Published(uint64_t epoch, const std::vector<Chunk>& changes) {}
  virtual void Closed(const Status& why) {}
};

struct ViewOperatorStats {
  std::string view_name;
  int operator_id = 0;
  std::string description;
  uint64_t state_rows = 0;
  uint64_t state_bytes = 0;
};

struct ViewStatus {
  uint64_t id = 0;
  std::string name;
  uint64_t epoch = 0;       // last epoch the view took part in
  int64_t rows = 0;
  uint64_t stored_rows = 0;  // rows in the contents' change blobs (>= rows until compacted)
  std::string error;        // non-empty once the view failed
  std::string state;        // "building" (backfilling), "running", "failed"
  double progress = 1;      // building: share of the logs replayed so far (0..1)
};

class ViewEngine {
 public:
  ViewEngine(Store* store, Catalog* catalog, ViewCompiler compiler);
  ~ViewEngine();

  // Restores every view of the catalog and starts the engine thread.
  Status Start();
  void Stop();

  // Backfills `view` (already in the catalog) through `dataflow` on the
  // calling thread and hands it to the engine; returns once it is visible.
  // On error the caller drops the catalog entry and calls DropView.
  Status AddView(TableInfoPtr view, std::unique_ptr<Dataflow> dataflow,
                 const std::atomic<bool>* cancel);
  // Stops the view and deletes its state and contents; returns when done.
  // A view still backfilling is stopped first (its AddView fails with 57014).
  Status DropView(uint64_t view_id);

  // Returns once every view reflects every write acknowledged before the call.
  Status Flush(const std::atomic<bool>* cancel);

  // The current read point, once it contains every view in `view_ids`
  // (waits for views being built). Errors: the view's failure, 57014.
  Result<std::shared_ptr<const ViewSnapshot>> Snapshot(const std::vector<uint64_t>& view_ids,
                                                       const std::atomic<bool>* cancel);

  // Attaches `feed` to the view (CHANGE FEEDS above); waits for a view
  // being built. Errors: 42P01 (no such running view), the view's failure,
  // 57P01, 57014.
  Result<std::shared_ptr<const ViewSnapshot>> AddFeed(uint64_t view_id,
                                                      std::shared_ptr<ViewFeed> feed,
                                                      const std::atomic<bool>* cancel);
  // Detaches `feed`; no callback runs once this returns. No-op if absent.
  void RemoveFeed(uint64_t view_id, const ViewFeed* feed);
  // Before Start(): attaches `feed` to the view as Start() restores it, before
  // the first epoch runs, so a durable feed resuming after a restart (a
  // sink's outbox) misses no epoch: it is called for every epoch after the
  // restored one. A view that is missing or failed at Start() closes it.
  void AddFeedOnStart(uint64_t view_id, std::shared_ptr<ViewFeed> feed);

  std::vector<ViewOperatorStats> OperatorStats() const;
  std::vector<ViewStatus> ViewStatuses() const;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace kappa
