#include "storage/table_log.h"

#include <doctest/doctest.h>
#include <rocksdb/db.h>
#include <rocksdb/write_batch.h>
#include <stdlib.h>

#include <atomic>
#include <filesystem>
#include <thread>

#include "storage/key_codec.h"
#include "storage/store.h"

namespace kappa {
namespace {

struct LogTempDir {
  std::string path;
  LogTempDir() {
    char tmpl[] = "/tmp/kappa-log-test-XXXXXX";
    REQUIRE(mkdtemp(tmpl) != nullptr);
    path = tmpl;
  }
  ~LogTempDir() { std::filesystem::remove_all(path); }
};

std::unique_ptr<Store> OpenStore(const std::string& dir) {
  auto store = Store::Open(dir);
  REQUIRE_MESSAGE(store.ok(), store.status().ToString());
  return std::move(store).value();
}

const std::vector<DataType> kTypes = {DataType(TypeId::kInt64), DataType(TypeId::kText)};

Chunk Rows(int64_t first, int n, int64_t weight = 1) {
  Chunk c(kTypes);
  for (int i = 0; i < n; ++i) {
    c.AppendRow({Value::Int(TypeId::kInt64, first + i),
                 Value::String("row " + std::to_string(first + i))},
                weight);
  }
  return c;
}

uint64_t AppendOk(Store& store, uint64_t table, const Chunk& c) {
  auto seq = store.log().Append(table, c);
  REQUIRE_MESSAGE(seq.ok(), seq.status().ToString());
  return *seq;
}

struct Scanned {
  std::vector<int64_t> ids;
  std::vector<int64_t> weights;
  std::vector<size_t> chunk_rows;
  std::vector<uint64_t> last_seqs;
};

Scanned ScanAll(Store& store, uint64_t table, uint64_t from = 1,
                uint64_t to = std::numeric_limits<uint64_t>::max()) {
  Scanned s;
  Status st = store.log().Scan(table, kTypes, from, to, [&](Chunk&& c, uint64_t last) {
    s.chunk_rows.push_back(c.num_rows);
    s.last_seqs.push_back(last);
    for (size_t r = 0; r < c.num_rows; ++r) {
      s.ids.push_back(c.columns[0].ints[r]);
      CHECK(c.columns[1].strings[r] == "row " + std::to_string(c.columns[0].ints[r]));
      s.weights.push_back(c.weights[r]);
    }
    return Status::OK();
  });
  REQUIRE_MESSAGE(st.ok(), st.ToString());
  return s;
}

TEST_CASE("sequence numbers start at 1 per table and LastSeq follows appends") {
  LogTempDir tmp;
  auto store = OpenStore(tmp.path);
  CHECK(store->log().LastSeq(16385).value() == 0);
  CHECK(AppendOk(*store, 16385, Rows(1, 1)) == 1);
  CHECK(AppendOk(*store, 16385, Rows(2, 3)) == 2);
  CHECK(AppendOk(*store, 16386, Rows(1, 1)) == 1);
  CHECK(store->log().LastSeq(16385).value() == 2);
  CHECK(store->log().LastSeq(16386).value() == 1);
  CHECK(store->log().LastSeq(16384).value() == 0);
}

TEST_CASE("LastSeq and the entries are recovered after reopening") {
  LogTempDir tmp;
  {
    auto store = OpenStore(tmp.path);
    for (int i = 0; i < 10; ++i) AppendOk(*store, 7, Rows(i, 1, i % 2 ? -1 : 1));
    AppendOk(*store, 8, Rows(100, 2));
  }
  auto store = OpenStore(tmp.path);
  CHECK(store->log().LastSeq(7).value() == 10);
  CHECK(store->log().LastSeq(8).value() == 1);
  CHECK(store->log().LastSeq(6).value() == 0);
  CHECK(store->log().LastSeq(9).value() == 0);
  CHECK(AppendOk(*store, 7, Rows(10, 1)) == 11);
  Scanned s = ScanAll(*store, 7);
  REQUIRE(s.ids.size() == 11);
  for (int i = 0; i < 10; ++i) {
    CHECK(s.ids[i] == i);
    CHECK(s.weights[i] == (i % 2 ? -1 : 1));
  }
}

TEST_CASE("Scan concatenates small entries into chunks of kChunkRows rows") {
  LogTempDir tmp;
  auto store = OpenStore(tmp.path);
  const int kEntries = 5000;
  for (int i = 0; i < kEntries; ++i) AppendOk(*store, 1, Rows(i, 1));
  Scanned s = ScanAll(*store, 1);
  REQUIRE(s.ids.size() == kEntries);
  for (int i = 0; i < kEntries; ++i) CHECK(s.ids[i] == i);
  REQUIRE(s.chunk_rows.size() == 3);
  CHECK(s.chunk_rows[0] == kChunkRows);
  CHECK(s.chunk_rows[1] == kChunkRows);
  CHECK(s.chunk_rows[2] == kEntries - 2 * kChunkRows);
  CHECK(s.last_seqs[0] == kChunkRows);
  CHECK(s.last_seqs[1] == 2 * kChunkRows);
  CHECK(s.last_seqs[2] == kEntries);
}

TEST_CASE("Scan ships pending rows before an entry that would overflow the chunk") {
  LogTempDir tmp;
  auto store = OpenStore(tmp.path);
  AppendOk(*store, 1, Rows(0, 10));       // seq 1
  AppendOk(*store, 1, Rows(10, 5000));    // seq 2: bigger than a chunk, kept whole
  AppendOk(*store, 1, Rows(5010, 3));     // seq 3
  Scanned s = ScanAll(*store, 1);
  REQUIRE(s.chunk_rows.size() == 3);
  CHECK(s.chunk_rows[0] == 10);
  CHECK(s.last_seqs[0] == 1);
  CHECK(s.chunk_rows[1] == 5000);
  CHECK(s.last_seqs[1] == 2);
  CHECK(s.chunk_rows[2] == 3);
  CHECK(s.last_seqs[2] == 3);
  for (size_t i = 0; i < s.ids.size(); ++i) CHECK(s.ids[i] == static_cast<int64_t>(i));
}

TEST_CASE("Scan returns only entries within [from_seq, to_seq]") {
  LogTempDir tmp;
  auto store = OpenStore(tmp.path);
  for (int i = 1; i <= 10; ++i) AppendOk(*store, 3, Rows(i, 1));
  AppendOk(*store, 4, Rows(99, 1));
  Scanned s = ScanAll(*store, 3, 4, 6);
  CHECK(s.ids == std::vector<int64_t>{4, 5, 6});
  CHECK(s.last_seqs == std::vector<uint64_t>{6});
  CHECK(ScanAll(*store, 3, 0, 2).ids == std::vector<int64_t>{1, 2});
  CHECK(ScanAll(*store, 3, 10, 100).ids == std::vector<int64_t>{10});
  CHECK(ScanAll(*store, 3, 7, 6).ids.empty());
  CHECK(ScanAll(*store, 3, 11).ids.empty());
}

TEST_CASE("Scan stops at the first error of the callback and returns it") {
  LogTempDir tmp;
  auto store = OpenStore(tmp.path);
  for (int i = 0; i < 3000; ++i) AppendOk(*store, 1, Rows(i, 1));
  int calls = 0;
  Status st = store->log().Scan(1, kTypes, 1, 3000, [&](Chunk&&, uint64_t) {
    ++calls;
    return Status::Error(sqlstate::kQueryCanceled, "stop");
  });
  CHECK(st.sqlstate() == "57014");
  CHECK(calls == 1);
}

TEST_CASE("Drop deletes one table's log and later appends start again at 1") {
  LogTempDir tmp;
  auto store = OpenStore(tmp.path);
  for (int i = 0; i < 5; ++i) {
    AppendOk(*store, 10, Rows(i, 2));
    AppendOk(*store, 11, Rows(i, 1));
    AppendOk(*store, 9, Rows(i, 1));
  }
  REQUIRE(store->log().Drop(10).ok());
  CHECK(store->log().LastSeq(10).value() == 0);
  CHECK(ScanAll(*store, 10).ids.empty());
  CHECK(ScanAll(*store, 11).ids.size() == 5);
  CHECK(ScanAll(*store, 9).ids.size() == 5);
  CHECK(AppendOk(*store, 10, Rows(0, 1)) == 1);
  store.reset();
  store = OpenStore(tmp.path);
  CHECK(store->log().LastSeq(10).value() == 1);
  CHECK(store->log().LastSeq(11).value() == 5);
}

TEST_CASE("a scan running beside appends sees a consistent prefix of the log") {
  LogTempDir tmp;
  auto store = OpenStore(tmp.path);
  std::atomic<bool> done{false};
  std::thread writer([&] {
    for (int i = 0; i < 300; ++i) AppendOk(*store, 5, Rows(i * 2, 2));
    done = true;
  });
  int scans = 0;
  while (!done || scans == 0) {
    Scanned s = ScanAll(*store, 5);
    // Entries are whole and in order: ids 0..2k-1 for k entries.
    for (size_t i = 0; i < s.ids.size(); ++i) REQUIRE(s.ids[i] == static_cast<int64_t>(i));
    CHECK(s.ids.size() % 2 == 0);
    if (!s.last_seqs.empty()) CHECK(s.last_seqs.back() * 2 == s.ids.size());
    ++scans;
  }
  writer.join();
  CHECK(ScanAll(*store, 5).ids.size() == 600);
}

TEST_CASE("concurrent appends to different tables are all numbered and kept") {
  LogTempDir tmp;
  auto store = OpenStore(tmp.path);
  std::vector<std::thread> threads;
  for (uint64_t t = 1; t <= 4; ++t) {
    threads.emplace_back([&, t] {
      for (int i = 0; i < 50; ++i) CHECK(AppendOk(*store, t, Rows(i, 1)) == uint64_t(i + 1));
    });
  }
  for (auto& th : threads) th.join();
  for (uint64_t t = 1; t <= 4; ++t) CHECK(ScanAll(*store, t).ids.size() == 50);
}

TEST_CASE("a corrupt log entry is reported as XX001 with its sequence number") {
  LogTempDir tmp;
  auto store = OpenStore(tmp.path);
  AppendOk(*store, 2, Rows(0, 1));
  std::string key;
  PutBigEndian64(2, &key);
  PutBigEndian64(2, &key);
  REQUIRE(store->db()->Put(rocksdb::WriteOptions(), store->log_cf(), key, "\x07garbage").ok());
  Status st = store->log().Scan(2, kTypes, 1, 10, [](Chunk&&, uint64_t) { return Status::OK(); });
  CHECK(st.sqlstate() == "XX001");
  CHECK(st.message().find("log entry 2 of table 2") != std::string::npos);
}


TEST_CASE("Append commits the extra writes atomically with the entry, or nothing") {
  LogTempDir dir;
  {
    auto store = OpenStore(dir.path);
    auto seq = store->log().Append(7, Rows(1, 2), [&](uint64_t s, rocksdb::WriteBatch* b) {
      CHECK(s == 1);
      b->Put(store->meta_cf(), "test/extra", "seq " + std::to_string(s));
      return Status::OK();
    });
    REQUIRE(seq.ok());
    CHECK(*seq == 1);
    // A failing extra writes nothing: no entry, no extra key.
    auto bad = store->log().Append(7, Rows(3, 1), [&](uint64_t, rocksdb::WriteBatch* b) {
      b->Put(store->meta_cf(), "test/bad", "x");
      return Status::Error("XX000", "extra failed");
    });
    CHECK_FALSE(bad.ok());
    CHECK(bad.status().message() == "extra failed");
  }
  auto store = OpenStore(dir.path);
  CHECK(store->log().LastSeq(7).value() == 1);
  std::string v;
  CHECK(store->db()->Get(rocksdb::ReadOptions(), store->meta_cf(), "test/extra", &v).ok());
  CHECK(v == "seq 1");
  CHECK(store->db()->Get(rocksdb::ReadOptions(), store->meta_cf(), "test/bad", &v).IsNotFound());
  CHECK(ScanAll(*store, 7).ids == std::vector<int64_t>{1, 2});
  // The next append takes seq 2 (the failed one consumed nothing).
  CHECK(AppendOk(*store, 7, Rows(3, 1)) == 2);
}

}  // namespace
}  // namespace kappa
