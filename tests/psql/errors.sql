-- Errors as psql shows them: SQLSTATE message, the caret under the position, and the
-- session going on afterwards.
CREATE TABLE t (a INTEGER, b TEXT, PRIMARY KEY (a));
INSERT INTO t VALUES (1, 'one');
SELEC * FROM t;
SELECT * FROM t WHERE a = = 1;
SELECT * FROM missing_table;
SELECT nope FROM t;
SELECT a FROM t WHERE b = 'one' AND nosuch > 1;
SELECT 1 / 0;
SELECT 'abc'::integer;
SELECT 2147483647 + 1;
CREATE TABLE t (x INTEGER);
SELECT a FROM t WHERE b;
SELECT * FROM t ORDER BY a;
