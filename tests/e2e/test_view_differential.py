"""Randomized differential test of materialized views (issue 3).

Seeded random INSERT/UPDATE/DELETE on two tables and INSERTs (some of them
late) on a table with a WATERMARK, against one view per query shape. After
every step and a FLUSH, every view must equal its defining query run as a
batch SELECT over the tables (as multisets); an EMIT ON WINDOW CLOSE view
must equal the batch query restricted to closed windows (window_end <= the
table's watermark). At the end each view is created again (replay over the
whole logs) and must equal the live one.
"""

import collections
import datetime
import random

import pytest

SEED = 20261123
STEPS = 50

TABLES = [
    "CREATE TABLE a (id INT PRIMARY KEY, k INT, v INT, s TEXT)",
    "CREATE TABLE b (id INT PRIMARY KEY, k INT, w INT)",
    "CREATE TABLE ev (id INT, k INT, x INT, ts TIMESTAMP, "
    "WATERMARK FOR ts AS ts - INTERVAL '10' SECOND)",
]

AGG = ("SELECT k, count(*) AS n, count(v) AS nv, sum(v) AS sv, avg(v) AS av, min(v) AS lo, "
       "max(v) AS hi, sum(v) FILTER (WHERE v % 2 = 0) AS se, min(s) AS smin, max(s) AS smax "
       "FROM a GROUP BY k HAVING count(*) > 1")
TUMBLE = ("SELECT k, window_start, window_end, count(*) AS n, sum(x) AS sx, max(x) AS mx "
          "FROM TUMBLE(ev, ts, INTERVAL '10' SECOND) GROUP BY k, window_start, window_end")

# name -> (definition, batch query equal to it). A view over a view is
# checked against its definition with the inner view's query inlined.
VIEWS = {
    "v_filter": "SELECT id, k, v * 2 AS v2, upper(s) AS us FROM a WHERE v > 20 OR s IS NULL",
    "v_agg": AGG,
    "v_cd": "SELECT k, count(DISTINCT v) AS d, count(DISTINCT s) AS ds FROM a GROUP BY k",
    "v_inner": "SELECT a.id, b.id AS bid, a.v, b.w FROM a JOIN b ON a.k = b.k AND a.v < b.w",
    "v_left": "SELECT a.id, b.id AS bid, b.w FROM a LEFT JOIN b ON a.k = b.k AND b.w > 50",
    "v_full": "SELECT a.id, b.id AS bid, a.k AS ak, b.k AS bk FROM a FULL JOIN b ON a.k = b.k "
              "AND a.v <> b.w",
    "v_union": "SELECT k, v FROM a UNION ALL SELECT k, w FROM b WHERE w IS NOT NULL",
    "v_distinct": "SELECT DISTINCT k, v % 3 AS m FROM a",
    "v_topn": "SELECT id, v FROM a WHERE v IS NOT NULL ORDER BY v DESC, id LIMIT 5",
    "v_rn": "SELECT k, id, w FROM (SELECT k, id, w, row_number() OVER "
            "(PARTITION BY k ORDER BY w DESC NULLS LAST, id) AS rn FROM b) t WHERE rn <= 2",
    "v_vov": "SELECT count(*) AS groups, sum(n) AS total, max(hi) AS hi FROM v_agg",
    "v_tumble": TUMBLE,
    "v_hop": "SELECT window_start, window_end, count(*) AS n, max(x) AS mx, min(x) AS mn "
             "FROM HOP(ev, ts, INTERVAL '5' SECOND, INTERVAL '15' SECOND) "
             "GROUP BY window_start, window_end",
    "v_ev_join": "SELECT ev.id, ev.k, b.id AS bid FROM ev JOIN b ON b.k = ev.k AND ev.x > b.w",
    "v_eowc": TUMBLE + " EMIT ON WINDOW CLOSE",
}
EOWC = {"v_eowc"}


def batch_sql(name):
    d = VIEWS[name]
    if name in EOWC:
        d = d[: -len(" EMIT ON WINDOW CLOSE")]
    if name == "v_vov":
        d = d.replace("FROM v_agg", f"FROM ({AGG}) inner_agg")
    return d


def rows(cur, sql):
    cur.execute(sql)
    return cur.fetchall()


def multiset(rs):
    return collections.Counter(tuple(r) for r in rs)


def diff(expected, actual):
    e, a = multiset(expected), multiset(actual)
    missing = list((e - a).elements())[:10]
    extra = list((a - e).elements())[:10]
    return f"missing {missing}, unexpected {extra}"


