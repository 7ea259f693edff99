// Set-returning functions: generate_series, unnest and generate_subscripts
// in FROM and in a select list, rewritten over the relation
// kappa_catalog.series (n = 0..kSeriesMax) before a SELECT block is bound:
//
//   FROM generate_series(a, b[, step]) AS s(x)
//     -> FROM (SELECT __s.n AS x FROM kappa_catalog.series __s
//              WHERE __series_member(__s.n, a, b[, step])) AS s(x)
//   FROM unnest(arr) AS s(x)
//     -> FROM (SELECT __array_subscript(arr, __s.n) AS x FROM kappa_catalog.series __s
//              WHERE __series_member(__s.n, 1, cardinality(arr))) AS s(x)
//   SELECT unnest(arr) a, generate_subscripts(arr, 1) o FROM t WHERE w
//     -> SELECT __array_subscript(arr, __srf.n) a, __srf.n o
//        FROM t, kappa_catalog.series __srf
//        WHERE w AND __series_member(__srf.n, 1, greatest(cardinality(arr), ...))
//     (several array SRFs in one select list advance together, as in
//      PostgreSQL; a select list with generate_series(a, b) uses a..b)
//
// Arrays are their text form (bind_catalog.cc); unnest of one of
// pg_catalog's int2vector/oid[] columns (indkey, conkey, stxkeys, ...) yields
// smallint/bigint elements, of anything else text. __series_member raises
// 54000 when a range leaves 0..kSeriesMax. The rewrite is done once, in
// place (the rewritten statement means the same, so binding it again gives
// the same plan).
#include <functional>
#include <set>

#include "sql/binder/query_binder.h"

