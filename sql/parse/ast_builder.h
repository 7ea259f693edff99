// AstBuilder: turns ANTLR's parse tree (grammar/KappaSqlParser.g4) into the
// AST of sql/ast.h, applying the normalizations listed in parser.h.
//
// Labelled grammar alternatives (expr, arithExpr, selectBody, ...) are
// dispatched through ANTLR's visitor: each visit method stores its result in
// one of the *_out_ members and returns an empty Any (no allocation). Errors
// are thrown as ParseError (parse_error.h) and caught by ParseSql.
//
// Implementation is split by topic: ast_builder.cc (statements),
// ast_builder_ddl.cc (CREATE/DROP/COPY), ast_builder_query.cc (SELECT, FROM),
// ast_builder_expr.cc (expressions), ast_builder_function.cc (function calls
// and special-syntax functions), ast_builder_type.cc (type names, literals).
#pragma once

#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "KappaSqlParser.h"
#include "KappaSqlParserBaseVisitor.h"
#include "sql/ast.h"
#include "sql/parse/source_text.h"

namespace kappa::parse {

using P = kappa_gen::KappaSqlParser;

class AstBuilder : public kappa_gen::KappaSqlParserBaseVisitor {
 public:
  explicit AstBuilder(const SourceText& source) : source_(source) {}

  // One statement per non-empty ';'-separated part; kEmpty if there is none.
  std::vector<ast::StatementPtr> BuildStatements(P::RootContext* root);

 private:
  // RAII depth counter: throws 54001 past kMaxAstDepth.
  class DepthGuard {
   public:
    explicit DepthGuard(AstBuilder* b);
    ~DepthGuard() { --builder_->depth_; }

   private:
    AstBuilder* builder_;
  };

  // ---------------------------------------------------------------- statements
  ast::StatementPtr BuildStatement(P::StatementContext* ctx);
  ast::StatementPtr BuildInsert(P::InsertStmtContext* ctx);
  ast::StatementPtr BuildUpdate(P::UpdateStmtContext* ctx);
  ast::StatementPtr BuildDelete(P::DeleteStmtContext* ctx);
  ast::StatementPtr BuildShow(P::ShowStmtContext* ctx);
  ast::StatementPtr BuildSet(P::SetStmtContext* ctx);
  ast::StatementPtr BuildReset(P::ResetStmtContext* ctx);
  ast::StatementPtr BuildTransaction(P::TransactionStmtContext* ctx);
  ast::StatementPtr BuildExplain(P::ExplainStmtContext* ctx);
  ast::StatementPtr BuildDeclareCursor(P::DeclareCursorStmtContext* ctx);
  ast::StatementPtr BuildFetch(P::FetchStmtContext* ctx);
  ast::StatementPtr BuildClose(P::CloseStmtContext* ctx);
  std::unique_ptr<ast::SubscribeStatement> BuildSubscribe(P::SubscribeStmtContext* ctx);
  ast::StatementPtr BuildUnlisten(P::UnlistenStmtContext* ctx);
  ast::StatementPtr BuildDiscard(P::DiscardStmtContext* ctx);
  std::vector<ast::SelectItem> BuildReturning(P::ReturningClauseContext* ctx);
  std::string SetValueText(P::SetValueContext* ctx);
  std::vector<std::string> TransactionModes(P::TransactionModeListContext* ctx);

  antlrcpp::Any visitSetTimeZone(P::SetTimeZoneContext* ctx) override;
  antlrcpp::Any visitSetSessionCharacteristics(P::SetSessionCharacteristicsContext* ctx) override;
  antlrcpp::Any visitSetTransaction(P::SetTransactionContext* ctx) override;
  antlrcpp::Any visitSetNames(P::SetNamesContext* ctx) override;
  antlrcpp::Any visitSetSchema(P::SetSchemaContext* ctx) override;
  antlrcpp::Any visitSetVariable(P::SetVariableContext* ctx) override;
  antlrcpp::Any visitTxnBegin(P::TxnBeginContext* ctx) override;
  antlrcpp::Any visitTxnCommit(P::TxnCommitContext* ctx) override;
  antlrcpp::Any visitTxnRollback(P::TxnRollbackContext* ctx) override;
  antlrcpp::Any visitTxnRollbackTo(P::TxnRollbackToContext* ctx) override;
  antlrcpp::Any visitTxnSavepoint(P::TxnSavepointContext* ctx) override;
  antlrcpp::Any visitTxnRelease(P::TxnReleaseContext* ctx) override;