class Workload:
    def __init__(self, rng):
        self.rng = rng
        self.next_a = 1
        self.next_b = 1
        self.next_ev = 1
        self.a_ids = []
        self.b_ids = []
        self.t0 = datetime.datetime(2024, 1, 1)
        self.max_ts = 0.0   # seconds after t0 of the newest row in ev

    def val(self, lo=0, hi=100, null=0.1):
        return "NULL" if self.rng.random() < null else str(self.rng.randint(lo, hi))

    def text(self):
        return "NULL" if self.rng.random() < 0.15 else "'" + self.rng.choice("pqrst") * 2 + "'"

    def step(self, cur):
        r = self.rng
        # a: inserts, updates, deletes
        n = r.randint(3, 12)
        vals = []
        for _ in range(n):
            vals.append(f"({self.next_a}, {r.randint(0, 5)}, {self.val()}, {self.text()})")
            self.a_ids.append(self.next_a)
            self.next_a += 1
        cur.execute("INSERT INTO a VALUES " + ", ".join(vals))
        for _ in range(r.randint(0, 3)):
            if self.a_ids:
                i = r.choice(self.a_ids)
                cur.execute(f"UPDATE a SET v = {self.val()}, k = {r.randint(0, 5)} WHERE id = {i}")
        for _ in range(r.randint(0, 3)):
            if self.a_ids:
                i = self.a_ids.pop(r.randrange(len(self.a_ids)))
                cur.execute(f"DELETE FROM a WHERE id = {i}")
        if r.random() < 0.2:
            cur.execute(f"DELETE FROM a WHERE v < {r.randint(0, 15)}")
            cur.execute("SELECT id FROM a")
            self.a_ids = [x[0] for x in cur.fetchall()]
        # b
        vals = []
        for _ in range(r.randint(1, 6)):
            vals.append(f"({self.next_b}, {r.randint(0, 5)}, {self.val(0, 120)})")
            self.b_ids.append(self.next_b)
            self.next_b += 1
        cur.execute("INSERT INTO b VALUES " + ", ".join(vals))
        if self.b_ids and r.random() < 0.7:
            i = r.choice(self.b_ids)
            cur.execute(f"UPDATE b SET w = {self.val(0, 120)} WHERE id = {i}")
        if self.b_ids and r.random() < 0.5:
            i = self.b_ids.pop(r.randrange(len(self.b_ids)))
            cur.execute(f"DELETE FROM b WHERE id = {i}")
        # ev: append-only, mostly in order, some late rows (more than 10 s old)
        vals = []
        for _ in range(r.randint(2, 10)):
            if r.random() < 0.15 and self.max_ts > 30:
                t = self.max_ts - r.uniform(11, 30)                 # late
            else:
                t = max(0.0, self.max_ts + r.uniform(-8, 6))        # mostly on time
            self.max_ts = max(self.max_ts, t)
            ts = (self.t0 + datetime.timedelta(seconds=round(t, 3))).isoformat(sep=" ")
            vals.append(f"({self.next_ev}, {r.randint(0, 5)}, {r.randint(0, 60)}, '{ts}')")
            self.next_ev += 1
        cur.execute("INSERT INTO ev VALUES " + ", ".join(vals))


def summarize(failures):
    """The first failure of each view and how many checks of it failed."""
    by_view = collections.OrderedDict()
    for f in failures:
        view = f.split(" view ", 1)[1].split(" ", 1)[0]
        by_view.setdefault(view, []).append(f)
    return "\n".join(f"[{len(fs)} failed checks] {fs[0][:600]}" for fs in by_view.values())


def check_views(cur, names, where, view_of=lambda n: n):
    cur.execute("SELECT watermark FROM kappa_catalog.table_stats WHERE table_name = 'ev'")
    wm = cur.fetchone()[0]
    failures = []
    for name in names:
        expected = rows(cur, batch_sql(name))
        actual = rows(cur, f"SELECT * FROM {view_of(name)}")
        if name in EOWC:
            # columns: k, window_start, window_end, ...
            expected = [r for r in expected if wm is not None and r[2] <= wm]
        if multiset(expected) != multiset(actual):
            failures.append(f"{where}: view {view_of(name)} != batch query "
                            f"({len(expected)} vs {len(actual)} rows): {diff(expected, actual)}")
    return failures


def test_views_equal_batch_queries_live_and_replay(kappa, connect):
    conn = connect(kappa)
    cur = conn.cursor()
    for t in TABLES:
        cur.execute(t)
    for name, definition in VIEWS.items():
        cur.execute(f"CREATE MATERIALIZED VIEW {name} AS {definition}")
    assert sorted(rows(cur, "SELECT view_name, emit_on_window_close FROM kappa_catalog.views")) \
        == sorted((n, n in EOWC) for n in VIEWS)

    w = Workload(random.Random(SEED))
    failures = []
    for step in range(STEPS):
        w.step(cur)
        cur.execute("FLUSH")
        failures += check_views(cur, VIEWS, f"step {step}")
    # the workload did what it should: late rows happened, windows closed
    late = rows(cur, "SELECT late_rows FROM kappa_catalog.table_stats WHERE table_name = 'ev'")[0][0]
    assert late > 0, "the workload produced no late rows"
    assert rows(cur, "SELECT count(*) FROM kappa_catalog.late_rows WHERE table_name = 'ev'")[0][0] \
        == late
    assert rows(cur, "SELECT count(*) FROM v_eowc")[0][0] > 0, "no window closed"
    assert rows(cur, "SELECT count(*) FROM v_topn")[0][0] == 5

    # replay: each view created again over the whole logs equals the live one
    for name, definition in VIEWS.items():
        cur.execute(f"CREATE MATERIALIZED VIEW {name}_replay AS {definition}")
    for name in VIEWS:
        live = rows(cur, f"SELECT * FROM {name}")
        replay = rows(cur, f"SELECT * FROM {name}_replay")
        if multiset(live) != multiset(replay):
            failures.append(f"replay: view {name}_replay != live view {name} ({len(live)} vs {len(replay)} rows): "
                            f"{diff(live, replay)}")
    # and both still follow new changes
    w.step(cur)
    cur.execute("FLUSH")
    failures += check_views(cur, VIEWS, "after replay", view_of=lambda n: n + "_replay")
    assert not failures, summarize(failures)
