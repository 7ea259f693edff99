-- A first session: create, insert, query, in psql's aligned format.
CREATE TABLE fruit (id INTEGER PRIMARY KEY, name TEXT NOT NULL, price NUMERIC(6,2), ripe BOOLEAN, picked DATE);
INSERT INTO fruit VALUES (1, 'apple', 1.20, true, '2024-09-01'), (2, 'banana', 0.35, false, NULL), (3, 'cherry', 12.00, NULL, '2024-06-15');
INSERT INTO fruit (id, name) VALUES (4, 'durian');
SELECT * FROM fruit ORDER BY id;
SELECT name, price * 2 AS double_price FROM fruit WHERE price IS NOT NULL ORDER BY price DESC;
SELECT count(*), sum(price), avg(price), min(picked), max(name) FROM fruit;
UPDATE fruit SET price = 2.50 WHERE name = 'durian';
DELETE FROM fruit WHERE ripe IS FALSE;
SELECT id, name, price FROM fruit ORDER BY id;
SELECT 1 + 1, 'text' AS label, NULL AS nothing, 2.5::float8 AS f, TIMESTAMP '2024-01-02 03:04:05' AS ts;
SELECT id FROM fruit WHERE false;
\pset null '(null)'
SELECT name, ripe FROM fruit ORDER BY id;
\x on
SELECT * FROM fruit WHERE id = 1;
\x off
DROP TABLE fruit;
