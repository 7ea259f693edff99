"""Materialized views across kill -9 and clean restarts (issue 3, durability).

A writer thread inserts continuously into tables read by several views; the
server is killed with SIGKILL mid-stream, restarted, FLUSHed: every
acknowledged row is in the table, and every view equals its defining query
run as a batch (no change lost, none applied twice). Three rounds on the same
data directory. Then: a clean restart keeps the views, and they go on
updating.
"""

import collections
import threading
import time

import psycopg2

ROUNDS = 3
ACKED_PER_ROUND = 300     # statements acknowledged before the kill
TIME_LIMIT = 40.0

SETUP = [
    "CREATE TABLE t (id BIGINT PRIMARY KEY, g INT, v INT)",
    "CREATE TABLE ev (id BIGINT, g INT, ts TIMESTAMP, WATERMARK FOR ts AS ts - INTERVAL '2' SECOND)",
    "CREATE TABLE dim (g INT PRIMARY KEY, label TEXT)",
    "INSERT INTO dim VALUES (0, 'zero'), (1, 'one'), (2, 'two'), (3, 'three'), (4, 'four')",
]

AGG = "SELECT g, count(*) AS n, sum(v) AS s, min(v) AS lo, max(v) AS hi FROM t GROUP BY g"
VIEWS = {
    "c_agg": AGG,
    "c_filter": "SELECT id, v FROM t WHERE v % 7 = 0",
    "c_join": "SELECT t.id, dim.label FROM t JOIN dim ON dim.g = t.g WHERE t.v > 900",
    "c_topn": "SELECT id, v FROM t ORDER BY v DESC, id LIMIT 10",
    "c_count": "SELECT count(*) AS n, count(DISTINCT g) AS groups FROM t",
    "c_vov": "SELECT sum(n) AS n, max(hi) AS hi FROM c_agg",
    "c_win": "SELECT g, window_start, count(*) AS n FROM TUMBLE(ev, ts, INTERVAL '1' SECOND) "
             "GROUP BY g, window_start",
}
# created while the writer runs (backfill racing live writes), in round 1
LATE_VIEW = ("c_late", "SELECT g, count(*) AS n, max(id) AS last FROM t WHERE v > 500 GROUP BY g")


def fetch(cur, sql):
    cur.execute(sql)
    return cur.fetchall()


class Writer(threading.Thread):
    """INSERTs of 1-3 rows into t and one row into ev per statement; ids go up."""

    def __init__(self, dsn, start_id, stop):
        super().__init__(daemon=True)
        self.dsn = dsn
        self.next_id = start_id
        self.stop = stop
        self.acked = []         # ids of t whose INSERT returned success
        self.acked_ev = []
        self.in_flight = []
        self.statements = 0
        self.error = None

    def run(self):
        try:
            conn = psycopg2.connect(self.dsn)
            conn.autocommit = True
            cur = conn.cursor()
        except psycopg2.Error as e:
            self.error = e
            return
        deadline = time.monotonic() + TIME_LIMIT
        while not self.stop.is_set() and time.monotonic() < deadline:
            n = 1 + self.next_id % 3
            ids = list(range(self.next_id, self.next_id + n))
            values = ", ".join(f"({i}, {i % 5}, {(i * 7919) % 1000})" for i in ids)
            self.in_flight = ids
            try:
                cur.execute(f"INSERT INTO t VALUES {values}")
                self.acked.extend(ids)
                self.in_flight = []
                # event time advances 10 ms per id: ~1 s windows close as it goes
                i = ids[0]
                cur.execute(f"INSERT INTO ev VALUES ({i}, {i % 5}, "
                            f"TIMESTAMP '2024-01-01' + INTERVAL '{i * 10} milliseconds')")
                self.acked_ev.append(i)
            except psycopg2.Error:
                return      # the server went away
            self.next_id += n
            self.statements += 1
        conn.close()


def check_everything(server, acked, maybe, acked_ev, views=VIEWS):
    conn = psycopg2.connect(server.dsn())
    conn.autocommit = True
    cur = conn.cursor()
    cur.execute("FLUSH")
    ids = [r[0] for r in fetch(cur, "SELECT id FROM t")]
    assert len(ids) == len(set(ids)), "duplicate ids in t"
    missing = set(acked) - set(ids)
    assert not missing, f"{len(missing)} acknowledged rows lost, e.g. {sorted(missing)[:5]}"
    extra = set(ids) - set(acked) - set(maybe)
    assert not extra, f"rows that were never written: {sorted(extra)[:5]}"
    ev_ids = {r[0] for r in fetch(cur, "SELECT id FROM ev")}
    assert set(acked_ev) <= ev_ids
    failures = []
    for name in views:
        expected = collections.Counter(fetch(cur, views[name].replace("FROM c_agg", f"FROM ({AGG}) a")))
        actual = collections.Counter(fetch(cur, f"SELECT * FROM {name}"))
        if expected != actual:
            failures.append(f"{name}: {sum(expected.values())} expected rows, "
                            f"{sum(actual.values())} actual; missing "
                            f"{list((expected - actual).elements())[:5]}, unexpected "
                            f"{list((actual - expected).elements())[:5]}")
    n = fetch(cur, "SELECT n FROM c_count")
    assert not failures, "\n".join(failures)
    assert n == [(len(ids),)]
    errors = fetch(cur, "SELECT view_name, error FROM kappa_catalog.views WHERE error <> ''")
    assert errors == []
    conn.close()
    return len(ids)


