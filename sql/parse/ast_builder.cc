// AstBuilder: statements other than CREATE/DROP/COPY, and name helpers.
#include "sql/parse/ast_builder.h"

#include <charconv>

#include "sql/parse/literals.h"
#include "sql/parse/parse_error.h"
#include "sql/parse/parser.h"
#include "sql/parse/stack_guard.h"

namespace kappa::parse {

using antlr4::ParserRuleContext;

AstBuilder::DepthGuard::DepthGuard(AstBuilder* b) : builder_(b) {
  if (++builder_->depth_ > kMaxAstDepth || StackNearlyExhausted()) {
    --builder_->depth_;
    ThrowError(sqlstate::kStatementTooComplex, "statement too complex", 0);
  }
}

ast::ExprPtr MakeExpr(ast::ExprKind kind, int location) {
  return std::make_unique<ast::Expr>(kind, location);
}

ast::ExprPtr MakeFunction(std::string name, std::vector<ast::ExprPtr> args, int location) {
  auto e = MakeExpr(ast::ExprKind::kFunction, location);
  e->func_name = std::move(name);
  e->children = std::move(args);
  return e;
}

ast::ExprPtr MakeBinary(std::string op, ast::ExprPtr left, ast::ExprPtr right, int location) {
  auto e = MakeExpr(ast::ExprKind::kBinary, location);
  e->op = std::move(op);
  e->children.push_back(std::move(left));
  e->children.push_back(std::move(right));
  return e;
}

ast::ExprPtr MakeStringLiteral(std::string value, int location) {
  auto e = MakeExpr(ast::ExprKind::kLiteral, location);
  e->literal_kind = ast::LiteralKind::kString;
  e->literal = std::move(value);
  return e;
}

// ---------------------------------------------------------------- names

std::string AstBuilder::Name(antlr4::Token* token) {
  if (token->getType() == P::QUOTED_IDENTIFIER) {
    std::string_view text = Text(token);
    if (text.size() == 2) {
      ThrowSyntaxError("zero-length delimited identifier at or near \"\"\"\"", Loc(token));
    }
    return UnquoteIdentifier(text);
  }
  return FoldIdentifier(Text(token));
}

std::string AstBuilder::Name(ParserRuleContext* ctx) { return Name(ctx->getStart()); }

// The one-token name rules (colId, colLabel, ...) always have one child;
// terminal nodes (DOT, STAR) have none. Checking that is much cheaper than
// a dynamic_cast per child.
ast::QualifiedName AstBuilder::Names(ParserRuleContext* ctx) {
  ast::QualifiedName names;
  for (antlr4::tree::ParseTree* child : ctx->children) {
    if (!child->children.empty()) names.push_back(Name(static_cast<ParserRuleContext*>(child)));
  }
  return names;
}

std::string AstBuilder::DottedName(ParserRuleContext* ctx) {
  std::string out;
  for (antlr4::tree::ParseTree* child : ctx->children) {
    if (!child->children.empty()) {
      if (!out.empty()) out.push_back('.');
      out += Name(static_cast<ParserRuleContext*>(child));
    }
  }
  return out;
}

std::vector<std::string> AstBuilder::ColumnList(P::ColumnListContext* ctx) {
  std::vector<std::string> out;
  if (ctx == nullptr) return out;
  for (auto* col : ctx->colId()) out.push_back(Name(col));
  return out;
}

// ---------------------------------------------------------------- statements

std::vector<ast::StatementPtr> AstBuilder::BuildStatements(P::RootContext* root) {
  std::vector<ast::StatementPtr> out;
  for (P::StatementContext* stmt : root->statementList()->statement()) {
    ast::StatementPtr s = BuildStatement(stmt);
    s->location = Loc(stmt);
    s->text_begin = source_.ByteOffset(stmt->getStart()->getStartIndex());
    s->text_end = source_.ByteOffset(stmt->getStop()->getStopIndex() + 1);
    out.push_back(std::move(s));
  }
  if (out.empty()) {
    auto empty = std::make_unique<ast::SimpleStatement>(ast::StmtKind::kEmpty);
    empty->text_begin = 0;
    empty->text_end = source_.sql().size();
    out.push_back(std::move(empty));
  }
  return out;
}

ast::StatementPtr AstBuilder::BuildStatement(P::StatementContext* ctx) {
  auto* child = static_cast<ParserRuleContext*>(ctx->children[0]);
  switch (child->getRuleIndex()) {
    case P::RuleSelectStmt: {
      auto s = std::make_unique<ast::SelectStatement>();
      s->select = BuildSelect(static_cast<P::SelectStmtContext*>(child));
      return s;
    }
    case P::RuleInsertStmt: return BuildInsert(static_cast<P::InsertStmtContext*>(child));
    case P::RuleUpdateStmt: return BuildUpdate(static_cast<P::UpdateStmtContext*>(child));
    case P::RuleDeleteStmt: return BuildDelete(static_cast<P::DeleteStmtContext*>(child));
    case P::RuleCreateTableStmt:
      return BuildCreateTable(static_cast<P::CreateTableStmtContext*>(child));
    case P::RuleCreateViewStmt:
      return BuildCreateView(static_cast<P::CreateViewStmtContext*>(child));
    case P::RuleCreateSinkStmt:
      return BuildCreateSink(static_cast<P::CreateSinkStmtContext*>(child));
    case P::RuleDropStmt: return BuildDrop(static_cast<P::DropStmtContext*>(child));
    case P::RuleShowStmt: return BuildShow(static_cast<P::ShowStmtContext*>(child));
    case P::RuleSetStmt: return BuildSet(static_cast<P::SetStmtContext*>(child));
    case P::RuleResetStmt: return BuildReset(static_cast<P::ResetStmtContext*>(child));
    case P::RuleTransactionStmt:
      return BuildTransaction(static_cast<P::TransactionStmtContext*>(child));
    case P::RuleFlushStmt: return std::make_unique<ast::SimpleStatement>(ast::StmtKind::kFlush);
    case P::RuleExplainStmt: return BuildExplain(static_cast<P::ExplainStmtContext*>(child));
    case P::RuleDiscardStmt: return BuildDiscard(static_cast<P::DiscardStmtContext*>(child));
    case P::RuleDeclareCursorStmt:
      return BuildDeclareCursor(static_cast<P::DeclareCursorStmtContext*>(child));
    case P::RuleFetchStmt: return BuildFetch(static_cast<P::FetchStmtContext*>(child));
    case P::RuleCloseStmt: return BuildClose(static_cast<P::CloseStmtContext*>(child));
    case P::RuleCopyStmt: return BuildCopy(static_cast<P::CopyStmtContext*>(child));
    case P::RuleUnlistenStmt: return BuildUnlisten(static_cast<P::UnlistenStmtContext*>(child));
    case P::RuleSubscribeStmt: return BuildSubscribe(static_cast<P::SubscribeStmtContext*>(child));
    case P::RuleCreateRoleStmt:
      return BuildCreateRole(static_cast<P::CreateRoleStmtContext*>(child));
    case P::RuleAlterRoleStmt: return BuildAlterRole(static_cast<P::AlterRoleStmtContext*>(child));
    case P::RuleDropRoleStmt: return BuildDropRole(static_cast<P::DropRoleStmtContext*>(child));
    case P::RuleGrantStmt: return BuildGrant(static_cast<P::GrantStmtContext*>(child));
    default:
      ThrowError(sqlstate::kInternalError, "unexpected statement in parse tree", Loc(ctx));
  }
}

std::vector<ast::SelectItem> AstBuilder::BuildReturning(P::ReturningClauseContext* ctx) {
  if (ctx == nullptr) return {};
  return BuildTargetList(ctx->targetList());
}

ast::StatementPtr AstBuilder::BuildInsert(P::InsertStmtContext* ctx) {
  auto s = std::make_unique<ast::InsertStatement>();
  s->table = Names(ctx->qualifiedName());
  s->columns = ColumnList(ctx->columnList());
  if (ctx->selectStmt() != nullptr) s->source = BuildSelect(ctx->selectStmt());
  s->returning = BuildReturning(ctx->returningClause());
  return s;
}

ast::StatementPtr AstBuilder::BuildUpdate(P::UpdateStmtContext* ctx) {
  auto s = std::make_unique<ast::UpdateStatement>();
  s->table = Names(ctx->qualifiedName());
  if (ctx->aliasName() != nullptr) s->alias = Name(ctx->aliasName()->colId());
  for (auto* set : ctx->setClause()) {
    ast::Assignment a;
    a.column = Name(set->colId());
    a.location = Loc(set);
    a.value = BuildExpr(set->expr());
    // SET x = DEFAULT (or = (DEFAULT)): the column's default.
    if (a.value->kind == ast::ExprKind::kDefault) a.value = nullptr;
    s->assignments.push_back(std::move(a));
  }
  if (ctx->whereClause() != nullptr) s->where = BuildExpr(ctx->whereClause()->expr());
  s->returning = BuildReturning(ctx->returningClause());
  return s;
}

ast::StatementPtr AstBuilder::BuildDelete(P::DeleteStmtContext* ctx) {
  auto s = std::make_unique<ast::DeleteStatement>();
  s->table = Names(ctx->qualifiedName());
  if (ctx->aliasName() != nullptr) s->alias = Name(ctx->aliasName()->colId());
  if (ctx->whereClause() != nullptr) s->where = BuildExpr(ctx->whereClause()->expr());
  s->returning = BuildReturning(ctx->returningClause());
  return s;
}

// ---------------------------------------------------------------- session

ast::StatementPtr AstBuilder::BuildShow(P::ShowStmtContext* ctx) {
  auto s = std::make_unique<ast::ShowStatement>();
  for (auto* word : ctx->showWord()) {
    if (!s->what.empty()) s->what.push_back(' ');
    std::string part = DottedName(word);
    s->what += FoldIdentifier(part);  // setting names are case-insensitive, even quoted
  }
  if (s->what == "time zone") s->what = "timezone";
  return s;
}

std::string AstBuilder::SetValueText(P::SetValueContext* ctx) {
  if (ctx->stringLiteral() != nullptr) return StringValue(ctx->stringLiteral());
  if (ctx->signedNumber() != nullptr) return std::string(Text(ctx->signedNumber()));
  if (ctx->ON() != nullptr) return "on";
  return Name(ctx->colLabel());
}

std::vector<std::string> AstBuilder::TransactionModes(P::TransactionModeListContext* ctx) {
  std::vector<std::string> out;
  if (ctx == nullptr) return out;
  for (auto* mode : ctx->transactionMode()) {
    // Words of the mode, lower-cased and single-spaced: "isolation level read committed".
    std::string text;
    std::vector<antlr4::tree::ParseTree*> stack(mode->children.rbegin(), mode->children.rend());
    while (!stack.empty()) {
      antlr4::tree::ParseTree* node = stack.back();
      stack.pop_back();
      if (auto* term = dynamic_cast<antlr4::tree::TerminalNode*>(node)) {
        if (!text.empty()) text.push_back(' ');
        text += FoldIdentifier(Text(term->getSymbol()));
      } else {
        stack.insert(stack.end(), node->children.rbegin(), node->children.rend());
      }
    }
    out.push_back(std::move(text));
  }
  return out;
}

antlrcpp::Any AstBuilder::visitSetTimeZone(P::SetTimeZoneContext* ctx) {
  auto* s = set_out_;
  s->name = "timezone";
  if (ctx->setValue() != nullptr) {
    s->values.push_back(SetValueText(ctx->setValue()));
  } else {
    s->is_default = true;  // TIME ZONE DEFAULT and TIME ZONE LOCAL
  }
  return {};
}

antlrcpp::Any AstBuilder::visitSetSessionCharacteristics(P::SetSessionCharacteristicsContext* ctx) {
  set_out_->name = "session characteristics";
  set_out_->values = TransactionModes(ctx->transactionModeList());
  return {};
}

antlrcpp::Any AstBuilder::visitSetTransaction(P::SetTransactionContext* ctx) {
  set_out_->name = "transaction";
  set_out_->values = TransactionModes(ctx->transactionModeList());
  return {};
}

antlrcpp::Any AstBuilder::visitSetNames(P::SetNamesContext* ctx) {
  set_out_->name = "client_encoding";
  if (ctx->setValue() != nullptr) {
    set_out_->values.push_back(SetValueText(ctx->setValue()));
  } else {
    set_out_->is_default = true;
  }
  return {};
}

antlrcpp::Any AstBuilder::visitSetSchema(P::SetSchemaContext* ctx) {
  set_out_->name = "search_path";
  set_out_->values.push_back(SetValueText(ctx->setValue()));
  return {};
}

antlrcpp::Any AstBuilder::visitSetVariable(P::SetVariableContext* ctx) {
  set_out_->name = FoldIdentifier(DottedName(ctx->varName()));
  if (ctx->DEFAULT() != nullptr) {
    set_out_->is_default = true;
  } else {
    for (auto* v : ctx->setValue()) set_out_->values.push_back(SetValueText(v));
  }
  return {};
}

ast::StatementPtr AstBuilder::BuildSet(P::SetStmtContext* ctx) {
  auto s = std::make_unique<ast::SetStatement>();
  s->local = ctx->LOCAL() != nullptr;
  set_out_ = s.get();
  ctx->setRest()->accept(this);
  set_out_ = nullptr;
  return s;
}

ast::StatementPtr AstBuilder::BuildReset(P::ResetStmtContext* ctx) {
  auto s = std::make_unique<ast::ResetStatement>();
  if (ctx->ALL() != nullptr) {
    s->name = "all";
  } else if (ctx->ZONE() != nullptr) {
    s->name = "timezone";
  } else if (ctx->AUTHORIZATION() != nullptr) {
    s->name = "session_authorization";
  } else if (ctx->ISOLATION() != nullptr) {
    s->name = "transaction_isolation";
  } else {
    s->name = FoldIdentifier(DottedName(ctx->varName()));
  }
  return s;
}

antlrcpp::Any AstBuilder::visitTxnBegin(P::TxnBeginContext*) {
  txn_out_->op = ast::TransactionOp::kBegin;
  return {};
}

antlrcpp::Any AstBuilder::visitTxnCommit(P::TxnCommitContext*) {
  txn_out_->op = ast::TransactionOp::kCommit;
  return {};
}

antlrcpp::Any AstBuilder::visitTxnRollback(P::TxnRollbackContext*) {
  txn_out_->op = ast::TransactionOp::kRollback;
  return {};
}

antlrcpp::Any AstBuilder::visitTxnRollbackTo(P::TxnRollbackToContext* ctx) {
  txn_out_->op = ast::TransactionOp::kRollbackTo;
  txn_out_->savepoint = Name(ctx->colId());
  return {};
}

antlrcpp::Any AstBuilder::visitTxnSavepoint(P::TxnSavepointContext* ctx) {
  txn_out_->op = ast::TransactionOp::kSavepoint;
  txn_out_->savepoint = Name(ctx->colId());
  return {};
}

antlrcpp::Any AstBuilder::visitTxnRelease(P::TxnReleaseContext* ctx) {
  txn_out_->op = ast::TransactionOp::kRelease;
  txn_out_->savepoint = Name(ctx->colId());
  return {};
}

ast::StatementPtr AstBuilder::BuildTransaction(P::TransactionStmtContext* ctx) {
  auto s = std::make_unique<ast::TransactionStatement>();
  txn_out_ = s.get();
  ctx->accept(this);
  txn_out_ = nullptr;
  return s;
}

ast::StatementPtr AstBuilder::BuildExplain(P::ExplainStmtContext* ctx) {
  auto s = std::make_unique<ast::ExplainStatement>();
  s->analyze = ctx->ANALYZE() != nullptr;
  s->verbose = ctx->VERBOSE() != nullptr;
  for (auto* option : ctx->explainOption()) {
    std::string key = Name(option->colLabel());
    bool on = true;
    if (option->setValue() != nullptr) {
      std::string v = FoldIdentifier(SetValueText(option->setValue()));
      on = !(v == "false" || v == "off" || v == "0");
    }
    if (key == "analyze") s->analyze = on;
    if (key == "verbose") s->verbose = on;
  }
  DepthGuard guard(this);
  P::StatementContext* target = ctx->statement();
  s->target = BuildStatement(target);
  s->target->location = Loc(target);
  s->target->text_begin = source_.ByteOffset(target->getStart()->getStartIndex());
  s->target->text_end = source_.ByteOffset(target->getStop()->getStopIndex() + 1);
  return s;
}

ast::StatementPtr AstBuilder::BuildDiscard(P::DiscardStmtContext* ctx) {
  auto s = std::make_unique<ast::SimpleStatement>(ast::StmtKind::kDiscard);
  s->argument = Name(ctx->colLabel());
  return s;
}

ast::StatementPtr AstBuilder::BuildUnlisten(P::UnlistenStmtContext* ctx) {
  auto s = std::make_unique<ast::SimpleStatement>(ast::StmtKind::kUnlisten);
  s->argument = ctx->STAR() != nullptr ? "*" : Name(ctx->colId());
  return s;
}

// ---------------------------------------------------------------- cursors

ast::StatementPtr AstBuilder::BuildDeclareCursor(P::DeclareCursorStmtContext* ctx) {
  auto s = std::make_unique<ast::DeclareCursorStatement>();
  s->name = Name(ctx->colId());
  s->binary = ctx->BINARY() != nullptr;
  s->with_hold = ctx->WITH() != nullptr;
  if (ctx->subscribeStmt() != nullptr) {
    s->subscribe = BuildSubscribe(ctx->subscribeStmt());
  } else {
    s->query = BuildSelect(ctx->selectStmt());
  }
  return s;
}

std::unique_ptr<ast::SubscribeStatement> AstBuilder::BuildSubscribe(P::SubscribeStmtContext* ctx) {
  auto s = std::make_unique<ast::SubscribeStatement>();
  s->location = Loc(ctx);
  if (ctx->selectStmt() != nullptr) {
    s->query = BuildSelect(ctx->selectStmt());
  } else {
    s->relation = Names(ctx->qualifiedName());
  }
  for (P::SubscribeOptionContext* o : ctx->subscribeOption()) {
    ast::Option option;
    option.location = Loc(o);
    option.key = Name(o->colLabel());
    P::OptionValueContext* value = o->optionValue();
    if (value == nullptr) {
      option.value = "true";
    } else if (value->stringLiteral() != nullptr) {
      option.value = StringValue(value->stringLiteral());
    } else if (value->signedNumber() != nullptr) {
      option.value = std::string(Text(value->signedNumber()));
    } else {
      option.value = DottedName(value);
    }
    s->options.push_back(std::move(option));
  }
  return s;
}

namespace {

int64_t ParseCount(std::string_view text, int location) {
  int64_t v = 0;
  bool negative = false;
  if (!text.empty() && (text[0] == '-' || text[0] == '+')) {
    negative = text[0] == '-';
    text.remove_prefix(1);
  }
  auto [ptr, ec] = std::from_chars(text.data(), text.data() + text.size(), v);
  if (ec != std::errc() || ptr != text.data() + text.size()) {
    ThrowSyntaxError("syntax error at or near \"" + std::string(text) + "\"", location);
  }
  return negative ? -v : v;
}

[[noreturn]] void ThrowBackwardScan(int location) {
  throw ParseError{Status::Error(sqlstate::kObjectNotInPrerequisiteState,
                                 "cursor can only scan forward", location)
                       .WithHint("Declare it with SCROLL option to enable backward scan.")};
}

}  // namespace

ast::StatementPtr AstBuilder::BuildFetch(P::FetchStmtContext* ctx) {
  auto s = std::make_unique<ast::FetchStatement>();
  s->move = ctx->MOVE() != nullptr;
  s->cursor = Name(ctx->colId());
  if (ctx->withOptions() != nullptr) s->options = BuildOptions(ctx->withOptions()->option());
  if (P::FetchDirectionContext* d = ctx->fetchDirection()) {
    if (d->PRIOR() != nullptr || d->FIRST() != nullptr || d->LAST() != nullptr ||
        d->ABSOLUTE() != nullptr || d->RELATIVE() != nullptr || d->BACKWARD() != nullptr) {
      ThrowBackwardScan(Loc(d));
    }
    if (d->ALL() != nullptr) {
      s->count = -1;
    } else if (d->signedNumber() != nullptr) {
      s->count = ParseCount(Text(d->signedNumber()), Loc(d->signedNumber()));
      if (s->count < 0) ThrowBackwardScan(Loc(d));
    }
  }
  return s;
}

ast::StatementPtr AstBuilder::BuildClose(P::CloseStmtContext* ctx) {
  auto s = std::make_unique<ast::CloseStatement>();
  if (ctx->colId() != nullptr) s->cursor = Name(ctx->colId());
  return s;
}

}  // namespace kappa::parse
