// ConnectorRunner: feeds connector tables (`CREATE TABLE ... WITH (connector
// = ...)`). One thread per table pulls rows from its source and writes them
// through the table's TableWriter, so they land in the table's log like any
// INSERT (lateness, views, replay all apply). The source's position (its
// offset) is committed in the same atomic write as the rows it produced, so
// after a crash a table resumes exactly after its last durable rows: nothing
// is lost and nothing is written twice.
//
// Connectors: 'datagen' (executor/datagen_generator.h) and 'kafka'
// (executor/kafka_source.h: all partitions, one stored offset per partition,
// committed with the rows; an unreachable broker is retried every second and
// never blocks the server or DROP TABLE).
//
// Thread safety: all public methods are thread-safe.
#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <mutex>
#include <string>

#include "common/status.h"
#include "sql/catalog.h"

namespace kappa {

class Database;

// The connector named by a table's options ("" for a plain table).
std::string ConnectorOf(const TableInfo& table);

// 0A000 for a connector kappadb does not have; the connector's own option
// errors otherwise. Called by CREATE TABLE before anything is created.
Status ValidateConnector(const TableInfo& table);

class ConnectorRunner {
 public:
  explicit ConnectorRunner(Database* db);
  ~ConnectorRunner();

  // Starts feeding `table` (at startup for every connector table, and after
  // CREATE TABLE). No-op for plain tables.
  Status Start(const TableInfoPtr& table);
  // Stops feeding `table_id` and waits for its thread (DROP TABLE, before
  // the log goes); forgets its offset when `forget` is true.
  void Stop(uint64_t table_id, bool forget);
  void StopAll();

 private:
  struct Feed;
  Status StartKafka(const TableInfoPtr& table);
  Database* db_;
  std::mutex mu_;
  std::map<uint64_t, std::unique_ptr<Feed>> feeds_;  // GUARDED_BY(mu_)
};

}  // namespace kappa
