// The kappadb SQL lexer: PostgreSQL's lexical structure.
//
// - Keywords are case-insensitive (fragments A..Z below). Which keywords may
//   also be used as names is decided in the parser (KappaSqlParser.g4).
// - Comments (-- to end of line, /* nested */) and whitespace are skipped.
// - Strings: '...' with '' escapes, E'...' with backslash escapes, $$...$$ and
//   $tag$...$tag$ (dollar quoting, matched by a small action below).
// - Unterminated strings, comments and quoted identifiers become the
//   UNTERMINATED_* tokens, and any other unexpected character ERROR_CHAR, so
//   the lexer itself never fails: the parser reports the error with
//   PostgreSQL's message and position.
lexer grammar KappaSqlLexer;

tokens { UNTERMINATED_COMMENT, UNTERMINATED_DOLLAR_STRING }

@lexer::members {
  // Called after "/*": consumes the rest of a (nested) block comment.
  void ConsumeBlockComment() {
    int depth = 1;
    for (;;) {
      size_t c = _input->LA(1);
      if (c == antlr4::Token::EOF) {
        setType(UNTERMINATED_COMMENT);
        return;
      }
      _input->consume();
      if (c == '*' && _input->LA(1) == '/') {
        _input->consume();
        if (--depth == 0) {
          skip();
          return;
        }
      } else if (c == '/' && _input->LA(1) == '*') {
        _input->consume();
        ++depth;
      }
    }
  }

  // Called after the opening dollar-quote tag (e.g. "$$"): consumes up
  // to and including the same tag closing the string.
  void ConsumeDollarString() {
    const size_t start = tokenStartCharIndex;
    const size_t tag_len = _input->index() - start;  // includes both '$'
    std::u32string tag;
    for (size_t i = 0; i < tag_len; ++i) tag.push_back(static_cast<char32_t>(_input->LA(-static_cast<ssize_t>(tag_len - i))));
    for (;;) {
      size_t c = _input->LA(1);
      if (c == antlr4::Token::EOF) {
        setType(UNTERMINATED_DOLLAR_STRING);
        return;
      }
      if (c == '$') {
        bool match = true;
        for (size_t i = 0; i < tag_len; ++i) {
          if (_input->LA(static_cast<ssize_t>(i + 1)) != tag[i]) {
            match = false;
            break;
          }
        }
        if (match) {
          for (size_t i = 0; i < tag_len; ++i) _input->consume();
          return;
        }
      }
      _input->consume();
    }
  }
}

