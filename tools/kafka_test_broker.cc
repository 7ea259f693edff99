// kafka_test_broker: an in-process Kafka cluster for tests and demos, built on
// librdkafka's mock cluster (rdkafka_mock.h). No JVM, no ZooKeeper.
//
//   kafka_test_broker [--brokers N] [--topic NAME:PARTITIONS ...] [--port-file F]
//
//   --brokers N              number of mock brokers (default 1, at most 16)
//   --topic NAME:PARTITIONS  create topic NAME with PARTITIONS partitions
//                            (repeatable; replication factor min(N, 3))
//   --port-file F            also write the bootstrap string (no newline) to F;
//                            written to F.tmp and renamed, so a reader that
//                            sees F sees all of it
//
// Contract:
//   - On success prints exactly one line "bootstrap=HOST:PORT[,HOST:PORT...]"
//     on stdout (flushed). Everything else (librdkafka's logs, errors) goes to
//     stderr. The brokers listen on 127.0.0.1 only, on ports the OS picks.
//   - Then runs until SIGINT or SIGTERM, destroys the cluster and exits 0.
//   - SIGUSR1 takes every broker down (connections are closed and new ones
//     refused, as when a broker process dies), SIGUSR2 brings them back up
//     with their data: tests use it for "broker stopped and restarted".
//     Each prints "brokers down" / "brokers up" on stderr.
//   - Bad arguments or a failure to start: a message on stderr, exit 1.
//   - Topics not created up front are auto-created, with 4 partitions, by the
//     first Metadata request for them that allows auto-creation (librdkafka
//     2.0.2's mock; checked by hand): a producer's first produce does so, and
//     so do `kcat -C -t T` and `kcat -L -t T` (legacy topic handles). A
//     subscribing consumer has allow.auto.create.topics=false by default and
//     should not. Create topics with --topic to control the partition count.
//   - Data lives in memory only; it is gone when the program exits.
#include <librdkafka/rdkafka.h>
#include <librdkafka/rdkafka_mock.h>
#include <signal.h>

#include <cerrno>
#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>
#include <vector>

namespace {

struct TopicSpec {
  std::string name;
  int partitions = 0;
};

struct Options {
  int brokers = 1;
  std::vector<TopicSpec> topics;
  std::string port_file;
};

constexpr int kMaxBrokers = 16;
constexpr int kMaxPartitions = 10000;

void PrintUsage(FILE* out) {
  std::fprintf(out,
               "usage: kafka_test_broker [--brokers N] [--topic NAME:PARTITIONS ...] "
               "[--port-file FILE]\n");
}

// Parses a whole decimal integer in [lo, hi]; false on anything else.
bool ParseInt(const std::string& s, int lo, int hi, int* out) {
  if (s.empty()) return false;
  errno = 0;
  char* end = nullptr;
  long v = std::strtol(s.c_str(), &end, 10);
  if (errno != 0 || *end != '\0' || v < lo || v > hi) return false;
  *out = static_cast<int>(v);
  return true;
}

// Kafka topic names: 1..249 characters of [a-zA-Z0-9._-], not "." or "..".
bool ValidTopicName(const std::string& name) {
  if (name.empty() || name.size() > 249 || name == "." || name == "..") return false;
  for (char c : name) {
    bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
              c == '.' || c == '_' || c == '-';
    if (!ok) return false;
  }
  return true;
}

// Returns an empty string on success, otherwise the error message.
std::string ParseArgs(int argc, char** argv, Options* opts, bool* help) {
  *help = false;
  for (int i = 1; i < argc; ++i) {
    std::string arg = argv[i];
    std::string value;
    bool has_inline_value = false;
    if (arg.rfind("--", 0) == 0) {
      size_t eq = arg.find('=');
      if (eq != std::string::npos) {
        value = arg.substr(eq + 1);
        arg = arg.substr(0, eq);
        has_inline_value = true;
      }
    }
    if (arg == "-h" || arg == "--help") {
      *help = true;
      return "";
    }
    if (arg != "--brokers" && arg != "--topic" && arg != "--port-file") {
      return "unknown argument '" + std::string(argv[i]) + "'";
    }
    if (!has_inline_value) {
      if (i + 1 >= argc) return arg + " needs a value";
      value = argv[++i];
    }
    if (arg == "--brokers") {
      if (!ParseInt(value, 1, kMaxBrokers, &opts->brokers)) {
        return "--brokers: expected an integer from 1 to " + std::to_string(kMaxBrokers) +
               ", got '" + value + "'";
      }
    } else if (arg == "--topic") {
      size_t colon = value.rfind(':');
      if (colon == std::string::npos) {
        return "--topic: expected NAME:PARTITIONS, got '" + value + "'";
      }
      TopicSpec t;
      t.name = value.substr(0, colon);
      if (!ValidTopicName(t.name)) {
        return "--topic: invalid topic name '" + t.name +
               "' (1 to 249 characters of a-z A-Z 0-9 . _ -)";
      }
      if (!ParseInt(value.substr(colon + 1), 1, kMaxPartitions, &t.partitions)) {
        return "--topic: expected a partition count from 1 to " +
               std::to_string(kMaxPartitions) + ", got '" + value.substr(colon + 1) + "'";
      }
      for (const TopicSpec& other : opts->topics) {
        if (other.name == t.name) return "--topic: topic '" + t.name + "' given twice";
      }
      opts->topics.push_back(std::move(t));
    } else {
      if (value.empty()) return "--port-file: empty file name";
      opts->port_file = value;
    }
  }
  return "";
}

bool WriteFileAtomically(const std::string& path, const std::string& content) {
  std::string tmp = path + ".tmp";
  FILE* f = std::fopen(tmp.c_str(), "w");
  if (f == nullptr) return false;
  bool ok = std::fwrite(content.data(), 1, content.size(), f) == content.size();
  ok = (std::fclose(f) == 0) && ok;
  if (ok) ok = std::rename(tmp.c_str(), path.c_str()) == 0;
  if (!ok) std::remove(tmp.c_str());
  return ok;
}

int Fail(const std::string& message) {
  std::fprintf(stderr, "kafka_test_broker: %s\n", message.c_str());
  return 1;
}

}  // namespace

