// INSERT, UPDATE and DELETE: compute the table's changes with the batch
// engine, then append them through the table's writer as one log entry.
#include <algorithm>
#include <unordered_set>

#include "executor/expression_evaluator.h"
#include "planner/logical_plan.h"
#include "server/database.h"
#include "server/statement_executor.h"
#include "server/table_writer.h"
#include "sql/binder/binder.h"
#include "sql/parse/parser.h"

namespace kappa {
namespace {

// Concatenates chunks of one schema into one.
Chunk Concat(const std::vector<DataType>& types, std::vector<Chunk>& chunks) {
  if (chunks.size() == 1) return std::move(chunks[0]);
  Chunk out(types);
  for (auto& c : chunks) {
    for (size_t r = 0; r < c.num_rows; ++r) out.AppendRowFrom(c, r);
  }
  return out;
}

std::string ItemName(const ast::SelectItem& item) {
  if (!item.alias.empty()) return item.alias;
  const ast::Expr& e = *item.expr;
  if (e.kind == ast::ExprKind::kColumnRef && !e.name.empty()) return e.name.back();
  if (e.kind == ast::ExprKind::kFunction) {
    size_t dot = e.func_name.rfind('.');
    return dot == std::string::npos ? e.func_name : e.func_name.substr(dot + 1);
  }
  return "?column?";
}

}  // namespace

Result<Value> StatementExecutor::DefaultValue(const TableInfo& table, int c) {
  const ColumnInfo& col = table.columns[c];
  if (col.default_sql.empty()) return Value::Null(col.type);
  KAPPA_ASSIGN_OR_RETURN(auto stmts, ParseSql("SELECT " + col.default_sql));
  const auto& sel = static_cast<const ast::SelectStatement&>(*stmts[0]);
  BindContext ctx;
  ctx.catalog = catalog_;
  KAPPA_ASSIGN_OR_RETURN(BoundExprPtr e,
                         BindRowExpression(*sel.select->targets[0].expr, table, "", ctx));
  KAPPA_ASSIGN_OR_RETURN(e, CoerceToColumn(std::move(e), col.type, col.name));
  Result<Value> v = EvaluateConstant(*e, MakeEvalContext());
  if (!v.ok()) return Status(v.status()).WithoutPosition();
  return v;
}

Result<std::vector<Chunk>> StatementExecutor::MatchingRows(const TableInfo& table,
                                                           const std::string& alias,
                                                           const ast::Expr* where) {
  auto scan = std::make_unique<LogicalPlan>(LogicalKind::kScan);
  scan->table_id = table.id;
  scan->table_name = table.name;
  for (size_t c = 0; c < table.columns.size(); ++c) {
    scan->scan_columns.push_back(static_cast<int>(c));
    scan->columns.push_back({table.columns[c].name, table.columns[c].type,
                             !table.columns[c].not_null});
  }
  LogicalPlanPtr plan = std::move(scan);
  if (where) {
    BindContext ctx;
    ctx.catalog = catalog_;
    ctx.param_types = param_types_;
    ctx.param_values = params_;
    KAPPA_ASSIGN_OR_RETURN(BoundExprPtr pred,
                           BindRowCondition(*where, table, alias, "WHERE", ctx));
    FinalizeParamTypes(ctx);
    param_types_ = ctx.param_types;
    auto filter = std::make_unique<LogicalPlan>(LogicalKind::kFilter);
    filter->columns = plan->columns;
    filter->predicate = std::move(pred);
    filter->children.push_back(std::move(plan));
    plan = std::move(filter);
  }
  return RunPlan(*plan);
}

Status StatementExecutor::Returning(const std::vector<ast::SelectItem>& items,
                                    const TableInfo& table, const std::string& alias,
                                    const std::vector<Chunk>& rows, StatementResult* result) {
  BindContext ctx;
  ctx.catalog = catalog_;
  ctx.param_types = param_types_;
  ctx.param_values = params_;
  std::vector<BoundExprPtr> exprs;
  for (const auto& item : items) {
    if (item.expr->kind == ast::ExprKind::kStar) {
      for (size_t c = 0; c < table.columns.size(); ++c) {
        exprs.push_back(BoundExpr::ColumnRef(static_cast<int>(c), table.columns[c].type));
        result->columns.push_back({table.columns[c].name, table.columns[c].type});
      }
      continue;
    }
    KAPPA_ASSIGN_OR_RETURN(BoundExprPtr e, BindRowExpression(*item.expr, table, alias, ctx));
    if (e->type.id == TypeId::kUnknown) e->type = DataType(TypeId::kText);
    result->columns.push_back({ItemName(item), e->type});
    exprs.push_back(std::move(e));
  }
  result->returns_rows = true;
  EvalContext ectx = MakeEvalContext();
  std::vector<DataType> types;
  for (const auto& e : exprs) types.push_back(e->type);
  for (const Chunk& in : rows) {
    Chunk out(types);
    for (size_t i = 0; i < exprs.size(); ++i) {
      Status st = EvaluateExpression(*exprs[i], in, ectx, &out.columns[i]);
      if (!st.ok()) return st.WithoutPosition();
    }
    out.num_rows = in.num_rows;
    out.weights.assign(in.weights.begin(), in.weights.end());
    for (auto& w : out.weights) w = w < 0 ? -w : w;
    result->chunks.push_back(std::move(out));
  }
  return Status::OK();
}

Result<StatementResult> StatementExecutor::ExecInsert(const ast::InsertStatement& stmt) {
  KAPPA_ASSIGN_OR_RETURN(TableInfoPtr t, FindWritableTable(stmt.table, stmt.location, false));
  const std::vector<DataType> table_types = t->Types();
  // Target columns, in the statement's order.
  std::vector<int> targets;
  if (stmt.columns.empty()) {
    // Without a column list the source fills the leading columns; the
    // rest take their defaults (as in PostgreSQL).
    size_t width = t->columns.size();
    if (stmt.source && !stmt.source->values_rows.empty() && stmt.source->ctes.empty()) {
      width = std::min(width, stmt.source->values_rows[0].size());
    } else if (stmt.source) {
      BindContext probe;
      probe.catalog = catalog_;
      probe.param_types = param_types_;
      probe.param_values = params_;
      Result<BoundQuery> q = BindQuery(*stmt.source, probe);
      if (q.ok()) width = std::min(width, q->plan->columns.size());
    }
    for (size_t c = 0; c < width; ++c) targets.push_back(static_cast<int>(c));
  } else {
    std::unordered_set<int> seen;
    for (const auto& n : stmt.columns) {
      int c = t->FindColumn(n);
      if (c < 0) {
        return Status::Error(sqlstate::kUndefinedColumn,
                             "column \"" + n + "\" of relation \"" + t->name + "\" does not exist",
                             stmt.location);
      }
      if (!seen.insert(c).second) {
        return Status::Error(sqlstate::kDuplicateColumn,
                             "column \"" + n + "\" specified more than once", stmt.location);
      }
      targets.push_back(c);
    }
  }
  // Source rows in the target columns' types.
  std::vector<Chunk> source;
  if (stmt.source) {
    std::vector<DataType> types;
    std::vector<std::string> names;
    std::vector<std::string> default_sql;  // for DEFAULT items in VALUES
    for (int c : targets) {
      types.push_back(t->columns[c].type);
      names.push_back(t->columns[c].name);
      default_sql.push_back(t->columns[c].default_sql);
    }
    BindContext ctx;
    ctx.catalog = catalog_;
    ctx.param_types = param_types_;
    ctx.param_values = params_;
    KAPPA_ASSIGN_OR_RETURN(BoundQuery q,
                           BindInsertSource(*stmt.source, types, names, ctx, &default_sql));
    param_types_ = ctx.param_types;
    KAPPA_ASSIGN_OR_RETURN(source, RunPlan(*q.plan));
  } else {
    // DEFAULT VALUES: one row, all defaults.
    targets.clear();
    Chunk one(std::vector<DataType>{});
    one.num_rows = 1;
    one.weights.push_back(1);
    source.push_back(std::move(one));
  }
  // Full rows: targets from the source, the rest from defaults.
  std::vector<int> source_index(t->columns.size(), -1);
  for (size_t i = 0; i < targets.size(); ++i) source_index[targets[i]] = static_cast<int>(i);
  std::vector<Value> defaults(t->columns.size());
  for (size_t c = 0; c < t->columns.size(); ++c) {
    if (source_index[c] < 0) {
      KAPPA_ASSIGN_OR_RETURN(defaults[c], DefaultValue(*t, static_cast<int>(c)));
    }
  }
  std::vector<Chunk> rows;
  for (Chunk& in : source) {
    Chunk out(table_types);
    for (size_t c = 0; c < t->columns.size(); ++c) {
      if (source_index[c] >= 0) {
        out.columns[c] = std::move(in.columns[source_index[c]]);
        out.columns[c].type = table_types[c];
      } else {
        out.columns[c].Reserve(in.num_rows);
        for (size_t r = 0; r < in.num_rows; ++r) out.columns[c].Append(defaults[c]);
      }
    }
    out.weights = std::move(in.weights);
    out.num_rows = in.num_rows;
    rows.push_back(std::move(out));
  }
  Chunk changes = Concat(table_types, rows);
  int64_t n = 0;
  for (int64_t w : changes.weights) n += w;
  LateOutcome late;
  {
    auto writer = session_->db->Writer(t);
    auto lock = writer->Lock();
    KAPPA_RETURN_IF_ERROR(writer->Apply(changes, &late));
  }
  StatementResult r;
  // Late rows count too (as in RisingWave); a NOTICE says where they went.
  r.tag = "INSERT 0 " + std::to_string(n);
  if (late.late_rows > 0) r.notices.push_back({"NOTICE", "00000", LateRowsNotice(*t, late)});
  if (!stmt.returning.empty()) {
    // RETURNING shows the rows inserted: late rows did not become part of
    // the table.
    if (!late.rows.empty()) {
      std::vector<uint32_t> keep;
      size_t next_late = 0;
      for (uint32_t i = 0; i < changes.num_rows; ++i) {
        if (next_late < late.rows.size() && late.rows[next_late] == i) {
          ++next_late;
          continue;
        }
        keep.push_back(i);
      }
      Chunk kept(table_types);
      for (size_t c = 0; c < kept.columns.size(); ++c) {
        kept.columns[c].AppendSelected(changes.columns[c], keep.data(), keep.size());
      }
      for (uint32_t i : keep) kept.weights.push_back(changes.weights[i]);
      kept.num_rows = keep.size();
      changes = std::move(kept);
    }
    std::vector<Chunk> applied;
    applied.push_back(std::move(changes));
    KAPPA_RETURN_IF_ERROR(Returning(stmt.returning, *t, "", applied, &r));
  }
  return r;
}

Result<StatementResult> StatementExecutor::ExecUpdate(const ast::UpdateStatement& stmt) {
  KAPPA_ASSIGN_OR_RETURN(TableInfoPtr t, FindWritableTable(stmt.table, stmt.location, true));
  // SET targets.
  std::vector<std::pair<int, BoundExprPtr>> sets;
  {
    BindContext ctx;
    ctx.catalog = catalog_;
    ctx.param_types = param_types_;
    ctx.param_values = params_;
    std::unordered_set<int> seen;
    for (const auto& a : stmt.assignments) {
      int c = t->FindColumn(a.column);
      if (c < 0) {
        return Status::Error(sqlstate::kUndefinedColumn,
                             "column \"" + a.column + "\" of relation \"" + t->name +
                                 "\" does not exist",
                             a.location);
      }
      if (!seen.insert(c).second) {
        return Status::Error(sqlstate::kDuplicateColumn,
                             "multiple assignments to same column \"" + a.column + "\"",
                             a.location);
      }
      BoundExprPtr e;
      if (a.value) {
        KAPPA_ASSIGN_OR_RETURN(e, BindRowExpression(*a.value, *t, stmt.alias, ctx));
        KAPPA_ASSIGN_OR_RETURN(e,
                               CoerceToColumn(std::move(e), t->columns[c].type, a.column, ctx));
      } else {
        KAPPA_ASSIGN_OR_RETURN(Value v, DefaultValue(*t, c));
        e = BoundExpr::Constant(std::move(v));
      }
      sets.emplace_back(c, std::move(e));
    }
    param_types_ = ctx.param_types;
  }
  auto writer = session_->db->Writer(t);
  auto lock = writer->Lock();
  KAPPA_ASSIGN_OR_RETURN(std::vector<Chunk> old_rows,
                         MatchingRows(*t, stmt.alias, stmt.where.get()));
  const std::vector<DataType> types = t->Types();
  EvalContext ectx = MakeEvalContext();
  Chunk changes(types);
  std::vector<Chunk> new_rows;
  int64_t n = 0;
  for (const Chunk& old : old_rows) {
    Chunk updated(types);
    std::vector<Column> computed(sets.size());
    for (size_t i = 0; i < sets.size(); ++i) {
      Status st = EvaluateExpression(*sets[i].second, old, ectx, &computed[i]);
      if (!st.ok()) return st.WithoutPosition();
    }
    for (size_t c = 0; c < types.size(); ++c) updated.columns[c] = old.columns[c];
    for (size_t i = 0; i < sets.size(); ++i) {
      updated.columns[sets[i].first] = std::move(computed[i]);
      updated.columns[sets[i].first].type = types[sets[i].first];
    }
    updated.weights = old.weights;
    updated.num_rows = old.num_rows;
    for (size_t r = 0; r < old.num_rows; ++r) {
      changes.AppendRowFrom(old, r);
      changes.weights.back() = -old.weights[r];
      n += old.weights[r];
    }
    for (size_t r = 0; r < updated.num_rows; ++r) changes.AppendRowFrom(updated, r);
    new_rows.push_back(std::move(updated));
  }
  KAPPA_RETURN_IF_ERROR(writer->Apply(changes));
  StatementResult r;
  r.tag = "UPDATE " + std::to_string(n);
  if (!stmt.returning.empty()) {
    KAPPA_RETURN_IF_ERROR(Returning(stmt.returning, *t, stmt.alias, new_rows, &r));
  }
  return r;
}

Result<StatementResult> StatementExecutor::ExecDelete(const ast::DeleteStatement& stmt) {
  KAPPA_ASSIGN_OR_RETURN(TableInfoPtr t, FindWritableTable(stmt.table, stmt.location, true));
  auto writer = session_->db->Writer(t);
  auto lock = writer->Lock();
  KAPPA_ASSIGN_OR_RETURN(std::vector<Chunk> old_rows,
                         MatchingRows(*t, stmt.alias, stmt.where.get()));
  const std::vector<DataType> types = t->Types();
  Chunk changes(types);
  int64_t n = 0;
  for (const Chunk& old : old_rows) {
    for (size_t r = 0; r < old.num_rows; ++r) {
      changes.AppendRowFrom(old, r);
      changes.weights.back() = -old.weights[r];
      n += old.weights[r];
    }
  }
  KAPPA_RETURN_IF_ERROR(writer->Apply(changes));
  StatementResult r;
  r.tag = "DELETE " + std::to_string(n);
  if (!stmt.returning.empty()) {
    KAPPA_RETURN_IF_ERROR(Returning(stmt.returning, *t, stmt.alias, old_rows, &r));
  }
  return r;
}

}  // namespace kappa
