"""Nexmark queries (bench/nexmark/, issue 6): every query as a materialized view over generated
events equals the same query as a one-shot batch SELECT; a view created after the data (replay)
equals the one that ran while the data arrived (live); kill -9 mid-run changes nothing.

Events: 200,000 (184,000 bids) at 1,000 events per second of event time, so the stream spans
200 s of event time and the window queries close many windows. The window queries (q5, q7, q8,
q11) are EMIT ON WINDOW CLOSE views: they are compared over the windows that end before the
final watermark (max(date_time) - 4 s), and must hold no row of a window that is still open.
"""

import collections
import os
import sys
import time

import pytest

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
sys.path.insert(0, os.path.join(ROOT, "bench", "nexmark"))

import nexmark_queries as nq  # noqa: E402

EVENTS = 200_000
RATE = 1000


def wait_generated(conn, events, timeout=90.0):
    want = nq.expected_counts(events)
    cur = conn.cursor()
    deadline = time.monotonic() + timeout
    while True:
        got = []
        for t in ("person", "auction", "bid"):
            cur.execute(f"SELECT count(*) FROM {t}")
            got.append(cur.fetchone()[0])
        if tuple(got) == want:
            return
        assert time.monotonic() < deadline, f"generated {got}, want {want}"
        time.sleep(0.1)


def rows(cur, sql, params=None):
    cur.execute(sql, params)
    return collections.Counter(cur.fetchall())


def watermarks(cur):
    """(smallest, largest) final watermark over person, auction and bid."""
    wms = []
    for t in ("person", "auction", "bid"):
        cur.execute(f"SELECT max(date_time) - INTERVAL '4' SECOND FROM {t}")
        wms.append(cur.fetchone()[0])
    return min(wms), max(wms)


def assert_same(cur, a_sql, b_sql, label, params=()):
    """The two queries return the same multiset of rows (and at least one row). Large results
    are compared in the server (EXCEPT ALL both ways), small ones here."""
    one = tuple(params) or None  # no parameters: '%' (q2) stays literal
    two = tuple(params) * 2 or None
    cur.execute(f"SELECT count(*) FROM ({a_sql}) a", one)
    n = cur.fetchone()[0]
    assert n > 0, (label, "no rows")
    if n > 20000:
        cur.execute(f"SELECT count(*) FROM ({b_sql}) b", one)
        assert cur.fetchone()[0] == n, label
        for x, y in ((a_sql, b_sql), (b_sql, a_sql)):
            cur.execute(f"SELECT * FROM (({x}) EXCEPT ALL ({y})) d LIMIT 3", two)
            diff = cur.fetchall()
            assert not diff, (label, diff)
        return
    got = rows(cur, a_sql, one)
    want = rows(cur, b_sql, one)
    assert got == want, (label, len(got), len(want), list((got - want).items())[:3],
                         list((want - got).items())[:3])


def check_view(cur, q, view):
    """The view equals the batch query (over closed windows for the window queries)."""
    batch = nq.batch_sql(q)
    if q not in nq.WINDOW_END:
        assert_same(cur, f"SELECT * FROM {view}", batch, q)
        return
    end = nq.WINDOW_END[q]
    wm_min, wm_max = watermarks(cur)
    open_rows = rows(cur, f"SELECT * FROM {view} WHERE {end} > %s", (wm_max,))
    assert not open_rows, (q, "rows of open windows", list(open_rows.items())[:3])
    assert_same(cur, f"SELECT * FROM {view} WHERE {end} < %s",
                f"SELECT * FROM ({batch}) b WHERE {end} < %s", q, (wm_min,))


def test_nexmark_views_equal_batch_and_replay(server_factory, connect):
    server = server_factory()
    conn = connect(server)
    cur = conn.cursor()
    # Paced (about 4 s of generation) so that the views exist while most events arrive.
    for stmt in nq.tables_sql(EVENTS, RATE, max_rate=50000):
        cur.execute(stmt)
    # Live: the views are created right away and follow the generated events.
    for q in nq.QUERIES:
        cur.execute(nq.view_sql(q))
    wait_generated(conn, EVENTS)
    cur.execute("FLUSH")
    for q in nq.QUERIES:
        check_view(cur, q, f"nexmark_{q}")
    # Replay: the same view created after the data holds the same rows.
    for q in nq.QUERIES:
        cur.execute(nq.view_sql(q, name=f"nexmark_{q}_replay"))
    cur.execute("FLUSH")
    for q in nq.QUERIES:
        assert_same(cur, f"SELECT * FROM nexmark_{q}", f"SELECT * FROM nexmark_{q}_replay",
                    q + " replay")
    # The session window of q11 is reported with its operator and bounded state.
    cur.execute("SELECT operator FROM kappa_catalog.view_operators WHERE view_name = 'nexmark_q11'")
    ops = [r[0] for r in cur.fetchall()]
    assert any(o.startswith("SessionWindow(") for o in ops), ops


@pytest.mark.parametrize("queries", [("q5", "q11", "q4")])
def test_nexmark_kill9_mid_run(server_factory, connect, queries):
    server = server_factory()
    conn = connect(server)
    cur = conn.cursor()
    for stmt in nq.tables_sql(EVENTS, RATE, max_rate=40000):
        cur.execute(stmt)
    for q in queries:
        cur.execute(nq.view_sql(q))
    deadline = time.monotonic() + 30
    while True:
        cur.execute("SELECT count(*) FROM bid")
        n = cur.fetchone()[0]
        if n >= nq.expected_counts(EVENTS)[2] // 3:
            break
        assert time.monotonic() < deadline
        time.sleep(0.05)
    assert n < nq.expected_counts(EVENTS)[2], "the run ended before the kill"
    server.kill9()
    server.start()
    conn = connect(server)
    cur = conn.cursor()
    wait_generated(conn, EVENTS)
    cur.execute("FLUSH")
    for q in queries:
        check_view(cur, q, f"nexmark_{q}")
