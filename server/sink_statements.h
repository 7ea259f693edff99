// CREATE SINK / DROP SINK / SHOW SINKS (server/sink_runner.h runs the sinks).
#pragma once

#include <string>
#include <vector>

#include "common/status.h"
#include "sql/ast.h"
#include "sql/catalog.h"

namespace kappa {

struct SessionState;
struct StatementResult;
struct LogicalPlan;

// CREATE SINK [IF NOT EXISTS] s FROM v WITH (...) FORMAT ... ENCODE JSON.
// Errors: 42P01 (no view v), 42809 (v is not a materialized view), 42710
// (sink exists), 42P07 (a relation has the name), 42P17 (PLAIN from a view
// that can retract; UPSERT without a key), 42703 (primary_key names an
// unknown column), 22023/42601/0A000 (options), 25001 (in a transaction).
Result<StatementResult> ExecCreateSink(SessionState* session, const ast::CreateSinkStatement& stmt);
// DROP SINK [IF EXISTS] s, ...: 42704 if absent.
Result<StatementResult> ExecDropSink(SessionState* session, const ast::DropStatement& stmt);
// SHOW SINKS: the sinks' names.
Result<StatementResult> ExecShowSinks(SessionState* session);

// Whether the view's query never retracts a row: EMIT ON WINDOW CLOSE, or
// append-only tables through filters, projections, windows, UNION ALL and
// inner joins (planner's AppendOnly rule); views read count if EOWC.
bool SinkViewAppendOnly(const LogicalPlan& plan, const CatalogSnapshot& snap);
// The output columns that form a unique key of the view's query: the GROUP
// BY columns of a top-level aggregate, all columns of a DISTINCT, or the
// PRIMARY KEY of a scanned table, kept by the projections and filters above
// it. Empty if none can be derived.
std::vector<int> SinkViewKey(const LogicalPlan& plan, const CatalogSnapshot& snap);

}  // namespace kappa
