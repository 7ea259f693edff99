// Subscription: one client's SUBSCRIBE (Materialize's design): the contents
// of a materialized view as of one epoch (unless SNAPSHOT = false), then
// every change of every later epoch, exactly once, in epoch order, until the
// client stops reading (CLOSE, end of the transaction, cancel, disconnect).
//
// ROWS. Each output row is
//   kappa_timestamp  int8  the epoch's progress timestamp: its commit time
//                          in ms since 1970, made strictly increasing
//                          across epochs (the snapshot has the first one)
//   kappa_progressed bool  only WITH (PROGRESS): true for a progress row
//   kappa_diff       int8  +n inserts n copies of the row, -n retracts them
//                          (NULL in progress rows)
//   then the view's columns (or the query's; NULL in progress rows).
// Within one timestamp the changes are consolidated (a row inserted and
// retracted in the same epoch does not appear). A progress row with
// timestamp t (PROGRESS) promises that every later row has a timestamp
// >= t: all changes with smaller timestamps were delivered. One follows
// the snapshot and each later epoch (also epochs that did not change the
// view; consecutive such rows not yet read are merged).
//
// SUBSCRIBE (query). The query may read exactly one materialized view
// (filters, projections, and also aggregates, joins of the view with
// itself, DISTINCT ...). It is planned in view mode with the view as its
// input (planner/physical_planner.h) and runs on the subscriber's thread,
// in memory, for the life of the subscription: the snapshot is fed first,
// then each epoch's changes, each followed by a barrier. Queries over
// tables or several views fail with 0A000 (create a materialized view and
// SUBSCRIBE to it).
//
// FLOW CONTROL. The engine thread only copies each epoch's changes into a
// queue (ViewFeed::Published); the subscriber's thread does the rest
// (transform, consolidation, formatting) when it reads. If more than
// `max_queued_rows` changed rows wait in the queue (a client too slow for
// the view's rate of change), the subscription ends with 53200 rather
// than growing without bound.
//
// Thread safety: Fetch/Start/destruction from one thread (the session's);
// the engine calls the feed from its own thread.
#pragma once

#include <atomic>
#include <chrono>
#include <cstdint>
#include <memory>
#include <optional>
#include <vector>

#include "common/chunk.h"
#include "common/status.h"
#include "planner/physical_planner.h"
#include "server/session.h"
#include "sql/ast.h"
#include "sql/catalog.h"

namespace kappa {

class ViewEngine;
class Store;
class SubscriptionFeed;

struct SubscribeOptions {
  bool snapshot = true;  // SNAPSHOT: start with the view's contents
  bool progress = false; // PROGRESS: add kappa_progressed and progress rows
  // Changed view rows that may wait for the client before it is cut off.
  uint64_t max_queued_rows = uint64_t{1} << 20;
};

// WITH (SNAPSHOT [=] bool, PROGRESS [=] bool). Errors: 42601 unknown or
// repeated option, 22023 a value that is not a boolean.
Result<SubscribeOptions> ParseSubscribeOptions(const std::vector<ast::Option>& options);

class Subscription {
 public:
  // Attaches to `view` (ViewEngine::AddFeed) and prepares the snapshot.
  // `transform`: the view-mode dataflow of SUBSCRIBE (query), whose view
  // inputs all read `view`; null for SUBSCRIBE v. `data_columns`: the
  // columns after kappa_diff. Errors: AddFeed's (42P01, the view's failure,
  // 57014), the transform's.
  static Result<std::unique_ptr<Subscription>> Start(ViewEngine* engine, TableInfoPtr view,
                                                     std::unique_ptr<Dataflow> transform,
                                                     std::vector<ResultColumn> data_columns,
                                                     const SubscribeOptions& options,
                                                     const std::atomic<bool>* cancel);
  ~Subscription();  // detaches from the view

  Subscription(const Subscription&) = delete;
  Subscription& operator=(const Subscription&) = delete;

  // The output columns (ROWS above).
  const std::vector<ResultColumn>& columns() const { return columns_; }

  // Returns up to `max_rows` rows (every weight 1; max_rows < 0: all that
  // are available). Waits until at least one row is available, or until
  // `deadline` if given (then it may return no rows); once it has a row it
  // adds only what is already available. Errors: 57014 when `cancel` is set
  // while waiting; the end of the subscription: the view was dropped
  // (42P01) or failed (its error), the server stops (57P01), the client
  // fell behind (53200). Rows queued before a drop are delivered first.
  Result<Chunk> Fetch(int64_t max_rows,
                      std::optional<std::chrono::steady_clock::time_point> deadline,
                      const std::atomic<bool>* cancel);

 private:
  Subscription() = default;
  // Turns one epoch's view changes into output rows (appended to ready_).
  Status Process(int64_t ts, std::vector<Chunk> changes, bool emit_data);
  void AppendProgress(int64_t ts);

  ViewEngine* engine_ = nullptr;
  TableInfoPtr view_;
  std::shared_ptr<SubscriptionFeed> feed_;
  std::unique_ptr<Dataflow> transform_;
  std::unique_ptr<Operator> sink_;  // collects the transform's output
  uint64_t barrier_ = 0;
  SubscribeOptions options_;
  std::vector<ResultColumn> columns_;
  std::vector<DataType> data_types_;
  Chunk ready_;           // output rows not yet fetched
  size_t ready_pos_ = 0;  // rows of ready_ already fetched
};

}  // namespace kappa
