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
// never blocks the server or DROP TABLE). For Kafka, the records that do not
// decode (kappa_catalog.source_errors) and the durable records/bad counters
// (server/source_errors.h) commit in the same atomic write as the rows and
// offsets; FORMAT UPSERT batches go through TableWriter::ApplyUpsert. Each
// feed's state is in Statuses() (kappa_catalog.sources); a metadata check
// every few seconds tells 'error' from 'running' and picks up new partitions.
//
// Thread safety: all public methods are thread-safe.
#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "common/status.h"
#include "sql/catalog.h"

namespace kappa {

class Database;

// The connector named by a table's options ("" for a plain table).
std::string ConnectorOf(const TableInfo& table);

// 0A000 for a connector kappadb does not have; the connector's own option
// errors otherwise. Called by CREATE TABLE before anything is created.
Status ValidateConnector(const TableInfo& table);

// One connector table's feed now (kappa_catalog.sources).
struct SourceStatus {
  uint64_t table_id = 0;
  std::string table_name;
  std::string connector;  // "kafka" | "datagen"
  std::string topic;      // kafka only
  std::string state;      // "starting" | "running" | "error" (retrying) | "stopped" (failed)
  std::string error;      // why, for "error" and "stopped"
  int64_t records = 0;      // records read so far (kafka), rows generated (datagen); durable
  int64_t bad_records = 0;  // records that did not decode (kappa_catalog.source_errors)
  int32_t partitions = 0;   // kafka partitions assigned
  int64_t lag = -1;         // records behind the partitions' ends (-1 unknown)
};

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
  // Every running feed's status, in table-name order.
  std::vector<SourceStatus> Statuses();

 private:
  struct Feed;
  Status StartKafka(const TableInfoPtr& table);
  Status StartNexmark(const TableInfoPtr& table);
  Database* db_;
  std::mutex mu_;
  std::map<uint64_t, std::unique_ptr<Feed>> feeds_;  // GUARDED_BY(mu_)
};

}  // namespace kappa
