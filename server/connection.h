// Connection: one client connection's protocol state machine.
//
// I/O happens on the connection's strand of the server's io_context; all
// message handling (decoding, Session calls, encoding replies) runs as a
// "job" on the WorkerPool, so a long statement blocks neither the I/O thread
// nor other connections. At most one job per connection runs at a time, and
// while it runs the strand neither reads nor touches the protocol state:
//
//   strand: read bytes -> FrameReader ------------------> job on WorkerPool
//           (only when no job runs and no frame is            handles every
//            complete yet)                                     complete frame,
//   strand: write the replies once (Sync, Query end, <----    appends replies
//           Flush, error, or 256 KiB), close if asked         to one buffer
//
// Phases: startup (SSLRequest -> 'S' and a TLS handshake when the server
// has a certificate, else 'N'; GSSENCRequest -> 'N'; CancelRequest -> cancel
// and close; StartupMessage -> authentication (server/pgwire/auth.h, with
// PasswordMessages for password methods), ParameterStatus, BackendKeyData,
// ReadyForQuery), then ready (simple and extended query). TLS: after 'S'
// the socket is wrapped in an OpenSSL stream (tls_); every later read and
// write goes through it. Without TLS the plain socket is used directly. A malformed frame
// or unknown message type is answered with FATAL 08P01 and closes this
// connection only. Connections that do not finish startup within
// startup_timeout are closed.
//
// Lifetime: owned by shared_ptrs held by pending handlers and jobs; the
// registry holds a weak_ptr. The Session is destroyed with the Connection.
#pragma once

#include <atomic>
#include <chrono>
#include <memory>
#include <mutex>
#include <string>

#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/ssl.hpp>
#include <boost/asio/steady_timer.hpp>

#include "common/status.h"
#include "server/connection_registry.h"
#include "server/pgwire/auth.h"
#include "server/pgwire/frame_reader.h"
#include "server/pgwire/message_writer.h"

namespace kappa {

class Database;
class ExtendedQuery;
class Session;
class WorkerPool;
class CopyOutStream;
struct CopyInState;
struct StatementResult;
namespace pgwire {
struct StartupRequest;
}

struct ConnectionOptions {
  size_t max_message_bytes = size_t{64} << 20;
  std::chrono::milliseconds startup_timeout = std::chrono::seconds(60);
  // How long a shutdown waits for a client to take its final FATAL message.
  std::chrono::milliseconds shutdown_linger = std::chrono::seconds(2);
};

// What all connections of a server share.
struct ConnectionContext {
  Database* db = nullptr;
  std::shared_ptr<WorkerPool> pool;
  std::shared_ptr<ConnectionRegistry> registry;
  ConnectionOptions options;
  // Authentication method for every connection (server/pgwire/auth.h).
  pgwire::AuthMethod auth_method = pgwire::AuthMethod::kTrust;
  // TLS: set when the server has a certificate and key; SSLRequest gets 'S'.
  std::shared_ptr<boost::asio::ssl::context> tls;
  // Refuse sessions that did not negotiate TLS (28000).
  bool tls_required = false;
};

class Connection : public std::enable_shared_from_this<Connection> {
 public:
  // `socket` must use a strand executor. Call Start() once afterwards.
  Connection(boost::asio::ip::tcp::socket socket, std::shared_ptr<const ConnectionContext> ctx);
  ~Connection();

  Connection(const Connection&) = delete;
  Connection& operator=(const Connection&) = delete;

  void Start();

  // Server shutdown: sends FATAL 57P01 to an idle client (a running
  // statement is cancelled first) and closes. Thread-safe.
  void RequestShutdown();
  // CancelRequest: cancels the running statement, if any. Thread-safe.
  void CancelStatement();

  int32_t pid() const { return key_.pid; }

 private:
  // ---- strand side
  void StartRead();
  void OnRead(const boost::system::error_code& ec, size_t n);
  void MaybeStartJob();
  void OnJobDone();
  void Flush();
  void StartWrite();
  void OnWriteDone(const boost::system::error_code& ec);
  void CloseNow();
  // After 'S' has been written: wraps the socket in TLS and handshakes.
  void StartTls();
  void OnShutdownRequested();
  // Leaves the registry (frees the session slot); idempotent.
  void Unregister();

