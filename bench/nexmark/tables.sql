-- The three Nexmark tables, generated inside the server (executor/nexmark_generator.h).
-- __EVENTS__ is replaced by the number of events of the whole stream (all kinds together) and
-- __RATE__ by the event rate (events per second of event time; 10000 in benchmarks);
-- every table generates the same stream and keeps its own kind. Base time
-- 2015-07-15 00:00:00 UTC (the generator's default).
CREATE TABLE person (
  id BIGINT, name VARCHAR, email_address VARCHAR, credit_card VARCHAR, city VARCHAR,
  state VARCHAR, date_time TIMESTAMP, extra VARCHAR,
  WATERMARK FOR date_time AS date_time - INTERVAL '4' SECOND
) WITH (connector = 'nexmark', nexmark.table.type = 'person', nexmark.event.num = '__EVENTS__',
        nexmark.event.rate = '__RATE__');
CREATE TABLE auction (
  id BIGINT, item_name VARCHAR, description VARCHAR, initial_bid BIGINT, reserve BIGINT,
  date_time TIMESTAMP, expires TIMESTAMP, seller BIGINT, category BIGINT, extra VARCHAR,
  WATERMARK FOR date_time AS date_time - INTERVAL '4' SECOND
) WITH (connector = 'nexmark', nexmark.table.type = 'auction', nexmark.event.num = '__EVENTS__',
        nexmark.event.rate = '__RATE__');
CREATE TABLE bid (
  auction BIGINT, bidder BIGINT, price BIGINT, channel VARCHAR, url VARCHAR,
  date_time TIMESTAMP, extra VARCHAR,
  WATERMARK FOR date_time AS date_time - INTERVAL '4' SECOND
) WITH (connector = 'nexmark', nexmark.table.type = 'bid', nexmark.event.num = '__EVENTS__',
        nexmark.event.rate = '__RATE__');
