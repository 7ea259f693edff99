// AstBuilder: expressions (operators, literals, CASE, subqueries, arrays).
#include <charconv>

#include "sql/parse/ast_builder.h"
#include "sql/parse/literals.h"
#include "sql/parse/parse_error.h"

namespace kappa::parse {

using ast::ExprKind;
using ast::ExprPtr;

ExprPtr AstBuilder::BuildExpr(P::ExprContext* ctx) {
  DepthGuard guard(this);
  ctx->accept(this);
  return TakeExpr();
}

ExprPtr AstBuilder::BuildArith(P::ArithExprContext* ctx) {
  DepthGuard guard(this);
  ctx->accept(this);
  return TakeExpr();
}

std::vector<ExprPtr> AstBuilder::BuildExprList(P::ExprListContext* ctx) {
  std::vector<ExprPtr> out;
  if (ctx == nullptr) return out;
  for (P::ExprContext* e : ctx->expr()) out.push_back(BuildExpr(e));
  return out;
}

// ---------------------------------------------------------------- boolean level

antlrcpp::Any AstBuilder::visitExprArith(P::ExprArithContext* ctx) {
  expr_out_ = BuildArith(ctx->operand);
  return {};
}

antlrcpp::Any AstBuilder::visitExprLike(P::ExprLikeContext* ctx) {
  ExprPtr left = BuildExpr(ctx->left);
  ExprPtr pattern = BuildArith(ctx->right);
  if (ctx->escape != nullptr) {  // a LIKE b ESCAPE c == a LIKE like_escape(b, c)
    std::vector<ExprPtr> args;
    int location = pattern->location;
    args.push_back(std::move(pattern));
    args.push_back(BuildArith(ctx->escape));
    pattern = MakeFunction("like_escape", std::move(args), location);
  }
  std::string op = ctx->op->getType() == P::LIKE ? "LIKE" : "ILIKE";
  if (ctx->neg != nullptr) op = "NOT " + op;
  expr_out_ = MakeBinary(std::move(op), std::move(left), std::move(pattern), Loc(ctx->op));
  return {};
}

// a SIMILAR TO b [ESCAPE c] == a ~ similar_to_escape(b[, c]), as in PostgreSQL.
antlrcpp::Any AstBuilder::visitExprSimilar(P::ExprSimilarContext* ctx) {
  ExprPtr left = BuildExpr(ctx->left);
  std::vector<ExprPtr> args;
  args.push_back(BuildArith(ctx->right));
  if (ctx->escape != nullptr) args.push_back(BuildArith(ctx->escape));
  int location = Loc(ctx->op);
  ExprPtr pattern = MakeFunction("similar_to_escape", std::move(args), location);
  expr_out_ = MakeBinary(ctx->neg != nullptr ? "!~" : "~", std::move(left), std::move(pattern),
                         location);
  return {};
}

antlrcpp::Any AstBuilder::visitExprBetween(P::ExprBetweenContext* ctx) {
  auto e = MakeExpr(ExprKind::kBetween, Loc(ctx->op));
  e->negated = ctx->neg != nullptr;
  e->symmetric = ctx->sym != nullptr;
  e->children.push_back(BuildExpr(ctx->left));
  e->children.push_back(BuildArith(ctx->low));
  e->children.push_back(BuildArith(ctx->high));
  expr_out_ = std::move(e);
  return {};
}

antlrcpp::Any AstBuilder::visitExprIn(P::ExprInContext* ctx) {
  ExprPtr left = BuildExpr(ctx->left);
  ExprPtr e;
  if (ctx->query != nullptr) {
    e = MakeExpr(ExprKind::kInSubquery, Loc(ctx->op));
    e->subquery = BuildSelect(ctx->query);
    e->children.push_back(std::move(left));
  } else {
    e = MakeExpr(ExprKind::kInList, Loc(ctx->op));
    e->children.push_back(std::move(left));
    for (antlr4::tree::ParseTree* item : ctx->list->children) {
      if (!item->children.empty()) e->children.push_back(BuildExpr(static_cast<P::ExprContext*>(item)));
    }
  }
  e->negated = ctx->neg != nullptr;
  expr_out_ = std::move(e);
  return {};
}

antlrcpp::Any AstBuilder::visitExprAnyAll(P::ExprAnyAllContext* ctx) {
  auto e = MakeExpr(ExprKind::kAnyAll, Loc(ctx->sop));
  e->op = SubqueryOpText(ctx->sop);
  e->is_all = ctx->quantifier->getType() == P::ALL;
  e->children.push_back(BuildExpr(ctx->left));
  if (ctx->query != nullptr) {
    e->subquery = BuildSelect(ctx->query);
  } else {
    e->children.push_back(BuildExpr(ctx->right));
  }
  expr_out_ = std::move(e);
  return {};
}

std::string AstBuilder::SubqueryOpText(P::SubqueryOpContext* ctx) {
  if (ctx->compOp() != nullptr) {
    return ctx->compOp()->NEQ() != nullptr ? "<>" : std::string(Text(ctx->compOp()));
  }
  if (ctx->qualOp() != nullptr) return OperatorText(ctx->qualOp());
  std::string op = ctx->LIKE() != nullptr ? "LIKE" : "ILIKE";
  return ctx->NOT() != nullptr ? "NOT " + op : op;
}

antlrcpp::Any AstBuilder::visitExprCompare(P::ExprCompareContext* ctx) {
  antlr4::Token* token = ctx->cop->getStart();
  std::string op = token->getType() == P::NEQ ? "<>" : std::string(Text(token));
  ExprPtr left = BuildExpr(ctx->left);
  ExprPtr right = BuildExpr(ctx->right);
  expr_out_ = MakeBinary(std::move(op), std::move(left), std::move(right), Loc(token));
  return {};
}

antlrcpp::Any AstBuilder::visitExprIs(P::ExprIsContext* ctx) {
  ExprPtr e;
  const size_t what = ctx->what->getType();
  if (what == P::NULL_P) {
    e = MakeExpr(ExprKind::kIsNull, Loc(ctx->op));
  } else {
    e = MakeExpr(ExprKind::kIsBool, Loc(ctx->op));
    e->is_bool_value = what == P::TRUE_P ? 1 : what == P::FALSE_P ? 0 : -1;
  }
  e->negated = ctx->neg != nullptr;
  e->children.push_back(BuildExpr(ctx->left));
  expr_out_ = std::move(e);
  return {};
}

antlrcpp::Any AstBuilder::visitExprIsDistinct(P::ExprIsDistinctContext* ctx) {
  auto e = MakeExpr(ExprKind::kIsDistinct, Loc(ctx->op));
  e->negated = ctx->neg != nullptr;
  e->children.push_back(BuildExpr(ctx->left));
  e->children.push_back(BuildExpr(ctx->right));
  expr_out_ = std::move(e);
  return {};
}

antlrcpp::Any AstBuilder::visitExprNullTest(P::ExprNullTestContext* ctx) {
  auto e = MakeExpr(ExprKind::kIsNull, Loc(ctx->op));
  e->negated = ctx->op->getType() == P::NOTNULL;
  e->children.push_back(BuildExpr(ctx->left));
  expr_out_ = std::move(e);
  return {};
}

antlrcpp::Any AstBuilder::visitExprNot(P::ExprNotContext* ctx) {
  auto e = MakeExpr(ExprKind::kUnary, Loc(ctx->op));
  e->op = "NOT";
  e->children.push_back(BuildExpr(ctx->right));
  expr_out_ = std::move(e);
  return {};
}

antlrcpp::Any AstBuilder::visitExprAnd(P::ExprAndContext* ctx) {
  ExprPtr left = BuildExpr(ctx->left);
  ExprPtr right = BuildExpr(ctx->right);
  expr_out_ = MakeBinary("AND", std::move(left), std::move(right), Loc(ctx->op));
  return {};
}

antlrcpp::Any AstBuilder::visitExprOr(P::ExprOrContext* ctx) {
  ExprPtr left = BuildExpr(ctx->left);
  ExprPtr right = BuildExpr(ctx->right);
  expr_out_ = MakeBinary("OR", std::move(left), std::move(right), Loc(ctx->op));
  return {};
}

// ---------------------------------------------------------------- arithmetic level

antlrcpp::Any AstBuilder::visitArithCast(P::ArithCastContext* ctx) {
  auto e = MakeExpr(ExprKind::kCast, Loc(ctx->op));
  e->children.push_back(BuildArith(ctx->left));
  e->cast_type = BuildTypeName(ctx->type);
  expr_out_ = std::move(e);
  return {};
}

antlrcpp::Any AstBuilder::visitArithSubscript(P::ArithSubscriptContext* ctx) {
  auto e = MakeExpr(ExprKind::kSubscript, Loc(ctx->op));
  e->children.push_back(BuildArith(ctx->left));
  e->children.push_back(BuildExpr(ctx->index));
  expr_out_ = std::move(e);
  return {};
}

antlrcpp::Any AstBuilder::visitArithSlice(P::ArithSliceContext* ctx) {
  ThrowNotSupported("array slices are not supported", Loc(ctx->LBRACKET()));
}

antlrcpp::Any AstBuilder::visitArithUnary(P::ArithUnaryContext* ctx) {
  ExprPtr operand = BuildArith(ctx->right);
  bool minus = ctx->op->getType() == P::MINUS;
  // PostgreSQL's doNegate: "-" applied to a numeric constant is folded into
  // it, also through parentheses and repeatedly: -(5) is the constant -5,
  // "- -5" the constant 5 (the sign toggles, it is never doubled).
  if (minus && operand->kind == ExprKind::kLiteral &&
      (operand->literal_kind == ast::LiteralKind::kInteger ||
       operand->literal_kind == ast::LiteralKind::kDecimal) &&
      !operand->literal.empty()) {
    std::string& text = operand->literal;
    if (text[0] == '-') {
      text.erase(text.begin());
    } else {
      text.insert(text.begin(), '-');
    }
    operand->location = Loc(ctx->op);
    // An integer stays kInteger only while it fits int64: -9223372036854775808
    // does, 9223372036854775808 (from - -9223372036854775808) does not.
    size_t digits = text[0] == '-' ? 1 : 0;
    if (text.find_first_not_of("0123456789", digits) == std::string::npos) {
      int64_t v;
      auto [ptr, ec] = std::from_chars(text.data(), text.data() + text.size(), v);
      operand->literal_kind = ec == std::errc() && ptr == text.data() + text.size()
                                  ? ast::LiteralKind::kInteger
                                  : ast::LiteralKind::kDecimal;
    }
    expr_out_ = std::move(operand);
    return {};
  }
  auto e = MakeExpr(ExprKind::kUnary, Loc(ctx->op));
  e->op = minus ? "-" : "+";
  e->children.push_back(std::move(operand));
  expr_out_ = std::move(e);
  return {};
}

antlrcpp::Any AstBuilder::visitArithCollate(P::ArithCollateContext* ctx) {
  auto e = MakeExpr(ExprKind::kCollate, Loc(ctx->COLLATE()));
  e->children.push_back(BuildArith(ctx->arithExpr()));
  e->name = Names(ctx->anyName());
  expr_out_ = std::move(e);
  return {};
}

// x AT TIME ZONE z == timezone(z, x)
antlrcpp::Any AstBuilder::visitArithAtTimeZone(P::ArithAtTimeZoneContext* ctx) {
  ExprPtr value = BuildArith(ctx->arithExpr(0));
  std::vector<ExprPtr> args;
  args.push_back(BuildArith(ctx->arithExpr(1)));
  args.push_back(std::move(value));
  expr_out_ = MakeFunction("timezone", std::move(args), Loc(ctx->AT()));
  return {};
}

antlrcpp::Any AstBuilder::visitArithPower(P::ArithPowerContext* ctx) {
  ExprPtr left = BuildArith(ctx->left);
  ExprPtr right = BuildArith(ctx->right);
  expr_out_ = MakeBinary("^", std::move(left), std::move(right), Loc(ctx->op));
  return {};
}

antlrcpp::Any AstBuilder::visitArithMul(P::ArithMulContext* ctx) {
  ExprPtr left = BuildArith(ctx->left);
  ExprPtr right = BuildArith(ctx->right);
  expr_out_ = MakeBinary(std::string(Text(ctx->op)), std::move(left), std::move(right), Loc(ctx->op));
  return {};
}

antlrcpp::Any AstBuilder::visitArithAdd(P::ArithAddContext* ctx) {
  ExprPtr left = BuildArith(ctx->left);
  ExprPtr right = BuildArith(ctx->right);
  expr_out_ = MakeBinary(std::string(Text(ctx->op)), std::move(left), std::move(right), Loc(ctx->op));
  return {};
}

std::string AstBuilder::OperatorText(P::QualOpContext* ctx) {
  if (ctx->OPERATOR() != nullptr) {
    // OPERATOR(pg_catalog.~) is ~; other schemas keep the qualified spelling.
    P::AnyOperatorContext* any = ctx->anyOperator();
    std::string op;
    if (any->qualOp() != nullptr) {
      op = OperatorText(any->qualOp());
    } else if (any->compOp() != nullptr && any->compOp()->NEQ() != nullptr) {
      op = "<>";
    } else {
      op = std::string(Text(any));
    }
    std::vector<P::ColIdContext*> schema = ctx->colId();
    if (schema.empty() || (schema.size() == 1 && Name(schema[0]) == "pg_catalog")) return op;
    std::string qualified = "OPERATOR(";
    for (P::ColIdContext* part : schema) qualified += Name(part) + ".";
    return qualified + op + ")";
  }
  switch (ctx->getStart()->getType()) {
    case P::LIKE_OP: return "LIKE";
    case P::NOT_LIKE_OP: return "NOT LIKE";
    case P::ILIKE_OP: return "ILIKE";
    case P::NOT_ILIKE_OP: return "NOT ILIKE";
    default: return std::string(Text(ctx));
  }
}

antlrcpp::Any AstBuilder::visitArithOp(P::ArithOpContext* ctx) {
  ExprPtr left = BuildArith(ctx->left);
  ExprPtr right = BuildArith(ctx->right);
  expr_out_ = MakeBinary(OperatorText(ctx->qop), std::move(left), std::move(right), Loc(ctx->qop));
  return {};
}

antlrcpp::Any AstBuilder::visitArithPrefixOp(P::ArithPrefixOpContext* ctx) {
  auto e = MakeExpr(ExprKind::kUnary, Loc(ctx));
  e->op = OperatorText(ctx->qualOp());
  e->children.push_back(BuildArith(ctx->arithExpr()));
  expr_out_ = std::move(e);
  return {};
}

// ---------------------------------------------------------------- primaries (c_expr)

ExprPtr AstBuilder::BuildLiteral(antlr4::Token* token) {
  auto e = MakeExpr(ExprKind::kLiteral, Loc(token));
  switch (token->getType()) {
    case P::INTEGER_LITERAL: {
      e->literal = std::string(Text(token));
      int64_t v;
      auto [ptr, ec] = std::from_chars(e->literal.data(), e->literal.data() + e->literal.size(), v);
      e->literal_kind = ec == std::errc() ? ast::LiteralKind::kInteger : ast::LiteralKind::kDecimal;
      break;
    }
    case P::NUMERIC_LITERAL:
      e->literal = std::string(Text(token));
      e->literal_kind = ast::LiteralKind::kDecimal;
      break;
    case P::TRUE_P:
    case P::FALSE_P:
      e->literal_kind = ast::LiteralKind::kBool;
      e->bool_value = token->getType() == P::TRUE_P;
      break;
    default:
      e->literal_kind = ast::LiteralKind::kNull;
      break;
  }
  return e;
}

std::string AstBuilder::StringValue(P::StringLiteralContext* ctx) {
  antlr4::Token* token = ctx->getStart();
  std::string_view text = Text(token);
  switch (token->getType()) {
    case P::ESCAPE_STRING: {
      Result<std::string> value = UnescapeEString(text);
      if (!value.ok()) {
        Status st = value.status();
        throw ParseError{Status::Error(st.sqlstate(), st.message(), Loc(token))};
      }
      return std::move(value).value();
    }
    case P::DOLLAR_STRING: return DollarStringBody(text);
    default: return UnquoteString(text);
  }
}

ExprPtr AstBuilder::BuildStringLiteral(P::StringLiteralContext* ctx) {
  return MakeStringLiteral(StringValue(ctx), Loc(ctx));
}

antlrcpp::Any AstBuilder::visitPrimLiteral(P::PrimLiteralContext* ctx) {
  expr_out_ = BuildLiteral(ctx->getStart());
  return {};
}

antlrcpp::Any AstBuilder::visitPrimString(P::PrimStringContext* ctx) {
  expr_out_ = BuildStringLiteral(ctx->stringLiteral());
  return {};
}

antlrcpp::Any AstBuilder::visitPrimParam(P::PrimParamContext* ctx) {
  auto e = MakeExpr(ExprKind::kParam, Loc(ctx));
  std::string_view digits = Text(ctx->PARAM()->getSymbol()).substr(1);
  int index = 0;
  auto [ptr, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), index);
  if (ec != std::errc() || index <= 0) {
    ThrowError(sqlstate::kUndefinedParameter,
               "there is no parameter " + std::string(Text(ctx->PARAM()->getSymbol())), Loc(ctx));
  }
  e->param_index = index;
  expr_out_ = std::move(e);
  return {};
}

