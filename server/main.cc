// kappadb: the server binary.
//
//   kappadb [--host 127.0.0.1] [--port 6543] [--data-dir ./kappadb-data]
//           [--max-connections 100] [--log-level info]
//           [--auth trust|password|md5|scram-sha-256] [--superuser kappa]
//           [--tls-cert server.crt --tls-key server.key [--tls-required]]
//
// Opens the database (refusing to start if another server holds the data
// directory), listens, logs one "ready to accept connections" line, and on
// SIGINT/SIGTERM closes every connection, closes the database and exits 0.
#include <csignal>
#include <cstdio>
#include <memory>
#include <string>

#include <CLI/CLI.hpp>

#include "server/database.h"
#include "server/logging.h"
#include "server/pgwire/protocol.h"
#include "server/server.h"

#ifndef KAPPADB_VERSION
#define KAPPADB_VERSION "0.0.0"
#endif

int main(int argc, char** argv) {
  kappa::ServerOptions server_options;
  kappa::DatabaseOptions db_options;
  std::string log_level = "info";
  size_t max_message_bytes = kappa::pgwire::kDefaultMaxMessageBytes;
  int port = server_options.port;

  CLI::App app{"kappadb " KAPPADB_VERSION
               ": a streaming SQL database that speaks the PostgreSQL protocol"};
  app.set_version_flag("--version", "kappadb " KAPPADB_VERSION);
  app.add_option("--host", server_options.host, "Address to listen on")->capture_default_str();
  app.add_option("--port", port, "TCP port to listen on")
      ->capture_default_str()
      ->check(CLI::Range(0, 65535));
  app.add_option("--data-dir", db_options.data_dir, "Data directory (created if missing)")
      ->capture_default_str();
  app.add_option("--max-connections", server_options.max_connections,
                 "Maximum number of concurrent client sessions")
      ->capture_default_str()
      ->check(CLI::Range(1, 100000));
  app.add_option("--max-message-bytes", max_message_bytes,
                 "Largest protocol message accepted from a client")
      ->capture_default_str()
      ->check(CLI::Range(size_t{1024}, kappa::pgwire::kHardMaxMessageBytes));
  std::string auth = "trust";
  app.add_option("--auth", auth,
                 "Client authentication: trust (any user name, no password), password "
                 "(cleartext), md5 or scram-sha-256")
      ->capture_default_str()
      ->check(CLI::IsMember({"trust", "password", "md5", "scram-sha-256"}));
  app.add_option("--superuser", server_options.superuser,
                 "Name of the bootstrap superuser created on first start")
      ->capture_default_str();
  app.add_option("--tls-cert", server_options.tls_cert_file,
                 "TLS certificate chain (PEM); with --tls-key, SSLRequest is answered 'S'")
      ->check(CLI::ExistingFile);
  app.add_option("--tls-key", server_options.tls_key_file, "TLS private key (PEM)")
      ->check(CLI::ExistingFile);
  app.add_flag("--tls-required", server_options.tls_required,
               "Refuse sessions that do not use TLS");
  app.add_option("--log-level", log_level, "debug, info, warning or error")
      ->capture_default_str()
      ->check(CLI::IsMember({"debug", "info", "warning", "warn", "error"}));
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    return app.exit(e);
  }
  server_options.port = static_cast<uint16_t>(port);
  kappa::pgwire::ParseAuthMethod(auth, &server_options.auth_method);
  server_options.connection.max_message_bytes = max_message_bytes;
  kappa::LogLevel level = kappa::LogLevel::kInfo;
  kappa::ParseLogLevel(log_level, &level);
  kappa::SetLogLevel(level);

  // Writes to closed sockets report EPIPE instead of killing the process.
  std::signal(SIGPIPE, SIG_IGN);

  kappa::Result<std::unique_ptr<kappa::Database>> db = kappa::Database::Open(db_options);
  if (!db.ok()) {
    std::fprintf(stderr, "kappadb: cannot start: %s (SQLSTATE %s)\n",
                 db.status().message().c_str(), db.status().sqlstate().c_str());
    return 1;
  }
  int exit_code = 0;
  {
    kappa::Server server(db->get(), server_options);
    kappa::Status st = server.Listen();
    if (!st.ok()) {
      std::fprintf(stderr, "kappadb: cannot start: %s\n", st.message().c_str());
      exit_code = 1;
    } else {
      kappa::Log(kappa::LogLevel::kInfo,
                 "kappadb " KAPPADB_VERSION " ready to accept connections on {} (data dir {})",
                 server.endpoint(), db_options.data_dir);
      server.Run();
      kappa::Log(kappa::LogLevel::kInfo, "all connections closed");
    }
  }
  db->reset();  // closes the store cleanly (flushes, releases the lock)
  if (exit_code == 0) kappa::Log(kappa::LogLevel::kInfo, "shutdown complete");
  return exit_code;
}
