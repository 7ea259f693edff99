// The physical planner: turns a LogicalPlan (planner/logical_plan.h) into a
// dataflow of push-based operators (executor/operator.h), and runs one as a
// batch query.
//
// Mapping: Scan -> ScanOperator (a source over the table's log), Values ->
// ValuesOperator, Filter/Project -> stateless operators, Join ->
// HashJoinOperator, Aggregate -> HashAggregateOperator, Distinct ->
// DistinctOperator, Union ALL -> UnionOperator (+ DistinctOperator for
// UNION), INTERSECT/EXCEPT -> SetOpOperator, Sort -> SortOperator (a Limit
// directly above a Sort is fused into it: top-N), Limit -> LimitOperator,
// Window -> WindowOperator.
#pragma once

#include <atomic>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "common/status.h"
#include "executor/expression_evaluator.h"
#include "executor/operator.h"
#include "executor/source_operator.h"
#include "planner/logical_plan.h"
#include "sql/catalog.h"

namespace kappa {

class Store;

class ViewSnapshot;
class ScanOperator;
class QueueSourceOperator;

struct ExecContext {
  Store* store = nullptr;                     // table logs (storage/table_log.h)
  CatalogSnapshotPtr catalog;                 // to find table column types
  EvalContext eval;                           // copied into the dataflow
  const std::atomic<bool>* cancel = nullptr;  // checked between chunks: 57014
  // Batch queries: the consistent snapshot that scans of materialized views
  // read (storage/state_store.h). Required when the plan reads a view.
  std::shared_ptr<const ViewSnapshot> views;
  // Rows of a system relation (kappa_catalog.*), read when the query starts.
  std::function<Result<std::vector<Chunk>>(const TableInfo&)> system_rows;
  // Building a materialized view's dataflow instead of a batch query: table
  // scans follow their logs with watermarks, scans of other views become
  // inputs fed by the runtime, ORDER BY + LIMIT and row_number() <= n become
  // streaming top-N, aggregates may emit on window close.
  bool view_mode = false;
  bool emit_on_window_close = false;
  // The bound watermark expression of a table (over all its columns); set
  // in view mode.
  std::function<Result<BoundExprPtr>(const TableInfo&)> bind_watermark;
};

struct Dataflow {
  // Every operator, inputs before their consumers (topological order).
  std::vector<OperatorPtr> operators;
  // inputs[i]: indexes into `operators` of operator i's inputs, by port.
  std::vector<std::vector<size_t>> inputs;
  // The sources (also in `operators`), in the order a batch run pumps them:
  // plan order, except that a join's right input comes before its left.
  std::vector<SourceOperator*> sources;
  // The operator producing the plan's output; wire a sink to it.
  Operator* root = nullptr;
  std::vector<DataType> output_types;
  // True when the root emits its rows once, at OnEnd, in the final order (a
  // sort, window or limit above every other stateful operator), so a sink
  // must keep them as they come instead of consolidating.
  bool ordered = false;
  std::shared_ptr<const EvalContext> eval;
  // View mode: the table log scans and the inputs fed from upstream views.
  std::vector<ScanOperator*> table_scans;
  std::vector<QueueSourceOperator*> view_inputs;

  // One operator per line, root first, inputs indented below it.
  std::string Explain() const;
};

// Builds the dataflow for `plan`. Errors: 42P01 when a scanned table no
// longer exists, 0A000 for unsupported aggregates, errors from evaluating
// VALUES rows.
Result<std::unique_ptr<Dataflow>> BuildDataflow(const LogicalPlan& plan, ExecContext& ctx);

// Runs `plan` as a one-shot batch: each source in turn pushes its input (a
// scan reads its table's log from seq 1 to the current end, in chunks),
// then barrier 1 and its end. Returns the consolidated result: the rows with
// positive net count, each chunk's weights being the rows' multiplicities;
// in the order the rows (last) appeared, or in the plan's order when its top
// (below projections and a limit) is a sort. LIMIT/OFFSET applied.
// Errors: any operator's (22012 ...), 57014 when ctx.cancel is set.
Result<std::vector<Chunk>> RunBatchQuery(const LogicalPlan& plan, ExecContext& ctx);

}  // namespace kappa
