#include "executor/kafka_sink.h"

#include <librdkafka/rdkafka.h>

#include <cctype>
#include <chrono>
#include <cstring>
#include <map>
#include <random>
#include <thread>

namespace kappa {

namespace {

constexpr const char* kUnreachable = "08006";
constexpr int kTimeoutMs = 30000;      // flush and commit of a transaction
constexpr int kShortTimeoutMs = 5000;  // init_transactions, metadata (retried by the caller)
constexpr int64_t kTailRecords = 64;

std::string Lower(std::string s) {
  for (char& ch : s) ch = static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
  return s;
}

void DropLog(const rd_kafka_t*, int, const char*, const char*) {}

Status BadValue(const std::string& key, const std::string& value, const std::string& why) {
  return Status::Error(sqlstate::kInvalidParameterValue,
                       "invalid value '" + value + "' for sink option " + key + ": " + why);
}

// A librdkafka configuration with the sink's settings; null + error on failure.
rd_kafka_conf_t* MakeConf(const KafkaSinkOptions& o, Status* error) {
  rd_kafka_conf_t* conf = rd_kafka_conf_new();
  char err[512];
  auto set = [&](const std::string& k, const std::string& v) {
    if (rd_kafka_conf_set(conf, k.c_str(), v.c_str(), err, sizeof(err)) != RD_KAFKA_CONF_OK) {
      *error = BadValue("properties." + k, v, err);
      return false;
    }
    return true;
  };
  bool ok = set("bootstrap.servers", o.bootstrap) && set("log_level", "3");
  for (const auto& [k, v] : o.properties) ok = ok && set(k, v);
  if (!ok) {
    rd_kafka_conf_destroy(conf);
    return nullptr;
  }
  rd_kafka_conf_set_log_cb(conf, DropLog);
  return conf;
}

Status FromError(const char* what, rd_kafka_error_t* e) {
  Status st = Status::Error(kUnreachable, std::string(what) + ": " + rd_kafka_error_string(e));
  rd_kafka_error_destroy(e);
  return st;
}

bool HeaderValue(rd_kafka_headers_t* h, const char* name, std::string* out) {
  const void* v = nullptr;
  size_t n = 0;
  if (h == nullptr || rd_kafka_header_get_last(h, name, &v, &n) != RD_KAFKA_RESP_ERR_NO_ERROR ||
      v == nullptr) {
    return false;
  }
  out->assign(static_cast<const char*>(v), n);
  return true;
}

}  // namespace

Result<KafkaSinkOptions> ParseKafkaSinkOptions(
    const std::vector<std::pair<std::string, std::string>>& options, const std::string& format,
    const std::string& encode) {
  KafkaSinkOptions o;
  std::string connector;
  for (const auto& [key, value] : options) {
    if (key == "connector") {
      connector = Lower(value);
    } else if (key == "topic") {
      if (value.empty()) return BadValue(key, value, "the topic name is empty");
      o.topic = value;
    } else if (key == "properties.bootstrap.server" || key == "properties.bootstrap.servers") {
      if (value.empty()) return BadValue(key, value, "no broker given");
      o.bootstrap = value;
    } else if (key == "primary_key") {
      o.primary_key = value;
    } else if (key == "type" || key == "format") {
      // RisingWave's and Flink's spellings of the format.
      if (!format.empty() && Lower(value) != Lower(format) && Lower(value) != "json") {
        return BadValue(key, value, "conflicts with FORMAT " + format);
      }
    } else if (key.rfind("properties.", 0) == 0 && key.size() > 11) {
      std::string k = key.substr(11);
      if (k == "transactional.id" || k == "enable.idempotence" || k == "isolation.level") {
        return BadValue(key, value, "set by kappadb (the sink writes transactionally)");
      }
      o.properties.emplace_back(k, value);
    } else {
      return Status::Error(sqlstate::kSyntaxError,
                           "unknown option \"" + key + "\" for a kafka sink")
          .WithHint("Options are connector, topic, properties.bootstrap.server, primary_key and "
                    "properties.<librdkafka setting>.");
    }
  }
  if (connector.empty()) {
    return Status::Error(sqlstate::kSyntaxError, "a sink needs the option connector = 'kafka'");
  }
  if (connector != "kafka") {
    return Status::NotSupported("sink connector '" + connector + "' is not supported")
        .WithHint("Use connector = 'kafka'.");
  }
  if (o.topic.empty()) {
    return Status::Error(sqlstate::kSyntaxError, "a kafka sink needs the option topic");
  }
  if (o.bootstrap.empty()) {
    return Status::Error(sqlstate::kSyntaxError,
                         "a kafka sink needs the option properties.bootstrap.server");
  }
  if (format.empty()) {
    return Status::Error(sqlstate::kSyntaxError, "a kafka sink needs FORMAT ... ENCODE JSON")
        .WithHint("Add FORMAT PLAIN ENCODE JSON (or UPSERT, DEBEZIUM).");
  }
  KAPPA_ASSIGN_OR_RETURN(o.format, ParseSinkFormat(format));
  if (!encode.empty() && Lower(encode) != "json") {
    return Status::NotSupported("sink encoding \"" + encode + "\" is not supported")
        .WithHint("Use ENCODE JSON.");
  }
  Status st;
  rd_kafka_conf_t* conf = MakeConf(o, &st);
  if (conf == nullptr) return st;
  rd_kafka_conf_destroy(conf);
  return o;
}

KafkaSinkProducer::KafkaSinkProducer(KafkaSinkOptions options, uint64_t sink_id)
    : options_(std::move(options)), sink_id_(sink_id) {
  std::random_device rd;
  instance_ = std::to_string(rd()) + std::to_string(rd());
}

KafkaSinkProducer::~KafkaSinkProducer() { Close(); }

void KafkaSinkProducer::Close() {
  if (producer_ != nullptr) {
    rd_kafka_destroy(producer_);
    producer_ = nullptr;
  }
}

Status KafkaSinkProducer::Open() {
  Close();
  Status st;
  rd_kafka_conf_t* conf = MakeConf(options_, &st);
  if (conf == nullptr) return st;
  char err[512];
  std::string txid = "kappadb-sink-" + std::to_string(sink_id_);
  if (rd_kafka_conf_set(conf, "transactional.id", txid.c_str(), err, sizeof(err)) !=
      RD_KAFKA_CONF_OK) {
    rd_kafka_conf_destroy(conf);
    return Status::Error(sqlstate::kInvalidParameterValue, err);
  }
  rd_kafka_t* p = rd_kafka_new(RD_KAFKA_PRODUCER, conf, err, sizeof(err));
  if (p == nullptr) return Status::Error(sqlstate::kInvalidParameterValue, err);
  if (rd_kafka_error_t* e = rd_kafka_init_transactions(p, kShortTimeoutMs)) {
    rd_kafka_destroy(p);
    return FromError("kafka init_transactions failed", e);
  }
  producer_ = p;
  return Status::OK();
}

Result<uint64_t> KafkaSinkProducer::CommittedEpoch(const std::atomic<bool>* stop) {
  Status st;
  rd_kafka_conf_t* conf = MakeConf(options_, &st);
  if (conf == nullptr) return st;
  char err[512];
  std::string group = "kappadb-sink-recovery-" + std::to_string(sink_id_);
  rd_kafka_conf_set(conf, "group.id", group.c_str(), err, sizeof(err));
  rd_kafka_conf_set(conf, "enable.auto.commit", "false", err, sizeof(err));
  rd_kafka_conf_set(conf, "isolation.level", "read_committed", err, sizeof(err));
  rd_kafka_conf_set(conf, "enable.partition.eof", "true", err, sizeof(err));
  rd_kafka_t* c = rd_kafka_new(RD_KAFKA_CONSUMER, conf, err, sizeof(err));
  if (c == nullptr) return Status::Error(sqlstate::kInvalidParameterValue, err);
  struct Guard {
    rd_kafka_t* c;
    ~Guard() {
      rd_kafka_consumer_close(c);
      rd_kafka_destroy(c);
    }
  } guard{c};
  rd_kafka_topic_t* t = rd_kafka_topic_new(c, options_.topic.c_str(), nullptr);
  const rd_kafka_metadata_t* md = nullptr;
  rd_kafka_resp_err_t merr = rd_kafka_metadata(c, 0, t, &md, kShortTimeoutMs);
  rd_kafka_topic_destroy(t);
  if (merr != RD_KAFKA_RESP_ERR_NO_ERROR) {
    return Status::Error(kUnreachable, std::string("kafka metadata request failed: ") +
                                           rd_kafka_err2str(merr));
  }
  std::vector<int32_t> partitions;
  if (md->topic_cnt == 1 && md->topics[0].err == RD_KAFKA_RESP_ERR_NO_ERROR) {
    for (int i = 0; i < md->topics[0].partition_cnt; ++i) {
      partitions.push_back(md->topics[0].partitions[i].id);
    }
  }
  rd_kafka_metadata_destroy(md);
  rd_kafka_topic_partition_list_t* list = rd_kafka_topic_partition_list_new(1);
  size_t pending = 0;
  for (int32_t p : partitions) {
    int64_t lo = 0, hi = 0;
    rd_kafka_resp_err_t e =
        rd_kafka_query_watermark_offsets(c, options_.topic.c_str(), p, &lo, &hi,
                                         kShortTimeoutMs);
    if (e != RD_KAFKA_RESP_ERR_NO_ERROR) {
      rd_kafka_topic_partition_list_destroy(list);
      return Status::Error(kUnreachable, std::string("kafka offsets request failed: ") +
                                             rd_kafka_err2str(e));
    }
    if (hi <= lo) continue;
    rd_kafka_topic_partition_list_add(list, options_.topic.c_str(), p)->offset =
        std::max(lo, hi - kTailRecords);
    ++pending;
  }
  uint64_t best = 0;
  if (pending > 0) {
    rd_kafka_resp_err_t e = rd_kafka_assign(c, list);
    rd_kafka_topic_partition_list_destroy(list);
    if (e != RD_KAFKA_RESP_ERR_NO_ERROR) {
      return Status::Error(kUnreachable, std::string("kafka assign failed: ") + rd_kafka_err2str(e));
    }
    auto deadline = std::chrono::steady_clock::now() + std::chrono::milliseconds(kTimeoutMs);
    const std::string me = std::to_string(sink_id_);
    while (pending > 0) {
      if (stop != nullptr && stop->load()) return Status::Error("57014", "stopping");
      if (std::chrono::steady_clock::now() > deadline) {
        return Status::Error(kUnreachable, "timed out reading the topic's last records");
      }
      rd_kafka_message_t* m = rd_kafka_consumer_poll(c, 200);
      if (m == nullptr) continue;
      if (m->err == RD_KAFKA_RESP_ERR__PARTITION_EOF) {
        --pending;
      } else if (m->err != RD_KAFKA_RESP_ERR_NO_ERROR) {
        std::string why = rd_kafka_message_errstr(m);
        rd_kafka_message_destroy(m);
        return Status::Error(kUnreachable, "reading the topic's last records: " + why);
      } else {
        rd_kafka_headers_t* h = nullptr;
        std::string sink, epoch;
        if (rd_kafka_message_headers(m, &h) == RD_KAFKA_RESP_ERR_NO_ERROR &&
            HeaderValue(h, "kappadb_sink", &sink) && sink == me &&
            HeaderValue(h, "kappadb_epoch", &epoch)) {
          uint64_t v = std::strtoull(epoch.c_str(), nullptr, 10);
          best = std::max(best, v);
        }
      }
      rd_kafka_message_destroy(m);
    }
  } else {
    rd_kafka_topic_partition_list_destroy(list);
  }
  return best;
}

Status KafkaSinkProducer::SendEpochs(const std::vector<Epoch>& epochs,
                                     const std::function<Status()>& before_commit) {
  if (producer_ == nullptr) KAPPA_RETURN_IF_ERROR(Open());
  if (rd_kafka_error_t* e = rd_kafka_begin_transaction(producer_)) {
    Close();
    return FromError("kafka begin_transaction failed", e);
  }
  const std::string sink = std::to_string(sink_id_);
  const std::string txn = instance_ + "-" + std::to_string(++attempts_);
  auto fail = [&](Status st) {
    rd_kafka_error_t* e = rd_kafka_abort_transaction(producer_, kTimeoutMs);
    if (e != nullptr) {
      rd_kafka_error_destroy(e);
      Close();
    }
    return st;
  };
  for (const Epoch& batch : epochs) {
    const std::string ep = std::to_string(batch.epoch);
    for (const SinkMessage& msg : batch.messages) {
      for (;;) {
        rd_kafka_headers_t* h = rd_kafka_headers_new(3);
        rd_kafka_header_add(h, "kappadb_sink", -1, sink.data(), static_cast<ssize_t>(sink.size()));
        rd_kafka_header_add(h, "kappadb_epoch", -1, ep.data(), static_cast<ssize_t>(ep.size()));
        rd_kafka_header_add(h, "kappadb_txn", -1, txn.data(), static_cast<ssize_t>(txn.size()));
        const void* kp = msg.key ? msg.key->data() : nullptr;
        size_t kn = msg.key ? msg.key->size() : 0;
        void* vp = msg.value ? const_cast<char*>(msg.value->data()) : nullptr;
        size_t vn = msg.value ? msg.value->size() : 0;
        rd_kafka_resp_err_t err = rd_kafka_producev(
            producer_, RD_KAFKA_V_TOPIC(options_.topic.c_str()), RD_KAFKA_V_KEY(kp, kn),
            RD_KAFKA_V_VALUE(vp, vn), RD_KAFKA_V_HEADERS(h),
            RD_KAFKA_V_MSGFLAGS(RD_KAFKA_MSG_F_COPY), RD_KAFKA_V_END);
        if (err == RD_KAFKA_RESP_ERR_NO_ERROR) break;
        rd_kafka_headers_destroy(h);
        if (err == RD_KAFKA_RESP_ERR__QUEUE_FULL) {
          rd_kafka_poll(producer_, 50);
          continue;
        }
        return fail(Status::Error(kUnreachable, std::string("kafka produce failed: ") +
                                                    rd_kafka_err2str(err)));
      }
    }
  }
  rd_kafka_resp_err_t ferr = rd_kafka_flush(producer_, kTimeoutMs);
  if (ferr != RD_KAFKA_RESP_ERR_NO_ERROR) {
    return fail(Status::Error(kUnreachable,
                              std::string("kafka flush failed: ") + rd_kafka_err2str(ferr)));
  }
  Status noted = before_commit();
  if (!noted.ok()) return fail(noted);
  if (rd_kafka_error_t* e = rd_kafka_commit_transaction(producer_, kTimeoutMs)) {
    bool abortable = rd_kafka_error_txn_requires_abort(e);
    Status st = FromError("kafka commit_transaction failed", e);
    if (abortable) return fail(st);
    // Retriable or fatal: the outcome is unknown; start over with a new
    // producer (its init_transactions settles the old transaction) and let
    // the recovery check decide.
    Close();
    return st;
  }
  return Status::OK();
}

}  // namespace kappa