def test_kill9_mid_stream_views_equal_batch(server_factory):
    server = server_factory()
    conn = psycopg2.connect(server.dsn())
    conn.autocommit = True
    cur = conn.cursor()
    for s in SETUP:
        cur.execute(s)
    for name, d in VIEWS.items():
        cur.execute(f"CREATE MATERIALIZED VIEW {name} AS {d}")
    conn.close()

    acked, maybe, acked_ev = [], [], []
    next_id = 1
    views = dict(VIEWS)
    for rnd in range(ROUNDS):
        stop = threading.Event()
        w = Writer(server.dsn(), next_id, stop)
        w.start()
        deadline = time.monotonic() + TIME_LIMIT
        while time.monotonic() < deadline and w.is_alive() and w.statements < ACKED_PER_ROUND:
            time.sleep(0.005)
        assert w.error is None, w.error
        if rnd == 1:
            c = psycopg2.connect(server.dsn())
            c.autocommit = True
            c.cursor().execute(f"CREATE MATERIALIZED VIEW {LATE_VIEW[0]} AS {LATE_VIEW[1]}")
            c.close()
            views[LATE_VIEW[0]] = LATE_VIEW[1]
            target = w.statements + ACKED_PER_ROUND // 2
            while time.monotonic() < deadline and w.is_alive() and w.statements < target:
                time.sleep(0.005)
        assert w.statements >= ACKED_PER_ROUND, f"round {rnd}: writer made only {w.statements}"
        server.kill9()
        w.join(10)
        assert not w.is_alive()
        acked += w.acked
        acked_ev += w.acked_ev
        maybe += w.in_flight
        next_id = w.next_id + 10
        server.start()
        total = check_everything(server, acked, maybe, acked_ev, views)
        assert total >= len(acked)


def test_clean_restart_keeps_views_and_continues(server_factory):
    server = server_factory()
    conn = psycopg2.connect(server.dsn())
    conn.autocommit = True
    cur = conn.cursor()
    for s in SETUP:
        cur.execute(s)
    for name, d in VIEWS.items():
        cur.execute(f"CREATE MATERIALIZED VIEW {name} AS {d}")
    cur.execute("INSERT INTO t VALUES (1, 1, 14), (2, 2, 950), (3, 1, 3)")
    cur.execute("FLUSH")
    before = {n: sorted(fetch(cur, f"SELECT * FROM {n}")) for n in VIEWS}
    conn.close()
    assert server.stop() == 0
    server.start()
    conn = psycopg2.connect(server.dsn())
    conn.autocommit = True
    cur = conn.cursor()
    assert sorted(r[0] for r in fetch(cur, "SHOW MATERIALIZED VIEWS")) == sorted(VIEWS)
    # the views are there, unchanged, without a FLUSH
    for n in VIEWS:
        assert sorted(fetch(cur, f"SELECT * FROM {n}")) == before[n], n
    assert fetch(cur, "SELECT * FROM c_agg ORDER BY g") == [(1, 2, 17, 3, 14), (2, 1, 950, 950, 950)]
    # and they continue
    cur.execute("INSERT INTO t VALUES (4, 1, 21), (5, 3, 999)")
    cur.execute("DELETE FROM t WHERE id = 1")
    cur.execute("FLUSH")
    assert fetch(cur, "SELECT * FROM c_agg ORDER BY g") == [
        (1, 2, 24, 3, 21), (2, 1, 950, 950, 950), (3, 1, 999, 999, 999)]
    assert fetch(cur, "SELECT * FROM c_filter ORDER BY id") == [(4, 21)]
    assert fetch(cur, "SELECT * FROM c_join ORDER BY id") == [(2, "two"), (5, "three")]
    assert fetch(cur, "SELECT * FROM c_vov") == [(4, 999)]
    assert fetch(cur, "SELECT * FROM c_count") == [(4, 3)]
    conn.close()
    check_everything(server, [2, 3, 4, 5], [], [])
