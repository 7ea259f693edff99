#include "server/server.h"

#include <csignal>
#include <cstdlib>

#include <boost/asio/post.hpp>
#include <boost/asio/strand.hpp>

#include "server/database.h"
#include "server/logging.h"
#include "server/privileges.h"
#include "sql/role_catalog.h"
#include "server/worker_pool.h"

namespace kappa {

namespace asio = boost::asio;
using asio::ip::tcp;

Server::Server(Database* db, ServerOptions options)
    : options_(std::move(options)), acceptor_(io_), signals_(io_), drain_timer_(io_) {
  auto ctx = std::make_shared<ConnectionContext>();
  ctx->db = db;
  ctx->pool = std::make_shared<WorkerPool>();
  ctx->registry = std::make_shared<ConnectionRegistry>(options_.max_connections);
  ctx->options = options_.connection;
  ctx_ = std::move(ctx);
  if (options_.handle_signals) {
    // Registered now so that a signal between Listen() and Run() is queued
    // for Run(), not fatal.
    signals_.add(SIGINT);
    signals_.add(SIGTERM);
  }
}

Server::~Server() {
  // Jobs hold Connections, which hold Sessions: finish them before the
  // io_context (and its pending handlers) goes away.
  ctx_->pool->Shutdown();
}

Status Server::Listen() {
  if (ctx_->db != nullptr && ctx_->db->roles() != nullptr) {
    KAPPA_RETURN_IF_ERROR(ctx_->db->roles()->EnsureBootstrapSuperuser(options_.superuser));
  }
  // Under trust, user names that are not roles act as superusers (see
  // server/privileges.h); with passwords only roles can log in.
  SetUnknownUsersAreSuperusers(options_.auth_method == pgwire::AuthMethod::kTrust);
  ctx_->auth_method = options_.auth_method;
  ctx_->tls_required = options_.tls_required;
  if (options_.tls_cert_file.empty() != options_.tls_key_file.empty()) {
    return Status::Error("F0000", "--tls-cert and --tls-key must be given together");
  }
  if (options_.tls_required && options_.tls_cert_file.empty()) {
    return Status::Error("F0000", "--tls-required needs --tls-cert and --tls-key");
  }
  if (!options_.tls_cert_file.empty()) {
    auto tls = std::make_shared<asio::ssl::context>(asio::ssl::context::tls_server);
    boost::system::error_code tls_ec;
    tls->set_options(asio::ssl::context::default_workarounds | asio::ssl::context::no_sslv2 |
                         asio::ssl::context::no_sslv3 | asio::ssl::context::no_tlsv1 |
                         asio::ssl::context::no_tlsv1_1,
                     tls_ec);
    tls->use_certificate_chain_file(options_.tls_cert_file, tls_ec);
    if (tls_ec) {
      return Status::Error("F0000", "could not load server certificate file \"" +
                                        options_.tls_cert_file + "\": " + tls_ec.message());
    }
    tls->use_private_key_file(options_.tls_key_file, asio::ssl::context::pem, tls_ec);
    if (tls_ec) {
      return Status::Error("F0000", "could not load private key file \"" +
                                        options_.tls_key_file + "\": " + tls_ec.message());
    }
    ctx_->tls = std::move(tls);
  }
  boost::system::error_code ec;
  const std::string where = options_.host + ":" + std::to_string(options_.port);
  auto address = asio::ip::make_address(options_.host, ec);
  if (ec) {
    return Status::Error(sqlstate::kConnectionFailure,
                         "invalid listen address \"" + options_.host + "\": " + ec.message());
  }
  tcp::endpoint endpoint(address, options_.port);
  auto fail = [&](const char* what) {
    return Status::Error(sqlstate::kConnectionFailure,
                         std::string("could not ") + what + " " + where + ": " + ec.message());
  };
  acceptor_.open(endpoint.protocol(), ec);
  if (ec) return fail("open a socket for");
  acceptor_.set_option(tcp::acceptor::reuse_address(true), ec);
  acceptor_.bind(endpoint, ec);
  if (ec) return fail("bind to");
  acceptor_.listen(asio::socket_base::max_listen_connections, ec);
  if (ec) return fail("listen on");
  return Status::OK();
}

std::string Server::endpoint() const {
  boost::system::error_code ec;
  auto ep = acceptor_.local_endpoint(ec);
  if (ec) return options_.host + ":" + std::to_string(options_.port);
  return ep.address().to_string() + ":" + std::to_string(ep.port());
}

uint16_t Server::port() const {
  boost::system::error_code ec;
  auto ep = acceptor_.local_endpoint(ec);
  return ec ? options_.port : ep.port();
}

size_t Server::num_connections() const { return ctx_->registry->num_connections(); }

void Server::Run() {
  if (options_.handle_signals) {
    signals_.async_wait([this](const boost::system::error_code& ec, int signo) {
      if (ec) return;
      Log(LogLevel::kInfo, "received {}, shutting down", signo == SIGINT ? "SIGINT" : "SIGTERM");
      // A second signal while connections drain means "now". (Armed before
      // OnShutdown(), which cancels it once the last connection is gone.)
      signals_.async_wait([](const boost::system::error_code& ec2, int) {
        if (ec2) return;
        Log(LogLevel::kWarning, "second signal: exiting without waiting for connections");
        std::_Exit(1);
      });
      OnShutdown();
    });
  }
  Accept();
  io_.run();
  ctx_->pool->Shutdown();
}

void Server::Shutdown() {
  asio::post(io_, [this] { OnShutdown(); });
}

void Server::Accept() {
  acceptor_.async_accept(
      asio::make_strand(io_), [this](const boost::system::error_code& ec, tcp::socket socket) {
        if (ec) {
          if (ec == asio::error::operation_aborted || shutting_down_) return;
          // Out of file descriptors and the like: keep serving the others.
          Log(LogLevel::kWarning, "accept failed: {}", ec.message());
          drain_timer_.expires_after(std::chrono::milliseconds(100));
          drain_timer_.async_wait([this](const boost::system::error_code& e) {
            if (!e && !shutting_down_) Accept();
          });
          return;
        }
        if (ctx_->registry->num_connections() >= 2 * options_.max_connections + 16) {
          // Far over the limit (sessions get 53300 after their startup packet).
          boost::system::error_code ignored;
          socket.close(ignored);
        } else {
          std::make_shared<Connection>(std::move(socket), ctx_)->Start();
        }
        Accept();
      });
}

void Server::OnShutdown() {
  if (shutting_down_) return;
  shutting_down_ = true;
  boost::system::error_code ec;
  acceptor_.close(ec);
  for (auto& c : ctx_->registry->BeginShutdown()) c->RequestShutdown();
  WaitForConnectionsToClose();
}

void Server::WaitForConnectionsToClose() {
  if (ctx_->registry->num_connections() == 0) {
    // Nothing else keeps io_.run() going: stop listening for signals too.
    boost::system::error_code ec;
    signals_.cancel(ec);
    return;
  }
  drain_timer_.expires_after(std::chrono::milliseconds(20));
  drain_timer_.async_wait([this](const boost::system::error_code& ec) {
    if (!ec) WaitForConnectionsToClose();
  });
}

}  // namespace kappa