antlrcpp::Any AstBuilder::visitPrimTypedLiteral(P::PrimTypedLiteralContext* ctx) {
  expr_out_ = BuildTypedLiteral(ctx->typedLiteral());
  return {};
}

antlrcpp::Any AstBuilder::visitPrimSpecialFunction(P::PrimSpecialFunctionContext* ctx) {
  expr_out_ = BuildSpecialFunction(ctx->specialFunction());
  return {};
}

antlrcpp::Any AstBuilder::visitPrimFuncCall(P::PrimFuncCallContext* ctx) {
  expr_out_ = BuildFuncCall(ctx->funcCall());
  return {};
}

antlrcpp::Any AstBuilder::visitPrimColumnRef(P::PrimColumnRefContext* ctx) {
  auto e = MakeExpr(ctx->STAR() != nullptr ? ExprKind::kStar : ExprKind::kColumnRef, Loc(ctx));
  e->name = Names(ctx);
  expr_out_ = std::move(e);
  return {};
}

antlrcpp::Any AstBuilder::visitPrimParen(P::PrimParenContext* ctx) {
  ExprPtr inner = BuildExpr(ctx->expr());
  for (P::FieldSelectContext* field : ctx->fieldSelect()) {
    DepthGuard guard(this);
    auto e = MakeExpr(ExprKind::kFieldSelect, Loc(field));
    e->name.push_back(field->STAR() != nullptr ? "*" : Name(field->colLabel()));
    e->children.push_back(std::move(inner));
    inner = std::move(e);
  }
  expr_out_ = std::move(inner);
  return {};
}

