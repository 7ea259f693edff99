-- The demo that `make run` loads into a fresh data directory.
CREATE TABLE demo_orders (
  id BIGINT PRIMARY KEY,
  customer TEXT NOT NULL,
  amount NUMERIC(10,2),
  placed_at TIMESTAMP NOT NULL
);
INSERT INTO demo_orders VALUES
  (1, 'ada',   25.50, '2026-11-23 09:00:00'),
  (2, 'ada',    4.50, '2026-11-23 09:30:00'),
  (3, 'grace', 100.00, '2026-11-23 10:15:00'),
  (4, 'linus',  12.00, '2026-11-23 10:45:00'),
  (5, 'grace',  7.25, '2026-11-23 11:05:00');

-- A materialized view: kept current as orders arrive (try an INSERT, then SELECT it again).
CREATE MATERIALIZED VIEW demo_revenue AS
  SELECT customer, count(*) AS orders, sum(amount) AS revenue FROM demo_orders GROUP BY customer;

-- An event-time table and a tumbling-window view that emits each hour once, when it closes.
CREATE TABLE demo_clicks (user_id INT, page TEXT, ts TIMESTAMP,
                          WATERMARK FOR ts AS ts - INTERVAL '5' MINUTE);
CREATE MATERIALIZED VIEW demo_clicks_per_hour AS
  SELECT window_start, window_end, page, count(*) AS clicks
  FROM TUMBLE(demo_clicks, ts, INTERVAL '1' HOUR)
  GROUP BY window_start, window_end, page
  EMIT ON WINDOW CLOSE;
INSERT INTO demo_clicks VALUES
  (1, '/home', '2026-11-23 09:10:00'), (2, '/home', '2026-11-23 09:40:00'),
  (1, '/docs', '2026-11-23 09:55:00'), (3, '/home', '2026-11-23 10:20:00');

-- A table fed by a generator (connector = 'datagen'): five new orders a second,
-- and a view that keeps up with them (run the SELECT twice, a second apart).
CREATE TABLE demo_live_orders (id BIGINT, customer INT, amount NUMERIC(10,2), placed_at TIMESTAMP)
WITH (connector = 'datagen', fields.id.kind = 'sequence', fields.customer.min = '1',
      fields.customer.max = '5', fields.amount.min = '1', fields.amount.max = '100',
      datagen.rows.per.second = '5');
CREATE MATERIALIZED VIEW demo_live_revenue AS
  SELECT customer, count(*) AS orders, sum(amount) AS revenue
  FROM demo_live_orders GROUP BY customer;