  // DDL (ast_builder_ddl.cc)
  ast::StatementPtr BuildCreateTable(P::CreateTableStmtContext* ctx);
  ast::StatementPtr BuildCreateView(P::CreateViewStmtContext* ctx);
  ast::StatementPtr BuildCreateSink(P::CreateSinkStmtContext* ctx);
  ast::StatementPtr BuildDrop(P::DropStmtContext* ctx);
  ast::StatementPtr BuildCopy(P::CopyStmtContext* ctx);
  // roles and privileges (ast_builder_role.cc)
  ast::StatementPtr BuildCreateRole(P::CreateRoleStmtContext* ctx);
  ast::StatementPtr BuildAlterRole(P::AlterRoleStmtContext* ctx);
  ast::StatementPtr BuildDropRole(P::DropRoleStmtContext* ctx);
  ast::StatementPtr BuildGrant(P::GrantStmtContext* ctx);
  void BuildRoleOptions(const std::vector<P::RoleOptionContext*>& options, ast::RoleStatement* s);
  ast::ColumnDef BuildColumnDef(P::ColumnDefContext* ctx);
  std::vector<ast::Option> BuildOptions(const std::vector<P::OptionContext*>& options);
  void BuildFormat(P::FormatClauseContext* ctx, std::string* format, std::string* encode,
                   std::vector<ast::Option>* encode_options);

  // ---------------------------------------------------------------- queries
  std::unique_ptr<ast::SelectStmt> BuildSelect(P::SelectStmtContext* ctx);
  std::unique_ptr<ast::SelectStmt> BuildSelectBody(P::SelectBodyContext* ctx);
  std::unique_ptr<ast::SelectStmt> BuildSelectPrimary(P::SelectPrimaryContext* ctx);
  std::unique_ptr<ast::SelectStmt> BuildSimpleSelect(P::SimpleSelectContext* ctx);
  std::vector<ast::SelectItem> BuildTargetList(P::TargetListContext* ctx);
  std::vector<ast::OrderItem> BuildOrderBy(P::OrderByClauseContext* ctx);
  ast::TableRefPtr BuildFromItem(P::FromItemContext* ctx);
  ast::TableRefPtr BuildTableRef(P::TableRefContext* ctx);
  void ApplyTableAlias(P::TableAliasContext* ctx, ast::TableRef* ref);
  ast::TableRefPtr MakeJoin(P::FromItemContext* left, P::JoinTypeContext* type,
                            P::TableRefContext* right, int location);

  antlrcpp::Any visitSelectBodyPrimary(P::SelectBodyPrimaryContext* ctx) override;
  antlrcpp::Any visitSelectBodyIntersect(P::SelectBodyIntersectContext* ctx) override;
  antlrcpp::Any visitSelectBodyUnion(P::SelectBodyUnionContext* ctx) override;
  antlrcpp::Any visitFromTableRef(P::FromTableRefContext* ctx) override;
  antlrcpp::Any visitFromCrossJoin(P::FromCrossJoinContext* ctx) override;
  antlrcpp::Any visitFromNaturalJoin(P::FromNaturalJoinContext* ctx) override;
  antlrcpp::Any visitFromJoin(P::FromJoinContext* ctx) override;
  antlrcpp::Any visitTableRefName(P::TableRefNameContext* ctx) override;
  antlrcpp::Any visitTableRefSubquery(P::TableRefSubqueryContext* ctx) override;
  antlrcpp::Any visitTableRefFunction(P::TableRefFunctionContext* ctx) override;
  antlrcpp::Any visitTableRefTableFunction(P::TableRefTableFunctionContext* ctx) override;
  antlrcpp::Any visitTableRefParen(P::TableRefParenContext* ctx) override;

