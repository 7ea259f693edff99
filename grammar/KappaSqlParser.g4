// The kappadb SQL grammar: PostgreSQL's dialect plus RisingWave's streaming
// DDL (WATERMARK, APPEND ONLY, INCLUDE, FORMAT ... ENCODE, CREATE SINK, EMIT ON
// WINDOW CLOSE, FLUSH) and Flink's window table functions.
//
// sql/parse/ast_builder.cc turns the parse tree into sql/ast.h; everything
// the AST normalizes (EXTRACT -> date_part, TRIM -> btrim/ltrim/rtrim, typed
// literals -> casts, ...) is done there, not here. The grammar only decides
// what is valid SQL and how it groups.
//
// Operator precedence follows PostgreSQL (lowest first): OR, AND, NOT, IS /
// ISNULL / NOTNULL, comparisons, BETWEEN / IN / LIKE / ILIKE / SIMILAR, other
// operators (|| ~ OPERATOR(...) ...), + -, * / %, ^, AT TIME ZONE, COLLATE,
// unary + -, [ ] subscripts, :: casts. In ANTLR's left-recursive rules the
// alternative listed first binds tightest. Boolean-level operators live in
// `expr`, arithmetic ones in `arithExpr` (PostgreSQL's b_expr), which is also
// what BETWEEN bounds, POSITION's arguments and column DEFAULTs use.
//
// Keyword classes follow PostgreSQL: unreserved keywords are ordinary names
// everywhere (`identifier`), column-name keywords are also column/table names
// (`colId`) but not function names, and every keyword is allowed after AS or
// after a dot (`colLabel`).
parser grammar KappaSqlParser;

options { tokenVocab = KappaSqlLexer; }

// ================================================================ statements

root: statementList EOF;

statementList: statement? (SEMI statement?)*;

statement
  : selectStmt
  | insertStmt
  | updateStmt
  | deleteStmt
  | createTableStmt
  | createViewStmt
  | createSinkStmt
  | dropStmt
  | showStmt
  | setStmt
  | resetStmt
  | transactionStmt
  | flushStmt
  | explainStmt
  | discardStmt
  | declareCursorStmt
  | fetchStmt
  | closeStmt
  | copyStmt
  | unlistenStmt
  | subscribeStmt
  | createRoleStmt
  | alterRoleStmt
  | dropRoleStmt
  | grantStmt
  ;

// ---------------------------------------------------------------- DML

insertStmt
  : INSERT INTO qualifiedName (AS colId)? columnList?
    (selectStmt | DEFAULT VALUES) returningClause?
  ;

updateStmt
  : UPDATE qualifiedName aliasName? SET setClause (COMMA setClause)*
    whereClause? returningClause?
  ;

// `x = DEFAULT` (also `x = (DEFAULT)`) is an expr of kind kDefault, which the
// AST builder turns into Assignment::value == nullptr.
setClause: colId EQ expr;

deleteStmt: DELETE FROM qualifiedName aliasName? whereClause? returningClause?;

returningClause: RETURNING targetList;

aliasName: AS? colId;

// ---------------------------------------------------------------- DDL

createTableStmt
  : CREATE TABLE ifNotExists? qualifiedName
    ( LPAREN tableElement (COMMA tableElement)* RPAREN
      appendOnly? includeClause* withOptions? formatClause?
    | AS selectStmt
    )
  ;

ifNotExists: IF NOT EXISTS;

appendOnly: APPEND ONLY;

tableElement
  : columnDef
  | tableConstraint
  | watermarkDef
  ;

columnDef: colId typeName columnConstraint*;

columnConstraint
  : (CONSTRAINT colId)? columnConstraintBody
  ;

columnConstraintBody
  : NOT NULL_P
  | NULL_P
  | PRIMARY KEY
  | UNIQUE
  | DEFAULT arithExpr
  ;

tableConstraint: (CONSTRAINT colId)? PRIMARY KEY columnList;

watermarkDef: WATERMARK FOR colId AS expr;

includeClause: INCLUDE colLabel (AS colId)?;

withOptions: WITH LPAREN option (COMMA option)* RPAREN;

option: optionKey EQ optionValue;

optionKey
  : stringLiteral
  | colLabel (DOT colLabel)*
  ;

optionValue
  : stringLiteral
  | signedNumber
  | colLabel (DOT colLabel)*
  ;

signedNumber: (PLUS | MINUS)? (INTEGER_LITERAL | NUMERIC_LITERAL);

formatClause
  : FORMAT colLabel (ENCODE colLabel (LPAREN option (COMMA option)* RPAREN)?)?
  ;

createViewStmt
  : CREATE (OR REPLACE)? MATERIALIZED? VIEW ifNotExists? qualifiedName columnList?
    withOptions? AS selectStmt emitOnWindowClose?
  ;

emitOnWindowClose: EMIT ON WINDOW CLOSE;

