// Session: one client's SQL session, and the single place that calls
// parser -> binder -> planner -> executor. The wire protocol code
// (server/connection.*, server/pgwire/*) knows nothing about SQL: it hands
// query text and parameters to a Session and writes back what it returns.
//
// Threading: a Session is used by one connection; calls on it are never
// concurrent, except Cancel(), which any thread may call. Calls may block
// (disk, long queries): the connection runs them off the I/O thread.
#pragma once

#include <atomic>
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "common/chunk.h"
#include "common/status.h"
#include "common/types.h"

namespace kappa {

class Database;
struct PreparedStatementImpl;
struct CopyInState;  // what COPY ... FROM STDIN needs to finish (statement_executor.h)
class CopyOutStream;  // COPY (SUBSCRIBE ...) TO STDOUT (copy_out_stream.h)

struct ResultColumn {
  std::string name;
  DataType type;
  uint32_t table_oid = 0;  // RowDescription's table OID (0 if not a plain column)
  int16_t column_attnum = 0;
};

struct Notice {
  std::string severity = "NOTICE";  // NOTICE, WARNING, INFO
  std::string sqlstate = "00000";
  std::string message;
};

// The outcome of one statement.
struct StatementResult {
  std::string tag;           // CommandComplete tag: "SELECT 3", "INSERT 0 2", "CREATE TABLE"
  bool returns_rows = false; // send RowDescription (even for zero rows)
  bool empty_query = false;  // send EmptyQueryResponse instead of CommandComplete
  std::vector<ResultColumn> columns;
  // Rows, in order. Every weight is >= 1; a row of weight n is sent n times.
  std::vector<Chunk> chunks;
  std::vector<Notice> notices;  // sent before the rows

  // COPY ... TO STDOUT: send CopyOutResponse (copy_columns columns, text),
  // one CopyData per element of copy_data, CopyDone, then CommandComplete.
  bool copy_out = false;
  int copy_columns = 0;
  std::vector<std::string> copy_data;
  // COPY ... FROM STDIN: send CopyInResponse (copy_columns columns, text),
  // collect the client's CopyData until CopyDone, then call
  // Session::FinishCopyIn(*copy_in, data) for the CommandComplete tag.
  std::shared_ptr<CopyInState> copy_in;
  // COPY (SUBSCRIBE ...) TO STDOUT (simple Query only): send CopyOutResponse
  // (copy_columns columns), then stream copy_stream's lines until it fails
  // (copy_out_stream.h); the statement ends with that error.
  std::shared_ptr<CopyOutStream> copy_stream;
};

// A parsed (and, for describe, bound) statement of the extended protocol.
class PreparedStatement {
 public:
  ~PreparedStatement();
  // Parameter types ($1..$n), inferred where the client sent 0.
  const std::vector<DataType>& param_types() const;
  // Result columns; empty when the statement returns no rows.
  const std::vector<ResultColumn>& columns() const;
  bool returns_rows() const;

 private:
  friend class Session;
  std::unique_ptr<PreparedStatementImpl> impl_;
};

class Session {
 public:
  Session(Database* db, std::string user, std::string database);
  ~Session();

  // Applies StartupMessage parameters (application_name, client_encoding,
  // DateStyle, TimeZone, options, ...). Unknown names are kept as settings.
  // Errors (e.g. client_encoding other than UTF8) are FATAL for the connection.
  Status ApplyStartupParameters(const std::vector<std::pair<std::string, std::string>>& params);

  // Simple Query: parses all statements in `sql` first (a syntax error runs
  // none), then executes them one by one, calling `on_result` after each.
  // Stops at the first error and returns it. An empty/comment-only string
  // yields one result with empty_query set.
  Status ExecuteSimple(std::string_view sql,
                       const std::function<void(StatementResult&&)>& on_result);

  // After ExecuteSimple stopped at a COPY FROM STDIN (its last on_result
  // carried copy_in) and the copy finished: runs the statements that
  // followed the COPY in the same query string. After a failed copy, call
  // AbandonSimple() instead.
  Status ResumeSimple(const std::function<void(StatementResult&&)>& on_result);
  void AbandonSimple();

  // Parses and inserts the data of a COPY FROM STDIN (all CopyData payloads
  // concatenated) as one write. Errors: 22P02/22P04 bad data, 23505/23502.
  Result<StatementResult> FinishCopyIn(const CopyInState& copy, std::string_view data);

  // Extended protocol Parse: exactly one statement (or none: empty query).
  // `param_type_oids[i] == 0` (or absent) means infer. Errors: 42601 syntax,
  // 42P01 etc. if describing requires binding against the catalog.
  Result<std::shared_ptr<PreparedStatement>> Prepare(std::string_view sql,
                                                      const std::vector<uint32_t>& param_type_oids);

  // Executes a prepared statement with parameters already converted to
  // Values of the statement's param_types (NULL Values for NULL params).
  Result<StatementResult> Execute(PreparedStatement& stmt, const std::vector<Value>& params);

  // The columns of the open SQL cursor `name` (DECLARE ... CURSOR), or null.
  // The extended protocol describes such a cursor as a portal.
  const std::vector<ResultColumn>* CursorColumns(const std::string& name) const;

  // 'I' idle, 'T' in a transaction block, 'E' in a failed transaction block.
  char transaction_status() const;
  // Marks the current transaction block failed (called by the connection
  // when an error occurs inside BEGIN ... ).
  void OnError();

  // Session settings (SET/SHOW); names lower-case.
  std::string GetSetting(const std::string& name) const;
  // Settings reported with ParameterStatus at startup, in PostgreSQL's order.
  std::vector<std::pair<std::string, std::string>> ReportedSettings() const;
  // Reported settings changed since the last call (SET application_name ...).
  std::vector<std::pair<std::string, std::string>> TakeChangedSettings();

  // Requests cancellation of the running statement (57014). Thread-safe.
  void Cancel();

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace kappa
