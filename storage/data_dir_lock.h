// DataDirLock: the exclusive lock a kappadb server holds on its data
// directory for its whole lifetime.
//
// The lock is an flock(2) on DATA_DIR/LOCK, which also holds the owner's pid
// as text. flock locks belong to the open file, so the kernel releases the
// lock when the process dies (including kill -9); a stale LOCK file with a
// dead pid in it never blocks a restart.
#pragma once

#include <memory>
#include <string>

#include "common/status.h"

namespace kappa {

class DataDirLock {
 public:
  // Takes the lock (non-blocking). REQUIRES: `data_dir` exists.
  // 55P03 `data directory "DIR" is in use by another kappadb server (pid N)`
  // if another open file holds it (another process, or this one).
  static Result<std::unique_ptr<DataDirLock>> Acquire(const std::string& data_dir);
  // Releases the lock (the LOCK file stays).
  ~DataDirLock();

  DataDirLock(const DataDirLock&) = delete;
  DataDirLock& operator=(const DataDirLock&) = delete;

 private:
  explicit DataDirLock(int fd) : fd_(fd) {}
  int fd_;
};

}  // namespace kappa
