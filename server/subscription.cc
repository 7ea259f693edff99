#include "server/subscription.h"

#include <algorithm>
#include <condition_variable>
#include <deque>
#include <mutex>
#include <unordered_set>

#include "executor/queue_source_operator.h"
#include "executor/row_key.h"
#include "server/view_engine.h"
#include "storage/state_store.h"

namespace kappa {

namespace {

std::string Lower(std::string s) {
  for (char& c : s) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  }
  return s;
}

int64_t NowMs() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

Status Canceled() {
  return Status::Error(sqlstate::kQueryCanceled, "canceling statement due to user request");
}

// The end of a transform's dataflow: keeps what it emits until taken.
class ChangeSink final : public Operator {
 public:
  Status OnChanges(int, Chunk chunk) override {
    chunks_.push_back(std::move(chunk));
    return Status::OK();
  }
  Status OnBarrier(int, uint64_t) override { return Status::OK(); }
  Status OnEnd(int) override { return Status::OK(); }
  Status OnWatermark(int, int, int64_t) override { return Status::OK(); }
  std::string Describe() const override { return "SubscribeSink"; }
  std::vector<Chunk> Take() { return std::move(chunks_); }

 private:
  std::vector<Chunk> chunks_;
};

}  // namespace

// What the engine thread sees: a bounded queue of epochs.
class SubscriptionFeed final : public ViewFeed {
 public:
  struct Epoch {
    int64_t ts = 0;
    std::vector<Chunk> changes;  // empty: progress only
  };

  SubscriptionFeed(std::string view_name, int64_t start_ts, bool progress, uint64_t max_rows)
      : view_name_(std::move(view_name)), last_ts_(start_ts), progress_(progress),
        max_rows_(max_rows) {}

  void Published(uint64_t /*epoch*/, const std::vector<Chunk>& changes) override {
    std::lock_guard<std::mutex> lock(mu_);
    if (!end_.ok()) return;
    const int64_t ts = std::max(last_ts_ + 1, NowMs());
    last_ts_ = ts;
    uint64_t rows = 0;
    for (const Chunk& c : changes) rows += c.num_rows;
    if (rows == 0) {
      if (!progress_) return;
      // Progress only: merge with a progress-only epoch not yet read.
      if (!queue_.empty() && queue_.back().changes.empty()) {
        queue_.back().ts = ts;
      } else {
        queue_.push_back(Epoch{ts, {}});
      }
      cv_.notify_all();
      return;
    }
    if (queued_rows_ + rows > max_rows_) {
      end_ = Status::Error("53200", "subscription to \"" + view_name_ +
                                        "\" ended: the client fell too far behind (more than " +
                                        std::to_string(max_rows_) +
                                        " changed rows waiting to be read)")
                 .WithHint("Read the changes faster (FETCH ALL, or a COPY that is read "
                           "continuously), or subscribe to a view that changes less.");
      queue_.clear();
      queued_rows_ = 0;
      cv_.notify_all();
      return;
    }
    queue_.push_back(Epoch{ts, changes});
    queued_rows_ += rows;
    cv_.notify_all();
  }

  void Closed(const Status& why) override {
    std::lock_guard<std::mutex> lock(mu_);
    if (!end_.ok()) return;
    if (why.ok()) {
      end_ = Status::Error(sqlstate::kAdminShutdown, "the server is shutting down");
    } else {
      end_ = Status::Error(why.sqlstate(),
                           "subscription to \"" + view_name_ + "\" ended: " + why.message());
    }
    cv_.notify_all();
  }

