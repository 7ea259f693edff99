-- Queries run against both PostgreSQL 15 and kappadb on the same data (dataset.py).
-- One query per entry, each ending with ';' at the end of a line. A query whose
-- outermost level has ORDER BY is compared in order (every ORDER BY here is a
-- total order), any other as a multiset. Floats are compared with a small
-- relative tolerance, everything else as exact text.

-- scans, filters, projections
SELECT count(*) FROM customers;
SELECT count(*), count(city), count(signup), count(vip), count(credit) FROM customers;
SELECT id, name, city, signup, vip, credit FROM customers WHERE id <= 25;
SELECT id, amount, qty, discount, weight, placed_at, shipped_at, status, note FROM orders WHERE id % 97 = 0;
SELECT * FROM products WHERE price > 900 OR rating < 0.1;
SELECT id, name FROM customers WHERE city = 'Zürich' AND vip AND credit > 1000 ORDER BY id;
SELECT id FROM orders WHERE note LIKE '%!' OR note ILIKE 'LEAVE%' OR note LIKE '%\%%' OR note LIKE 'a\_b';
SELECT id, status FROM orders WHERE status IN ('new', 'returned') AND qty BETWEEN 10 AND 20;
SELECT id FROM orders WHERE status NOT IN ('new', 'paid', 'shipped', 'delivered');
SELECT id, city IS NULL, city = '' FROM customers WHERE id BETWEEN 100 AND 140;
SELECT id, amount * qty, amount / 7, qty / 7, qty % 7, -qty FROM orders WHERE id <= 200 AND qty <> 0;
SELECT id, discount * 2, weight / 3, weight * qty, amount * discount FROM orders WHERE id <= 100;
SELECT orders.id, amount + 0.005, credit - amount FROM orders JOIN customers c ON c.id = orders.customer_id WHERE orders.id < 60;

-- expressions and functions
SELECT id, CASE WHEN amount IS NULL THEN 'none' WHEN amount < 1000 THEN 'small' WHEN amount < 10000 THEN 'medium' ELSE 'large' END FROM orders WHERE id <= 300;
SELECT id, coalesce(note, status, 'n/a'), nullif(status, 'new') FROM orders WHERE id <= 300;
SELECT id, CAST(amount AS INTEGER), amount::text, qty::numeric / 4, weight::numeric(10,1), id::text || '-' || coalesce(status, '?') FROM orders WHERE id <= 150;
SELECT id, upper(name), lower(city), length(city), substring(name FROM 2 FOR 3), position('_' IN name) FROM customers WHERE id <= 120;
SELECT o.id, concat(name, '@', city), trim(note), replace(coalesce(note, ''), ' ', '+'), name || '/' || city FROM customers JOIN orders o ON o.customer_id = customers.id WHERE o.id <= 100;
SELECT id, date_trunc('month', placed_at), date_trunc('hour', placed_at), extract(dow FROM placed_at), extract(hour FROM placed_at) FROM orders WHERE id <= 200;
SELECT id, placed_at + INTERVAL '1 day 2 hours', placed_at - INTERVAL '3 months', shipped_at - placed_at, date_part('epoch', shipped_at - placed_at) FROM orders WHERE id <= 200;
SELECT id, extract(year FROM signup), extract(month FROM signup), signup + 30, signup - DATE '2023-01-01' FROM customers WHERE id <= 200;
SELECT id, ts, dur, ts + dur, extract(epoch FROM dur), t, d FROM events WHERE id <= 150;
SELECT id, (vip AND credit > 0), (vip OR credit > 0), NOT vip FROM customers WHERE id <= 200;

-- aggregates
SELECT count(*), count(amount), sum(amount), avg(amount), min(amount), max(amount) FROM orders;
SELECT sum(qty), avg(qty), min(qty), max(qty), count(DISTINCT qty) FROM orders;
SELECT sum(weight), avg(weight), min(weight), max(weight) FROM orders;
SELECT sum(discount), avg(discount), max(discount), count(DISTINCT discount) FROM orders;
SELECT min(placed_at), max(placed_at), min(shipped_at), max(shipped_at), max(shipped_at - placed_at) FROM orders;
SELECT sum(val), avg(val), min(val), max(val), min(dur), max(dur), min(t), max(d) FROM events;
SELECT status, count(*), sum(amount), avg(amount), min(note), max(note) FROM orders GROUP BY status;
SELECT city, vip, count(*), sum(credit), avg(credit) FROM customers GROUP BY city, vip;
SELECT category, count(*), avg(price), max(rating), min(name) FROM products GROUP BY category;
SELECT customer_id, count(*), sum(amount) FROM orders GROUP BY customer_id HAVING count(*) > 9;
SELECT status, count(*) FILTER (WHERE qty > 100), sum(amount) FILTER (WHERE discount > 0), count(DISTINCT customer_id) FROM orders GROUP BY status;
SELECT date_trunc('month', placed_at) AS m, count(*), sum(qty) FROM orders GROUP BY date_trunc('month', placed_at) ORDER BY m;
SELECT extract(dow FROM ts) AS dow, kind, count(*), sum(val) FROM events GROUP BY 1, 2;
SELECT kind, count(*) FROM events GROUP BY kind HAVING sum(val) > 0 OR count(*) > 210;
SELECT count(*) FROM (SELECT DISTINCT city, vip FROM customers) x;
SELECT DISTINCT status, qty % 3 FROM orders WHERE qty IS NOT NULL;
SELECT qty % 5 AS bucket, count(*), min(id), max(id) FROM orders GROUP BY qty % 5;