int main(int argc, char** argv) {
  Options opts;
  bool help = false;
  std::string error = ParseArgs(argc, argv, &opts, &help);
  if (help) {
    PrintUsage(stdout);
    return 0;
  }
  if (!error.empty()) {
    Fail(error);
    PrintUsage(stderr);
    return 1;
  }

  // Block the termination signals before librdkafka starts its threads, so
  // that they are delivered only to sigwait below. The dispositions are reset
  // first: a shell starts background jobs with SIGINT ignored, and an ignored
  // signal is discarded even while blocked.
  std::signal(SIGINT, SIG_DFL);
  std::signal(SIGTERM, SIG_DFL);
  std::signal(SIGUSR1, SIG_DFL);
  std::signal(SIGUSR2, SIG_DFL);
  sigset_t stop_signals;
  sigemptyset(&stop_signals);
  sigaddset(&stop_signals, SIGINT);
  sigaddset(&stop_signals, SIGTERM);
  sigaddset(&stop_signals, SIGUSR1);
  sigaddset(&stop_signals, SIGUSR2);
  if (pthread_sigmask(SIG_BLOCK, &stop_signals, nullptr) != 0) {
    return Fail("cannot block SIGINT/SIGTERM");
  }

  // The mock cluster needs a client handle to run on; a producer configured
  // with nothing else. rd_kafka_new takes ownership of conf on success.
  char errstr[512];
  rd_kafka_conf_t* conf = rd_kafka_conf_new();
  rd_kafka_t* rk = rd_kafka_new(RD_KAFKA_PRODUCER, conf, errstr, sizeof(errstr));
  if (rk == nullptr) {
    rd_kafka_conf_destroy(conf);
    return Fail(std::string("cannot create the librdkafka handle: ") + errstr);
  }
  rd_kafka_mock_cluster_t* cluster = rd_kafka_mock_cluster_new(rk, opts.brokers);
  if (cluster == nullptr) {
    rd_kafka_destroy(rk);
    return Fail("cannot create the mock cluster");
  }

  int replication = opts.brokers < 3 ? opts.brokers : 3;
  for (const TopicSpec& t : opts.topics) {
    rd_kafka_resp_err_t err =
        rd_kafka_mock_topic_create(cluster, t.name.c_str(), t.partitions, replication);
    if (err != RD_KAFKA_RESP_ERR_NO_ERROR) {
      rd_kafka_mock_cluster_destroy(cluster);
      rd_kafka_destroy(rk);
      return Fail("cannot create topic '" + t.name + "': " + rd_kafka_err2str(err));
    }
  }

  std::string bootstrap = rd_kafka_mock_cluster_bootstraps(cluster);
  if (!opts.port_file.empty() && !WriteFileAtomically(opts.port_file, bootstrap)) {
    std::string why = std::strerror(errno);
    rd_kafka_mock_cluster_destroy(cluster);
    rd_kafka_destroy(rk);
    return Fail("cannot write --port-file '" + opts.port_file + "': " + why);
  }
  std::printf("bootstrap=%s\n", bootstrap.c_str());
  std::fflush(stdout);

  int sig = 0;
  while (true) {
    if (sigwait(&stop_signals, &sig) != 0) continue;
    if (sig != SIGUSR1 && sig != SIGUSR2) break;
    for (int id = 1; id <= opts.brokers; ++id) {
      if (sig == SIGUSR1) {
        rd_kafka_mock_broker_set_down(cluster, id);
      } else {
        rd_kafka_mock_broker_set_up(cluster, id);
      }
    }
    std::fprintf(stderr, "kafka_test_broker: brokers %s\n", sig == SIGUSR1 ? "down" : "up");
  }
  std::fprintf(stderr, "kafka_test_broker: got signal %d, stopping\n", sig);

  rd_kafka_mock_cluster_destroy(cluster);
  rd_kafka_destroy(rk);
  return 0;
}
