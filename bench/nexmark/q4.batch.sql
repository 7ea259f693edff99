SELECT Q.category, AVG(Q.final) AS avg
FROM (
  SELECT MAX(B.price) AS final, A.category
  FROM auction A JOIN bid B ON A.id = B.auction
  WHERE B.date_time BETWEEN A.date_time AND A.expires
  GROUP BY A.id, A.category
) Q
GROUP BY Q.category
