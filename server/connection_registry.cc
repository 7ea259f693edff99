#include "server/connection_registry.h"

#include <openssl/rand.h>
#include <unistd.h>

#include <random>

#include "server/connection.h"

namespace kappa {

namespace {
int32_t RandomSecret() {
  int32_t secret = 0;
  if (RAND_bytes(reinterpret_cast<unsigned char*>(&secret), sizeof(secret)) != 1) {
    std::random_device rd;
    secret = static_cast<int32_t>(rd());
  }
  return secret;
}
}  // namespace

BackendKey ConnectionRegistry::Add(const std::weak_ptr<Connection>& connection) {
  const int32_t secret = RandomSecret();
  std::lock_guard<std::mutex> lock(mu_);
  if (next_pid_ == 0) next_pid_ = static_cast<int32_t>(getpid() % 100000) * 10000 + 1;
  // Unique among live connections; wraps around far away from 0.
  int32_t pid;
  do {
    pid = next_pid_;
    next_pid_ = next_pid_ >= INT32_MAX - 1 ? 1 : next_pid_ + 1;
  } while (entries_.count(pid) != 0);
  entries_[pid] = Entry{connection, secret, false};
  return BackendKey{pid, secret};
}

void ConnectionRegistry::Remove(int32_t pid) {
  std::lock_guard<std::mutex> lock(mu_);
  auto it = entries_.find(pid);
  if (it == entries_.end()) return;
  if (it->second.session) --sessions_;
  entries_.erase(it);
}

bool ConnectionRegistry::AdmitSession(int32_t pid) {
  std::lock_guard<std::mutex> lock(mu_);
  auto it = entries_.find(pid);
  if (it == entries_.end() || shutting_down_ || sessions_ >= max_sessions_) return false;
  if (!it->second.session) {
    it->second.session = true;
    ++sessions_;
  }
  return true;
}

bool ConnectionRegistry::Cancel(int32_t pid, int32_t secret) {
  std::shared_ptr<Connection> target;
  {
    std::lock_guard<std::mutex> lock(mu_);
    auto it = entries_.find(pid);
    if (it == entries_.end() || !it->second.session) return false;
    // Constant-time comparison of the secret.
    if ((it->second.secret ^ secret) != 0) return false;
    target = it->second.connection.lock();
  }
  if (!target) return false;
  target->CancelStatement();
  return true;
}

std::vector<std::shared_ptr<Connection>> ConnectionRegistry::BeginShutdown() {
  std::lock_guard<std::mutex> lock(mu_);
  shutting_down_ = true;
  std::vector<std::shared_ptr<Connection>> live;
  for (auto& [pid, entry] : entries_) {
    if (auto c = entry.connection.lock()) live.push_back(std::move(c));
  }
  return live;
}

bool ConnectionRegistry::shutting_down() const {
  std::lock_guard<std::mutex> lock(mu_);
  return shutting_down_;
}

size_t ConnectionRegistry::num_connections() const {
  std::lock_guard<std::mutex> lock(mu_);
  return entries_.size();
}

size_t ConnectionRegistry::num_sessions() const {
  std::lock_guard<std::mutex> lock(mu_);
  return sessions_;
}

}  // namespace kappa
