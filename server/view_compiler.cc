#include "server/view_compiler.h"

#include "executor/function_registry.h"
#include "planner/watermark_analysis.h"
#include "sql/parse/parser.h"

namespace kappa {

namespace {

constexpr const char* kInView = "a materialized view";

Status CheckDeterministic(const LogicalPlan& p) {
  auto all = [](const std::vector<BoundExprPtr>& v) -> Status {
    for (const auto& e : v) {
      if (e) KAPPA_RETURN_IF_ERROR(CheckDeterministic(*e, kInView));
    }
    return Status::OK();
  };
  if (p.predicate) KAPPA_RETURN_IF_ERROR(CheckDeterministic(*p.predicate, kInView));
  KAPPA_RETURN_IF_ERROR(all(p.exprs));
  KAPPA_RETURN_IF_ERROR(all(p.left_keys));
  KAPPA_RETURN_IF_ERROR(all(p.right_keys));
  KAPPA_RETURN_IF_ERROR(all(p.group_exprs));
  KAPPA_RETURN_IF_ERROR(all(p.partition_exprs));
  for (const auto& a : p.aggregates) {
    if (a.arg) KAPPA_RETURN_IF_ERROR(CheckDeterministic(*a.arg, kInView));
    if (a.arg2) KAPPA_RETURN_IF_ERROR(CheckDeterministic(*a.arg2, kInView));
    if (a.filter) KAPPA_RETURN_IF_ERROR(CheckDeterministic(*a.filter, kInView));
  }
  for (const auto& k : p.sort_keys) KAPPA_RETURN_IF_ERROR(CheckDeterministic(*k.expr, kInView));
  for (const auto& row : p.values) KAPPA_RETURN_IF_ERROR(all(row));
  for (const auto& c : p.children) KAPPA_RETURN_IF_ERROR(CheckDeterministic(*c));
  return Status::OK();
}

}  // namespace

Result<BoundQuery> BindViewDefinition(std::string_view sql, CatalogSnapshotPtr catalog) {
  KAPPA_ASSIGN_OR_RETURN(std::vector<ast::StatementPtr> stmts, ParseSql(sql));
  if (stmts.size() != 1 || stmts[0]->kind != ast::StmtKind::kSelect) {
    return Status::Error(sqlstate::kInvalidObjectDefinition,
                         "a materialized view is defined by one SELECT");
  }
  BindContext ctx;
  ctx.catalog = std::move(catalog);
  KAPPA_ASSIGN_OR_RETURN(BoundQuery q,
                         BindQuery(*static_cast<const ast::SelectStatement&>(*stmts[0]).select,
                                   ctx));
  if (!ctx.param_types.empty()) {
    return Status::Error(sqlstate::kInvalidObjectDefinition,
                         "a materialized view cannot use parameters ($1)");
  }
  KAPPA_RETURN_IF_ERROR(CheckDeterministic(*q.plan));
  return q;
}

Result<std::unique_ptr<Dataflow>> BuildViewDataflow(const LogicalPlan& plan,
                                                    bool emit_on_window_close, Store* store,
                                                    CatalogSnapshotPtr catalog) {
  if (emit_on_window_close) KAPPA_RETURN_IF_ERROR(CheckEmitOnWindowClose(plan, *catalog));
  ExecContext ctx;
  ctx.store = store;
  ctx.catalog = catalog;
  ctx.view_mode = true;
  ctx.emit_on_window_close = emit_on_window_close;
  ctx.bind_watermark = [catalog](const TableInfo& t) -> Result<BoundExprPtr> {
    BindContext bc;
    bc.catalog = catalog;
    return BindWatermark(t, bc);
  };
  return BuildDataflow(plan, ctx);
}

Result<std::unique_ptr<Dataflow>> CompileView(const TableInfo& view, Store* store,
                                              CatalogSnapshotPtr catalog) {
  KAPPA_ASSIGN_OR_RETURN(BoundQuery q, BindViewDefinition(view.definition_sql, catalog));
  std::vector<DataType> types = q.plan->Types();
  std::vector<DataType> want = view.Types();
  bool same = types.size() == want.size();
  for (size_t i = 0; same && i < types.size(); ++i) same = types[i].id == want[i].id;
  if (!same) {
    return Status::Error(sqlstate::kDataCorrupted, "the definition of materialized view \"" +
                                                       view.name +
                                                       "\" no longer matches its columns");
  }
  return BuildViewDataflow(*q.plan, view.emit_on_window_close, store, catalog);
}

}  // namespace kappa