createSinkStmt
  : CREATE SINK ifNotExists? qualifiedName (FROM qualifiedName | AS selectStmt)
    withOptions? formatClause?
  ;

dropStmt
  : DROP dropObject ifExists? qualifiedName (COMMA qualifiedName)* (CASCADE | RESTRICT)?
  ;

dropObject: TABLE | VIEW | MATERIALIZED VIEW | SINK;

ifExists: IF EXISTS;

// ---------------------------------------------------------------- session

showStmt: SHOW showWord+;

showWord: colLabel (DOT colLabel)*;

setStmt
  : SET (SESSION | LOCAL)? setRest
  ;

setRest
  : TIME ZONE (DEFAULT | LOCAL | setValue)                              #setTimeZone
  | SESSION CHARACTERISTICS AS TRANSACTION transactionModeList          #setSessionCharacteristics
  | TRANSACTION transactionModeList                                     #setTransaction
  | NAMES setValue?                                                     #setNames
  | SCHEMA setValue                                                     #setSchema
  | varName (TO | EQ) (DEFAULT | setValue (COMMA setValue)*)            #setVariable
  ;

setValue
  : stringLiteral
  | signedNumber
  | ON
  | colLabel
  ;

varName: colId (DOT colLabel)*;

resetStmt
  : RESET (ALL | TIME ZONE | SESSION AUTHORIZATION | TRANSACTION ISOLATION LEVEL | varName)
  ;

transactionStmt
  : BEGIN (WORK | TRANSACTION)? transactionModeList?                    #txnBegin
  | START TRANSACTION transactionModeList?                              #txnBegin
  | (COMMIT | END) (WORK | TRANSACTION)? (AND NO? CHAIN)?              #txnCommit
  | (ROLLBACK | ABORT) (WORK | TRANSACTION)? TO SAVEPOINT? colId        #txnRollbackTo
  | (ROLLBACK | ABORT) (WORK | TRANSACTION)? (AND NO? CHAIN)?          #txnRollback
  | SAVEPOINT colId                                                     #txnSavepoint
  | RELEASE SAVEPOINT? colId                                            #txnRelease
  ;

transactionModeList: transactionMode (COMMA? transactionMode)*;

transactionMode
  : ISOLATION LEVEL isolationLevel
  | READ ONLY
  | READ WRITE
  | NOT? DEFERRABLE
  ;

isolationLevel
  : SERIALIZABLE
  | REPEATABLE READ
  | READ COMMITTED
  | READ UNCOMMITTED
  ;

flushStmt: FLUSH;

explainStmt
  : EXPLAIN (LPAREN explainOption (COMMA explainOption)* RPAREN | ANALYZE? VERBOSE?) statement
  ;

explainOption: colLabel (setValue)?;

discardStmt: DISCARD colLabel;

unlistenStmt: UNLISTEN (STAR | colId);

// ---------------------------------------------------------------- cursors

declareCursorStmt
  : DECLARE colId BINARY? INSENSITIVE? (NO? SCROLL)? CURSOR ((WITH | WITHOUT) HOLD)?
    FOR (selectStmt | subscribeStmt)
  ;

fetchStmt: (FETCH | MOVE) fetchDirection? (FROM | IN)? colId withOptions?;

fetchDirection
  : NEXT
  | PRIOR
  | FIRST
  | LAST
  | ABSOLUTE signedNumber
  | RELATIVE signedNumber
  | signedNumber
  | ALL
  | FORWARD (signedNumber | ALL)?
  | BACKWARD (signedNumber | ALL)?
  ;

closeStmt: CLOSE (ALL | colId);

// ---------------------------------------------------------------- roles and privileges
// (server/role_statements.cc). Role options other than PASSWORD are plain
// identifiers (LOGIN, NOSUPERUSER, ...), as in PostgreSQL's grammar.

createRoleStmt: CREATE (USER | ROLE) identifier WITH? roleOption*;

alterRoleStmt: ALTER (USER | ROLE) identifier WITH? roleOption*;

dropRoleStmt: DROP (USER | ROLE) ifExists? identifier (COMMA identifier)*;

roleOption
  : ENCRYPTED? PASSWORD (stringLiteral | NULL_P)
  | identifier
  ;

grantStmt
  : (GRANT privilegeList ON TABLE? qualifiedName (COMMA qualifiedName)* TO identifier
       (COMMA identifier)*
     | REVOKE privilegeList ON TABLE? qualifiedName (COMMA qualifiedName)* FROM identifier
       (COMMA identifier)* (CASCADE | RESTRICT)?)
  ;

privilegeList: ALL PRIVILEGES? | privilege (COMMA privilege)*;

privilege: SELECT | INSERT | UPDATE | DELETE;

// ---------------------------------------------------------------- SUBSCRIBE

