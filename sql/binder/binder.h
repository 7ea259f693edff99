// The binder: semantic analysis of a parsed query (sql/ast.h) into a
// LogicalPlan (planner/logical_plan.h) over bound expressions
// (sql/bound_expr.h). Names are resolved against one catalog snapshot,
// every expression gets its PostgreSQL type, implicit casts become explicit
// kCast nodes, functions and aggregates are resolved, grouping is checked
// and subqueries are decorrelated into joins. Errors carry PostgreSQL's
// SQLSTATE, message and (where known) position.
//
// Plan shape of a SELECT block (bottom-up):
//   FROM items (Scan/Values/Join, scalar subqueries joined to the right)
//   -> Filter(WHERE) -> semi/anti joins for top-level [NOT] IN / EXISTS
//   -> Aggregate(groups, aggregates) -> Filter(HAVING) -> Window*
//   -> Project(select list + hidden ORDER BY columns) -> Distinct
//   -> Sort -> Limit -> Project(without hidden columns)
// See sql/README.md for the decorrelation rules and what is rejected.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "common/status.h"
#include "common/types.h"
#include "common/value.h"
#include "planner/logical_plan.h"
#include "sql/ast.h"
#include "sql/bound_expr.h"
#include "sql/catalog.h"

namespace kappa {

struct BindContext {
  CatalogSnapshotPtr catalog;
  // $n parameter types: in = client-declared (TypeId::kUnknown = infer), out =
  // resolved. Grows as $n are seen. An unresolvable parameter defaults to
  // text (like PostgreSQL's unknown -> text).
  std::vector<DataType> param_types;
  // Values of $1..$n when known (execution time); may be null. Only LIMIT and
  // OFFSET need them at bind time.
  const std::vector<Value>* param_values = nullptr;
  // Out: set when LIMIT/OFFSET use a parameter while param_values was null.
  // The plan then has no limit (describe-only): bind again with the values
  // before executing.
  bool limit_needs_params = false;
};

struct BoundQuery {
  LogicalPlanPtr plan;                      // output columns = plan->columns
  std::vector<uint64_t> referenced_tables;  // table ids read (views' dependencies)
};

// Binds a SELECT / VALUES / set operation. Output columns of unknown type
// (SELECT 'a', SELECT NULL) are resolved to text.
Result<BoundQuery> BindQuery(const ast::SelectStmt& stmt, BindContext& ctx);

// Binds the source of INSERT (VALUES or SELECT), coerced to the target
// column types with assignment casts; untyped literals take the target type
// ('2024-01-01' into a date column). Errors: 42601 "INSERT has more
// expressions than target columns" (and the converse), 42804 `column "x" is
// of type integer but expression is of type text` with a hint, 22P02 for bad
// literal input.
//
// DEFAULT as an item of a VALUES row (INSERT ... VALUES (1, DEFAULT)) is the
// target column's default: target_defaults, if given, holds one DEFAULT
// expression's SQL text per target column (TableInfo's ColumnInfo::default_sql;
// "" = no default, i.e. NULL of the column type). The text is bound like
// "SELECT <text>" without column references and coerced to the column type.
// Only a plain VALUES list gets this; DEFAULT anywhere else (VALUES with
// ORDER BY/LIMIT or in a set operation, a SELECT) is 42601 "DEFAULT is not
// allowed in this context", as in PostgreSQL.
Result<BoundQuery> BindInsertSource(const ast::SelectStmt& source,
                                    const std::vector<DataType>& target_types,
                                    const std::vector<std::string>& target_names,
                                    BindContext& ctx,
                                    const std::vector<std::string>* target_defaults = nullptr);

// Binds an expression over one table's row (UPDATE SET/WHERE, DELETE WHERE,
// CHECK/DEFAULT): column references are indexes into table.columns; the
// qualifier is `alias` if not empty, else the table name. Aggregates, window
// functions and subqueries are rejected.
Result<BoundExprPtr> BindRowExpression(const ast::Expr& expr, const TableInfo& table,
                                       const std::string& alias, BindContext& ctx);

// Like BindRowExpression, and the result must be boolean (WHERE of
// UPDATE/DELETE, CHECK): 42804 "argument of WHERE must be type boolean, not
// type integer" with construct = "WHERE".
Result<BoundExprPtr> BindRowCondition(const ast::Expr& expr, const TableInfo& table,
                                      const std::string& alias, const char* construct,
                                      BindContext& ctx);

// The WATERMARK expression of `table` (TableInfo::watermark_sql, the text
// of `WATERMARK FOR col AS <expr>`), parsed and bound over the table's row
// like BindRowExpression. Its type must be the watermark column's type
// (timestamp or timestamptz): else 42804. Errors carry no position (the
// text is not the statement being run). REQUIRES: table.watermark_column >= 0.
Result<BoundExprPtr> BindWatermark(const TableInfo& table, BindContext& ctx);

// 0A000 if `expr` calls a function whose value depends on when or how often
// it runs (now(), current_date, clock_timestamp(), random(), ...): views and
// watermarks must give the same result in replay and live.
Status CheckDeterministic(const BoundExpr& expr, const char* where);

// Assignment coercion of a bound expression to a column type: no-op if the
// type is equal, literal text parsed as the target type, else a kCast when
// the assignment cast exists, else 42804 as above.
Result<BoundExprPtr> CoerceToColumn(BoundExprPtr expr, const DataType& target,
                                    const std::string& column_name);
// The same, recording the type of an untyped parameter ($1 in UPDATE t SET
// x = $1) in ctx.param_types.
Result<BoundExprPtr> CoerceToColumn(BoundExprPtr expr, const DataType& target,
                                    const std::string& column_name, BindContext& ctx);

// After binding row expressions: parameters still untyped become text
// (BindQuery and BindInsertSource do this themselves).
void FinalizeParamTypes(BindContext& ctx);

}  // namespace kappa
