// StatementTimer: statement_timeout. One process-wide thread waits for the
// earliest armed deadline and, when it passes, marks that statement timed
// out and sets its cancel flag, so the statement stops at its next cancel
// check with 57014; the session then reports "canceling statement due to
// statement timeout" instead of "... due to user request".
//
// Usage: a Session arms a StatementTimer::Guard around each statement when
// statement_timeout > 0. Destroying the guard disarms it; once the
// destructor returns the timer no longer touches the flags.
//
// Thread safety: all methods are thread-safe.
#pragma once

#include <atomic>
#include <chrono>
#include <cstdint>

namespace kappa {

class StatementTimer {
 public:
  class Guard {
   public:
    Guard() = default;
    // Arms: after `timeout_ms` sets *timed_out, then *cancel. timeout_ms <= 0: no-op.
    Guard(int64_t timeout_ms, std::atomic<bool>* cancel, std::atomic<bool>* timed_out);
    ~Guard();
    Guard(const Guard&) = delete;
    Guard& operator=(const Guard&) = delete;

   private:
    uint64_t id_ = 0;
  };

 private:
  friend class Guard;
  static uint64_t Arm(std::chrono::steady_clock::time_point at, std::atomic<bool>* cancel,
                      std::atomic<bool>* timed_out);
  static void Disarm(uint64_t id);
};

}  // namespace kappa
