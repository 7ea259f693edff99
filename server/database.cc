#include "server/database.h"

#include <map>

#include "executor/functions/catalog_functions.h"
#include "server/connector_runner.h"
#include "server/logging.h"
#include "server/privileges.h"
#include "server/session.h"
#include "server/sink_runner.h"
#include "server/system_tables.h"
#include "server/view_compiler.h"
#include "server/view_engine.h"
#include "server/table_writer.h"
#include "sql/catalog.h"
#include "sql/role_catalog.h"
#include "storage/store.h"

namespace kappa {

struct Database::Impl {
  std::unique_ptr<Store> store;
  std::unique_ptr<Catalog> catalog;
  std::unique_ptr<RoleCatalog> roles;
  std::mutex writers_mu;
  std::map<uint64_t, std::shared_ptr<TableWriter>> writers;  // GUARDED_BY(writers_mu)
  std::mutex ddl_mu;
  std::unique_ptr<ViewEngine> views;
  std::unique_ptr<ConnectorRunner> connectors;
  std::unique_ptr<SinkRunner> sinks;
  std::map<uint64_t, SystemTable> system;  // by id
};

Database::Database() : impl_(std::make_unique<Impl>()) {}
Database::~Database() {
  // Connectors, the engine, writers and catalog hold raw Store pointers:
  // release them first (connectors first: they write into tables).
  if (impl_->connectors) impl_->connectors->StopAll();
  impl_->connectors.reset();
  if (impl_->sinks) impl_->sinks->StopAll();
  impl_->sinks.reset();
  if (impl_->views) impl_->views->Stop();
  impl_->views.reset();
  impl_->writers.clear();
  ClearCatalogForFunctions(impl_->catalog.get());
  InstallPrivilegeFunctions(nullptr);
  impl_->catalog.reset();
  impl_->roles.reset();
  impl_->store.reset();
}

Result<std::unique_ptr<Database>> Database::Open(const DatabaseOptions& options) {
  std::unique_ptr<Database> db(new Database());
  KAPPA_ASSIGN_OR_RETURN(db->impl_->store, Store::Open(options.data_dir));
  KAPPA_ASSIGN_OR_RETURN(db->impl_->catalog, Catalog::Load(db->impl_->store.get()));
  KAPPA_ASSIGN_OR_RETURN(db->impl_->roles, RoleCatalog::Load(db->impl_->store.get()));
  for (SystemTable& t : AllSystemTables()) {
    KAPPA_RETURN_IF_ERROR(db->impl_->catalog->RegisterSystem(t.info));
    uint64_t id = t.info.id;
    db->impl_->system.emplace(id, std::move(t));
  }
  SetCatalogForFunctions(db->impl_->catalog.get(), db->impl_->roles.get());
  InstallPrivilegeFunctions(db.get());
  Store* store = db->impl_->store.get();
  db->impl_->views = std::make_unique<ViewEngine>(
      store, db->impl_->catalog.get(),
      [store](const TableInfo& view, CatalogSnapshotPtr snap) {
        return CompileView(view, store, std::move(snap));
      });
  // Sinks attach to their views before the engine's first epoch.
  db->impl_->sinks = std::make_unique<SinkRunner>(store, db->impl_->catalog.get(),
                                                  db->impl_->views.get());
  db->impl_->sinks->AttachAtStart();
  KAPPA_RETURN_IF_ERROR(db->impl_->views->Start());
  db->impl_->sinks->StartAll(nullptr);
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
SinkRunner* Database::sinks() { return impl_->sinks.get(); }
RoleCatalog* Database::roles() { return impl_->roles.get(); }

Result<std::vector<Chunk>> Database::SystemRows(const TableInfo& table) {
  return SystemRows(table, "kappa", "kappa");
}

Result<std::vector<Chunk>> Database::SystemRows(const TableInfo& table, const std::string& user,
                                                const std::string& database) {
  auto it = impl_->system.find(table.id);
  if (it == impl_->system.end()) return std::vector<Chunk>();
  if (it->second.session_rows) {
    SystemScanContext ctx;
    ctx.user = user;
    ctx.database = database;
    return it->second.session_rows(*this, ctx);
  }
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
