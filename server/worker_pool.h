// WorkerPool: runs blocking jobs (Session calls) off the I/O thread.
//
// Elastic: a job starts at once on an idle thread, or on a new thread when
// none is idle, so a long-running statement never delays another
// connection's. Each connection runs at most one job at a time, hence the
// number of threads never exceeds the number of busy connections. Threads
// idle for `idle_timeout` exit. Threads get `stack_bytes` of stack (deeply
// nested SQL recurses in the parser and binder).
//
// Thread-safe. Shutdown() waits for every submitted job to finish and for
// every thread to exit (job objects are destroyed before that).
#pragma once

#include <chrono>
#include <cstddef>
#include <functional>
#include <memory>

namespace kappa {

class WorkerPool {
 public:
  explicit WorkerPool(size_t stack_bytes = size_t{16} << 20,
                      std::chrono::milliseconds idle_timeout = std::chrono::seconds(30));
  ~WorkerPool();  // Shutdown()

  WorkerPool(const WorkerPool&) = delete;
  WorkerPool& operator=(const WorkerPool&) = delete;

  // Runs `job` on a worker thread. After Shutdown() jobs are dropped.
  void Submit(std::function<void()> job);
  // Finishes queued and running jobs and joins all threads. Idempotent.
  void Shutdown();
  // Live threads (for tests and diagnostics).
  size_t threads() const;

  struct State;  // shared with the threads; defined in worker_pool.cc

 private:
  static void* ThreadMain(void* arg);
  bool SpawnThread();  // REQUIRES: state_->mu held

  std::shared_ptr<State> state_;
  size_t stack_bytes_;
  std::chrono::milliseconds idle_timeout_;
};

}  // namespace kappa
