#include <doctest/doctest.h>

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <mutex>
#include <thread>

#include "server/worker_pool.h"

namespace kappa {

TEST_CASE("blocking jobs all run at the same time instead of waiting for each other") {
  WorkerPool pool;
  constexpr int kJobs = 8;
  std::mutex mu;
  std::condition_variable cv;
  int started = 0;
  std::atomic<int> saw_all{0};
  for (int i = 0; i < kJobs; ++i) {
    pool.Submit([&] {
      std::unique_lock<std::mutex> lock(mu);
      ++started;
      cv.notify_all();
      // Only completes if every job is running concurrently.
      if (cv.wait_for(lock, std::chrono::seconds(10), [&] { return started == kJobs; })) {
        ++saw_all;
      }
    });
  }
  pool.Shutdown();
  CHECK(saw_all.load() == kJobs);
  CHECK(pool.threads() == 0);
}

TEST_CASE("shutdown waits for queued and running jobs to finish") {
  WorkerPool pool;
  std::atomic<int> done{0};
  for (int i = 0; i < 20; ++i) {
    pool.Submit([&] {
      std::this_thread::sleep_for(std::chrono::milliseconds(5));
      ++done;
    });
  }
  pool.Shutdown();
  CHECK(done.load() == 20);
  pool.Submit([&] { ++done; });  // dropped after shutdown
  CHECK(done.load() == 20);
}

TEST_CASE("idle threads exit after the idle timeout") {
  WorkerPool pool(size_t{1} << 20, std::chrono::milliseconds(50));
  for (int i = 0; i < 5; ++i) {
    std::atomic<bool> ran{false};
    pool.Submit([&] { ran = true; });
    auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(10);
    while (!ran && std::chrono::steady_clock::now() < deadline) std::this_thread::yield();
    CHECK(ran.load());
  }
  auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(10);
  while (pool.threads() > 0 && std::chrono::steady_clock::now() < deadline) {
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
  }
  CHECK(pool.threads() == 0);
}

}  // namespace kappa
