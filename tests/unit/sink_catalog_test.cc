// Sinks in the catalog: kind kSink persists, shares the relations' namespace,
// and is invisible to Find()/All() (binding treats a sink as absent).
#include <doctest/doctest.h>
#include <stdlib.h>

#include <filesystem>

#include "sql/catalog.h"
#include "storage/store.h"

namespace kappa {
namespace {

struct SinkTempDir {
  std::string path;
  SinkTempDir() {
    char tmpl[] = "/tmp/kappa-sink-catalog-test-XXXXXX";
    REQUIRE(mkdtemp(tmpl) != nullptr);
    path = tmpl;
  }
  ~SinkTempDir() { std::filesystem::remove_all(path); }
};

TEST_CASE("sink catalog entries: persisted, found only by FindSink, names shared") {
  SinkTempDir dir;
  uint64_t view_id = 0;
  {
    auto store = Store::Open(dir.path);
    REQUIRE(store.ok());
    auto catalog = Catalog::Load(store->get());
    REQUIRE(catalog.ok());
    TableInfo v;
    v.name = "v";
    v.kind = RelationKind::kMaterializedView;
    v.columns.push_back({"k", DataType(TypeId::kInt32), false, ""});
    auto created = (*catalog)->Create(v);
    REQUIRE(created.ok());
    view_id = (*created)->id;
    TableInfo s;
    s.name = "s";
    s.kind = RelationKind::kSink;
    s.columns = v.columns;
    s.primary_key = {0};
    s.depends_on = {view_id};
    s.options = {{"connector", "kafka"}, {"topic", "t"}};
    s.format = "UPSERT";
    s.encode = "JSON";
    REQUIRE((*catalog)->Create(s).ok());
    TableInfo clash;
    clash.name = "s";
    CHECK((*catalog)->Create(clash).status().sqlstate() == "42P07");
  }
  auto store = Store::Open(dir.path);
  REQUIRE(store.ok());
  auto catalog = Catalog::Load(store->get());
  REQUIRE(catalog.ok());
  CatalogSnapshotPtr snap = (*catalog)->Snapshot();
  CHECK(snap->Find("", "s") == nullptr);
  CHECK(snap->Find("public", "s") == nullptr);
  TableInfoPtr s = snap->FindSink("public", "s");
  REQUIRE(s != nullptr);
  CHECK(s->kind == RelationKind::kSink);
  CHECK(s->depends_on == std::vector<uint64_t>{view_id});
  CHECK(s->format == "UPSERT");
  CHECK(snap->FindById(s->id) == s);
  CHECK(snap->All().size() == 1);  // the view only
  CHECK(snap->Sinks().size() == 1);
  REQUIRE((*catalog)->Drop(s->id).ok());
  CHECK((*catalog)->Snapshot()->FindSink("", "s") == nullptr);
}

}  // namespace
}  // namespace kappa
