// Predicate pushdown in the binder (sql/binder/predicate_pushdown.cc): WHERE
// and ON conjuncts below joins, equalities spanning both inputs as join keys,
// checked on the bound plan's EXPLAIN text (LogicalPlan::ToString).
#include <doctest/doctest.h>
#include <stdlib.h>

#include <filesystem>
#include <memory>
#include <string>

#include "sql/binder/binder.h"
#include "sql/catalog.h"
#include "sql/parse/parser.h"
#include "storage/store.h"

namespace kappa {
namespace {

class PushdownFixture {
 public:
  PushdownFixture() {
    char tmpl[] = "/tmp/kappa-pushdown-test-XXXXXX";
    REQUIRE(mkdtemp(tmpl) != nullptr);
    dir_ = tmpl;
    auto store = Store::Open(dir_);
    REQUIRE(store.ok());
    store_ = std::move(store).value();
    auto catalog = Catalog::Load(store_.get());
    REQUIRE(catalog.ok());
    catalog_ = std::move(catalog).value();
    // o(id, cust), i(oid, pid, qty), p(id, name): o.id is int8, i.oid int8, p.id int4.
    Add("o", {{"id", DataType(TypeId::kInt64)}, {"cust", DataType(TypeId::kInt32)}});
    Add("i", {{"oid", DataType(TypeId::kInt64)},
              {"pid", DataType(TypeId::kInt32)},
              {"qty", DataType(TypeId::kInt32)}});
    Add("p", {{"id", DataType(TypeId::kInt32)}, {"name", DataType(TypeId::kText)}});
  }
  ~PushdownFixture() {
    catalog_.reset();
    store_.reset();
    std::filesystem::remove_all(dir_);
  }

  // The EXPLAIN text of the bound plan of `sql`, which must bind.
  std::string Explain(const std::string& sql) {
    BindContext ctx;
    ctx.catalog = catalog_->Snapshot();
    auto parsed = ParseSql(sql);
    INFO(sql);
    REQUIRE(parsed.ok());
    REQUIRE(parsed->size() == 1);
    auto* stmt = dynamic_cast<ast::SelectStatement*>((*parsed)[0].get());
    REQUIRE(stmt != nullptr);
    auto r = BindQuery(*stmt->select, ctx);
    INFO(r.status().ToString());
    REQUIRE(r.ok());
    return r->plan->ToString();
  }

 private:
  void Add(const std::string& name, std::vector<std::pair<std::string, DataType>> cols) {
    TableInfo t;
    t.name = name;
    for (auto& [n, type] : cols) t.columns.push_back({n, type, false, ""});
    REQUIRE(catalog_->Create(t).ok());
  }

