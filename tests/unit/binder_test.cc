// Binder tests: SQL text -> parser -> binder, checking plan shapes, types,
// output names and PostgreSQL's errors (SQLSTATE, message, position).
#include "sql/binder/binder.h"

#include <doctest/doctest.h>
#include <stdlib.h>

#include <filesystem>
#include <memory>
#include <string>

#include "sql/catalog.h"
#include "sql/parse/parser.h"
#include "storage/store.h"

namespace kappa {
namespace {

// A catalog with a few tables, in a temporary store.
class BinderFixture {
 public:
  BinderFixture() {
    char tmpl[] = "/tmp/kappa-binder-test-XXXXXX";
    REQUIRE(mkdtemp(tmpl) != nullptr);
    dir_ = tmpl;
    auto store = Store::Open(dir_);
    REQUIRE(store.ok());
    store_ = std::move(store).value();
    auto catalog = Catalog::Load(store_.get());
    REQUIRE(catalog.ok());
    catalog_ = std::move(catalog).value();
    Add("t", {{"a", DataType(TypeId::kInt32)},
              {"b", DataType(TypeId::kText)},
              {"c", DataType::Numeric(10, 2)},
              {"d", DataType(TypeId::kDate)}},
        {});
    Add("u", {{"a", DataType(TypeId::kInt32)},
              {"x", DataType(TypeId::kInt64)},
              {"name", DataType::Varchar(10)}},
        {});
    Add("k", {{"id", DataType(TypeId::kInt32)},
              {"v", DataType(TypeId::kText)},
              {"w", DataType(TypeId::kInt32)}},
        {0});
    Add("events", {{"id", DataType(TypeId::kInt64)},
                   {"ts", DataType(TypeId::kTimestamp)},
                   {"amount", DataType(TypeId::kInt32)}},
        {});
  }
  ~BinderFixture() {
    catalog_.reset();
    store_.reset();
    std::filesystem::remove_all(dir_);
  }

  Result<BoundQuery> Bind(const std::string& sql) {
    ctx_ = BindContext();
    ctx_.catalog = catalog_->Snapshot();
    auto parsed = ParseSql(sql);
    if (!parsed.ok()) return parsed.status();
    REQUIRE(parsed->size() == 1);
    auto* stmt = dynamic_cast<ast::SelectStatement*>((*parsed)[0].get());
    REQUIRE(stmt != nullptr);
    return BindQuery(*stmt->select, ctx_);
  }

  // The plan of a query that must bind.
  LogicalPlanPtr Plan(const std::string& sql) {
    auto r = Bind(sql);
    INFO(sql);
    INFO(r.status().ToString());
    REQUIRE(r.ok());
    return std::move(r.value().plan);
  }

  Status Error(const std::string& sql) {
    auto r = Bind(sql);
    INFO(sql);
    REQUIRE(!r.ok());
    return r.status();
  }

  TableInfoPtr Table(const std::string& name) { return catalog_->Snapshot()->Find("", name); }

  BindContext ctx_;

 private:
  void Add(const std::string& name, std::vector<std::pair<std::string, DataType>> cols,
           std::vector<int> pk) {
    TableInfo t;
    t.name = name;
    for (auto& [n, type] : cols) t.columns.push_back({n, type, false, ""});
    t.primary_key = std::move(pk);
    REQUIRE(catalog_->Create(t).ok());
  }

