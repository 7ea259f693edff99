// QueryBinder: the binder's internal state and the methods shared by the
// bind_*.cc files (one concept per file, like DuckDB's binder):
//   bind_expression.cc    expressions, operators, functions, CASE, casts
//   coerce.cc             implicit/assignment coercion, literal parsing
//   bind_select.cc        SELECT blocks: FROM items, joins, table functions
//   predicate_pushdown.cc WHERE/ON conjuncts below joins, equalities as join keys
//   bind_aggregate.cc     aggregates, GROUP BY, HAVING, grouping checks, windows
//   bind_subquery.cc      scalar/IN/EXISTS subqueries and their decorrelation
//   bind_set_operation.cc UNION/INTERSECT/EXCEPT
//   bind_order_limit.cc   ORDER BY, LIMIT, OFFSET
//   bind_values.cc        VALUES lists and INSERT sources
#pragma once

#include <memory>
#include <set>
#include <string>
#include <vector>

#include "planner/logical_plan.h"
#include "sql/ast.h"
#include "sql/binder/binder.h"
#include "sql/binder/expr_util.h"
#include "sql/binder/scope.h"

namespace kappa::binder {

// Nesting limit of expressions and queries (PostgreSQL: 54001).
inline constexpr int kMaxBindDepth = 1000;

// A scalar subquery that has been planned but not yet joined to the block's
// input: it is joined at the point where the expression using it is
// evaluated (below the aggregate for WHERE and aggregate arguments, above it
// for the select list). Expressions refer to it by Marker::kSubquery.
struct PendingSubquery {
  LogicalPlanPtr plan;                    // the right side
  LogicalJoinType join_type = LogicalJoinType::kInner;
  std::vector<BoundExprPtr> outer_keys;   // over the block's input (may hold markers)
  std::vector<BoundExprPtr> inner_keys;   // over `plan`
  BoundExprPtr value;                     // over `plan`'s columns
  bool post_passed = false;               // grouping pass applied to outer_keys
  bool remapped = false;                  // RemapAfterAggregate applied to outer_keys
  int column = -1;                        // once joined: input column holding value
};

struct WindowCall {
  std::vector<BoundExprPtr> partition;
  std::vector<SortKey> order;
  int column = -1;  // once planned: input column holding the row number
};

// A semi/anti join produced by a top-level [NOT] IN / EXISTS conjunct.
struct PendingSemiJoin {
  LogicalPlanPtr plan;
  LogicalJoinType join_type = LogicalJoinType::kSemi;
  std::vector<BoundExprPtr> outer_keys;  // over the block's input
  std::vector<BoundExprPtr> inner_keys;  // over plan
  // Over [outer input columns | plan columns]; outer refs are Marker::kOuter
  // ordinals until the join is placed.
  BoundExprPtr residual;
};

// State of one SELECT block.
struct BlockState {
  Scope scope;
  BlockState* outer = nullptr;  // enclosing block (correlation), may be null
  std::vector<LogicalAggregate> aggregates;
  std::vector<std::string> aggregate_names;
  std::vector<WindowCall> windows;
  std::vector<PendingSubquery> subqueries;
  std::vector<BoundExprPtr> group_exprs;
  // WHERE conjuncts that reference the enclosing block (Marker::kOuter).
  std::vector<BoundExprPtr> correlated;
  bool saw_outer_ref = false;
};

// Where an expression appears: decides what is allowed and error texts.
enum class Clause {
  kWhere,
  kJoinOn,
  kGroupBy,
  kHaving,
  kSelect,
  kOrderBy,
  kValues,
  kLimit,
  kOffset,
  kRow,          // UPDATE/DELETE/CHECK/DEFAULT over one table
  kFunctionArg,  // table function arguments in FROM
  kWindow,       // PARTITION BY / ORDER BY inside OVER
};
const char* ClauseName(Clause c);

struct ExprState {
  Clause clause = Clause::kSelect;
  bool in_aggregate = false;  // inside an aggregate's arguments
  bool in_window = false;     // inside a window's OVER
};

class QueryBinder {
 public:
  explicit QueryBinder(BindContext& ctx) : ctx_(ctx) {}

  BindContext& ctx() { return ctx_; }
  std::vector<uint64_t> TakeReferencedTables();

