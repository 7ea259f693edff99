// ConnectionRegistry: every open client connection of a server, by backend
// process id (the pid of BackendKeyData), for CancelRequest, the
// --max-connections limit and shutdown.
//
// Thread-safe. Holds weak references only: a connection removes itself when
// destroyed.
#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <mutex>
#include <vector>

namespace kappa {

class Connection;

struct BackendKey {
  int32_t pid = 0;
  int32_t secret = 0;
};

class ConnectionRegistry {
 public:
  explicit ConnectionRegistry(size_t max_sessions) : max_sessions_(max_sessions) {}

  // Registers a new connection (not yet a session) and returns its key: a
  // unique pid and a random secret.
  BackendKey Add(const std::weak_ptr<Connection>& connection);
  void Remove(int32_t pid);

  // Takes one of the max_sessions session slots for `pid`; false if all are
  // taken (53300) or the server is shutting down.
  bool AdmitSession(int32_t pid);

  // Cancels the running statement of session `pid` if `secret` matches.
  // Returns whether a session was signalled.
  bool Cancel(int32_t pid, int32_t secret);

  // Marks the server as shutting down and returns every live connection.
  std::vector<std::shared_ptr<Connection>> BeginShutdown();
  bool shutting_down() const;

  size_t num_connections() const;
  size_t num_sessions() const;

 private:
  struct Entry {
    std::weak_ptr<Connection> connection;
    int32_t secret = 0;
    bool session = false;
  };
  mutable std::mutex mu_;
  const size_t max_sessions_;
  std::map<int32_t, Entry> entries_;  // GUARDED_BY(mu_)
  size_t sessions_ = 0;               // GUARDED_BY(mu_)
  int32_t next_pid_ = 0;              // GUARDED_BY(mu_)
  bool shutting_down_ = false;        // GUARDED_BY(mu_)
};

}  // namespace kappa