// ---------------------------------------------------------------- keywords
ABORT: A B O R T;
ABSOLUTE: A B S O L U T E;
ALL: A L L;
ANALYZE: A N A L Y Z E;
AND: A N D;
ANY: A N Y;
ALTER: A L T E R;
APPEND: A P P E N D;
ARRAY: A R R A Y;
AS: A S;
ASC: A S C;
ASYMMETRIC: A S Y M M E T R I C;
AT: A T;
AUTHORIZATION: A U T H O R I Z A T I O N;
BACKWARD: B A C K W A R D;
BEGIN: B E G I N;
BETWEEN: B E T W E E N;
BINARY: B I N A R Y;
BOTH: B O T H;
BY: B Y;
CASCADE: C A S C A D E;
CASE: C A S E;
CAST: C A S T;
CHAIN: C H A I N;
CHAR: C H A R;
CHARACTER: C H A R A C T E R;
CHARACTERISTICS: C H A R A C T E R I S T I C S;
CHECK: C H E C K;
CLOSE: C L O S E;
COLLATE: C O L L A T E;
COMMIT: C O M M I T;
COMMITTED: C O M M I T T E D;
CONSTRAINT: C O N S T R A I N T;
COPY: C O P Y;
CREATE: C R E A T E;
CROSS: C R O S S;
CURRENT: C U R R E N T;
CURRENT_CATALOG: C U R R E N T '_' C A T A L O G;
CURRENT_DATE: C U R R E N T '_' D A T E;
CURRENT_ROLE: C U R R E N T '_' R O L E;
CURRENT_SCHEMA: C U R R E N T '_' S C H E M A;
CURRENT_TIME: C U R R E N T '_' T I M E;
CURRENT_TIMESTAMP: C U R R E N T '_' T I M E S T A M P;
CURRENT_USER: C U R R E N T '_' U S E R;
CURSOR: C U R S O R;
DAY: D A Y;
DECLARE: D E C L A R E;
DEFAULT: D E F A U L T;
DEFERRABLE: D E F E R R A B L E;
DELETE: D E L E T E;
DESC: D E S C;
DISCARD: D I S C A R D;
DISTINCT: D I S T I N C T;
DOUBLE: D O U B L E;
DROP: D R O P;
ELSE: E L S E;
EMIT: E M I T;
ENCODE: E N C O D E;
ENCRYPTED: E N C R Y P T E D;
END: E N D;
ESCAPE: E S C A P E;
EXCEPT: E X C E P T;
EXISTS: E X I S T S;
EXPLAIN: E X P L A I N;
EXTRACT: E X T R A C T;
FALSE_P: F A L S E;
FETCH: F E T C H;
FILTER: F I L T E R;
FIRST: F I R S T;
FLUSH: F L U S H;
FOLLOWING: F O L L O W I N G;
FOR: F O R;
FORMAT: F O R M A T;
FORWARD: F O R W A R D;
FROM: F R O M;
FULL: F U L L;
GRANT: G R A N T;
GROUP: G R O U P;
GROUPS: G R O U P S;
HAVING: H A V I N G;
HOLD: H O L D;
HOUR: H O U R;
IF: I F;
ILIKE: I L I K E;
IN: I N;
INCLUDE: I N C L U D E;
INNER: I N N E R;
INSENSITIVE: I N S E N S I T I V E;
INSERT: I N S E R T;
INTERSECT: I N T E R S E C T;
INTERVAL: I N T E R V A L;
INTO: I N T O;
IS: I S;
ISNULL: I S N U L L;
ISOLATION: I S O L A T I O N;
JOIN: J O I N;
KEY: K E Y;
LAST: L A S T;
LATERAL: L A T E R A L;
LEADING: L E A D I N G;
LEFT: L E F T;
LEVEL: L E V E L;
LIKE: L I K E;
LIMIT: L I M I T;
LOCAL: L O C A L;
LOCALTIME: L O C A L T I M E;
LOCALTIMESTAMP: L O C A L T I M E S T A M P;
MATERIALIZED: M A T E R I A L I Z E D;
MINUTE: M I N U T E;
MONTH: M O N T H;
MOVE: M O V E;
NAMES: N A M E S;
NATURAL: N A T U R A L;
NEXT: N E X T;
NO: N O;
NOT: N O T;
NOTNULL: N O T N U L L;
NULL_P: N U L L;
NULLS: N U L L S;
OFFSET: O F F S E T;
ON: O N;
ONLY: O N L Y;
OPERATOR: O P E R A T O R;
OR: O R;
ORDER: O R D E R;
ORDINALITY: O R D I N A L I T Y;
OUTER: O U T E R;
OVER: O V E R;
OVERLAY: O V E R L A Y;
PARTITION: P A R T I T I O N;
PLACING: P L A C I N G;
POSITION: P O S I T I O N;
PRECEDING: P R E C E D I N G;
PRECISION: P R E C I S I O N;
PASSWORD: P A S S W O R D;
PRIMARY: P R I M A R Y;
PRIOR: P R I O R;
PRIVILEGES: P R I V I L E G E S;
RANGE: R A N G E;
READ: R E A D;
RECURSIVE: R E C U R S I V E;
RELATIVE: R E L A T I V E;
RELEASE: R E L E A S E;
REPEATABLE: R E P E A T A B L E;
REPLACE: R E P L A C E;
RESET: R E S E T;
RESTRICT: R E S T R I C T;
RETURNING: R E T U R N I N G;
REVOKE: R E V O K E;
RIGHT: R I G H T;
ROLE: R O L E;
ROLLBACK: R O L L B A C K;
ROW: R O W;
ROWS: R O W S;
SAVEPOINT: S A V E P O I N T;
SCHEMA: S C H E M A;
SCROLL: S C R O L L;
SECOND: S E C O N D;
SELECT: S E L E C T;
SERIALIZABLE: S E R I A L I Z A B L E;
SESSION: S E S S I O N;
SESSION_USER: S E S S I O N '_' U S E R;
SET: S E T;
SHOW: S H O W;
SIMILAR: S I M I L A R;
SINK: S I N K;
SOME: S O M E;
START: S T A R T;
SUBSCRIBE: S U B S C R I B E;
SUBSTRING: S U B S T R I N G;
SYMMETRIC: S Y M M E T R I C;
TABLE: T A B L E;
TABLES: T A B L E S;
THEN: T H E N;
TIES: T I E S;
TIME: T I M E;
TIMESTAMP: T I M E S T A M P;
TO: T O;
TRAILING: T R A I L I N G;
TRANSACTION: T R A N S A C T I O N;
TRIM: T R I M;
TRUE_P: T R U E;
UNBOUNDED: U N B O U N D E D;
UNCOMMITTED: U N C O M M I T T E D;
UNION: U N I O N;
UNIQUE: U N I Q U E;
UNKNOWN: U N K N O W N;
UNLISTEN: U N L I S T E N;
UPDATE: U P D A T E;
USER: U S E R;
USING: U S I N G;
VALUES: V A L U E S;
VARYING: V A R Y I N G;
VERBOSE: V E R B O S E;
VIEW: V I E W;
VIEWS: V I E W S;
WATERMARK: W A T E R M A R K;
WHEN: W H E N;
WHERE: W H E R E;
WINDOW: W I N D O W;
WITH: W I T H;
WITHIN: W I T H I N;
WITHOUT: W I T H O U T;
WORK: W O R K;
WRITE: W R I T E;
YEAR: Y E A R;
ZONE: Z O N E;

