// kafka_bench_produce: a fast librdkafka producer for bench/kafka_bench.py.
//
//   kafka_bench_produce --bootstrap HOST:PORT --topic T [--records N] [--start I]
//                       [--keys K] [--stdin] [--rate R] [--probe]
//                       [--compression none|lz4|zstd|gzip|snappy]
//   kafka_bench_produce --bootstrap HOST:PORT --topic T --watermarks
//
//   --records N   generate N records (default 1,000,000) with ids START..START+N-1
//   --start I     the first id (default 0)
//   --keys K      k = id % K (default 100,000)
//   --stdin       instead of generating: one record value per line of stdin
//                 (no key; empty lines skipped)
//   --rate R      at most R records per second (default 0: as fast as possible)
//   --probe       latency probes: every record carries "sent_us" (wall-clock
//                 microseconds since 1970 when it was handed to librdkafka)
//                 and k = -1 - id (a key no bulk record has); with --rate
//   --compression C  librdkafka's compression.codec (default none)
//   --watermarks  produce nothing: print the topic's offsets summed over its
//                 partitions, {"partitions": P, "low": L, "high": H}; the mock
//                 broker keeps only ~5 MiB per partition and drops the oldest
//                 records beyond that, so L > 0 means records were lost
//
// A generated record (about 150 bytes of JSON; the message key is the id):
//   {"id": 17, "k": 17, "v": 629, "ts": "2024-01-01 00:00:00.017",
//    "name": "name-0000000017-abcdefghijklmnopqrstuvwxyz", "ok": false}
// where v = (id * 37) % 100000 (so sum(v) per key is checkable) and ts
// advances 1 ms per id from 2024-01-01 00:00:00.
//
// Contract: acks=1, linger.ms=20 (0 with --rate), large batches, no
// idempotence, compression as --compression. Waits until every record is delivered (flush), then
// prints one JSON line on stdout:
//   {"records": N, "delivered": N, "failed": F, "bytes": B, "seconds": S,
//    "records_per_s": R}
// (bytes: the values' bytes, before compression).
// Exit 0 when every record was delivered, 1 otherwise (errors on stderr).
#include <librdkafka/rdkafka.h>

#include <chrono>
#include <cinttypes>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <iostream>
#include <string>
#include <thread>