  // The next epoch: waits until one is queued, the feed ended (its error,
  // after every queued epoch), `deadline` (nullopt result) or `cancel`.
  // `wait` false: only what is queued now.
  Result<std::optional<Epoch>> Next(bool wait,
                                    std::optional<std::chrono::steady_clock::time_point> deadline,
                                    const std::atomic<bool>* cancel) {
    std::unique_lock<std::mutex> lock(mu_);
    while (true) {
      if (!queue_.empty()) {
        Epoch e = std::move(queue_.front());
        queue_.pop_front();
        for (const Chunk& c : e.changes) queued_rows_ -= c.num_rows;
        return std::optional<Epoch>(std::move(e));
      }
      if (!end_.ok()) return end_;
      if (cancel != nullptr && cancel->load()) return Canceled();
      if (!wait) return std::optional<Epoch>();
      auto now = std::chrono::steady_clock::now();
      if (deadline && now >= *deadline) return std::optional<Epoch>();
      // Wake up now and then to notice a cancel.
      auto until = now + std::chrono::milliseconds(20);
      if (deadline && *deadline < until) until = *deadline;
      cv_.wait_until(lock, until);
    }
  }

 private:
  const std::string view_name_;
  std::mutex mu_;
  std::condition_variable cv_;
  std::deque<Epoch> queue_;   // GUARDED_BY(mu_)
  uint64_t queued_rows_ = 0;  // GUARDED_BY(mu_)
  int64_t last_ts_;           // GUARDED_BY(mu_)
  Status end_;                // GUARDED_BY(mu_); OK while the feed runs
  const bool progress_;
  const uint64_t max_rows_;
};

Result<SubscribeOptions> ParseSubscribeOptions(const std::vector<ast::Option>& options) {
  SubscribeOptions out;
  std::unordered_set<std::string> seen;
  for (const ast::Option& o : options) {
    std::string key = Lower(o.key);
    if (!seen.insert(key).second) {
      return Status::Error(sqlstate::kSyntaxError, "option \"" + key + "\" specified more than once",
                           o.location);
    }
    bool* target = key == "snapshot" ? &out.snapshot : key == "progress" ? &out.progress : nullptr;
    if (target == nullptr) {
      return Status::Error(sqlstate::kSyntaxError, "SUBSCRIBE option \"" + o.key + "\" not recognized",
                           o.location)
          .WithHint("SUBSCRIBE accepts SNAPSHOT and PROGRESS.");
    }
    std::string v = Lower(o.value);
    if (v == "true" || v == "on" || v == "1" || v == "t" || v == "yes") {
      *target = true;
    } else if (v == "false" || v == "off" || v == "0" || v == "f" || v == "no") {
      *target = false;
    } else {
      return Status::Error(sqlstate::kInvalidParameterValue,
                           "SUBSCRIBE option \"" + key + "\" requires a Boolean value", o.location);
    }
  }
  return out;
}

Result<std::unique_ptr<Subscription>> Subscription::Start(ViewEngine* engine, TableInfoPtr view,
                                                          std::unique_ptr<Dataflow> transform,
                                                          std::vector<ResultColumn> data_columns,
                                                          const SubscribeOptions& options,
                                                          const std::atomic<bool>* cancel) {
  std::unique_ptr<Subscription> s(new Subscription());
  s->engine_ = engine;
  s->view_ = view;
  s->options_ = options;
  s->columns_.push_back({"kappa_timestamp", DataType(TypeId::kInt64)});
  if (options.progress) s->columns_.push_back({"kappa_progressed", DataType(TypeId::kBool)});
  s->columns_.push_back({"kappa_diff", DataType(TypeId::kInt64)});
  for (ResultColumn& c : data_columns) {
    s->data_types_.push_back(c.type);
    s->columns_.push_back(std::move(c));
  }
  std::vector<DataType> types;
  for (const ResultColumn& c : s->columns_) types.push_back(c.type);
  s->ready_ = Chunk(types);
  if (transform) {
    s->sink_ = std::make_unique<ChangeSink>();
    transform->root->SetOutput(s->sink_.get(), 0);
    s->transform_ = std::move(transform);
  }

  const int64_t start_ts = NowMs();
  s->feed_ = std::make_shared<SubscriptionFeed>(view->name, start_ts, options.progress,
                                                options.max_queued_rows);
  KAPPA_ASSIGN_OR_RETURN(std::shared_ptr<const ViewSnapshot> snap,
                         engine->AddFeed(view->id, s->feed_, cancel));
  // From here on the destructor detaches the feed.
  std::vector<Chunk> contents;
  if (options.snapshot || s->transform_) {
    KAPPA_RETURN_IF_ERROR(snap->ScanContents(view->id, view->Types(), [&](Chunk&& c) -> Status {
      contents.push_back(std::move(c));
      return Status::OK();
    }));
  }
  KAPPA_RETURN_IF_ERROR(s->Process(start_ts, std::move(contents), options.snapshot));
  return s;
}

