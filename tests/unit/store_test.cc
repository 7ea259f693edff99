#include "storage/store.h"

#include <doctest/doctest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <set>
#include <thread>

namespace kappa {
namespace {

// A fresh directory under /tmp, removed at the end of the test.
struct TempDir {
  std::string path;
  TempDir() {
    char tmpl[] = "/tmp/kappa-store-test-XXXXXX";
    REQUIRE(mkdtemp(tmpl) != nullptr);
    path = tmpl;
  }
  ~TempDir() { std::filesystem::remove_all(path); }
};

std::unique_ptr<Store> OpenOrDie(const std::string& dir) {
  auto store = Store::Open(dir);
  REQUIRE_MESSAGE(store.ok(), store.status().ToString());
  return std::move(store).value();
}

TEST_CASE("Open creates a missing data directory and records the owner's pid in LOCK") {
  TempDir tmp;
  std::string dir = tmp.path + "/nested/data";
  auto store = OpenOrDie(dir);
  CHECK(std::filesystem::is_directory(dir + "/db"));
  std::ifstream lock(dir + "/LOCK");
  std::string pid;
  lock >> pid;
  CHECK(pid == std::to_string(getpid()));
  CHECK(store->catalog_cf() != nullptr);
  CHECK(store->log_cf() != nullptr);
  CHECK(store->meta_cf() != nullptr);
  CHECK(store->state_cf() != nullptr);
}

TEST_CASE("a second Open of a data directory in use fails with 55P03 naming the owner") {
  TempDir tmp;
  auto first = OpenOrDie(tmp.path);
  auto second = Store::Open(tmp.path);
  REQUIRE_FALSE(second.ok());
  CHECK(second.status().sqlstate() == "55P03");
  CHECK(second.status().message() == "data directory \"" + tmp.path +
                                         "\" is in use by another kappadb server (pid " +
                                         std::to_string(getpid()) + ")");
  first.reset();  // closing releases the lock
  auto third = Store::Open(tmp.path);
  CHECK(third.ok());
}

TEST_CASE("catalog entries persist across reopening and scan by prefix in key order") {
  TempDir tmp;
  {
    auto store = OpenOrDie(tmp.path);
    REQUIRE(store->PutCatalog("rel/02", "two").ok());
    REQUIRE(store->PutCatalog("rel/01", "one").ok());
    REQUIRE(store->PutCatalog("rel/03", "three").ok());
    REQUIRE(store->PutCatalog("other/01", "x").ok());
    REQUIRE(store->DeleteCatalog("rel/03").ok());
  }
  auto store = OpenOrDie(tmp.path);
  auto rows = store->ScanCatalog("rel/");
  REQUIRE(rows.ok());
  REQUIRE(rows->size() == 2);
  CHECK((*rows)[0] == std::make_pair(std::string("rel/01"), std::string("one")));
  CHECK((*rows)[1] == std::make_pair(std::string("rel/02"), std::string("two")));
  auto all = store->ScanCatalog("");
  REQUIRE(all.ok());
  CHECK(all->size() == 3);
  auto none = store->ScanCatalog("zzz");
  REQUIRE(none.ok());
  CHECK(none->empty());
}

TEST_CASE("NextId counts from 1 per counter and continues after reopening") {
  TempDir tmp;
  {
    auto store = OpenOrDie(tmp.path);
    CHECK(store->NextId("relation").value() == 1);
    CHECK(store->NextId("relation").value() == 2);
    CHECK(store->NextId("other").value() == 1);
  }
  auto store = OpenOrDie(tmp.path);
  CHECK(store->NextId("relation").value() == 3);
  CHECK(store->NextId("other").value() == 2);
}

TEST_CASE("NextId hands out distinct ids to concurrent callers") {
  TempDir tmp;
  auto store = OpenOrDie(tmp.path);
  std::vector<std::vector<uint64_t>> got(4);
  std::vector<std::thread> threads;
  for (int t = 0; t < 4; ++t) {
    threads.emplace_back([&, t] {
      for (int i = 0; i < 25; ++i) got[t].push_back(store->NextId("c").value());
    });
  }
  for (auto& th : threads) th.join();
  std::set<uint64_t> all;
  for (auto& v : got) all.insert(v.begin(), v.end());
  CHECK(all.size() == 100);
  CHECK(*all.begin() == 1);
  CHECK(*all.rbegin() == 100);
}

}  // namespace
}  // namespace kappa
