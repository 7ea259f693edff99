#include "server/statement_timer.h"

#include <condition_variable>
#include <map>
#include <mutex>
#include <thread>

namespace kappa {

namespace {

struct Armed {
  std::atomic<bool>* cancel;
  std::atomic<bool>* timed_out;
};

// The watcher thread. Never destroyed (a function-local static would be
// joined at exit while sessions may still run): it lives as long as the
// process and sleeps when nothing is armed.
class Watcher {
 public:
  Watcher() : thread_([this] { Run(); }) { thread_.detach(); }

  uint64_t Arm(std::chrono::steady_clock::time_point at, Armed a) {
    std::lock_guard<std::mutex> lock(mu_);
    uint64_t id = ++next_id_;
    deadlines_.emplace(std::make_pair(at, id), a);
    cv_.notify_all();
    return id;
  }

  void Disarm(uint64_t id) {
    // Fired entries run under mu_, so after this returns no flag is touched.
    std::lock_guard<std::mutex> lock(mu_);
    for (auto it = deadlines_.begin(); it != deadlines_.end(); ++it) {
      if (it->first.second == id) {
        deadlines_.erase(it);
        return;
      }
    }
  }

 private:
  void Run() {
    std::unique_lock<std::mutex> lock(mu_);
    while (true) {
      if (deadlines_.empty()) {
        cv_.wait(lock);
        continue;
      }
      auto first = deadlines_.begin();
      auto now = std::chrono::steady_clock::now();
      if (first->first.first > now) {
        cv_.wait_until(lock, first->first.first);
        continue;
      }
      first->second.timed_out->store(true);
      first->second.cancel->store(true);
      deadlines_.erase(first);
    }
  }

  std::mutex mu_;
  std::condition_variable cv_;
  std::map<std::pair<std::chrono::steady_clock::time_point, uint64_t>, Armed> deadlines_;
  uint64_t next_id_ = 0;
  std::thread thread_;
};

Watcher& TheWatcher() {
  static Watcher* w = new Watcher();
  return *w;
}

}  // namespace

uint64_t StatementTimer::Arm(std::chrono::steady_clock::time_point at, std::atomic<bool>* cancel,
                             std::atomic<bool>* timed_out) {
  return TheWatcher().Arm(at, Armed{cancel, timed_out});
}

void StatementTimer::Disarm(uint64_t id) { TheWatcher().Disarm(id); }

StatementTimer::Guard::Guard(int64_t timeout_ms, std::atomic<bool>* cancel,
                             std::atomic<bool>* timed_out) {
  if (timeout_ms <= 0) return;
  id_ = StatementTimer::Arm(std::chrono::steady_clock::now() + std::chrono::milliseconds(timeout_ms),
                            cancel, timed_out);
}

StatementTimer::Guard::~Guard() {
  if (id_ != 0) StatementTimer::Disarm(id_);
}

}  // namespace kappa
