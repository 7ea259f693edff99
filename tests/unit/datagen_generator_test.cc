#include <doctest/doctest.h>

#include <set>

#include "executor/datagen_generator.h"

namespace kappa {
namespace {

TableInfo Table(std::vector<std::pair<std::string, TypeId>> cols,
                std::vector<std::pair<std::string, std::string>> options) {
  TableInfo t;
  t.name = "g";
  for (auto& [n, ty] : cols) {
    ColumnInfo c;
    c.name = n;
    c.type = DataType(ty);
    t.columns.push_back(c);
  }
  t.options = {{"connector", "datagen"}};
  for (auto& o : options) t.options.push_back(o);
  return t;
}

TEST_CASE("datagen rows are a function of their position") {
  auto g = DatagenGenerator::Create(Table({{"id", TypeId::kInt64}, {"k", TypeId::kInt32},
                                           {"s", TypeId::kText}, {"ts", TypeId::kTimestamp}},
                                          {{"fields.id.kind", "sequence"},
                                           {"fields.id.start", "100"},
                                           {"fields.k.min", "3"},
                                           {"fields.k.max", "7"},
                                           {"fields.s.length", "4"},
                                           {"fields.ts.max_past", "10s"}}));
  REQUIRE(g.ok());
  const int64_t now = 1'700'000'000'000'000;
  Chunk all = g->Generate(0, 1000, now);
  REQUIRE(all.num_rows == 1000);
  for (size_t r = 0; r < all.num_rows; ++r) {
    CHECK(all.columns[0].ints[r] == 100 + static_cast<int64_t>(r));
    CHECK(all.columns[1].ints[r] >= 3);
    CHECK(all.columns[1].ints[r] <= 7);
    CHECK(all.columns[2].strings[r].size() == 4);
    CHECK(all.columns[3].ints[r] <= now);
    CHECK(all.columns[3].ints[r] >= now - 10'000'000);
    CHECK(all.weights[r] == 1);
  }
  // Every value of k in [3, 7] shows up; rows 500.. generated alone are the same rows.
  std::set<int64_t> ks(all.columns[1].ints.begin(), all.columns[1].ints.end());
  CHECK(ks == std::set<int64_t>{3, 4, 5, 6, 7});
  Chunk tail = g->Generate(500, 10, now);
  for (size_t r = 0; r < 10; ++r) {
    CHECK(tail.columns[0].ints[r] == all.columns[0].ints[500 + r]);
    CHECK(tail.columns[1].ints[r] == all.columns[1].ints[500 + r]);
    CHECK(tail.columns[2].strings[r] == all.columns[2].strings[500 + r]);
  }
}

TEST_CASE("datagen stops at a sequence's end and at datagen.rows") {
  auto g = DatagenGenerator::Create(
      Table({{"id", TypeId::kInt32}}, {{"fields.id.kind", "sequence"}, {"fields.id.end", "5"}}));
  REQUIRE(g.ok());
  CHECK(g->Remaining(0) == 5);
  CHECK(g->Generate(3, 100, 0).num_rows == 2);
  CHECK(g->Remaining(5) == 0);
  auto h = DatagenGenerator::Create(Table({{"x", TypeId::kFloat64}}, {{"datagen.rows", "7"}}));
  REQUIRE(h.ok());
  CHECK(h->Remaining(0) == 7);
  auto u = DatagenGenerator::Create(Table({{"x", TypeId::kFloat64}}, {}));
  REQUIRE(u.ok());
  CHECK(u->Remaining(123) == UINT64_MAX);
  CHECK(u->rows_per_second() == 10);
}

TEST_CASE("datagen option errors") {
  auto code = [](std::vector<std::pair<std::string, TypeId>> cols,
                 std::vector<std::pair<std::string, std::string>> opts) {
    auto g = DatagenGenerator::Create(Table(std::move(cols), std::move(opts)));
    return g.ok() ? std::string("ok") : g.status().sqlstate();
  };
  CHECK(code({{"a", TypeId::kInt32}}, {{"fields.b.kind", "random"}}) == "42703");
  CHECK(code({{"a", TypeId::kInt32}}, {{"fields.a.kind", "sequencex"}}) == "22023");
  CHECK(code({{"a", TypeId::kText}}, {{"fields.a.kind", "sequence"}}) == "22023");
  CHECK(code({{"a", TypeId::kInt32}}, {{"datagen.rows.per.second", "fast"}}) == "22023");
  CHECK(code({{"a", TypeId::kInt32}}, {{"fields.a.min", "9"}, {"fields.a.max", "1"}}) == "22023");
  CHECK(code({{"a", TypeId::kInt32}}, {{"fields.a.max_past", "5s"}}) == "22023");
  CHECK(code({{"a", TypeId::kInt32}}, {{"topic", "x"}}) == "42601");
  CHECK(code({{"t", TypeId::kTimestamp}}, {{"fields.t.max_past", "2 minutes"}}) == "ok");
}

}  // namespace
}  // namespace kappa