// Materialize's SUBSCRIBE: a view's changes as they happen (server/subscription.h).
subscribeStmt
  : SUBSCRIBE TO? (qualifiedName | LPAREN selectStmt RPAREN)
    (WITH LPAREN subscribeOption (COMMA subscribeOption)* RPAREN)?
  ;

subscribeOption: colLabel (EQ? optionValue)?;

// ---------------------------------------------------------------- COPY

copyStmt
  : COPY (qualifiedName columnList? | LPAREN selectStmt RPAREN | LPAREN subscribeStmt RPAREN)
    (FROM | TO) copyEndpoint
    WITH? (LPAREN copyOption (COMMA copyOption)* RPAREN | copyLegacyOption*)
    whereClause?
  ;

copyEndpoint: colId | stringLiteral;

copyOption: colLabel copyOptionValue?;

copyOptionValue
  : stringLiteral
  | signedNumber
  | STAR
  | ON
  | colLabel
  | LPAREN colLabel (COMMA colLabel)* RPAREN
  ;

copyLegacyOption
  : BINARY
  | NULL_P AS? stringLiteral
  | identifier (AS? stringLiteral)?
  ;

// ================================================================ queries

selectStmt: withClause? selectBody orderByClause? selectLimit?;

withClause: WITH RECURSIVE? commonTableExpr (COMMA commonTableExpr)*;

commonTableExpr: colId columnList? AS (NOT? MATERIALIZED)? LPAREN selectStmt RPAREN;

selectBody
  : selectPrimary                                                   #selectBodyPrimary
  | selectBody INTERSECT setQuantifier? selectBody                  #selectBodyIntersect
  | selectBody op=(UNION | EXCEPT) setQuantifier? selectBody        #selectBodyUnion
  ;

setQuantifier: ALL | DISTINCT;

selectPrimary
  : simpleSelect
  | valuesClause
  | TABLE qualifiedName
  | LPAREN selectStmt RPAREN
  ;

simpleSelect
  : SELECT (ALL | distinctClause)? targetList? fromClause? whereClause?
    groupByClause? havingClause?
  ;

distinctClause: DISTINCT (ON LPAREN exprList RPAREN)?;

targetList: targetItem (COMMA targetItem)*;

targetItem
  : STAR                                                            #targetStar
  | value=expr (AS label=colLabel | bare=bareLabel)?               #targetExpr
  ;

valuesClause: VALUES valuesRow (COMMA valuesRow)*;

valuesRow: LPAREN exprList RPAREN;

fromClause: FROM fromItem (COMMA fromItem)*;

fromItem
  : tableRef                                                        #fromTableRef
  | fromItem CROSS JOIN tableRef                                    #fromCrossJoin
  | fromItem NATURAL joinType? JOIN tableRef                        #fromNaturalJoin
  | fromItem joinType? JOIN tableRef joinQual                       #fromJoin
  ;

joinType
  : INNER
  | LEFT OUTER?
  | RIGHT OUTER?
  | FULL OUTER?
  ;

joinQual
  : ON expr
  | USING LPAREN colId (COMMA colId)* RPAREN
  ;

tableRef
  : qualifiedName tableAlias?                                       #tableRefName
  | LATERAL? LPAREN selectStmt RPAREN tableAlias?                   #tableRefSubquery
  | LATERAL? funcCall tableAlias?                                   #tableRefFunction
  | TABLE LPAREN funcName LPAREN tableFuncArg (COMMA tableFuncArg)* RPAREN RPAREN
    tableAlias?                                                     #tableRefTableFunction
  | LPAREN fromItem RPAREN tableAlias?                               #tableRefParen
  ;

// Flink also names the arguments: TUMBLE(DATA => TABLE t, TIMECOL =>
// DESCRIPTOR(ts), SIZE => INTERVAL '1' MINUTE). SESSION partitions its table:
// SESSION(TABLE t PARTITION BY k, DESCRIPTOR(ts), INTERVAL '10' SECOND).
tableFuncArg
  : (argName=colId EQUALS_GREATER)? (TABLE qualifiedName tablePartition? | expr)
  ;

tablePartition: PARTITION BY (LPAREN exprList RPAREN | expr);

tableAlias: (AS colId | bareLabel) columnList?;

whereClause: WHERE expr;

groupByClause: GROUP BY (ALL | DISTINCT)? exprList;

havingClause: HAVING expr;

orderByClause: ORDER BY sortItem (COMMA sortItem)*;

sortItem: expr (ASC | DESC)? (NULLS (FIRST | LAST))?;

selectLimit
  : limitClause offsetClause?
  | offsetClause (limitClause | fetchFirstClause)?
  | fetchFirstClause
  ;

limitClause: LIMIT (ALL | expr);

offsetClause: OFFSET expr (ROW | ROWS)?;

fetchFirstClause: FETCH (FIRST | NEXT) arithExpr? (ROW | ROWS) ONLY;

