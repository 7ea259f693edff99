#include "server/extended_query.h"

#include "common/value_parse.h"
#include "server/pgwire/backend_messages.h"
#include "server/pgwire/binary_codec.h"
#include "server/pgwire/protocol.h"
#include "server/pgwire/utf8.h"

namespace kappa {

namespace {

constexpr const char* kDuplicatePreparedStatement = "42P05";
constexpr const char* kDuplicateCursor = "42P03";

std::string Quoted(std::string_view name) { return "\"" + std::string(name) + "\""; }

Status NoSuchStatement(std::string_view name) {
  return Status::Error(sqlstate::kInvalidSqlStatementName,
                       name.empty() ? "unnamed prepared statement does not exist"
                                    : "prepared statement " + Quoted(name) + " does not exist");
}

Status NoSuchPortal(std::string_view name) {
  return Status::Error(sqlstate::kInvalidCursorName, "portal " + Quoted(name) + " does not exist");
}

// "SELECT 10" -> "SELECT 3" for the rows of one limited Execute.
std::string TagWithCount(const std::string& tag, uint64_t rows) {
  if (tag.rfind("SELECT", 0) == 0) return "SELECT " + std::to_string(rows);
  if (tag.rfind("FETCH", 0) == 0) return "FETCH " + std::to_string(rows);
  return tag;
}

}  // namespace

void WriteRowDescriptionFor(const std::vector<ResultColumn>& columns,
                            const std::vector<int16_t>& formats, pgwire::MessageWriter* w) {
  std::vector<pgwire::FieldDescription> fields;
  fields.reserve(columns.size());
  for (const ResultColumn& c : columns) {
    pgwire::FieldDescription f;
    f.name = c.name;
    f.table_oid = c.table_oid;
    f.column_attnum = c.column_attnum;
    f.type = c.type;
    fields.push_back(f);
  }
  pgwire::WriteRowDescription(w, fields, formats);
}

Status ExtendedQuery::Parse(const pgwire::ParseMessage& m, pgwire::MessageWriter* w) {
  if (!m.statement_name.empty()) {
    auto it = statements_.find(m.statement_name);
    if (it != statements_.end()) {
      return Status::Error(kDuplicatePreparedStatement,
                           "prepared statement " + Quoted(m.statement_name) + " already exists");
    }
  } else {
    statements_.erase(std::string());
  }
  KAPPA_RETURN_IF_ERROR(pgwire::ValidateUtf8(m.sql));
  KAPPA_ASSIGN_OR_RETURN(std::shared_ptr<PreparedStatement> stmt,
                         session_->Prepare(m.sql, m.param_type_oids));
  statements_[std::string(m.statement_name)] = std::move(stmt);
  pgwire::WriteParseComplete(w);
  return Status::OK();
}

Result<std::vector<Value>> ExtendedQuery::ConvertParams(const pgwire::BindMessage& m,
                                                        const PreparedStatement& stmt) {
  const std::vector<DataType>& types = stmt.param_types();
  if (m.params.size() != types.size()) {
    return Status::Error(sqlstate::kProtocolViolation,
                         "bind message supplies " + std::to_string(m.params.size()) +
                             " parameters, but prepared statement " + Quoted(m.statement_name) +
                             " requires " + std::to_string(types.size()));
  }
  KAPPA_ASSIGN_OR_RETURN(std::vector<int16_t> formats,
                         pgwire::ResolveFormatCodes(m.param_formats, m.params.size(),
                                                    "parameter formats", "parameters"));
  std::vector<Value> values;
  values.reserve(types.size());
  for (size_t i = 0; i < types.size(); ++i) {
    const DataType& type = types[i];
    if (!m.params[i]) {
      values.push_back(Value::Null(type));
      continue;
    }
    std::string_view bytes = *m.params[i];
    if (formats[i] == pgwire::kBinaryFormat) {
      Result<Value> v = pgwire::DecodeBinaryValue(bytes, type);
      if (!v.ok()) {
        Status st = v.status();
        if (st.message() == pgwire::kIncorrectBinaryFormat) {
          st = Status::Error(st.sqlstate(), st.message() + " in bind parameter " +
                                                std::to_string(i + 1));
        }
        return st;
      }
      values.push_back(std::move(v).value());
      continue;
    }
    KAPPA_RETURN_IF_ERROR(pgwire::ValidateUtf8(bytes));
    if (type.id == TypeId::kUnknown) {
      values.push_back(Value::String(std::string(bytes), type));
      continue;
    }
    KAPPA_ASSIGN_OR_RETURN(Value v, ParseValue(bytes, type));
    values.push_back(std::move(v));
  }
  return values;
}

Status ExtendedQuery::Bind(const pgwire::BindMessage& m, pgwire::MessageWriter* w) {
  auto sit = statements_.find(m.statement_name);
  if (sit == statements_.end()) return NoSuchStatement(m.statement_name);
  if (!m.portal_name.empty()) {
    if (portals_.count(m.portal_name) != 0) {
      return Status::Error(kDuplicateCursor, "cursor " + Quoted(m.portal_name) + " already exists");
    }
  } else {
    portals_.erase(std::string());
  }
  const std::shared_ptr<PreparedStatement>& stmt = sit->second;
  Portal portal;
  portal.statement = stmt;
  KAPPA_ASSIGN_OR_RETURN(portal.params, ConvertParams(m, *stmt));
  KAPPA_ASSIGN_OR_RETURN(portal.result_formats,
                         pgwire::ResolveFormatCodes(m.result_formats, stmt->columns().size(),
                                                    "result formats", "columns"));
  portals_[std::string(m.portal_name)] = std::move(portal);
  pgwire::WriteBindComplete(w);
  return Status::OK();
}

Status ExtendedQuery::Describe(const pgwire::DescribeMessage& m, pgwire::MessageWriter* w) {
  if (m.target == 'S') {
    auto it = statements_.find(m.name);
    if (it == statements_.end()) return NoSuchStatement(m.name);
    const PreparedStatement& stmt = *it->second;
    pgwire::WriteParameterDescription(w, stmt.param_types());
    if (stmt.returns_rows()) {
      WriteRowDescriptionFor(stmt.columns(), {}, w);
    } else {
      pgwire::WriteNoData(w);
    }
    return Status::OK();
  }
  auto it = portals_.find(m.name);
  if (it == portals_.end()) {
    // An SQL cursor is a portal too (psycopg 3 describes its named cursors).
    if (const std::vector<ResultColumn>* cols = session_->CursorColumns(std::string(m.name))) {
      WriteRowDescriptionFor(*cols, {}, w);
      return Status::OK();
    }
    return NoSuchPortal(m.name);
  }
  const Portal& portal = it->second;
  if (portal.statement->returns_rows()) {
    WriteRowDescriptionFor(portal.statement->columns(), portal.result_formats, w);
  } else {
    pgwire::WriteNoData(w);
  }
  return Status::OK();
}

Status ExtendedQuery::Execute(const pgwire::ExecuteMessage& m, pgwire::MessageWriter* w) {
  auto it = portals_.find(m.portal_name);
  if (it == portals_.end()) return NoSuchPortal(m.portal_name);
  Portal& portal = it->second;
  if (!portal.result) {
    Result<StatementResult> r = session_->Execute(*portal.statement, portal.params);
    if (!r.ok()) {
      portals_.erase(it);
      return r.status();
    }
    portal.result = std::move(r).value();
    for (const Notice& n : portal.result->notices) {
      pgwire::WriteNoticeResponse(w, n.severity, n.sqlstate, n.message);
    }
  }
  const StatementResult& result = *portal.result;
  if (result.empty_query) {
    pgwire::WriteEmptyQueryResponse(w);
    portal.done = true;
    return Status::OK();
  }
  if (result.copy_in) {
    pgwire::WriteCopyInResponse(w, result.copy_columns);
    copy_in_ = result.copy_in;
    portal.done = true;
    portal.result.reset();  // a second Execute runs the COPY again
    return Status::OK();
  }
  if (result.copy_out) {
    pgwire::WriteCopyOutResponse(w, result.copy_columns);
    for (const std::string& line : result.copy_data) pgwire::WriteCopyData(w, line);
    pgwire::WriteCopyDone(w);
    pgwire::WriteCommandComplete(w, result.tag);
    portal.done = true;
    return Status::OK();
  }
  if (!result.returns_rows) {
    pgwire::WriteCommandComplete(w, result.tag);
    portal.done = true;
    return Status::OK();
  }
  const uint64_t limit = m.max_rows > 0 ? static_cast<uint64_t>(m.max_rows) : 0;
  if (limit > 0) portal.limited = true;
  uint64_t sent =
      pgwire::WriteDataRows(w, result.chunks, portal.result_formats, &portal.cursor, limit);
  if (limit > 0 && sent == limit && !pgwire::AtEnd(result.chunks, portal.cursor)) {
    pgwire::WritePortalSuspended(w);
    return Status::OK();
  }
  pgwire::WriteCommandComplete(w, portal.limited || portal.done ? TagWithCount(result.tag, sent)
                                                                : result.tag);
  portal.done = true;
  return Status::OK();
}

void ExtendedQuery::Close(const pgwire::CloseMessage& m, pgwire::MessageWriter* w) {
  if (m.target == 'S') {
    statements_.erase(std::string(m.name));
  } else {
    portals_.erase(std::string(m.name));
  }
  pgwire::WriteCloseComplete(w);
}

void ExtendedQuery::DropUnnamed() {
  statements_.erase(std::string());
  portals_.erase(std::string());
}

}  // namespace kappa
