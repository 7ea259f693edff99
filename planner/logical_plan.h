// The logical plan: a tree of relational operators over bound expressions.
// The binder (sql/binder) produces it from a query; the physical planner
// (planner/physical_planner.h) turns it into an operator dataflow
// (executor/operator.h). The same logical plan serves a one-shot batch
// query and an incremental materialized view.
//
// Every node has an output schema (`columns`). Expressions in a node refer to
// the columns of its input(s) by index: for a join, the left input's columns
// come first, then the right input's.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "common/types.h"
#include "executor/aggregate_function.h"
#include "sql/bound_expr.h"

namespace kappa {

struct LogicalColumn {
  std::string name;  // output name ("?column?" when PostgreSQL would say so)
  DataType type;
  bool nullable = true;
};

enum class LogicalKind {
  kScan,       // a table's log (or a view's contents): table_id, scan_columns
  kValues,     // literal rows: values (rows of constant/param expressions)
  kFilter,     // predicate over input
  kProject,    // exprs over input
  kJoin,       // join_type, left_keys = right_keys (equi), residual predicate
  kAggregate,  // group_exprs, aggregates; output = groups then aggregates
  kDistinct,   // removes duplicate rows
  kSort,       // sort_keys
  kLimit,      // limit/offset (after sort: top-N)
  kUnion,      // union_all: UNION ALL if true, else UNION (distinct)
  kSetOp,      // INTERSECT/EXCEPT [ALL]: set_op_kind, union_all = ALL
  kWindow,     // row_number() OVER (PARTITION BY ... ORDER BY ...): appends one int8 column
  kHop,        // HOP window: each input row becomes hop_size_us / hop_slide_us rows, one per
               // window holding its hop_time_column; appends window_start, window_end
  kSession,    // SESSION window: per partition (session_partition_columns), rows whose
               // session_time_column values are less than session_gap_us apart form a
               // session; appends its window_start, window_end (executor/session_window_operator.h)
};

enum class LogicalJoinType {
  kInner,
  kLeft,
  kRight,
  kFull,
  kSemi,      // left rows with at least one match (EXISTS, IN)
  kAnti,      // left rows with no match (NOT EXISTS)
  kAntiNullAware,  // NOT IN: no match, and no NULL on either side of the keys
                   // (PostgreSQL's NOT IN semantics)
};

struct LogicalAggregate {
  ResolvedAggregate agg;
  BoundExprPtr arg;      // null for count(*)
  BoundExprPtr arg2;     // second argument (string_agg delimiter), else null
  BoundExprPtr filter;   // FILTER (WHERE ...), else null
  bool distinct = false;
  std::string name;      // for EXPLAIN
};

struct SortKey {
  BoundExprPtr expr;
  bool descending = false;
  bool nulls_first = false;  // already resolved to PostgreSQL's default if unspecified
};

struct LogicalPlan;
using LogicalPlanPtr = std::unique_ptr<LogicalPlan>;

struct LogicalPlan {
  LogicalKind kind;
  std::vector<LogicalColumn> columns;   // output schema
  std::vector<LogicalPlanPtr> children;  // inputs (join: [left, right])

  // kScan
  uint64_t table_id = 0;
  std::string table_name;
  std::vector<int> scan_columns;         // which table columns, in output order

  // kValues
  std::vector<std::vector<BoundExprPtr>> values;

  // kFilter (predicate), kJoin (residual, may be null)
  BoundExprPtr predicate;

  // kProject
  std::vector<BoundExprPtr> exprs;

  // kJoin
  LogicalJoinType join_type = LogicalJoinType::kInner;
  std::vector<BoundExprPtr> left_keys;   // over the left input's columns
  std::vector<BoundExprPtr> right_keys;  // over the right input's columns

  // kAggregate
  std::vector<BoundExprPtr> group_exprs;
  std::vector<LogicalAggregate> aggregates;

  // kSort, kWindow (order within partition)
  std::vector<SortKey> sort_keys;

  // kLimit: -1 = no limit
  int64_t limit = -1;
  int64_t offset = 0;

  // kUnion, kSetOp
  bool union_all = false;
  enum class SetOpKind { kIntersect, kExcept } set_op_kind = SetOpKind::kIntersect;

  // kWindow
  std::vector<BoundExprPtr> partition_exprs;

  // kHop: the time column (timestamp/timestamptz) of the input, and the
  // slide and size in microseconds (0 < slide, size % slide == 0).
  int hop_time_column = -1;
  int64_t hop_slide_us = 0;
  int64_t hop_size_us = 0;

  // kSession: the time column (timestamp/timestamptz) of the input, the gap in
  // microseconds (> 0), and the input columns that partition the sessions.
  int session_time_column = -1;
  int64_t session_gap_us = 0;
  std::vector<int> session_partition_columns;

  explicit LogicalPlan(LogicalKind k) : kind(k) {}

  std::vector<DataType> Types() const;
  // One operator per line, indented by depth, for EXPLAIN.
  std::string ToString(int indent = 0) const;
};

}  // namespace kappa