  std::string dir_;
  std::unique_ptr<Store> store_;
  std::unique_ptr<Catalog> catalog_;
};

const char* KindName(const LogicalPlan& p) {
  switch (p.kind) {
    case LogicalKind::kScan: return "Scan";
    case LogicalKind::kValues: return "Values";
    case LogicalKind::kFilter: return "Filter";
    case LogicalKind::kProject: return "Project";
    case LogicalKind::kJoin:
      switch (p.join_type) {
        case LogicalJoinType::kInner: return "Join";
        case LogicalJoinType::kLeft: return "LeftJoin";
        case LogicalJoinType::kRight: return "RightJoin";
        case LogicalJoinType::kFull: return "FullJoin";
        case LogicalJoinType::kSemi: return "SemiJoin";
        case LogicalJoinType::kAnti: return "AntiJoin";
        case LogicalJoinType::kAntiNullAware: return "NotInJoin";
      }
      return "Join";
    case LogicalKind::kAggregate: return "Aggregate";
    case LogicalKind::kDistinct: return "Distinct";
    case LogicalKind::kSort: return "Sort";
    case LogicalKind::kLimit: return "Limit";
    case LogicalKind::kUnion: return "Union";
    case LogicalKind::kSetOp: return "SetOp";
    case LogicalKind::kWindow: return "Window";
    case LogicalKind::kHop: return "Hop";
  }
  return "?";
}

// "Project(Filter(Scan t))": the operator tree, compactly.
std::string Shape(const LogicalPlan& p) {
  std::string s = KindName(p);
  if (p.kind == LogicalKind::kScan) return s + " " + p.table_name;
  if (p.children.empty()) return s;
  s += "(";
  for (size_t i = 0; i < p.children.size(); ++i) {
    if (i) s += ", ";
    s += Shape(*p.children[i]);
  }
  return s + ")";
}

std::string Names(const LogicalPlan& p) {
  std::string s;
  for (size_t i = 0; i < p.columns.size(); ++i) {
    if (i) s += ",";
    s += p.columns[i].name;
  }
  return s;
}

std::string Types(const LogicalPlan& p) {
  std::string s;
  for (size_t i = 0; i < p.columns.size(); ++i) {
    if (i) s += ",";
    s += TypeName(p.columns[i].type);
  }
  return s;
}

// ---------------------------------------------------------------- names

TEST_CASE_FIXTURE(BinderFixture, "a simple select is a project over a scan with PostgreSQL names") {
  auto p = Plan("SELECT a, b AS bee, a + 1, lower(b), CAST(a AS bigint), 'x'::text, "
                "CASE WHEN a > 0 THEN 1 END, t.c FROM t");
  CHECK(Shape(*p) == "Project(Scan t)");
  CHECK(Names(*p) == "a,bee,?column?,lower,a,text,case,c");
  CHECK(Types(*p) == "integer,text,integer,text,bigint,text,integer,numeric(10,2)");
}

TEST_CASE_FIXTURE(BinderFixture, "literals get int4, int8, numeric and unknown-to-text types") {
  auto p = Plan("SELECT 1, 3000000000, 1.50, 'abc', NULL, true, -2147483648");
  CHECK(Shape(*p) == "Project(Values)");
  CHECK(Types(*p) == "integer,bigint,numeric,text,text,boolean,integer");
  CHECK(Names(*p) == "?column?,?column?,?column?,?column?,?column?,?column?,?column?");
}

TEST_CASE_FIXTURE(BinderFixture, "a column that exists in two FROM items is ambiguous") {
  Status s = Error("SELECT a FROM t, u");
  CHECK(s.sqlstate() == "42702");
  CHECK(s.message() == "column reference \"a\" is ambiguous");
  CHECK(s.position() == 8);
  CHECK(Plan("SELECT t.a, u.a, x FROM t, u")->columns.size() == 3);
}

TEST_CASE_FIXTURE(BinderFixture, "unknown columns and relations report 42703 and 42P01 with position") {
  Status s = Error("SELECT nope FROM t");
  CHECK(s.sqlstate() == "42703");
  CHECK(s.message() == "column \"nope\" does not exist");
  CHECK(s.position() == 8);
  s = Error("SELECT a FROM missing");
  CHECK(s.sqlstate() == "42P01");
  CHECK(s.message() == "relation \"missing\" does not exist");
  CHECK(s.position() == 15);
  s = Error("SELECT t.zz FROM t");
  CHECK(s.sqlstate() == "42703");
  CHECK(s.message() == "column t.zz does not exist");
}

TEST_CASE_FIXTURE(BinderFixture, "a table alias hides the table name") {
  CHECK(Plan("SELECT x.a FROM t AS x")->columns.size() == 1);
  Status s = Error("SELECT t.a FROM t AS x");
  CHECK(s.sqlstate() == "42P01");
  CHECK(s.message() == "missing FROM-clause entry for table \"t\"");
  auto p = Plan("SELECT * FROM t AS x(p, q)");
  CHECK(Names(*p) == "p,q,c,d");
}

TEST_CASE_FIXTURE(BinderFixture, "star expands USING columns once and FULL JOIN merges them") {
  auto p = Plan("SELECT * FROM t JOIN u USING (a)");
  CHECK(Names(*p) == "a,b,c,d,x,name");
  CHECK(Shape(*p) == "Project(Join(Scan t, Scan u))");
  CHECK(p->children[0]->left_keys.size() == 1);
  auto f = Plan("SELECT a FROM t FULL JOIN u USING (a)");
  // The merged column is COALESCE(t.a, u.a), computed above the join.
  CHECK(Shape(*f) == "Project(Project(FullJoin(Scan t, Scan u)))");
  CHECK(f->children[0]->exprs.back()->kind == BoundExprKind::kCoalesce);
  auto n = Plan("SELECT * FROM t NATURAL JOIN u");
  CHECK(Names(*n) == "a,b,c,d,x,name");
  CHECK(Plan("SELECT t.a, u.a FROM t JOIN u USING (a)")->columns.size() == 2);
  Status s = Error("SELECT * FROM t JOIN u USING (b)");
  CHECK(s.sqlstate() == "42703");
  CHECK(s.message() == "column \"b\" specified in USING clause does not exist in right table");
}

TEST_CASE_FIXTURE(BinderFixture, "an ON join splits equalities into keys and keeps the rest as residual") {
  auto p = Plan("SELECT 1 FROM t LEFT JOIN u ON t.a = u.x AND u.name <> t.b");
  const LogicalPlan& j = *p->children[0];
  REQUIRE(j.kind == LogicalKind::kJoin);
  CHECK(j.join_type == LogicalJoinType::kLeft);
  REQUIRE(j.left_keys.size() == 1);
  // int4 = int8 keys are compared as bigint on both sides.
  CHECK(j.left_keys[0]->type == DataType(TypeId::kInt64));
  CHECK(j.right_keys[0]->ToString() == "#1");
  REQUIRE(j.predicate != nullptr);
}

// ---------------------------------------------------------------- types

TEST_CASE_FIXTURE(BinderFixture, "a string literal compared with a date column is parsed as a date") {
  auto p = Plan("SELECT a FROM t WHERE d = '2024-01-05'");
  const BoundExpr& pred = *p->children[0]->predicate;
  REQUIRE(pred.children.size() == 2);
  CHECK(pred.children[1]->kind == BoundExprKind::kConstant);
  CHECK(pred.children[1]->type == DataType(TypeId::kDate));
  Status s = Error("SELECT a FROM t WHERE d = '2024-13-01'");
  CHECK((s.sqlstate() == "22008" || s.sqlstate() == "22007"));
  CHECK(s.position() == 27);
}

TEST_CASE_FIXTURE(BinderFixture, "a constant cast with bad input fails at bind time") {
  Status s = Error("SELECT 'abc'::integer");
  CHECK(s.sqlstate() == "22P02");
  CHECK(s.message() == "invalid input syntax for type integer: \"abc\"");
  auto p = Plan("SELECT '42'::integer, CAST('abcdef' AS varchar(3))");
  CHECK(p->exprs[0]->kind == BoundExprKind::kConstant);
  CHECK(p->exprs[0]->constant.i == 42);
  CHECK(p->exprs[1]->constant.s == "abc");
  CHECK(Names(*p) == "int4,varchar");
}

TEST_CASE_FIXTURE(BinderFixture, "WHERE must be boolean") {
  Status s = Error("SELECT a FROM t WHERE a");
  CHECK(s.sqlstate() == "42804");
  CHECK(s.message() == "argument of WHERE must be type boolean, not type integer");
  CHECK(s.position() == 23);
  s = Error("SELECT a FROM t WHERE a > 1 AND b");
  CHECK(s.message() == "argument of AND must be type boolean, not type text");
}

TEST_CASE_FIXTURE(BinderFixture, "CASE branches take a common type or fail") {
  auto p = Plan("SELECT CASE WHEN a > 1 THEN a ELSE 2.5 END FROM t");
  CHECK(Types(*p) == "numeric");
  CHECK(Names(*p) == "case");
  Status s = Error("SELECT CASE WHEN a > 1 THEN a ELSE b END FROM t");
  CHECK(s.sqlstate() == "42804");
  CHECK(s.message() == "CASE types integer and text cannot be matched");
  // CASE named after its ELSE column, like PostgreSQL.
  CHECK(Names(*Plan("SELECT CASE WHEN a > 1 THEN 'x' ELSE b END FROM t")) == "b");
}

TEST_CASE_FIXTURE(BinderFixture, "COALESCE, NULLIF, IN lists and BETWEEN are typed") {
  auto p = Plan("SELECT coalesce(a, x), nullif(a, 0), a IN (1, 2, 3), a BETWEEN 1 AND 5, "
                "a NOT BETWEEN SYMMETRIC 5 AND 1 FROM t JOIN u USING (a)");
  CHECK(Types(*p) == "bigint,integer,boolean,boolean,boolean");
  CHECK(Names(*p) == "coalesce,nullif,?column?,?column?,?column?");
  CHECK(p->exprs[2]->kind == BoundExprKind::kInList);
  CHECK(p->exprs[3]->kind == BoundExprKind::kAnd);
  CHECK(p->exprs[4]->kind == BoundExprKind::kNot);
}

TEST_CASE_FIXTURE(BinderFixture, "undefined functions and operators report 42883") {
  Status s = Error("SELECT lower(a) FROM t");
  CHECK(s.sqlstate() == "42883");
  CHECK(s.position() == 8);
  s = Error("SELECT a + b FROM t");
  CHECK(s.sqlstate() == "42883");
}

// ---------------------------------------------------------------- aggregates

TEST_CASE_FIXTURE(BinderFixture, "GROUP BY plans Filter then Aggregate then HAVING then Project") {
  auto p = Plan("SELECT b, count(*), sum(a) FROM t WHERE a > 0 GROUP BY b HAVING count(*) > 1");
  CHECK(Shape(*p) == "Project(Filter(Aggregate(Filter(Scan t))))");
  const LogicalPlan& agg = *p->children[0]->children[0];
  CHECK(agg.group_exprs.size() == 1);
  REQUIRE(agg.aggregates.size() == 2);  // count(*) is shared by SELECT and HAVING
  CHECK(agg.aggregates[1].agg.return_type == DataType(TypeId::kInt64));
  CHECK(Names(*p) == "b,count,sum");
  CHECK(Types(*p) == "text,bigint,bigint");
}

TEST_CASE_FIXTURE(BinderFixture, "an ungrouped column is a grouping error") {
  Status s = Error("SELECT a, b FROM t GROUP BY a");
  CHECK(s.sqlstate() == "42803");
  CHECK(s.message() ==
        "column \"t.b\" must appear in the GROUP BY clause or be used in an aggregate function");
  CHECK(s.position() == 11);
  s = Error("SELECT b, count(*) FROM t");
  CHECK(s.sqlstate() == "42803");
  s = Error("SELECT count(*) FROM t ORDER BY a");
  CHECK(s.sqlstate() == "42803");
}

TEST_CASE_FIXTURE(BinderFixture, "aggregates are rejected in WHERE, GROUP BY and nested") {
  Status s = Error("SELECT a FROM t WHERE count(*) > 1");
  CHECK(s.sqlstate() == "42803");
  CHECK(s.message() == "aggregate functions are not allowed in WHERE");
  s = Error("SELECT sum(count(*)) FROM t");
  CHECK(s.sqlstate() == "42803");
  CHECK(s.message() == "aggregate function calls cannot be nested");
  s = Error("SELECT 1 FROM t GROUP BY sum(a)");
  CHECK(s.message() == "aggregate functions are not allowed in GROUP BY");
}

TEST_CASE_FIXTURE(BinderFixture, "GROUP BY accepts ordinals, output aliases and expressions") {
  auto p = Plan("SELECT a + 1 AS n, count(*) FROM t GROUP BY 1");
  CHECK(Shape(*p) == "Project(Aggregate(Scan t))");
  p = Plan("SELECT a + 1 AS n, count(*) FROM t GROUP BY n");
  CHECK(p->children[0]->group_exprs.size() == 1);
  p = Plan("SELECT a + 1, count(*) FROM t GROUP BY a + 1");
  CHECK(p->exprs[0]->ToString() == "#0");
  Status s = Error("SELECT a FROM t GROUP BY 3");
  CHECK(s.sqlstate() == "42P10");
  CHECK(s.message() == "GROUP BY position 3 is not in select list");
  // An input column wins over an output alias in GROUP BY.
  p = Plan("SELECT b AS a FROM t GROUP BY a, b");
  CHECK(p->children[0]->group_exprs.size() == 2);
}

TEST_CASE_FIXTURE(BinderFixture, "columns functionally dependent on a grouped primary key are allowed") {
  auto p = Plan("SELECT id, v, count(*) FROM k GROUP BY id");
  CHECK(p->children[0]->group_exprs.size() == 2);
  Status s = Error("SELECT v, count(*) FROM k GROUP BY w");
  CHECK(s.sqlstate() == "42803");
}

TEST_CASE_FIXTURE(BinderFixture, "aggregate FILTER and DISTINCT are kept on the aggregate") {
  auto p = Plan("SELECT count(DISTINCT a), sum(a) FILTER (WHERE a > 1), avg(c) FROM t");
  const LogicalPlan& agg = *p->children[0];
  REQUIRE(agg.aggregates.size() == 3);
  CHECK(agg.aggregates[0].distinct);
  CHECK(agg.aggregates[1].filter != nullptr);
  CHECK(agg.aggregates[2].agg.kind == AggregateKind::kAvg);
  CHECK(Names(*p) == "count,sum,avg");
}

// ---------------------------------------------------------------- ORDER BY / LIMIT

TEST_CASE_FIXTURE(BinderFixture, "ORDER BY uses aliases, ordinals and hidden input columns") {
  auto p = Plan("SELECT b AS z FROM t ORDER BY z DESC, 1, a");
  CHECK(Shape(*p) == "Project(Sort(Project(Scan t)))");
  CHECK(p->columns.size() == 1);
  const LogicalPlan& sort = *p->children[0];
  REQUIRE(sort.sort_keys.size() == 3);
  CHECK(sort.sort_keys[0].descending);
  CHECK(sort.sort_keys[0].nulls_first);   // DESC defaults to NULLS FIRST
  CHECK(!sort.sort_keys[1].nulls_first);  // ASC defaults to NULLS LAST
  CHECK(sort.sort_keys[2].expr->ToString() == "#1");
  Status s = Error("SELECT DISTINCT b FROM t ORDER BY a");
  CHECK(s.sqlstate() == "42P10");
  CHECK(s.message() == "for SELECT DISTINCT, ORDER BY expressions must appear in select list");
  CHECK(Shape(*Plan("SELECT DISTINCT b FROM t ORDER BY b")) == "Sort(Distinct(Project(Scan t)))");
  s = Error("SELECT a FROM t ORDER BY 2");
  CHECK(s.message() == "ORDER BY position 2 is not in select list");
}

TEST_CASE_FIXTURE(BinderFixture, "LIMIT and OFFSET are evaluated at bind time") {
  auto p = Plan("SELECT a FROM t ORDER BY a LIMIT 2 + 3 OFFSET 1");
  CHECK(Shape(*p) == "Limit(Sort(Project(Scan t)))");
  CHECK(p->limit == 5);
  CHECK(p->offset == 1);
  CHECK(Shape(*Plan("SELECT a FROM t LIMIT NULL")) == "Project(Scan t)");
  Status s = Error("SELECT a FROM t LIMIT -1");
  CHECK(s.sqlstate() == "2201W");
  CHECK(s.message() == "LIMIT must not be negative");
  s = Error("SELECT a FROM t OFFSET -1");
  CHECK(s.sqlstate() == "2201X");
  CHECK(s.message() == "OFFSET must not be negative");
}

TEST_CASE_FIXTURE(BinderFixture, "row_number() OVER becomes a Window node") {
  auto p = Plan("SELECT a, row_number() OVER (PARTITION BY b ORDER BY a DESC) FROM t");
  CHECK(Shape(*p) == "Project(Window(Scan t))");
  CHECK(Names(*p) == "a,row_number");
  CHECK(Types(*p) == "integer,bigint");
  const LogicalPlan& w = *p->children[0];
  CHECK(w.partition_exprs.size() == 1);
  CHECK(w.sort_keys.size() == 1);
  CHECK(Error("SELECT rank() OVER () FROM t").sqlstate() == "0A000");
  CHECK(Error("SELECT a FROM t WHERE row_number() OVER () > 1").sqlstate() == "42P20");
}

// ---------------------------------------------------------------- subqueries

TEST_CASE_FIXTURE(BinderFixture, "IN and NOT IN subqueries become semi and null-aware anti joins") {
  auto p = Plan("SELECT a FROM t WHERE a IN (SELECT x FROM u) AND b <> 'z'");
  CHECK(Shape(*p) == "Project(SemiJoin(Filter(Scan t), Project(Scan u)))");
  const LogicalPlan& j = *p->children[0];
  REQUIRE(j.left_keys.size() == 1);
  CHECK(j.left_keys[0]->type == DataType(TypeId::kInt64));
  p = Plan("SELECT a FROM t WHERE a NOT IN (SELECT x FROM u)");
  CHECK(Shape(*p) == "Project(NotInJoin(Scan t, Project(Scan u)))");
  CHECK(Error("SELECT a FROM t WHERE a IN (SELECT x, a FROM u)").message() ==
        "subquery has too many columns");
}

TEST_CASE_FIXTURE(BinderFixture, "correlated EXISTS pulls equalities out as join keys") {
  auto p = Plan("SELECT a FROM t WHERE EXISTS (SELECT 1 FROM u WHERE u.a = t.a AND u.x > t.c)");
  CHECK(Shape(*p) == "Project(SemiJoin(Scan t, Scan u))");
  const LogicalPlan& j = *p->children[0];
  REQUIRE(j.left_keys.size() == 1);
  CHECK(j.left_keys[0]->ToString() == "#0");
  CHECK(j.right_keys[0]->ToString() == "#0");
  REQUIRE(j.predicate != nullptr);  // u.x > t.c over [t | u]
  p = Plan("SELECT a FROM t WHERE NOT EXISTS (SELECT 1 FROM u WHERE u.a = t.a)");
  CHECK(Shape(*p) == "Project(AntiJoin(Scan t, Scan u))");
}

TEST_CASE_FIXTURE(BinderFixture, "a correlated scalar aggregate subquery becomes a left join to an aggregate") {
  auto p = Plan("SELECT a, (SELECT max(u.x) FROM u WHERE u.a = t.a) AS m, "
                "(SELECT count(*) FROM u WHERE u.a = t.a) AS n FROM t");
  CHECK(Shape(*p) ==
        "Project(Project(LeftJoin(LeftJoin(Scan t, Aggregate(Scan u)), Aggregate(Scan u))))");
  CHECK(Names(*p) == "a,m,n");
  CHECK(Types(*p) == "integer,bigint,bigint");
  // count of a missing group is 0, not NULL.
  const LogicalPlan& proj = *p->children[0];
  CHECK(proj.exprs.back()->kind == BoundExprKind::kCoalesce);
}

TEST_CASE_FIXTURE(BinderFixture, "an uncorrelated scalar subquery is joined once with a single-row check") {
  auto p = Plan("SELECT a FROM t WHERE a > (SELECT max(x) FROM u)");
  CHECK(Shape(*p) == "Project(Filter(Join(Scan t, Project(Aggregate(Scan u)))))");
  p = Plan("SELECT a, (SELECT x FROM u) FROM t");
  CHECK(Shape(*p) == "Project(Project(Join(Scan t, Aggregate(Project(Scan u)))))");
  CHECK(p->exprs[1]->ToString() == "#4");  // t has 4 columns; the value is appended
  CHECK(p->children[0]->exprs[4]->function_name == "__single_row");
  CHECK(Names(*p) == "a,x");
  CHECK(Error("SELECT (SELECT a, b FROM t)").message() == "subquery must return only one column");
}

TEST_CASE_FIXTURE(BinderFixture, "unsupported correlated shapes fail with 0A000") {
  CHECK(Error("SELECT (SELECT max(x) FROM u WHERE u.a > t.a) FROM t").sqlstate() == "0A000");
  CHECK(Error("SELECT a FROM t WHERE a NOT IN (SELECT x FROM u WHERE u.a = t.a)").sqlstate() ==
        "0A000");
  CHECK(Error("SELECT a FROM t WHERE a = 1 OR a IN (SELECT x FROM u WHERE u.a = t.a)")
            .sqlstate() == "0A000");
  CHECK(Error("SELECT a FROM t WHERE a > ANY (SELECT x FROM u)").sqlstate() == "0A000");
  CHECK(Error("SELECT (SELECT t.a + u.x FROM u LIMIT 1) FROM t").sqlstate() == "0A000");
  CHECK(Error("SELECT * FROM t, LATERAL (SELECT 1) s").sqlstate() == "0A000");
}

TEST_CASE_FIXTURE(BinderFixture, "EXISTS outside WHERE is a count joined to the row") {
  auto p = Plan("SELECT a, EXISTS (SELECT 1 FROM u WHERE u.a = t.a) FROM t");
  CHECK(Shape(*p) == "Project(Project(LeftJoin(Scan t, Aggregate(Scan u))))");
  CHECK(Names(*p) == "a,exists");
  p = Plan("SELECT a FROM t WHERE a = 1 OR EXISTS (SELECT 1 FROM u)");
  CHECK(Shape(*p) == "Project(Filter(Project(Join(Scan t, Aggregate(Project(Scan u))))))");
}

TEST_CASE_FIXTURE(BinderFixture, "IN (subquery) outside top-level WHERE is a mark join of two joins") {
  auto p = Plan("SELECT a, a IN (SELECT x FROM u) AS m FROM t");
  CHECK(Shape(*p) ==
        "Project(Project(Join(Project(LeftJoin(Scan t, Aggregate(Project(Scan u)))), "
        "Aggregate(Project(Scan u)))))");
  CHECK(Names(*p) == "a,m");
  CHECK(p->exprs[1]->kind == BoundExprKind::kCase);
}

TEST_CASE_FIXTURE(BinderFixture, "a derived table needs an alias and exposes its columns") {
  auto p = Plan("SELECT s.n FROM (SELECT a AS n, 'lit' FROM t) AS s WHERE s.n > 1");
  CHECK(Shape(*p) == "Project(Filter(Project(Scan t)))");
  CHECK(Types(*Plan("SELECT * FROM (SELECT 'lit') s")) == "text");
  Status s = Error("SELECT * FROM (SELECT 1)");
  CHECK(s.sqlstate() == "42601");
  CHECK(s.message() == "subquery in FROM must have an alias");
}

// ---------------------------------------------------------------- CTEs and set operations

TEST_CASE_FIXTURE(BinderFixture, "CTEs are inlined at each reference") {
  auto p = Plan("WITH w(n) AS (SELECT a FROM t WHERE a > 0) SELECT x.n FROM w AS x JOIN w ON x.n = w.n");
  CHECK(Shape(*p) == "Project(Join(Project(Filter(Scan t)), Project(Filter(Scan t))))");
  CHECK(Names(*p) == "n");
  CHECK(Error("WITH RECURSIVE r AS (SELECT 1) SELECT * FROM r").sqlstate() == "0A000");
  CHECK(Error("WITH w(p, q) AS (SELECT 1) SELECT * FROM w").sqlstate() == "42P10");
}

TEST_CASE_FIXTURE(BinderFixture, "UNION takes common types and names from the left") {
  auto p = Plan("SELECT a AS k, b FROM t UNION SELECT x, 'lit' FROM u ORDER BY k LIMIT 3");
  CHECK(Shape(*p) == "Limit(Sort(Union(Project(Project(Scan t)), Project(Scan u))))");
  CHECK(Names(*p) == "k,b");
  CHECK(Types(*p) == "bigint,text");
  CHECK(!p->children[0]->children[0]->union_all);
  Status s = Error("SELECT a FROM t UNION SELECT a, b FROM t");
  CHECK(s.sqlstate() == "42601");
  CHECK(s.message() == "each UNION query must have the same number of columns");
  s = Error("SELECT a FROM t UNION SELECT b FROM t");
  CHECK(s.sqlstate() == "42804");
  CHECK(s.message() == "UNION types integer and text cannot be matched");
  p = Plan("SELECT a FROM t INTERSECT ALL SELECT a FROM u");
  CHECK(Shape(*p) == "SetOp(Project(Scan t), Project(Scan u))");
  CHECK(p->union_all);
  CHECK(Types(*Plan("SELECT 1 UNION ALL SELECT '2'")) == "integer");
}

TEST_CASE_FIXTURE(BinderFixture, "VALUES lists unify column types") {
  auto p = Plan("VALUES (1, 'a'), (2.5, NULL) ORDER BY 1");
  CHECK(Shape(*p) == "Sort(Values)");
  CHECK(Names(*p) == "column1,column2");
  CHECK(Types(*p) == "numeric,text");
  CHECK(Error("VALUES (1), (2, 3)").message() == "VALUES lists must all be the same length");
}

// ---------------------------------------------------------------- misc

TEST_CASE_FIXTURE(BinderFixture, "TUMBLE adds window_start and window_end") {
  auto p = Plan("SELECT window_start, count(*) FROM TUMBLE(events, ts, INTERVAL '5 minutes') "
                "GROUP BY window_start");
  CHECK(Shape(*p) == "Project(Aggregate(Project(Scan events)))");
  CHECK(Types(*p) == "timestamp without time zone,bigint");
}

// The first node of `kind` in `p`, depth first.
const LogicalPlan* FindKind(const LogicalPlan& p, LogicalKind kind) {
  if (p.kind == kind) return &p;
  for (const auto& c : p.children) {
    if (const LogicalPlan* f = FindKind(*c, kind)) return f;
  }
  return nullptr;
}

TEST_CASE_FIXTURE(BinderFixture, "TUMBLE in Flink's spelling, with an alias, over a CTE") {
  auto p = Plan("SELECT e.window_end, e.id FROM "
                "TABLE(TUMBLE(TABLE events, DESCRIPTOR(ts), INTERVAL '1' MINUTE)) AS e");
  CHECK(Shape(*p) == "Project(Project(Scan events))");
  CHECK(Names(*p) == "window_end,id");
  CHECK(Types(*p) == "timestamp without time zone,bigint");
  const LogicalPlan* tumble = p->children[0].get();
  CHECK(Names(*tumble) == "id,ts,amount,window_start,window_end");
  CHECK(tumble->exprs[3]->ToString().find("tumble_start") != std::string::npos);
  p = Plan("WITH x AS (SELECT ts::timestamptz AS tz FROM events) "
           "SELECT window_start, window_end FROM TUMBLE(x, tz, '5 minutes') w "
           "WHERE w.tz IS NOT NULL");
  CHECK(Types(*p) == "timestamp with time zone,timestamp with time zone");
}

TEST_CASE_FIXTURE(BinderFixture, "HOP is a Hop node appending window_start and window_end") {
  for (const char* from :
       {"HOP(events, ts, INTERVAL '1' MINUTE, INTERVAL '5' MINUTE)",
        "TABLE(HOP(TABLE events, DESCRIPTOR(ts), INTERVAL '1' MINUTE, INTERVAL '5' MINUTE)) h"}) {
    INFO(from);
    auto p = Plan(std::string("SELECT * FROM ") + from);
    CHECK(Names(*p) == "id,ts,amount,window_start,window_end");
    CHECK(Types(*p) == "bigint,timestamp without time zone,integer,timestamp without time zone,"
                       "timestamp without time zone");
    const LogicalPlan* hop = FindKind(*p, LogicalKind::kHop);
    REQUIRE(hop != nullptr);
    CHECK(Shape(*hop) == "Hop(Scan events)");
    CHECK(hop->hop_time_column == 1);
    CHECK(hop->hop_slide_us == 60000000);
    CHECK(hop->hop_size_us == 300000000);
    CHECK(hop->ToString() == "Hop time=#1 slide=00:01:00 size=00:05:00\n  Scan events [id, ts, amount]\n");
  }
  auto p = Plan("WITH s AS (SELECT ts FROM events WHERE amount > 0) "
                "SELECT h.window_start, count(*) FROM "
                "HOP(s, ts, INTERVAL '10' SECOND, INTERVAL '30' SECOND) AS h GROUP BY 1");
  CHECK(Types(*p) == "timestamp without time zone,bigint");
  // equal slide and size: a tumbling window
  CHECK(FindKind(*Plan("SELECT * FROM HOP(events, ts, INTERVAL '1' HOUR, INTERVAL '1' HOUR)"),
                 LogicalKind::kHop) != nullptr);
}

TEST_CASE_FIXTURE(BinderFixture, "TUMBLE and HOP reject bad arguments with SQLSTATEs") {
  auto err = [&](const std::string& from) { return Error("SELECT * FROM " + from); };
  CHECK(err("TUMBLE(events, amount, INTERVAL '1' MINUTE)").sqlstate() == "42804");
  CHECK(err("TUMBLE(events, amount, INTERVAL '1' MINUTE)").message() ==
        "the time column of TUMBLE must be a timestamp, not integer");
  CHECK(err("HOP(events, id, INTERVAL '1' MINUTE, INTERVAL '2' MINUTE)").sqlstate() == "42804");
  CHECK(err("TUMBLE(events, nope, INTERVAL '1' MINUTE)").sqlstate() == "42703");
  CHECK(err("TUMBLE(nope, ts, INTERVAL '1' MINUTE)").sqlstate() == "42P01");
  CHECK(err("TUMBLE(events, ts)").sqlstate() == "42883");
  CHECK(err("HOP(events, ts, INTERVAL '1' MINUTE)").sqlstate() == "42883");
  CHECK(err("generate_nothing(1)").sqlstate() == "0A000");
  for (const char* bad : {"INTERVAL '0' SECOND", "INTERVAL '-1' MINUTE", "INTERVAL '1' MONTH",
                          "NULL::interval", "amount * INTERVAL '1' SECOND",
                          "INTERVAL '1 day -86400 seconds'"}) {
    INFO(bad);
    Status s = err(std::string("TUMBLE(events, ts, ") + bad + ")");
    CHECK(s.sqlstate() == "22023");
    s = err(std::string("HOP(events, ts, ") + bad + ", INTERVAL '1' HOUR)");
    CHECK(s.sqlstate() == "22023");
    CHECK(s.message().find("slide of HOP") != std::string::npos);
  }
  Status s = err("HOP(events, ts, INTERVAL '2' MINUTE, INTERVAL '5' MINUTE)");
  CHECK(s.sqlstate() == "22023");
  CHECK(s.message() == "the window size of HOP must be a multiple of its slide");
  CHECK(err("HOP(events, ts, INTERVAL '2' HOUR, INTERVAL '1' HOUR)").sqlstate() == "22023");
  CHECK(err("TUMBLE(events, ts, INTERVAL '1' MONTH)").message() ==
        "the window size of TUMBLE must not contain months or years");
  CHECK(err("TUMBLE(events, ts, 5)").sqlstate() == "42846");  // cannot cast integer to interval
}

TEST_CASE_FIXTURE(BinderFixture, "parameters take their type from context") {
  auto r = Bind("SELECT a FROM t WHERE a = $1 AND d > $3 AND $4 IS NULL AND b LIKE $2");
  INFO(r.status().ToString());
  REQUIRE(r.ok());
  REQUIRE(ctx_.param_types.size() == 4);
  CHECK(ctx_.param_types[0] == DataType(TypeId::kInt32));
  CHECK(ctx_.param_types[1] == DataType(TypeId::kText));
  CHECK(ctx_.param_types[2] == DataType(TypeId::kDate));
  CHECK(ctx_.param_types[3] == DataType(TypeId::kText));  // unresolvable: text
  r = Bind("SELECT a FROM t LIMIT $1");
  REQUIRE(r.ok());
  CHECK(ctx_.limit_needs_params);
  CHECK(ctx_.param_types[0] == DataType(TypeId::kInt64));
}

TEST_CASE_FIXTURE(BinderFixture, "deep expressions fail with 54001 instead of crashing") {
  std::string sql = "SELECT ";
  for (int i = 0; i < 900; ++i) sql += "abs(";
  sql += "1";
  for (int i = 0; i < 900; ++i) sql += ")";
  auto r = Bind(sql);
  if (r.ok()) {
    CHECK(r->plan->columns.size() == 1);
  } else {
    CHECK(r.status().sqlstate() == "54001");
  }
  std::string deep = "SELECT 1";
  for (int i = 0; i < 1200; ++i) deep += " + (1";
  for (int i = 0; i < 1200; ++i) deep += ")";
  auto d = Bind(deep);
  REQUIRE(!d.ok());
  CHECK(d.status().sqlstate() == "54001");
}

TEST_CASE_FIXTURE(BinderFixture, "the binder's own depth guard stops a hand-built deep expression") {
  auto e = std::make_unique<ast::Expr>(ast::ExprKind::kLiteral, 8);
  e->literal_kind = ast::LiteralKind::kInteger;
  e->literal = "1";
  for (int i = 0; i < 1500; ++i) {
    auto f = std::make_unique<ast::Expr>(ast::ExprKind::kFunction, 8);
    f->func_name = "abs";
    f->children.push_back(std::move(e));
    e = std::move(f);
  }
  ast::SelectStmt q;
  q.targets.push_back(ast::SelectItem{std::move(e), "", 8});
  BindContext ctx;
  auto r = BindQuery(q, ctx);
  REQUIRE(!r.ok());
  CHECK(r.status().sqlstate() == "54001");
}

TEST_CASE_FIXTURE(BinderFixture, "referenced tables are reported once each") {
  auto r = Bind("SELECT 1 FROM t JOIN u ON t.a = u.a WHERE EXISTS (SELECT 1 FROM t t2)");
  REQUIRE(r.ok());
  CHECK(r->referenced_tables.size() == 2);
}

// ---------------------------------------------------------------- INSERT / row expressions

struct InsertCase {
  // Column DEFAULT texts of the targets (id, day); null = none given.
  const std::vector<std::string>* defaults = nullptr;