namespace kappa::binder {

namespace {

using ast::Expr;
using ast::ExprKind;
using ast::ExprPtr;

std::string Bare(const std::string& name) {
  return name.rfind("pg_catalog.", 0) == 0 ? name.substr(11) : name;
}

bool IsSrfName(const std::string& n) {
  std::string b = Bare(n);
  return b == "generate_series" || b == "unnest" || b == "generate_subscripts";
}

// Deep copy of an expression without subqueries or windows; null if it has one.
ExprPtr CloneExpr(const Expr& e) {
  if (e.subquery != nullptr || e.over != nullptr || e.agg_filter != nullptr ||
      !e.agg_order_by.empty()) {
    return nullptr;
  }
  auto c = std::make_unique<Expr>(e.kind, e.location);
  c->literal_kind = e.literal_kind;
  c->literal = e.literal;
  c->bool_value = e.bool_value;
  c->name = e.name;
  c->param_index = e.param_index;
  c->op = e.op;
  c->func_name = e.func_name;
  c->agg_distinct = e.agg_distinct;
  c->agg_star = e.agg_star;
  c->cast_type = e.cast_type;
  c->negated = e.negated;
  c->symmetric = e.symmetric;
  c->is_bool_value = e.is_bool_value;
  c->is_all = e.is_all;
  for (const auto& ch : e.children) {
    if (!ch) {
      c->children.push_back(nullptr);
      continue;
    }
    ExprPtr cc = CloneExpr(*ch);
    if (!cc) return nullptr;
    c->children.push_back(std::move(cc));
  }
  if (e.case_operand) {
    c->case_operand = CloneExpr(*e.case_operand);
    if (!c->case_operand) return nullptr;
  }
  for (const auto& w : e.when_clauses) {
    ast::WhenClause wc;
    wc.when = CloneExpr(*w.when);
    wc.then = CloneExpr(*w.then);
    if (!wc.when || !wc.then) return nullptr;
    c->when_clauses.push_back(std::move(wc));
  }
  if (e.case_else) {
    c->case_else = CloneExpr(*e.case_else);
    if (!c->case_else) return nullptr;
  }
  return c;
}

ExprPtr Col(const std::string& table, const std::string& col) {
  auto e = std::make_unique<Expr>(ExprKind::kColumnRef);
  e->name = {table, col};
  return e;
}

ExprPtr IntLit(int v) {
  auto e = std::make_unique<Expr>(ExprKind::kLiteral);
  e->literal_kind = ast::LiteralKind::kInteger;
  e->literal = std::to_string(v);
  return e;
}

ExprPtr Call(const std::string& name, std::vector<ExprPtr> args, int loc) {
  auto e = std::make_unique<Expr>(ExprKind::kFunction, loc);
  e->func_name = name;
  e->children = std::move(args);
  return e;
}

ExprPtr CastTo(ExprPtr x, TypeId t, const char* spelling) {
  auto e = std::make_unique<Expr>(ExprKind::kCast, x->location);
  e->cast_type.type = DataType(t);
  e->cast_type.spelling = spelling;
  e->children.push_back(std::move(x));
  return e;
}

ExprPtr And(ExprPtr a, ExprPtr b) {
  if (!a) return b;
  auto e = std::make_unique<Expr>(ExprKind::kBinary, b->location);
  e->op = "AND";
  e->children.push_back(std::move(a));
  e->children.push_back(std::move(b));
  return e;
}

// The element of `arr` at index `n`, typed for pg_catalog's known array columns.
ExprPtr Element(const Expr& arr, ExprPtr n, int loc) {
  std::vector<ExprPtr> args;
  args.push_back(CloneExpr(arr));
  args.push_back(std::move(n));
  ExprPtr el = Call("__array_subscript", std::move(args), loc);
  if (arr.kind == ExprKind::kColumnRef && !arr.name.empty()) {
    static const std::set<std::string> kInt2 = {"indkey", "conkey", "confkey", "stxkeys",
                                                "partattrs", "prattrs", "indoption"};
    static const std::set<std::string> kOid = {"polroles", "proargtypes", "proallargtypes",
                                               "indclass", "indcollation", "partclass",
                                               "conpfeqop", "conppeqop", "conffeqop"};
    if (kInt2.count(arr.name.back())) return CastTo(std::move(el), TypeId::kInt16, "int2");
    if (kOid.count(arr.name.back())) return CastTo(std::move(el), TypeId::kInt64, "int8");
  }
  return el;
}

ExprPtr Cardinality(const Expr& arr, int loc) {
  std::vector<ExprPtr> args;
  args.push_back(CloneExpr(arr));
  return Call("cardinality", std::move(args), loc);
}

ExprPtr Member(ExprPtr n, ExprPtr lo, ExprPtr hi, ExprPtr step, int loc) {
  std::vector<ExprPtr> args;
  args.push_back(std::move(n));
  args.push_back(std::move(lo));
  args.push_back(std::move(hi));
  if (step) args.push_back(std::move(step));
  return Call("__series_member", std::move(args), loc);
}

ast::TableRefPtr SeriesRef(const std::string& alias) {
  auto r = std::make_unique<ast::TableRef>(ast::TableRefKind::kTable);
  r->name = {"kappa_catalog", "series"};
  r->alias = alias;
  return r;
}

bool ArgsCloneable(const Expr& call) {
  for (const auto& a : call.children) {
    if (!a || !CloneExpr(*a)) return false;
  }
  return true;
}

// FROM item f(args) -> derived table. Returns false if not rewritable.
bool HasColumnRef(const Expr& e) {
  if (e.kind == ExprKind::kColumnRef || e.subquery != nullptr) return true;
  for (const auto& c : e.children) {
    if (c && HasColumnRef(*c)) return true;
  }
  for (const auto& w : e.when_clauses) {
    if (HasColumnRef(*w.when) || HasColumnRef(*w.then)) return true;
  }
  return (e.case_operand && HasColumnRef(*e.case_operand)) ||
         (e.case_else && HasColumnRef(*e.case_else));
}

bool RewriteFromFunction(ast::TableRef* ref) {
  std::string fn = Bare(ref->func_name);
  if (!IsSrfName(fn)) return false;
  // Arguments over other FROM items' columns (LATERAL) stay unsupported.
  for (const auto& a : ref->func_args) {
    if (!a || !CloneExpr(*a) || HasColumnRef(*a)) return false;
  }
  const auto& args = ref->func_args;
  int loc = ref->location;
  ExprPtr value, cond;
  ExprPtr n = Col("__s", "n");
  if (fn == "generate_series") {
    if (args.size() != 2 && args.size() != 3) return false;
    value = Col("__s", "n");
    cond = Member(std::move(n), CloneExpr(*args[0]), CloneExpr(*args[1]),
                  args.size() == 3 ? CloneExpr(*args[2]) : nullptr, loc);
  } else {
    if (args.empty() || (fn == "unnest" && args.size() != 1) ||
        (fn == "generate_subscripts" && args.size() != 2)) {
      return false;
    }
    value = fn == "unnest" ? Element(*args[0], Col("__s", "n"), loc) : Col("__s", "n");
    cond = Member(std::move(n), IntLit(1), Cardinality(*args[0], loc), nullptr, loc);
  }
  std::string col = !ref->column_aliases.empty() ? ref->column_aliases[0]
                    : !ref->alias.empty()        ? ref->alias
                                                 : fn;
  auto sel = std::make_unique<ast::SelectStmt>();
  sel->location = loc;
  ast::SelectItem item;
  item.expr = std::move(value);
  item.alias = col;
  item.location = loc;
  sel->targets.push_back(std::move(item));
  sel->from.push_back(SeriesRef("__s"));
  sel->where = std::move(cond);
  sel->order_by.clear();
  ref->kind = ast::TableRefKind::kSubquery;
  ref->subquery = std::move(sel);
  if (ref->alias.empty()) ref->alias = fn;
  ref->column_aliases = {col};
  ref->func_name.clear();
  ref->func_args.clear();
  return true;
}

void RewriteFromItems(ast::TableRef* ref) {
  if (ref->kind == ast::TableRefKind::kFunction) {
    RewriteFromFunction(ref);
  } else if (ref->kind == ast::TableRefKind::kJoin) {
    if (ref->left) RewriteFromItems(ref->left.get());
    if (ref->right) RewriteFromItems(ref->right.get());
  }
}

// The SRF call of a select-list item (the item itself, or under a cast).
Expr* SelectSrf(Expr* e) {
  if (e->kind == ExprKind::kFunction && IsSrfName(e->func_name) && e->over == nullptr) return e;
  if (e->kind == ExprKind::kCast && !e->children.empty() && e->children[0] &&
      e->children[0]->kind == ExprKind::kFunction && IsSrfName(e->children[0]->func_name)) {
    return e->children[0].get();
  }
  return nullptr;
}

void RewriteSelectList(ast::SelectStmt* stmt) {
  std::vector<ast::SelectItem*> items;
  int series = 0, arrays = 0;
  for (auto& t : stmt->targets) {
    Expr* f = t.expr ? SelectSrf(t.expr.get()) : nullptr;
    if (!f) continue;
    if (!ArgsCloneable(*f)) return;
    std::string fn = Bare(f->func_name);
    if (fn == "generate_series") {
      if (f->children.size() != 2 && f->children.size() != 3) return;
      ++series;
    } else {
      if ((fn == "unnest" && f->children.size() != 1) ||
          (fn == "generate_subscripts" && f->children.size() != 2)) {
        return;
      }
      ++arrays;
    }
    items.push_back(&t);
  }
  if (items.empty() || (series > 0 && (series > 1 || arrays > 0))) return;
  int loc = stmt->location;
  ExprPtr cond;
  std::vector<ExprPtr> cards;
  for (ast::SelectItem* t : items) {
    Expr* f = SelectSrf(t->expr.get());
    std::string fn = Bare(f->func_name);
    if (t->alias.empty()) t->alias = fn;
    ExprPtr value;
    if (fn == "generate_series") {
      cond = Member(Col("__srf", "n"), CloneExpr(*f->children[0]), CloneExpr(*f->children[1]),
                    f->children.size() == 3 ? CloneExpr(*f->children[2]) : nullptr, loc);
      value = Col("__srf", "n");
    } else {
      cards.push_back(Cardinality(*f->children[0], loc));
      value = fn == "unnest" ? Element(*f->children[0], Col("__srf", "n"), loc)
                             : Col("__srf", "n");
    }
    if (f == t->expr.get()) {
      t->expr = std::move(value);
    } else {
      t->expr->children[0] = std::move(value);
    }
  }
  if (!cards.empty()) {
    ExprPtr hi = cards.size() == 1 ? std::move(cards[0]) : Call("greatest", std::move(cards), loc);
    cond = Member(Col("__srf", "n"), IntLit(1), std::move(hi), nullptr, loc);
  }
  stmt->from.push_back(SeriesRef("__srf"));
  stmt->where = And(std::move(stmt->where), std::move(cond));
}

void FromNames(const ast::TableRef& ref, std::set<std::string>* names) {
  switch (ref.kind) {
    case ast::TableRefKind::kTable:
      names->insert(ref.alias.empty() ? ref.name.back() : ref.alias);
      break;
    case ast::TableRefKind::kJoin:
      if (ref.left) FromNames(*ref.left, names);
      if (ref.right) FromNames(*ref.right, names);
      break;
    default:
      names->insert(ref.alias.empty() ? Bare(ref.func_name) : ref.alias);
      break;
  }
}

// Whether `e` references columns, all qualified by a name not in `inner`,
// and has no subquery.
bool OuterOnly(const Expr& e, const std::set<std::string>& inner, bool* any) {
  if (e.subquery != nullptr || e.kind == ExprKind::kStar) return false;
  if (e.kind == ExprKind::kColumnRef) {
    if (e.name.size() < 2 || inner.count(e.name[e.name.size() - 2]) != 0) return false;
    *any = true;
    return true;
  }
  for (const auto& c : e.children) {
    if (c && !OuterOnly(*c, inner, any)) return false;
  }
  for (const auto& w : e.when_clauses) {
    if (!OuterOnly(*w.when, inner, any) || !OuterOnly(*w.then, inner, any)) return false;
  }
  if (e.case_operand && !OuterOnly(*e.case_operand, inner, any)) return false;
  if (e.case_else && !OuterOnly(*e.case_else, inner, any)) return false;
  return true;
}

void SplitAnd(ExprPtr e, std::vector<ExprPtr>* out) {
  if (e->kind == ExprKind::kBinary && (e->op == "AND" || e->op == "and")) {
    SplitAnd(std::move(e->children[0]), out);
    SplitAnd(std::move(e->children[1]), out);
    return;
  }
  out->push_back(std::move(e));
}

// (SELECT ... WHERE inner_conds AND outer_only_cond) ->
// CASE WHEN outer_only_cond THEN (SELECT ... WHERE inner_conds) END:
// the decorrelation handles equality correlations only.
void HoistOuterConditions(Expr* e) {
  if (e->kind == ExprKind::kSubquery && e->subquery != nullptr) {
    ast::SelectStmt& q = *e->subquery;
    if (q.set_op != ast::SetOp::kNone || q.where == nullptr || q.from.empty()) return;
    std::set<std::string> inner;
    for (const auto& r : q.from) FromNames(*r, &inner);
    std::vector<ExprPtr> conds, keep, hoist;
    SplitAnd(std::move(q.where), &conds);
    // inner.col = outer.col: the outer column may be replaced by the inner
    // one in the other conditions (a.x <> t.y with c.oid = a.x -> c.oid <> t.y).
    std::vector<std::pair<const Expr*, const Expr*>> same;  // (outer ref, inner ref)
    auto qualified_ref = [&](const Expr& x, bool want_inner) {
      return x.kind == ExprKind::kColumnRef && x.name.size() >= 2 &&
             (inner.count(x.name[x.name.size() - 2]) != 0) == want_inner;
    };
    for (auto& c : conds) {
      if (c->kind != ExprKind::kBinary || c->op != "=") continue;
      const Expr& l = *c->children[0];
      const Expr& r = *c->children[1];
      if (qualified_ref(l, true) && qualified_ref(r, false)) same.push_back({&r, &l});
      if (qualified_ref(r, true) && qualified_ref(l, false)) same.push_back({&l, &r});
    }
    std::function<void(ExprPtr&, const Expr*)> substitute = [&](ExprPtr& x, const Expr* skip) {
      if (!x || x.get() == skip) return;
      if (x->kind == ExprKind::kColumnRef) {
        for (const auto& [outer, in] : same) {
          if (x->name == outer->name) {
            x = CloneExpr(*in);
            return;
          }
        }
        return;
      }
      if (x->subquery != nullptr) return;
      for (auto& ch : x->children) substitute(ch, skip);
    };
    for (auto& c : conds) {
      bool is_source = false;
      for (const auto& [outer, in] : same) {
        is_source = is_source || (c->kind == ExprKind::kBinary && c->children.size() == 2 &&
                                  (c->children[0].get() == outer || c->children[1].get() == outer));
      }
      bool any = false;
      if (!is_source && !same.empty() && !OuterOnly(*c, inner, &any)) substitute(c, nullptr);
    }
    for (auto& c : conds) {
      bool any = false;
      if (OuterOnly(*c, inner, &any) && any) {
        hoist.push_back(std::move(c));
      } else {
        keep.push_back(std::move(c));
      }
    }
    ExprPtr where;
    for (auto& c : keep) where = And(std::move(where), std::move(c));
    q.where = std::move(where);
    if (hoist.empty()) return;
    ExprPtr when;
    for (auto& c : hoist) when = And(std::move(when), std::move(c));
    auto sub = std::make_unique<Expr>(ExprKind::kSubquery, e->location);
    sub->subquery = std::move(e->subquery);
    e->kind = ExprKind::kCase;
    ast::WhenClause w;
    w.when = std::move(when);
    w.then = std::move(sub);
    e->when_clauses.push_back(std::move(w));
    return;
  }
  if (e->subquery != nullptr) return;
  for (auto& c : e->children) {
    if (c) HoistOuterConditions(c.get());
  }
  for (auto& w : e->when_clauses) {
    HoistOuterConditions(w.when.get());
    HoistOuterConditions(w.then.get());
  }
  if (e->case_operand) HoistOuterConditions(e->case_operand.get());
  if (e->case_else) HoistOuterConditions(e->case_else.get());
}

}  // namespace

void RewriteSetReturningFunctions(ast::SelectStmt* stmt) {
  if (stmt->set_op != ast::SetOp::kNone || !stmt->values_rows.empty()) return;
  for (auto& ref : stmt->from) RewriteFromItems(ref.get());
  RewriteSelectList(stmt);
  for (auto& t : stmt->targets) {
    if (t.expr) HoistOuterConditions(t.expr.get());
  }
}

}  // namespace kappa::binder
