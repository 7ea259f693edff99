// DECLARE CURSOR, FETCH / MOVE and CLOSE. A cursor's query runs at DECLARE;
// its rows are kept in the session until CLOSE, the end of the transaction
// block (WITHOUT HOLD), or DISCARD ALL.
//
// DECLARE c CURSOR FOR SUBSCRIBE ... (inside a transaction block) starts a
// subscription (server/subscription.h) instead; it streams: each FETCH
// returns the changes available then, waiting for the first one up to
// FETCH's WITH (timeout = '1s') (default: until one arrives), and the
// subscription ends with the cursor.
#include "server/session_settings.h"
#include "server/statement_executor.h"
#include "server/subscription.h"

#include <chrono>
#include <optional>

namespace kappa {
namespace {

Status NoSuchCursor(const std::string& name) {
  return Status::Error("34000", "cursor \"" + name + "\" does not exist");
}

// FETCH / MOVE on a SUBSCRIBE cursor: the changes available, waiting for
// the first one up to the timeout (none: until one arrives). FETCH 0
// returns nothing at once.
Result<StatementResult> FetchSubscription(const ast::FetchStatement& stmt, SqlCursor& c,
                                          std::optional<int64_t> timeout_ms,
                                          const std::atomic<bool>* cancel) {
  StatementResult r;
  Chunk rows(c.rows.Types());
  if (stmt.count != 0) {
    std::optional<std::chrono::steady_clock::time_point> deadline;
    if (timeout_ms) {
      deadline = std::chrono::steady_clock::now() + std::chrono::milliseconds(*timeout_ms);
    }
    KAPPA_ASSIGN_OR_RETURN(rows, c.subscription->Fetch(stmt.count, deadline, cancel));
  }
  const int64_t count = static_cast<int64_t>(rows.num_rows);
  if (stmt.move) {
    r.tag = "MOVE " + std::to_string(count);
    return r;
  }
  r.returns_rows = true;
  r.columns = c.columns;
  r.chunks.push_back(std::move(rows));
  r.tag = "FETCH " + std::to_string(count);
  return r;
}

}  // namespace

void EndTransactionCursors(SessionState* session, bool commit) {
  for (auto it = session->cursors.begin(); it != session->cursors.end();) {
    SqlCursor& c = it->second;
    bool keep = commit ? c.with_hold : c.committed;
    if (!keep) {
      it = session->cursors.erase(it);
      continue;
    }
    if (commit) c.committed = true;
    ++it;
  }
}

Result<StatementResult> StatementExecutor::ExecDeclareCursor(
    const ast::DeclareCursorStatement& stmt) {
  if (stmt.binary) {
    return Status::NotSupported("binary cursors are not supported yet", stmt.location);
  }
  if (!stmt.with_hold && session_->transaction_status == 'I') {
    return Status::Error("25P01", "DECLARE CURSOR can only be used in transaction blocks");
  }
  if (stmt.name.empty()) {
    return Status::Error("34000", "invalid cursor name: must not be empty");
  }
  if (session_->cursors.count(stmt.name)) {
    return Status::Error("42P03", "cursor \"" + stmt.name + "\" already exists");
  }
  if (stmt.subscribe) {
    if (stmt.with_hold) {
      return Status::NotSupported("DECLARE CURSOR WITH HOLD is not supported for SUBSCRIBE",
                                  stmt.location)
          .WithHint("Declare it WITHOUT HOLD inside a transaction block.");
    }
    if (session_->transaction_status == 'I') {
      return Status::Error("25P01", "DECLARE CURSOR can only be used in transaction blocks");
    }
    KAPPA_ASSIGN_OR_RETURN(std::unique_ptr<Subscription> sub, StartSubscription(*stmt.subscribe));
    SqlCursor cursor;
    cursor.columns = sub->columns();
    std::vector<DataType> types;
    for (const auto& c : cursor.columns) types.push_back(c.type);
    cursor.rows = Chunk(types);
    cursor.subscription = std::move(sub);
    session_->cursors.emplace(stmt.name, std::move(cursor));
    StatementResult r;
    r.tag = "DECLARE CURSOR";
    return r;
  }
  if (!stmt.query) return Status::Internal("DECLARE CURSOR without a query");
  KAPPA_ASSIGN_OR_RETURN(StatementResult q, ExecQuery(*stmt.query));
  SqlCursor cursor;
  cursor.columns = std::move(q.columns);
  std::vector<DataType> types;
  for (const auto& c : cursor.columns) types.push_back(c.type);
  cursor.rows = Chunk(types);
  for (const Chunk& chunk : q.chunks) {
    for (size_t row = 0; row < chunk.num_rows; ++row) {
      for (int64_t w = 0; w < chunk.weights[row]; ++w) {
        cursor.rows.AppendRowFrom(chunk, row);
        cursor.rows.weights.back() = 1;
      }
    }
  }
  cursor.with_hold = stmt.with_hold;
  // Outside a transaction block the statement commits at once.
  cursor.committed = session_->transaction_status == 'I';
  session_->cursors.emplace(stmt.name, std::move(cursor));
  StatementResult r;
  r.tag = "DECLARE CURSOR";
  return r;
}

Result<StatementResult> StatementExecutor::ExecFetch(const ast::FetchStatement& stmt) {
  auto it = session_->cursors.find(stmt.cursor);
  if (it == session_->cursors.end()) return NoSuchCursor(stmt.cursor);
  SqlCursor& c = it->second;
  std::optional<int64_t> timeout_ms;
  for (const ast::Option& o : stmt.options) {
    if (o.key != "timeout") {
      return Status::Error(sqlstate::kSyntaxError, "FETCH option \"" + o.key + "\" not recognized",
                           o.location)
          .WithHint("FETCH accepts WITH (timeout = '1s').");
    }
    KAPPA_ASSIGN_OR_RETURN(int64_t ms, ParseDurationMs(o.value, 1000, "timeout"));
    timeout_ms = ms;
  }
  if (c.subscription) return FetchSubscription(stmt, c, timeout_ms, &session_->cancel);
  const size_t n = c.rows.num_rows;
  size_t begin = 0;
  size_t end = 0;
  if (stmt.count == 0) {
    // FETCH 0 / FORWARD 0: the current row again, if the cursor is on one.
    if (c.position >= 1 && c.position <= n) {
      begin = c.position - 1;
      end = c.position;
    }
  } else {
    begin = std::min(c.position, n);
    uint64_t want = stmt.count < 0 ? n : static_cast<uint64_t>(stmt.count);
    end = begin + std::min<uint64_t>(want, n - begin);
    if (stmt.count < 0 || c.position + want > n) {
      c.position = n + 1;  // after the last row
    } else {
      c.position += want;
    }
  }
  const int64_t count = static_cast<int64_t>(end - begin);
  StatementResult r;
  if (stmt.move) {
    r.tag = "MOVE " + std::to_string(count);
    return r;
  }
  r.returns_rows = true;
  r.columns = c.columns;
  Chunk out(c.rows.Types());
  for (size_t row = begin; row < end; ++row) out.AppendRowFrom(c.rows, row);
  r.chunks.push_back(std::move(out));
  r.tag = "FETCH " + std::to_string(count);
  return r;
}

Result<StatementResult> StatementExecutor::ExecClose(const ast::CloseStatement& stmt) {
  StatementResult r;
  if (stmt.cursor.empty()) {
    session_->cursors.clear();
    r.tag = "CLOSE CURSOR ALL";
    return r;
  }
  if (session_->cursors.erase(stmt.cursor) == 0) return NoSuchCursor(stmt.cursor);
  r.tag = "CLOSE CURSOR";
  return r;
}

}  // namespace kappa
