// Predicate pushdown over the FROM plan of a SELECT block: WHERE conjuncts
// and join ON conditions go below joins, to the input they reference, and
// equalities spanning both inputs of an inner join become its hash keys, so
// `FROM a, b WHERE a.x = b.y` is a hash join rather than a filtered cross
// join. Nothing is reordered: join order and types stay as written.
//
// Rules (PostgreSQL's, for the joins we keep as written):
// - inner join: a conjunct over one input is pushed into it; `l = r` with
//   one side over each input becomes a key pair (cast to their common type,
//   as for ON); other conjuncts over both inputs become the join's residual.
// - LEFT / RIGHT join: a WHERE conjunct goes only to the preserved input (it
//   never joins the ON condition); an ON conjunct over the null-supplying
//   input only filters that input.
// - FULL join: nothing moves. Semi/anti joins: WHERE conjuncts (over the
//   left input, their only output) move to the left; their residual stays.
// - Conjuncts with binder markers (pending subqueries, aggregates, outer
//   references) or volatile functions (random()) never move, and neither do
//   constant conjuncts (no column at all).
// Expressions refer to their input by column index (join: left columns, then
// right), so a conjunct moved to the right input is shifted by -(left width).
#include "sql/binder/query_binder.h"

namespace kappa::binder {

int ColumnSides(const BoundExpr& e, int nl) {
  int side = 0;
  VisitExpr(e, [&](const BoundExpr& n) {
    if (n.kind == BoundExprKind::kColumnRef) {
      if (MarkerOf(n.column_index) != Marker::kNone) {
        side |= kSideFixed;
      } else {
        side |= n.column_index < nl ? kSideLeft : kSideRight;
      }
    }
    if (n.kind == BoundExprKind::kFunction && n.function != nullptr && n.function->volatile_fn) {
      side |= kSideFixed;
    }
    return true;
  });
  return side;
}

Result<bool> QueryBinder::TryJoinKey(const BoundExpr& c, int nl,
                                     std::vector<BoundExprPtr>* left_keys,
                                     std::vector<BoundExprPtr>* right_keys) {
  if (c.kind != BoundExprKind::kFunction || c.function_name != "=" || c.children.size() != 2) {
    return false;
  }
  const int s0 = ColumnSides(*c.children[0], nl);
  const int s1 = ColumnSides(*c.children[1], nl);
  const BoundExpr* lk = nullptr;
  const BoundExpr* rk = nullptr;
  if (s0 == kSideLeft && s1 == kSideRight) {
    lk = c.children[0].get();
    rk = c.children[1].get();
  } else if (s0 == kSideRight && s1 == kSideLeft) {
    lk = c.children[1].get();
    rk = c.children[0].get();
  } else {
    return false;
  }
  auto common = CommonType({lk->type, rk->type}, "JOIN");
  if (!common.ok()) return false;
  BoundExprPtr l = lk->Clone();
  BoundExprPtr r = rk->Clone();
  ShiftColumns(r.get(), -nl);
  KAPPA_ASSIGN_OR_RETURN(l, Coerce(std::move(l), *common, CastContext::kImplicit));
  KAPPA_ASSIGN_OR_RETURN(r, Coerce(std::move(r), *common, CastContext::kImplicit));
  left_keys->push_back(std::move(l));
  right_keys->push_back(std::move(r));
  return true;
}

namespace {

bool IsConstantTrue(const BoundExpr& e) {
  return e.kind == BoundExprKind::kConstant && !e.constant.is_null &&
         e.type.id == TypeId::kBool && e.constant.i != 0;
}

bool IsSemiOrAnti(LogicalJoinType t) {
  return t == LogicalJoinType::kSemi || t == LogicalJoinType::kAnti ||
         t == LogicalJoinType::kAntiNullAware;
}

}  // namespace

Result<LogicalPlanPtr> QueryBinder::PushDownFilters(LogicalPlanPtr plan,
                                                    std::vector<BoundExprPtr> conjuncts) {
  DepthGuard guard(this);
  if (guard.exceeded()) return DepthError();
  if (plan->kind == LogicalKind::kJoin) return PushIntoJoin(std::move(plan), std::move(conjuncts));
  if (conjuncts.empty()) return plan;
  if (plan->kind == LogicalKind::kFilter) {
    std::vector<BoundExprPtr> all;
    SplitConjuncts(std::move(plan->predicate), &all);
    for (auto& c : conjuncts) all.push_back(std::move(c));
    plan->predicate = MakeAnd(std::move(all));
    return plan;
  }
  return MakeFilter(std::move(plan), MakeAnd(std::move(conjuncts)));
}

Result<LogicalPlanPtr> QueryBinder::PushIntoJoin(LogicalPlanPtr join,
                                                 std::vector<BoundExprPtr> conjuncts) {
  const LogicalJoinType type = join->join_type;
  const int nl = static_cast<int>(join->children[0]->columns.size());
  std::vector<BoundExprPtr> to_left, to_right, stay, residual;

  // The join's own condition first (its conjuncts keep their order ahead of
  // WHERE conjuncts that join them in the residual).
  if (join->predicate != nullptr && !IsSemiOrAnti(type)) {
    std::vector<BoundExprPtr> on;
    SplitConjuncts(std::move(join->predicate), &on);
    for (auto& c : on) {
      if (IsConstantTrue(*c)) continue;  // ON true
      const int s = ColumnSides(*c, nl);
      if (s == kSideLeft &&
          (type == LogicalJoinType::kInner || type == LogicalJoinType::kRight)) {
        to_left.push_back(std::move(c));
      } else if (s == kSideRight &&
                 (type == LogicalJoinType::kInner || type == LogicalJoinType::kLeft)) {
        to_right.push_back(std::move(c));
      } else {
        residual.push_back(std::move(c));
      }
    }
  }

  // Conjuncts over the join's output (WHERE).
  for (auto& c : conjuncts) {
    const int s = ColumnSides(*c, nl);
    if (s == kSideLeft && type != LogicalJoinType::kRight && type != LogicalJoinType::kFull) {
      to_left.push_back(std::move(c));
    } else if (s == kSideRight &&
               (type == LogicalJoinType::kInner || type == LogicalJoinType::kRight)) {
      to_right.push_back(std::move(c));
    } else if (s == (kSideLeft | kSideRight) && type == LogicalJoinType::kInner) {
      KAPPA_ASSIGN_OR_RETURN(bool key, TryJoinKey(*c, nl, &join->left_keys, &join->right_keys));
      if (!key) residual.push_back(std::move(c));
    } else {
      stay.push_back(std::move(c));
    }
  }
  if (!IsSemiOrAnti(type)) join->predicate = MakeAnd(std::move(residual));

  for (auto& c : to_right) ShiftColumns(c.get(), -nl);
  KAPPA_ASSIGN_OR_RETURN(join->children[0],
                         PushDownFilters(std::move(join->children[0]), std::move(to_left)));
  KAPPA_ASSIGN_OR_RETURN(join->children[1],
                         PushDownFilters(std::move(join->children[1]), std::move(to_right)));
  if (stay.empty()) return join;
  return MakeFilter(std::move(join), MakeAnd(std::move(stay)));
}

}  // namespace kappa::binder