// ================================================================ expressions

expr
  : operand=arithExpr                                                         #exprArith
  | left=expr neg=NOT? op=(LIKE | ILIKE) right=arithExpr (ESCAPE escape=arithExpr)?  #exprLike
  | left=expr neg=NOT? op=SIMILAR TO right=arithExpr (ESCAPE escape=arithExpr)?  #exprSimilar
  | left=expr neg=NOT? op=BETWEEN (sym=SYMMETRIC | ASYMMETRIC)? low=arithExpr AND high=arithExpr  #exprBetween
  | left=expr neg=NOT? op=IN LPAREN (query=selectStmt | list=exprList) RPAREN  #exprIn
  | left=expr sop=subqueryOp quantifier=(ANY | SOME | ALL) LPAREN (query=selectStmt | right=expr) RPAREN  #exprAnyAll
  | left=expr cop=compOp right=expr                                           #exprCompare
  | left=expr op=IS neg=NOT? what=(NULL_P | TRUE_P | FALSE_P | UNKNOWN)       #exprIs
  | left=expr op=IS neg=NOT? DISTINCT FROM right=expr                         #exprIsDistinct
  | left=expr op=(ISNULL | NOTNULL)                                           #exprNullTest
  | <assoc=right> op=NOT right=expr                                           #exprNot
  | left=expr op=AND right=expr                                               #exprAnd
  | left=expr op=OR right=expr                                                #exprOr
  ;

arithExpr
  : left=arithExpr op=DCOLON type=typeName                          #arithCast
  | left=arithExpr op=LBRACKET index=expr RBRACKET                  #arithSubscript
  | arithExpr LBRACKET expr? COLON expr? RBRACKET                   #arithSlice
  | <assoc=right> op=(PLUS | MINUS) right=arithExpr                 #arithUnary
  | arithExpr COLLATE anyName                                       #arithCollate
  | arithExpr AT TIME ZONE arithExpr                                #arithAtTimeZone
  | left=arithExpr op=CARET right=arithExpr                         #arithPower
  | left=arithExpr op=(STAR | SLASH | PERCENT) right=arithExpr      #arithMul
  | left=arithExpr op=(PLUS | MINUS) right=arithExpr                #arithAdd
  | left=arithExpr qop=qualOp right=arithExpr                       #arithOp
  | <assoc=right> qualOp arithExpr                                  #arithPrefixOp
  // Primary expressions (PostgreSQL's c_expr), kept in this rule rather than
  // a rule of their own so that each operand is one parse-tree node less.
  | (INTEGER_LITERAL | NUMERIC_LITERAL | TRUE_P | FALSE_P | NULL_P)  #primLiteral
  | stringLiteral                                                   #primString
  | PARAM                                                           #primParam
  | typedLiteral                                                    #primTypedLiteral
  | specialFunction                                                 #primSpecialFunction
  | funcCall                                                        #primFuncCall
  | colId (DOT colLabel)* (DOT STAR)?                               #primColumnRef
  | LPAREN expr RPAREN fieldSelect*                                 #primParen
  | LPAREN selectStmt RPAREN                                        #primSubquery
  | LPAREN expr COMMA exprList RPAREN                               #primImplicitRow
  | ROW LPAREN exprList? RPAREN                                     #primRow
  | EXISTS LPAREN selectStmt RPAREN                                 #primExists
  | ARRAY LPAREN selectStmt RPAREN                                  #primArraySubquery
  | ARRAY arrayConstructor                                          #primArray
  | CASE expr? whenClause+ (ELSE expr)? END                         #primCase
  | CAST LPAREN expr AS typeName RPAREN                             #primCast
  // DEFAULT as a value (PostgreSQL's SetToDefault): parsed anywhere, like
  // PostgreSQL; the binder accepts it only as an item of INSERT's VALUES rows
  // (and UPDATE SET x = DEFAULT), elsewhere 42601 "DEFAULT is not allowed in
  // this context".
  | DEFAULT                                                         #primDefault
  ;

fieldSelect: DOT (colLabel | STAR);

arrayConstructor
  : LBRACKET (exprList | arrayConstructor (COMMA arrayConstructor)*)? RBRACKET
  ;

whenClause: WHEN expr THEN expr;


stringLiteral: STRING | ESCAPE_STRING | NATIONAL_STRING | DOLLAR_STRING;

// DATE '...', TIMESTAMP WITH TIME ZONE '...', INTERVAL '1' DAY, int4 '1', ...
typedLiteral
  : INTERVAL (LPAREN INTEGER_LITERAL RPAREN)? stringLiteral intervalQualifier?
  | simpleTypeName stringLiteral
  ;

funcCall
  : name=funcName LPAREN args=funcArgs? RPAREN within=withinGroupClause? filter=filterClause?
    over=overClause?
  ;