antlrcpp::Any AstBuilder::visitPrimSubquery(P::PrimSubqueryContext* ctx) {
  auto e = MakeExpr(ExprKind::kSubquery, Loc(ctx));
  e->subquery = BuildSelect(ctx->selectStmt());
  expr_out_ = std::move(e);
  return {};
}

antlrcpp::Any AstBuilder::visitPrimImplicitRow(P::PrimImplicitRowContext* ctx) {
  auto e = MakeExpr(ExprKind::kRow, Loc(ctx));
  e->children.push_back(BuildExpr(ctx->expr()));
  for (P::ExprContext* item : ctx->exprList()->expr()) e->children.push_back(BuildExpr(item));
  expr_out_ = std::move(e);
  return {};
}

antlrcpp::Any AstBuilder::visitPrimRow(P::PrimRowContext* ctx) {
  auto e = MakeExpr(ExprKind::kRow, Loc(ctx));
  e->children = BuildExprList(ctx->exprList());
  expr_out_ = std::move(e);
  return {};
}

antlrcpp::Any AstBuilder::visitPrimExists(P::PrimExistsContext* ctx) {
  auto e = MakeExpr(ExprKind::kExists, Loc(ctx));
  e->subquery = BuildSelect(ctx->selectStmt());
  expr_out_ = std::move(e);
  return {};
}

