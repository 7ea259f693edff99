#include "planner/physical_planner.h"

#include <algorithm>
#include <optional>

#include "executor/collect_sink_operator.h"
#include "executor/distinct_operator.h"
#include "executor/filter_operator.h"
#include "executor/hash_aggregate_operator.h"
#include "executor/hash_join_operator.h"
#include "executor/hop_operator.h"
#include "executor/session_window_operator.h"
#include "executor/limit_operator.h"
#include "executor/project_operator.h"
#include "executor/scan_operator.h"
#include "executor/set_op_operator.h"
#include "executor/sort_operator.h"
#include "executor/union_operator.h"
#include "executor/values_operator.h"
#include "executor/window_operator.h"
#include "executor/top_n_operator.h"
#include "executor/queue_source_operator.h"
#include "executor/view_scan_operator.h"

namespace kappa {

namespace {

std::vector<BoundExprPtr> CloneAll(const std::vector<BoundExprPtr>& exprs) {
  std::vector<BoundExprPtr> out;
  out.reserve(exprs.size());
  for (const auto& e : exprs) out.push_back(e->Clone());
  return out;
}

BoundExprPtr CloneOrNull(const BoundExprPtr& e) { return e ? e->Clone() : nullptr; }

std::vector<OrderKey> OrderKeys(const std::vector<SortKey>& keys) {
  std::vector<OrderKey> out;
  for (const auto& k : keys) {
    OrderKey o;
    o.expr = k.expr->Clone();
    o.descending = k.descending;
    o.nulls_first = k.nulls_first;
    out.push_back(std::move(o));
  }
  return out;
}

JoinType ToJoinType(LogicalJoinType t) {
  switch (t) {
    case LogicalJoinType::kInner: return JoinType::kInner;
    case LogicalJoinType::kLeft: return JoinType::kLeft;
    case LogicalJoinType::kRight: return JoinType::kRight;
    case LogicalJoinType::kFull: return JoinType::kFull;
    case LogicalJoinType::kSemi: return JoinType::kSemi;
    case LogicalJoinType::kAnti: return JoinType::kAnti;
    case LogicalJoinType::kAntiNullAware: return JoinType::kAntiNullAware;
  }
  return JoinType::kInner;
}

class Builder {
 public:
  Builder(ExecContext& ctx, Dataflow* df) : ctx_(ctx), df_(df) {}

  struct Built {
    size_t index;  // into df_->operators
    bool ordered;  // see Dataflow::ordered
  };

