// Server: the PostgreSQL-protocol listener of kappadb.
//
// Accepts TCP connections on one address, runs every connection's I/O on a
// single io_context thread (the caller's, in Run()) and every statement on
// an elastic WorkerPool (server/worker_pool.h), so slow statements do not
// stall other clients. SIGINT/SIGTERM (or Shutdown()) stop accepting, cancel
// running statements, send FATAL 57P01 to every client, close all
// connections, and make Run() return once every connection and job is gone.
#pragma once

#include <chrono>
#include <cstdint>
#include <memory>
#include <string>

#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/signal_set.hpp>
#include <boost/asio/steady_timer.hpp>

#include "common/status.h"
#include "server/connection.h"

namespace kappa {

class Database;

struct ServerOptions {
  std::string host = "127.0.0.1";
  uint16_t port = 6543;  // 0: any free port (see Server::port())
  // Client sessions at once; more get FATAL 53300 "sorry, too many clients
  // already". Sockets still in startup count separately (up to 2x + 16).
  size_t max_connections = 100;
  ConnectionOptions connection;
  bool handle_signals = true;  // SIGINT/SIGTERM trigger Shutdown()
  // Authentication (server/pgwire/auth.h) and the bootstrap superuser, the
  // role created on first start that owns every relation.
  pgwire::AuthMethod auth_method = pgwire::AuthMethod::kTrust;
  std::string superuser = "kappa";
  // TLS: both files (PEM) or neither. tls_required refuses plain sessions.
  std::string tls_cert_file;
  std::string tls_key_file;
  bool tls_required = false;
};

class Server {
 public:
  // REQUIRES: `db` outlives the Server.
  Server(Database* db, ServerOptions options);
  ~Server();

  Server(const Server&) = delete;
  Server& operator=(const Server&) = delete;

  // Creates the bootstrap superuser if needed, loads the TLS certificate,
  // binds and listens. Errors: 08006 with the OS reason ("could not listen
  // on 127.0.0.1:6543: Address already in use"); F0000 for an unreadable
  // certificate or key, or --tls-required without them.
  Status Listen();
  // The bound address, "127.0.0.1:6543", and port (after Listen()).
  std::string endpoint() const;
  uint16_t port() const;

  // Serves until Shutdown() (or a signal) has closed every connection, then
  // waits for running jobs and returns. Call once, after Listen().
  void Run();
  // Begins shutdown. Thread-safe and idempotent.
  void Shutdown();

  // Open connections (sessions and sockets still in startup).
  size_t num_connections() const;

 private:
  void Accept();
  void OnShutdown();
  void WaitForConnectionsToClose();

  ServerOptions options_;
  boost::asio::io_context io_;
  boost::asio::ip::tcp::acceptor acceptor_;
  boost::asio::signal_set signals_;
  boost::asio::steady_timer drain_timer_;
  std::shared_ptr<ConnectionContext> ctx_;
  bool shutting_down_ = false;  // io thread only
};

}  // namespace kappa
