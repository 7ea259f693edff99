// SUBSCRIBE: resolving what a subscription follows (a materialized view, or
// a query over exactly one) and starting it (server/subscription.h). The
// statement itself only runs inside COPY (SUBSCRIBE ...) TO STDOUT
// (copy_statements.cc) and DECLARE ... CURSOR FOR SUBSCRIBE ...
// (cursor_statements.cc); alone it is an error (0A000), because a
// never-ending result does not fit the simple protocol's one result per
// statement, nor drivers that wait for the whole result.
#include <cstdlib>
#include <set>

#include "planner/logical_plan.h"
#include "server/database.h"
#include "server/session_settings.h"
#include "server/statement_executor.h"
#include "server/subscription.h"
#include "server/view_compiler.h"
#include "sql/binder/binder.h"

namespace kappa {
namespace {

// The session setting that bounds a subscription's queue (tests use it).
constexpr const char* kMaxQueuedRowsSetting = "kappa.subscribe_max_queued_rows";

Status SubscribeHint(Status st) {
  return st.WithHint(
      "Create a materialized view (CREATE MATERIALIZED VIEW v AS ...) and SUBSCRIBE to it.");
}

void CollectScans(const LogicalPlan& p, std::set<uint64_t>* ids) {
  if (p.kind == LogicalKind::kScan) ids->insert(p.table_id);
  for (const auto& c : p.children) CollectScans(*c, ids);
}

}  // namespace

Result<std::unique_ptr<Subscription>> StatementExecutor::StartSubscription(
    const ast::SubscribeStatement& stmt) {
  KAPPA_ASSIGN_OR_RETURN(SubscribeOptions options, ParseSubscribeOptions(stmt.options));
  const auto& settings = session_->settings->values();
  if (auto it = settings.find(kMaxQueuedRowsSetting); it != settings.end()) {
    char* end = nullptr;
    long long n = std::strtoll(it->second.c_str(), &end, 10);
    if (it->second.empty() || *end != '\0' || n <= 0) {
      return Status::Error(sqlstate::kInvalidParameterValue,
                           std::string("invalid value for parameter \"") + kMaxQueuedRowsSetting +
                               "\": \"" + it->second + "\"");
    }
    options.max_queued_rows = static_cast<uint64_t>(n);
  }
  TableInfoPtr view;
  std::unique_ptr<Dataflow> transform;
  std::vector<ResultColumn> columns;
  if (stmt.query) {
    BindContext ctx;
    ctx.catalog = catalog_;
    KAPPA_ASSIGN_OR_RETURN(BoundQuery q, BindQuery(*stmt.query, ctx));
    if (!ctx.param_types.empty()) {
      return Status::NotSupported("SUBSCRIBE (query) cannot use parameters ($1)", stmt.location);
    }
    std::set<uint64_t> ids;
    CollectScans(*q.plan, &ids);
    for (uint64_t id : ids) {
      TableInfoPtr t = catalog_->FindById(id);
      if (t == nullptr || t->kind != RelationKind::kMaterializedView) {
        return SubscribeHint(Status::NotSupported(
            "SUBSCRIBE (query) can only read materialized views; \"" +
                (t ? t->name : std::string("?")) + "\" is not one",
            stmt.location));
      }
      view = t;
    }
    if (ids.size() != 1) {
      return SubscribeHint(Status::NotSupported(
          ids.empty() ? "SUBSCRIBE (query) must read a materialized view"
                      : "SUBSCRIBE (query) can read only one materialized view",
          stmt.location));
    }
    KAPPA_ASSIGN_OR_RETURN(transform,
                           BuildViewDataflow(*q.plan, false, session_->db->store(), catalog_));
    if (!transform->table_scans.empty() ||
        transform->sources.size() != transform->view_inputs.size()) {
      return SubscribeHint(
          Status::NotSupported("this SUBSCRIBE (query) is not supported", stmt.location));
    }
    for (const auto& c : q.plan->columns) columns.push_back({c.name, c.type});
  } else {
    KAPPA_ASSIGN_OR_RETURN(view, FindRelation(stmt.relation, stmt.location));
    if (view->kind != RelationKind::kMaterializedView) {
      return SubscribeHint(Status::NotSupported(
          "SUBSCRIBE to \"" + view->name + "\" is not supported: it is not a materialized view",
          stmt.location));
    }
    for (const auto& c : view->columns) columns.push_back({c.name, c.type});
  }
  return Subscription::Start(session_->db->views(), view, std::move(transform),
                             std::move(columns), options, &session_->cancel);
}

Result<StatementResult> StatementExecutor::ExecSubscribe(const ast::SubscribeStatement& stmt) {
  return Status::NotSupported("SUBSCRIBE must be run inside COPY or DECLARE", stmt.location)
      .WithHint("Use COPY (SUBSCRIBE ...) TO STDOUT, or DECLARE c CURSOR FOR SUBSCRIBE ... "
                "in a transaction block and FETCH from c.");
}

}  // namespace kappa
