// UNION [ALL] / INTERSECT [ALL] / EXCEPT [ALL]: column counts must match,
// each column takes the common type of both sides (literals are parsed as
// that type in place), names come from the left side. ORDER BY applies to
// the result (output names and ordinals only), then LIMIT/OFFSET.
#include "sql/binder/query_binder.h"

namespace kappa::binder {

Result<LogicalPlanPtr> QueryBinder::BindSetOperation(const ast::SelectStmt& stmt,
                                                     BlockState* outer, int depth) {
  const char* construct = stmt.set_op == ast::SetOp::kUnion       ? "UNION"
                          : stmt.set_op == ast::SetOp::kIntersect ? "INTERSECT"
                                                                  : "EXCEPT";
  KAPPA_ASSIGN_OR_RETURN(auto left, BindQueryNode(*stmt.left, outer, depth));
  KAPPA_ASSIGN_OR_RETURN(auto right, BindQueryNode(*stmt.right, outer, depth));
  if (left->columns.size() != right->columns.size()) {
    int location = stmt.right->location;
    if (location == 0 && !stmt.right->targets.empty()) location = stmt.right->targets[0].location;
    return Status::Error(sqlstate::kSyntaxError,
                         std::string("each ") + construct +
                             " query must have the same number of columns",
                         location);
  }
  for (size_t i = 0; i < left->columns.size(); ++i) {
    auto common = CommonType({left->columns[i].type, right->columns[i].type}, construct);
    if (!common.ok()) {
      Status s = common.status();
      s.WithPosition(stmt.right->location);
      return s;
    }
    const std::string& name = left->columns[i].name;
    KAPPA_RETURN_IF_ERROR(
        CoerceOutput(&left, static_cast<int>(i), *common, CastContext::kImplicit, name));
    KAPPA_RETURN_IF_ERROR(
        CoerceOutput(&right, static_cast<int>(i), *common, CastContext::kImplicit, name));
  }
  LogicalPlanPtr node;
  if (stmt.set_op == ast::SetOp::kUnion) {
    node = std::make_unique<LogicalPlan>(LogicalKind::kUnion);
  } else {
    node = std::make_unique<LogicalPlan>(LogicalKind::kSetOp);
    node->set_op_kind = stmt.set_op == ast::SetOp::kIntersect
                            ? LogicalPlan::SetOpKind::kIntersect
                            : LogicalPlan::SetOpKind::kExcept;
  }
  node->union_all = stmt.set_all;
  for (size_t i = 0; i < left->columns.size(); ++i) {
    LogicalColumn c = left->columns[i];
    c.nullable = left->columns[i].nullable || right->columns[i].nullable;
    node->columns.push_back(std::move(c));
  }
  node->children.push_back(std::move(left));
  node->children.push_back(std::move(right));
  KAPPA_RETURN_IF_ERROR(BindOutputOrderBy(stmt.order_by, "UNION/INTERSECT/EXCEPT", &node));
  KAPPA_RETURN_IF_ERROR(BindLimitOffset(stmt, &node));
  return node;
}

}  // namespace kappa::binder