namespace {

struct Options {
  std::string bootstrap;
  std::string topic;
  int64_t records = 1'000'000;
  int64_t start = 0;
  int64_t keys = 100'000;
  bool from_stdin = false;
  double rate = 0;
  bool probe = false;
  bool watermarks = false;
  std::string compression = "none";
};

struct Counters {
  int64_t delivered = 0;
  int64_t failed = 0;
  std::string first_error;
};

void OnDelivery(rd_kafka_t*, const rd_kafka_message_t* msg, void* opaque) {
  auto* c = static_cast<Counters*>(opaque);
  if (msg->err == RD_KAFKA_RESP_ERR_NO_ERROR) {
    ++c->delivered;
  } else {
    if (c->failed++ == 0) c->first_error = rd_kafka_err2str(msg->err);
  }
}

int Usage(const char* why) {
  std::fprintf(stderr, "kafka_bench_produce: %s\n", why);
  std::fprintf(stderr,
               "usage: kafka_bench_produce --bootstrap HOST:PORT --topic T [--records N] "
               "[--start I] [--keys K] [--stdin] [--rate R] [--probe] [--compression C]\n"
               "       kafka_bench_produce --bootstrap HOST:PORT --topic T --watermarks\n");
  return 2;
}

bool ParseI64(const char* s, int64_t* out) {
  char* end = nullptr;
  long long v = std::strtoll(s, &end, 10);
  if (end == s || *end != '\0' || v < 0) return false;
  *out = v;
  return true;
}

int64_t NowMicros() {
  return std::chrono::duration_cast<std::chrono::microseconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

// Writes the JSON value of record `id` into buf; returns its length.
int FormatRecord(char* buf, size_t cap, int64_t id, const Options& o) {
  int64_t ms = id;  // ts advances 1 ms per id
  int64_t sec = ms / 1000;
  int64_t day = sec / 86400;
  int64_t sod = sec % 86400;
  // 2024-01-01 + day, kept within January..December of 2024 by wrapping the day (366 days).
  static const int kDays[12] = {31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  int64_t d = day % 366;
  int month = 0;
  while (d >= kDays[month]) d -= kDays[month++];
  int64_t k = o.probe ? -1 - id : id % o.keys;
  int64_t v = (id * 37) % 100000;
  if (o.probe) {
    return std::snprintf(buf, cap,
                         "{\"id\": %" PRId64 ", \"k\": %" PRId64 ", \"v\": %" PRId64
                         ", \"ts\": \"2024-%02d-%02d %02d:%02d:%02d.%03d\", \"name\": \"probe\", "
                         "\"sent_us\": %" PRId64 "}",
                         id, k, v, month + 1, static_cast<int>(d) + 1,
                         static_cast<int>(sod / 3600), static_cast<int>(sod / 60 % 60),
                         static_cast<int>(sod % 60), static_cast<int>(ms % 1000), NowMicros());
  }
  return std::snprintf(buf, cap,
                       "{\"id\": %" PRId64 ", \"k\": %" PRId64 ", \"v\": %" PRId64
                       ", \"ts\": \"2024-%02d-%02d %02d:%02d:%02d.%03d\", "
                       "\"name\": \"name-%010" PRId64 "-abcdefghijklmnopqrstuvwxyz\", \"ok\": %s}",
                       id, k, v, month + 1, static_cast<int>(d) + 1,
                       static_cast<int>(sod / 3600), static_cast<int>(sod / 60 % 60),
                       static_cast<int>(sod % 60), static_cast<int>(ms % 1000), id,
                       id % 2 == 0 ? "true" : "false");
}

// --watermarks: the topic's low and high offsets summed over its partitions.
int PrintWatermarks(rd_kafka_t* rk, const std::string& topic) {
  rd_kafka_topic_t* rkt = rd_kafka_topic_new(rk, topic.c_str(), nullptr);
  const rd_kafka_metadata_t* md = nullptr;
  rd_kafka_resp_err_t e = rd_kafka_metadata(rk, 0, rkt, &md, 10'000);
  rd_kafka_topic_destroy(rkt);
  if (e != RD_KAFKA_RESP_ERR_NO_ERROR || md->topic_cnt != 1 || md->topics[0].err) {
    std::fprintf(stderr, "kafka_bench_produce: metadata of %s: %s\n", topic.c_str(),
                 rd_kafka_err2str(e != RD_KAFKA_RESP_ERR_NO_ERROR ? e : md->topics[0].err));
    if (md != nullptr) rd_kafka_metadata_destroy(md);
    return 1;
  }
  int partitions = md->topics[0].partition_cnt;
  int64_t low_sum = 0, high_sum = 0;
  for (int i = 0; i < partitions; ++i) {
    int64_t low = 0, high = 0;
    e = rd_kafka_query_watermark_offsets(rk, topic.c_str(), md->topics[0].partitions[i].id, &low,
                                         &high, 10'000);
    if (e != RD_KAFKA_RESP_ERR_NO_ERROR) {
      std::fprintf(stderr, "kafka_bench_produce: watermarks: %s\n", rd_kafka_err2str(e));
      rd_kafka_metadata_destroy(md);
      return 1;
    }
    low_sum += low;
    high_sum += high;
  }
  rd_kafka_metadata_destroy(md);
  std::printf("{\"partitions\": %d, \"low\": %" PRId64 ", \"high\": %" PRId64 "}\n", partitions,
              low_sum, high_sum);
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  Options o;
  for (int i = 1; i < argc; ++i) {
    std::string a = argv[i];
    auto next = [&]() -> const char* { return i + 1 < argc ? argv[++i] : nullptr; };
    const char* v = nullptr;
    if (a == "--stdin") {
      o.from_stdin = true;
    } else if (a == "--probe") {
      o.probe = true;
    } else if (a == "--watermarks") {
      o.watermarks = true;
    } else if (a == "--compression") {
      if (!(v = next())) return Usage("--compression needs a value");
      o.compression = v;
    } else if (a == "--bootstrap") {
      if (!(v = next())) return Usage("--bootstrap needs a value");
      o.bootstrap = v;
    } else if (a == "--topic") {
      if (!(v = next())) return Usage("--topic needs a value");
      o.topic = v;
    } else if (a == "--records") {
      if (!(v = next()) || !ParseI64(v, &o.records)) return Usage("bad --records");
    } else if (a == "--start") {
      if (!(v = next()) || !ParseI64(v, &o.start)) return Usage("bad --start");
    } else if (a == "--keys") {
      if (!(v = next()) || !ParseI64(v, &o.keys) || o.keys == 0) return Usage("bad --keys");
    } else if (a == "--rate") {
      if (!(v = next())) return Usage("--rate needs a value");
      o.rate = std::atof(v);
      if (o.rate < 0) return Usage("bad --rate");
    } else {
      return Usage(("unknown argument " + a).c_str());
    }
  }
  if (o.bootstrap.empty() || o.topic.empty()) return Usage("--bootstrap and --topic are needed");

  char err[512];
  rd_kafka_conf_t* conf = rd_kafka_conf_new();
  Counters counters;
  const bool paced = o.rate > 0;
  const char* settings[][2] = {
      {"bootstrap.servers", o.bootstrap.c_str()},
      {"acks", "1"},
      {"linger.ms", paced ? "0" : "20"},
      {"batch.num.messages", "100000"},
      {"batch.size", "4000000"},
      {"queue.buffering.max.messages", "1000000"},
      {"queue.buffering.max.kbytes", "1048576"},
      {"enable.idempotence", "false"},
      {"compression.codec", o.compression.c_str()},
  };
  for (auto& kv : settings) {
    if (rd_kafka_conf_set(conf, kv[0], kv[1], err, sizeof(err)) != RD_KAFKA_CONF_OK) {
      std::fprintf(stderr, "kafka_bench_produce: %s=%s: %s\n", kv[0], kv[1], err);
      rd_kafka_conf_destroy(conf);
      return 1;
    }
  }
  rd_kafka_conf_set_dr_msg_cb(conf, OnDelivery);
  rd_kafka_conf_set_opaque(conf, &counters);
  rd_kafka_t* rk = rd_kafka_new(RD_KAFKA_PRODUCER, conf, err, sizeof(err));
  if (rk == nullptr) {
    std::fprintf(stderr, "kafka_bench_produce: %s\n", err);
    rd_kafka_conf_destroy(conf);
    return 1;
  }
  if (o.watermarks) {
    int rc = PrintWatermarks(rk, o.topic);
    rd_kafka_destroy(rk);
    return rc;
  }
  rd_kafka_topic_t* rkt = rd_kafka_topic_new(rk, o.topic.c_str(), nullptr);

  auto t0 = std::chrono::steady_clock::now();
  int64_t produced = 0;
  int64_t bytes = 0;
  char buf[512];
  char keybuf[32];
  std::string line;
  auto produce = [&](const char* value, size_t len, const char* key, size_t keylen) {
    while (true) {
      if (rd_kafka_produce(rkt, RD_KAFKA_PARTITION_UA, RD_KAFKA_MSG_F_COPY,
                           const_cast<char*>(value), len, key, keylen, nullptr) == 0) {
        break;
      }
      rd_kafka_resp_err_t e = rd_kafka_last_error();
      if (e != RD_KAFKA_RESP_ERR__QUEUE_FULL) {
        std::fprintf(stderr, "kafka_bench_produce: produce: %s\n", rd_kafka_err2str(e));
        return false;
      }
      rd_kafka_poll(rk, 10);  // the local queue is full: serve delivery reports
    }
    ++produced;
    bytes += static_cast<int64_t>(len);
    if ((produced & 1023) == 0) rd_kafka_poll(rk, 0);
    return true;
  };
  bool ok = true;
  if (o.from_stdin) {
    while (ok && std::getline(std::cin, line)) {
      if (line.empty()) continue;
      ok = produce(line.data(), line.size(), nullptr, 0);
      if (o.rate > 0) {
        auto due = t0 + std::chrono::duration<double>(produced / o.rate);
        std::this_thread::sleep_until(due);
      }
    }
  } else {
    for (int64_t i = 0; ok && i < o.records; ++i) {
      int64_t id = o.start + i;
      if (paced) {
        auto due = t0 + std::chrono::duration<double>(i / o.rate);
        std::this_thread::sleep_until(due);
      }
      int n = FormatRecord(buf, sizeof(buf), id, o);
      int kn = std::snprintf(keybuf, sizeof(keybuf), "%" PRId64, id);
      ok = produce(buf, static_cast<size_t>(n), keybuf, static_cast<size_t>(kn));
    }
  }
  rd_kafka_resp_err_t ferr = rd_kafka_flush(rk, 120'000);
  double secs = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  if (ferr != RD_KAFKA_RESP_ERR_NO_ERROR) {
    std::fprintf(stderr, "kafka_bench_produce: flush: %s (%d still queued)\n",
                 rd_kafka_err2str(ferr), rd_kafka_outq_len(rk));
    ok = false;
  }
  if (counters.failed > 0) {
    std::fprintf(stderr, "kafka_bench_produce: %" PRId64 " records failed, first: %s\n",
                 counters.failed, counters.first_error.c_str());
    ok = false;
  }
  std::printf("{\"records\": %" PRId64 ", \"delivered\": %" PRId64 ", \"failed\": %" PRId64
              ", \"bytes\": %" PRId64 ", \"seconds\": %.3f, \"records_per_s\": %.0f}\n",
              produced, counters.delivered, counters.failed, bytes, secs,
              secs > 0 ? counters.delivered / secs : 0.0);
  std::fflush(stdout);
  rd_kafka_topic_destroy(rkt);
  rd_kafka_destroy(rk);
  return ok && counters.delivered == produced ? 0 : 1;
}