funcArgs
  : STAR
  | (ALL | distinct=DISTINCT)? items+=expr (COMMA items+=expr)* order=orderByClause?
  ;

funcName
  : colId (DOT colLabel)+
  | typeFunctionName
  ;

withinGroupClause: WITHIN GROUP LPAREN orderByClause RPAREN;

filterClause: FILTER LPAREN WHERE expr RPAREN;

overClause: OVER LPAREN windowSpec RPAREN;

windowSpec: (PARTITION BY exprList)? orderByClause? frameClause?;

frameClause
  : (RANGE | ROWS | GROUPS) (frameBound | BETWEEN frameBound AND frameBound)
  ;

frameBound
  : UNBOUNDED (PRECEDING | FOLLOWING)
  | CURRENT ROW
  | arithExpr (PRECEDING | FOLLOWING)
  ;

// Functions with SQL-standard syntax, normalized to ordinary calls.
specialFunction
  : CURRENT_DATE                                                            #sfCurrentDate
  | (CURRENT_TIME | CURRENT_TIMESTAMP | LOCALTIME | LOCALTIMESTAMP)
    (LPAREN INTEGER_LITERAL RPAREN)?                                        #sfCurrentTime
  | (CURRENT_USER | SESSION_USER | CURRENT_ROLE | USER | CURRENT_CATALOG)    #sfCurrentUser
  | CURRENT_SCHEMA (LPAREN RPAREN)?                                         #sfCurrentSchema
  | EXTRACT LPAREN extractField FROM expr RPAREN                            #sfExtract
  | SUBSTRING LPAREN expr
    ( FROM expr (FOR expr)?
    | FOR expr (FROM expr)?
    | (COMMA expr)*
    ) RPAREN                                                                #sfSubstring
  | POSITION LPAREN arithExpr IN arithExpr RPAREN                           #sfPosition
  | TRIM LPAREN trimSide=(BOTH | LEADING | TRAILING)?
    ( expr FROM exprList
    | FROM exprList
    | exprList
    ) RPAREN                                                                #sfTrim
  | OVERLAY LPAREN expr PLACING expr FROM expr (FOR expr)? RPAREN           #sfOverlay
  ;

extractField: identifier | stringLiteral;

exprList: expr (COMMA expr)*;

// ---------------------------------------------------------------- operators

compOp: EQ | NEQ | LT | LE | GT | GE;

subqueryOp
  : compOp
  | qualOp
  | NOT? (LIKE | ILIKE)
  ;

qualOp
  : CONCAT | TILDE | NOT_TILDE | TILDE_STAR | NOT_TILDE_STAR
  | LIKE_OP | NOT_LIKE_OP | ILIKE_OP | NOT_ILIKE_OP
  | AMPERSAND | PIPE | HASH | SHIFT_LEFT | SHIFT_RIGHT | AT_SIGN
  | CONTAINS | CONTAINED_BY | OVERLAPS_OP | ARROW | DOUBLE_ARROW
  | HASH_ARROW | HASH_DOUBLE_ARROW | SQRT_OP | CBRT_OP
  | OPERATOR LPAREN (colId DOT)* anyOperator RPAREN
  ;

anyOperator
  : qualOp
  | compOp
  | PLUS | MINUS | STAR | SLASH | PERCENT | CARET
  ;

// ---------------------------------------------------------------- types

typeName
  : simpleTypeName arrayBounds?
  ;

arrayBounds
  : (LBRACKET INTEGER_LITERAL? RBRACKET)+
  | ARRAY (LBRACKET INTEGER_LITERAL RBRACKET)?
  ;

simpleTypeName
  : DOUBLE PRECISION                                                        #typeDouble
  | (CHARACTER | CHAR) VARYING? typeModifiers?                              #typeCharacter
  | (TIME | TIMESTAMP) typeModifiers? (withTimeZone=WITH TIME ZONE | WITHOUT TIME ZONE)?  #typeDatetime
  | INTERVAL intervalQualifier? typeModifiers?                              #typeInterval
  | genericTypeName typeModifiers?                                          #typeGeneric
  ;

genericTypeName: identifier (DOT colLabel)*;

typeModifiers: LPAREN INTEGER_LITERAL (COMMA INTEGER_LITERAL)* RPAREN;

intervalQualifier
  : YEAR (TO MONTH)?
  | MONTH
  | DAY (TO (HOUR | MINUTE | intervalSecond))?
  | HOUR (TO (MINUTE | intervalSecond))?
  | MINUTE (TO intervalSecond)?
  | intervalSecond
  ;

intervalSecond: SECOND (LPAREN INTEGER_LITERAL RPAREN)?;

// ================================================================ names

qualifiedName: colId (DOT colLabel)*;

anyName: colId (DOT colLabel)*;

columnList: LPAREN colId (COMMA colId)* RPAREN;

