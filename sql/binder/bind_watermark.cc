// BindWatermark: the WATERMARK FOR col AS <expr> expression of a table,
// bound over the table's row (see sql/binder/binder.h).
#include "sql/binder/binder.h"
#include "executor/function_registry.h"
#include "sql/parse/parser.h"

namespace kappa {

Result<BoundExprPtr> BindWatermark(const TableInfo& table, BindContext& ctx) {
  if (table.watermark_column < 0 ||
      table.watermark_column >= static_cast<int>(table.columns.size())) {
    return Status::Internal("table \"" + table.name + "\" has no WATERMARK");
  }
  const ColumnInfo& col = table.columns[table.watermark_column];
  if (table.watermark_sql.empty()) {
    return Status::Internal("WATERMARK expression text missing");
  }
  // The text is one expression: parse it as the target of a SELECT.
  Result<std::vector<ast::StatementPtr>> stmts = ParseSql("SELECT " + table.watermark_sql);
  if (!stmts.ok()) return Status(stmts.status()).WithoutPosition();
  if (stmts->size() != 1 || (*stmts)[0]->kind != ast::StmtKind::kSelect) {
    return Status::Error(sqlstate::kSyntaxError, "invalid WATERMARK expression \"" +
                                                     table.watermark_sql + "\"");
  }
  const auto& sel = static_cast<const ast::SelectStatement&>(*(*stmts)[0]);
  if (!sel.select || sel.select->targets.size() != 1 || !sel.select->from.empty() ||
      sel.select->where || !sel.select->targets[0].expr) {
    return Status::Error(sqlstate::kSyntaxError, "invalid WATERMARK expression \"" +
                                                     table.watermark_sql + "\"");
  }
  Result<BoundExprPtr> e = BindRowExpression(*sel.select->targets[0].expr, table, "", ctx);
  if (!e.ok()) return Status(e.status()).WithoutPosition();
  KAPPA_RETURN_IF_ERROR(CheckDeterministic(**e, "a WATERMARK expression"));
  if ((*e)->type.id != col.type.id) {
    return Status::Error(sqlstate::kDatatypeMismatch,
                         "WATERMARK expression for column \"" + col.name + "\" must be of type " +
                             TypeName(col.type) + ", not type " + TypeName((*e)->type))
        .WithHint("Use an expression like " + col.name + " - INTERVAL '5' SECOND.");
  }
  return e;
}

namespace {

bool TimeDependent(const std::string& name) {
  static const char* const kNames[] = {
      "now", "current_timestamp", "transaction_timestamp", "statement_timestamp",
      "clock_timestamp", "localtimestamp", "current_date", "current_time", "localtime",
      "timeofday"};
  for (const char* n : kNames) {
    if (name == n) return true;
  }
  return false;
}

}  // namespace

Status CheckDeterministic(const BoundExpr& e, const char* where) {
  if (e.kind == BoundExprKind::kFunction &&
      (TimeDependent(e.function_name) || (e.function && e.function->volatile_fn))) {
    return Status::NotSupported(e.function_name + "() is not supported in " + where +
                                ": its value would differ between replay and live processing")
        .WithHint("Use event-time columns and watermarks instead of the wall clock.");
  }
  for (const auto& c : e.children) KAPPA_RETURN_IF_ERROR(CheckDeterministic(*c, where));
  return Status::OK();
}

}  // namespace kappa