  Result<Built> Build(const LogicalPlan& node) {
    switch (node.kind) {
      case LogicalKind::kScan: return BuildScan(node);
      case LogicalKind::kValues: return BuildValues(node);
      case LogicalKind::kFilter: {
        if (ctx_.view_mode) {
          KAPPA_ASSIGN_OR_RETURN(std::optional<Built> topn, MaybeBuildRowNumberTopN(node));
          if (topn) return *topn;
        }
        KAPPA_ASSIGN_OR_RETURN(Built in, Build(*node.children.at(0)));
        auto op = std::make_unique<FilterOperator>(node.predicate->Clone(), df_->eval);
        return Built{Add(std::move(op), {in.index}), in.ordered};
      }
      case LogicalKind::kProject: {
        KAPPA_ASSIGN_OR_RETURN(Built in, Build(*node.children.at(0)));
        auto op = std::make_unique<ProjectOperator>(CloneAll(node.exprs), df_->eval);
        return Built{Add(std::move(op), {in.index}), in.ordered};
      }
      case LogicalKind::kJoin: {
        const size_t first_source = df_->sources.size();
        KAPPA_ASSIGN_OR_RETURN(Built l, Build(*node.children.at(0)));
        const size_t right_sources = df_->sources.size();
        KAPPA_ASSIGN_OR_RETURN(Built r, Build(*node.children.at(1)));
        // The right (build) side's sources run first: once it has ended, the
        // join streams the left side through without keeping it.
        std::rotate(df_->sources.begin() + first_source, df_->sources.begin() + right_sources,
                    df_->sources.end());
        auto op = std::make_unique<HashJoinOperator>(
            ToJoinType(node.join_type), node.children[0]->Types(), node.children[1]->Types(),
            CloneAll(node.left_keys), CloneAll(node.right_keys), CloneOrNull(node.predicate),
            df_->eval);
        op->SetCancel(ctx_.cancel);
        return Built{Add(std::move(op), {l.index, r.index}), false};
      }
      case LogicalKind::kAggregate: {
        KAPPA_ASSIGN_OR_RETURN(Built in, Build(*node.children.at(0)));
        std::vector<AggregateSpec> specs;
        for (const auto& a : node.aggregates) {
          AggregateSpec s;
          s.agg = a.agg;
          s.arg = CloneOrNull(a.arg);
          s.arg2 = CloneOrNull(a.arg2);
          s.filter = CloneOrNull(a.filter);
          s.distinct = a.distinct;
          s.append_only_input = AppendOnly(*node.children.at(0));
          s.name = a.name;
          specs.push_back(std::move(s));
        }
        KAPPA_ASSIGN_OR_RETURN(
            auto op, HashAggregateOperator::Create(CloneAll(node.group_exprs), std::move(specs),
                                                   df_->eval,
                                                   ctx_.view_mode && ctx_.emit_on_window_close));
        return Built{Add(std::move(op), {in.index}), false};
      }
      case LogicalKind::kDistinct: {
        KAPPA_ASSIGN_OR_RETURN(Built in, Build(*node.children.at(0)));
        return Built{Add(std::make_unique<DistinctOperator>(node.Types()), {in.index}), false};
      }
      case LogicalKind::kSort: {
        // A view's rows have no order: ORDER BY without LIMIT is ignored.
        if (ctx_.view_mode) return Build(*node.children.at(0));
        KAPPA_ASSIGN_OR_RETURN(Built in, Build(*node.children.at(0)));
        auto op = std::make_unique<SortOperator>(node.children[0]->Types(),
                                                 OrderKeys(node.sort_keys), -1, 0, df_->eval);
        return Built{Add(std::move(op), {in.index}), true};
      }
      case LogicalKind::kLimit: {
        const LogicalPlan& child = *node.children.at(0);
        if (ctx_.view_mode) {
          if (child.kind != LogicalKind::kSort || node.limit < 0) {
            return Status::NotSupported(
                "LIMIT/OFFSET in a materialized view needs ORDER BY and a LIMIT (top-N)");
          }
          KAPPA_ASSIGN_OR_RETURN(Built in, Build(*child.children.at(0)));
          auto op = std::make_unique<TopNOperator>(child.children[0]->Types(),
                                                   std::vector<BoundExprPtr>{},
                                                   OrderKeys(child.sort_keys), node.limit,
                                                   node.offset, false, df_->eval);
          return Built{Add(std::move(op), {in.index}), false};
        }
        if (child.kind == LogicalKind::kSort) {
          // Top-N: the sort applies the limit itself.
          KAPPA_ASSIGN_OR_RETURN(Built in, Build(*child.children.at(0)));
          auto op = std::make_unique<SortOperator>(child.children[0]->Types(),
                                                   OrderKeys(child.sort_keys), node.limit,
                                                   node.offset, df_->eval);
          return Built{Add(std::move(op), {in.index}), true};
        }
        KAPPA_ASSIGN_OR_RETURN(Built in, Build(child));
        auto op = std::make_unique<LimitOperator>(child.Types(), node.limit, node.offset,
                                                  in.ordered);
        return Built{Add(std::move(op), {in.index}), true};
      }
      case LogicalKind::kUnion: {
        std::vector<size_t> ins;
        for (const auto& c : node.children) {
          KAPPA_ASSIGN_OR_RETURN(Built in, Build(*c));
          ins.push_back(in.index);
        }
        size_t u = Add(std::make_unique<UnionOperator>(static_cast<int>(ins.size())), ins);
        if (node.union_all) return Built{u, false};
        return Built{Add(std::make_unique<DistinctOperator>(node.Types()), {u}), false};
      }
      case LogicalKind::kSetOp: {
        KAPPA_ASSIGN_OR_RETURN(Built l, Build(*node.children.at(0)));
        KAPPA_ASSIGN_OR_RETURN(Built r, Build(*node.children.at(1)));
        SetOpKind kind;
        if (node.set_op_kind == LogicalPlan::SetOpKind::kIntersect) {
          kind = node.union_all ? SetOpKind::kIntersectAll : SetOpKind::kIntersect;
        } else {
          kind = node.union_all ? SetOpKind::kExceptAll : SetOpKind::kExcept;
        }
        return Built{Add(std::make_unique<SetOpOperator>(kind, node.Types()), {l.index, r.index}),
                     false};
      }
      case LogicalKind::kWindow: {
        if (ctx_.view_mode) {
          return Status::NotSupported(
              "window functions in a materialized view are supported only as a top-N filter: "
              "row_number() OVER (PARTITION BY ... ORDER BY ...) <= n in an outer WHERE");
        }
        KAPPA_ASSIGN_OR_RETURN(Built in, Build(*node.children.at(0)));
        auto op = std::make_unique<WindowOperator>(node.children[0]->Types(),
                                                   CloneAll(node.partition_exprs),
                                                   OrderKeys(node.sort_keys), df_->eval);
        return Built{Add(std::move(op), {in.index}), true};
      }
      case LogicalKind::kHop: {
        KAPPA_ASSIGN_OR_RETURN(Built in, Build(*node.children.at(0)));
        auto op = std::make_unique<HopOperator>(node.children[0]->Types(), node.hop_time_column,
                                                node.hop_slide_us, node.hop_size_us);
        return Built{Add(std::move(op), {in.index}), false};
      }
      case LogicalKind::kSession: {
        KAPPA_ASSIGN_OR_RETURN(Built in, Build(*node.children.at(0)));
        auto op = std::make_unique<SessionWindowOperator>(
            node.children[0]->Types(), node.session_time_column, node.session_gap_us,
            node.session_partition_columns, ctx_.view_mode && ctx_.emit_on_window_close);
        return Built{Add(std::move(op), {in.index}), false};
      }
    }
    return Status::Internal("unknown logical plan node");
  }

