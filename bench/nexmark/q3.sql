-- q3 local item suggestion (states are lower case in this generator, as in RisingWave's).
CREATE MATERIALIZED VIEW nexmark_q3 AS
SELECT P.name, P.city, P.state, A.id
FROM auction AS A JOIN person AS P ON A.seller = P.id
WHERE A.category = 10 AND P.state IN ('or', 'id', 'ca');