  // ------------------------------------------------------------ queries
  // Any query node (simple SELECT, VALUES, set operation) with its WITH,
  // ORDER BY and LIMIT. `outer` is the enclosing block for subqueries in
  // expressions (null elsewhere). Output columns of unknown type stay
  // unknown; callers resolve them (ResolveUnknownOutputs).
  Result<LogicalPlanPtr> BindQueryNode(const ast::SelectStmt& stmt, BlockState* outer, int depth);
  // Resolves unknown-typed output columns to text (subqueries, top level).
  Status ResolveUnknownOutputs(LogicalPlanPtr* plan);
  // Coerces output column `i` of `plan` to `target` (literals parsed in
  // place; otherwise a cast in a Project on top).
  Status CoerceOutput(LogicalPlanPtr* plan, int i, const DataType& target, CastContext cc,
                      const std::string& column_name);

  // ------------------------------------------------------------ SELECT blocks
  // FROM + WHERE (+ semi joins). For a block with an enclosing block, WHERE
  // conjuncts that reference it go to state->correlated instead.
  Result<LogicalPlanPtr> BindFromWhere(const ast::SelectStmt& stmt, BlockState* state, int depth);
  // Everything after WHERE for a simple SELECT.
  Result<LogicalPlanPtr> FinishSelectBlock(const ast::SelectStmt& stmt, BlockState* state,
                                           LogicalPlanPtr plan, int depth);
  Result<LogicalPlanPtr> BindSimpleSelect(const ast::SelectStmt& stmt, BlockState* outer,
                                          int depth);
  Result<LogicalPlanPtr> BindFromItem(const ast::TableRef& ref, Scope* scope, int depth);
  Result<LogicalPlanPtr> BindJoin(const ast::TableRef& ref, Scope* scope, int depth);
  Result<LogicalPlanPtr> BindTableFunction(const ast::TableRef& ref, Scope* scope, int depth);
  // SESSION(t, ts, gap[, partition columns]) (bind_session.cc).
  Result<LogicalPlanPtr> BindSessionFunction(const ast::TableRef& ref, Scope* scope, int depth);
  // A relation by name: CTE or catalog table/view.
  Result<LogicalPlanPtr> BindRelation(const ast::QualifiedName& name, int location,
                                      const std::string& alias,
                                      const std::vector<std::string>& column_aliases,
                                      Scope* scope, int depth);
  // Adds an item for `plan`'s columns (a derived table / CTE / table function).
  Status AddPlanItem(const LogicalPlan& plan, const std::string& refname,
                     const std::vector<std::string>& column_aliases, int location,
                     Scope* scope, std::vector<std::string>* names_out);

  // ------------------------------------------------------------ predicate pushdown
  // Applies `conjuncts` (over `plan`'s output) to `plan`, as deep below its
  // joins as is safe (predicate_pushdown.cc); a join's own ON conjuncts over
  // one input move too. Conjuncts that cannot move end in a Filter.
  Result<LogicalPlanPtr> PushDownFilters(LogicalPlanPtr plan, std::vector<BoundExprPtr> conjuncts);
  Result<LogicalPlanPtr> PushIntoJoin(LogicalPlanPtr join, std::vector<BoundExprPtr> conjuncts);
  // `c` is `l = r` with l over the left input only and r over the right
  // only (`nl` left columns): appends the key pair, cast to their common
  // type, and returns true; else false.
  Result<bool> TryJoinKey(const BoundExpr& c, int nl, std::vector<BoundExprPtr>* left_keys,
                          std::vector<BoundExprPtr>* right_keys);

