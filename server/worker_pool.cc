#include "server/worker_pool.h"

#include <malloc.h>

#include <pthread.h>

#include <condition_variable>
#include <deque>
#include <mutex>

#include "server/logging.h"

namespace kappa {

struct WorkerPool::State {
  std::mutex mu;
  std::condition_variable work_cv;  // jobs queued or stop
  std::condition_variable exit_cv;  // a thread exited
  std::deque<std::function<void()>> jobs;  // GUARDED_BY(mu)
  size_t idle = 0;                         // GUARDED_BY(mu)
  size_t live = 0;                         // GUARDED_BY(mu)
  bool stop = false;                       // GUARDED_BY(mu)
  std::chrono::milliseconds idle_timeout;
  std::chrono::steady_clock::time_point last_trim;  // GUARDED_BY(mu)
};

namespace {
struct ThreadArg {
  std::shared_ptr<WorkerPool::State> state;
};
}  // namespace

WorkerPool::WorkerPool(size_t stack_bytes, std::chrono::milliseconds idle_timeout)
    : state_(std::make_shared<State>()), stack_bytes_(stack_bytes), idle_timeout_(idle_timeout) {
  state_->idle_timeout = idle_timeout;
}

WorkerPool::~WorkerPool() { Shutdown(); }

bool WorkerPool::SpawnThread() {
  pthread_attr_t attr;
  pthread_attr_init(&attr);
  pthread_attr_setdetachstate(&attr, PTHREAD_CREATE_DETACHED);
  pthread_attr_setstacksize(&attr, stack_bytes_);
  auto* arg = new ThreadArg{state_};
  pthread_t tid;
  int rc = pthread_create(&tid, &attr, &WorkerPool::ThreadMain, arg);
  pthread_attr_destroy(&attr);
  if (rc != 0) {
    delete arg;
    return false;
  }
  ++state_->live;
  return true;
}

void WorkerPool::Submit(std::function<void()> job) {
  std::unique_lock<std::mutex> lock(state_->mu);
  if (state_->stop) return;
  state_->jobs.push_back(std::move(job));
  if (state_->jobs.size() <= state_->idle) {
    state_->work_cv.notify_one();
    return;
  }
  if (!SpawnThread()) {
    // Out of threads: the job waits for a busy thread to become free.
    Log(LogLevel::kError, "could not start a worker thread; {} jobs queued", state_->jobs.size());
    if (state_->live == 0) {
      auto j = std::move(state_->jobs.back());
      state_->jobs.pop_back();
      lock.unlock();
      j();  // last resort: run inline rather than never
    }
  }
}

void* WorkerPool::ThreadMain(void* raw) {
  std::shared_ptr<State> st = std::move(static_cast<ThreadArg*>(raw)->state);
  delete static_cast<ThreadArg*>(raw);
  std::unique_lock<std::mutex> lock(st->mu);
  while (true) {
    if (!st->jobs.empty()) {
      {
        std::function<void()> job = std::move(st->jobs.front());
        st->jobs.pop_front();
        lock.unlock();
        job();
      }  // the job (and what it captured) is destroyed before re-locking
      lock.lock();
      continue;
    }
    if (st->stop) break;
    // About to idle: give memory freed by the last statements back to the
    // system when glibc holds more than 64 MiB of it (a 1M-row COPY would
    // otherwise leave ~500 MB resident). Checked at most once per second.
    {
      auto now = std::chrono::steady_clock::now();
      if (now - st->last_trim >= std::chrono::seconds(1)) {
        st->last_trim = now;
        lock.unlock();
        if (mallinfo2().fordblks > (64u << 20)) malloc_trim(0);
        lock.lock();
        if (!st->jobs.empty() || st->stop) continue;
      }
    }
    ++st->idle;
    bool woke = st->work_cv.wait_for(lock, st->idle_timeout,
                                     [&] { return !st->jobs.empty() || st->stop; });
    --st->idle;
    if (!woke) break;  // idle too long
  }
  --st->live;
  st->exit_cv.notify_all();
  return nullptr;
}

void WorkerPool::Shutdown() {
  std::unique_lock<std::mutex> lock(state_->mu);
  state_->stop = true;
  state_->work_cv.notify_all();
  state_->exit_cv.wait(lock, [&] { return state_->live == 0 && state_->jobs.empty(); });
}

size_t WorkerPool::threads() const {
  std::lock_guard<std::mutex> lock(state_->mu);
  return state_->live;
}

}  // namespace kappa
