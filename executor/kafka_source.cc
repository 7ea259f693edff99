#include "executor/kafka_source.h"

#include <librdkafka/rdkafka.h>

#include <chrono>
#include <vector>

namespace kappa {

namespace {

constexpr const char* kUnreachable = "08001";

Status BadValue(const std::string& key, const std::string& value, const std::string& why) {
  return Status::Error(sqlstate::kInvalidParameterValue,
                       "invalid value '" + value + "' for kafka option " + key + ": " + why);
}

std::string Lower(std::string s) {
  for (char& ch : s) ch = static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
  return s;
}

void DropLog(const rd_kafka_t*, int, const char*, const char*) {}

}  // namespace

Result<KafkaOptions> KafkaOptions::Parse(const TableInfo& table) {
  KafkaOptions o;
  std::string format_option;
  for (const auto& [key, value] : table.options) {
    if (key == "connector") continue;
    if (key == "topic") {
      if (value.empty()) return BadValue(key, value, "the topic name is empty");
      o.topic = value;
    } else if (key == "properties.bootstrap.server" || key == "properties.bootstrap.servers") {
      if (value.empty()) return BadValue(key, value, "no broker given");
      o.bootstrap = value;
    } else if (key == "scan.startup.mode") {
      const std::string v = Lower(value);
      if (v == "earliest" || v == "earliest-offset") {
        o.latest = false;
      } else if (v == "latest" || v == "latest-offset") {
        o.latest = true;
      } else {
        return BadValue(key, value, "expected 'earliest' or 'latest'");
      }
    } else if (key == "format" || key == "value.format") {
      format_option = Lower(value);
    } else if (key.rfind("properties.", 0) == 0 && key.size() > 11) {
      o.properties[key.substr(11)] = value;
    } else {
      return Status::Error(sqlstate::kSyntaxError,
                           "unknown option \"" + key + "\" for connector 'kafka'")
          .WithHint("Options are topic, properties.bootstrap.server, scan.startup.mode, "
                    "format and properties.<librdkafka setting>.");
    }
  }
  if (o.topic.empty()) {
    return Status::Error(sqlstate::kSyntaxError, "connector 'kafka' needs the option topic");
  }
  if (o.bootstrap.empty()) {
    return Status::Error(sqlstate::kSyntaxError,
                         "connector 'kafka' needs the option properties.bootstrap.server");
  }
  const bool has_format = !table.format.empty() || !table.encode.empty();
  if (has_format) {
    if (table.format != "PLAIN" || table.encode != "JSON") {
      return Status::NotSupported("FORMAT " + table.format + " ENCODE " + table.encode +
                                  " is not supported yet for connector 'kafka'")
          .WithHint("kappadb reads FORMAT PLAIN ENCODE JSON for now.");
    }
    if (!format_option.empty() && format_option != "json") {
      return BadValue("format", format_option, "conflicts with FORMAT PLAIN ENCODE JSON");
    }
  } else if (format_option.empty()) {
    return Status::Error(sqlstate::kSyntaxError,
                         "connector 'kafka' needs FORMAT PLAIN ENCODE JSON (or format = 'json')");
  } else if (format_option != "json") {
    return Status::NotSupported("format '" + format_option +
                                "' is not supported yet for connector 'kafka'")
        .WithHint("kappadb reads JSON for now.");
  }
  // librdkafka checks the extra properties' names and values.
  rd_kafka_conf_t* conf = rd_kafka_conf_new();
  char err[512];
  for (const auto& [k, v] : o.properties) {
    if (rd_kafka_conf_set(conf, k.c_str(), v.c_str(), err, sizeof(err)) != RD_KAFKA_CONF_OK) {
      rd_kafka_conf_destroy(conf);
      return BadValue("properties." + k, v, err);
    }
  }
  rd_kafka_conf_destroy(conf);
  return o;
}

struct KafkaSource::Handles {
  rd_kafka_t* rk = nullptr;
  rd_kafka_topic_t* rkt = nullptr;
  rd_kafka_queue_t* queue = nullptr;
  ~Handles() {
    if (queue) rd_kafka_queue_destroy(queue);
    if (rkt) rd_kafka_topic_destroy(rkt);
    // No group membership to leave (assign only): don't wait for a broker.
    if (rk) rd_kafka_destroy_flags(rk, RD_KAFKA_DESTROY_F_NO_CONSUMER_CLOSE);
  }
};

KafkaSource::KafkaSource(const TableInfo& table) : decoder_(table.columns) {}
KafkaSource::~KafkaSource() = default;

Result<std::unique_ptr<KafkaSource>> KafkaSource::Open(const TableInfo& table,
                                                       const KafkaOptions& options,
                                                       const Offsets& stored, int timeout_ms,
                                                       Offsets* resolved) {
  std::unique_ptr<KafkaSource> src(new KafkaSource(table));
  src->topic_ = options.topic;
  src->h_ = std::make_unique<Handles>();
  char err[512];
  rd_kafka_conf_t* conf = rd_kafka_conf_new();
  std::map<std::string, std::string> settings = options.properties;
  settings["bootstrap.servers"] = options.bootstrap;
  settings["group.id"] = "kappadb-table-" + std::to_string(table.id);
  settings["enable.auto.commit"] = "false";
  settings["enable.auto.offset.store"] = "false";
  settings["enable.partition.eof"] = "false";
  settings["allow.auto.create.topics"] = "false";
  settings["auto.offset.reset"] = options.latest ? "latest" : "earliest";
  for (const auto& [k, v] : settings) {
    if (rd_kafka_conf_set(conf, k.c_str(), v.c_str(), err, sizeof(err)) != RD_KAFKA_CONF_OK) {
      rd_kafka_conf_destroy(conf);
      return BadValue(k, v, err);
    }
  }
  rd_kafka_conf_set_log_cb(conf, DropLog);
  src->h_->rk = rd_kafka_new(RD_KAFKA_CONSUMER, conf, err, sizeof(err));
  if (!src->h_->rk) {
    rd_kafka_conf_destroy(conf);
    return Status::Error(kUnreachable, std::string("kafka consumer: ") + err);
  }
  rd_kafka_t* rk = src->h_->rk;
  src->h_->rkt = rd_kafka_topic_new(rk, options.topic.c_str(), nullptr);
  const rd_kafka_metadata_t* md = nullptr;
  rd_kafka_resp_err_t e = rd_kafka_metadata(rk, 0, src->h_->rkt, &md, timeout_ms);
  if (e != RD_KAFKA_RESP_ERR_NO_ERROR) {
    return Status::Error(kUnreachable, "kafka broker " + options.bootstrap +
                                           " not reachable: " + rd_kafka_err2str(e));
  }
  int partitions = 0;
  rd_kafka_resp_err_t topic_err = RD_KAFKA_RESP_ERR_UNKNOWN_TOPIC_OR_PART;
  for (int i = 0; i < md->topic_cnt; ++i) {
    if (options.topic == md->topics[i].topic) {
      partitions = md->topics[i].partition_cnt;
      topic_err = md->topics[i].err;
    }
  }
  rd_kafka_metadata_destroy(md);
  if (topic_err != RD_KAFKA_RESP_ERR_NO_ERROR || partitions == 0) {
    return Status::Error(kUnreachable, "kafka topic '" + options.topic +
                                           "' not available: " + rd_kafka_err2str(topic_err));
  }
  rd_kafka_topic_partition_list_t* list = rd_kafka_topic_partition_list_new(partitions);
  for (int32_t p = 0; p < partitions; ++p) {
    int64_t offset = RD_KAFKA_OFFSET_BEGINNING;
    auto it = stored.find(p);
    if (it != stored.end()) {
      offset = it->second;
    } else if (options.latest) {
      int64_t lo = 0, hi = 0;
      e = rd_kafka_query_watermark_offsets(rk, options.topic.c_str(), p, &lo, &hi, timeout_ms);
      if (e != RD_KAFKA_RESP_ERR_NO_ERROR) {
        rd_kafka_topic_partition_list_destroy(list);
        return Status::Error(kUnreachable, "kafka topic '" + options.topic + "' partition " +
                                               std::to_string(p) +
                                               ": no end offset: " + rd_kafka_err2str(e));
      }
      offset = hi;
      (*resolved)[p] = hi;
    }
    rd_kafka_topic_partition_list_add(list, options.topic.c_str(), p)->offset = offset;
  }
  e = rd_kafka_assign(rk, list);
  rd_kafka_topic_partition_list_destroy(list);
  if (e != RD_KAFKA_RESP_ERR_NO_ERROR) {
    return Status::Error(kUnreachable, std::string("kafka assign: ") + rd_kafka_err2str(e));
  }
  src->h_->queue = rd_kafka_queue_get_consumer(rk);
  return src;
}

Status KafkaSource::Poll(size_t max_records, int max_wait_ms, Batch* out) {
  out->rows = Chunk(decoder_.types());
  out->next.clear();
  out->bad = 0;
  out->last_error.clear();
  using Clock = std::chrono::steady_clock;
  const auto deadline = Clock::now() + std::chrono::milliseconds(max_wait_ms);
  std::vector<rd_kafka_message_t*> msgs(std::min<size_t>(max_records, 1024));
  size_t got = 0;
  while (got < max_records) {
    const auto left =
        std::chrono::duration_cast<std::chrono::milliseconds>(deadline - Clock::now()).count();
    if (left <= 0) break;
    const size_t want = std::min(msgs.size(), max_records - got);
    ssize_t n = rd_kafka_consume_batch_queue(h_->queue, static_cast<int>(left), msgs.data(), want);
    if (n < 0) {
      return Status::Error(kUnreachable, std::string("kafka poll: ") +
                                             rd_kafka_err2str(rd_kafka_last_error()));
    }
    for (ssize_t i = 0; i < n; ++i) {
      rd_kafka_message_t* m = msgs[i];
      if (m->err) {
        // Consumer-level events (broker down, ...): librdkafka retries by itself.
        if (m->err != RD_KAFKA_RESP_ERR__PARTITION_EOF) {
          out->last_error = rd_kafka_message_errstr(m);
        }
      } else {
        ++got;
        out->next[m->partition] = m->offset + 1;
        Status st = m->payload == nullptr
                        ? Status::Error(sqlstate::kInvalidTextRepresentation, "empty record value")
                        : decoder_.DecodeInto(
                              std::string_view(static_cast<const char*>(m->payload), m->len),
                              &out->rows);
        if (!st.ok()) {
          ++out->bad;
          out->last_error = "partition " + std::to_string(m->partition) + " offset " +
                            std::to_string(m->offset) + ": " + st.message();
        }
      }
      rd_kafka_message_destroy(m);
    }
  }
  return Status::OK();
}

}  // namespace kappa
