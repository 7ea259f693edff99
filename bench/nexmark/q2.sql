-- q2 selection.
CREATE MATERIALIZED VIEW nexmark_q2 AS
SELECT auction, price FROM bid WHERE auction % 123 = 0;