  Result<BoundQuery> Run(BinderFixture& f, const std::string& sql) {
    f.ctx_ = BindContext();
    f.ctx_.catalog = nullptr;
    auto parsed = ParseSql(sql);
    if (!parsed.ok()) return parsed.status();
    auto* ins = dynamic_cast<ast::InsertStatement*>((*parsed)[0].get());
    REQUIRE(ins != nullptr);
    return BindInsertSource(*ins->source, {DataType(TypeId::kInt32), DataType(TypeId::kDate)},
                            {"id", "day"}, f.ctx_, defaults);
  }
};

TEST_CASE_FIXTURE(BinderFixture, "INSERT VALUES coerces literals to the target column types") {
  InsertCase ic;
  auto r = ic.Run(*this, "INSERT INTO z VALUES (1, '2024-01-01'), ($1, NULL)");
  REQUIRE(r.ok());
  const LogicalPlan& v = *r->plan;
  CHECK(v.kind == LogicalKind::kValues);
  CHECK(v.values[0][1]->kind == BoundExprKind::kConstant);
  CHECK(v.values[0][1]->type == DataType(TypeId::kDate));
  CHECK(ctx_.param_types[0] == DataType(TypeId::kInt32));
  Status s = ic.Run(*this, "INSERT INTO z VALUES (1, '2024-01-01', 3)").status();
  CHECK(s.sqlstate() == "42601");
  CHECK(s.message() == "INSERT has more expressions than target columns");
  s = ic.Run(*this, "INSERT INTO z VALUES ('x', '2024-01-01')").status();
  CHECK(s.sqlstate() == "22P02");
  s = ic.Run(*this, "INSERT INTO z VALUES (true, '2024-01-01')").status();
  CHECK(s.sqlstate() == "42804");
  CHECK(s.message() == "column \"id\" is of type integer but expression is of type boolean");
  CHECK(s.hint() == "You will need to rewrite or cast the expression.");
  r = ic.Run(*this, "INSERT INTO z SELECT 2.7, '2024-02-03'");
  REQUIRE(r.ok());
  CHECK(Types(*r->plan) == "integer,date");
}

TEST_CASE_FIXTURE(BinderFixture, "DEFAULT in INSERT's VALUES is the target column's default") {
  InsertCase ic;
  std::vector<std::string> defaults = {"2 * 21", "'2024-05-06'"};
  ic.defaults = &defaults;
  auto r = ic.Run(*this, "INSERT INTO z VALUES (DEFAULT, DEFAULT), (7, (DEFAULT))");
  INFO(r.status().ToString());
  REQUIRE(r.ok());
  const LogicalPlan& v = *r->plan;
  CHECK(v.kind == LogicalKind::kValues);
  CHECK(Types(v) == "integer,date");
  REQUIRE(v.values.size() == 2);
  CHECK(v.values[0][0]->ToString() == "(2 * 21)");
  CHECK(v.values[0][0]->type == DataType(TypeId::kInt32));
  CHECK(v.values[0][0]->location == 23);  // positions point at DEFAULT, not into the default's text
  CHECK(v.values[0][1]->kind == BoundExprKind::kConstant);
  CHECK(v.values[0][1]->type == DataType(TypeId::kDate));
  CHECK(v.values[0][1]->ToString() == "'2024-05-06'");
  CHECK(v.values[1][0]->ToString() == "7");
  CHECK(v.values[1][1]->ToString() == "'2024-05-06'");

  // No default (empty text, or no defaults given at all): NULL of the column type.
  defaults = {"", "'2024-05-06'"};
  r = ic.Run(*this, "INSERT INTO z VALUES (DEFAULT, '2024-01-01')");
  REQUIRE(r.ok());
  CHECK(r->plan->values[0][0]->kind == BoundExprKind::kConstant);
  CHECK(r->plan->values[0][0]->constant.is_null);
  CHECK(r->plan->values[0][0]->type == DataType(TypeId::kInt32));
  ic.defaults = nullptr;
  r = ic.Run(*this, "INSERT INTO z VALUES (1, DEFAULT)");
  REQUIRE(r.ok());
  CHECK(r->plan->values[0][1]->constant.is_null);
  CHECK(r->plan->values[0][1]->type == DataType(TypeId::kDate));

  // A default is coerced to the column type with assignment rules.
  ic.defaults = &defaults;
  defaults = {"2.7", "now()"};
  r = ic.Run(*this, "INSERT INTO z VALUES (DEFAULT, DEFAULT)");
  REQUIRE(r.ok());
  CHECK(r->plan->values[0][0]->type == DataType(TypeId::kInt32));
  CHECK(r->plan->values[0][1]->type == DataType(TypeId::kDate));
  // Defaults cannot refer to columns; errors point at DEFAULT.
  defaults = {"id + 1", ""};
  Status s = ic.Run(*this, "INSERT INTO z VALUES (DEFAULT, NULL)").status();
  CHECK(s.sqlstate() == "42703");
  CHECK(s.position() == 23);

  // DEFAULT only counts as an item of a plain VALUES list, as in PostgreSQL.
  defaults = {"1", ""};
  for (const char* sql : {"INSERT INTO z VALUES (1, DEFAULT) ORDER BY 1",
                          "INSERT INTO z VALUES (1, DEFAULT) LIMIT 1",
                          "INSERT INTO z VALUES (1, DEFAULT) UNION ALL VALUES (2, NULL)"}) {
    INFO(sql);
    s = ic.Run(*this, sql).status();
    CHECK(s.sqlstate() == "42601");
    CHECK(s.message() == "DEFAULT is not allowed in this context");
    CHECK(s.position() == 26);
  }
  s = ic.Run(*this, "INSERT INTO z VALUES (DEFAULT + 1, NULL)").status();
  CHECK(s.message() == "DEFAULT is not allowed in this context");
  CHECK(s.position() == 23);
  s = ic.Run(*this, "INSERT INTO z SELECT DEFAULT, NULL").status();
  CHECK(s.message() == "DEFAULT is not allowed in this context");
  CHECK(s.position() == 22);
  s = ic.Run(*this, "INSERT INTO z VALUES (1, DEFAULT, 3)").status();
  CHECK(s.message() == "INSERT has more expressions than target columns");
}

TEST_CASE_FIXTURE(BinderFixture, "DEFAULT outside INSERT's VALUES is 42601 with position") {
  struct Case {
    const char* sql;
    int position;
  };
  for (const Case& c : {Case{"SELECT DEFAULT", 8}, Case{"SELECT a FROM t WHERE DEFAULT", 23},
                        Case{"SELECT 1 FROM t WHERE a IN (DEFAULT)", 29},
                        Case{"VALUES (1, DEFAULT)", 12},
                        Case{"SELECT * FROM (VALUES (DEFAULT)) v", 24},
                        Case{"SELECT a FROM t ORDER BY DEFAULT", 26}}) {
    Status s = Error(c.sql);
    CHECK(s.sqlstate() == "42601");
    CHECK(s.message() == "DEFAULT is not allowed in this context");
    CHECK(s.position() == c.position);
  }
}

TEST_CASE_FIXTURE(BinderFixture, "a minus on a negative constant negates it (- -5 is 5, not \"--5\")") {
  auto p = Plan("SELECT -(5), - -5, +5, - -2147483648, - 9223372036854775808, "
                "-(-9223372036854775808), - - 1.5");
  CHECK(Shape(*p) == "Project(Values)");
  CHECK(Types(*p) == "integer,integer,integer,bigint,bigint,numeric,numeric");
  CHECK(p->exprs[0]->ToString() == "-5");
  CHECK(p->exprs[1]->ToString() == "5");
  CHECK(p->exprs[2]->ToString() == "5");
  CHECK(p->exprs[3]->ToString() == "2147483648");
  CHECK(p->exprs[4]->ToString() == "-9223372036854775808");
  CHECK(p->exprs[5]->ToString() == "9223372036854775808");
  CHECK(p->exprs[6]->ToString() == "1.5");
  // A minus over a non-constant stays an operator.
  CHECK(Plan("SELECT -(a), - -a FROM t")->exprs[1]->ToString() == "(- (- #0))");
  // The binder's own folding (ASTs not from the parser) toggles the sign too.
  auto lit = std::make_unique<ast::Expr>(ast::ExprKind::kLiteral, 10);
  lit->literal_kind = ast::LiteralKind::kInteger;
  lit->literal = "-5";
  auto neg = std::make_unique<ast::Expr>(ast::ExprKind::kUnary, 8);
  neg->op = "-";
  neg->children.push_back(std::move(lit));
  ast::SelectStmt q;
  q.targets.push_back(ast::SelectItem{std::move(neg), "", 8});
  BindContext ctx;
  auto r = BindQuery(q, ctx);
  REQUIRE(r.ok());
  CHECK(r->plan->exprs[0]->ToString() == "5");
  CHECK(Types(*r->plan) == "integer");
}

TEST_CASE_FIXTURE(BinderFixture, "row expressions bind over one table's columns") {
  auto parsed = ParseSql("DELETE FROM k AS kk WHERE kk.w > 3 AND v = $1");
  REQUIRE(parsed.ok());
  auto* del = dynamic_cast<ast::DeleteStatement*>((*parsed)[0].get());
  REQUIRE(del != nullptr);
  BindContext ctx;
  auto e = BindRowCondition(*del->where, *Table("k"), del->alias, "WHERE", ctx);
  REQUIRE(e.ok());
  CHECK((*e)->ToString() == "((#2 > 3) AND (#1 = $1))");
  CHECK(ctx.param_types[0] == DataType(TypeId::kText));
  auto bad = BindRowExpression(*del->where->children[0], *Table("k"), "", ctx);
  CHECK(!bad.ok());
  auto c = CoerceToColumn(BoundExpr::Constant(Value::String("12", DataType(TypeId::kUnknown))),
                          DataType(TypeId::kInt32), "w");
  REQUIRE(c.ok());
  CHECK((*c)->constant.i == 12);
}

}  // namespace
}  // namespace kappa
