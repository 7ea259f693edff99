// AstBuilder: function calls (aggregates, windows) and the SQL-standard
// special-syntax functions, normalized to ordinary calls (see parser.h).
#include "sql/parse/ast_builder.h"
#include "sql/parse/literals.h"
#include "sql/parse/parse_error.h"

namespace kappa::parse {

using ast::ExprKind;
using ast::ExprPtr;

ExprPtr AstBuilder::BuildFuncCall(P::FuncCallContext* ctx) {
  auto e = MakeExpr(ExprKind::kFunction, Loc(ctx));
  e->func_name = DottedName(ctx->name);
  if (P::FuncArgsContext* args = ctx->args) {
    if (args->items.empty()) {
      e->agg_star = true;
    } else {
      e->agg_distinct = args->distinct != nullptr;
      e->children.reserve(args->items.size());
      for (P::ExprContext* arg : args->items) e->children.push_back(BuildExpr(arg));
      if (args->order != nullptr) e->agg_order_by = BuildOrderBy(args->order);
    }
  }
  if (P::WithinGroupClauseContext* within = ctx->within) {
    if (!e->agg_order_by.empty()) {
      ThrowError(sqlstate::kSyntaxError,
                 "cannot use multiple ORDER BY clauses with WITHIN GROUP", Loc(within));
    }
    e->agg_order_by = BuildOrderBy(within->orderByClause());
  }
  if (ctx->filter != nullptr) e->agg_filter = BuildExpr(ctx->filter->expr());
  if (ctx->over != nullptr) e->over = BuildWindowSpec(ctx->over->windowSpec());
  return e;
}

std::unique_ptr<ast::WindowSpec> AstBuilder::BuildWindowSpec(P::WindowSpecContext* ctx) {
  auto spec = std::make_unique<ast::WindowSpec>();
  if (ctx->frameClause() != nullptr) {
    ThrowNotSupported("window frame clauses are not supported", Loc(ctx->frameClause()));
  }
  if (ctx->exprList() != nullptr) spec->partition_by = BuildExprList(ctx->exprList());
  if (ctx->orderByClause() != nullptr) spec->order_by = BuildOrderBy(ctx->orderByClause());
  return spec;
}

ExprPtr AstBuilder::BuildSpecialFunction(P::SpecialFunctionContext* ctx) {
  DepthGuard guard(this);
  ctx->accept(this);
  return TakeExpr();
}

antlrcpp::Any AstBuilder::visitSfCurrentDate(P::SfCurrentDateContext* ctx) {
  expr_out_ = MakeFunction("current_date", {}, Loc(ctx));
  return {};
}

// CURRENT_TIME, CURRENT_TIMESTAMP, LOCALTIME, LOCALTIMESTAMP; a precision is ignored.
antlrcpp::Any AstBuilder::visitSfCurrentTime(P::SfCurrentTimeContext* ctx) {
  expr_out_ = MakeFunction(FoldIdentifier(Text(ctx->getStart())), {}, Loc(ctx));
  return {};
}

antlrcpp::Any AstBuilder::visitSfCurrentUser(P::SfCurrentUserContext* ctx) {
  std::string name = FoldIdentifier(Text(ctx->getStart()));
  if (name == "user") name = "current_user";
  expr_out_ = MakeFunction(std::move(name), {}, Loc(ctx));
  return {};
}

antlrcpp::Any AstBuilder::visitSfCurrentSchema(P::SfCurrentSchemaContext* ctx) {
  expr_out_ = MakeFunction("current_schema", {}, Loc(ctx));
  return {};
}

// EXTRACT(field FROM x) == extract('field', x) (numeric, as in PostgreSQL 14+)
antlrcpp::Any AstBuilder::visitSfExtract(P::SfExtractContext* ctx) {
  P::ExtractFieldContext* field = ctx->extractField();
  std::string name = field->stringLiteral() != nullptr
                         ? FoldIdentifier(StringValue(field->stringLiteral()))
                         : Name(field->identifier());
  std::vector<ExprPtr> args;
  args.push_back(MakeStringLiteral(std::move(name), Loc(field)));
  args.push_back(BuildExpr(ctx->expr()));
  expr_out_ = MakeFunction("extract", std::move(args), Loc(ctx));
  return {};
}

// SUBSTRING(x FROM a FOR b) == substring(x, a, b); FOR b alone == substring(x, 1, b).
antlrcpp::Any AstBuilder::visitSfSubstring(P::SfSubstringContext* ctx) {
  std::vector<P::ExprContext*> operands = ctx->expr();
  std::vector<ExprPtr> args;
  args.push_back(BuildExpr(operands[0]));
  if (ctx->FROM() == nullptr && ctx->FOR() == nullptr) {
    for (size_t i = 1; i < operands.size(); ++i) args.push_back(BuildExpr(operands[i]));
  } else {
    // Operands after x in the order written; find which is FROM and which is FOR.
    P::ExprContext* from = nullptr;
    P::ExprContext* for_count = nullptr;
    for (size_t i = 2; i < ctx->children.size(); ++i) {
      auto* term = dynamic_cast<antlr4::tree::TerminalNode*>(ctx->children[i]);
      if (term == nullptr || i + 1 >= ctx->children.size()) continue;
      auto* value = dynamic_cast<P::ExprContext*>(ctx->children[i + 1]);
      if (value == nullptr) continue;
      if (term->getSymbol()->getType() == P::FROM) from = value;
      if (term->getSymbol()->getType() == P::FOR) for_count = value;
    }
    if (from != nullptr) {
      args.push_back(BuildExpr(from));
    } else {
      auto one = MakeExpr(ExprKind::kLiteral, Loc(ctx));
      one->literal_kind = ast::LiteralKind::kInteger;
      one->literal = "1";
      args.push_back(std::move(one));
    }
    if (for_count != nullptr) args.push_back(BuildExpr(for_count));
  }
  expr_out_ = MakeFunction("substring", std::move(args), Loc(ctx));
  return {};
}

// POSITION(needle IN haystack) == position(haystack, needle), PostgreSQL's
// argument order for the function form.
antlrcpp::Any AstBuilder::visitSfPosition(P::SfPositionContext* ctx) {
  std::vector<ExprPtr> args;
  args.push_back(BuildArith(ctx->arithExpr(1)));
  args.push_back(BuildArith(ctx->arithExpr(0)));
  expr_out_ = MakeFunction("position", std::move(args), Loc(ctx));
  return {};
}

// TRIM([BOTH|LEADING|TRAILING] [chars] FROM x) == btrim/ltrim/rtrim(x[, chars])
antlrcpp::Any AstBuilder::visitSfTrim(P::SfTrimContext* ctx) {
  std::string name = "btrim";
  if (ctx->trimSide != nullptr && ctx->trimSide->getType() == P::LEADING) name = "ltrim";
  if (ctx->trimSide != nullptr && ctx->trimSide->getType() == P::TRAILING) name = "rtrim";
  std::vector<ExprPtr> args = BuildExprList(ctx->exprList());
  if (ctx->expr() != nullptr) {  // chars FROM x
    if (args.size() != 1) {
      ThrowSyntaxError("syntax error at or near \",\"", Loc(ctx->exprList()->COMMA(0)));
    }
    args.push_back(BuildExpr(ctx->expr()));
  }
  expr_out_ = MakeFunction(std::move(name), std::move(args), Loc(ctx));
  return {};
}

// OVERLAY(a PLACING b FROM c [FOR d]) == overlay(a, b, c[, d])
antlrcpp::Any AstBuilder::visitSfOverlay(P::SfOverlayContext* ctx) {
  std::vector<ExprPtr> args;
  for (P::ExprContext* e : ctx->expr()) args.push_back(BuildExpr(e));
  expr_out_ = MakeFunction("overlay", std::move(args), Loc(ctx));
  return {};
}

}  // namespace kappa::parse
