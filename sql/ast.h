// The abstract syntax tree: what sql/parse produces from SQL text and the
// binder (sql/binder) consumes. Nothing here knows about ANTLR.
//
// Conventions:
// - Identifiers are stored already case-folded: unquoted names lower-cased,
//   quoted names ("Foo") kept as written, as PostgreSQL does.
// - `location` is the 1-based character offset of the node's first token in
//   the statement's text (for ErrorResponse's P field); 0 when unknown.
// - Nodes own their children through std::unique_ptr.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "common/types.h"

namespace kappa::ast {

struct SelectStmt;
struct Expr;
using ExprPtr = std::unique_ptr<Expr>;

// A possibly qualified name: ["s", "t"] for s.t, ["t", "c"] for t.c.
using QualifiedName = std::vector<std::string>;

// A type as written: DataType plus array-ness (arrays come with issue 5) and
// the original spelling for errors.
struct TypeName {
  DataType type;
  bool is_array = false;
  std::string spelling;  // e.g. "int4", "character varying"
  int location = 0;
};

// ---------------------------------------------------------------- expressions

enum class ExprKind {
  kLiteral,     // literal_*: NULL, TRUE/FALSE, integer, decimal/float, string
  kColumnRef,   // name: [col] or [table, col] or [schema, table, col]
  kStar,        // name: [] for *, [t] for t.* (only in select lists / count(*))
  kParam,       // $n: param_index (1-based)
  kUnary,       // op: "-", "+", "NOT"; children[0]
  kBinary,      // op: + - * / % ^ || = <> < <= > >= AND OR LIKE ILIKE
                //     NOT LIKE, NOT ILIKE, ~ !~ ~* !~* (regex); children[0..1]
  kFunction,    // func_name (lower-cased, possibly schema-qualified as "pg_catalog.x"),
                // children = args; agg_distinct, agg_star (count(*)),
                // agg_filter, agg_order_by; over (window functions)
  kCast,        // children[0]::cast_type, CAST(x AS t), or typed literal
                // (DATE '...', INTERVAL '1' DAY, TIMESTAMP '...')
  kCase,        // case_operand (may be null), when_clauses, case_else (may be null)
  kIsNull,      // children[0] IS [NOT] NULL (negated)
  kIsBool,      // children[0] IS [NOT] TRUE/FALSE/UNKNOWN: is_bool_value (1 TRUE, 0 FALSE, -1 UNKNOWN), negated
  kIsDistinct,  // children[0] IS [NOT] DISTINCT FROM children[1] (negated = NOT DISTINCT)
  kBetween,     // children[0] [NOT] BETWEEN children[1] AND children[2] (negated, symmetric)
  kInList,      // children[0] [NOT] IN (children[1..]) (negated)
  kInSubquery,  // children[0] [NOT] IN (subquery) (negated)
  kExists,      // [NOT] EXISTS (subquery) (negated)
  kSubquery,    // (subquery) as a scalar
  kAnyAll,      // children[0] op ANY|ALL (children[1] = array expr, or subquery): op, is_all
  kArray,       // ARRAY[children...], or ARRAY(subquery) with `subquery` set
  kSubscript,   // children[0][children[1]]
  kRow,         // ROW(a, b) or (a, b)
  kCollate,     // children[0] COLLATE name (kept, ignored by the binder)
  kFieldSelect, // (children[0]).name[0]: field of a composite; name {"*"} for (x).*
  kDefault,     // DEFAULT as a value: only an item of INSERT's VALUES rows means the
                // column's default (BindInsertSource); anywhere else the binder
                // reports 42601 "DEFAULT is not allowed in this context"
};

enum class LiteralKind { kNull, kBool, kInteger, kDecimal, kString };

struct WhenClause {
  ExprPtr when;
  ExprPtr then;
};

struct OrderItem {
  ExprPtr expr;
  bool descending = false;
  std::optional<bool> nulls_first;  // unset = default (NULLS LAST for ASC, FIRST for DESC)
};

struct WindowSpec {
  std::vector<ExprPtr> partition_by;
  std::vector<OrderItem> order_by;
};

struct Expr {
  ExprKind kind;
  int location = 0;

