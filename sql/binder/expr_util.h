// Helpers over bound expressions and logical plans used throughout the
// binder: structural equality, rewriting, column-index markers, plan node
// construction and cloning.
#pragma once

#include <functional>
#include <string>
#include <vector>

#include "common/status.h"
#include "executor/function_registry.h"
#include "planner/logical_plan.h"
#include "sql/bound_expr.h"
#include "sql/catalog.h"

namespace kappa::binder {

// While a SELECT block is being bound, some kColumnRef nodes do not yet point
// at a real input column but stand for something whose position is decided
// later. Their column_index encodes (marker << kMarkerShift) | ordinal.
enum class Marker : int {
  kNone = 0,      // a real column of the current input
  kAggregate = 1, // the block's aggregate #ordinal
  kGroup = 2,     // the block's group expression #ordinal
  kWindow = 3,    // the block's window function #ordinal
  kSubquery = 4,  // the block's pending scalar subquery #ordinal
  kOuter = 5,     // column #ordinal of the enclosing block's input (correlation)
};
inline constexpr int kMarkerShift = 24;
inline int MakeMarker(Marker m, int ordinal) {
  return (static_cast<int>(m) << kMarkerShift) | ordinal;
}
inline Marker MarkerOf(int column_index) {
  return column_index < 0 ? Marker::kNone : static_cast<Marker>(column_index >> kMarkerShift);
}
inline int MarkerOrdinal(int column_index) {
  return column_index & ((1 << kMarkerShift) - 1);
}
BoundExprPtr MarkerRef(Marker m, int ordinal, DataType type, int location = 0);

// Structural equality (same kind, type, columns, constants, functions...).
bool BoundEqual(const BoundExpr& a, const BoundExpr& b);
bool ValueEqual(const Value& a, const Value& b);

// Pre-order walk; `fn` returns false to skip a node's children.
void VisitExpr(const BoundExpr& e, const std::function<bool(const BoundExpr&)>& fn);
// True if any kColumnRef in `e` carries marker `m`.
bool HasMarker(const BoundExpr& e, Marker m);
// True if `e` references any real input column (Marker::kNone).
bool HasInputColumns(const BoundExpr& e);
// Adds `delta` to every real input column reference.
void ShiftColumns(BoundExpr* e, int delta);
// Replaces real input column i by mapping[i] (REQUIRES: in range).
void RemapColumns(BoundExpr* e, const std::vector<int>& mapping);

// Splits nested kAnd nodes into their conjuncts.
void SplitConjuncts(BoundExprPtr e, std::vector<BoundExprPtr>* out);
// AND of `conjuncts` (null if empty, the single one if one).
BoundExprPtr MakeAnd(std::vector<BoundExprPtr> conjuncts);

// A kFunction node for a resolved function; `args` must already have the
// types of resolved.arg_casts.
BoundExprPtr MakeFunction(const ResolvedFunction& resolved, std::string name,
                          std::vector<BoundExprPtr> args, int location = 0);
BoundExprPtr MakeCast(BoundExprPtr e, const DataType& type);

// ---------------------------------------------------------------- plans
LogicalPlanPtr MakeScanPlan(const TableInfo& table);
LogicalPlanPtr MakeProject(LogicalPlanPtr input, std::vector<BoundExprPtr> exprs,
                           std::vector<std::string> names);
LogicalPlanPtr MakeFilter(LogicalPlanPtr input, BoundExprPtr predicate);
LogicalPlanPtr MakeJoin(LogicalPlanPtr left, LogicalPlanPtr right, LogicalJoinType type,
                        std::vector<BoundExprPtr> left_keys,
                        std::vector<BoundExprPtr> right_keys, BoundExprPtr residual);
// A Project that keeps the input columns [0, n) only.
LogicalPlanPtr MakeTruncatingProject(LogicalPlanPtr input, int n);

LogicalPlanPtr ClonePlan(const LogicalPlan& plan);

// Calls `fn` on every expression slot of every node of `plan`.
void ForEachPlanExpr(LogicalPlan* plan, const std::function<void(BoundExprPtr&)>& fn);
bool PlanHasMarker(LogicalPlan* plan, Marker m);

}  // namespace kappa::binder