  std::string dir_;
  std::unique_ptr<Store> store_;
  std::unique_ptr<Catalog> catalog_;
};

TEST_CASE_FIXTURE(PushdownFixture, "a comma join's WHERE equalities become join keys") {
  // Join(Join(o, i), p): o = #0,#1; i = #2..#4; p = #5,#6.
  CHECK(Explain("SELECT o.id, p.name FROM o, i, p "
                "WHERE i.oid = o.id AND p.id = i.pid AND o.id < 40") ==
        "Project [#0, #6]\n"
        "  Join Inner keys=[#3] = [#0]\n"
        "    Join Inner keys=[#0] = [#0]\n"
        "      Filter (#0 < 40)\n"
        "        Scan o [id, cust]\n"
        "      Scan i [oid, pid, qty]\n"
        "    Scan p [id, name]\n");
}

TEST_CASE_FIXTURE(PushdownFixture, "CROSS JOIN and JOIN ON true with WHERE equalities are hash joins") {
  const std::string want =
      "Project [#0, #3]\n"
      "  Join Inner keys=[(#1)::bigint] = [#0]\n"
      "    Scan o [id, cust]\n"
      "    Filter (#2 > 1)\n"
      "      Scan i [oid, pid, qty]\n";
  // int4 = int8: both keys compared as bigint, as for ON.
  CHECK(Explain("SELECT o.id, i.pid FROM o CROSS JOIN i WHERE o.cust = i.oid AND i.qty > 1") ==
        want);
  CHECK(Explain("SELECT o.id, i.pid FROM o JOIN i ON true WHERE i.oid = o.cust AND i.qty > 1") ==
        want);
}

TEST_CASE_FIXTURE(PushdownFixture, "conditions over both sides that are not equalities become the residual") {
  CHECK(Explain("SELECT 1 FROM o, i "
                "WHERE o.id = i.oid AND o.cust > i.qty AND o.cust + i.qty = 3") ==
        "Project [1]\n"
        "  Join Inner keys=[#0] = [#0] filter=((#1 > #4) AND ((#1 + #4) = 3))\n"
        "    Scan o [id, cust]\n"
        "    Scan i [oid, pid, qty]\n");
}

TEST_CASE_FIXTURE(PushdownFixture, "an inner join's ON conditions over one side filter that side") {
  CHECK(Explain("SELECT 1 FROM o JOIN i ON i.oid = o.id AND i.qty > 5 AND o.cust = 7") ==
        "Project [1]\n"
        "  Join Inner keys=[#0] = [#0]\n"
        "    Filter (#1 = 7)\n"
        "      Scan o [id, cust]\n"
        "    Filter (#2 > 5)\n"
        "      Scan i [oid, pid, qty]\n");
}

TEST_CASE_FIXTURE(PushdownFixture, "outer joins take WHERE conditions only on their preserved side") {
  // LEFT: o.cust = 1 goes to o; i.qty IS NULL stays above (it tests the
  // NULL padding); the ON condition over i alone filters i; the one over o
  // alone stays in the match condition.
  CHECK(Explain("SELECT 1 FROM o LEFT JOIN i ON i.oid = o.id AND i.qty > 5 AND o.cust > 2 "
                "WHERE o.cust = 1 AND i.qty IS NULL") ==
        "Project [1]\n"
        "  Filter (#4 IS NULL)\n"
        "    Join Left keys=[#0] = [#0] filter=(#1 > 2)\n"
        "      Filter (#1 = 1)\n"
        "        Scan o [id, cust]\n"
        "      Filter (#2 > 5)\n"
        "        Scan i [oid, pid, qty]\n");
  CHECK(Explain("SELECT 1 FROM o RIGHT JOIN i ON i.oid = o.id WHERE o.cust = 1 AND i.qty = 2") ==
        "Project [1]\n"
        "  Filter (#1 = 1)\n"
        "    Join Right keys=[#0] = [#0]\n"
        "      Scan o [id, cust]\n"
        "      Filter (#2 = 2)\n"
        "        Scan i [oid, pid, qty]\n");
  CHECK(Explain("SELECT 1 FROM o FULL JOIN i ON i.oid = o.id AND i.qty > 5 WHERE o.cust = 1") ==
        "Project [1]\n"
        "  Filter (#1 = 1)\n"
        "    Join Full keys=[#0] = [#0] filter=(#4 > 5)\n"
        "      Scan o [id, cust]\n"
        "      Scan i [oid, pid, qty]\n");
  // A WHERE equality over a left join's two sides is not moved into its ON.
  CHECK(Explain("SELECT 1 FROM o LEFT JOIN i ON true WHERE o.id = i.oid") ==
        "Project [1]\n"
        "  Filter (#0 = #2)\n"
        "    Join Left\n"
        "      Scan o [id, cust]\n"
        "      Scan i [oid, pid, qty]\n");
}

TEST_CASE_FIXTURE(PushdownFixture, "conditions reach a join nested below an outer join's preserved side") {
  CHECK(Explain("SELECT 1 FROM o, i LEFT JOIN p ON p.id = i.pid "
                "WHERE i.oid = o.id AND i.qty = 3") ==
        "Project [1]\n"
        "  Join Inner keys=[#0] = [#0]\n"
        "    Scan o [id, cust]\n"
        "    Join Left keys=[#1] = [#0]\n"
        "      Filter (#2 = 3)\n"
        "        Scan i [oid, pid, qty]\n"
        "      Scan p [id, name]\n");
}

TEST_CASE_FIXTURE(PushdownFixture, "volatile, constant and subquery conditions stay where they are") {
  std::string plan = Explain("SELECT 1 FROM o, i WHERE o.id = i.oid AND random() < 0.5 AND 1 = 1");
  INFO(plan);
  CHECK(plan ==
        "Project [1]\n"
        "  Filter (random() < 0.5)\n"
        "    Filter (1 = 1)\n"
        "      Join Inner keys=[#0] = [#0]\n"
        "        Scan o [id, cust]\n"
        "        Scan i [oid, pid, qty]\n");
  plan = Explain("SELECT 1 FROM o, i WHERE o.id = i.oid AND o.cust = (SELECT max(id) FROM p)");
  INFO(plan);
  // The scalar subquery is joined on the right of the FROM joins, then filtered.
  CHECK(plan.find("      Join Inner keys=[#0] = [#0]\n") != std::string::npos);
  CHECK(plan.rfind("Filter", plan.find("Join Inner keys")) < plan.find("Join Inner keys"));
}

}  // namespace
}  // namespace kappa