// ---------------------------------------------------------------- literals
INTEGER_LITERAL: DIGIT+;
NUMERIC_LITERAL
  : DIGIT+ '.' DIGIT* EXPONENT?
  | '.' DIGIT+ EXPONENT?
  | DIGIT+ EXPONENT
  ;
STRING: '\'' ( ~'\'' | '\'\'' )* '\'';
ESCAPE_STRING: E '\'' ( ~['\\] | '\'\'' | '\\' . )* '\'';
NATIONAL_STRING: N '\'' ( ~'\'' | '\'\'' )* '\'';
DOLLAR_STRING: '$' DOLLAR_TAG? '$' { ConsumeDollarString(); };
PARAM: '$' DIGIT+;

// ---------------------------------------------------------------- names
IDENTIFIER: IDENT_START IDENT_CONT*;
QUOTED_IDENTIFIER: '"' ( ~'"' | '""' )* '"';

// ---------------------------------------------------------------- punctuation and operators
SEMI: ';';
COMMA: ',';
DOT: '.';
LPAREN: '(';
RPAREN: ')';
LBRACKET: '[';
RBRACKET: ']';
COLON: ':';
DCOLON: '::';
COLON_EQUALS: ':=';
EQUALS_GREATER: '=>';
PLUS: '+';
MINUS: '-';
STAR: '*';
SLASH: '/';
PERCENT: '%';
CARET: '^';
EQ: '=';
NEQ: '<>' | '!=';
LT: '<';
LE: '<=';
GT: '>';
GE: '>=';
CONCAT: '||';
TILDE: '~';
NOT_TILDE: '!~';
TILDE_STAR: '~*';
NOT_TILDE_STAR: '!~*';
LIKE_OP: '~~';
NOT_LIKE_OP: '!~~';
ILIKE_OP: '~~*';
NOT_ILIKE_OP: '!~~*';
AMPERSAND: '&';
PIPE: '|';
HASH: '#';
SHIFT_LEFT: '<<';
SHIFT_RIGHT: '>>';
AT_SIGN: '@';
CONTAINS: '@>';
CONTAINED_BY: '<@';
OVERLAPS_OP: '&&';
ARROW: '->';
DOUBLE_ARROW: '->>';
HASH_ARROW: '#>';
HASH_DOUBLE_ARROW: '#>>';
SQRT_OP: '|/';
CBRT_OP: '||/';

// ---------------------------------------------------------------- skipped
WHITESPACE: [ \t\r\n\f\u000B]+ -> skip;
LINE_COMMENT: '--' ~[\r\n]* -> skip;
BLOCK_COMMENT: '/*' { ConsumeBlockComment(); };

// ---------------------------------------------------------------- errors
UNTERMINATED_STRING: ( '\'' | N '\'' ) ( ~'\'' | '\'\'' )*;
UNTERMINATED_ESCAPE_STRING: E '\'' ( ~['\\] | '\'\'' | '\\' . )* '\\'?;
UNTERMINATED_QUOTED_IDENTIFIER: '"' ( ~'"' | '""' )*;
ERROR_CHAR: .;

// ---------------------------------------------------------------- fragments
fragment DIGIT: [0-9];
fragment EXPONENT: [eE] [+-]? DIGIT+;
fragment IDENT_START: [a-zA-Z_\u0080-\u{10FFFF}];
fragment IDENT_CONT: [a-zA-Z_0-9$\u0080-\u{10FFFF}];
fragment DOLLAR_TAG: [a-zA-Z_\u0080-\u{10FFFF}] [a-zA-Z_0-9\u0080-\u{10FFFF}]*;

fragment A: [aA]; fragment B: [bB]; fragment C: [cC]; fragment D: [dD];
fragment E: [eE]; fragment F: [fF]; fragment G: [gG]; fragment H: [hH];
fragment I: [iI]; fragment J: [jJ]; fragment K: [kK]; fragment L: [lL];
fragment M: [mM]; fragment N: [nN]; fragment O: [oO]; fragment P: [pP];
fragment Q: [qQ]; fragment R: [rR]; fragment S: [sS]; fragment T: [tT];
fragment U: [uU]; fragment V: [vV]; fragment W: [wW]; fragment X: [xX];
fragment Y: [yY]; fragment Z: [zZ];
