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