// Names. Each rule lists its tokens directly (rather than referring to the
// keyword classes below) so a name is one parse-tree node: this keeps parsing
// fast. Keep the lists in step with the keyword classes at the end of the
// file; parser_test.cc checks every keyword against them.

// Ordinary names: identifiers and unreserved keywords.
identifier
  : IDENTIFIER | QUOTED_IDENTIFIER | ABORT | ABSOLUTE | APPEND | AT | BACKWARD | BEGIN
  | BY | CASCADE | CHAIN | CHARACTERISTICS | CLOSE | COMMIT | COMMITTED | COPY | CURRENT
  | CURSOR | DAY | DECLARE | DEFERRABLE | DELETE | DISCARD | DOUBLE | DROP | ENCODE
  | ESCAPE | EXPLAIN | FILTER | FIRST | FLUSH | FOLLOWING | FORMAT | FORWARD | GROUPS
  | HOLD | HOUR | IF | INCLUDE | INSENSITIVE | INSERT | ISOLATION | KEY | LAST | LEVEL
  | LOCAL | MATERIALIZED | MINUTE | MONTH | MOVE | NAMES | NEXT | NO | NULLS | OPERATOR
  | ORDINALITY | OVER | PARTITION | PRECEDING | PRIOR | RANGE | READ | RECURSIVE
  | RELATIVE | RELEASE | REPEATABLE | REPLACE | RESET | RESTRICT | ROLLBACK | ROWS
  | SAVEPOINT | SCHEMA | SCROLL | SECOND | SERIALIZABLE | SESSION | SET | SHOW | SINK
  | START | SUBSCRIBE | TABLES | TIES | TRANSACTION | UNBOUNDED | UNCOMMITTED | UNKNOWN | UNLISTEN
  | UPDATE | VARYING | VIEW | VIEWS | WATERMARK | WITHIN | WITHOUT | WORK | WRITE | YEAR
  | ZONE | EMIT
  | ALTER | ENCRYPTED | PASSWORD | PRIVILEGES | REVOKE | ROLE
  ;

// Column and table names: also the column-name keywords (time, timestamp, ...).
colId
  : IDENTIFIER | QUOTED_IDENTIFIER | ABORT | ABSOLUTE | APPEND | AT | BACKWARD | BEGIN
  | BY | CASCADE | CHAIN | CHARACTERISTICS | CLOSE | COMMIT | COMMITTED | COPY | CURRENT
  | CURSOR | DAY | DECLARE | DEFERRABLE | DELETE | DISCARD | DOUBLE | DROP | ENCODE
  | ESCAPE | EXPLAIN | FILTER | FIRST | FLUSH | FOLLOWING | FORMAT | FORWARD | GROUPS
  | HOLD | HOUR | IF | INCLUDE | INSENSITIVE | INSERT | ISOLATION | KEY | LAST | LEVEL
  | LOCAL | MATERIALIZED | MINUTE | MONTH | MOVE | NAMES | NEXT | NO | NULLS | OPERATOR
  | ORDINALITY | OVER | PARTITION | PRECEDING | PRIOR | RANGE | READ | RECURSIVE
  | RELATIVE | RELEASE | REPEATABLE | REPLACE | RESET | RESTRICT | ROLLBACK | ROWS
  | SAVEPOINT | SCHEMA | SCROLL | SECOND | SERIALIZABLE | SESSION | SET | SHOW | SINK
  | START | SUBSCRIBE | TABLES | TIES | TRANSACTION | UNBOUNDED | UNCOMMITTED | UNKNOWN | UNLISTEN
  | UPDATE | VARYING | VIEW | VIEWS | WATERMARK | WITHIN | WITHOUT | WORK | WRITE | YEAR
  | ZONE | EMIT | CHAR | CHARACTER | EXISTS | EXTRACT | INTERVAL | OVERLAY | POSITION
  | PRECISION | ROW | SUBSTRING | TIME | TIMESTAMP | TRIM | VALUES
  | ALTER | ENCRYPTED | PASSWORD | PRIVILEGES | REVOKE | ROLE
  ;

