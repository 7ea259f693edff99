#include "planner/physical_planner.h"

#include <doctest/doctest.h>
#include <stdlib.h>

#include <filesystem>

#include "executor/function_registry.h"
#include "sql/catalog.h"
#include "storage/store.h"
#include "storage/table_log.h"
#include "tests/unit/operator_test_util.h"

namespace kappa {
namespace {

using namespace optest;

using Rows = std::vector<std::string>;

// A store in a temporary directory with a catalog.
struct Fixture {
  std::string dir;
  std::unique_ptr<Store> store;
  std::unique_ptr<Catalog> catalog;

  Fixture() {
    char tmpl[] = "/tmp/kappa-planner-test-XXXXXX";
    REQUIRE(mkdtemp(tmpl) != nullptr);
    dir = tmpl;
    auto s = Store::Open(dir);
    REQUIRE_MESSAGE(s.ok(), s.status().ToString());
    store = std::move(s).value();
    auto c = Catalog::Load(store.get());
    REQUIRE_MESSAGE(c.ok(), c.status().ToString());
    catalog = std::move(c).value();
  }
  ~Fixture() {
    catalog.reset();
    store.reset();
    std::filesystem::remove_all(dir);
  }

  TableInfoPtr CreateTable(const std::string& name, std::vector<ColumnInfo> cols) {
    TableInfo info;
    info.name = name;
    info.columns = std::move(cols);
    auto t = catalog->Create(std::move(info));
    REQUIRE_MESSAGE(t.ok(), t.status().ToString());
    return t.value();
  }
  void Append(const TableInfoPtr& t, const Chunk& rows) {
    REQUIRE(store->log().Append(t->id, rows).ok());
  }
  ExecContext Context() {
    ExecContext ctx;
    ctx.store = store.get();
    ctx.catalog = catalog->Snapshot();
    return ctx;
  }
};

LogicalPlanPtr Scan(const TableInfoPtr& t, std::vector<int> cols) {
  auto p = std::make_unique<LogicalPlan>(LogicalKind::kScan);
  p->table_id = t->id;
  p->table_name = t->name;
  for (int c : cols) p->columns.push_back({t->columns[c].name, t->columns[c].type});
  p->scan_columns = std::move(cols);
  return p;
}

LogicalPlanPtr Unary(LogicalKind kind, LogicalPlanPtr child) {
  auto p = std::make_unique<LogicalPlan>(kind);
  p->columns = child->columns;
  p->children.push_back(std::move(child));
  return p;
}

LogicalPlanPtr SortBy(LogicalPlanPtr child, int col, bool desc) {
  auto p = Unary(LogicalKind::kSort, std::move(child));
  SortKey k;
  k.expr = Col(col, p->columns[col].type);
  k.descending = desc;
  k.nulls_first = desc;
  p->sort_keys.push_back(std::move(k));
  return p;
}

LogicalPlanPtr Limit(LogicalPlanPtr child, int64_t limit, int64_t offset) {
  auto p = Unary(LogicalKind::kLimit, std::move(child));
  p->limit = limit;
  p->offset = offset;
  return p;
}

LogicalPlanPtr ProjectCols(LogicalPlanPtr child, std::vector<int> cols) {
  auto p = std::make_unique<LogicalPlan>(LogicalKind::kProject);
  for (int c : cols) {
    p->columns.push_back(child->columns[c]);
    p->exprs.push_back(Col(c, child->columns[c].type));
  }
  p->children.push_back(std::move(child));
  return p;
}

// count(*), sum(#1) GROUP BY #0
LogicalPlanPtr CountSum(LogicalPlanPtr child) {
  auto p = std::make_unique<LogicalPlan>(LogicalKind::kAggregate);
  p->columns = {child->columns[0], {"count", kInt8}, {"sum", kNumeric}};
  p->group_exprs.push_back(Col(0, child->columns[0].type));
  LogicalAggregate count;
  count.agg = ResolveAggregate("count", {}).value();
  count.name = "count(*)";
  LogicalAggregate sum;
  sum.agg = ResolveAggregate("sum", {kInt8}).value();
  sum.arg = Col(1, kInt8);
  sum.name = "sum(#1)";
  p->aggregates.push_back(std::move(count));
  p->aggregates.push_back(std::move(sum));
  p->children.push_back(std::move(child));
  return p;
}

LogicalPlanPtr Values(std::vector<LogicalColumn> cols, std::vector<std::vector<Value>> rows) {
  auto p = std::make_unique<LogicalPlan>(LogicalKind::kValues);
  p->columns = std::move(cols);
  for (auto& row : rows) {
    std::vector<BoundExprPtr> exprs;
    for (auto& v : row) exprs.push_back(BoundExpr::Constant(v));
    p->values.push_back(std::move(exprs));
  }
  return p;
}

Rows Run(const LogicalPlan& plan, ExecContext& ctx) {
  auto r = RunBatchQuery(plan, ctx);
  REQUIRE_MESSAGE(r.ok(), r.status().ToString());
  return Expanded(r.value());
}

const std::vector<DataType> kKX = {kText, kInt8};

TEST_CASE("a batch query over a table log sees inserts, updates and deletes") {
  Fixture f;
  auto t = f.CreateTable("t", {{"k", kText}, {"x", kInt8}});
  f.Append(t, MakeChunk(kKX, {{T("a"), I(1)}, {T("b"), I(2)}, {T("a"), I(3)}}));
  // UPDATE t SET x = 30 WHERE x = 3; DELETE FROM t WHERE k = 'b'.
  f.Append(t, MakeChunk(kKX, {{T("a"), I(3)}, {T("a"), I(30)}}, {-1, 1}));
  f.Append(t, MakeChunk(kKX, {{T("b"), I(2)}}, {-1}));
  auto ctx = f.Context();
  CHECK(Run(*Scan(t, {0, 1}), ctx) == Rows{"a|1", "a|30"});
  CHECK(Run(*CountSum(Scan(t, {0, 1})), ctx) == Rows{"a|2|31"});
  // Scanning a column subset, in another order.
  CHECK(Run(*Scan(t, {1}), ctx) == Rows{"1", "30"});
}

TEST_CASE("a global aggregate over an empty table returns one row") {
  Fixture f;
  auto t = f.CreateTable("t", {{"k", kText}, {"x", kInt8}});
  auto plan = std::make_unique<LogicalPlan>(LogicalKind::kAggregate);
  plan->columns = {{"count", kInt8}};
  LogicalAggregate count;
  count.agg = ResolveAggregate("count", {}).value();
  count.name = "count(*)";
  plan->aggregates.push_back(std::move(count));
  plan->children.push_back(Scan(t, {0, 1}));
  auto ctx = f.Context();
  CHECK(Run(*plan, ctx) == Rows{"0"});
  // GROUP BY over the empty table returns nothing.
  CHECK(Run(*CountSum(Scan(t, {0, 1})), ctx).empty());
}

TEST_CASE("order by with limit runs as a top-N and returns rows in sort order") {
  Fixture f;
  auto t = f.CreateTable("t", {{"k", kText}, {"x", kInt8}});
  f.Append(t, MakeChunk(kKX, {{T("a"), I(5)}, {T("b"), I(9)}, {T("c"), Null(TypeId::kInt64)},
                              {T("d"), I(7)}, {T("e"), I(1)}}));
  auto ctx = f.Context();
  auto plan = Limit(SortBy(Scan(t, {0, 1}), 1, /*desc=*/true), 2, 1);
  CHECK(Run(*plan, ctx) == Rows{"b|9", "d|7"});
  auto df = BuildDataflow(*plan, ctx);
  REQUIRE(df.ok());
  CHECK(df.value()->Explain() == "Sort(keys=[#1 DESC], limit=2, offset=1)\n  Scan(t, columns=[0, 1])\n");
  CHECK(df.value()->ordered);
  // Ascending: NULLs last.
  CHECK(Run(*SortBy(Scan(t, {0, 1}), 1, false), ctx) ==
        Rows{"e|1", "a|5", "d|7", "b|9", "c|NULL"});
}

TEST_CASE("rows equal after a projection keep their sorted positions") {
  Fixture f;
  auto t = f.CreateTable("t", {{"k", kText}, {"x", kInt8}});
  f.Append(t, MakeChunk(kKX, {{T("p"), I(1)}, {T("q"), I(2)}, {T("p"), I(3)}}));
  auto ctx = f.Context();
  // SELECT k FROM t ORDER BY x LIMIT 3: p, q, p (not p, p, q).
  auto plan = Limit(ProjectCols(SortBy(Scan(t, {0, 1}), 1, false), {0}), 3, 0);
  CHECK(Run(*plan, ctx) == Rows{"p", "q", "p"});
}

TEST_CASE("a join of two tables, a union and a set difference run end to end") {
  Fixture f;
  auto a = f.CreateTable("a", {{"k", kText}, {"x", kInt8}});
  auto b = f.CreateTable("b", {{"k", kText}, {"y", kInt8}});
  f.Append(a, MakeChunk(kKX, {{T("1"), I(10)}, {T("2"), I(20)}}));
  f.Append(b, MakeChunk(kKX, {{T("1"), I(100)}, {T("3"), I(300)}}));
  auto ctx = f.Context();

  auto join = std::make_unique<LogicalPlan>(LogicalKind::kJoin);
  join->join_type = LogicalJoinType::kLeft;
  join->children.push_back(Scan(a, {0, 1}));
  join->children.push_back(Scan(b, {0, 1}));
  join->columns = join->children[0]->columns;
  for (const auto& c : join->children[1]->columns) join->columns.push_back(c);
  join->left_keys.push_back(Col(0, kText));
  join->right_keys.push_back(Col(0, kText));
  auto sorted = SortBy(std::move(join), 0, false);
  CHECK(Run(*sorted, ctx) == Rows{"1|10|1|100", "2|20|NULL|NULL"});

  auto keys_a = ProjectCols(Scan(a, {0, 1}), {0});
  auto keys_b = ProjectCols(Scan(b, {0, 1}), {0});
  auto uni = std::make_unique<LogicalPlan>(LogicalKind::kUnion);
  uni->columns = keys_a->columns;
  uni->children.push_back(ProjectCols(Scan(a, {0, 1}), {0}));
  uni->children.push_back(ProjectCols(Scan(b, {0, 1}), {0}));
  uni->children.push_back(ProjectCols(Scan(a, {0, 1}), {0}));
  CHECK(Run(*SortBy(std::move(uni), 0, false), ctx) == Rows{"1", "2", "3"});

  auto except = std::make_unique<LogicalPlan>(LogicalKind::kSetOp);
  except->set_op_kind = LogicalPlan::SetOpKind::kExcept;
  except->columns = keys_a->columns;
  except->children.push_back(std::move(keys_a));
  except->children.push_back(std::move(keys_b));
  CHECK(Run(*except, ctx) == Rows{"2"});
}

TEST_CASE("values rows and parameters run without any table") {
  Fixture f;
  auto ctx = f.Context();
  std::vector<Value> params = {T("from a parameter")};
  ctx.eval.params = &params;
  auto plan = Values({{"a", kInt8}, {"b", kText}}, {{I(2), T("x")}, {I(1), T("y")}, {I(2), T("x")}});
  auto p = std::make_unique<BoundExpr>(BoundExprKind::kParam, kText);
  p->param_index = 0;
  plan->values[1][1] = std::move(p);
  CHECK(Run(*plan, ctx) == Rows{"2|x", "2|x", "1|from a parameter"});
  auto distinct = Unary(LogicalKind::kDistinct, std::move(plan));
  CHECK(Run(*distinct, ctx) == Rows{"2|x", "1|from a parameter"});
}

TEST_CASE("a large table is scanned in chunks and fully counted") {
  Fixture f;
  auto t = f.CreateTable("t", {{"k", kText}, {"x", kInt8}});
  for (int batch = 0; batch < 5; ++batch) {
    Chunk c(kKX);
    for (int i = 0; i < 3000; ++i) c.AppendRow({T(i % 2 ? "odd" : "even"), I(i)});
    f.Append(t, c);
  }
  auto ctx = f.Context();
  auto plan = SortBy(CountSum(Scan(t, {0, 1})), 0, false);
  CHECK(Run(*plan, ctx) == Rows{"even|7500|11242500", "odd|7500|11250000"});
}

TEST_CASE("a canceled query fails with 57014 and a dropped table with 42P01") {
  Fixture f;
  auto t = f.CreateTable("t", {{"k", kText}, {"x", kInt8}});
  f.Append(t, MakeChunk(kKX, {{T("a"), I(1)}}));
  auto ctx = f.Context();
  std::atomic<bool> cancel{true};
  ctx.cancel = &cancel;
  auto r = RunBatchQuery(*Scan(t, {0, 1}), ctx);
  CHECK(r.status().sqlstate() == "57014");
  CHECK(r.status().message() == "canceling statement due to user request");

  auto ctx2 = f.Context();
  auto plan = Scan(t, {0, 1});
  plan->table_id = 999999;
  plan->table_name = "gone";
  auto r2 = RunBatchQuery(*plan, ctx2);
  CHECK(r2.status().sqlstate() == "42P01");
}

BoundExprPtr Call(const char* name, BoundExprPtr a, BoundExprPtr b) {
  auto resolved = ResolveScalarFunction(name, {a->type, b->type});
  REQUIRE_MESSAGE(resolved.ok(), resolved.status().ToString());
  auto e = std::make_unique<BoundExpr>(BoundExprKind::kFunction, resolved->return_type);
  e->function = resolved->function;
  e->function_name = name;
  e->children.push_back(std::move(a));
  e->children.push_back(std::move(b));
  return e;
}

TEST_CASE("filter and projection expressions run through the expression evaluator") {
  Fixture f;
  auto t = f.CreateTable("t", {{"k", kText}, {"x", kInt8}});
  f.Append(t, MakeChunk(kKX, {{T("a"), I(1)}, {T("b"), I(2)}, {T("c"), I(3)}}));
  auto ctx = f.Context();
  // SELECT k, x * 10 FROM t WHERE x > 1
  auto filter = Unary(LogicalKind::kFilter, Scan(t, {0, 1}));
  filter->predicate = Call(">", Col(1, kInt8), BoundExpr::Constant(I(1)));
  auto project = std::make_unique<LogicalPlan>(LogicalKind::kProject);
  project->exprs.push_back(Col(0, kText));
  project->exprs.push_back(Call("*", Col(1, kInt8), BoundExpr::Constant(I(10))));
  project->columns = {{"k", kText}, {"?column?", project->exprs[1]->type}};
  project->children.push_back(std::move(filter));
  CHECK(Run(*project, ctx) == Rows{"b|20", "c|30"});
  // A division by zero aborts the query with 22012.
  auto bad = std::make_unique<LogicalPlan>(LogicalKind::kProject);
  bad->exprs.push_back(Call("/", Col(1, kInt8), BoundExpr::Constant(I(0))));
  bad->columns = {{"?column?", bad->exprs[0]->type}};
  bad->children.push_back(Scan(t, {0, 1}));
  CHECK(RunBatchQuery(*bad, ctx).status().sqlstate() == "22012");
}

TEST_CASE("the logical plan prints one operator per line") {
  Fixture f;
  auto t = f.CreateTable("t", {{"k", kText}, {"x", kInt8}});
  auto plan = Limit(SortBy(CountSum(Scan(t, {0, 1})), 0, true), 5, 0);
  CHECK(plan->Types() == std::vector<DataType>{kText, kInt8, kNumeric});
  CHECK(plan->ToString() ==
        "Limit limit=5\n"
        "  Sort [#0 DESC]\n"
        "    Aggregate groups=[#0] aggs=[count(*), sum(#1)]\n"
        "      Scan t [k, x]\n");
}

}  // namespace
}  // namespace kappa