-- joins
SELECT o.id, c.name, o.amount FROM orders o JOIN customers c ON c.id = o.customer_id WHERE o.id <= 300;
SELECT c.city, count(o.id), sum(o.amount) FROM customers c LEFT JOIN orders o ON o.customer_id = c.id GROUP BY c.city;
SELECT o.id, o.customer_id, c.id FROM orders o LEFT JOIN customers c ON c.id = o.customer_id WHERE c.id IS NULL;
SELECT c.id, o.id FROM orders o RIGHT JOIN customers c ON c.id = o.customer_id WHERE o.id IS NULL;
SELECT coalesce(c.id, -1), coalesce(o.id, -1) FROM customers c FULL OUTER JOIN orders o ON c.id = o.customer_id WHERE c.id IS NULL OR o.id IS NULL;
SELECT p.category, sum(oi.qty), count(DISTINCT oi.order_id) FROM order_items oi JOIN products p ON p.id = oi.product_id GROUP BY p.category;
SELECT c.id, sum(oi.qty * p.price) FROM customers c JOIN orders o ON o.customer_id = c.id JOIN order_items oi ON oi.order_id = o.id JOIN products p ON p.id = oi.product_id GROUP BY c.id HAVING sum(oi.qty * p.price) > 5000;
SELECT a.id, b.id FROM products a JOIN products b ON a.category = b.category AND a.price > b.price * 50;
SELECT count(*) FROM products a CROSS JOIN products b WHERE a.rating > b.rating + 4.5;
SELECT o.id, p.name FROM orders o, order_items oi, products p WHERE oi.order_id = o.id AND p.id = oi.product_id AND o.id < 40;
SELECT c.id, o.id FROM customers c JOIN orders o ON o.customer_id = c.id AND o.placed_at < c.signup + 1 WHERE c.id < 200;

-- subqueries
SELECT id, name FROM customers WHERE id IN (SELECT customer_id FROM orders WHERE amount > 19900);
SELECT count(*) FROM customers WHERE id NOT IN (SELECT customer_id FROM orders WHERE customer_id IS NOT NULL);
SELECT id FROM customers c WHERE NOT EXISTS (SELECT 1 FROM orders o WHERE o.customer_id = c.id);
SELECT id FROM products p WHERE EXISTS (SELECT 1 FROM order_items oi WHERE oi.product_id = p.id AND oi.qty = 10) AND p.id < 60;
SELECT id, amount FROM orders WHERE amount > (SELECT avg(amount) * 1.9 FROM orders);
SELECT c.id, (SELECT count(*) FROM orders o WHERE o.customer_id = c.id), (SELECT max(amount) FROM orders o WHERE o.customer_id = c.id) FROM customers c WHERE c.id <= 100;
SELECT o.id FROM orders o WHERE o.amount = (SELECT max(o2.amount) FROM orders o2 WHERE o2.customer_id = o.customer_id);
SELECT category, cnt FROM (SELECT category, count(*) AS cnt FROM products GROUP BY category) s WHERE cnt > 30;
SELECT k, n FROM (SELECT kind AS k, count(*) AS n, sum(val) AS s FROM events GROUP BY kind) sub WHERE s IS NOT NULL;

-- CTEs
WITH big AS (SELECT customer_id, sum(amount) AS total FROM orders GROUP BY customer_id) SELECT c.name, b.total FROM big b JOIN customers c ON c.id = b.customer_id WHERE b.total > 100000;
WITH m AS (SELECT date_trunc('month', placed_at) AS month, sum(amount) AS s FROM orders GROUP BY 1), r AS (SELECT max(s) AS top FROM m) SELECT month, s FROM m, r WHERE s = r.top;
WITH x AS (SELECT id, qty FROM orders WHERE qty > 250), y AS (SELECT id FROM x WHERE qty % 2 = 0) SELECT count(*), (SELECT count(*) FROM x) FROM y;

-- set operations
SELECT customer_id FROM orders WHERE amount > 19000 UNION SELECT id FROM customers WHERE credit > 8990;
SELECT customer_id FROM orders WHERE amount > 19000 UNION ALL SELECT id FROM customers WHERE credit > 8990;
SELECT city FROM customers WHERE vip INTERSECT SELECT city FROM customers WHERE NOT vip;
SELECT customer_id FROM orders WHERE customer_id IS NOT NULL EXCEPT SELECT id FROM customers;
SELECT status FROM orders EXCEPT SELECT 'new';

-- ORDER BY with LIMIT / OFFSET (ordered comparison)
SELECT id, amount FROM orders ORDER BY amount DESC NULLS LAST, id LIMIT 25;
SELECT id, amount FROM orders ORDER BY amount NULLS FIRST, id LIMIT 10 OFFSET 5;
SELECT id, name, credit FROM customers ORDER BY city NULLS FIRST, credit DESC, id LIMIT 40;
SELECT id, weight FROM orders ORDER BY weight, id OFFSET 2980;
SELECT id, placed_at FROM orders ORDER BY placed_at DESC, id LIMIT 20;
SELECT customer_id, count(*) AS n FROM orders GROUP BY customer_id ORDER BY n DESC, customer_id NULLS FIRST LIMIT 15;
SELECT name, length(name) FROM customers ORDER BY length(name) DESC, name LIMIT 10;
SELECT kind, ts FROM events ORDER BY kind, ts DESC, id LIMIT 30;
SELECT id FROM orders WHERE status = 'paid' ORDER BY shipped_at - placed_at DESC NULLS LAST, id LIMIT 12;
SELECT id, note FROM orders WHERE note IS NOT NULL ORDER BY note, id LIMIT 20;
