// The binder's front door: BindQuery, BindInsertSource, BindRowExpression,
// CoerceToColumn.
#include "sql/binder/binder.h"

#include "sql/binder/query_binder.h"
#include "sql/parse/parser.h"

namespace kappa {

namespace {

using binder::Marker;
using binder::MarkerOf;

// Gives every parameter node its final type (unresolved parameters are
// text, like PostgreSQL's unknown) and checks that no binder marker leaked.
Status FinalizeExpr(BoundExpr* e, BindContext& ctx) {
  if (e->kind == BoundExprKind::kParam && e->param_index >= 0 &&
      e->param_index < static_cast<int>(ctx.param_types.size())) {
    if (ctx.param_types[e->param_index].id == TypeId::kUnknown) {
      ctx.param_types[e->param_index] = DataType(TypeId::kText);
    }
    if (e->type.id == TypeId::kUnknown) e->type = ctx.param_types[e->param_index];
  }
  if (e->kind == BoundExprKind::kColumnRef && MarkerOf(e->column_index) != Marker::kNone) {
    return Status::Internal("binder left an unresolved reference in the plan");
  }
  for (auto& c : e->children) KAPPA_RETURN_IF_ERROR(FinalizeExpr(c.get(), ctx));
  return Status::OK();
}

Status FinalizePlan(LogicalPlan* plan, BindContext& ctx) {
  Status st;
  binder::ForEachPlanExpr(plan, [&](BoundExprPtr& e) {
    if (st.ok()) st = FinalizeExpr(e.get(), ctx);
  });
  KAPPA_RETURN_IF_ERROR(st);
  for (auto& t : ctx.param_types) {
    if (t.id == TypeId::kUnknown) t = DataType(TypeId::kText);
  }
  return Status::OK();
}

void SetLocations(BoundExpr* e, int location) {
  e->location = location;
  for (auto& c : e->children) SetLocations(c.get(), location);
}

// The value of DEFAULT (at `location`) in an INSERT's VALUES row: the
// column's DEFAULT expression (SQL text, "" = none: NULL of the type),
// coerced to the column type. Positions point at the DEFAULT keyword, never
// into the default's own text.
Result<BoundExprPtr> BindColumnDefault(binder::QueryBinder& b, const std::string& text,
                                       const DataType& type, const std::string& name,
                                       int location, BindContext& ctx) {
  if (text.empty()) {
    BoundExprPtr null = BoundExpr::Constant(Value::Null(type));
    null->location = location;
    return null;
  }
  auto at_default = [&](const Status& s) {
    return Status(s).WithoutPosition().WithPosition(location);
  };
  auto parsed = ParseSql("SELECT " + text);
  if (!parsed.ok()) return at_default(parsed.status());
  const auto* sel = parsed->size() == 1
                        ? dynamic_cast<const ast::SelectStatement*>((*parsed)[0].get())
                        : nullptr;
  if (sel == nullptr || sel->select == nullptr || sel->select->targets.size() != 1 ||
      sel->select->targets[0].expr == nullptr) {
    return Status::Internal("bad DEFAULT expression for column \"" + name + "\": " + text);
  }
  binder::ExprState es;
  es.clause = binder::Clause::kValues;
  // No block state: the default cannot refer to columns.
  auto bound = b.BindExpr(*sel->select->targets[0].expr, nullptr, es);
  if (!bound.ok()) return at_default(bound.status());
  BoundExprPtr e = std::move(bound).value();
  SetLocations(e.get(), location);
  auto coerced = binder::CoerceAssign(std::move(e), type, name, &ctx);
  if (!coerced.ok()) return at_default(coerced.status());
  return coerced;
}

}  // namespace

Result<BoundQuery> BindQuery(const ast::SelectStmt& stmt, BindContext& ctx) {
  binder::QueryBinder b(ctx);
  KAPPA_ASSIGN_OR_RETURN(auto plan, b.BindQueryNode(stmt, nullptr, 0));
  KAPPA_RETURN_IF_ERROR(b.ResolveUnknownOutputs(&plan));
  KAPPA_RETURN_IF_ERROR(FinalizePlan(plan.get(), ctx));
  BoundQuery q;
  q.plan = std::move(plan);
  q.referenced_tables = b.TakeReferencedTables();
  return q;
}

Result<BoundQuery> BindInsertSource(const ast::SelectStmt& source,
                                    const std::vector<DataType>& target_types,
                                    const std::vector<std::string>& target_names,
                                    BindContext& ctx,
                                    const std::vector<std::string>* target_defaults) {
  binder::QueryBinder b(ctx);
  const size_t n = target_types.size();
  if (target_defaults != nullptr && target_defaults->size() != n) {
    return Status::Internal("BindInsertSource: one default per target column expected");
  }
  LogicalPlanPtr plan;
  const bool plain_values = source.set_op == ast::SetOp::kNone && !source.values_rows.empty() &&
                            source.ctes.empty() && source.order_by.empty() &&
                            source.limit == nullptr && source.offset == nullptr;
  if (plain_values) {
    auto node = std::make_unique<LogicalPlan>(LogicalKind::kValues);
    binder::ExprState es;
    es.clause = binder::Clause::kValues;
    for (const auto& row : source.values_rows) {
      if (row.size() > n) {
        return Status::Error(sqlstate::kSyntaxError,
                             "INSERT has more expressions than target columns",
                             row[n]->location);
      }
      if (row.size() < n) {
        return Status::Error(sqlstate::kSyntaxError,
                             "INSERT has more target columns than expressions",
                             row.empty() ? source.location : row.back()->location);
      }
      std::vector<BoundExprPtr> out;
      for (size_t i = 0; i < n; ++i) {
        if (row[i]->kind == ast::ExprKind::kDefault) {
          static const std::string kNone;
          KAPPA_ASSIGN_OR_RETURN(
              auto e, BindColumnDefault(b, target_defaults ? (*target_defaults)[i] : kNone,
                                        target_types[i], target_names[i], row[i]->location,
                                        ctx));
          out.push_back(std::move(e));
          continue;
        }
        KAPPA_ASSIGN_OR_RETURN(auto e, b.BindExpr(*row[i], nullptr, es));
        if (e->location == 0) e->location = row[i]->location;
        KAPPA_ASSIGN_OR_RETURN(e, binder::CoerceAssign(std::move(e), target_types[i],
                                                       target_names[i], &ctx));
        out.push_back(std::move(e));
      }
      node->values.push_back(std::move(out));
    }
    for (size_t i = 0; i < n; ++i) {
      node->columns.push_back(LogicalColumn{target_names[i], target_types[i], true});
    }
    plan = std::move(node);
  } else {
    KAPPA_ASSIGN_OR_RETURN(plan, b.BindQueryNode(source, nullptr, 0));
    if (plan->columns.size() > n) {
      return Status::Error(sqlstate::kSyntaxError,
                           "INSERT has more expressions than target columns", source.location);
    }
    if (plan->columns.size() < n) {
      return Status::Error(sqlstate::kSyntaxError,
                           "INSERT has more target columns than expressions", source.location);
    }
    for (size_t i = 0; i < n; ++i) {
      KAPPA_RETURN_IF_ERROR(b.CoerceOutput(&plan, static_cast<int>(i), target_types[i],
                                           CastContext::kAssignment, target_names[i]));
    }
  }
  KAPPA_RETURN_IF_ERROR(FinalizePlan(plan.get(), ctx));
  BoundQuery q;
  q.plan = std::move(plan);
  q.referenced_tables = b.TakeReferencedTables();
  return q;
}

namespace {

binder::BlockState RowState(const TableInfo& table, const std::string& alias) {
  binder::BlockState st;
  binder::ScopeItem item;
  item.refname = alias.empty() ? table.name : alias;
  if (alias.empty()) item.schema = table.schema;
  for (size_t i = 0; i < table.columns.size(); ++i) {
    item.columns.push_back(
        binder::ScopeColumn{table.columns[i].name, static_cast<int>(i), table.columns[i].type});
    st.scope.origins.push_back(
        binder::ColumnOrigin{item.refname + "." + table.columns[i].name, {}});
  }
  st.scope.items.push_back(std::move(item));
  return st;
}

}  // namespace

Result<BoundExprPtr> BindRowExpression(const ast::Expr& expr, const TableInfo& table,
                                       const std::string& alias, BindContext& ctx) {
  binder::QueryBinder b(ctx);
  binder::BlockState st = RowState(table, alias);
  binder::ExprState es;
  es.clause = binder::Clause::kRow;
  KAPPA_ASSIGN_OR_RETURN(auto e, b.BindExpr(expr, &st, es));
  if (e->location == 0) e->location = expr.location;
  if (!st.subqueries.empty() || !st.aggregates.empty() || !st.windows.empty()) {
    return Status::NotSupported("subqueries are not supported here yet", expr.location);
  }
  return e;
}

Result<BoundExprPtr> BindRowCondition(const ast::Expr& expr, const TableInfo& table,
                                      const std::string& alias, const char* construct,
                                      BindContext& ctx) {
  KAPPA_ASSIGN_OR_RETURN(auto e, BindRowExpression(expr, table, alias, ctx));
  binder::QueryBinder b(ctx);
  return b.RequireBoolean(std::move(e), construct);
}

Result<BoundExprPtr> CoerceToColumn(BoundExprPtr expr, const DataType& target,
                                    const std::string& column_name, BindContext& ctx) {
  return binder::CoerceAssign(std::move(expr), target, column_name, &ctx);
}

void FinalizeParamTypes(BindContext& ctx) {
  for (auto& t : ctx.param_types) {
    if (t.id == TypeId::kUnknown) t = DataType(TypeId::kText);
  }
}

}  // namespace kappa