  // kLiteral
  LiteralKind literal_kind = LiteralKind::kNull;
  std::string literal;  // integer/decimal digits as written; string contents (unescaped)
  bool bool_value = false;

  // kColumnRef, kStar
  QualifiedName name;

  // kParam
  int param_index = 0;

  // kUnary, kBinary, kAnyAll
  std::string op;

  // kFunction
  std::string func_name;
  bool agg_distinct = false;
  bool agg_star = false;
  ExprPtr agg_filter;                 // FILTER (WHERE ...)
  std::vector<OrderItem> agg_order_by;  // string_agg(x, ',' ORDER BY y)
  std::unique_ptr<WindowSpec> over;   // OVER (...)

  // kCast
  TypeName cast_type;

  // kCase
  ExprPtr case_operand;
  std::vector<WhenClause> when_clauses;
  ExprPtr case_else;

  // kIsNull, kIsBool, kIsDistinct, kBetween, kInList, kInSubquery, kExists
  bool negated = false;
  bool symmetric = false;
  int is_bool_value = 0;
  // kAnyAll
  bool is_all = false;

  // kInSubquery, kExists, kSubquery, kAnyAll (when the right side is a subquery),
  // kArray (ARRAY(subquery))
  std::unique_ptr<SelectStmt> subquery;

  std::vector<ExprPtr> children;

  explicit Expr(ExprKind k, int loc = 0) : kind(k), location(loc) {}
};

// ---------------------------------------------------------------- FROM items

enum class JoinType { kInner, kLeft, kRight, kFull, kCross };

struct TableRef;
using TableRefPtr = std::unique_ptr<TableRef>;

enum class TableRefKind {
  kTable,     // name [AS alias [(col aliases)]]
  kSubquery,  // (SELECT ...) AS alias [(cols)]; lateral flag
  kJoin,      // left JOIN right ON cond | USING (cols) | NATURAL
  kFunction,  // table function: TUMBLE(t, col, size), HOP(t, col, slide, size),
              // TABLE(TUMBLE(TABLE t, DESCRIPTOR(col), size)) normalized to the
              // same form, generate_series(...), unnest(...):
              // func_name + func_args; for TUMBLE/HOP func_args[0] is a kColumnRef
              // naming the table and func_args[1] the time column.
};

struct TableRef {
  TableRefKind kind;
  int location = 0;

  QualifiedName name;                   // kTable
  std::string alias;                    // all kinds (empty if none)
  std::vector<std::string> column_aliases;

  std::unique_ptr<SelectStmt> subquery;  // kSubquery
  bool lateral = false;

  JoinType join_type = JoinType::kInner;  // kJoin
  TableRefPtr left;
  TableRefPtr right;
  ExprPtr join_condition;             // ON
  std::vector<std::string> using_columns;  // USING (...)
  bool natural = false;

  std::string func_name;                // kFunction (lower-cased)
  std::vector<ExprPtr> func_args;

  explicit TableRef(TableRefKind k, int loc = 0) : kind(k), location(loc) {}
};

// ---------------------------------------------------------------- SELECT

struct SelectItem {
  ExprPtr expr;         // kStar for * and t.*
  std::string alias;    // empty if none
  int location = 0;
};

struct CommonTableExpr {
  std::string name;
  std::vector<std::string> column_aliases;
  std::unique_ptr<SelectStmt> query;
  int location = 0;
};

enum class SetOp { kNone, kUnion, kIntersect, kExcept };

// A query: either a simple SELECT (set_op == kNone) or a set operation over
// `left` and `right`. WITH, ORDER BY, LIMIT and OFFSET apply to the whole.
struct SelectStmt {
  int location = 0;
  // WITH
  bool recursive = false;
  std::vector<CommonTableExpr> ctes;