// Function names: also LEFT, RIGHT (PostgreSQL's type_func_name_keyword).
typeFunctionName
  : IDENTIFIER | QUOTED_IDENTIFIER | ABORT | ABSOLUTE | APPEND | AT | BACKWARD | BEGIN
  | BY | CASCADE | CHAIN | CHARACTERISTICS | CLOSE | COMMIT | COMMITTED | COPY | CURRENT
  | CURSOR | DAY | DECLARE | DEFERRABLE | DELETE | DISCARD | DOUBLE | DROP | ENCODE
  | ESCAPE | EXPLAIN | FILTER | FIRST | FLUSH | FOLLOWING | FORMAT | FORWARD | GROUPS
  | HOLD | HOUR | IF | INCLUDE | INSENSITIVE | INSERT | ISOLATION | KEY | LAST | LEVEL
  | LOCAL | MATERIALIZED | MINUTE | MONTH | MOVE | NAMES | NEXT | NO | NULLS | OPERATOR
  | ORDINALITY | OVER | PARTITION | PRECEDING | PRIOR | RANGE | READ | RECURSIVE
  | RELATIVE | RELEASE | REPEATABLE | REPLACE | RESET | RESTRICT | ROLLBACK | ROWS
  | SAVEPOINT | SCHEMA | SCROLL | SECOND | SERIALIZABLE | SESSION | SET | SHOW | SINK
  | START | SUBSCRIBE | TABLES | TIES | TRANSACTION | UNBOUNDED | UNCOMMITTED | UNKNOWN | UNLISTEN
  | UPDATE | VARYING | VIEW | VIEWS | WATERMARK | WITHIN | WITHOUT | WORK | WRITE | YEAR
  | ZONE | EMIT | LEFT | RIGHT
  | ALTER | ENCRYPTED | PASSWORD | PRIVILEGES | REVOKE | ROLE
  ;

// After AS and after a dot any keyword is a name.
colLabel
  : IDENTIFIER | QUOTED_IDENTIFIER | ABORT | ABSOLUTE | APPEND | AT | BACKWARD | BEGIN
  | BY | CASCADE | CHAIN | CHARACTERISTICS | CLOSE | COMMIT | COMMITTED | COPY | CURRENT
  | CURSOR | DAY | DECLARE | DEFERRABLE | DELETE | DISCARD | DOUBLE | DROP | ENCODE
  | ESCAPE | EXPLAIN | FILTER | FIRST | FLUSH | FOLLOWING | FORMAT | FORWARD | GROUPS
  | HOLD | HOUR | IF | INCLUDE | INSENSITIVE | INSERT | ISOLATION | KEY | LAST | LEVEL
  | LOCAL | MATERIALIZED | MINUTE | MONTH | MOVE | NAMES | NEXT | NO | NULLS | OPERATOR
  | ORDINALITY | OVER | PARTITION | PRECEDING | PRIOR | RANGE | READ | RECURSIVE
  | RELATIVE | RELEASE | REPEATABLE | REPLACE | RESET | RESTRICT | ROLLBACK | ROWS
  | SAVEPOINT | SCHEMA | SCROLL | SECOND | SERIALIZABLE | SESSION | SET | SHOW | SINK
  | START | SUBSCRIBE | TABLES | TIES | TRANSACTION | UNBOUNDED | UNCOMMITTED | UNKNOWN | UNLISTEN
  | UPDATE | VARYING | VIEW | VIEWS | WATERMARK | WITHIN | WITHOUT | WORK | WRITE | YEAR
  | ZONE | EMIT | CHAR | CHARACTER | EXISTS | EXTRACT | INTERVAL | OVERLAY | POSITION
  | PRECISION | ROW | SUBSTRING | TIME | TIMESTAMP | TRIM | VALUES | AUTHORIZATION
  | BINARY | CROSS | CURRENT_SCHEMA | FULL | ILIKE | INNER | IS | ISNULL | JOIN | LEFT
  | LIKE | NATURAL | NOTNULL | OUTER | RIGHT | SIMILAR | VERBOSE | ALL | ANALYZE | AND
  | ANY | ARRAY | AS | ASC | ASYMMETRIC | BETWEEN | BOTH | CASE | CAST | CHECK | COLLATE
  | CONSTRAINT | CREATE | CURRENT_CATALOG | CURRENT_DATE | CURRENT_ROLE | CURRENT_TIME
  | CURRENT_TIMESTAMP | CURRENT_USER | DEFAULT | DESC | DISTINCT | ELSE | END | EXCEPT
  | FALSE_P | FETCH | FOR | FROM | GROUP | HAVING | IN | INTERSECT | INTO | LATERAL
  | LEADING | LIMIT | LOCALTIME | LOCALTIMESTAMP | NOT | NULL_P | OFFSET | ON | ONLY | OR
  | ORDER | PLACING | PRIMARY | RETURNING | SELECT | SESSION_USER | SOME | SYMMETRIC
  | TABLE | THEN | TO | TRAILING | TRUE_P | UNION | UNIQUE | USER | USING | WHEN | WHERE
  | WINDOW | WITH
  | ALTER | ENCRYPTED | PASSWORD | PRIVILEGES | REVOKE | ROLE | GRANT
  ;

