// StatementExecutor: runs one parsed statement for a Session. It is the
// glue from the AST to the binder, the planner, the executor and storage:
// DDL changes the catalog, DML computes a table's changes with the batch
// engine and appends them to the table's log through its TableWriter,
// queries run as bounded dataflows.
//
// One StatementExecutor lives for one statement; it is not thread-safe.
#pragma once

#include <atomic>
#include <map>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "common/status.h"
#include "executor/expression_evaluator.h"
#include "server/session.h"
#include "sql/ast.h"
#include "sql/catalog.h"

namespace kappa {

class Database;
class SessionSettings;
struct LogicalPlan;
class Subscription;

// An SQL cursor (DECLARE ... CURSOR): its query's rows, materialized at
// DECLARE, and the position of the next FETCH.
struct SqlCursor {
  std::vector<ResultColumn> columns;
  Chunk rows;          // every row once (weights expanded to 1)
  size_t position = 0; // rows before the cursor; rows.num_rows + 1 = after the end
  bool with_hold = false;
  bool committed = false;  // a WITH HOLD cursor whose transaction committed
  // DECLARE ... FOR SUBSCRIBE: FETCH reads this instead of `rows`.
  std::shared_ptr<Subscription> subscription;
};

// Per-session state a statement may read or change.
struct SessionState {
  Database* db = nullptr;
  SessionSettings* settings = nullptr;
  std::string user;
  std::string database;
  char transaction_status = 'I';
  int64_t transaction_start_us = 0;
  // A statement in the current transaction block changed data or schema
  // (each statement commits on its own; ROLLBACK warns that it cannot undo).
  bool wrote_in_transaction = false;
  // Open SQL cursors by name.
  std::map<std::string, SqlCursor> cursors;
  std::atomic<bool> cancel{false};
};

// A COPY ... FROM STDIN waiting for its data.
struct CopyInState {
  TableInfoPtr table;
  std::vector<int> targets;  // table columns, in the data's order
  bool csv = false;
  bool header = false;
  char delimiter = '\t';
  char quote = '"';
  char escape = '"';
  std::string null_string = "\\N";
};

class StatementExecutor {
 public:
  // `params` are the statement's parameter values ($1 = params[0]); their
  // types are `param_types` (which binding may extend with inferred types).
  StatementExecutor(SessionState* session, std::string_view text,
                    std::vector<DataType> param_types, const std::vector<Value>* params);

  // Executes `stmt`.
  Result<StatementResult> Execute(const ast::Statement& stmt);

  // Binds without executing, for the extended protocol's Describe: fills
  // param_types() and returns the result columns (empty if no rows).
  Result<std::vector<ResultColumn>> Describe(const ast::Statement& stmt);

  const std::vector<DataType>& param_types() const { return param_types_; }

  // Parses and inserts the data of a COPY FROM STDIN (copy_statements.cc).
  Result<StatementResult> CopyIn(const CopyInState& copy, std::string_view data);

