// ExtendedQuery: the extended-query protocol state of one connection —
// prepared statements and portals — and the handling of Parse, Bind,
// Describe, Execute and Close on top of a Session.
//
// Every handler writes its replies to `w` and returns the error to report,
// if any (the connection then sends ErrorResponse and skips to Sync). Names:
// the unnamed statement/portal ("") is replaced by the next Parse/Bind to "";
// named ones must be closed before reuse (42P05 / 42P03). Portals are
// materialized on their first Execute and hand out rows from a cursor, so
// Execute with a row limit suspends (PortalSuspended) and resumes.
//
// Not thread-safe: used by one connection, one call at a time.
#pragma once

#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "common/status.h"
#include "common/value.h"
#include "server/pgwire/frontend_messages.h"
#include "server/pgwire/message_writer.h"
#include "server/pgwire/row_writer.h"
#include "server/session.h"

namespace kappa {

class ExtendedQuery {
 public:
  explicit ExtendedQuery(Session* session) : session_(session) {}

  Status Parse(const pgwire::ParseMessage& m, pgwire::MessageWriter* w);
  Status Bind(const pgwire::BindMessage& m, pgwire::MessageWriter* w);
  Status Describe(const pgwire::DescribeMessage& m, pgwire::MessageWriter* w);
  Status Execute(const pgwire::ExecuteMessage& m, pgwire::MessageWriter* w);
  // After an Execute that answered CopyInResponse: the COPY waiting for data.
  std::shared_ptr<CopyInState> TakeCopyIn() { return std::move(copy_in_); }
  // Close never fails: closing an unknown name is not an error.
  void Close(const pgwire::CloseMessage& m, pgwire::MessageWriter* w);

  // A simple Query destroys the unnamed statement and portal.
  void DropUnnamed();
  // Portals end with the transaction: called at Sync/Query end when idle.
  void DropAllPortals() { portals_.clear(); }

  size_t num_statements() const { return statements_.size(); }
  size_t num_portals() const { return portals_.size(); }

 private:
  std::shared_ptr<CopyInState> copy_in_;
  struct Portal {
    std::shared_ptr<PreparedStatement> statement;
    std::vector<Value> params;
    std::vector<int16_t> result_formats;  // one per result column
    std::optional<StatementResult> result;  // set by the first Execute
    pgwire::RowCursor cursor;
    bool limited = false;  // some Execute had a row limit
    bool done = false;     // CommandComplete sent
  };

  Result<std::vector<Value>> ConvertParams(const pgwire::BindMessage& m,
                                           const PreparedStatement& stmt);

  Session* session_;
  std::map<std::string, std::shared_ptr<PreparedStatement>, std::less<>> statements_;
  std::map<std::string, Portal, std::less<>> portals_;
};

// RowDescription for result columns with the given formats (empty: text).
void WriteRowDescriptionFor(const std::vector<ResultColumn>& columns,
                            const std::vector<int16_t>& formats, pgwire::MessageWriter* w);

}  // namespace kappa
