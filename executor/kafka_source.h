// KafkaSource: the records of a `connector = 'kafka'` table.
//
//   CREATE TABLE t (...) WITH (
//     connector = 'kafka', topic = 'orders',
//     properties.bootstrap.server = 'host:port[,host:port]'   (or ...servers)
//     scan.startup.mode = 'earliest' | 'latest'   (also 'earliest-offset' /
//                                                  'latest-offset'; default earliest)
//     properties.<librdkafka key> = '...'          (passed to librdkafka)
//   ) FORMAT PLAIN ENCODE JSON                     (or WITH (format = 'json'))
//
// The source reads ALL partitions of the topic with rd_kafka_assign and
// explicit offsets; no consumer group offsets are committed: the position of
// each partition lives in kappadb, committed by the caller in the same atomic
// write as the rows (server/connector_runner.h). A partition without a stored
// position starts at the startup mode: earliest = the first record, latest =
// the end of the partition when the source first opens it (the caller stores
// that position at once, so a restart does not skip records produced while
// kappadb was down). Values are decoded by KafkaJsonDecoder; a record that
// does not decode is skipped (its offset still advances) and counted.
//
// Not thread-safe: one source per feeding thread.
#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <string>

#include "common/chunk.h"
#include "common/status.h"
#include "executor/kafka_json_decoder.h"
#include "sql/catalog.h"

namespace kappa {

struct KafkaOptions {
  std::string topic;
  std::string bootstrap;
  bool latest = false;
  std::map<std::string, std::string> properties;  // extra librdkafka settings

  // Validates the table's options, FORMAT and ENCODE. Errors: 42601 for a
  // missing topic/bootstrap/FORMAT or an unknown option, 22023 for a bad
  // value (also a librdkafka property librdkafka refuses), 0A000 for a
  // format other than PLAIN JSON.
  static Result<KafkaOptions> Parse(const TableInfo& table);
};

class KafkaSource {
 public:
  // partition -> the next offset to read.
  using Offsets = std::map<int32_t, int64_t>;

  struct Batch {
    Chunk rows;
    Offsets next;          // the partitions read in this batch, with their next offsets
    uint64_t bad = 0;      // records skipped (not decodable)
    std::string last_error;  // why the last one was skipped
  };

  ~KafkaSource();
  KafkaSource(const KafkaSource&) = delete;
  KafkaSource& operator=(const KafkaSource&) = delete;

  // Connects, reads the topic's partitions (waiting at most `timeout_ms`)
  // and assigns them from `stored` (else the startup mode). `*resolved`
  // gets the positions chosen by the startup mode that the caller must
  // store (latest only). Errors: 08001 when the broker or topic can't be
  // reached in time (the caller retries).
  static Result<std::unique_ptr<KafkaSource>> Open(const TableInfo& table,
                                                   const KafkaOptions& options,
                                                   const Offsets& stored, int timeout_ms,
                                                   Offsets* resolved);

  // Reads up to `max_records` records, waiting at most `max_wait_ms`
  // altogether; an empty batch when nothing came.
  Status Poll(size_t max_records, int max_wait_ms, Batch* out);

 private:
  explicit KafkaSource(const TableInfo& table);
  struct Handles;
  std::unique_ptr<Handles> h_;
  KafkaJsonDecoder decoder_;
  std::string topic_;
};

}  // namespace kappa
