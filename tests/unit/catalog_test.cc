#include "sql/catalog.h"

#include <doctest/doctest.h>
#include <stdlib.h>

#include <filesystem>

#include "storage/store.h"

namespace kappa {
namespace {

struct CatalogTempDir {
  std::string path;
  CatalogTempDir() {
    char tmpl[] = "/tmp/kappa-catalog-test-XXXXXX";
    REQUIRE(mkdtemp(tmpl) != nullptr);
    path = tmpl;
  }
  ~CatalogTempDir() { std::filesystem::remove_all(path); }
};

TableInfo Table(const std::string& name) {
  TableInfo t;
  t.name = name;
  t.columns.push_back({"id", DataType(TypeId::kInt32), true, ""});
  t.columns.push_back({"Name", DataType::Varchar(20), false, "'x'"});
  t.primary_key = {0};
  return t;
}

TableInfo Full() {
  TableInfo t;
  t.id = 16400;
  t.schema = "public";
  t.name = "bids";
  t.kind = RelationKind::kMaterializedView;
  t.columns.push_back({"price", DataType::Numeric(10, 2), true, "0.00"});
  t.columns.push_back({"ts", DataType(TypeId::kTimestamp), false, ""});
  t.columns.push_back({"note", DataType::Varchar(5), false, ""});
  t.columns.push_back({std::string("we\0ird", 6), DataType(TypeId::kInterval), false, ""});
  t.primary_key = {2, 0};
  t.append_only = true;
  t.watermark_column = 1;
  t.watermark_sql = "ts - INTERVAL '5 seconds'";
  t.options = {{"connector", "kafka"}, {"topic", "bids"}, {"empty", ""}};
  t.format = "PLAIN";
  t.encode = "JSON";
  t.definition_sql = "SELECT price, ts FROM bid";
  t.emit_on_window_close = true;
  t.depends_on = {16385, 16390};
  return t;
}

void CheckSame(const TableInfo& a, const TableInfo& b) {
  CHECK(a.id == b.id);
  CHECK(a.schema == b.schema);
  CHECK(a.name == b.name);
  CHECK(a.kind == b.kind);
  REQUIRE(a.columns.size() == b.columns.size());
  for (size_t i = 0; i < a.columns.size(); ++i) {
    CHECK(a.columns[i].name == b.columns[i].name);
    CHECK(a.columns[i].type == b.columns[i].type);
    CHECK(a.columns[i].not_null == b.columns[i].not_null);
    CHECK(a.columns[i].default_sql == b.columns[i].default_sql);
  }
  CHECK(a.primary_key == b.primary_key);
  CHECK(a.append_only == b.append_only);
  CHECK(a.watermark_column == b.watermark_column);
  CHECK(a.watermark_sql == b.watermark_sql);
  CHECK(a.options == b.options);
  CHECK(a.format == b.format);
  CHECK(a.encode == b.encode);
  CHECK(a.definition_sql == b.definition_sql);
  CHECK(a.emit_on_window_close == b.emit_on_window_close);
  CHECK(a.depends_on == b.depends_on);
}

std::unique_ptr<Catalog> LoadOrDie(Store* store) {
  auto c = Catalog::Load(store);
  REQUIRE_MESSAGE(c.ok(), c.status().ToString());
  return std::move(c).value();
}

TEST_CASE("Serialize and Deserialize keep every TableInfo field") {
  TableInfo t = Full();
  auto back = Catalog::Deserialize(Catalog::Serialize(t));
  REQUIRE_MESSAGE(back.ok(), back.status().ToString());
  CheckSame(t, *back);

  TableInfo minimal;
  minimal.id = 1;
  minimal.name = "m";
  auto m = Catalog::Deserialize(Catalog::Serialize(minimal));
  REQUIRE(m.ok());
  CheckSame(minimal, *m);
}

TEST_CASE("Deserialize skips fields it does not know and rejects malformed bytes") {
  std::string bytes = Catalog::Serialize(Full());
  std::string newer = bytes;
  newer += '\x63';  // tag 99
  newer += '\x03';
  newer += "abc";
  auto back = Catalog::Deserialize(newer);
  REQUIRE(back.ok());
  CheckSame(Full(), *back);

  for (size_t len : {size_t{0}, size_t{1}, bytes.size() / 2, bytes.size() - 1}) {
    auto r = Catalog::Deserialize(bytes.substr(0, len));
    CHECK_FALSE(r.ok());
    CHECK(r.status().sqlstate() == "XX001");
  }
  std::string future = bytes;
  future[0] = 2;
  CHECK(Catalog::Deserialize(future).status().sqlstate() == "XX001");
}

TEST_CASE("Create assigns user OIDs above 16384 and rejects a duplicate name with 42P07") {
  CatalogTempDir tmp;
  auto store = std::move(Store::Open(tmp.path)).value();
  auto catalog = LoadOrDie(store.get());
  auto a = catalog->Create(Table("a"));
  REQUIRE(a.ok());
  CHECK((*a)->id == 16385);
  CHECK((*a)->schema == "public");
  auto b = catalog->Create(Table("b"));
  REQUIRE(b.ok());
  CHECK((*b)->id == 16386);
  auto dup = catalog->Create(Table("a"));
  REQUIRE_FALSE(dup.ok());
  CHECK(dup.status().sqlstate() == "42P07");
  CHECK(dup.status().message() == "relation \"a\" already exists");
  CHECK(catalog->Create(Table("A")).ok());  // names are case-sensitive as stored
}

TEST_CASE("created and dropped relations persist across reopening, and ids are never reused") {
  CatalogTempDir tmp;
  uint64_t dropped_id;
  {
    auto store = std::move(Store::Open(tmp.path)).value();
    auto catalog = LoadOrDie(store.get());
    REQUIRE(catalog->Create(Full()).ok());
    auto t = catalog->Create(Table("t"));
    REQUIRE(t.ok());
    dropped_id = (*t)->id;
    REQUIRE(catalog->Create(Table("u")).ok());
    REQUIRE(catalog->Drop(dropped_id).ok());
  }
  auto store = std::move(Store::Open(tmp.path)).value();
  auto catalog = LoadOrDie(store.get());
  auto snap = catalog->Snapshot();
  CHECK(snap->Find("", "t") == nullptr);
  CHECK(snap->FindById(dropped_id) == nullptr);
  REQUIRE(snap->Find("", "u") != nullptr);
  auto bids = snap->Find("public", "bids");
  REQUIRE(bids != nullptr);
  TableInfo expected = Full();
  expected.id = bids->id;
  CheckSame(expected, *bids);
  CHECK(snap->All().size() == 2);
  auto again = catalog->Create(Table("t"));
  REQUIRE(again.ok());
  CHECK((*again)->id > dropped_id);
}

TEST_CASE("Drop of an unknown id fails with 42P01") {
  CatalogTempDir tmp;
  auto store = std::move(Store::Open(tmp.path)).value();
  auto catalog = LoadOrDie(store.get());
  Status st = catalog->Drop(99999);
  CHECK(st.sqlstate() == "42P01");
  CHECK(st.message() == "relation with OID 99999 does not exist");
}

TEST_CASE("a snapshot taken before DDL keeps seeing the old catalog") {
  CatalogTempDir tmp;
  auto store = std::move(Store::Open(tmp.path)).value();
  auto catalog = LoadOrDie(store.get());
  auto t = catalog->Create(Table("t"));
  REQUIRE(t.ok());
  auto before = catalog->Snapshot();
  REQUIRE(catalog->Drop((*t)->id).ok());
  REQUIRE(catalog->Create(Table("v")).ok());
  CHECK(before->Find("", "t") != nullptr);
  CHECK(before->Find("", "v") == nullptr);
  auto after = catalog->Snapshot();
  CHECK(after->Find("", "t") == nullptr);
  CHECK(after->Find("", "v") != nullptr);
}

TEST_CASE("Find searches pg_catalog then public, and an explicit schema only there") {
  CatalogTempDir tmp;
  auto store = std::move(Store::Open(tmp.path)).value();
  auto catalog = LoadOrDie(store.get());
  TableInfo sys;
  sys.id = 1259;
  sys.schema = "pg_catalog";
  sys.name = "pg_class";
  sys.columns.push_back({"oid", DataType(TypeId::kInt64), true, ""});
  REQUIRE(catalog->RegisterSystem(sys).ok());
  TableInfo sys2 = sys;
  sys2.id = 1247;
  sys2.name = "pg_type";
  REQUIRE(catalog->RegisterSystem(sys2).ok());
  CHECK(catalog->RegisterSystem(sys).sqlstate() == "42P07");

  auto snap = catalog->Snapshot();
  REQUIRE(snap->Find("", "pg_class") != nullptr);
  CHECK(snap->Find("", "pg_class")->kind == RelationKind::kSystem);
  CHECK(snap->Find("pg_catalog", "pg_class")->id == 1259);
  CHECK(snap->Find("public", "pg_class") == nullptr);
  CHECK(snap->Find("", "PG_CLASS") == nullptr);

  auto user = catalog->Create(Table("pg_type"));  // cannot hide pg_catalog's
  REQUIRE(user.ok());
  snap = catalog->Snapshot();
  CHECK(snap->Find("", "pg_type")->id == 1247);
  CHECK(snap->Find("public", "pg_type")->id == (*user)->id);
  CHECK(snap->Find("pg_catalog", "pg_type")->id == 1247);
  CHECK(snap->FindById(1259)->name == "pg_class");
  CHECK(catalog->Drop(1259).sqlstate() == "42501");

  // System relations are not persisted.
  catalog.reset();
  catalog = LoadOrDie(store.get());
  CHECK(catalog->Snapshot()->Find("", "pg_class") == nullptr);
  CHECK(catalog->Snapshot()->Find("", "pg_type") != nullptr);
}

TEST_CASE("FindColumn matches names exactly and Types lists the column types") {
  TableInfo t = Table("t");
  CHECK(t.FindColumn("id") == 0);
  CHECK(t.FindColumn("Name") == 1);
  CHECK(t.FindColumn("name") == -1);
  CHECK(t.FindColumn("missing") == -1);
  CHECK(t.Types() == std::vector<DataType>{DataType(TypeId::kInt32), DataType::Varchar(20)});
}

}  // namespace
}  // namespace kappa