// An alias written without AS: not a keyword that could continue the query.
bareLabel
  : IDENTIFIER | QUOTED_IDENTIFIER | ABORT | ABSOLUTE | APPEND | AT | BACKWARD | BEGIN
  | BY | CASCADE | CHAIN | CHARACTERISTICS | CLOSE | COMMIT | COMMITTED | COPY | CURRENT
  | CURSOR | DAY | DECLARE | DEFERRABLE | DELETE | DISCARD | DOUBLE | DROP | ENCODE
  | ESCAPE | EXPLAIN | FILTER | FIRST | FLUSH | FOLLOWING | FORMAT | FORWARD | GROUPS
  | HOLD | HOUR | IF | INCLUDE | INSENSITIVE | INSERT | ISOLATION | KEY | LAST | LEVEL
  | LOCAL | MATERIALIZED | MINUTE | MONTH | MOVE | NAMES | NEXT | NO | NULLS | OPERATOR
  | ORDINALITY | OVER | PARTITION | PRECEDING | PRIOR | RANGE | READ | RECURSIVE
  | RELATIVE | RELEASE | REPEATABLE | REPLACE | RESET | RESTRICT | ROLLBACK | ROWS
  | SAVEPOINT | SCHEMA | SCROLL | SECOND | SERIALIZABLE | SESSION | SET | SHOW | SINK
  | START | SUBSCRIBE | TABLES | TIES | TRANSACTION | UNBOUNDED | UNCOMMITTED | UNKNOWN | UNLISTEN
  | UPDATE | VARYING | VIEW | VIEWS | WATERMARK | WITHIN | WITHOUT | WORK | WRITE | YEAR
  | ZONE
  | ALTER | ENCRYPTED | PASSWORD | PRIVILEGES | REVOKE | ROLE
  ;

// ---------------------------------------------------------------- keyword classes
// (documentation of the classes used above; not referenced by other rules)

unreservedKeyword
  : bareUnreservedKeyword
  | EMIT
  ;

bareUnreservedKeyword
  : ABORT | ABSOLUTE | APPEND | AT | BACKWARD | BEGIN | BY | CASCADE | CHAIN
  | CHARACTERISTICS | CLOSE | COMMIT | COMMITTED | COPY | CURRENT | CURSOR | DAY
  | DECLARE | DEFERRABLE | DELETE | DISCARD | DOUBLE | DROP | ENCODE | ESCAPE
  | EXPLAIN | FILTER | FIRST | FLUSH | FOLLOWING | FORMAT | FORWARD | GROUPS | HOLD
  | HOUR | IF | INCLUDE | INSENSITIVE | INSERT | ISOLATION | KEY | LAST | LEVEL
  | LOCAL | MATERIALIZED | MINUTE | MONTH | MOVE | NAMES | NEXT | NO | NULLS
  | OPERATOR | ORDINALITY | OVER | PARTITION | PRECEDING | PRIOR | RANGE | READ
  | RECURSIVE | RELATIVE | RELEASE | REPEATABLE | REPLACE | RESET | RESTRICT
  | ROLLBACK | ROWS | SAVEPOINT | SCHEMA | SCROLL | SECOND | SERIALIZABLE | SESSION
  | SET | SHOW | SINK | START | SUBSCRIBE | TABLES | TIES | TRANSACTION | UNBOUNDED
  | UNCOMMITTED | UNKNOWN | UNLISTEN | UPDATE | VARYING | VIEW | VIEWS | WATERMARK
  | WITHIN | WITHOUT | WORK | WRITE | YEAR | ZONE
  | ALTER | ENCRYPTED | PASSWORD | PRIVILEGES | REVOKE | ROLE
  ;

colNameKeyword
  : CHAR | CHARACTER | EXISTS | EXTRACT | INTERVAL | OVERLAY | POSITION | PRECISION
  | ROW | SUBSTRING | TIME | TIMESTAMP | TRIM | VALUES
  ;

typeFuncNameKeyword
  : AUTHORIZATION | BINARY | CROSS | CURRENT_SCHEMA | FULL | ILIKE | INNER | IS
  | ISNULL | JOIN | LEFT | LIKE | NATURAL | NOTNULL | OUTER | RIGHT | SIMILAR | VERBOSE
  ;

reservedKeyword
  : ALL | ANALYZE | AND | ANY | ARRAY | AS | ASC | ASYMMETRIC | BETWEEN | BOTH | CASE
  | CAST | CHECK | COLLATE | CONSTRAINT | CREATE | CURRENT_CATALOG | CURRENT_DATE
  | CURRENT_ROLE | CURRENT_TIME | CURRENT_TIMESTAMP | CURRENT_USER | DEFAULT | DESC
  | DISTINCT | ELSE | END | EXCEPT | FALSE_P | FETCH | FOR | FROM | GROUP | HAVING | IN
  | INTERSECT | INTO | LATERAL | LEADING | LIMIT | LOCALTIME | LOCALTIMESTAMP | NOT
  | NULL_P | OFFSET | ON | ONLY | OR | ORDER | PLACING | PRIMARY | RETURNING | SELECT
  | SESSION_USER | SOME | SYMMETRIC | TABLE | THEN | TO | TRAILING | TRUE_P | UNION
  | UNIQUE | USER | USING | WHEN | WHERE | WINDOW | WITH
  ;
