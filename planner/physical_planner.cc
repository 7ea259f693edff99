#include "planner/physical_planner.h"

#include <algorithm>

#include "executor/collect_sink_operator.h"
#include "executor/distinct_operator.h"
#include "executor/filter_operator.h"
#include "executor/hash_aggregate_operator.h"
#include "executor/hash_join_operator.h"
#include "executor/limit_operator.h"
#include "executor/project_operator.h"
#include "executor/scan_operator.h"
#include "executor/set_op_operator.h"
#include "executor/sort_operator.h"
#include "executor/union_operator.h"
#include "executor/values_operator.h"
#include "executor/window_operator.h"

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
          s.name = a.name;
          specs.push_back(std::move(s));
        }
        KAPPA_ASSIGN_OR_RETURN(auto op, HashAggregateOperator::Create(CloneAll(node.group_exprs),
                                                                      std::move(specs), df_->eval));
        return Built{Add(std::move(op), {in.index}), false};
      }
      case LogicalKind::kDistinct: {
        KAPPA_ASSIGN_OR_RETURN(Built in, Build(*node.children.at(0)));
        return Built{Add(std::make_unique<DistinctOperator>(node.Types()), {in.index}), false};
      }
      case LogicalKind::kSort: {
        KAPPA_ASSIGN_OR_RETURN(Built in, Build(*node.children.at(0)));
        auto op = std::make_unique<SortOperator>(node.children[0]->Types(),
                                                 OrderKeys(node.sort_keys), -1, 0, df_->eval);
        return Built{Add(std::move(op), {in.index}), true};
      }
      case LogicalKind::kLimit: {
        const LogicalPlan& child = *node.children.at(0);
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
        KAPPA_ASSIGN_OR_RETURN(Built in, Build(*node.children.at(0)));
        auto op = std::make_unique<WindowOperator>(node.children[0]->Types(),
                                                   CloneAll(node.partition_exprs),
                                                   OrderKeys(node.sort_keys), df_->eval);
        return Built{Add(std::move(op), {in.index}), true};
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
    auto op = std::make_unique<ScanOperator>(ctx_.store, node.table_id, node.table_name,
                                             std::move(types), node.scan_columns, ctx_.cancel);
    df_->sources.push_back(op.get());
    return Built{Add(std::move(op), {}), false};
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
