#include "executor/kafka_source.h"

#include <librdkafka/rdkafka.h>

#include <cctype>
#include <charconv>
#include <chrono>
#include <vector>

#include "common/idle_timeout_option.h"

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

// The topic's partition count from the broker's metadata. 08001 when the
// broker does not answer or the topic does not exist (librdkafka times out
// on a topic it does not know: the list of all topics tells which).
Status TopicPartitions(rd_kafka_t* rk, rd_kafka_topic_t* rkt, const std::string& topic,
                       const std::string& bootstrap, int timeout_ms, int* partitions) {
  const rd_kafka_metadata_t* md = nullptr;
  rd_kafka_resp_err_t e = rd_kafka_metadata(rk, 0, rkt, &md, timeout_ms);
  if (e == RD_KAFKA_RESP_ERR__TIMED_OUT) {
    e = rd_kafka_metadata(rk, 1, nullptr, &md, timeout_ms);  // all topics
  }
  if (e != RD_KAFKA_RESP_ERR_NO_ERROR) {
    return Status::Error(kUnreachable,
                         "kafka broker " + bootstrap + " not reachable: " + rd_kafka_err2str(e));
  }
  *partitions = 0;
  rd_kafka_resp_err_t topic_err = RD_KAFKA_RESP_ERR_UNKNOWN_TOPIC_OR_PART;
  for (int i = 0; i < md->topic_cnt; ++i) {
    if (topic == md->topics[i].topic) {
      *partitions = md->topics[i].partition_cnt;
      topic_err = md->topics[i].err;
    }
  }
  rd_kafka_metadata_destroy(md);
  if (topic_err != RD_KAFKA_RESP_ERR_NO_ERROR || *partitions == 0) {
    return Status::Error(kUnreachable, "kafka topic '" + topic +
                                           "' not available: " + rd_kafka_err2str(topic_err));
  }
  return Status::OK();
}

}  // namespace