  // Set operation
  SetOp set_op = SetOp::kNone;
  bool set_all = false;  // UNION ALL
  std::unique_ptr<SelectStmt> left;
  std::unique_ptr<SelectStmt> right;

  // Simple SELECT (also VALUES (...), (...) as values_rows, with no targets)
  bool distinct = false;
  std::vector<ExprPtr> distinct_on;  // DISTINCT ON (...)
  std::vector<SelectItem> targets;
  std::vector<TableRefPtr> from;     // comma-separated items (implicit cross join)
  ExprPtr where;
  std::vector<ExprPtr> group_by;
  ExprPtr having;
  std::vector<std::vector<ExprPtr>> values_rows;  // VALUES lists

  // Applies to the whole statement
  std::vector<OrderItem> order_by;
  ExprPtr limit;   // null = no limit (LIMIT ALL too)
  ExprPtr offset;
};

// ---------------------------------------------------------------- statements

struct ColumnDef {
  std::string name;
  TypeName type;
  bool not_null = false;
  bool primary_key = false;  // column-level PRIMARY KEY
  ExprPtr default_value;     // DEFAULT expr (may be null)
  std::string default_sql;   // the DEFAULT expression's text as written
  int location = 0;
};

// WATERMARK FOR col AS expr
struct WatermarkDef {
  std::string column;
  ExprPtr expr;
  std::string expr_sql;  // the expression's text as written
  int location = 0;
};

// key = 'value' pairs of WITH (...); keys keep their dots: "properties.bootstrap.server".
// Keys are lower-cased unless quoted; values are the literal text (numbers as written).
struct Option {
  std::string key;
  std::string value;
  int location = 0;
};

// INCLUDE partition|offset|timestamp|key [AS col]
struct IncludeColumn {
  std::string what;
  std::string alias;
};

enum class StmtKind {
  kSelect,
  kInsert,
  kUpdate,
  kDelete,
  kCreateTable,
  kDropTable,
  kCreateMaterializedView,
  kCreateView,
  kDropView,  // materialized or not: materialized flag
  kCreateSink,
  kDropSink,
  kShow,      // SHOW name | SHOW TABLES | SHOW MATERIALIZED VIEWS | SHOW ALL ...
  kSet,       // SET [SESSION|LOCAL] name = value | TO value | SET TIME ZONE x
  kReset,     // RESET name | RESET ALL
  kTransaction,  // BEGIN/START TRANSACTION/COMMIT/END/ROLLBACK/ABORT/SAVEPOINT...
  kFlush,
  kExplain,
  kDiscard,   // DISCARD ALL
  kDeclareCursor,
  kFetch,
  kClose,
  kCopy,
  kUnlisten,
  kEmpty,     // only comments or ';'
  kSubscribe, // SUBSCRIBE [TO] v | (query) [WITH (...)] (alone: an error; see COPY/DECLARE)
  kCreateRole,  // CREATE USER|ROLE (RoleStatement)
  kAlterRole,   // ALTER USER|ROLE (RoleStatement)
  kDropRole,    // DROP USER|ROLE (RoleStatement)
  kGrant,       // GRANT/REVOKE ... ON TABLE (GrantStatement)
};

struct Statement {
  StmtKind kind;
  int location = 0;
  // Byte range of this statement in the original query string (for several
  // statements in one simple Query and for EXPLAIN/view definitions).
  size_t text_begin = 0;
  size_t text_end = 0;
  explicit Statement(StmtKind k) : kind(k) {}
  virtual ~Statement() = default;
};
using StatementPtr = std::unique_ptr<Statement>;

struct SelectStatement : Statement {
  std::unique_ptr<SelectStmt> select;
  SelectStatement() : Statement(StmtKind::kSelect) {}
};

struct InsertStatement : Statement {
  QualifiedName table;
  std::vector<std::string> columns;   // empty = all, in table order
  std::unique_ptr<SelectStmt> source; // VALUES ... or SELECT ...; null for DEFAULT VALUES
  std::vector<SelectItem> returning;
  InsertStatement() : Statement(StmtKind::kInsert) {}
};

struct Assignment {
  std::string column;
  ExprPtr value;  // null = DEFAULT
  int location = 0;
};

struct UpdateStatement : Statement {
  QualifiedName table;
  std::string alias;
  std::vector<Assignment> assignments;
  ExprPtr where;
  std::vector<SelectItem> returning;
  UpdateStatement() : Statement(StmtKind::kUpdate) {}
};

struct DeleteStatement : Statement {
  QualifiedName table;
  std::string alias;
  ExprPtr where;
  std::vector<SelectItem> returning;
  DeleteStatement() : Statement(StmtKind::kDelete) {}
};

struct CreateTableStatement : Statement {
  QualifiedName name;
  bool if_not_exists = false;
  std::vector<ColumnDef> columns;
  std::vector<std::string> primary_key;  // table-level PRIMARY KEY (...), or from a column
  std::optional<WatermarkDef> watermark;
  bool append_only = false;              // APPEND ONLY
  std::vector<IncludeColumn> includes;   // INCLUDE ... AS ...
  std::vector<Option> with_options;      // WITH (...)
  std::string format;                    // FORMAT PLAIN|UPSERT|DEBEZIUM (upper-cased; empty if absent)
  std::string encode;                    // ENCODE JSON|CSV (upper-cased; empty if absent)
  std::vector<Option> encode_options;    // ENCODE JSON (k = v, ...)
  std::unique_ptr<SelectStmt> as_select; // CREATE TABLE t AS SELECT (may be null)
  CreateTableStatement() : Statement(StmtKind::kCreateTable) {}
};

struct DropStatement : Statement {
  std::vector<QualifiedName> names;
  bool if_exists = false;
  bool cascade = false;
  bool materialized = false;  // kDropView: DROP MATERIALIZED VIEW
  explicit DropStatement(StmtKind k) : Statement(k) {}
};

struct CreateViewStatement : Statement {
  QualifiedName name;
  bool materialized = false;
  bool if_not_exists = false;
  bool or_replace = false;
  std::vector<std::string> column_aliases;
  std::unique_ptr<SelectStmt> query;
  bool emit_on_window_close = false;
  std::vector<Option> with_options;
  size_t query_text_begin = 0;  // byte range of the AS query in the original text
  size_t query_text_end = 0;
  CreateViewStatement() : Statement(StmtKind::kCreateMaterializedView) {}
};

struct CreateSinkStatement : Statement {
  QualifiedName name;
  bool if_not_exists = false;
  QualifiedName from;                    // FROM view
  std::unique_ptr<SelectStmt> as_query;  // or AS SELECT ...
  std::vector<Option> with_options;
  std::string format;
  std::string encode;
  std::vector<Option> encode_options;
  CreateSinkStatement() : Statement(StmtKind::kCreateSink) {}
};

struct ShowStatement : Statement {
  // Lower-cased words after SHOW joined by a space: "tables", "materialized views",
  // "transaction isolation level", "all", "timezone", "search_path", ...
  std::string what;
  ShowStatement() : Statement(StmtKind::kShow) {}
};

struct SetStatement : Statement {
  std::string name;    // lower-cased; "timezone" for SET TIME ZONE; "session characteristics" for that form
  std::vector<std::string> values;  // each value's text (strings unquoted); empty for DEFAULT
  bool is_default = false;
  bool local = false;
  SetStatement() : Statement(StmtKind::kSet) {}
};

struct ResetStatement : Statement {
  std::string name;  // "all" for RESET ALL
  ResetStatement() : Statement(StmtKind::kReset) {}
};

enum class TransactionOp { kBegin, kCommit, kRollback, kSavepoint, kRelease, kRollbackTo };

struct TransactionStatement : Statement {
  TransactionOp op = TransactionOp::kBegin;
  std::string savepoint;
  TransactionStatement() : Statement(StmtKind::kTransaction) {}
};

struct ExplainStatement : Statement {
  StatementPtr target;  // SELECT or CREATE MATERIALIZED VIEW
  bool analyze = false;
  bool verbose = false;
  ExplainStatement() : Statement(StmtKind::kExplain) {}
};

// SUBSCRIBE [TO] name | (query) [WITH (SNAPSHOT [=] bool, PROGRESS [=] bool)]
// (server/subscription.h). Option keys are lower-cased; a key without a
// value has the value "true".
struct SubscribeStatement : Statement {
  QualifiedName relation;             // SUBSCRIBE [TO] name (empty for a query)
  std::unique_ptr<SelectStmt> query;  // SUBSCRIBE (query)
  std::vector<Option> options;
  SubscribeStatement() : Statement(StmtKind::kSubscribe) {}
};

struct DeclareCursorStatement : Statement {
  std::string name;
  bool binary = false;
  bool with_hold = false;
  std::unique_ptr<SelectStmt> query;
  std::unique_ptr<SubscribeStatement> subscribe;  // DECLARE ... FOR SUBSCRIBE (query is null)
  DeclareCursorStatement() : Statement(StmtKind::kDeclareCursor) {}
};

struct FetchStatement : Statement {
  std::string cursor;
  int64_t count = 1;   // FETCH n / FORWARD n; ALL = -1
  bool move = false;   // MOVE instead of FETCH
  std::vector<Option> options;  // WITH (timeout = '1s') (SUBSCRIBE cursors)
  FetchStatement() : Statement(StmtKind::kFetch) {}
};

struct CloseStatement : Statement {
  std::string cursor;  // empty = ALL
  CloseStatement() : Statement(StmtKind::kClose) {}
};

struct CopyStatement : Statement {
  QualifiedName table;                 // COPY t [(cols)] ...
  std::vector<std::string> columns;
  std::unique_ptr<SelectStmt> query;   // COPY (query) TO ...
  std::unique_ptr<SubscribeStatement> subscribe;  // COPY (SUBSCRIBE ...) TO STDOUT
  bool from = false;                   // FROM STDIN vs TO STDOUT
  std::vector<Option> options;         // FORMAT csv, HEADER, DELIMITER ',', NULL '' ...
  CopyStatement() : Statement(StmtKind::kCopy) {}
};

struct SimpleStatement : Statement {  // kFlush, kDiscard, kUnlisten, kEmpty
  std::string argument;
  explicit SimpleStatement(StmtKind k) : Statement(k) {}
};

// CREATE/ALTER/DROP USER|ROLE (server/role_statements.cc).
struct RoleStatement : Statement {
  std::vector<std::string> names;   // one, except DROP name, name
  bool if_exists = false;           // DROP ... IF EXISTS
  std::optional<bool> superuser;    // SUPERUSER / NOSUPERUSER
  std::optional<bool> login;        // LOGIN / NOLOGIN
  bool password_given = false;      // PASSWORD 'x' | PASSWORD NULL
  std::optional<std::string> password;  // nullopt: PASSWORD NULL
  explicit RoleStatement(StmtKind k) : Statement(k) {}
};

// GRANT|REVOKE privileges ON [TABLE] t, ... TO|FROM role, ...
struct GrantStatement : Statement {
  bool revoke = false;
  uint32_t privileges = 0;  // TablePrivilege bits (sql/role_catalog.h)
  std::vector<QualifiedName> tables;
  std::vector<std::string> roles;
  GrantStatement() : Statement(StmtKind::kGrant) {}
};

}  // namespace kappa::ast
