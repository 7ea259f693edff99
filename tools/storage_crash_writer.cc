// storage_crash_writer: a helper for tests/e2e/test_storage_crash.py, which
// kill -9s it mid-write and then checks that every acknowledged append
// survived.
//
//   storage_crash_writer write DIR [THREADS] [MAX]
//       Appends single-row entries (id = seq, mixed column types) to the
//       logs of tables 16385 .. 16385+THREADS-1, one writer thread per
//       table, and prints "ack TABLE SEQ" after each Append returns (that
//       is, once the entry is durable). Stops after MAX appends per table
//       (default: never).
//   storage_crash_writer verify DIR THREADS
//       Reopens the store, prints "last TABLE SEQ" per table, and checks
//       that entries 1..SEQ are all present and decode to the rows written.
//       Exit 0 and "verified" if so, 1 otherwise.
//   storage_crash_writer hold DIR
//       Opens the store, prints "holding PID", and keeps it open until
//       stdin closes.
//   storage_crash_writer open DIR
//       Tries to open the store; prints the status. Exit 0 if it opened,
//       3 on 55P03 (directory in use), 1 on any other error.
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <iostream>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "common/chunk.h"
#include "storage/store.h"
#include "storage/table_log.h"

namespace kappa {
namespace {

constexpr uint64_t kFirstTable = 16385;

std::vector<DataType> Types() {
  return {DataType(TypeId::kInt64), DataType(TypeId::kText), DataType::Numeric(12, 2),
          DataType(TypeId::kTimestamp), DataType(TypeId::kFloat64), DataType(TypeId::kBool)};
}

Chunk RowFor(uint64_t seq) {
  Chunk c(Types());
  int64_t s = static_cast<int64_t>(seq);
  c.AppendRow({Value::Int(TypeId::kInt64, s), Value::String("row " + std::to_string(seq)),
               Value::Dec({s * 101, 2}, DataType::Numeric(12, 2)),
               Value::Int(TypeId::kTimestamp, 1700000000000000 + s),
               seq % 7 == 0 ? Value::Null(DataType(TypeId::kFloat64))
                            : Value::Float(TypeId::kFloat64, s / 4.0),
               Value::Bool(seq % 2 == 0)});
  return c;
}

bool RowMatches(const Chunk& c, size_t r, uint64_t seq) {
  int64_t s = static_cast<int64_t>(seq);
  if (c.weights[r] != 1) return false;
  if (c.columns[0].IsNull(r) || c.columns[0].ints[r] != s) return false;
  if (c.columns[1].strings[r] != "row " + std::to_string(seq)) return false;
  if (c.columns[2].decimals[r].unscaled != s * 101 || c.columns[2].decimals[r].scale != 2) {
    return false;
  }
  if (c.columns[3].ints[r] != 1700000000000000 + s) return false;
  if (seq % 7 == 0) {
    if (!c.columns[4].IsNull(r)) return false;
  } else if (c.columns[4].IsNull(r) || c.columns[4].floats[r] != s / 4.0) {
    return false;
  }
  return c.columns[5].ints[r] == (seq % 2 == 0 ? 1 : 0);
}

std::unique_ptr<Store> OpenOrExit(const std::string& dir) {
  auto store = Store::Open(dir);
  if (!store.ok()) {
    std::printf("error %s\n", store.status().ToString().c_str());
    std::fflush(stdout);
    std::exit(store.status().sqlstate() == sqlstate::kLockNotAvailable ? 3 : 1);
  }
  return std::move(store).value();
}

int Write(const std::string& dir, int threads, uint64_t max) {
  auto store = OpenOrExit(dir);
  std::mutex out_mu;
  std::vector<std::thread> workers;
  for (int t = 0; t < threads; ++t) {
    workers.emplace_back([&, t] {
      uint64_t table = kFirstTable + t;
      auto last = store->log().LastSeq(table);
      if (!last.ok()) std::exit(1);
      for (uint64_t seq = *last + 1; seq <= max; ++seq) {
        auto got = store->log().Append(table, RowFor(seq));
        if (!got.ok() || *got != seq) {
          std::fprintf(stderr, "append failed: %s\n", got.status().ToString().c_str());
          std::exit(1);
        }
        std::lock_guard<std::mutex> lock(out_mu);
        std::printf("ack %llu %llu\n", static_cast<unsigned long long>(table),
                    static_cast<unsigned long long>(seq));
        std::fflush(stdout);
      }
    });
  }
  for (auto& w : workers) w.join();
  return 0;
}

int Verify(const std::string& dir, int threads) {
  auto store = OpenOrExit(dir);
  bool ok = true;
  for (int t = 0; t < threads; ++t) {
    uint64_t table = kFirstTable + t;
    auto last = store->log().LastSeq(table);
    if (!last.ok()) {
      std::printf("error %s\n", last.status().ToString().c_str());
      return 1;
    }
    std::printf("last %llu %llu\n", static_cast<unsigned long long>(table),
                static_cast<unsigned long long>(*last));
    uint64_t expect = 1;
    Status st = store->log().Scan(table, Types(), 1, *last, [&](Chunk&& c, uint64_t) {
      for (size_t r = 0; r < c.num_rows; ++r, ++expect) {
        if (!RowMatches(c, r, expect)) {
          return Status::Error(sqlstate::kDataCorrupted,
                               "entry " + std::to_string(expect) + " has the wrong row");
        }
      }
      return Status::OK();
    });
    if (!st.ok()) {
      std::printf("error table %llu: %s\n", static_cast<unsigned long long>(table),
                  st.ToString().c_str());
      ok = false;
    } else if (expect != *last + 1) {
      std::printf("error table %llu: %llu entries for last seq %llu\n",
                  static_cast<unsigned long long>(table),
                  static_cast<unsigned long long>(expect - 1),
                  static_cast<unsigned long long>(*last));
      ok = false;
    }
  }
  if (ok) std::printf("verified\n");
  return ok ? 0 : 1;
}

int Hold(const std::string& dir) {
  auto store = OpenOrExit(dir);
  std::printf("holding %d\n", static_cast<int>(getpid()));
  std::fflush(stdout);
  std::string line;
  while (std::getline(std::cin, line)) {
  }
  return 0;
}

int TryOpen(const std::string& dir) {
  auto store = OpenOrExit(dir);
  std::printf("opened\n");
  return 0;
}

}  // namespace
}  // namespace kappa

int main(int argc, char** argv) {
  if (argc < 3) {
    std::fprintf(stderr,
                 "usage: %s write DIR [THREADS] [MAX] | verify DIR THREADS | hold DIR | open DIR\n",
                 argv[0]);
    return 2;
  }
  std::string mode = argv[1];
  std::string dir = argv[2];
  int threads = argc > 3 ? std::atoi(argv[3]) : 1;
  if (threads < 1) threads = 1;
  if (mode == "write") {
    uint64_t max = argc > 4 ? std::strtoull(argv[4], nullptr, 10) : UINT64_MAX;
    return kappa::Write(dir, threads, max);
  }
  if (mode == "verify") return kappa::Verify(dir, threads);
  if (mode == "hold") return kappa::Hold(dir);
  if (mode == "open") return kappa::TryOpen(dir);
  std::fprintf(stderr, "unknown mode %s\n", mode.c_str());
  return 2;
}
