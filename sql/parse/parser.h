// The SQL front door: text in, AST (sql/ast.h) out.
//
// sql/parse is the only code that includes ANTLR headers; the generated
// lexer/parser (grammar/KappaSql{Lexer,Parser}.g4, namespace kappa_gen) live in
// the build tree. Parsing is two-stage for speed: ANTLR's SLL prediction with
// a bail-out error strategy first, then full LL with error reporting only if
// that fails. Safe to call from several threads at once (ANTLR's DFA cache is
// shared and locked).
//
// Normalizations done here (so every later stage sees one form):
// - identifiers: unquoted names lower-cased, quoted ones kept as written;
// - a minus sign before a numeric constant is folded into it, as
//   PostgreSQL's doNegate: "-5", "-(5)" are the kLiteral -5, "- -5" is 5
//   (the sign toggles); integer literals beyond int64 are kDecimal;
// - DEFAULT as a value is kDefault (meaningful only in INSERT's VALUES rows);
//   UPDATE's `SET x = DEFAULT` is Assignment::value == nullptr;
// - `x !=  y` is op "<>"; `~~`/`!~~`/`~~*`/`!~~*` are LIKE/NOT LIKE/ILIKE/
//   NOT ILIKE; OPERATOR(pg_catalog.op) is op; `a LIKE b ESCAPE c` is
//   `a LIKE like_escape(b, c)`; `a [NOT] SIMILAR TO b [ESCAPE c]` is
//   `a ~ similar_to_escape(b[, c])` (or !~), as PostgreSQL does;
// - typed literals (DATE '...', TIMESTAMP WITH TIME ZONE '...', int4 '1') are
//   kCast of a string literal; INTERVAL 'n' unit appends the unit to a plain
//   number ("5 second"; for ranges like DAY TO HOUR the last unit, which is
//   how PostgreSQL reads a bare number);
// - EXTRACT(f FROM x) -> date_part('f', x); SUBSTRING(x FROM a FOR b) ->
//   substring(x, a, b) (FOR b alone -> substring(x, 1, b)); POSITION(a IN b)
//   -> position(a, b) (needle first); TRIM([BOTH|LEADING|TRAILING] [c] FROM x)
//   -> btrim/ltrim/rtrim(x[, c]); OVERLAY(a PLACING b FROM c [FOR d]) ->
//   overlay(a, b, c[, d]); x AT TIME ZONE z -> timezone(z, x);
//   CURRENT_DATE, CURRENT_TIME[STAMP], LOCALTIME[STAMP], CURRENT_USER, USER
//   (-> current_user), SESSION_USER, CURRENT_ROLE, CURRENT_SCHEMA,
//   CURRENT_CATALOG -> zero-argument functions of those lower-case names;
//   WITHIN GROUP (ORDER BY ...) -> agg_order_by;
// - ARRAY(subquery) is kArray with `subquery` set; (expr).field and (expr).*
//   are kFieldSelect (name = {field} or {"*"});
// - types: TypeName.spelling is the lower-case name without modifiers and
//   without a pg_catalog. prefix ("int4", "character varying", "double
//   precision", "timestamp with time zone", "regclass"; a quoted "char" keeps
//   its quotes); names kappadb does not know get DataType kUnknown.
//   CHAR(n)/CHARACTER(n) map to VARCHAR(n) (CHAR alone to VARCHAR(1)),
//   NUMERIC(p) to NUMERIC(p,0), FLOAT(p<=24) to REAL;
// - COPY options: keys lower-cased, an option without a value is "true";
//   old-style CSV/BINARY become {"format", "csv"/"binary"}.
// - Locations (ast nodes' `location`, Status::position()) are 1-based
//   character offsets into the whole string given to ParseSql, as
//   PostgreSQL's are for a multi-statement query.
#pragma once

#include <string_view>
#include <vector>

#include "common/status.h"
#include "sql/ast.h"

namespace kappa {

// Parses one or more ';'-separated statements. Comments (-- and /* nested */)
// are skipped. A string with only comments/semicolons yields one
// ast::SimpleStatement(kEmpty). Each statement gets text_begin/text_end (byte
// range, without the trailing ';').
// Errors: 42601 with PostgreSQL's message (`syntax error at or near "X"`,
// `syntax error at end of input`, `unterminated quoted string at or near
// "..."`, ...) and position (1-based char offset); 54001 "statement too
// complex" when nesting exceeds kMaxParseNesting (parentheses, brackets, CASE,
// chains of prefix operators) or the AST would exceed kMaxAstDepth levels,
// instead of overflowing the stack; 22021 for invalid UTF-8 in the input;
// 0A000 for recognized but unsupported syntax (window frames, array slices,
// COPY to/from a file, ...).
Result<std::vector<ast::StatementPtr>> ParseSql(std::string_view sql);

inline constexpr int kMaxParseNesting = 1000;
inline constexpr int kMaxAstDepth = 3000;

}  // namespace kappa
