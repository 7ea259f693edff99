#include "sql/binder/expr_util.h"

#include <cstring>

#include "sql/catalog.h"

namespace kappa::binder {

BoundExprPtr MarkerRef(Marker m, int ordinal, DataType type, int location) {
  auto e = BoundExpr::ColumnRef(MakeMarker(m, ordinal), type);
  e->location = location;
  return e;
}

bool ValueEqual(const Value& a, const Value& b) {
  if (a.type != b.type || a.is_null != b.is_null) return false;
  if (a.is_null) return true;
  switch (Physical(a.type)) {
    case PhysicalKind::kInt64: return a.i == b.i;
    case PhysicalKind::kFloat64: return std::memcmp(&a.f, &b.f, sizeof(double)) == 0;
    case PhysicalKind::kDecimal: return a.d.unscaled == b.d.unscaled && a.d.scale == b.d.scale;
    case PhysicalKind::kString: return a.s == b.s;
    case PhysicalKind::kInterval:
      return a.iv.months == b.iv.months && a.iv.days == b.iv.days && a.iv.micros == b.iv.micros;
  }
  return false;
}

bool BoundEqual(const BoundExpr& a, const BoundExpr& b) {
  if (a.kind != b.kind || a.type != b.type || a.children.size() != b.children.size()) {
    return false;
  }
  switch (a.kind) {
    case BoundExprKind::kColumnRef:
      if (a.column_index != b.column_index) return false;
      break;
    case BoundExprKind::kConstant:
      if (!ValueEqual(a.constant, b.constant)) return false;
      break;
    case BoundExprKind::kParam:
      if (a.param_index != b.param_index) return false;
      break;
    case BoundExprKind::kFunction:
      if (a.function != b.function) return false;
      // Volatile functions (random()) are never "the same expression".
      if (a.function != nullptr && a.function->volatile_fn) return false;
      break;
    default:
      break;
  }
  if (a.negated != b.negated || a.has_else != b.has_else) return false;
  for (size_t i = 0; i < a.children.size(); ++i) {
    if (!BoundEqual(*a.children[i], *b.children[i])) return false;
  }
  return true;
}

void VisitExpr(const BoundExpr& e, const std::function<bool(const BoundExpr&)>& fn) {
  if (!fn(e)) return;
  for (const auto& c : e.children) VisitExpr(*c, fn);
}

bool HasMarker(const BoundExpr& e, Marker m) {
  bool found = false;
  VisitExpr(e, [&](const BoundExpr& n) {
    if (found) return false;
    if (n.kind == BoundExprKind::kColumnRef && MarkerOf(n.column_index) == m) found = true;
    return !found;
  });
  return found;
}

bool HasInputColumns(const BoundExpr& e) { return HasMarker(e, Marker::kNone); }

namespace {
void ForEachColumnRef(BoundExpr* e, const std::function<void(BoundExpr*)>& fn) {
  if (e->kind == BoundExprKind::kColumnRef) fn(e);
  for (auto& c : e->children) ForEachColumnRef(c.get(), fn);
}
}  // namespace

void ShiftColumns(BoundExpr* e, int delta) {
  ForEachColumnRef(e, [&](BoundExpr* n) {
    if (MarkerOf(n->column_index) == Marker::kNone) n->column_index += delta;
  });
}

void RemapColumns(BoundExpr* e, const std::vector<int>& mapping) {
  ForEachColumnRef(e, [&](BoundExpr* n) {
    if (MarkerOf(n->column_index) == Marker::kNone) n->column_index = mapping[n->column_index];
  });
}

void SplitConjuncts(BoundExprPtr e, std::vector<BoundExprPtr>* out) {
  if (e == nullptr) return;
  if (e->kind == BoundExprKind::kAnd) {
    for (auto& c : e->children) SplitConjuncts(std::move(c), out);
    return;
  }
  out->push_back(std::move(e));
}

BoundExprPtr MakeAnd(std::vector<BoundExprPtr> conjuncts) {
  if (conjuncts.empty()) return nullptr;
  if (conjuncts.size() == 1) return std::move(conjuncts[0]);
  auto e = std::make_unique<BoundExpr>(BoundExprKind::kAnd, DataType(TypeId::kBool));
  e->children = std::move(conjuncts);
  return e;
}

BoundExprPtr MakeFunction(const ResolvedFunction& resolved, std::string name,
                          std::vector<BoundExprPtr> args, int location) {
  auto e = std::make_unique<BoundExpr>(BoundExprKind::kFunction, resolved.return_type);
  e->function = resolved.function;
  e->function_name = std::move(name);
  e->children = std::move(args);
  e->location = location;
  return e;
}

BoundExprPtr MakeCast(BoundExprPtr e, const DataType& type) {
  auto c = std::make_unique<BoundExpr>(BoundExprKind::kCast, type);
  c->location = e->location;
  c->children.push_back(std::move(e));
  return c;
}

// ---------------------------------------------------------------- plans

LogicalPlanPtr MakeScanPlan(const TableInfo& table) {
  auto p = std::make_unique<LogicalPlan>(LogicalKind::kScan);
  p->table_id = table.id;
  p->table_name = table.name;
  for (size_t i = 0; i < table.columns.size(); ++i) {
    const auto& c = table.columns[i];
    p->scan_columns.push_back(static_cast<int>(i));
    p->columns.push_back(LogicalColumn{c.name, c.type, !c.not_null});
  }
  return p;
}

LogicalPlanPtr MakeProject(LogicalPlanPtr input, std::vector<BoundExprPtr> exprs,
                           std::vector<std::string> names) {
  auto p = std::make_unique<LogicalPlan>(LogicalKind::kProject);
  for (size_t i = 0; i < exprs.size(); ++i) {
    bool nullable = true;
    const BoundExpr& e = *exprs[i];
    if (e.kind == BoundExprKind::kColumnRef && e.column_index >= 0 &&
        e.column_index < static_cast<int>(input->columns.size())) {
      nullable = input->columns[e.column_index].nullable;
    } else if (e.kind == BoundExprKind::kConstant) {
      nullable = e.constant.is_null;
    }
    p->columns.push_back(LogicalColumn{i < names.size() ? names[i] : "?column?", e.type, nullable});
  }
  p->exprs = std::move(exprs);
  p->children.push_back(std::move(input));
  return p;
}

LogicalPlanPtr MakeFilter(LogicalPlanPtr input, BoundExprPtr predicate) {
  auto p = std::make_unique<LogicalPlan>(LogicalKind::kFilter);
  p->columns = input->columns;
  p->predicate = std::move(predicate);
  p->children.push_back(std::move(input));
  return p;
}

LogicalPlanPtr MakeJoin(LogicalPlanPtr left, LogicalPlanPtr right, LogicalJoinType type,
                        std::vector<BoundExprPtr> left_keys,
                        std::vector<BoundExprPtr> right_keys, BoundExprPtr residual) {
  auto p = std::make_unique<LogicalPlan>(LogicalKind::kJoin);
  p->join_type = type;
  p->columns = left->columns;
  bool semi = type == LogicalJoinType::kSemi || type == LogicalJoinType::kAnti ||
              type == LogicalJoinType::kAntiNullAware;
  if (!semi) {
    if (type == LogicalJoinType::kRight || type == LogicalJoinType::kFull) {
      for (auto& c : p->columns) c.nullable = true;
    }
    for (auto c : right->columns) {
      if (type == LogicalJoinType::kLeft || type == LogicalJoinType::kFull) c.nullable = true;
      p->columns.push_back(std::move(c));
    }
  }
  p->left_keys = std::move(left_keys);
  p->right_keys = std::move(right_keys);
  p->predicate = std::move(residual);
  p->children.push_back(std::move(left));
  p->children.push_back(std::move(right));
  return p;
}

LogicalPlanPtr MakeTruncatingProject(LogicalPlanPtr input, int n) {
  std::vector<BoundExprPtr> exprs;
  std::vector<std::string> names;
  for (int i = 0; i < n; ++i) {
    exprs.push_back(BoundExpr::ColumnRef(i, input->columns[i].type));
    names.push_back(input->columns[i].name);
  }
  return MakeProject(std::move(input), std::move(exprs), std::move(names));
}

namespace {
BoundExprPtr CloneOrNull(const BoundExprPtr& e) { return e ? e->Clone() : nullptr; }
std::vector<BoundExprPtr> CloneAll(const std::vector<BoundExprPtr>& v) {
  std::vector<BoundExprPtr> out;
  out.reserve(v.size());
  for (const auto& e : v) out.push_back(CloneOrNull(e));
  return out;
}
}  // namespace

LogicalPlanPtr ClonePlan(const LogicalPlan& plan) {
  auto p = std::make_unique<LogicalPlan>(plan.kind);
  p->columns = plan.columns;
  for (const auto& c : plan.children) p->children.push_back(ClonePlan(*c));
  p->table_id = plan.table_id;
  p->table_name = plan.table_name;
  p->scan_columns = plan.scan_columns;
  for (const auto& row : plan.values) p->values.push_back(CloneAll(row));
  p->predicate = CloneOrNull(plan.predicate);
  p->exprs = CloneAll(plan.exprs);
  p->join_type = plan.join_type;
  p->left_keys = CloneAll(plan.left_keys);
  p->right_keys = CloneAll(plan.right_keys);
  p->group_exprs = CloneAll(plan.group_exprs);
  for (const auto& a : plan.aggregates) {
    LogicalAggregate c;
    c.agg = a.agg;
    c.arg = CloneOrNull(a.arg);
    c.arg2 = CloneOrNull(a.arg2);
    c.filter = CloneOrNull(a.filter);
    c.distinct = a.distinct;
    c.name = a.name;
    p->aggregates.push_back(std::move(c));
  }
  for (const auto& k : plan.sort_keys) {
    p->sort_keys.push_back(SortKey{CloneOrNull(k.expr), k.descending, k.nulls_first});
  }
  p->limit = plan.limit;
  p->offset = plan.offset;
  p->union_all = plan.union_all;
  p->set_op_kind = plan.set_op_kind;
  p->partition_exprs = CloneAll(plan.partition_exprs);
  return p;
}

void ForEachPlanExpr(LogicalPlan* plan, const std::function<void(BoundExprPtr&)>& fn) {
  auto each = [&](BoundExprPtr& e) {
    if (e) fn(e);
  };
  for (auto& row : plan->values) for (auto& e : row) each(e);
  each(plan->predicate);
  for (auto& e : plan->exprs) each(e);
  for (auto& e : plan->left_keys) each(e);
  for (auto& e : plan->right_keys) each(e);
  for (auto& e : plan->group_exprs) each(e);
  for (auto& a : plan->aggregates) {
    each(a.arg);
    each(a.arg2);
    each(a.filter);
  }
  for (auto& k : plan->sort_keys) each(k.expr);
  for (auto& e : plan->partition_exprs) each(e);
  for (auto& c : plan->children) ForEachPlanExpr(c.get(), fn);
}

bool PlanHasMarker(LogicalPlan* plan, Marker m) {
  bool found = false;
  ForEachPlanExpr(plan, [&](BoundExprPtr& e) {
    if (!found && HasMarker(*e, m)) found = true;
  });
  return found;
}

}  // namespace kappa::binder
