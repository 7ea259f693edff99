// Query nodes and SELECT blocks: WITH, FROM items (tables, views, CTEs,
// derived tables, joins, TUMBLE), WHERE, and the assembly of the block's
// plan (see binder.h for the shape).
#include <algorithm>

#include "executor/expression_evaluator.h"
#include "sql/binder/query_binder.h"

namespace kappa::binder {

namespace {

std::string JoinName(const ast::QualifiedName& n) {
  std::string out;
  for (size_t i = 0; i < n.size(); ++i) {
    if (i > 0) out += ".";
    out += n[i];
  }
  return out;
}

// Rejects two addressable FROM items with the same name at one level.
Status CheckDuplicateRefnames(const Scope& a, const Scope& b, int location) {
  for (const auto& x : a.items) {
    if (!x.rel_visible || x.refname.empty()) continue;
    for (const auto& y : b.items) {
      if (y.rel_visible && y.refname == x.refname && y.schema == x.schema) {
        return Status::Error("42712", "table name \"" + x.refname + "\" specified more than once",
                             location);
      }
    }
  }
  return Status::OK();
}

// The columns of `scope` that unqualified names and * see, in order.
std::vector<const ScopeColumn*> VisibleColumns(const Scope& scope) {
  std::vector<const ScopeColumn*> out;
  for (const auto& item : scope.items) {
    if (!item.cols_visible) continue;
    for (const auto& c : item.columns) out.push_back(&c);
  }
  return out;
}

constexpr int64_t kMicrosPerDayForWindows = 86400LL * 1000000LL;

LogicalPlanPtr SingleEmptyRow() {
  auto p = std::make_unique<LogicalPlan>(LogicalKind::kValues);
  p->values.emplace_back();  // one row, no columns
  return p;
}

}  // namespace

std::vector<uint64_t> QueryBinder::TakeReferencedTables() {
  return std::vector<uint64_t>(referenced_.begin(), referenced_.end());
}

Result<LogicalPlanPtr> QueryBinder::BindQueryNode(const ast::SelectStmt& stmt, BlockState* outer,
                                                  int depth) {
  DepthGuard guard(this);
  if (guard.exceeded()) return DepthError();
  const size_t cte_mark = ctes_.size();
  struct CtePop {
    std::vector<CteEntry>* v;
    size_t mark;
    ~CtePop() {
      while (v->size() > mark) v->pop_back();
    }
  } pop{&ctes_, cte_mark};
  if (!stmt.ctes.empty()) {
    if (stmt.recursive) {
      return Status::NotSupported("WITH RECURSIVE is not supported yet", stmt.location);
    }
    for (const auto& cte : stmt.ctes) {
      for (size_t i = cte_mark; i < ctes_.size(); ++i) {
        if (ctes_[i].name == cte.name) {
          return Status::Error("42712",
                               "WITH query name \"" + cte.name + "\" specified more than once",
                               cte.location);
        }
      }
      KAPPA_ASSIGN_OR_RETURN(auto plan, BindQueryNode(*cte.query, nullptr, depth));
      KAPPA_RETURN_IF_ERROR(ResolveUnknownOutputs(&plan));
      if (cte.column_aliases.size() > plan->columns.size()) {
        return Status::Error(sqlstate::kInvalidColumnReference,
                             "WITH query \"" + cte.name + "\" has " +
                                 std::to_string(plan->columns.size()) +
                                 " columns available but " +
                                 std::to_string(cte.column_aliases.size()) +
                                 " columns specified",
                             cte.location);
      }
      std::vector<std::string> names;
      for (size_t i = 0; i < plan->columns.size(); ++i) {
        if (i < cte.column_aliases.size()) plan->columns[i].name = cte.column_aliases[i];
        names.push_back(plan->columns[i].name);
      }
      ctes_.push_back(CteEntry{cte.name, &cte, std::move(plan), std::move(names)});
    }
  }
  if (stmt.set_op != ast::SetOp::kNone) return BindSetOperation(stmt, outer, depth);
  if (!stmt.values_rows.empty()) return BindValues(stmt, outer, depth);
  return BindSimpleSelect(stmt, outer, depth);
}

Result<LogicalPlanPtr> QueryBinder::BindSimpleSelect(const ast::SelectStmt& stmt,
                                                     BlockState* outer, int depth) {
  Result<LogicalPlanPtr> r = BindSimpleSelectBlock(stmt, outer, depth);
  if (!r.ok() && r.status().sqlstate() == sqlstate::kFeatureNotSupported) {
    return BindProvablyEmptySelect(stmt, r.status());
  }
  return r;
}

Result<LogicalPlanPtr> QueryBinder::BindSimpleSelectBlock(const ast::SelectStmt& stmt,
                                                          BlockState* outer, int depth) {
  BlockState st;
  st.outer = outer;
  KAPPA_ASSIGN_OR_RETURN(auto plan, BindFromWhere(stmt, &st, depth));
  if (!st.correlated.empty()) {
    return Status::NotSupported(
        "correlated subqueries of this form are not supported (only [NOT] EXISTS, IN and "
        "scalar subqueries correlated by equality in WHERE)",
        stmt.location);
  }
  return FinishSelectBlock(stmt, &st, std::move(plan), depth);
}

// ---------------------------------------------------------------- FROM / WHERE

Result<LogicalPlanPtr> QueryBinder::BindFromWhere(const ast::SelectStmt& stmt, BlockState* st,
                                                  int depth) {
  // Set-returning functions become a join with kappa_catalog.series, and
  // scalar subqueries with outer-only conditions become CASEs (bind_srf.cc).
  RewriteSetReturningFunctions(const_cast<ast::SelectStmt*>(&stmt));
  LogicalPlanPtr plan;
  for (const auto& ref : stmt.from) {
    Scope item_scope;
    KAPPA_ASSIGN_OR_RETURN(auto p, BindFromItem(*ref, &item_scope, depth));
    if (plan == nullptr) {
      plan = std::move(p);
      st->scope = std::move(item_scope);
      continue;
    }
    KAPPA_RETURN_IF_ERROR(CheckDuplicateRefnames(st->scope, item_scope, ref->location));
    item_scope.Shift(static_cast<int>(plan->columns.size()));
    plan = MakeJoin(std::move(plan), std::move(p), LogicalJoinType::kInner, {}, {}, nullptr);
    st->scope.Append(std::move(item_scope));
  }
  if (plan == nullptr) plan = SingleEmptyRow();
  if (stmt.where == nullptr) return plan;

  // Top-level conjuncts: [NOT] IN / EXISTS (subquery) become semi/anti joins,
  // the rest filters, pushed into the FROM joins where possible.
  std::vector<const ast::Expr*> conjuncts;
  std::vector<const ast::Expr*> stack{stmt.where.get()};
  while (!stack.empty()) {
    const ast::Expr* x = stack.back();
    stack.pop_back();
    if (x->kind == ast::ExprKind::kBinary && (x->op == "AND" || x->op == "and")) {
      stack.push_back(x->children[1].get());
      stack.push_back(x->children[0].get());
    } else {
      conjuncts.push_back(x);
    }
  }
  const bool split = conjuncts.size() > 1;
  std::vector<BoundExprPtr> filters;
  std::vector<const ast::Expr*> semis;
  ExprState es;
  es.clause = Clause::kWhere;
  for (const ast::Expr* c : conjuncts) {
    const ast::Expr* inner = c;
    if (inner->kind == ast::ExprKind::kUnary && (inner->op == "NOT" || inner->op == "not")) {
      inner = inner->children[0].get();
    }
    if (inner->kind == ast::ExprKind::kExists || inner->kind == ast::ExprKind::kInSubquery ||
        (inner->kind == ast::ExprKind::kAnyAll && inner->subquery != nullptr)) {
      semis.push_back(c);
      continue;
    }
    KAPPA_ASSIGN_OR_RETURN(auto b, BindCondition(*c, st, es, split ? "AND" : "WHERE"));
    if (HasMarker(*b, Marker::kOuter)) {
      st->correlated.push_back(std::move(b));
    } else {
      filters.push_back(std::move(b));
    }
  }
  // Conjuncts over the FROM items alone go below (or into) the joins;
  // those using a pending subquery's value are applied once it is joined.
  std::vector<BoundExprPtr> pushed, kept;
  for (auto& f : filters) {
    (ColumnSides(*f, 0) & kSideFixed ? kept : pushed).push_back(std::move(f));
  }
  KAPPA_ASSIGN_OR_RETURN(plan, PushDownFilters(std::move(plan), std::move(pushed)));
  BoundExprPtr pred = MakeAnd(std::move(kept));
  if (pred != nullptr) {
    KAPPA_RETURN_IF_ERROR(Place(&pred, st, &plan));
    plan = MakeFilter(std::move(plan), std::move(pred));
  }
  for (const ast::Expr* c : semis) {
    bool handled = false;
    KAPPA_RETURN_IF_ERROR(TryBindSemiJoin(*c, st, &plan, depth, &handled));
    if (!handled) {
      KAPPA_ASSIGN_OR_RETURN(auto b, BindCondition(*c, st, es, split ? "AND" : "WHERE"));
      if (HasMarker(*b, Marker::kOuter)) {
        st->correlated.push_back(std::move(b));
        continue;
      }
      KAPPA_RETURN_IF_ERROR(Place(&b, st, &plan));
      plan = MakeFilter(std::move(plan), std::move(b));
    }
  }
  return plan;
}

Result<LogicalPlanPtr> QueryBinder::BindFromItem(const ast::TableRef& ref, Scope* scope,
                                                 int depth) {
  DepthGuard guard(this);
  if (guard.exceeded()) return DepthError();
  switch (ref.kind) {
    case ast::TableRefKind::kTable:
      return BindRelation(ref.name, ref.location, ref.alias, ref.column_aliases, scope, depth);
    case ast::TableRefKind::kSubquery: {
      if (ref.lateral) return Status::NotSupported("LATERAL is not supported yet", ref.location);
      if (ref.alias.empty()) {
        return Status::Error(sqlstate::kSyntaxError, "subquery in FROM must have an alias",
                             ref.location)
            .WithHint("For example, FROM (SELECT ...) [AS] foo.");
      }
      KAPPA_ASSIGN_OR_RETURN(auto plan, BindQueryNode(*ref.subquery, nullptr, depth));
      KAPPA_RETURN_IF_ERROR(ResolveUnknownOutputs(&plan));
      KAPPA_RETURN_IF_ERROR(
          AddPlanItem(*plan, ref.alias, ref.column_aliases, ref.location, scope, nullptr));
      return plan;
    }
    case ast::TableRefKind::kJoin:
      return BindJoin(ref, scope, depth);
    case ast::TableRefKind::kFunction:
      return BindTableFunction(ref, scope, depth);
  }
  return Status::Internal("unknown FROM item kind");
}

Status QueryBinder::AddPlanItem(const LogicalPlan& plan, const std::string& refname,
                                const std::vector<std::string>& column_aliases, int location,
                                Scope* scope, std::vector<std::string>* names_out) {
  if (column_aliases.size() > plan.columns.size()) {
    return Status::Error(sqlstate::kInvalidColumnReference,
                         "table \"" + refname + "\" has " + std::to_string(plan.columns.size()) +
                             " columns available but " + std::to_string(column_aliases.size()) +
                             " columns specified",
                         location);
  }
  ScopeItem item;
  item.refname = refname;
  for (size_t i = 0; i < plan.columns.size(); ++i) {
    std::string name = i < column_aliases.size() ? column_aliases[i] : plan.columns[i].name;
    item.columns.push_back(ScopeColumn{name, static_cast<int>(i), plan.columns[i].type});
    scope->origins.push_back(ColumnOrigin{refname + "." + name, {}});
    if (names_out != nullptr) names_out->push_back(name);
  }
  scope->items.push_back(std::move(item));
  return Status::OK();
}

Result<LogicalPlanPtr> QueryBinder::BindRelation(const ast::QualifiedName& name, int location,
                                                 const std::string& alias,
                                                 const std::vector<std::string>& column_aliases,
                                                 Scope* scope, int depth) {
  if (name.size() == 1) {
    for (auto it = ctes_.rbegin(); it != ctes_.rend(); ++it) {
      if (it->name != name[0]) continue;
      auto plan = ClonePlan(*it->plan);
      KAPPA_RETURN_IF_ERROR(AddPlanItem(*plan, alias.empty() ? it->name : alias, column_aliases,
                                        location, scope, nullptr));
      return plan;
    }
  }
  if (name.empty() || name.size() > 2) {
    return Status::NotSupported("cross-database references are not implemented: " +
                                    JoinName(name),
                                location);
  }
  const std::string schema = name.size() == 2 ? name[0] : "";
  TableInfoPtr info = ctx_.catalog ? ctx_.catalog->Find(schema, name.back()) : nullptr;
  if (info == nullptr) {
    return Status::Error(sqlstate::kUndefinedTable,
                         "relation \"" + JoinName(name) + "\" does not exist", location);
  }
  if (column_aliases.size() > info->columns.size()) {
    return Status::Error(sqlstate::kInvalidColumnReference,
                         "table \"" + (alias.empty() ? info->name : alias) + "\" has " +
                             std::to_string(info->columns.size()) + " columns available but " +
                             std::to_string(column_aliases.size()) + " columns specified",
                         location);
  }
  AddReferencedTable(info->id);
  auto plan = MakeScanPlan(*info);
  ScopeItem item;
  item.refname = alias.empty() ? info->name : alias;
  if (alias.empty()) item.schema = info->schema;
  for (size_t i = 0; i < info->columns.size(); ++i) {
    std::string col = i < column_aliases.size() ? column_aliases[i] : info->columns[i].name;
    item.columns.push_back(ScopeColumn{col, static_cast<int>(i), info->columns[i].type});
    scope->origins.push_back(ColumnOrigin{item.refname + "." + col, info->primary_key});
  }
  scope->items.push_back(std::move(item));
  return plan;
}

Result<LogicalPlanPtr> QueryBinder::BindJoin(const ast::TableRef& ref, Scope* scope, int depth) {
  Scope ls, rs;
  KAPPA_ASSIGN_OR_RETURN(auto left, BindFromItem(*ref.left, &ls, depth));
  KAPPA_ASSIGN_OR_RETURN(auto right, BindFromItem(*ref.right, &rs, depth));
  KAPPA_RETURN_IF_ERROR(CheckDuplicateRefnames(ls, rs, ref.right->location));
  const int nl = static_cast<int>(left->columns.size());
  const int nr = static_cast<int>(right->columns.size());
  rs.Shift(nl);

  LogicalJoinType type = LogicalJoinType::kInner;
  switch (ref.join_type) {
    case ast::JoinType::kInner:
    case ast::JoinType::kCross: type = LogicalJoinType::kInner; break;
    case ast::JoinType::kLeft: type = LogicalJoinType::kLeft; break;
    case ast::JoinType::kRight: type = LogicalJoinType::kRight; break;
    case ast::JoinType::kFull: type = LogicalJoinType::kFull; break;
  }

  std::vector<BoundExprPtr> left_keys, right_keys, residual;
  // USING / NATURAL: the merged columns.
  std::vector<std::string> using_names = ref.using_columns;
  const auto lvis = VisibleColumns(ls);
  const auto rvis = VisibleColumns(rs);
  if (ref.natural) {
    for (const auto* lc : lvis) {
      bool in_right = std::any_of(rvis.begin(), rvis.end(),
                                  [&](const ScopeColumn* rc) { return rc->name == lc->name; });
      bool dup = std::find(using_names.begin(), using_names.end(), lc->name) != using_names.end();
      if (in_right && !dup) using_names.push_back(lc->name);
    }
  }
  struct Merged {
    const ScopeColumn* l;
    const ScopeColumn* r;
    DataType type;
  };
  std::vector<Merged> merged;
  for (size_t i = 0; i < using_names.size(); ++i) {
    const std::string& n = using_names[i];
    for (size_t j = 0; j < i; ++j) {
      if (using_names[j] == n) {
        return Status::Error(sqlstate::kDuplicateColumn,
                             "column name \"" + n + "\" appears more than once in USING clause",
                             ref.location);
      }
    }
    auto find = [&](const std::vector<const ScopeColumn*>& cols, const char* side)
        -> Result<const ScopeColumn*> {
      const ScopeColumn* found = nullptr;
      for (const auto* c : cols) {
        if (c->name != n) continue;
        if (found != nullptr) {
          return Status::Error(sqlstate::kAmbiguousColumn,
                               "common column name \"" + n + "\" appears more than once in " +
                                   side + " table",
                               ref.location);
        }
        found = c;
      }
      if (found == nullptr) {
        return Status::Error(sqlstate::kUndefinedColumn,
                             "column \"" + n + "\" specified in USING clause does not exist in " +
                                 side + " table",
                             ref.location);
      }
      return found;
    };
    KAPPA_ASSIGN_OR_RETURN(const ScopeColumn* lc, find(lvis, "left"));
    KAPPA_ASSIGN_OR_RETURN(const ScopeColumn* rc, find(rvis, "right"));
    auto common = CommonType({lc->type, rc->type}, "JOIN/USING");
    if (!common.ok()) {
      Status s = common.status();
      s.WithPosition(ref.location);
      return s;
    }
    BoundExprPtr lk = BoundExpr::ColumnRef(lc->index, lc->type);
    BoundExprPtr rk = BoundExpr::ColumnRef(rc->index - nl, rc->type);
    KAPPA_ASSIGN_OR_RETURN(lk, Coerce(std::move(lk), *common, CastContext::kImplicit));
    KAPPA_ASSIGN_OR_RETURN(rk, Coerce(std::move(rk), *common, CastContext::kImplicit));
    left_keys.push_back(std::move(lk));
    right_keys.push_back(std::move(rk));
    merged.push_back(Merged{lc, rc, *common});
  }

  if (ref.join_condition != nullptr) {
    BlockState tmp;
    tmp.scope = ls;
    tmp.scope.Append(rs);
    ExprState es;
    es.clause = Clause::kJoinOn;
    KAPPA_ASSIGN_OR_RETURN(auto cond, BindCondition(*ref.join_condition, &tmp, es, "JOIN/ON"));
    if (!tmp.subqueries.empty() || HasMarker(*cond, Marker::kSubquery)) {
      return Status::NotSupported("subqueries in JOIN conditions are not supported yet",
                                  ref.join_condition->location);
    }
    std::vector<BoundExprPtr> conjuncts;
    SplitConjuncts(std::move(cond), &conjuncts);
    for (auto& c : conjuncts) {
      KAPPA_ASSIGN_OR_RETURN(bool key, TryJoinKey(*c, nl, &left_keys, &right_keys));
      if (!key) residual.push_back(std::move(c));
    }
  }

  // ON conjuncts over one input become filters on it where that is safe.
  KAPPA_ASSIGN_OR_RETURN(
      auto plan, PushDownFilters(MakeJoin(std::move(left), std::move(right), type,
                                          std::move(left_keys), std::move(right_keys),
                                          MakeAnd(std::move(residual))),
                                 {}));

  // The join's own namespace item.
  ScopeItem join_item;
  join_item.refname = ref.alias;
  join_item.rel_visible = !ref.alias.empty();
  join_item.cols_visible = true;
  Scope combined;
  combined.origins = ls.origins;
  for (auto& o : rs.origins) combined.origins.push_back(o);
  std::vector<BoundExprPtr> extra;  // computed merged columns
  std::vector<std::string> extra_names;
  auto is_merged = [&](const ScopeColumn* c) {
    for (const auto& m : merged) {
      if (m.l == c || m.r == c) return true;
    }
    return false;
  };
  for (const auto& m : merged) {
    const ScopeColumn* src = type == LogicalJoinType::kRight ? m.r : m.l;
    if (type != LogicalJoinType::kFull && src->type == m.type) {
      join_item.columns.push_back(ScopeColumn{m.l->name, src->index, m.type});
      continue;
    }
    BoundExprPtr value;
    if (type == LogicalJoinType::kFull) {
      KAPPA_ASSIGN_OR_RETURN(auto l, Coerce(BoundExpr::ColumnRef(m.l->index, m.l->type), m.type,
                                            CastContext::kImplicit));
      KAPPA_ASSIGN_OR_RETURN(auto r, Coerce(BoundExpr::ColumnRef(m.r->index, m.r->type), m.type,
                                            CastContext::kImplicit));
      value = std::make_unique<BoundExpr>(BoundExprKind::kCoalesce, m.type);
      value->children.push_back(std::move(l));
      value->children.push_back(std::move(r));
    } else {
      KAPPA_ASSIGN_OR_RETURN(value, Coerce(BoundExpr::ColumnRef(src->index, src->type), m.type,
                                           CastContext::kImplicit));
    }
    int index = nl + nr + static_cast<int>(extra.size());
    join_item.columns.push_back(ScopeColumn{m.l->name, index, m.type});
    extra.push_back(std::move(value));
    extra_names.push_back(m.l->name);
    combined.origins.push_back(ColumnOrigin{m.l->name, {}});
  }
  for (const auto* c : lvis) {
    if (!is_merged(c)) join_item.columns.push_back(*c);
  }
  for (const auto* c : rvis) {
    if (!is_merged(c)) join_item.columns.push_back(*c);
  }
  if (!extra.empty()) {
    std::vector<BoundExprPtr> exprs;
    std::vector<std::string> names;
    for (int i = 0; i < nl + nr; ++i) {
      exprs.push_back(BoundExpr::ColumnRef(i, plan->columns[i].type));
      names.push_back(plan->columns[i].name);
    }
    for (size_t i = 0; i < extra.size(); ++i) {
      exprs.push_back(std::move(extra[i]));
      names.push_back(extra_names[i]);
    }
    plan = MakeProject(std::move(plan), std::move(exprs), std::move(names));
  }
  if (!ref.alias.empty()) {
    if (ref.column_aliases.size() > join_item.columns.size()) {
      return Status::Error(sqlstate::kInvalidColumnReference,
                           "join expression \"" + ref.alias + "\" has " +
                               std::to_string(join_item.columns.size()) +
                               " columns available but " +
                               std::to_string(ref.column_aliases.size()) + " columns specified",
                           ref.location);
    }
    for (size_t i = 0; i < ref.column_aliases.size(); ++i) {
      join_item.columns[i].name = ref.column_aliases[i];
    }
  } else {
    for (auto& item : ls.items) {
      item.cols_visible = false;
      combined.items.push_back(std::move(item));
    }
    for (auto& item : rs.items) {
      item.cols_visible = false;
      combined.items.push_back(std::move(item));
    }
  }
  combined.items.push_back(std::move(join_item));
  *scope = std::move(combined);
  return plan;
}

// TUMBLE(t, col, size) and HOP(t, col, slide, size) (the parser maps
// Flink's TABLE(TUMBLE(TABLE t, DESCRIPTOR(col), ...)) to the same form):
// t's columns, then window_start and window_end of col's type. TUMBLE is a
// Project (window_start = tumble_start(col, size), window_end = window_start
// + size), so watermarks map through it; HOP is a kHop node.
// Sizes and slides are constant intervals without months, > 0 (22023); a
// HOP size must be a multiple of its slide (22023, as in RisingWave and
// Flink); col must be a timestamp or timestamptz (42804).
Result<LogicalPlanPtr> QueryBinder::BindTableFunction(const ast::TableRef& ref, Scope* scope,
                                                      int depth) {
  const std::string& name = ref.func_name;
  if (name == "session") return BindSessionFunction(ref, scope, depth);
  const bool hop = name == "hop";
  if (name != "tumble" && !hop) {
    return Status::NotSupported("table function " + name + "() is not supported yet",
                                ref.location);
  }
  const char* fn = hop ? "HOP" : "TUMBLE";
  const size_t nargs = hop ? 4 : 3;
  if (ref.func_args.size() != nargs || ref.func_args[0]->kind != ast::ExprKind::kColumnRef ||
      ref.func_args[1]->kind != ast::ExprKind::kColumnRef) {
    return Status::Error(sqlstate::kUndefinedFunction,
                         hop ? "HOP expects (table, time column, slide interval, size interval)"
                             : "TUMBLE expects (table, time column, size interval)",
                         ref.location);
  }
  Scope inner;
  KAPPA_ASSIGN_OR_RETURN(auto plan, BindRelation(ref.func_args[0]->name,
                                                 ref.func_args[0]->location, "", {}, &inner,
                                                 depth));
  const ast::Expr& col_arg = *ref.func_args[1];
  KAPPA_ASSIGN_OR_RETURN(const ScopeColumn* col,
                         inner.FindUnqualified(col_arg.name.back(), col_arg.location));
  if (col == nullptr) {
    return Status::Error(sqlstate::kUndefinedColumn,
                         "column \"" + col_arg.name.back() + "\" does not exist",
                         col_arg.location);
  }
  if (col->type.id != TypeId::kTimestamp && col->type.id != TypeId::kTimestampTz) {
    return Status::Error(sqlstate::kDatatypeMismatch,
                         std::string("the time column of ") + fn +
                             " must be a timestamp, not " + TypeName(col->type),
                         col_arg.location);
  }
  const DataType time_type = col->type;
  const int time_index = col->index;
  // A window size or slide: a constant interval > 0 without months, in
  // micros (and as a constant interval expression).
  auto window_length = [&](const ast::Expr& arg, const char* what, int64_t* micros,
                           BoundExprPtr* constant) -> Status {
    ExprState es;
    es.clause = Clause::kFunctionArg;
    auto bound = BindExpr(arg, nullptr, es);
    if (!bound.ok()) {
      if (bound.status().sqlstate() == sqlstate::kUndefinedColumn) {
        return Status::Error(sqlstate::kInvalidParameterValue,
                             std::string("the window ") + what + " of " + fn +
                                 " must be a constant interval",
                             arg.location);
      }
      return bound.status();
    }
    KAPPA_ASSIGN_OR_RETURN(auto iv, Coerce(std::move(bound).value(),
                                           DataType(TypeId::kInterval), CastContext::kImplicit));
    EvalContext ec;
    bool has_param = false;
    VisitExpr(*iv, [&](const BoundExpr& n) {
      if (n.kind == BoundExprKind::kParam) has_param = true;
      return !has_param;
    });
    if (has_param) {
      if (ctx_.param_values == nullptr) {
        return Status::Error(sqlstate::kInvalidParameterValue,
                             std::string("the window ") + what + " of " + fn +
                                 " must be a constant interval, not a parameter",
                             arg.location);
      }
      ec.params = ctx_.param_values;
    }
    auto v = EvaluateConstant(*iv, ec);
    if (!v.ok()) {
      Status st = v.status();
      st.WithPosition(arg.location);
      return st;
    }
    if (v->is_null) {
      return Status::Error(sqlstate::kInvalidParameterValue,
                           std::string("the window ") + what + " of " + fn + " must not be NULL",
                           arg.location);
    }
    const Interval& x = v->iv;
    if (x.months != 0) {
      return Status::Error(sqlstate::kInvalidParameterValue,
                           std::string("the window ") + what + " of " + fn +
                               " must not contain months or years",
                           arg.location);
    }
    int64_t us;
    if (__builtin_mul_overflow(static_cast<int64_t>(x.days), kMicrosPerDayForWindows, &us) ||
        __builtin_add_overflow(us, x.micros, &us)) {
      return Status::Error(sqlstate::kInvalidParameterValue,
                           std::string("the window ") + what + " of " + fn + " is out of range",
                           arg.location);
    }
    if (us <= 0) {
      return Status::Error(sqlstate::kInvalidParameterValue,
                           std::string("the window ") + what + " of " + fn +
                               " must be greater than zero",
                           arg.location);
    }
    *micros = us;
    *constant = BoundExpr::Constant(Value::Intv(Interval{0, 0, us}));
    return Status::OK();
  };
  int64_t size_us = 0;
  BoundExprPtr size;
  KAPPA_RETURN_IF_ERROR(window_length(*ref.func_args[nargs - 1], "size", &size_us, &size));
  if (hop) {
    int64_t slide_us = 0;
    BoundExprPtr slide;
    KAPPA_RETURN_IF_ERROR(window_length(*ref.func_args[2], "slide", &slide_us, &slide));
    if (size_us % slide_us != 0) {
      return Status::Error(sqlstate::kInvalidParameterValue,
                           "the window size of HOP must be a multiple of its slide",
                           ref.func_args[3]->location);
    }
    auto node = std::make_unique<LogicalPlan>(LogicalKind::kHop);
    node->columns = plan->columns;
    node->columns.push_back(LogicalColumn{"window_start", time_type, plan->columns[time_index].nullable});
    node->columns.push_back(LogicalColumn{"window_end", time_type, plan->columns[time_index].nullable});
    node->hop_time_column = time_index;
    node->hop_slide_us = slide_us;
    node->hop_size_us = size_us;
    node->children.push_back(std::move(plan));
    plan = std::move(node);
  } else {
    std::vector<BoundExprPtr> ws_args;
    ws_args.push_back(BoundExpr::ColumnRef(time_index, time_type));
    ws_args.push_back(size->Clone());
    KAPPA_ASSIGN_OR_RETURN(auto ws, CallFunction("tumble_start", std::move(ws_args), ref.location));
    std::vector<BoundExprPtr> we_args;
    we_args.push_back(ws->Clone());
    we_args.push_back(std::move(size));
    KAPPA_ASSIGN_OR_RETURN(auto we, CallFunction("+", std::move(we_args), ref.location));
    std::vector<BoundExprPtr> exprs;
    std::vector<std::string> names;
    for (size_t i = 0; i < plan->columns.size(); ++i) {
      exprs.push_back(BoundExpr::ColumnRef(static_cast<int>(i), plan->columns[i].type));
      names.push_back(plan->columns[i].name);
    }
    exprs.push_back(std::move(ws));
    names.push_back("window_start");
    exprs.push_back(std::move(we));
    names.push_back("window_end");
    plan = MakeProject(std::move(plan), std::move(exprs), std::move(names));
  }
  std::string refname = ref.alias.empty() ? ref.func_args[0]->name.back() : ref.alias;
  KAPPA_RETURN_IF_ERROR(AddPlanItem(*plan, refname, ref.column_aliases, ref.location, scope,
                                    nullptr));
  return plan;
}

}  // namespace kappa::binder