 private:
  // queries (query_statements.cc)
  Result<StatementResult> ExecSelect(const ast::SelectStatement& stmt);
  Result<StatementResult> ExecQuery(const ast::SelectStmt& select);
  Result<StatementResult> ExecExplain(const ast::ExplainStatement& stmt);
  // cursors (cursor_statements.cc)
  Result<StatementResult> ExecDeclareCursor(const ast::DeclareCursorStatement& stmt);
  Result<StatementResult> ExecFetch(const ast::FetchStatement& stmt);
  Result<StatementResult> ExecClose(const ast::CloseStatement& stmt);
  // SUBSCRIBE (subscribe_statements.cc)
  Result<std::unique_ptr<Subscription>> StartSubscription(const ast::SubscribeStatement& stmt);
  Result<StatementResult> ExecSubscribe(const ast::SubscribeStatement& stmt);
  // DML (dml_statements.cc)
  Result<StatementResult> ExecInsert(const ast::InsertStatement& stmt);
  Result<StatementResult> ExecUpdate(const ast::UpdateStatement& stmt);
  Result<StatementResult> ExecDelete(const ast::DeleteStatement& stmt);
  // COPY (copy_statements.cc)
  Result<StatementResult> ExecCopy(const ast::CopyStatement& stmt);
  // DDL (ddl_statements.cc)
  Result<StatementResult> ExecCreateTable(const ast::CreateTableStatement& stmt);
  Result<StatementResult> ExecDropTable(const ast::DropStatement& stmt);
  // materialized views (view_statements.cc)
  Result<StatementResult> ExecCreateMaterializedView(const ast::CreateViewStatement& stmt);
  Result<StatementResult> ExecDropView(const ast::DropStatement& stmt);
  Result<StatementResult> ExecFlush();
  Result<StatementResult> ExplainCreateMaterializedView(const ast::CreateViewStatement& stmt);
  // The views that depend on any of `ids`, directly or through other views,
  // newest first (the order to drop them in).
  static std::vector<TableInfoPtr> DependentViews(const CatalogSnapshot& snap,
                                                  const std::vector<uint64_t>& ids);
  // 2BP01 if another relation depends on `t`.
  static Status CheckNoDependents(const CatalogSnapshot& snap, const TableInfo& t, int location);
  // Removes a view from the catalog and the engine (its state too).
  Status DropView(const TableInfo& view);
  // 3F000 for a schema other than public, 0A000 for database.schema.name.
  static Status CheckPublicSchema(const ast::QualifiedName& name, int location);
  // EXPLAIN output: one text row per line.
  static StatementResult ExplainText(const std::string& text);
  static std::string IndentLines(const std::string& text);
  // session and utility statements (utility_statements.cc)
  Result<StatementResult> ExecShow(const ast::ShowStatement& stmt);
  Result<StatementResult> ExecSet(const ast::SetStatement& stmt);
  Result<StatementResult> ExecReset(const ast::ResetStatement& stmt);
  Result<StatementResult> ExecTransaction(const ast::TransactionStatement& stmt);

  // Helpers shared by the files above.
  EvalContext MakeEvalContext() const;
  CatalogSnapshotPtr catalog() const { return catalog_; }
  // Finds a relation by (possibly schema-qualified) name; 42P01 if absent.
  Result<TableInfoPtr> FindRelation(const ast::QualifiedName& name, int location,
                                    const char* what = "relation") const;
  // Finds a writable table: 42809 for views, 0A000 for append-only when
  // `retracting` (UPDATE/DELETE).
  Result<TableInfoPtr> FindWritableTable(const ast::QualifiedName& name, int location,
                                         bool retracting) const;
  // Runs a plan as a batch query and returns its rows.
  Result<std::vector<Chunk>> RunPlan(const LogicalPlan& plan);
  // The rows of `table` matching `where` (null = all), consolidated, with
  // their multiplicities as weights.
  Result<std::vector<Chunk>> MatchingRows(const TableInfo& table, const std::string& alias,
                                          const ast::Expr* where);
  // RETURNING: evaluates the items over rows of `table` (old rows for
  // DELETE, new rows otherwise).
  Status Returning(const std::vector<ast::SelectItem>& items, const TableInfo& table,
                   const std::string& alias, const std::vector<Chunk>& rows,
                   StatementResult* result);
  // Default value of column `c` of `table` for this statement (NULL if none).
  Result<Value> DefaultValue(const TableInfo& table, int c);

  SessionState* session_;
  std::string_view text_;
  std::vector<DataType> param_types_;
  const std::vector<Value>* params_;
  CatalogSnapshotPtr catalog_;
  int64_t statement_time_us_;
};

// Ends the transaction block for the session's cursors: COMMIT keeps the
// WITH HOLD cursors, ROLLBACK keeps those committed earlier.
void EndTransactionCursors(SessionState* session, bool commit);

// Sum of the weights of all rows (the row count a tag reports).
int64_t CountRows(const std::vector<Chunk>& chunks);

}  // namespace kappa
