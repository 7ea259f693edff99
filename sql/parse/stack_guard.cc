#include "sql/parse/stack_guard.h"

#include <pthread.h>

#include <algorithm>
#include <cstdint>

namespace kappa::parse {
namespace {

// Lowest usable stack address for this thread (stacks grow down on every
// platform kappadb runs on), or 0 if unknown.
uintptr_t ComputeStackLimit() {
  pthread_attr_t attr;
  if (pthread_getattr_np(pthread_self(), &attr) != 0) return 0;
  void* addr = nullptr;
  size_t size = 0;
  int rc = pthread_attr_getstack(&attr, &addr, &size);
  pthread_attr_destroy(&attr);
  if (rc != 0 || addr == nullptr || size == 0) return 0;
  size_t reserve = std::clamp<size_t>(size / 4, 64 * 1024, 512 * 1024);
  return reinterpret_cast<uintptr_t>(addr) + reserve;
}

}  // namespace

bool StackNearlyExhausted() {
  thread_local const uintptr_t limit = ComputeStackLimit();
  auto here = reinterpret_cast<uintptr_t>(__builtin_frame_address(0));
  return limit != 0 && here < limit;
}

}  // namespace kappa::parse