  // ------------------------------------------------------------ expressions
  Result<BoundExprPtr> BindExpr(const ast::Expr& e, BlockState* st, ExprState es);
  // Binds and requires boolean (unknown literals become boolean): 42804
  // "argument of WHERE must be type boolean, not type integer".
  Result<BoundExprPtr> BindCondition(const ast::Expr& e, BlockState* st, ExprState es,
                                     const char* construct);
  Result<BoundExprPtr> RequireBoolean(BoundExprPtr e, const char* construct);
  Result<BoundExprPtr> BindColumnRef(const ast::Expr& e, BlockState* st, ExprState es);
  Result<BoundExprPtr> BindFunction(const ast::Expr& e, BlockState* st, ExprState es);
  Result<BoundExprPtr> BindAggregateCall(const ast::Expr& e, BlockState* st, ExprState es);
  Result<BoundExprPtr> BindWindowCall(const ast::Expr& e, BlockState* st, ExprState es);
  Result<BoundExprPtr> BindCase(const ast::Expr& e, BlockState* st, ExprState es);
  Result<BoundExprPtr> BindCast(const ast::Expr& e, BlockState* st, ExprState es);
  // PostgreSQL catalog syntax (bind_catalog.cc): ::regclass/::regtype/
  // ::regnamespace/::regproc/::oid casts (oids are int8; names resolve
  // through the catalog at bind time), casts to array types (arrays are their
  // text form), x op ANY/ALL(array), ARRAY[...] and ARRAY(subquery).
  // BindRegCast sets *handled = false when `e` is none of its casts.
  Result<BoundExprPtr> BindRegCast(const ast::Expr& e, BlockState* st, ExprState es,
                                   bool* handled);
  Result<BoundExprPtr> BindAnyAllArray(const ast::Expr& e, BlockState* st, ExprState es);
  Result<BoundExprPtr> BindArrayExpr(const ast::Expr& e, BlockState* st, ExprState es);
  Result<LogicalPlanPtr> BindSimpleSelectBlock(const ast::SelectStmt& stmt, BlockState* outer,
                                               int depth);
  // A SELECT block kappadb cannot bind (`error`, 0A000) whose FROM clause
  // provably has no rows (sql/empty_relations.h; inner joins and comma lists
  // with such a relation, left joins with it on the left) and which has no
  // aggregates, GROUP BY or HAVING: no rows, columns named as PostgreSQL names
  // them, typed text. Otherwise returns `error`.
  Result<LogicalPlanPtr> BindProvablyEmptySelect(const ast::SelectStmt& stmt, Status error);
  bool FromIsProvablyEmpty(const ast::TableRef& ref);
  // A scalar subquery over a provably empty FROM without aggregates: NULL.
  bool ScalarSubqueryIsProvablyNull(const ast::Expr& e);
  // arr[i] over an array's text form (text; NULL out of range).
  Result<BoundExprPtr> BindArraySubscript(const ast::Expr& e, BlockState* st, ExprState es);
  Result<BoundExprPtr> BindInList(const ast::Expr& e, BlockState* st, ExprState es);
  Result<BoundExprPtr> BindBetween(const ast::Expr& e, BlockState* st, ExprState es);
  Result<BoundExprPtr> BindLiteral(const ast::Expr& e);
  Result<BoundExprPtr> BindParam(const ast::Expr& e);
  // Resolves a function/operator over bound args and inserts casts.
  Result<BoundExprPtr> CallFunction(const std::string& name, std::vector<BoundExprPtr> args,
                                    int location);
  // Binds the `name(*)`-free star forms of a select list.
  Status ExpandStar(const ast::Expr& star, BlockState* st, std::vector<BoundExprPtr>* exprs,
                    std::vector<std::string>* names);

  // ------------------------------------------------------------ coercion
  // Coerces `e` to `target`. Literals and parameters of unknown type take
  // the type directly. Errors name `construct` when no cast exists.
  Result<BoundExprPtr> Coerce(BoundExprPtr e, const DataType& target, CastContext cc);
  // Unifies the types of `exprs` (CommonType) and coerces them all.
  Result<DataType> CoerceToCommon(std::vector<BoundExprPtr*> exprs, std::string_view construct);
  // Casts a constant child at bind time (like PostgreSQL's constant folding).
  Result<BoundExprPtr> FoldConstantCast(BoundExprPtr cast);

  // ------------------------------------------------------------ aggregates
  bool NeedsAggregation(const ast::SelectStmt& stmt, const BlockState& st) const;
  // Replaces, in an expression bound over the block's input, the subtrees
  // equal to a group expression by Marker::kGroup, checks that no other input
  // column remains (42803), keeps aggregate/window/outer markers.
  Status CheckGrouped(BoundExprPtr* e, BlockState* st, int depth = 0);
  // After the Aggregate is built: group/aggregate markers -> columns.
  void RemapAfterAggregate(BoundExpr* e, BlockState* st);
  Result<LogicalPlanPtr> BuildAggregate(LogicalPlanPtr plan, BlockState* st);
  Result<LogicalPlanPtr> BuildWindows(LogicalPlanPtr plan, BlockState* st);

