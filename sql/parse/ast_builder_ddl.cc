// AstBuilder: CREATE TABLE/VIEW/SINK, DROP and COPY.
#include "sql/parse/ast_builder.h"
#include "sql/parse/literals.h"
#include "sql/parse/parse_error.h"

namespace kappa::parse {

// ---------------------------------------------------------------- options

std::vector<ast::Option> AstBuilder::BuildOptions(const std::vector<P::OptionContext*>& options) {
  std::vector<ast::Option> out;
  for (P::OptionContext* o : options) {
    ast::Option option;
    option.location = Loc(o);
    P::OptionKeyContext* key = o->optionKey();
    option.key = key->stringLiteral() != nullptr ? StringValue(key->stringLiteral()) : DottedName(key);
    P::OptionValueContext* value = o->optionValue();
    if (value->stringLiteral() != nullptr) {
      option.value = StringValue(value->stringLiteral());
    } else if (value->signedNumber() != nullptr) {
      option.value = std::string(Text(value->signedNumber()));
    } else {
      option.value = DottedName(value);
    }
    out.push_back(std::move(option));
  }
  return out;
}

void AstBuilder::BuildFormat(P::FormatClauseContext* ctx, std::string* format, std::string* encode,
                             std::vector<ast::Option>* encode_options) {
  if (ctx == nullptr) return;
  std::vector<P::ColLabelContext*> labels = ctx->colLabel();
  *format = UpperAscii(Name(labels[0]));
  if (labels.size() > 1) *encode = UpperAscii(Name(labels[1]));
  *encode_options = BuildOptions(ctx->option());
}

// ---------------------------------------------------------------- CREATE TABLE

ast::ColumnDef AstBuilder::BuildColumnDef(P::ColumnDefContext* ctx) {
  ast::ColumnDef col;
  col.name = Name(ctx->colId());
  col.location = Loc(ctx);
  col.type = BuildTypeName(ctx->typeName());
  for (P::ColumnConstraintContext* c : ctx->columnConstraint()) {
    P::ColumnConstraintBodyContext* body = c->columnConstraintBody();
    if (body->PRIMARY() != nullptr) {
      col.primary_key = true;
    } else if (body->UNIQUE() != nullptr) {
      ThrowNotSupported("UNIQUE constraints are not supported", Loc(body));
    } else if (body->DEFAULT() != nullptr) {
      col.default_value = BuildArith(body->arithExpr());
      if (col.default_value->kind == ast::ExprKind::kDefault) {
        // PostgreSQL's b_expr has no DEFAULT: `a int DEFAULT DEFAULT`.
        ThrowSyntaxError(
            "syntax error at or near \"" + std::string(Text(body->arithExpr()->getStart())) + "\"",
            col.default_value->location);
      }
      col.default_sql = std::string(Text(body->arithExpr()));
    } else if (body->NOT() != nullptr) {
      col.not_null = true;
    } else {
      col.not_null = false;  // NULL
    }
  }
  return col;
}

ast::StatementPtr AstBuilder::BuildCreateTable(P::CreateTableStmtContext* ctx) {
  auto s = std::make_unique<ast::CreateTableStatement>();
  s->name = Names(ctx->qualifiedName());
  s->if_not_exists = ctx->ifNotExists() != nullptr;
  if (ctx->selectStmt() != nullptr) {
    s->as_select = BuildSelect(ctx->selectStmt());
    return s;
  }
  auto duplicate_pk = [&](int location) {
    ThrowError(sqlstate::kInvalidTableDefinition,
               "multiple primary keys for table \"" + s->name.back() + "\" are not allowed",
               location);
  };
  for (P::TableElementContext* element : ctx->tableElement()) {
    if (P::ColumnDefContext* def = element->columnDef()) {
      ast::ColumnDef col = BuildColumnDef(def);
      if (col.primary_key) {
        if (!s->primary_key.empty()) duplicate_pk(Loc(def));
        s->primary_key.push_back(col.name);
      }
      s->columns.push_back(std::move(col));
    } else if (P::TableConstraintContext* pk = element->tableConstraint()) {
      if (!s->primary_key.empty()) duplicate_pk(Loc(pk));
      s->primary_key = ColumnList(pk->columnList());
    } else {
      P::WatermarkDefContext* wm = element->watermarkDef();
      if (s->watermark.has_value()) {
        ThrowError(sqlstate::kInvalidTableDefinition, "multiple WATERMARK clauses are not allowed",
                   Loc(wm));
      }
      ast::WatermarkDef def;
      def.column = Name(wm->colId());
      def.expr = BuildExpr(wm->expr());
      def.expr_sql = std::string(Text(wm->expr()));
      def.expr_sql = std::string(Text(wm->expr()));
      def.location = Loc(wm);
      s->watermark = std::move(def);
    }
  }
  s->append_only = ctx->appendOnly() != nullptr;
  for (P::IncludeClauseContext* inc : ctx->includeClause()) {
    ast::IncludeColumn column;
    column.what = Name(inc->colLabel());
    if (inc->colId() != nullptr) column.alias = Name(inc->colId());
    s->includes.push_back(std::move(column));
  }
  if (ctx->withOptions() != nullptr) s->with_options = BuildOptions(ctx->withOptions()->option());
  BuildFormat(ctx->formatClause(), &s->format, &s->encode, &s->encode_options);
  return s;
}

// ---------------------------------------------------------------- views and sinks

ast::StatementPtr AstBuilder::BuildCreateView(P::CreateViewStmtContext* ctx) {
  auto s = std::make_unique<ast::CreateViewStatement>();
  s->materialized = ctx->MATERIALIZED() != nullptr;
  if (!s->materialized) s->kind = ast::StmtKind::kCreateView;
  s->or_replace = ctx->OR() != nullptr;
  s->if_not_exists = ctx->ifNotExists() != nullptr;
  s->name = Names(ctx->qualifiedName());
  s->column_aliases = ColumnList(ctx->columnList());
  if (ctx->withOptions() != nullptr) s->with_options = BuildOptions(ctx->withOptions()->option());
  P::SelectStmtContext* query = ctx->selectStmt();
  s->query = BuildSelect(query);
  s->query_text_begin = source_.ByteOffset(query->getStart()->getStartIndex());
  s->query_text_end = source_.ByteOffset(query->getStop()->getStopIndex() + 1);
  s->emit_on_window_close = ctx->emitOnWindowClose() != nullptr;
  return s;
}

ast::StatementPtr AstBuilder::BuildCreateSink(P::CreateSinkStmtContext* ctx) {
  auto s = std::make_unique<ast::CreateSinkStatement>();
  s->if_not_exists = ctx->ifNotExists() != nullptr;
  std::vector<P::QualifiedNameContext*> names = ctx->qualifiedName();
  s->name = Names(names[0]);
  if (names.size() > 1) {
    s->from = Names(names[1]);
  } else {
    s->as_query = BuildSelect(ctx->selectStmt());
  }
  if (ctx->withOptions() != nullptr) s->with_options = BuildOptions(ctx->withOptions()->option());
  BuildFormat(ctx->formatClause(), &s->format, &s->encode, &s->encode_options);
  return s;
}

ast::StatementPtr AstBuilder::BuildDrop(P::DropStmtContext* ctx) {
  P::DropObjectContext* what = ctx->dropObject();
  ast::StmtKind kind = what->TABLE() != nullptr  ? ast::StmtKind::kDropTable
                       : what->SINK() != nullptr ? ast::StmtKind::kDropSink
                                                 : ast::StmtKind::kDropView;
  auto s = std::make_unique<ast::DropStatement>(kind);
  s->materialized = what->MATERIALIZED() != nullptr;
  s->if_exists = ctx->ifExists() != nullptr;
  s->cascade = ctx->CASCADE() != nullptr;
  for (P::QualifiedNameContext* name : ctx->qualifiedName()) s->names.push_back(Names(name));
  return s;
}

// ---------------------------------------------------------------- COPY

ast::StatementPtr AstBuilder::BuildCopy(P::CopyStmtContext* ctx) {
  auto s = std::make_unique<ast::CopyStatement>();
  if (ctx->subscribeStmt() != nullptr) {
    s->subscribe = BuildSubscribe(ctx->subscribeStmt());
  } else if (ctx->selectStmt() != nullptr) {
    s->query = BuildSelect(ctx->selectStmt());
  } else {
    s->table = Names(ctx->qualifiedName());
    s->columns = ColumnList(ctx->columnList());
  }
  s->from = ctx->FROM() != nullptr;
  if ((s->query != nullptr || s->subscribe != nullptr) && s->from) {
    ThrowSyntaxError("syntax error at or near \"FROM\"", Loc(ctx->FROM()));
  }
  P::CopyEndpointContext* endpoint = ctx->copyEndpoint();
  std::string where = endpoint->colId() != nullptr ? Name(endpoint->colId()) : "";
  if (where != (s->from ? "stdin" : "stdout")) {
    if (endpoint->stringLiteral() != nullptr) {
      ThrowNotSupported("COPY to or from a file is not supported", Loc(endpoint));
    }
    ThrowSyntaxError("syntax error at or near \"" + std::string(Text(endpoint)) + "\"",
                     Loc(endpoint));
  }
  for (P::CopyOptionContext* o : ctx->copyOption()) {
    ast::Option option;
    option.location = Loc(o);
    option.key = Name(o->colLabel());
    P::CopyOptionValueContext* v = o->copyOptionValue();
    if (v == nullptr) {
      option.value = "true";
    } else if (v->stringLiteral() != nullptr) {
      option.value = StringValue(v->stringLiteral());
    } else if (v->signedNumber() != nullptr) {
      option.value = std::string(Text(v->signedNumber()));
    } else if (v->STAR() != nullptr) {
      option.value = "*";
    } else if (v->ON() != nullptr) {
      option.value = "on";
    } else if (v->LPAREN() != nullptr) {
      for (P::ColLabelContext* label : v->colLabel()) {
        if (!option.value.empty()) option.value.push_back(',');
        option.value += Name(label);
      }
    } else {
      option.value = Name(v->colLabel(0));
    }
    s->options.push_back(std::move(option));
  }
  for (P::CopyLegacyOptionContext* o : ctx->copyLegacyOption()) {
    ast::Option option;
    option.location = Loc(o);
    if (o->BINARY() != nullptr) {
      option.key = "format";
      option.value = "binary";
    } else if (o->NULL_P() != nullptr) {
      option.key = "null";
      option.value = StringValue(o->stringLiteral());
    } else {
      option.key = Name(o->identifier());
      if (o->stringLiteral() != nullptr) {
        option.value = StringValue(o->stringLiteral());
      } else if (option.key == "csv") {
        option.key = "format";
        option.value = "csv";
      } else {
        option.value = "true";
      }
    }
    s->options.push_back(std::move(option));
  }
  if (ctx->whereClause() != nullptr) {
    ThrowNotSupported("COPY FROM ... WHERE is not supported", Loc(ctx->whereClause()));
  }
  return s;
}

}  // namespace kappa::parse
