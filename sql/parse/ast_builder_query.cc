// AstBuilder: queries (SELECT, set operations, VALUES, WITH) and FROM items.
#include "sql/parse/ast_builder.h"
#include "sql/parse/literals.h"
#include "sql/parse/parse_error.h"

namespace kappa::parse {

// ---------------------------------------------------------------- SELECT

std::unique_ptr<ast::SelectStmt> AstBuilder::BuildSelect(P::SelectStmtContext* ctx) {
  DepthGuard guard(this);
  std::unique_ptr<ast::SelectStmt> select = BuildSelectBody(ctx->selectBody());
  if (select->location == 0) select->location = Loc(ctx);
  if (P::WithClauseContext* with = ctx->withClause()) {
    if (!select->ctes.empty()) {
      ThrowSyntaxError("multiple WITH clauses not allowed", Loc(with));
    }
    select->recursive = with->RECURSIVE() != nullptr;
    for (P::CommonTableExprContext* c : with->commonTableExpr()) {
      ast::CommonTableExpr cte;
      cte.name = Name(c->colId());
      cte.column_aliases = ColumnList(c->columnList());
      cte.query = BuildSelect(c->selectStmt());
      cte.location = Loc(c);
      select->ctes.push_back(std::move(cte));
    }
    select->location = Loc(ctx);
  }
  if (P::OrderByClauseContext* order = ctx->orderByClause()) {
    if (!select->order_by.empty()) {
      ThrowSyntaxError("multiple ORDER BY clauses not allowed", Loc(order));
    }
    select->order_by = BuildOrderBy(order);
  }
  if (P::SelectLimitContext* limits = ctx->selectLimit()) {
    if (P::LimitClauseContext* limit = limits->limitClause()) {
      if (select->limit != nullptr) ThrowSyntaxError("multiple LIMIT clauses not allowed", Loc(limit));
      if (limit->expr() != nullptr) select->limit = BuildExpr(limit->expr());
    }
    if (P::FetchFirstClauseContext* fetch = limits->fetchFirstClause()) {
      if (select->limit != nullptr) ThrowSyntaxError("multiple LIMIT clauses not allowed", Loc(fetch));
      if (fetch->arithExpr() != nullptr) {
        select->limit = BuildArith(fetch->arithExpr());
      } else {
        auto one = MakeExpr(ast::ExprKind::kLiteral, Loc(fetch));
        one->literal_kind = ast::LiteralKind::kInteger;
        one->literal = "1";
        select->limit = std::move(one);
      }
    }
    if (P::OffsetClauseContext* offset = limits->offsetClause()) {
      if (select->offset != nullptr) {
        ThrowSyntaxError("multiple OFFSET clauses not allowed", Loc(offset));
      }
      select->offset = BuildExpr(offset->expr());
    }
  }
  return select;
}

std::unique_ptr<ast::SelectStmt> AstBuilder::BuildSelectBody(P::SelectBodyContext* ctx) {
  DepthGuard guard(this);
  ctx->accept(this);
  return std::move(select_out_);
}

antlrcpp::Any AstBuilder::visitSelectBodyPrimary(P::SelectBodyPrimaryContext* ctx) {
  select_out_ = BuildSelectPrimary(ctx->selectPrimary());
  return {};
}

namespace {

std::unique_ptr<ast::SelectStmt> MakeSetOp(ast::SetOp op, P::SetQuantifierContext* quantifier,
                                           std::unique_ptr<ast::SelectStmt> left,
                                           std::unique_ptr<ast::SelectStmt> right) {
  auto s = std::make_unique<ast::SelectStmt>();
  s->location = left->location;
  s->set_op = op;
  s->set_all = quantifier != nullptr && quantifier->ALL() != nullptr;
  s->left = std::move(left);
  s->right = std::move(right);
  return s;
}

}  // namespace

antlrcpp::Any AstBuilder::visitSelectBodyIntersect(P::SelectBodyIntersectContext* ctx) {
  auto left = BuildSelectBody(ctx->selectBody(0));
  auto right = BuildSelectBody(ctx->selectBody(1));
  select_out_ =
      MakeSetOp(ast::SetOp::kIntersect, ctx->setQuantifier(), std::move(left), std::move(right));
  return {};
}

antlrcpp::Any AstBuilder::visitSelectBodyUnion(P::SelectBodyUnionContext* ctx) {
  auto left = BuildSelectBody(ctx->selectBody(0));
  auto right = BuildSelectBody(ctx->selectBody(1));
  ast::SetOp op = ctx->op->getType() == P::UNION ? ast::SetOp::kUnion : ast::SetOp::kExcept;
  select_out_ = MakeSetOp(op, ctx->setQuantifier(), std::move(left), std::move(right));
  return {};
}

std::unique_ptr<ast::SelectStmt> AstBuilder::BuildSelectPrimary(P::SelectPrimaryContext* ctx) {
  if (P::SimpleSelectContext* simple = ctx->simpleSelect()) return BuildSimpleSelect(simple);
  if (P::SelectStmtContext* inner = ctx->selectStmt()) return BuildSelect(inner);
  auto s = std::make_unique<ast::SelectStmt>();
  s->location = Loc(ctx);
  if (P::ValuesClauseContext* values = ctx->valuesClause()) {
    for (P::ValuesRowContext* row : values->valuesRow()) {
      s->values_rows.push_back(BuildExprList(row->exprList()));
    }
    return s;
  }
  // TABLE name == SELECT * FROM name
  ast::SelectItem star;
  star.expr = MakeExpr(ast::ExprKind::kStar, Loc(ctx));
  star.location = Loc(ctx);
  s->targets.push_back(std::move(star));
  auto table = std::make_unique<ast::TableRef>(ast::TableRefKind::kTable, Loc(ctx->qualifiedName()));
  table->name = Names(ctx->qualifiedName());
  s->from.push_back(std::move(table));
  return s;
}

std::unique_ptr<ast::SelectStmt> AstBuilder::BuildSimpleSelect(P::SimpleSelectContext* ctx) {
  auto s = std::make_unique<ast::SelectStmt>();
  s->location = Loc(ctx);
  if (P::DistinctClauseContext* distinct = ctx->distinctClause()) {
    s->distinct = true;
    if (distinct->exprList() != nullptr) s->distinct_on = BuildExprList(distinct->exprList());
  }
  if (ctx->targetList() != nullptr) s->targets = BuildTargetList(ctx->targetList());
  if (P::FromClauseContext* from = ctx->fromClause()) {
    for (P::FromItemContext* item : from->fromItem()) s->from.push_back(BuildFromItem(item));
  }
  if (ctx->whereClause() != nullptr) s->where = BuildExpr(ctx->whereClause()->expr());
  if (P::GroupByClauseContext* group = ctx->groupByClause()) {
    s->group_by = BuildExprList(group->exprList());
  }
  if (ctx->havingClause() != nullptr) s->having = BuildExpr(ctx->havingClause()->expr());
  return s;
}

std::vector<ast::SelectItem> AstBuilder::BuildTargetList(P::TargetListContext* ctx) {
  std::vector<ast::SelectItem> items;
  for (P::TargetItemContext* t : ctx->targetItem()) {
    ast::SelectItem item;
    item.location = Loc(t);
    if (t->getStart()->getType() != P::STAR || t->getStop() != t->getStart()) {
      auto* e = static_cast<P::TargetExprContext*>(t);
      item.expr = BuildExpr(e->value);
      if (e->label != nullptr) {
        item.alias = Name(e->label);
      } else if (e->bare != nullptr) {
        item.alias = Name(e->bare);
      }
    } else {
      item.expr = MakeExpr(ast::ExprKind::kStar, Loc(t));
    }
    items.push_back(std::move(item));
  }
  return items;
}

std::vector<ast::OrderItem> AstBuilder::BuildOrderBy(P::OrderByClauseContext* ctx) {
  std::vector<ast::OrderItem> items;
  for (P::SortItemContext* s : ctx->sortItem()) {
    ast::OrderItem item;
    item.expr = BuildExpr(s->expr());
    item.descending = s->DESC() != nullptr;
    if (s->NULLS() != nullptr) item.nulls_first = s->FIRST() != nullptr;
    items.push_back(std::move(item));
  }
  return items;
}

// ---------------------------------------------------------------- FROM

ast::TableRefPtr AstBuilder::BuildFromItem(P::FromItemContext* ctx) {
  DepthGuard guard(this);
  ctx->accept(this);
  return std::move(table_out_);
}

ast::TableRefPtr AstBuilder::BuildTableRef(P::TableRefContext* ctx) {
  DepthGuard guard(this);
  ctx->accept(this);
  return std::move(table_out_);
}

void AstBuilder::ApplyTableAlias(P::TableAliasContext* ctx, ast::TableRef* ref) {
  if (ctx == nullptr) return;
  ref->alias = ctx->colId() != nullptr ? Name(ctx->colId()) : Name(ctx->bareLabel());
  ref->column_aliases = ColumnList(ctx->columnList());
}

antlrcpp::Any AstBuilder::visitFromTableRef(P::FromTableRefContext* ctx) {
  table_out_ = BuildTableRef(ctx->tableRef());
  return {};
}

ast::TableRefPtr AstBuilder::MakeJoin(P::FromItemContext* left, P::JoinTypeContext* type,
                                      P::TableRefContext* right, int location) {
  auto join = std::make_unique<ast::TableRef>(ast::TableRefKind::kJoin, location);
  join->left = BuildFromItem(left);
  join->right = BuildTableRef(right);
  if (type != nullptr) {
    if (type->LEFT() != nullptr) {
      join->join_type = ast::JoinType::kLeft;
    } else if (type->RIGHT() != nullptr) {
      join->join_type = ast::JoinType::kRight;
    } else if (type->FULL() != nullptr) {
      join->join_type = ast::JoinType::kFull;
    }
  }
  return join;
}

antlrcpp::Any AstBuilder::visitFromCrossJoin(P::FromCrossJoinContext* ctx) {
  table_out_ = MakeJoin(ctx->fromItem(), nullptr, ctx->tableRef(), Loc(ctx->CROSS()));
  table_out_->join_type = ast::JoinType::kCross;
  return {};
}

antlrcpp::Any AstBuilder::visitFromNaturalJoin(P::FromNaturalJoinContext* ctx) {
  table_out_ = MakeJoin(ctx->fromItem(), ctx->joinType(), ctx->tableRef(), Loc(ctx->NATURAL()));
  table_out_->natural = true;
  return {};
}

antlrcpp::Any AstBuilder::visitFromJoin(P::FromJoinContext* ctx) {
  int location = ctx->joinType() != nullptr ? Loc(ctx->joinType()) : Loc(ctx->JOIN());
  ast::TableRefPtr join = MakeJoin(ctx->fromItem(), ctx->joinType(), ctx->tableRef(), location);
  P::JoinQualContext* qual = ctx->joinQual();
  if (qual->expr() != nullptr) {
    join->join_condition = BuildExpr(qual->expr());
  } else {
    for (P::ColIdContext* col : qual->colId()) join->using_columns.push_back(Name(col));
  }
  table_out_ = std::move(join);
  return {};
}

antlrcpp::Any AstBuilder::visitTableRefName(P::TableRefNameContext* ctx) {
  auto ref = std::make_unique<ast::TableRef>(ast::TableRefKind::kTable, Loc(ctx));
  ref->name = Names(ctx->qualifiedName());
  ApplyTableAlias(ctx->tableAlias(), ref.get());
  table_out_ = std::move(ref);
  return {};
}

antlrcpp::Any AstBuilder::visitTableRefSubquery(P::TableRefSubqueryContext* ctx) {
  auto ref = std::make_unique<ast::TableRef>(ast::TableRefKind::kSubquery, Loc(ctx));
  ref->lateral = ctx->LATERAL() != nullptr;
  ref->subquery = BuildSelect(ctx->selectStmt());
  ApplyTableAlias(ctx->tableAlias(), ref.get());
  table_out_ = std::move(ref);
  return {};
}

antlrcpp::Any AstBuilder::visitTableRefFunction(P::TableRefFunctionContext* ctx) {
  P::FuncCallContext* call = ctx->funcCall();
  if (call->over != nullptr || call->filter != nullptr || call->within != nullptr) {
    ThrowSyntaxError("syntax error at or near \"" + std::string(Text(call->getStop())) + "\"",
                     Loc(call->getStop()));
  }
  ast::ExprPtr fn = BuildFuncCall(call);
  if (fn->agg_star || fn->agg_distinct || !fn->agg_order_by.empty()) {
    ThrowSyntaxError("syntax error at or near \"" + std::string(Text(call->args->getStart())) + "\"",
                     Loc(call->args));
  }
  auto ref = std::make_unique<ast::TableRef>(ast::TableRefKind::kFunction, Loc(ctx));
  ref->lateral = ctx->LATERAL() != nullptr;
  ref->func_name = std::move(fn->func_name);
  ref->func_args = std::move(fn->children);
  ApplyTableAlias(ctx->tableAlias(), ref.get());
  table_out_ = std::move(ref);
  return {};
}

// Flink: TABLE(TUMBLE(TABLE t, DESCRIPTOR(col), size)) -> tumble(t, col, size),
// also with named arguments (DATA, TIMECOL, [SLIDE,] SIZE in any order).
antlrcpp::Any AstBuilder::visitTableRefTableFunction(P::TableRefTableFunctionContext* ctx) {
  auto ref = std::make_unique<ast::TableRef>(ast::TableRefKind::kFunction, Loc(ctx));
  ref->func_name = DottedName(ctx->funcName());
  std::vector<std::string> arg_names;
  std::vector<ast::ExprPtr> partition;  // TABLE t PARTITION BY ...: appended last
  for (P::TableFuncArgContext* arg : ctx->tableFuncArg()) {
    if ((arg->argName != nullptr) != (ctx->tableFuncArg()[0]->argName != nullptr)) {
      ThrowSyntaxError("arguments of " + ref->func_name + " must be all named or all positional",
                       Loc(arg));
    }
    if (arg->argName != nullptr) arg_names.push_back(Name(arg->argName));
    if (arg->TABLE() != nullptr) {
      auto table = MakeExpr(ast::ExprKind::kColumnRef, Loc(arg->qualifiedName()));
      table->name = Names(arg->qualifiedName());
      ref->func_args.push_back(std::move(table));
      if (P::TablePartitionContext* tp = arg->tablePartition(); tp != nullptr) {
        if (tp->exprList() != nullptr) {
          for (P::ExprContext* e : tp->exprList()->expr()) partition.push_back(BuildExpr(e));
        } else {
          partition.push_back(BuildExpr(tp->expr()));
        }
      }
      continue;
    }
    ast::ExprPtr e = BuildExpr(arg->expr());
    if (e->kind == ast::ExprKind::kFunction && e->func_name == "descriptor" &&
        e->children.size() == 1 && e->children[0]->kind == ast::ExprKind::kColumnRef) {
      e = std::move(e->children[0]);
    }
    ref->func_args.push_back(std::move(e));
  }
  if (!arg_names.empty()) {
    // Put named arguments in positional order.
    std::vector<std::string> order;
    if (ref->func_name == "tumble") order = {"data", "timecol", "size"};
    if (ref->func_name == "hop") order = {"data", "timecol", "slide", "size"};
    if (ref->func_name == "session") order = {"data", "timecol", "gap"};
    if (order.empty()) {
      ThrowSyntaxError("named arguments are not supported for " + ref->func_name,
                       Loc(ctx->tableFuncArg()[0]));
    }
    std::vector<ast::ExprPtr> sorted(order.size());
    for (size_t i = 0; i < arg_names.size(); ++i) {
      size_t pos = 0;
      while (pos < order.size() && order[pos] != arg_names[i]) ++pos;
      if (pos == order.size() || sorted[pos] != nullptr) {
        ThrowSyntaxError((pos == order.size() ? "unknown argument \"" : "duplicate argument \"") +
                             arg_names[i] + "\" of " + ref->func_name,
                         Loc(ctx->tableFuncArg()[i]));
      }
      sorted[pos] = std::move(ref->func_args[i]);
    }
    ref->func_args.clear();
    for (auto& a : sorted) {
      if (a != nullptr) ref->func_args.push_back(std::move(a));  // missing: arity error later
    }
  }
  if (!partition.empty() && ref->func_name != "session") {
    ThrowSyntaxError("PARTITION BY is supported only for SESSION", Loc(ctx));
  }
  for (auto& e : partition) ref->func_args.push_back(std::move(e));
  ApplyTableAlias(ctx->tableAlias(), ref.get());
  table_out_ = std::move(ref);
  return {};
}

antlrcpp::Any AstBuilder::visitTableRefParen(P::TableRefParenContext* ctx) {
  ast::TableRefPtr inner = BuildFromItem(ctx->fromItem());
  if (ctx->tableAlias() != nullptr) ApplyTableAlias(ctx->tableAlias(), inner.get());
  table_out_ = std::move(inner);
  return {};
}

}  // namespace kappa::parse
