// View compiler: turns a materialized view's definition into its dataflow
// (view mode of planner/physical_planner.h). Used by CREATE MATERIALIZED
// VIEW, EXPLAIN and by the engine when it restores views after a restart
// (from the SQL text kept in the catalog, re-bound against the catalog).
#pragma once

#include <memory>
#include <string_view>

#include "common/status.h"
#include "planner/physical_planner.h"
#include "sql/binder/binder.h"
#include "sql/catalog.h"

namespace kappa {

class Store;

// Parses and binds a view's defining query (one SELECT).
Result<BoundQuery> BindViewDefinition(std::string_view sql, CatalogSnapshotPtr catalog);

// Builds the view-mode dataflow of `plan`; checks EMIT ON WINDOW CLOSE.
Result<std::unique_ptr<Dataflow>> BuildViewDataflow(const LogicalPlan& plan,
                                                    bool emit_on_window_close, Store* store,
                                                    CatalogSnapshotPtr catalog);

// Both, for a view in the catalog; checks that the columns still match.
Result<std::unique_ptr<Dataflow>> CompileView(const TableInfo& view, Store* store,
                                              CatalogSnapshotPtr catalog);

}  // namespace kappa
