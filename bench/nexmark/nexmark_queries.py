"""The Nexmark queries of bench/nexmark/ (see README.md there), for the benchmark runner and the
correctness test (tests/e2e/test_nexmark_queries.py).

  QUERIES                 query names, in order
  tables_sql(events, rate, max_rate) the CREATE TABLE statements of person, auction and bid
  view_sql(q)             CREATE MATERIALIZED VIEW nexmark_<q> ... (qN.sql)
  batch_sql(q)            the same query as a one-shot SELECT (qN.batch.sql)
  WINDOW_END              for the EMIT ON WINDOW CLOSE queries: the SQL expression (over the
                          view's columns) of the end of the window a row belongs to, so that
                          closed windows can be compared
  expected_counts(events) rows of person, auction, bid for a stream of `events` events
"""

import os
import re

HERE = os.path.dirname(os.path.abspath(__file__))

QUERIES = ["q0", "q1", "q2", "q3", "q4", "q5", "q7", "q8", "q9", "q11"]

# A row of the view belongs to a window that ends at this expression (an upper bound for q7:
# a bid at date_time d belongs to the window ending at most 10 s later).
WINDOW_END = {
    "q5": "starttime + INTERVAL '10' SECOND",
    "q7": "date_time + INTERVAL '10' SECOND",
    "q8": "starttime + INTERVAL '10' SECOND",
    "q11": "endtime",
}


def _read(name):
    with open(os.path.join(HERE, name)) as f:
        return f.read()


def _strip_comments(sql):
    return "\n".join(l for l in sql.splitlines() if not l.lstrip().startswith("--")).strip()


def tables_sql(events, rate=10000, max_rate=0):
    """The three CREATE TABLE statements, as a list; max_rate > 0 paces the generators (events
    per wall-clock second)."""
    sql = _strip_comments(_read("tables.sql"))
    sql = sql.replace("__EVENTS__", str(int(events))).replace("__RATE__", str(int(rate)))
    if max_rate:
        sql = sql.replace("nexmark.event.rate", f"nexmark.max.rate = '{int(max_rate)}', "
                          "nexmark.event.rate")
    return [s.strip() for s in sql.split(";") if s.strip()]


def view_sql(q, name=None):
    sql = _strip_comments(_read(f"{q}.sql")).rstrip(";")
    if name is not None:
        sql = re.sub(r"CREATE MATERIALIZED VIEW \w+", f"CREATE MATERIALIZED VIEW {name}", sql, 1)
    return sql


def batch_sql(q):
    return _strip_comments(_read(f"{q}.batch.sql")).rstrip(";")


def expected_counts(events):
    """(person, auction, bid) rows in a stream of `events` events (1 : 3 : 46 per 50)."""
    full, rest = divmod(int(events), 50)
    person = full + min(rest, 1)
    auction = 3 * full + max(0, min(rest, 4) - 1)
    bid = 46 * full + max(0, rest - 4)
    return person, auction, bid
