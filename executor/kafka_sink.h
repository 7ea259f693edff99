// KafkaSinkProducer: the Kafka side of a sink (server/sink_runner.h): a
// librdkafka transactional producer that writes one epoch's messages as one
// transaction, and the recovery read of the topic's tail.
//
// Every message carries the headers kappadb_sink (the sink's id),
// kappadb_epoch (the epoch, decimal) and kappadb_txn (an id unique per
// transaction attempt, "<instance>-<n>": a consumer that cannot filter
// aborted transactions, such as one reading librdkafka's mock cluster, can
// keep only the last attempt of each epoch).
//
// Not thread-safe: one sink thread uses it.
#pragma once

#include <atomic>
#include <cstdint>
#include <functional>
#include <string>
#include <utility>
#include <vector>

#include "common/status.h"
#include "executor/sink_encoder.h"

typedef struct rd_kafka_s rd_kafka_t;

namespace kappa {

// A sink's WITH options, parsed and checked.
struct KafkaSinkOptions {
  std::string topic;
  std::string bootstrap;
  std::vector<std::pair<std::string, std::string>> properties;  // librdkafka settings
  std::string primary_key;  // primary_key = 'a,b' (may be empty)
  SinkFormat format = SinkFormat::kPlain;
};

// Parses a sink's options (connector = 'kafka', topic,
// properties.bootstrap.server[s], other properties.* passed to librdkafka,
// primary_key) and FORMAT/ENCODE; checks the librdkafka settings.
// Errors: 22023 (bad or missing option), 0A000 (other connector/encoding).
Result<KafkaSinkOptions> ParseKafkaSinkOptions(
    const std::vector<std::pair<std::string, std::string>>& options, const std::string& format,
    const std::string& encode);

class KafkaSinkProducer {
 public:
  KafkaSinkProducer(KafkaSinkOptions options, uint64_t sink_id);
  ~KafkaSinkProducer();
  KafkaSinkProducer(const KafkaSinkProducer&) = delete;
  KafkaSinkProducer& operator=(const KafkaSinkProducer&) = delete;

  // Creates the producer and runs init_transactions (fencing an older
  // producer with the same transactional.id). Errors: 08006 (broker
  // unreachable or refused), 22023 (configuration).
  Status Open();
  bool open() const { return producer_ != nullptr; }
  void Close();

  // The highest kappadb_epoch of this sink among the last records of each
  // partition of the topic (read_committed); 0 if none.
  Result<uint64_t> CommittedEpoch(const std::atomic<bool>* stop);

  // One epoch's messages.
  struct Epoch {
    uint64_t epoch = 0;
    std::vector<SinkMessage> messages;
  };
  // Writes the messages of `epochs` (in order) as one transaction, each
  // tagged with its epoch. After every message is delivered and before
  // commit_transaction it calls `before_commit` (which durably notes that
  // the commit started); an error there aborts. On an error the transaction
  // is aborted (or, if the producer is unusable, it is closed: Open() again).
  Status SendEpochs(const std::vector<Epoch>& epochs, const std::function<Status()>& before_commit);

 private:
  KafkaSinkOptions options_;
  uint64_t sink_id_;
  std::string instance_;
  uint64_t attempts_ = 0;
  rd_kafka_t* producer_ = nullptr;
};

}  // namespace kappa
