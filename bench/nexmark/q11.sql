-- q11 user sessions: bids per bidder per session (a 10 s gap ends a session).
-- Flink's form; kappadb also accepts SESSION(bid, date_time, INTERVAL '10' SECOND, bidder).
CREATE MATERIALIZED VIEW nexmark_q11 AS
SELECT bidder, count(*) AS bid_count, window_start AS starttime, window_end AS endtime
FROM TABLE(SESSION(TABLE bid PARTITION BY bidder, DESCRIPTOR(date_time), INTERVAL '10' SECOND))
GROUP BY bidder, window_start, window_end
EMIT ON WINDOW CLOSE;