 private:
  Result<Built> BuildScan(const LogicalPlan& node) {
    if (ctx_.store == nullptr || ctx_.catalog == nullptr) {
      return Status::Internal("a table scan needs a store and a catalog");
    }
    TableInfoPtr table = ctx_.catalog->FindById(node.table_id);
    if (table == nullptr) {
      return Status::Error(sqlstate::kUndefinedTable,
                           "relation \"" + node.table_name + "\" does not exist");
    }
    std::vector<DataType> types = table->Types();
    for (int c : node.scan_columns) {
      if (c < 0 || static_cast<size_t>(c) >= types.size()) {
        return Status::Internal("scan column out of range for table " + node.table_name);
      }
    }
    if (table->kind == RelationKind::kSystem) {
      if (ctx_.view_mode) {
        return Status::NotSupported("a materialized view cannot read the system relation \"" +
                                    table->schema + "." + table->name + "\"");
      }
      if (!ctx_.system_rows) return Status::Internal("no system relation rows available");
      auto op = std::make_unique<QueueSourceOperator>(table->name, node.scan_columns);
      KAPPA_ASSIGN_OR_RETURN(std::vector<Chunk> rows, ctx_.system_rows(*table));
      for (auto& c : rows) op->Push(std::move(c));
      df_->sources.push_back(op.get());
      return Built{Add(std::move(op), {}), false};
    }
    if (table->kind == RelationKind::kMaterializedView) {
      if (ctx_.view_mode) {
        auto op = std::make_unique<QueueSourceOperator>(table->name, node.scan_columns);
        op->upstream_id = table->id;
        df_->view_inputs.push_back(op.get());
        df_->sources.push_back(op.get());
        return Built{Add(std::move(op), {}), false};
      }
      if (ctx_.views == nullptr) return Status::Internal("no view snapshot for a view scan");
      auto op = std::make_unique<ViewScanOperator>(ctx_.views, table->id, table->name,
                                                   std::move(types), node.scan_columns,
                                                   ctx_.cancel);
      df_->sources.push_back(op.get());
      return Built{Add(std::move(op), {}), false};
    }
    auto op = std::make_unique<ScanOperator>(ctx_.store, node.table_id, node.table_name,
                                             std::move(types), node.scan_columns, ctx_.cancel);
    if (ctx_.view_mode) {
      if (table->watermark_column >= 0) {
        if (!ctx_.bind_watermark) return Status::Internal("no watermark binder");
        KAPPA_ASSIGN_OR_RETURN(BoundExprPtr wm, ctx_.bind_watermark(*table));
        op->SetWatermark(table->watermark_column, std::move(wm), df_->eval);
      }
      df_->table_scans.push_back(op.get());
    }
    df_->sources.push_back(op.get());
    return Built{Add(std::move(op), {}), false};
  }

