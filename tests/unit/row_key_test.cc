#include <doctest/doctest.h>

#include <cmath>
#include <random>
#include <unordered_map>

#include "executor/row_key.h"
#include "tests/unit/operator_test_util.h"

namespace kappa {
namespace {

using namespace optest;

bool SameKey(const Column& col, size_t a, size_t b, KeyMode mode) {
  EncodedKeys k;
  EncodeKeys({&col}, col.size(), mode, &k);
  return k.Key(a) == k.Key(b) && k.hashes[a] == k.hashes[b];
}

TEST_CASE("semantic keys follow SQL equality, exact keys row identity") {
  Column d(kNumeric);
  d.Append(D("1.0"));
  d.Append(D("1.00"));
  d.Append(D("1.01"));
  CHECK(SameKey(d, 0, 1, KeyMode::kSemantic));
  CHECK_FALSE(SameKey(d, 0, 1, KeyMode::kExact));
  CHECK_FALSE(SameKey(d, 0, 2, KeyMode::kSemantic));

  Column f(kFloat8);
  f.Append(F(0.0));
  f.Append(F(-0.0));
  f.Append(F(std::nan("")));
  f.Append(F(-std::nan("1")));
  CHECK(SameKey(f, 0, 1, KeyMode::kSemantic));
  CHECK(SameKey(f, 2, 3, KeyMode::kSemantic));
  CHECK(SameKey(f, 2, 3, KeyMode::kExact));

  Column iv(kIntervalT);
  iv.Append(Iv(0, 1, 0));
  iv.Append(Iv(0, 0, 86400LL * 1000000));
  iv.Append(Iv(1, 0, 0));
  iv.Append(Iv(0, 30, 0));
  CHECK(SameKey(iv, 0, 1, KeyMode::kSemantic));
  CHECK(SameKey(iv, 2, 3, KeyMode::kSemantic));
  CHECK_FALSE(SameKey(iv, 2, 3, KeyMode::kExact));
}

TEST_CASE("NULL keys are equal to each other and flagged") {
  Column a(kInt8), b(kText);
  a.Append(Null(TypeId::kInt64));
  a.Append(Null(TypeId::kInt64));
  a.Append(I(0));
  b.Append(T(""));
  b.Append(T(""));
  b.Append(T(""));
  EncodedKeys k;
  EncodeKeys({&a, &b}, 3, KeyMode::kSemantic, &k);
  CHECK(k.Key(0) == k.Key(1));
  CHECK(k.Key(0) != k.Key(2));  // NULL differs from 0
  CHECK(k.has_null == std::vector<uint8_t>{1, 1, 0});
}

TEST_CASE("string keys cannot run into the next column") {
  Column a(kText), b(kText);
  a.Append(T("ab"));
  b.Append(T("c"));
  a.Append(T("a"));
  b.Append(T("bc"));
  EncodedKeys k;
  EncodeKeys({&a, &b}, 2, KeyMode::kSemantic, &k);
  CHECK(k.Key(0) != k.Key(1));
}

TEST_CASE("the key table agrees with a reference map through inserts and erases") {
  KeyTable table;
  std::unordered_map<std::string, uint32_t> ref;
  std::mt19937 rng(1);
  for (int step = 0; step < 200000; ++step) {
    std::string key = "k" + std::to_string(rng() % 5000);
    uint64_t h = HashBytes(key.data(), key.size());
    if (rng() % 3 == 0) {
      uint32_t id = table.Find(key, h);
      auto it = ref.find(key);
      REQUIRE((id == kNoId) == (it == ref.end()));
      if (it != ref.end()) {
        REQUIRE(id == it->second);
        table.Erase(id);
        ref.erase(it);
      }
    } else {
      bool inserted;
      uint32_t id = table.FindOrInsert(key, h, &inserted);
      auto it = ref.find(key);
      REQUIRE(inserted == (it == ref.end()));
      if (inserted) {
        ref[key] = id;
      } else {
        REQUIRE(id == it->second);
      }
      REQUIRE(table.Key(id) == key);
    }
  }
  CHECK(table.size() == ref.size());
  // Ids are reused: never more ids than distinct keys at once.
  CHECK(table.id_limit() <= 5000);
}

TEST_CASE("the row multiset consolidates and orders rows by their last insertion") {
  const std::vector<DataType> t = {kInt8, kText};
  RowMultiset set(t, KeyMode::kExact, 1, /*erase_at_zero=*/true);
  set.Add(MakeChunk(t, {{I(1), T("a")}, {I(2), T("b")}, {I(1), T("a")}}), 0, nullptr, nullptr,
          nullptr);
  set.Add(MakeChunk(t, {{I(1), T("a")}, {I(2), T("b")}, {I(2), T("b")}}, {-2, -1, 1}), 0,
          nullptr, nullptr, nullptr);
  auto ids = set.LiveIdsInOrder();
  REQUIRE(ids.size() == 1);
  CHECK(RowText(set.rows(), ids[0]) == "2|b");
  CHECK(set.count(ids[0]) == 1);
  set.Add(MakeChunk(t, {{I(1), T("a")}}), 0, nullptr, nullptr, nullptr);
  ids = set.LiveIdsInOrder();
  REQUIRE(ids.size() == 2);
  CHECK(RowText(set.rows(), ids[1]) == "1|a");
}

}  // namespace
}  // namespace kappa
