// VALUES lists, coercion of a plan's output columns (set operations, INSERT
// sources, unknown -> text), and the INSERT source.
#include "sql/binder/query_binder.h"

namespace kappa::binder {

Result<LogicalPlanPtr> QueryBinder::BindValues(const ast::SelectStmt& stmt, BlockState* outer,
                                               int depth) {
  const auto& rows = stmt.values_rows;
  const size_t width = rows[0].size();
  ExprState es;
  es.clause = Clause::kValues;
  std::vector<std::vector<BoundExprPtr>> bound;
  for (const auto& row : rows) {
    if (row.size() != width) {
      return Status::Error(sqlstate::kSyntaxError, "VALUES lists must all be the same length",
                           row.empty() ? stmt.location : row[0]->location);
    }
    std::vector<BoundExprPtr> out;
    for (const auto& e : row) {
      KAPPA_ASSIGN_OR_RETURN(auto b, BindExpr(*e, nullptr, es));
      out.push_back(std::move(b));
    }
    bound.push_back(std::move(out));
  }
  auto node = std::make_unique<LogicalPlan>(LogicalKind::kValues);
  for (size_t c = 0; c < width; ++c) {
    std::vector<BoundExprPtr*> column;
    for (auto& r : bound) column.push_back(&r[c]);
    // A single row keeps unknown literals unknown (resolved by context).
    DataType t = bound[0][c]->type;
    if (bound.size() > 1) {
      auto common = CoerceToCommon(column, "VALUES");
      if (!common.ok()) {
        Status s = common.status();
        s.WithPosition(rows[1][c]->location);
        return s;
      }
      t = *common;
    }
    bool nullable = false;
    for (auto& r : bound) {
      nullable = nullable || r[c]->kind != BoundExprKind::kConstant || r[c]->constant.is_null;
    }
    node->columns.push_back(LogicalColumn{"column" + std::to_string(c + 1), t, nullable});
  }
  node->values = std::move(bound);
  LogicalPlanPtr plan = std::move(node);
  KAPPA_RETURN_IF_ERROR(BindOutputOrderBy(stmt.order_by, "VALUES", &plan));
  KAPPA_RETURN_IF_ERROR(BindLimitOffset(stmt, &plan));
  return plan;
}

namespace {

void RetypeColumnRefs(BoundExpr* e, int index, const DataType& t) {
  if (e->kind == BoundExprKind::kColumnRef && e->column_index == index) e->type = t;
  for (auto& c : e->children) RetypeColumnRefs(c.get(), index, t);
}

}  // namespace

Status QueryBinder::CoerceOutput(LogicalPlanPtr* plan, int i, const DataType& target,
                                 CastContext cc, const std::string& column_name) {
  if ((*plan)->columns[i].type == target) return Status::OK();
  auto coerce = [&](BoundExprPtr e) -> Result<BoundExprPtr> {
    if (cc == CastContext::kAssignment) {
      return CoerceAssign(std::move(e), target, column_name, &ctx_);
    }
    return Coerce(std::move(e), target, cc);
  };
  // Find the node producing the column through schema-preserving nodes.
  std::vector<LogicalPlan*> path;
  LogicalPlan* x = plan->get();
  while (x->kind == LogicalKind::kSort || x->kind == LogicalKind::kLimit ||
         x->kind == LogicalKind::kDistinct || x->kind == LogicalKind::kFilter) {
    path.push_back(x);
    x = x->children[0].get();
  }
  const bool in_place = (x->kind == LogicalKind::kProject &&
                         static_cast<int>(x->exprs.size()) > i) ||
                        x->kind == LogicalKind::kValues;
  // Only unknown literals need the in-place treatment (they must be parsed
  // as the target type); typed columns get a cast on top.
  bool unknown = (*plan)->columns[i].type.id == TypeId::kUnknown;
  if (in_place && unknown) {
    if (x->kind == LogicalKind::kProject) {
      KAPPA_ASSIGN_OR_RETURN(x->exprs[i], coerce(std::move(x->exprs[i])));
    } else {
      for (auto& row : x->values) {
        KAPPA_ASSIGN_OR_RETURN(row[i], coerce(std::move(row[i])));
      }
    }
    x->columns[i].type = target;
    for (LogicalPlan* p : path) {
      p->columns[i].type = target;
      if (p->predicate) RetypeColumnRefs(p->predicate.get(), i, target);
      for (auto& k : p->sort_keys) RetypeColumnRefs(k.expr.get(), i, target);
    }
    return Status::OK();
  }
  std::vector<BoundExprPtr> exprs;
  std::vector<std::string> names;
  for (size_t c = 0; c < (*plan)->columns.size(); ++c) {
    auto ref = BoundExpr::ColumnRef(static_cast<int>(c), (*plan)->columns[c].type);
    if (static_cast<int>(c) == i) {
      KAPPA_ASSIGN_OR_RETURN(ref, coerce(std::move(ref)));
    }
    exprs.push_back(std::move(ref));
    names.push_back((*plan)->columns[c].name);
  }
  *plan = MakeProject(std::move(*plan), std::move(exprs), std::move(names));
  return Status::OK();
}

Status QueryBinder::ResolveUnknownOutputs(LogicalPlanPtr* plan) {
  for (size_t i = 0; i < (*plan)->columns.size(); ++i) {
    if ((*plan)->columns[i].type.id == TypeId::kUnknown) {
      KAPPA_RETURN_IF_ERROR(CoerceOutput(plan, static_cast<int>(i), DataType(TypeId::kText),
                                         CastContext::kImplicit, (*plan)->columns[i].name));
    }
  }
  return Status::OK();
}

}  // namespace kappa::binder