  // True when `node`'s output never retracts: an append-only table (APPEND
  // ONLY or with a WATERMARK) through filters, projections, windows, UNION
  // ALL and inner joins.
  bool AppendOnly(const LogicalPlan& node) const {
    switch (node.kind) {
      case LogicalKind::kScan: {
        TableInfoPtr t = ctx_.catalog ? ctx_.catalog->FindById(node.table_id) : nullptr;
        return t != nullptr && t->kind == RelationKind::kTable && t->append_only;
      }
      case LogicalKind::kValues:
        return true;
      case LogicalKind::kFilter:
      case LogicalKind::kProject:
      case LogicalKind::kHop:
        return AppendOnly(*node.children.at(0));
      case LogicalKind::kUnion:
        if (!node.union_all) return false;
        for (const auto& c : node.children) {
          if (!AppendOnly(*c)) return false;
        }
        return true;
      case LogicalKind::kJoin:
        return node.join_type == LogicalJoinType::kInner && AppendOnly(*node.children.at(0)) &&
               AppendOnly(*node.children.at(1));
      default:
        return false;
    }
  }

  // Filter(rn <= n) over [Project over] Window(row_number): a group top-N.
  // Returns nothing when `node` is not that shape.
  Result<std::optional<Built>> MaybeBuildRowNumberTopN(const LogicalPlan& node) {
    const LogicalPlan* child = node.children.at(0).get();
    const LogicalPlan* project = nullptr;
    if (child->kind == LogicalKind::kProject) {
      project = child;
      child = child->children.at(0).get();
    }
    if (child->kind != LogicalKind::kWindow) return std::optional<Built>();
    const int rn_col = static_cast<int>(child->columns.size()) - 1;
    // Which column of the filter's input is rn?
    int rn_in = rn_col;
    if (project != nullptr) {
      rn_in = -1;
      for (size_t i = 0; i < project->exprs.size(); ++i) {
        const BoundExpr& e = *project->exprs[i];
        if (e.kind == BoundExprKind::kColumnRef && e.column_index == rn_col) {
          rn_in = static_cast<int>(i);
          break;
        }
      }
      if (rn_in < 0) return std::optional<Built>();
    }
    // The predicate: rn <= c, rn < c, rn = 1, or c >= rn / c > rn.
    const BoundExpr& p = *node.predicate;
    if (p.kind != BoundExprKind::kFunction || p.children.size() != 2) {
      return std::optional<Built>();
    }
    std::string op = p.function_name;
    const BoundExpr* a = p.children[0].get();
    const BoundExpr* b = p.children[1].get();
    auto strip = [](const BoundExpr* e) {
      while (e->kind == BoundExprKind::kCast && !e->children.empty()) e = e->children[0].get();
      return e;
    };
    a = strip(a);
    b = strip(b);
    if (b->kind == BoundExprKind::kColumnRef) {
      std::swap(a, b);
      if (op == ">=") op = "<=";
      else if (op == ">") op = "<";
      else if (op == "<=") op = ">=";
      else if (op == "<") op = ">";
    }
    if (a->kind != BoundExprKind::kColumnRef || a->column_index != rn_in ||
        b->kind != BoundExprKind::kConstant || b->constant.is_null) {
      return std::optional<Built>();
    }
    int64_t c = 0;
    if (b->constant.type.id == TypeId::kInt16 || b->constant.type.id == TypeId::kInt32 ||
        b->constant.type.id == TypeId::kInt64) {
      c = b->constant.i;
    } else {
      return std::optional<Built>();
    }
    int64_t limit;
    if (op == "<=") limit = c;
    else if (op == "<") limit = c - 1;
    else if (op == "=" && c == 1) limit = 1;
    else return std::optional<Built>();
    if (limit < 0) limit = 0;
    KAPPA_ASSIGN_OR_RETURN(Built in, Build(*child->children.at(0)));
    auto topn = std::make_unique<TopNOperator>(child->children[0]->Types(),
                                               CloneAll(child->partition_exprs),
                                               OrderKeys(child->sort_keys), limit, 0, true,
                                               df_->eval);
    Built out{Add(std::move(topn), {in.index}), false};
    if (project != nullptr) {
      auto proj = std::make_unique<ProjectOperator>(CloneAll(project->exprs), df_->eval);
      out = Built{Add(std::move(proj), {out.index}), false};
    }
    return std::optional<Built>(out);
  }

