-- q4 average closing price per category: the highest bid within each auction's lifetime,
-- averaged per category (two aggregates over an unbounded join; retractions flow through both).
CREATE MATERIALIZED VIEW nexmark_q4 AS
SELECT Q.category, AVG(Q.final) AS avg
FROM (
  SELECT MAX(B.price) AS final, A.category
  FROM auction A JOIN bid B ON A.id = B.auction
  WHERE B.date_time BETWEEN A.date_time AND A.expires
  GROUP BY A.id, A.category
) Q
GROUP BY Q.category;
