// SELECT and EXPLAIN.
#include "planner/logical_plan.h"
#include "server/database.h"
#include "server/statement_executor.h"
#include "server/view_compiler.h"
#include "sql/binder/binder.h"

namespace kappa {

Result<StatementResult> StatementExecutor::ExecSelect(const ast::SelectStatement& stmt) {
  return ExecQuery(*stmt.select);
}

Result<StatementResult> StatementExecutor::ExecQuery(const ast::SelectStmt& select) {
  BindContext ctx;
  ctx.catalog = catalog_;
  ctx.param_types = param_types_;
  ctx.param_values = params_;
  KAPPA_ASSIGN_OR_RETURN(BoundQuery q, BindQuery(select, ctx));
  param_types_ = ctx.param_types;
  StatementResult r;
  r.returns_rows = true;
  for (const auto& c : q.plan->columns) r.columns.push_back({c.name, c.type});
  KAPPA_ASSIGN_OR_RETURN(r.chunks, RunPlan(*q.plan));
  r.tag = "SELECT " + std::to_string(CountRows(r.chunks));
  return r;
}

StatementResult StatementExecutor::ExplainText(const std::string& text) {
  StatementResult r;
  r.returns_rows = true;
  r.columns = {{"QUERY PLAN", DataType(TypeId::kText)}};
  Chunk out({DataType(TypeId::kText)});
  size_t start = 0;
  while (start < text.size()) {
    size_t nl = text.find('\n', start);
    if (nl == std::string::npos) nl = text.size();
    if (nl > start) out.AppendRow({Value::String(text.substr(start, nl - start))});
    start = nl + 1;
  }
  r.tag = "EXPLAIN";
  r.chunks.push_back(std::move(out));
  return r;
}

std::string StatementExecutor::IndentLines(const std::string& text) {
  std::string out;
  size_t start = 0;
  while (start < text.size()) {
    size_t nl = text.find('\n', start);
    if (nl == std::string::npos) nl = text.size();
    out += "  " + text.substr(start, nl - start) + "\n";
    start = nl + 1;
  }
  return out;
}

Result<StatementResult> StatementExecutor::ExecExplain(const ast::ExplainStatement& stmt) {
  if (stmt.target && stmt.target->kind == ast::StmtKind::kCreateMaterializedView) {
    return ExplainCreateMaterializedView(
        static_cast<const ast::CreateViewStatement&>(*stmt.target));
  }
  if (!stmt.target || stmt.target->kind != ast::StmtKind::kSelect) {
    return Status::NotSupported(
        "EXPLAIN supports SELECT and CREATE MATERIALIZED VIEW statements only", stmt.location);
  }
  BindContext ctx;
  ctx.catalog = catalog_;
  ctx.param_types = param_types_;
  ctx.param_values = params_;
  KAPPA_ASSIGN_OR_RETURN(
      BoundQuery q, BindQuery(*static_cast<const ast::SelectStatement&>(*stmt.target).select, ctx));
  // The incremental dataflow this query would run as in a view; queries a
  // view cannot express (ORDER BY without LIMIT, window functions) show
  // their logical plan.
  Result<std::unique_ptr<Dataflow>> df =
      ctx.param_types.empty()
          ? BuildViewDataflow(*q.plan, false, session_->db->store(), catalog_)
          : Result<std::unique_ptr<Dataflow>>(Status::NotSupported("parameters"));
  if (df.ok()) return ExplainText((*df)->Explain());
  return ExplainText(q.plan->ToString());
}

}  // namespace kappa