  Result<Built> BuildValues(const LogicalPlan& node) {
    Chunk rows(node.Types());
    std::vector<Value> row;
    for (const auto& exprs : node.values) {
      row.clear();
      for (const auto& e : exprs) {
        KAPPA_ASSIGN_OR_RETURN(Value v, EvaluateConstant(*e, ctx_.eval));
        row.push_back(std::move(v));
      }
      if (row.size() != rows.columns.size()) {
        return Status::Internal("VALUES row width does not match its columns");
      }
      rows.AppendRow(row);
    }
    auto op = std::make_unique<ValuesOperator>(std::move(rows));
    df_->sources.push_back(op.get());
    return Built{Add(std::move(op), {}), false};
  }

  size_t Add(OperatorPtr op, std::vector<size_t> inputs) {
    if (op->num_inputs() != static_cast<int>(inputs.size())) {
      op->SetNumInputs(static_cast<int>(inputs.size()));
    }
    for (size_t port = 0; port < inputs.size(); ++port) {
      df_->operators[inputs[port]]->SetOutput(op.get(), static_cast<int>(port));
    }
    df_->operators.push_back(std::move(op));
    df_->inputs.push_back(std::move(inputs));
    return df_->operators.size() - 1;
  }

  ExecContext& ctx_;
  Dataflow* df_;
};

void ExplainNode(const Dataflow& df, size_t i, int depth, std::string* out) {
  out->append(static_cast<size_t>(depth) * 2, ' ');
  *out += df.operators[i]->Describe();
  *out += "\n";
  for (size_t in : df.inputs[i]) ExplainNode(df, in, depth + 1, out);
}

}  // namespace

std::string Dataflow::Explain() const {
  std::string out;
  if (operators.empty()) return out;
  ExplainNode(*this, operators.size() - 1, 0, &out);
  return out;
}

Result<std::unique_ptr<Dataflow>> BuildDataflow(const LogicalPlan& plan, ExecContext& ctx) {
  auto df = std::make_unique<Dataflow>();
  df->eval = std::make_shared<EvalContext>(ctx.eval);
  Builder builder(ctx, df.get());
  KAPPA_ASSIGN_OR_RETURN(Builder::Built root, builder.Build(plan));
  df->root = df->operators[root.index].get();
  df->ordered = root.ordered;
  df->output_types = plan.Types();
  return df;
}

Result<std::vector<Chunk>> RunBatchQuery(const LogicalPlan& plan, ExecContext& ctx) {
  KAPPA_ASSIGN_OR_RETURN(std::unique_ptr<Dataflow> df, BuildDataflow(plan, ctx));
  CollectSinkOperator sink(df->output_types, df->ordered, ctx.cancel);
  df->root->SetOutput(&sink, 0);
  auto canceled = [&]() { return ctx.cancel && ctx.cancel->load(std::memory_order_relaxed); };
  // Each source in turn pushes all its input, then barrier 1 and its end (an
  // input's barrier and end follow all of its data, which is all any
  // operator relies on).
  for (SourceOperator* src : df->sources) {
    if (canceled()) {
      return Status::Error(sqlstate::kQueryCanceled, "canceling statement due to user request");
    }
    KAPPA_RETURN_IF_ERROR(src->Pump());
    KAPPA_RETURN_IF_ERROR(src->SendBarrier(1));
    KAPPA_RETURN_IF_ERROR(src->SendEnd());
  }
  return sink.TakeResult();
}

}  // namespace kappa
