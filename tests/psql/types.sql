-- Each type's text format as psql prints it (aligned, right-aligned numbers).
CREATE TABLE ty (
  b BOOLEAN, i2 SMALLINT, i4 INTEGER, i8 BIGINT, r REAL, d DOUBLE PRECISION, n NUMERIC(12,3),
  v VARCHAR(8), t TEXT, dt DATE, tm TIME, ts TIMESTAMP, tz TIMESTAMPTZ, iv INTERVAL);
INSERT INTO ty VALUES
  (true, -32768, 2147483647, -9223372036854775808, 1.5, 0.1, 123456789.125, 'short', 'a longer text value', '2024-02-29', '13:14:15.5', '2024-02-29 13:14:15.123456', '2024-02-29 13:14:15+02', '1 year 2 mons 3 days 04:05:06'),
  (false, 0, 0, 0, -0.25, '1e100', -0.001, '', '', '1970-01-01', '00:00:00', '1970-01-01 00:00:00', '1970-01-01 00:00:00+00', '-1 days'),
  (NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL);
SELECT b, i2, i4, i8, r, d, n FROM ty ORDER BY i2 NULLS LAST;
SELECT v, t, dt, tm FROM ty ORDER BY dt DESC NULLS LAST;
SELECT ts, tz, iv FROM ty ORDER BY ts DESC NULLS LAST;
SELECT E'multi\nline' AS ml, 'ünï ✓' AS utf8;
DROP TABLE ty;
