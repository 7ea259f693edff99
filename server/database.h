// Database: the engine root shared by all sessions of one server process:
// the store, the catalog, the system tables and the view engine (the
// running materialized views, server/view_engine.h).
//
// Thread safety: all public methods are thread-safe.
#pragma once

#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "common/status.h"

namespace kappa {

class Session;
class Store;
class Catalog;
class TableWriter;
class ViewEngine;
class ConnectorRunner;
class SinkRunner;
class RoleCatalog;
struct TableInfo;
struct Chunk;

struct DatabaseOptions {
  std::string data_dir = "./kappadb-data";
};

class Database {
 public:
  // Opens the data directory (55P03 if another server holds it) and loads
  // the catalog.
  static Result<std::unique_ptr<Database>> Open(const DatabaseOptions& options);
  ~Database();

  std::unique_ptr<Session> NewSession(const std::string& user, const std::string& database);

  Store* store();
  Catalog* catalog();
  ViewEngine* views();
  ConnectorRunner* connectors();
  // The Kafka sinks (server/sink_runner.h).
  SinkRunner* sinks();
  // Users/roles, passwords and table privileges (sql/role_catalog.h).
  RoleCatalog* roles();

  // The rows of a system relation (server/system_tables.h) now.
  Result<std::vector<Chunk>> SystemRows(const TableInfo& table);
  // The same, for a session (pg_catalog/information_schema rows name the
  // session's user and database).
  Result<std::vector<Chunk>> SystemRows(const TableInfo& table, const std::string& user,
                                        const std::string& database);

  // The writer of table `table` (created on first use).
  std::shared_ptr<TableWriter> Writer(const std::shared_ptr<const TableInfo>& table);
  // Forgets a dropped table's writer.
  void DropWriter(uint64_t table_id);
  // Serializes DDL (check-then-create sequences).
  std::mutex& ddl_mutex();

 private:
  Database();
  struct Impl;
  std::unique_ptr<Impl> impl_;
  friend class Session;
};

}  // namespace kappa
