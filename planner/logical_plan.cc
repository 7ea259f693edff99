#include "planner/logical_plan.h"

#include "common/value_format.h"

namespace kappa {

namespace {

std::string Exprs(const std::vector<BoundExprPtr>& exprs) {
  std::string s = "[";
  for (size_t i = 0; i < exprs.size(); ++i) {
    if (i) s += ", ";
    s += exprs[i] ? exprs[i]->ToString() : std::string("?");
  }
  return s + "]";
}

std::string Keys(const std::vector<SortKey>& keys) {
  std::string s = "[";
  for (size_t i = 0; i < keys.size(); ++i) {
    if (i) s += ", ";
    s += keys[i].expr->ToString();
    if (keys[i].descending) s += " DESC";
    // Only the non-default NULLS placement is shown (PostgreSQL's default:
    // NULLS LAST for ASC, NULLS FIRST for DESC).
    if (keys[i].nulls_first != keys[i].descending) {
      s += keys[i].nulls_first ? " NULLS FIRST" : " NULLS LAST";
    }
  }
  return s + "]";
}

const char* JoinName(LogicalJoinType t) {
  switch (t) {
    case LogicalJoinType::kInner: return "Inner";
    case LogicalJoinType::kLeft: return "Left";
    case LogicalJoinType::kRight: return "Right";
    case LogicalJoinType::kFull: return "Full";
    case LogicalJoinType::kSemi: return "Semi";
    case LogicalJoinType::kAnti: return "Anti";
    case LogicalJoinType::kAntiNullAware: return "Anti (NOT IN)";
  }
  return "?";
}

}  // namespace

std::vector<DataType> LogicalPlan::Types() const {
  std::vector<DataType> types;
  types.reserve(columns.size());
  for (const auto& c : columns) types.push_back(c.type);
  return types;
}

std::string LogicalPlan::ToString(int indent) const {
  std::string s(static_cast<size_t>(indent) * 2, ' ');
  switch (kind) {
    case LogicalKind::kScan: {
      s += "Scan " + table_name + " [";
      for (size_t i = 0; i < scan_columns.size(); ++i) {
        if (i) s += ", ";
        s += i < columns.size() ? columns[i].name : std::to_string(scan_columns[i]);
      }
      s += "]";
      break;
    }
    case LogicalKind::kValues:
      s += "Values rows=" + std::to_string(values.size());
      break;
    case LogicalKind::kFilter:
      s += "Filter " + (predicate ? predicate->ToString() : std::string("true"));
      break;
    case LogicalKind::kProject:
      s += "Project " + Exprs(exprs);
      break;
    case LogicalKind::kJoin:
      s += std::string("Join ") + JoinName(join_type);
      if (!left_keys.empty()) s += " keys=" + Exprs(left_keys) + " = " + Exprs(right_keys);
      if (predicate) s += " filter=" + predicate->ToString();
      break;
    case LogicalKind::kAggregate: {
      s += "Aggregate groups=" + Exprs(group_exprs) + " aggs=[";
      for (size_t i = 0; i < aggregates.size(); ++i) {
        if (i) s += ", ";
        s += aggregates[i].name;
      }
      s += "]";
      break;
    }
    case LogicalKind::kDistinct:
      s += "Distinct";
      break;
    case LogicalKind::kSort:
      s += "Sort " + Keys(sort_keys);
      break;
    case LogicalKind::kLimit:
      s += "Limit";
      if (limit >= 0) s += " limit=" + std::to_string(limit);
      if (offset > 0) s += " offset=" + std::to_string(offset);
      break;
    case LogicalKind::kUnion:
      s += union_all ? "Union All" : "Union";
      break;
    case LogicalKind::kSetOp:
      s += set_op_kind == SetOpKind::kIntersect ? "Intersect" : "Except";
      if (union_all) s += " All";
      break;
    case LogicalKind::kWindow:
      s += "Window row_number() partition=" + Exprs(partition_exprs) + " order=" + Keys(sort_keys);
      break;
    case LogicalKind::kHop:
      s += "Hop time=#" + std::to_string(hop_time_column) +
           " slide=" + FormatInterval(Interval{0, 0, hop_slide_us}) +
           " size=" + FormatInterval(Interval{0, 0, hop_size_us});
      break;
    case LogicalKind::kSession:
      s += "Session time=#" + std::to_string(session_time_column) +
           " gap=" + FormatInterval(Interval{0, 0, session_gap_us}) + " partition=[";
      for (size_t i = 0; i < session_partition_columns.size(); ++i) {
        s += (i > 0 ? ", #" : "#") + std::to_string(session_partition_columns[i]);
      }
      s += "]";
      break;
  }
  s += "\n";
  for (const auto& c : children) s += c->ToString(indent + 1);
  return s;
}

}  // namespace kappa