Subscription::~Subscription() {
  if (feed_ && engine_ != nullptr) engine_->RemoveFeed(view_->id, feed_.get());
}

void Subscription::AppendProgress(int64_t ts) {
  ready_.columns[0].Append(Value::Int(TypeId::kInt64, ts));
  ready_.columns[1].Append(Value::Bool(true));
  for (size_t c = 2; c < ready_.columns.size(); ++c) ready_.columns[c].AppendNull();
  ready_.weights.push_back(1);
  ++ready_.num_rows;
}

Status Subscription::Process(int64_t ts, std::vector<Chunk> changes, bool emit_data) {
  if (transform_) {
    bool any = false;
    for (QueueSourceOperator* in : transform_->view_inputs) {
      for (const Chunk& c : changes) {
        if (c.num_rows == 0) continue;
        in->Push(c);
        any = true;
      }
    }
    if (any || barrier_ == 0) {
      for (SourceOperator* src : transform_->sources) KAPPA_RETURN_IF_ERROR(src->Pump());
      ++barrier_;
      for (SourceOperator* src : transform_->sources) {
        KAPPA_RETURN_IF_ERROR(src->SendBarrier(barrier_));
      }
    }
    changes = static_cast<ChangeSink*>(sink_.get())->Take();
  }
  if (emit_data) {
    // Consolidate: one row per distinct value with its net count.
    RowMultiset net(data_types_, KeyMode::kExact, 1, /*erase_at_zero=*/true);
    for (const Chunk& c : changes) {
      if (c.num_rows > 0) net.Add(c, 0, nullptr, nullptr, nullptr);
    }
    const size_t first_data = options_.progress ? 3 : 2;
    const size_t diff_col = first_data - 1;
    for (uint32_t id : net.LiveIdsInOrder()) {
      const int64_t diff = net.count(id);
      if (diff == 0) continue;
      ready_.columns[0].Append(Value::Int(TypeId::kInt64, ts));
      if (options_.progress) ready_.columns[1].Append(Value::Bool(false));
      ready_.columns[diff_col].Append(Value::Int(TypeId::kInt64, diff));
      for (size_t c = 0; c < data_types_.size(); ++c) {
        ready_.columns[first_data + c].AppendFrom(net.rows().columns[c], id);
      }
      ready_.weights.push_back(1);
      ++ready_.num_rows;
    }
  }
  if (options_.progress) AppendProgress(ts + 1);
  return Status::OK();
}

Result<Chunk> Subscription::Fetch(int64_t max_rows,
                                  std::optional<std::chrono::steady_clock::time_point> deadline,
                                  const std::atomic<bool>* cancel) {
  Chunk out(ready_.Types());
  const uint64_t want = max_rows < 0 ? UINT64_MAX : static_cast<uint64_t>(max_rows);
  while (true) {
    while (ready_pos_ < ready_.num_rows && out.num_rows < want) {
      out.AppendRowFrom(ready_, ready_pos_++);
    }
    if (ready_pos_ == ready_.num_rows && ready_pos_ > 0) {
      ready_ = Chunk(ready_.Types());
      ready_pos_ = 0;
    }
    if (out.num_rows >= want) return out;
    Result<std::optional<SubscriptionFeed::Epoch>> next =
        feed_->Next(/*wait=*/out.num_rows == 0, deadline, cancel);
    if (!next.ok()) {
      // Rows already taken go out first; the error comes with the next call.
      if (out.num_rows > 0 && next.status().sqlstate() != sqlstate::kQueryCanceled) {
        return out;
      }
      return next.status();
    }
    if (!next->has_value()) return out;
    SubscriptionFeed::Epoch e = std::move(**next);
    KAPPA_RETURN_IF_ERROR(Process(e.ts, std::move(e.changes), /*emit_data=*/true));
  }
}

}  // namespace kappa
