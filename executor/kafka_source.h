// KafkaSource: the records of a `connector = 'kafka'` table.
//
//   CREATE TABLE t (...) WITH (
//     connector = 'kafka', topic = 'orders',
//     properties.bootstrap.server = 'host:port[,host:port]'   (or ...servers)
//     scan.startup.mode = 'earliest' | 'latest'   (also 'earliest-offset' /
//                                                  'latest-offset'; default earliest)
//     scan.startup.mode = 'timestamp', scan.startup.timestamp.millis = '...'
//     properties.<librdkafka key> = '...'          (passed to librdkafka)
//   ) FORMAT PLAIN|UPSERT ENCODE JSON|CSV [(...)]  (or WITH (format = 'json'|'csv'))
//   [INCLUDE partition|offset|timestamp|key [AS col] ...]   (TableInfo::includes)
// User documentation: docs/kafka.md.
//
// The source reads ALL partitions of the topic with rd_kafka_assign and
// explicit offsets; no consumer group offsets are committed: the position of
// each partition lives in kappadb, committed by the caller in the same atomic
// write as the rows (server/connector_runner.h). A partition without a stored
// position starts at the startup mode: earliest = the first record, latest =
// the end of the partition when the source first opens it (the caller stores
// that position at once, so a restart does not skip records produced while
// kappadb was down; 'timestamp' = the first record at or after the time).
// Values are decoded by KafkaJsonDecoder / KafkaCsvDecoder straight into
// the batch's columns (KafkaRowBuilder); a record that does not decode is
// skipped (its offset still advances) and returned in Batch::bad, for
// kappa_catalog.source_errors. FORMAT UPSERT: a null value is a tombstone
// whose key (JSON object, or a scalar for a one-column key) names the row
// to delete (Batch::deletes; applied by TableWriter::ApplyUpsert).
//
// Not thread-safe: one source per feeding thread.
#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "common/chunk.h"
#include "common/status.h"
#include "executor/kafka_csv_decoder.h"
#include "executor/kafka_json_decoder.h"
#include "sql/catalog.h"

struct rd_kafka_message_s;

namespace kappa {

struct KafkaOptions {
  std::string topic;
  std::string bootstrap;
  bool latest = false;
  // scan.startup.mode = 'timestamp' with scan.startup.timestamp.millis
  // (or Flink's scan.startup.timestamp-millis): the first record at or after it.
  bool by_timestamp = false;
  int64_t startup_millis = 0;
  bool upsert = false;  // FORMAT UPSERT (needs a PRIMARY KEY)
  bool csv = false;     // ENCODE CSV (else JSON)
  char csv_delimiter = ',';
  // ENCODE CSV (without_header = 'false', the default as in RisingWave): a
  // record whose fields are the column names is a header and is skipped.
  bool csv_header = true;
  std::map<std::string, std::string> properties;  // extra librdkafka settings

  // Validates the table's options, FORMAT and ENCODE. Errors: 42601 for a
  // missing topic/bootstrap/FORMAT or an unknown option, 22023 for a bad
  // value (also a librdkafka property librdkafka refuses), 0A000 for a
  // format other than PLAIN|UPSERT JSON|CSV, 42P16 for UPSERT without a
  // PRIMARY KEY, 0A000 for UPSERT with a WATERMARK.
  static Result<KafkaOptions> Parse(const TableInfo& table);
};

class KafkaSource {
 public:
  // partition -> the next offset to read.
  using Offsets = std::map<int32_t, int64_t>;

  // A record that did not decode (kappa_catalog.source_errors).
  struct BadRecord {
    int32_t partition = 0;
    int64_t offset = 0;
    std::string raw;    // the value's first 1 KiB as text (bytes not valid UTF-8 as \xNN)
    std::string error;  // why it did not decode (with SQLSTATE-style message)
  };

  struct Batch {
    Chunk rows;
    // CONTRACT (per-partition watermarks): one entry per row of `rows`, in
    // order: the Kafka partition the row came from.
    std::vector<int32_t> partitions;
    // FORMAT UPSERT only: one entry per row; 1 = a tombstone (the row holds
    // only the key columns and deletes the row with that key), 0 = an upsert.
    std::vector<uint8_t> deletes;
    Offsets next;          // the partitions read in this batch, with their next offsets
    uint64_t records = 0;  // records read (decoded or not)
    std::vector<BadRecord> bad;  // records skipped (not decodable), in order
    std::string last_error;      // the last consumer-level error ("" if none)
  };

  // Per-partition position and high watermark (for kappa_catalog.sources).
  struct Progress {
    int32_t partitions = 0;
    int64_t lag = -1;  // sum over partitions of (high watermark - next offset); -1 unknown
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
  // altogether; an empty batch when nothing came. (Returning as soon as the
  // first records are there was measured: worse p50/p99 in bench/
  // kafka_bench.py, as more, smaller commits and epochs queue up.)
  // Consumer-level errors (broker down, topic gone) do not fail Poll: they
  // are reported in out->last_error while librdkafka reconnects by itself.
  Status Poll(size_t max_records, int max_wait_ms, Batch* out);

  // Asks the broker for the topic's metadata (waiting at most
  // `timeout_ms`): 08001 when the broker or the topic is not available (the
  // source keeps retrying by itself). New partitions are added to the
  // assignment from their first record.
  Status RefreshPartitions(int timeout_ms);

  // Partitions read and lag, from librdkafka's cached high watermarks
  // (no broker round trip). `next` is the caller's current positions.
  Progress CurrentProgress(const Offsets& next) const;

 private:
  KafkaSource(const TableInfo& table, const KafkaOptions& options);
  Status DecodeRecord(const rd_kafka_message_s& m, Batch* out);
  struct Handles;
  std::unique_ptr<Handles> h_;
  KafkaOptions options_;
  std::unique_ptr<KafkaJsonDecoder> json_;      // ENCODE JSON
  std::unique_ptr<KafkaCsvDecoder> csv_;        // ENCODE CSV
  std::unique_ptr<KafkaJsonDecoder> key_json_;  // UPSERT: decodes the message key
  std::vector<int> include_partition_, include_offset_, include_timestamp_, include_key_;
  std::vector<DataType> types_;
  std::unique_ptr<KafkaRowBuilder> builder_;
  std::vector<int> primary_key_;
  std::vector<std::string> key_names_;
  std::string topic_;
  int32_t partition_count_ = 0;
};

}  // namespace kappa