  // ------------------------------------------------------------ subqueries
  Result<BoundExprPtr> BindScalarSubquery(const ast::Expr& e, BlockState* st, ExprState es);
  Result<BoundExprPtr> BindExistsExpr(const ast::Expr& e, BlockState* st, ExprState es);
  Result<BoundExprPtr> BindInSubqueryExpr(const ast::Expr& e, BlockState* st, ExprState es);
  // Top-level WHERE conjunct [NOT] EXISTS / [NOT] IN (subquery): a semi/anti
  // join applied to `plan`. Returns false in *handled if the conjunct is not
  // of that form.
  Status TryBindSemiJoin(const ast::Expr& conjunct, BlockState* st, LogicalPlanPtr* plan,
                         int depth, bool* handled);
  // Joins pending scalar subqueries referenced by `e` to `plan` and replaces
  // their markers by columns; also resolves window markers.
  Status Place(BoundExprPtr* e, BlockState* st, LogicalPlanPtr* plan);

  // ------------------------------------------------------------ ORDER BY / LIMIT
  Status BindLimitOffset(const ast::SelectStmt& stmt, LogicalPlanPtr* plan);
  Result<int64_t> EvalLimitValue(const ast::Expr& e, Clause clause);

  // ------------------------------------------------------------ VALUES / set ops
  Result<LogicalPlanPtr> BindValues(const ast::SelectStmt& stmt, BlockState* outer, int depth);
  Result<LogicalPlanPtr> BindSetOperation(const ast::SelectStmt& stmt, BlockState* outer,
                                          int depth);
  // ORDER BY of a set operation or VALUES: output names and ordinals only.
  Status BindOutputOrderBy(const std::vector<ast::OrderItem>& items, const char* what,
                           LogicalPlanPtr* plan);

  // CTEs visible at this point, innermost last.
  struct CteEntry {
    std::string name;
    const ast::CommonTableExpr* cte;
    LogicalPlanPtr plan;  // bound once; each reference clones it
    std::vector<std::string> names;
  };
  std::vector<CteEntry>& ctes() { return ctes_; }

  void AddReferencedTable(uint64_t id) { referenced_.insert(id); }

  // Counts nesting across expressions, FROM items and subqueries; past
  // kMaxBindDepth binding fails with 54001 instead of overflowing the stack.
  class DepthGuard {
   public:
    explicit DepthGuard(QueryBinder* b) : b_(b) { ++b_->depth_; }
    ~DepthGuard() { --b_->depth_; }
    bool exceeded() const { return b_->depth_ > kMaxBindDepth; }

   private:
    QueryBinder* b_;
  };

 private:
  int depth_ = 0;
  BindContext& ctx_;
  std::vector<CteEntry> ctes_;
  std::set<uint64_t> referenced_;
};

Status DepthError();
// Which inputs of a join (`nl` left columns) `e` references: kSideLeft |
// kSideRight, plus kSideFixed if it must stay where it is (a binder marker or
// a volatile function). 0: no column at all.
inline constexpr int kSideLeft = 1, kSideRight = 2, kSideFixed = 4;
int ColumnSides(const BoundExpr& e, int nl);
// Assignment coercion (INSERT/UPDATE targets); `ctx` may be null.
Result<BoundExprPtr> CoerceAssign(BoundExprPtr e, const DataType& target,
                                  const std::string& column_name, BindContext* ctx);
// The PostgreSQL column name FigureColname gives an expression.
std::string FigureColumnName(const ast::Expr& e);
// Rewrites generate_series/unnest/generate_subscripts in FROM and in the
// select list of a simple SELECT block, in place (bind_srf.cc).
void RewriteSetReturningFunctions(ast::SelectStmt* stmt);
// PostgreSQL's internal name of a type ("int4", "varchar", "timestamptz").
std::string InternalTypeName(TypeId id);

}  // namespace kappa::binder
