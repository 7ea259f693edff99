#include "server/database.h"

#include <map>

#include "server/connector_runner.h"
#include "server/logging.h"
#include "server/session.h"
#include "server/system_tables.h"
#include "server/view_compiler.h"
#include "server/view_engine.h"
#include "server/table_writer.h"
#include "sql/catalog.h"
#include "storage/store.h"

namespace kappa {

struct Database::Impl {
  std::unique_ptr<Store> store;
  std::unique_ptr<Catalog> catalog;
  std::mutex writers_mu;
  std::map<uint64_t, std::shared_ptr<TableWriter>> writers;  // GUARDED_BY(writers_mu)
  std::mutex ddl_mu;
  std::unique_ptr<ViewEngine> views;
  std::unique_ptr<ConnectorRunner> connectors;
  std::map<uint64_t, SystemTable> system;  // by id
};

Database::Database() : impl_(std::make_unique<Impl>()) {}
Database::~Database() {
  // Connectors, the engine, writers and catalog hold raw Store pointers:
  // release them first (connectors first: they write into tables).
  if (impl_->connectors) impl_->connectors->StopAll();
  impl_->connectors.reset();
  if (impl_->views) impl_->views->Stop();
  impl_->views.reset();
  impl_->writers.clear();
  impl_->catalog.reset();
  impl_->store.reset();
}

Result<std::unique_ptr<Database>> Database::Open(const DatabaseOptions& options) {
  std::unique_ptr<Database> db(new Database());
  KAPPA_ASSIGN_OR_RETURN(db->impl_->store, Store::Open(options.data_dir));
  KAPPA_ASSIGN_OR_RETURN(db->impl_->catalog, Catalog::Load(db->impl_->store.get()));
  for (SystemTable& t : AllSystemTables()) {
    KAPPA_RETURN_IF_ERROR(db->impl_->catalog->RegisterSystem(t.info));
    uint64_t id = t.info.id;
    db->impl_->system.emplace(id, std::move(t));
  }
  Store* store = db->impl_->store.get();
  db->impl_->views = std::make_unique<ViewEngine>(
      store, db->impl_->catalog.get(),
      [store](const TableInfo& view, CatalogSnapshotPtr snap) {
        return CompileView(view, store, std::move(snap));
      });
  KAPPA_RETURN_IF_ERROR(db->impl_->views->Start());
  db->impl_->connectors = std::make_unique<ConnectorRunner>(db.get());
  for (const TableInfoPtr& t : db->impl_->catalog->Snapshot()->All()) {
    if (t->kind != RelationKind::kTable || ConnectorOf(*t).empty()) continue;
    Status st = db->impl_->connectors->Start(t);
    if (!st.ok()) {
      LogLine(LogLevel::kWarning, "connector of table \"" + t->name + "\" not started: " +
                                      st.message());
    }
  }
  return db;
}

std::unique_ptr<Session> Database::NewSession(const std::string& user,
                                              const std::string& database) {
  return std::make_unique<Session>(this, user, database);
}

Store* Database::store() { return impl_->store.get(); }
Catalog* Database::catalog() { return impl_->catalog.get(); }
ViewEngine* Database::views() { return impl_->views.get(); }
ConnectorRunner* Database::connectors() { return impl_->connectors.get(); }

Result<std::vector<Chunk>> Database::SystemRows(const TableInfo& table) {
  auto it = impl_->system.find(table.id);
  if (it == impl_->system.end()) return std::vector<Chunk>();
  return it->second.rows(*this);
}
std::mutex& Database::ddl_mutex() { return impl_->ddl_mu; }

std::shared_ptr<TableWriter> Database::Writer(const std::shared_ptr<const TableInfo>& table) {
  std::lock_guard<std::mutex> lock(impl_->writers_mu);
  auto& w = impl_->writers[table->id];
  if (!w) w = std::make_shared<TableWriter>(impl_->store.get(), table);
  return w;
}

void Database::DropWriter(uint64_t table_id) {
  std::lock_guard<std::mutex> lock(impl_->writers_mu);
  impl_->writers.erase(table_id);
}

}  // namespace kappa