antlrcpp::Any AstBuilder::visitPrimArraySubquery(P::PrimArraySubqueryContext* ctx) {
  auto e = MakeExpr(ExprKind::kArray, Loc(ctx));
  e->subquery = BuildSelect(ctx->selectStmt());
  expr_out_ = std::move(e);
  return {};
}

ExprPtr AstBuilder::BuildArrayConstructor(P::ArrayConstructorContext* ctx, int location) {
  DepthGuard guard(this);
  auto e = MakeExpr(ExprKind::kArray, location);
  if (ctx->exprList() != nullptr) {
    e->children = BuildExprList(ctx->exprList());
  } else {
    for (P::ArrayConstructorContext* inner : ctx->arrayConstructor()) {
      e->children.push_back(BuildArrayConstructor(inner, Loc(inner)));
    }
  }
  return e;
}

antlrcpp::Any AstBuilder::visitPrimArray(P::PrimArrayContext* ctx) {
  expr_out_ = BuildArrayConstructor(ctx->arrayConstructor(), Loc(ctx));
  return {};
}

antlrcpp::Any AstBuilder::visitPrimCase(P::PrimCaseContext* ctx) {
  auto e = MakeExpr(ExprKind::kCase, Loc(ctx));
  // Direct expr children: the operand (before the first WHEN) and the ELSE value.
  for (antlr4::tree::ParseTree* child : ctx->children) {
    if (auto* when = dynamic_cast<P::WhenClauseContext*>(child)) {
      ast::WhenClause clause;
      clause.when = BuildExpr(when->expr(0));
      clause.then = BuildExpr(when->expr(1));
      e->when_clauses.push_back(std::move(clause));
    } else if (auto* value = dynamic_cast<P::ExprContext*>(child)) {
      if (e->when_clauses.empty()) {
        e->case_operand = BuildExpr(value);
      } else {
        e->case_else = BuildExpr(value);
      }
    }
  }
  expr_out_ = std::move(e);
  return {};
}

antlrcpp::Any AstBuilder::visitPrimCast(P::PrimCastContext* ctx) {
  auto e = MakeExpr(ExprKind::kCast, Loc(ctx));
  e->children.push_back(BuildExpr(ctx->expr()));
  e->cast_type = BuildTypeName(ctx->typeName());
  expr_out_ = std::move(e);
  return {};
}

antlrcpp::Any AstBuilder::visitPrimDefault(P::PrimDefaultContext* ctx) {
  expr_out_ = MakeExpr(ExprKind::kDefault, Loc(ctx));
  return {};
}

}  // namespace kappa::parse