Result<KafkaOptions> KafkaOptions::Parse(const TableInfo& table) {
  KafkaOptions o;
  std::string format_option;
  bool mode_timestamp = false;
  bool has_millis = false;
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
      } else if (v == "timestamp") {
        mode_timestamp = true;
      } else {
        return BadValue(key, value, "expected 'earliest', 'latest' or 'timestamp'");
      }
    } else if (key == "scan.startup.timestamp.millis" ||
               key == "scan.startup.timestamp-millis") {
      int64_t ms = 0;
      auto [end, ec] = std::from_chars(value.data(), value.data() + value.size(), ms);
      if (value.empty() || ec != std::errc() || end != value.data() + value.size() || ms < 0) {
        return BadValue(key, value, "expected milliseconds since 1970-01-01 UTC");
      }
      o.startup_millis = ms;
      has_millis = true;
    } else if (key == "format" || key == "value.format") {
      format_option = Lower(value);
    } else if (IsIdleTimeoutOption(key)) {  // read by server/table_writer.h
      KAPPA_RETURN_IF_ERROR(ParseIdleTimeoutMs(key, value).status());
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
  if (mode_timestamp && !has_millis) {
    return Status::Error(sqlstate::kInvalidParameterValue,
                         "scan.startup.mode = 'timestamp' needs scan.startup.timestamp.millis");
  }
  if (has_millis && o.latest) {
    return BadValue("scan.startup.timestamp.millis", std::to_string(o.startup_millis),
                    "only with scan.startup.mode = 'timestamp'");
  }
  o.by_timestamp = has_millis;
  const bool has_format = !table.format.empty() || !table.encode.empty();
  std::string format = table.format, encode = table.encode;
  if (has_format) {
    if (!format_option.empty() && format_option != Lower(encode)) {
      return BadValue("format", format_option, "conflicts with ENCODE " + encode);
    }
  } else if (format_option.empty()) {
    return Status::Error(sqlstate::kSyntaxError,
                         "connector 'kafka' needs FORMAT PLAIN ENCODE JSON (or format = 'json')");
  } else {
    format = "PLAIN";
    encode = format_option == "json" ? "JSON" : format_option == "csv" ? "CSV" : format_option;
  }
  if ((format != "PLAIN" && format != "UPSERT") || (encode != "JSON" && encode != "CSV")) {
    return Status::NotSupported("FORMAT " + format + " ENCODE " + Lower(encode) +
                                " is not supported yet for connector 'kafka'")
        .WithHint("kappadb reads FORMAT PLAIN|UPSERT ENCODE JSON|CSV.");
  }
  o.upsert = format == "UPSERT";
  o.csv = encode == "CSV";
  for (const auto& [key, value] : table.encode_options) {
    if (o.csv && key == "delimiter") {
      if (value.size() != 1 || value[0] == '"' || value[0] == '\n' || value[0] == '\r') {
        return BadValue(key, value, "the CSV delimiter must be one character other than a "
                                    "quote or a line break");
      }
      o.csv_delimiter = value[0];
    } else if (o.csv && key == "without_header") {
      const std::string v = Lower(value);
      if (v != "true" && v != "false") return BadValue(key, value, "expected 'true' or 'false'");
      o.csv_header = v == "false";
    } else {
      return Status::Error(sqlstate::kSyntaxError,
                           "unknown ENCODE " + encode + " option \"" + key + "\"")
          .WithHint(o.csv ? "ENCODE CSV takes delimiter and without_header."
                          : "ENCODE JSON takes no options.");
    }
  }
  if (o.upsert) {
    if (table.primary_key.empty()) {
      return Status::Error(sqlstate::kInvalidTableDefinition,
                           "FORMAT UPSERT needs a PRIMARY KEY")
          .WithHint("A record upserts the row with its key; declare the key with PRIMARY KEY.");
    }
    if (table.watermark_column >= 0) {
      return Status::NotSupported("a WATERMARK is not allowed on a FORMAT UPSERT table")
          .WithHint("An upsert table is not append-only: its rows are replaced and deleted.");
    }
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

KafkaSource::KafkaSource(const TableInfo& table, const KafkaOptions& options)
    : options_(options) {
  std::vector<bool> decoded(table.columns.size(), true);
  for (const auto& [what, c] : table.includes) {
    decoded[c] = false;
    if (what == "partition") include_partition_.push_back(c);
    if (what == "offset") include_offset_.push_back(c);
    if (what == "timestamp") include_timestamp_.push_back(c);
    if (what == "key") include_key_.push_back(c);
  }
  types_ = table.Types();
  builder_ = std::make_unique<KafkaRowBuilder>(table.columns);
  if (options.csv) {
    csv_ = std::make_unique<KafkaCsvDecoder>(table.columns, options.csv_delimiter,
                                             options.csv_header, decoded);
  } else {
    json_ = std::make_unique<KafkaJsonDecoder>(table.columns, decoded);
  }
  if (options.upsert) {
    std::vector<bool> key_cols(table.columns.size(), false);
    for (int c : table.primary_key) key_cols[c] = true;
    key_json_ = std::make_unique<KafkaJsonDecoder>(table.columns, key_cols);
    primary_key_ = table.primary_key;
    for (int c : table.primary_key) key_names_.push_back(table.columns[c].name);
  }
}
KafkaSource::~KafkaSource() = default;

Result<std::unique_ptr<KafkaSource>> KafkaSource::Open(const TableInfo& table,
                                                       const KafkaOptions& options,
                                                       const Offsets& stored, int timeout_ms,
                                                       Offsets* resolved) {
  std::unique_ptr<KafkaSource> src(new KafkaSource(table, options));
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
  // All partitions forward into one consumer queue, and librdkafka 2.0
  // compares queued.min.messages (default 100000) with that shared queue's
  // length: with the default, fetching stalls ~1 s whenever 100,000 records
  // are buffered across all partitions (bench/kafka_bench.py: 150,000
  // records/s; with this, ~500,000). Memory stays bounded by
  // queued.max.messages.kbytes (64 MiB). A user setting wins.
  settings.emplace("queued.min.messages", "1000000");
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
  int partitions = 0;
  KAPPA_RETURN_IF_ERROR(TopicPartitions(rk, src->h_->rkt, options.topic, options.bootstrap,
                                        timeout_ms, &partitions));
  rd_kafka_resp_err_t e;
  src->partition_count_ = partitions;
  // scan.startup.mode = 'timestamp': the first offset at or after the time,
  // for each partition without a stored position.
  std::map<int32_t, int64_t> by_time;
  if (options.by_timestamp) {
    rd_kafka_topic_partition_list_t* q = rd_kafka_topic_partition_list_new(partitions);
    for (int32_t p = 0; p < partitions; ++p) {
      if (stored.count(p) == 0) {
        rd_kafka_topic_partition_list_add(q, options.topic.c_str(), p)->offset =
            options.startup_millis;
      }
    }
    if (q->cnt > 0) {
      e = rd_kafka_offsets_for_times(rk, q, timeout_ms);
      if (e != RD_KAFKA_RESP_ERR_NO_ERROR) {
        rd_kafka_topic_partition_list_destroy(q);
        return Status::Error(kUnreachable, "kafka topic '" + options.topic +
                                               "': no offsets for the startup time: " +
                                               rd_kafka_err2str(e));
      }
      for (int i = 0; i < q->cnt; ++i) {
        int64_t o = q->elems[i].offset;
        if (q->elems[i].err != RD_KAFKA_RESP_ERR_NO_ERROR || o < 0) {
          // No record at or after the time: start at the partition's end.
          int64_t lo = 0, hi = 0;
          e = rd_kafka_query_watermark_offsets(rk, options.topic.c_str(), q->elems[i].partition,
                                               &lo, &hi, timeout_ms);
          if (e != RD_KAFKA_RESP_ERR_NO_ERROR) {
            rd_kafka_topic_partition_list_destroy(q);
            return Status::Error(kUnreachable, "kafka topic '" + options.topic +
                                                   "': no end offset: " + rd_kafka_err2str(e));
          }
          o = hi;
        }
        by_time[q->elems[i].partition] = o;
      }
    }
    rd_kafka_topic_partition_list_destroy(q);
  }
  rd_kafka_topic_partition_list_t* list = rd_kafka_topic_partition_list_new(partitions);
  for (int32_t p = 0; p < partitions; ++p) {
    int64_t offset = RD_KAFKA_OFFSET_BEGINNING;
    auto it = stored.find(p);
    if (it != stored.end()) {
      offset = it->second;
    } else if (by_time.count(p) != 0) {
      offset = by_time[p];
      (*resolved)[p] = offset;
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

Status KafkaSource::DecodeRecord(const rd_kafka_message_t& m, Batch* out) {
  const std::string_view value(static_cast<const char*>(m.payload), m.payload ? m.len : 0);
  const std::string_view key(static_cast<const char*>(m.key), m.key ? m.key_len : 0);
  KafkaRowBuilder& b = *builder_;
  b.Begin(&out->rows);
  Status st;
  bool is_delete = false;
  bool skip = false;
  if (m.payload == nullptr && key_json_) {
    // An UPSERT tombstone: the key names the row to delete.
    is_delete = true;
    if (m.key == nullptr) {
      st = Status::Error(sqlstate::kInvalidTextRepresentation,
                         "a tombstone (null value) without a key");
    } else {
      size_t i = 0;
      while (i < key.size() && std::isspace(static_cast<unsigned char>(key[i]))) ++i;
      if (i < key.size() && key[i] == '{') {
        st = key_json_->Fill(key, &b);
      } else if (primary_key_.size() == 1) {
        st = key_json_->FillScalar(key, static_cast<size_t>(primary_key_[0]), &b);
      } else {
        st = Status::Error(sqlstate::kInvalidTextRepresentation,
                           "the key of a table with a multi-column PRIMARY KEY must be a JSON "
                           "object");
      }
      for (size_t k = 0; st.ok() && k < primary_key_.size(); ++k) {
        if (b.IsNull(static_cast<size_t>(primary_key_[k]))) {
          st = Status::Error(sqlstate::kNotNullViolation,
                             "the tombstone's key has no value for \"" + key_names_[k] + "\"");
        }
      }
    }
  } else if (m.payload == nullptr) {
    st = Status::Error(sqlstate::kInvalidTextRepresentation, "empty record value");
  } else if (csv_) {
    st = csv_->Fill(value, &b, &skip);
  } else {
    st = json_->Fill(value, &b);
  }
  if (st.ok() && !skip) {
    for (int c : include_partition_) (void)b.SetInt(c, m.partition);
    for (int c : include_offset_) (void)b.SetInt(c, m.offset);
    if (!include_timestamp_.empty()) {
      rd_kafka_timestamp_type_t tt;
      const int64_t ms = rd_kafka_message_timestamp(&m, &tt);
      for (int c : include_timestamp_) {
        if (ms >= 0) {
          b.SetValue(c, Value::Int(types_[c].id, ms * 1000));
        } else {
          b.SetNull(c);
        }
      }
    }
    for (int c : include_key_) {
      if (m.key == nullptr) {
        b.SetNull(c);
      } else if (IsValidUtf8(key)) {
        st = b.SetText(c, key);
      } else {
        st = Status::Error(sqlstate::kCharacterNotInRepertoire,
                           "invalid byte sequence for encoding \"UTF8\" in the record key");
      }
    }
  }
  if (st.ok() && !skip) st = b.Commit(/*check_not_null=*/!is_delete);  // Aborts on error
  else b.Abort();
  if (skip) return Status::OK();
  if (!st.ok()) {
    BadRecord bad;
    bad.partition = m.partition;
    bad.offset = m.offset;
    bad.raw = RawPrefix(m.payload ? value : key);
    bad.error = st.message();
    out->bad.push_back(std::move(bad));
    return Status::OK();
  }
  out->partitions.push_back(m.partition);
  if (key_json_) out->deletes.push_back(is_delete ? 1 : 0);
  return Status::OK();
}

Status KafkaSource::Poll(size_t max_records, int max_wait_ms, Batch* out) {
  out->rows = Chunk(types_);
  out->partitions.clear();
  out->deletes.clear();
  out->next.clear();
  out->records = 0;
  out->bad.clear();
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
        ++out->records;
        out->next[m->partition] = m->offset + 1;
        KAPPA_RETURN_IF_ERROR(DecodeRecord(*m, out));
      }
      rd_kafka_message_destroy(m);
    }
    if (n == 0) break;  // waited until the deadline
  }
  return Status::OK();
}

Status KafkaSource::RefreshPartitions(int timeout_ms) {
  int partitions = 0;
  KAPPA_RETURN_IF_ERROR(
      TopicPartitions(h_->rk, h_->rkt, topic_, options_.bootstrap, timeout_ms, &partitions));
  if (partitions > partition_count_) {
    // New partitions: read them from their first record.
    rd_kafka_topic_partition_list_t* list =
        rd_kafka_topic_partition_list_new(partitions - partition_count_);
    for (int32_t p = partition_count_; p < partitions; ++p) {
      rd_kafka_topic_partition_list_add(list, topic_.c_str(), p)->offset =
          RD_KAFKA_OFFSET_BEGINNING;
    }
    rd_kafka_error_t* err = rd_kafka_incremental_assign(h_->rk, list);
    rd_kafka_topic_partition_list_destroy(list);
    if (err) {
      Status st = Status::Error(kUnreachable, std::string("kafka assign of new partitions: ") +
                                                  rd_kafka_error_string(err));
      rd_kafka_error_destroy(err);
      return st;
    }
    partition_count_ = partitions;
  }
  return Status::OK();
}

KafkaSource::Progress KafkaSource::CurrentProgress(const Offsets& next) const {
  Progress p;
  p.partitions = partition_count_;
  int64_t lag = 0;
  bool known = false;
  for (int32_t i = 0; i < partition_count_; ++i) {
    int64_t lo = -1, hi = -1;
    if (rd_kafka_get_watermark_offsets(h_->rk, topic_.c_str(), i, &lo, &hi) !=
            RD_KAFKA_RESP_ERR_NO_ERROR || hi < 0) {
      continue;
    }
    known = true;
    auto it = next.find(i);
    const int64_t pos = it != next.end() ? it->second : std::max<int64_t>(lo, 0);
    lag += std::max<int64_t>(0, hi - pos);
  }
  p.lag = known ? lag : -1;
  return p;
}

}  // namespace kappa
