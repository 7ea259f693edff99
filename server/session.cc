#include "server/session.h"

#include "server/database.h"
#include "server/session_settings.h"
#include "server/statement_executor.h"
#include "server/statement_timer.h"
#include "sql/parse/parser.h"

namespace kappa {

struct PreparedStatementImpl {
  std::string text;
  ast::StatementPtr stmt;  // null for an empty query
  std::vector<DataType> param_types;
  std::vector<ResultColumn> columns;
  bool returns_rows = false;
};

PreparedStatement::~PreparedStatement() = default;
const std::vector<DataType>& PreparedStatement::param_types() const { return impl_->param_types; }
const std::vector<ResultColumn>& PreparedStatement::columns() const { return impl_->columns; }
bool PreparedStatement::returns_rows() const { return impl_->returns_rows; }

struct Session::Impl {
  SessionSettings settings;
  SessionState state;
  // Statements of a simple Query still to run after a COPY FROM STDIN.
  std::string pending_sql;
  std::vector<ast::StatementPtr> pending;
  size_t pending_next = 0;
  // Set by the StatementTimer when statement_timeout expired.
  std::atomic<bool> timed_out{false};

  // Runs one statement (or COPY FROM's data) under statement_timeout: a
  // 57014 after the timeout fired says so.
  Result<StatementResult> Run(const std::function<Result<StatementResult>()>& fn) {
    state.cancel.store(false);
    timed_out.store(false);
    Result<StatementResult> r = [&] {
      StatementTimer::Guard timer(settings.StatementTimeoutMs(), &state.cancel, &timed_out);
      return fn();
    }();
    if (!r.ok() && timed_out.load() && r.status().sqlstate() == sqlstate::kQueryCanceled) {
      return Status::Error(sqlstate::kQueryCanceled,
                           "canceling statement due to statement timeout");
    }
    return r;
  }
};

namespace {

bool AllowedInFailedTransaction(const ast::Statement& stmt) {
  if (stmt.kind != ast::StmtKind::kTransaction) return false;
  auto op = static_cast<const ast::TransactionStatement&>(stmt).op;
  return op == ast::TransactionOp::kCommit || op == ast::TransactionOp::kRollback ||
         op == ast::TransactionOp::kRollbackTo;
}

Status FailedTransactionError() {
  return Status::Error(sqlstate::kInFailedTransaction,
                       "current transaction is aborted, commands ignored until end of "
                       "transaction block");
}

// Statements whose Describe returns rows.
bool ReturnsRows(const ast::Statement& stmt) {
  switch (stmt.kind) {
    case ast::StmtKind::kSelect:
    case ast::StmtKind::kShow:
    case ast::StmtKind::kExplain:
      return true;
    case ast::StmtKind::kInsert:
      return !static_cast<const ast::InsertStatement&>(stmt).returning.empty();
    case ast::StmtKind::kUpdate:
      return !static_cast<const ast::UpdateStatement&>(stmt).returning.empty();
    case ast::StmtKind::kDelete:
      return !static_cast<const ast::DeleteStatement&>(stmt).returning.empty();
    default:
      return false;
  }
}

}  // namespace

Session::Session(Database* db, std::string user, std::string database)
    : impl_(std::make_unique<Impl>()) {
  impl_->state.db = db;
  impl_->state.settings = &impl_->settings;
  impl_->state.user = std::move(user);
  impl_->state.database = std::move(database);
  (void)impl_->settings.Set("session_authorization", impl_->state.user);
  impl_->settings.TakeChanged();
}

Session::~Session() = default;

Status Session::ApplyStartupParameters(
    const std::vector<std::pair<std::string, std::string>>& params) {
  for (const auto& [name, value] : params) {
    if (name == "user" || name == "database" || name == "replication" || name == "options") {
      continue;
    }
    Status s = impl_->settings.Set(name, value);
    // Unknown startup parameters are ignored, as long as they are not the
    // ones a client relies on.
    if (!s.ok() && s.sqlstate() != sqlstate::kUndefinedObject) return s;
  }
  impl_->settings.TakeChanged();
  return Status::OK();
}

Status Session::ExecuteSimple(std::string_view sql,
                              const std::function<void(StatementResult&&)>& on_result) {
  AbandonSimple();
  KAPPA_ASSIGN_OR_RETURN(std::vector<ast::StatementPtr> stmts, ParseSql(sql));
  impl_->pending_sql = std::string(sql);
  impl_->pending = std::move(stmts);
  impl_->pending_next = 0;
  return ResumeSimple(on_result);
}

Status Session::ResumeSimple(const std::function<void(StatementResult&&)>& on_result) {
  while (impl_->pending_next < impl_->pending.size()) {
    const ast::Statement& stmt = *impl_->pending[impl_->pending_next++];
    impl_->state.cancel.store(false);
    if (impl_->state.transaction_status == 'E' && !AllowedInFailedTransaction(stmt)) {
      AbandonSimple();
      return FailedTransactionError();
    }
    std::string_view sql = impl_->pending_sql;
    std::string_view text = sql.substr(stmt.text_begin, stmt.text_end - stmt.text_begin);
    Result<StatementResult> r = impl_->Run([&]() -> Result<StatementResult> {
      StatementExecutor exec(&impl_->state, text, {}, nullptr);
      return exec.Execute(stmt);
    });
    if (!r.ok()) {
      OnError();
      AbandonSimple();
      return r.status();
    }
    bool copy_in = r->copy_in != nullptr;
    bool copy_stream = r->copy_stream != nullptr;
    on_result(std::move(r).value());
    // The rest runs once the client has sent the COPY data.
    if (copy_in) return Status::OK();
    // A COPY (SUBSCRIBE ...) ends only with an error, which ends the query.
    if (copy_stream) return Status::OK();
  }
  AbandonSimple();
  return Status::OK();
}

void Session::AbandonSimple() {
  impl_->pending.clear();
  impl_->pending_sql.clear();
  impl_->pending_next = 0;
}

Result<StatementResult> Session::FinishCopyIn(const CopyInState& copy, std::string_view data) {
  Result<StatementResult> r = impl_->Run([&]() -> Result<StatementResult> {
    StatementExecutor exec(&impl_->state, "", {}, nullptr);
    return exec.CopyIn(copy, data);
  });
  if (!r.ok()) OnError();
  return r;
}

Result<std::shared_ptr<PreparedStatement>> Session::Prepare(
    std::string_view sql, const std::vector<uint32_t>& param_type_oids) {
  KAPPA_ASSIGN_OR_RETURN(std::vector<ast::StatementPtr> stmts, ParseSql(sql));
  if (stmts.size() > 1) {
    return Status::Error(sqlstate::kSyntaxError,
                         "cannot insert multiple commands into a prepared statement");
  }
  auto impl = std::make_unique<PreparedStatementImpl>();
  impl->text = std::string(sql);
  for (uint32_t oid : param_type_oids) {
    DataType t;
    for (TypeId id : {TypeId::kBool, TypeId::kInt16, TypeId::kInt32, TypeId::kInt64,
                      TypeId::kFloat32, TypeId::kFloat64, TypeId::kNumeric, TypeId::kVarchar,
                      TypeId::kText, TypeId::kDate, TypeId::kTime, TypeId::kTimestamp,
                      TypeId::kTimestampTz, TypeId::kInterval}) {
      if (oid != 0 && TypeOid(id) == oid) t = DataType(id);
    }
    if (oid == 1042 || oid == 19) t = DataType(TypeId::kText);  // bpchar, name
    impl->param_types.push_back(t);
  }
  if (!stmts.empty() && stmts[0]->kind != ast::StmtKind::kEmpty) {
    impl->stmt = std::move(stmts[0]);
    if (impl_->state.transaction_status == 'E' && !AllowedInFailedTransaction(*impl->stmt)) {
      return FailedTransactionError();
    }
    StatementExecutor exec(&impl_->state, impl->text, impl->param_types, nullptr);
    KAPPA_ASSIGN_OR_RETURN(impl->columns, exec.Describe(*impl->stmt));
    impl->param_types = exec.param_types();
    for (auto& t : impl->param_types) {
      if (t.id == TypeId::kUnknown) t = DataType(TypeId::kText);
    }
    impl->returns_rows = ReturnsRows(*impl->stmt);
    // FETCH describes the cursor's rows when the cursor exists.
    if (impl->stmt->kind == ast::StmtKind::kFetch) {
      const auto& fetch = static_cast<const ast::FetchStatement&>(*impl->stmt);
      impl->returns_rows = !fetch.move && impl_->state.cursors.count(fetch.cursor) > 0;
    }
  }
  auto p = std::make_shared<PreparedStatement>();
  p->impl_ = std::move(impl);
  return p;
}

Result<StatementResult> Session::Execute(PreparedStatement& stmt,
                                         const std::vector<Value>& params) {
  PreparedStatementImpl& p = *stmt.impl_;
  if (!p.stmt) {
    StatementResult r;
    r.empty_query = true;
    return r;
  }
  if (impl_->state.transaction_status == 'E' && !AllowedInFailedTransaction(*p.stmt)) {
    return FailedTransactionError();
  }
  if (params.size() != p.param_types.size()) {
    return Status::Error(sqlstate::kProtocolViolation,
                         "bind message supplies " + std::to_string(params.size()) +
                             " parameters, but prepared statement requires " +
                             std::to_string(p.param_types.size()));
  }
  Result<StatementResult> r = impl_->Run([&]() -> Result<StatementResult> {
    StatementExecutor exec(&impl_->state, p.text, p.param_types, &params);
    return exec.Execute(*p.stmt);
  });
  if (r.ok() && r->copy_stream) {
    r = Status::NotSupported("COPY (SUBSCRIBE ...) needs the simple query protocol")
            .WithHint("Send it as a simple Query, or use DECLARE ... CURSOR FOR SUBSCRIBE and FETCH.");
  }
  if (!r.ok()) {
    OnError();
    return r.status();
  }
  // The Describe's columns are what the client was promised.
  if (r->returns_rows && r->columns.size() == p.columns.size()) {
    for (size_t i = 0; i < p.columns.size(); ++i) r->columns[i].name = p.columns[i].name;
  }
  return r;
}

const std::vector<ResultColumn>* Session::CursorColumns(const std::string& name) const {
  auto it = impl_->state.cursors.find(name);
  return it == impl_->state.cursors.end() ? nullptr : &it->second.columns;
}

char Session::transaction_status() const { return impl_->state.transaction_status; }

void Session::OnError() {
  if (impl_->state.transaction_status == 'T') impl_->state.transaction_status = 'E';
}

std::string Session::GetSetting(const std::string& name) const {
  Result<std::string> v = impl_->settings.Get(name);
  return v.ok() ? v.value() : std::string();
}

std::vector<std::pair<std::string, std::string>> Session::ReportedSettings() const {
  return impl_->settings.Reported();
}

std::vector<std::pair<std::string, std::string>> Session::TakeChangedSettings() {
  return impl_->settings.TakeChanged();
}

void Session::Cancel() { impl_->state.cancel.store(true); }

}  // namespace kappa