  // ---------------------------------------------------------------- expressions
  ast::ExprPtr BuildExpr(P::ExprContext* ctx);
  ast::ExprPtr BuildArith(P::ArithExprContext* ctx);
  std::vector<ast::ExprPtr> BuildExprList(P::ExprListContext* ctx);
  ast::ExprPtr BuildLiteral(antlr4::Token* token);
  ast::ExprPtr BuildStringLiteral(P::StringLiteralContext* ctx);
  std::string StringValue(P::StringLiteralContext* ctx);
  ast::ExprPtr BuildArrayConstructor(P::ArrayConstructorContext* ctx, int location);
  std::string OperatorText(P::QualOpContext* ctx);
  std::string SubqueryOpText(P::SubqueryOpContext* ctx);

  antlrcpp::Any visitExprArith(P::ExprArithContext* ctx) override;
  antlrcpp::Any visitExprLike(P::ExprLikeContext* ctx) override;
  antlrcpp::Any visitExprSimilar(P::ExprSimilarContext* ctx) override;
  antlrcpp::Any visitExprBetween(P::ExprBetweenContext* ctx) override;
  antlrcpp::Any visitExprIn(P::ExprInContext* ctx) override;
  antlrcpp::Any visitExprAnyAll(P::ExprAnyAllContext* ctx) override;
  antlrcpp::Any visitExprCompare(P::ExprCompareContext* ctx) override;
  antlrcpp::Any visitExprIs(P::ExprIsContext* ctx) override;
  antlrcpp::Any visitExprIsDistinct(P::ExprIsDistinctContext* ctx) override;
  antlrcpp::Any visitExprNullTest(P::ExprNullTestContext* ctx) override;
  antlrcpp::Any visitExprNot(P::ExprNotContext* ctx) override;
  antlrcpp::Any visitExprAnd(P::ExprAndContext* ctx) override;
  antlrcpp::Any visitExprOr(P::ExprOrContext* ctx) override;

  antlrcpp::Any visitArithCast(P::ArithCastContext* ctx) override;
  antlrcpp::Any visitArithSubscript(P::ArithSubscriptContext* ctx) override;
  antlrcpp::Any visitArithSlice(P::ArithSliceContext* ctx) override;
  antlrcpp::Any visitArithUnary(P::ArithUnaryContext* ctx) override;
  antlrcpp::Any visitArithCollate(P::ArithCollateContext* ctx) override;
  antlrcpp::Any visitArithAtTimeZone(P::ArithAtTimeZoneContext* ctx) override;
  antlrcpp::Any visitArithPower(P::ArithPowerContext* ctx) override;
  antlrcpp::Any visitArithMul(P::ArithMulContext* ctx) override;
  antlrcpp::Any visitArithAdd(P::ArithAddContext* ctx) override;
  antlrcpp::Any visitArithOp(P::ArithOpContext* ctx) override;
  antlrcpp::Any visitArithPrefixOp(P::ArithPrefixOpContext* ctx) override;

  antlrcpp::Any visitPrimLiteral(P::PrimLiteralContext* ctx) override;
  antlrcpp::Any visitPrimString(P::PrimStringContext* ctx) override;
  antlrcpp::Any visitPrimParam(P::PrimParamContext* ctx) override;
  antlrcpp::Any visitPrimTypedLiteral(P::PrimTypedLiteralContext* ctx) override;
  antlrcpp::Any visitPrimSpecialFunction(P::PrimSpecialFunctionContext* ctx) override;
  antlrcpp::Any visitPrimFuncCall(P::PrimFuncCallContext* ctx) override;
  antlrcpp::Any visitPrimColumnRef(P::PrimColumnRefContext* ctx) override;
  antlrcpp::Any visitPrimParen(P::PrimParenContext* ctx) override;
  antlrcpp::Any visitPrimSubquery(P::PrimSubqueryContext* ctx) override;
  antlrcpp::Any visitPrimImplicitRow(P::PrimImplicitRowContext* ctx) override;
  antlrcpp::Any visitPrimRow(P::PrimRowContext* ctx) override;
  antlrcpp::Any visitPrimExists(P::PrimExistsContext* ctx) override;
  antlrcpp::Any visitPrimArraySubquery(P::PrimArraySubqueryContext* ctx) override;
  antlrcpp::Any visitPrimArray(P::PrimArrayContext* ctx) override;
  antlrcpp::Any visitPrimCase(P::PrimCaseContext* ctx) override;
  antlrcpp::Any visitPrimCast(P::PrimCastContext* ctx) override;
  antlrcpp::Any visitPrimDefault(P::PrimDefaultContext* ctx) override;

