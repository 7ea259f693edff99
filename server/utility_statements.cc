// SHOW, SET, RESET and transaction control.
#include <chrono>

#include "server/database.h"
#include "server/session_settings.h"
#include "server/statement_executor.h"

namespace kappa {
namespace {

StatementResult TextRows(std::vector<std::string> names, const std::vector<std::vector<std::string>>& rows,
                         std::string tag) {
  StatementResult r;
  r.returns_rows = true;
  std::vector<DataType> types;
  for (auto& n : names) {
    r.columns.push_back({std::move(n), DataType(TypeId::kText)});
    types.emplace_back(TypeId::kText);
  }
  Chunk chunk(types);
  for (const auto& row : rows) {
    std::vector<Value> values;
    for (const auto& v : row) values.push_back(Value::String(v));
    chunk.AppendRow(values);
  }
  r.chunks.push_back(std::move(chunk));
  r.tag = std::move(tag);
  return r;
}

}  // namespace

Result<StatementResult> StatementExecutor::ExecShow(const ast::ShowStatement& stmt) {
  if (stmt.what == "tables" || stmt.what == "materialized views") {
    RelationKind kind =
        stmt.what == "tables" ? RelationKind::kTable : RelationKind::kMaterializedView;
    std::vector<std::vector<std::string>> rows;
    for (const auto& t : catalog_->All()) {
      if (t->kind == kind && t->schema == "public") rows.push_back({t->name});
    }
    return TextRows({"Name"}, rows, "SHOW");
  }
  SessionSettings& s = *session_->settings;
  if (stmt.what == "all") {
    std::vector<std::vector<std::string>> rows;
    for (const auto& [name, value] : s.values()) rows.push_back({s.DisplayName(name), value, ""});
    return TextRows({"name", "setting", "description"}, rows, "SHOW");
  }
  std::string name = stmt.what;
  if (name == "transaction isolation level") name = "transaction_isolation";
  if (name == "time zone") name = "timezone";
  if (name == "session authorization") name = "session_authorization";
  Result<std::string> v = s.Get(name);
  if (!v.ok()) return Status(v.status()).WithPosition(stmt.location);
  return TextRows({s.DisplayName(name)}, {{v.value()}}, "SHOW");
}

Result<StatementResult> StatementExecutor::ExecSet(const ast::SetStatement& stmt) {
  StatementResult r;
  r.tag = "SET";
  if (stmt.name == "session characteristics" || stmt.name == "transaction") return r;
  if (stmt.is_default) {
    KAPPA_RETURN_IF_ERROR(Status(session_->settings->Reset(stmt.name)).WithPosition(stmt.location));
    return r;
  }
  std::string value;
  for (size_t i = 0; i < stmt.values.size(); ++i) {
    if (i) value += ", ";
    value += stmt.values[i];
  }
  Status s = session_->settings->Set(stmt.name, value);
  if (!s.ok()) return s.WithPosition(stmt.location);
  return r;
}

Result<StatementResult> StatementExecutor::ExecReset(const ast::ResetStatement& stmt) {
  StatementResult r;
  r.tag = "RESET";
  Status s = session_->settings->Reset(stmt.name);
  if (!s.ok()) return s.WithPosition(stmt.location);
  return r;
}

Result<StatementResult> StatementExecutor::ExecTransaction(const ast::TransactionStatement& stmt) {
  StatementResult r;
  char& tx = session_->transaction_status;
  switch (stmt.op) {
    case ast::TransactionOp::kBegin: {
      // START TRANSACTION answers with its own tag.
      size_t i = text_.find_first_not_of(" \t\r\n");
      bool start = i != std::string_view::npos && text_.size() - i >= 5 &&
                   (text_[i] == 's' || text_[i] == 'S') && (text_[i + 1] == 't' || text_[i + 1] == 'T');
      r.tag = start ? "START TRANSACTION" : "BEGIN";
      if (tx != 'I') {
        r.notices.push_back({"WARNING", "25001", "there is already a transaction in progress"});
      } else {
        tx = 'T';
        session_->wrote_in_transaction = false;
        session_->transaction_start_us =
            std::chrono::duration_cast<std::chrono::microseconds>(
                std::chrono::system_clock::now().time_since_epoch())
                .count();
      }
      break;
    }
    case ast::TransactionOp::kCommit:
      r.tag = tx == 'E' ? "ROLLBACK" : "COMMIT";
      if (tx == 'I') {
        r.notices.push_back({"WARNING", "25P01", "there is no transaction in progress"});
      } else if (tx == 'E' && session_->wrote_in_transaction) {
        r.notices.push_back({"WARNING", "0A000",
                             "ROLLBACK cannot undo changes: kappadb commits every statement on "
                             "its own, and the changes made in this transaction block remain"});
      }
      if (tx != 'I') EndTransactionCursors(session_, tx == 'T');
      tx = 'I';
      break;
    case ast::TransactionOp::kRollback:
      r.tag = "ROLLBACK";
      if (tx == 'I') {
        r.notices.push_back({"WARNING", "25P01", "there is no transaction in progress"});
      } else if (session_->wrote_in_transaction) {
        r.notices.push_back({"WARNING", "0A000",
                             "ROLLBACK cannot undo changes: kappadb commits every statement on "
                             "its own, and the changes made in this transaction block remain"});
      }
      if (tx != 'I') EndTransactionCursors(session_, false);
      tx = 'I';
      break;
    case ast::TransactionOp::kSavepoint:
    case ast::TransactionOp::kRelease:
    case ast::TransactionOp::kRollbackTo: {
      const char* what = stmt.op == ast::TransactionOp::kSavepoint ? "SAVEPOINT"
                         : stmt.op == ast::TransactionOp::kRelease ? "RELEASE"
                                                                   : "ROLLBACK";
      if (tx == 'I') {
        return Status::Error("25P01", std::string(stmt.op == ast::TransactionOp::kSavepoint
                                                      ? "SAVEPOINT"
                                                      : stmt.op == ast::TransactionOp::kRelease
                                                            ? "RELEASE SAVEPOINT"
                                                            : "ROLLBACK TO SAVEPOINT") +
                                          " can only be used in transaction blocks",
                             stmt.location);
      }
      if (stmt.op == ast::TransactionOp::kRollbackTo) tx = 'T';
      r.tag = what;
      break;
    }
  }
  return r;
}

}  // namespace kappa