  // ---- job side (worker thread, exclusive while busy_)
  void RunJob();
  void HandleFrame(char type, std::string_view payload);
  void HandleStartup(std::string_view payload);
  // A message while authentication waits for a password (PasswordMessage,
  // SASLInitialResponse, SASLResponse: all type 'p').
  void HandleAuthMessage(char type, std::string_view payload);
  // After authentication: creates the Session, ParameterStatus, ReadyForQuery.
  void FinishStartup();
  void StartSession(const pgwire::StartupRequest& startup);
  void ApplyStartupSettings(const pgwire::StartupRequest& startup);
  void HandleMessage(char type, std::string_view payload);
  void HandleQuery(std::string_view payload);
  void HandleSync(std::string_view payload);
  // Writes one simple-Query statement result (starts copy-in for COPY FROM).
  void WriteSimpleResult(StatementResult&& r);
  // Ends a simple Query: error (if any), ReadyForQuery.
  void FinishQuery(const Status& st);
  // A message while a COPY FROM STDIN collects data.
  void HandleCopyInMessage(char type, std::string_view payload);
  // Ends the copy-in with an error.
  void FailCopyIn(const Status& st);
  // COPY (SUBSCRIBE ...) TO STDOUT: streams copy_stream_'s lines, handing
  // them to the strand as they come, until the stream fails; returns that.
  Status StreamCopyOut();
  // While streaming: a client that disconnects closes the connection (and
  // so cancels the stream) although nothing is read from it.
  void WatchForDisconnect();
  // Reports an ERROR: ErrorResponse, Session::OnError, skip to Sync if
  // `extended`.
  void ReportError(const Status& status, bool extended);
  // Reports a FATAL error and closes after sending it.
  void Fatal(const Status& status);
  void SendChangedSettings();

  boost::asio::ip::tcp::socket socket_;
  boost::asio::steady_timer timer_;  // startup timeout, then shutdown linger
  std::shared_ptr<const ConnectionContext> ctx_;
  BackendKey key_;
  std::string peer_;

  // Strand state.
  bool reading_ = false;
  bool writing_ = false;
  bool busy_ = false;     // a job runs; the job owns everything below
  bool closing_ = false;  // no more jobs; close once writes are done
  bool closed_ = false;
  bool startup_timer_cancelled_ = false;
  std::string pending_;    // output waiting for the socket
  std::string write_buf_;  // output being written
  bool tls_pending_ = false;  // 'S' sent; handshake not finished: no reads
  // Wraps socket_ (which stays the TCP socket) once TLS is on.
  std::unique_ptr<boost::asio::ssl::stream<boost::asio::ip::tcp::socket&>> tls_;

  // Set by the strand, read by jobs.
  std::atomic<bool> shutdown_requested_{false};
  std::atomic<bool> startup_done_{false};
  std::atomic<bool> unregistered_{false};

  // Job state (and strand state while no job runs).
  pgwire::FrameReader reader_;
  pgwire::MessageWriter out_;
  bool flush_requested_ = false;
  bool close_requested_ = false;
  bool ignore_till_sync_ = false;
  bool start_tls_ = false;  // the job answered SSLRequest with 'S'
  bool tls_active_ = false;  // set (by the strand) before later jobs run
  // Authentication in progress: the exchange and the startup packet.
  std::unique_ptr<pgwire::Authenticator> auth_;
  std::unique_ptr<pgwire::StartupRequest> pending_startup_;
  pgwire::AuthenticatedUser auth_user_;
  std::unique_ptr<Session> session_;
  std::unique_ptr<ExtendedQuery> extended_;
  // COPY ... FROM STDIN in progress: its state and the data so far.
  std::shared_ptr<CopyInState> copy_in_;
  std::string copy_data_;
  bool copy_extended_ = false;  // started by Execute (else by a simple Query)
  // COPY (SUBSCRIBE ...) TO STDOUT about to stream (job state).
  std::shared_ptr<CopyOutStream> copy_stream_;
  // Bytes handed to the strand and not yet written (streaming backpressure).
  std::atomic<size_t> socket_backlog_{0};

  std::mutex cancel_mu_;
  Session* cancel_target_ = nullptr;  // GUARDED_BY(cancel_mu_)
};

}  // namespace kappa