  // functions (ast_builder_function.cc)
  ast::ExprPtr BuildFuncCall(P::FuncCallContext* ctx);
  std::unique_ptr<ast::WindowSpec> BuildWindowSpec(P::WindowSpecContext* ctx);
  ast::ExprPtr BuildSpecialFunction(P::SpecialFunctionContext* ctx);

  antlrcpp::Any visitSfCurrentDate(P::SfCurrentDateContext* ctx) override;
  antlrcpp::Any visitSfCurrentTime(P::SfCurrentTimeContext* ctx) override;
  antlrcpp::Any visitSfCurrentUser(P::SfCurrentUserContext* ctx) override;
  antlrcpp::Any visitSfCurrentSchema(P::SfCurrentSchemaContext* ctx) override;
  antlrcpp::Any visitSfExtract(P::SfExtractContext* ctx) override;
  antlrcpp::Any visitSfSubstring(P::SfSubstringContext* ctx) override;
  antlrcpp::Any visitSfPosition(P::SfPositionContext* ctx) override;
  antlrcpp::Any visitSfTrim(P::SfTrimContext* ctx) override;
  antlrcpp::Any visitSfOverlay(P::SfOverlayContext* ctx) override;

  // types and typed literals (ast_builder_type.cc)
  ast::TypeName BuildTypeName(P::TypeNameContext* ctx);
  ast::TypeName BuildSimpleTypeName(P::SimpleTypeNameContext* ctx);
  ast::ExprPtr BuildTypedLiteral(P::TypedLiteralContext* ctx);
  std::vector<int32_t> TypeMods(P::TypeModifiersContext* ctx);

  // ---------------------------------------------------------------- names, tokens
  // The name a one-token rule (identifier, colId, colLabel, bareLabel, ...)
  // stands for: quoted names unquoted, others lower-cased.
  std::string Name(antlr4::ParserRuleContext* ctx);
  std::string Name(antlr4::Token* token);
  // Every one-token rule child of `ctx` as a name: qualifiedName, anyName,
  // funcName, columnRef, ... (dots and stars are skipped).
  ast::QualifiedName Names(antlr4::ParserRuleContext* ctx);
  std::vector<std::string> ColumnList(P::ColumnListContext* ctx);
  // Joined with '.' (function names, option keys, setting names).
  std::string DottedName(antlr4::ParserRuleContext* ctx);

  std::string_view Text(antlr4::Token* token) const {
    return source_.Slice(token->getStartIndex(), token->getStopIndex() + 1);
  }
  std::string_view Text(antlr4::ParserRuleContext* ctx) const {
    return source_.Slice(ctx->getStart()->getStartIndex(), ctx->getStop()->getStopIndex() + 1);
  }
  static int Loc(antlr4::Token* token) { return static_cast<int>(token->getStartIndex()) + 1; }
  static int Loc(antlr4::ParserRuleContext* ctx) { return Loc(ctx->getStart()); }
  static int Loc(antlr4::tree::TerminalNode* node) { return Loc(node->getSymbol()); }

  ast::ExprPtr TakeExpr() { return std::move(expr_out_); }

  const SourceText& source_;
  int depth_ = 0;

  // Results of visitor dispatch.
  ast::ExprPtr expr_out_;
  std::unique_ptr<ast::SelectStmt> select_out_;
  ast::TableRefPtr table_out_;
  ast::SetStatement* set_out_ = nullptr;
  ast::TransactionStatement* txn_out_ = nullptr;
};

// Small constructors shared by the builder files.
ast::ExprPtr MakeExpr(ast::ExprKind kind, int location);
ast::ExprPtr MakeFunction(std::string name, std::vector<ast::ExprPtr> args, int location);
ast::ExprPtr MakeBinary(std::string op, ast::ExprPtr left, ast::ExprPtr right, int location);
ast::ExprPtr MakeStringLiteral(std::string value, int location);

}  // namespace kappa::parse
