"""SUBSCRIBE: a view's changes as they happen (server/subscription.h), through
DECLARE ... CURSOR FOR SUBSCRIBE + FETCH (psycopg2) and through
COPY (SUBSCRIBE ...) TO STDOUT (psycopg 3's cursor.copy()), while a concurrent
writer changes the table in many transactions. Each test rebuilds the view's
contents from the snapshot and the diffs and checks them against SELECT."""

import collections
import threading
import time

import psycopg2
import pytest

TS, DIFF = 0, 1  # columns without PROGRESS


def _setup(conn):
    cur = conn.cursor()
    cur.execute("CREATE TABLE sub_t (id INT PRIMARY KEY, k TEXT, v INT)")
    cur.execute("INSERT INTO sub_t VALUES (1, 'a', 10), (2, 'b', 20), (3, 'a', 5)")
    cur.execute("CREATE MATERIALIZED VIEW sub_v AS "
                "SELECT k, count(*) AS n, sum(v) AS total FROM sub_t GROUP BY k")
    cur.execute("FLUSH")
    return cur


def _writer(dsn, n_txns, result):
    """Many small transactions (inserts, updates, deletes; all autocommit);
    then FLUSH, the view's final contents into result["expected"], and a
    marker row: a subscriber that sees the marker has seen everything before."""
    try:
        conn = psycopg2.connect(dsn)
        conn.autocommit = True
        cur = conn.cursor()
        for i in range(n_txns):
            base = 100 + 3 * i
            cur.execute("INSERT INTO sub_t VALUES (%s, %s, %s), (%s, %s, %s)",
                        (base, "k%d" % (i % 7), i, base + 1, "k%d" % (i % 5), 2 * i))
            if i % 4 == 0:
                cur.execute("UPDATE sub_t SET v = v + 1 WHERE id = %s", (base,))
            if i % 6 == 0:
                cur.execute("DELETE FROM sub_t WHERE id = %s", (base + 1,))
        cur.execute("FLUSH")
        result["expected"] = _view_rows(cur)
        cur.execute("INSERT INTO sub_t VALUES (-1, 'marker', 0)")
        conn.close()
    except Exception as e:  # reported by the test
        result["error"] = e


def _apply(state, key, diff):
    state[key] += diff
    assert state[key] >= 0, f"negative multiplicity for {key}"
    if state[key] == 0:
        del state[key]


def _view_rows(cur):
    cur.execute("SELECT k, n, total FROM sub_v")
    return collections.Counter(tuple(r) for r in cur.fetchall())


def test_declare_fetch_follows_concurrent_writes_exactly_once(kappa, connect):
    setup = connect(kappa)
    scur = _setup(setup)
    conn = connect(kappa, autocommit=False)
    cur = conn.cursor()
    cur.execute("DECLARE c CURSOR FOR SUBSCRIBE TO sub_v WITH (PROGRESS)")
    result = {}
    w = threading.Thread(target=_writer, args=(kappa.dsn(), 60, result))
    w.start()

    state = collections.Counter()
    last_ts = 0
    last_progress = 0
    marker_seen = False
    deadline = time.time() + 60
    while not marker_seen:
        assert time.time() < deadline, "the subscription did not deliver the marker"
        assert "error" not in result, result
        cur.execute("FETCH ALL c WITH (timeout = '200ms')")
        assert [d.name for d in cur.description] == [
            "kappa_timestamp", "kappa_progressed", "kappa_diff", "k", "n", "total"]
        for ts, progressed, diff, k, n, total in cur.fetchall():
            assert ts >= last_ts, "timestamps go backwards"
            assert ts >= last_progress, "a row older than a progress row"
            last_ts = ts
            if progressed:
                assert diff is None and k is None
                last_progress = ts
                continue
            assert diff != 0
            if k == "marker":
                marker_seen = True
                continue
            _apply(state, (k, n, total), diff)
    w.join()
    expected = result["expected"]
    assert state == expected
    assert last_progress > 0
    cur.execute("CLOSE c")
    conn.commit()
    # The session goes on.
    cur.execute("SELECT count(*) FROM sub_t")
    assert cur.fetchone()[0] > 60
    conn.commit()


def test_copy_subscribe_streams_until_cancel(kappa, connect):
    psycopg = pytest.importorskip("psycopg")
    setup = connect(kappa)
    scur = _setup(setup)
    result = {}
    w = threading.Thread(target=_writer, args=(kappa.dsn(), 40, result))
    state = collections.Counter()
    with psycopg.connect(kappa.dsn(), autocommit=True) as conn:
        cur = conn.cursor()
        last_ts = 0
        last_progress = 0
        snapshot_ts = None
        watchdog = threading.Timer(90, conn.cancel)  # a hang fails instead of blocking
        watchdog.start()
        with pytest.raises(psycopg.errors.QueryCanceled) as e:
            with cur.copy("COPY (SUBSCRIBE sub_v WITH (PROGRESS = true)) TO STDOUT") as copy:
                w.start()
                for ts, progressed, diff, k, n, total in copy.rows():
                    ts = int(ts)
                    if snapshot_ts is None:
                        snapshot_ts = ts
                    assert ts >= last_ts and ts >= last_progress
                    last_ts = ts
                    if progressed == "t":
                        assert diff is None
                        last_progress = ts
                    elif k == "marker":
                        conn.cancel()  # ends the COPY with 57014, as in Materialize
                    else:
                        _apply(state, (k, int(n), int(total)), int(diff))
        watchdog.cancel()
        assert e.value.sqlstate == "57014"
        # The connection stays usable.
        assert conn.execute("SELECT count(*) FROM sub_v WHERE k = 'marker'").fetchone() == (1,)
    w.join()
    assert "error" not in result, result
    assert state == result["expected"]
    assert last_progress > snapshot_ts


def test_snapshot_false_and_retractions(kappa, connect):
    setup = connect(kappa)
    scur = _setup(setup)
    conn = connect(kappa, autocommit=False)
    cur = conn.cursor()
    cur.execute("DECLARE c CURSOR FOR SUBSCRIBE sub_v WITH (SNAPSHOT = false)")
    t0 = time.time()
    cur.execute("FETCH ALL c WITH (timeout = '300ms')")
    assert cur.fetchall() == []  # nothing changed: the timeout returns no rows
    assert 0.25 <= time.time() - t0 < 10
    scur.execute("DELETE FROM sub_t WHERE id = 2")  # group b disappears
    cur.execute("FETCH ALL c")  # waits for the change
    rows = cur.fetchall()
    assert [(r[DIFF], r[2], r[3], r[4]) for r in rows] == [(-1, "b", 1, 20)]
    scur.execute("UPDATE sub_t SET v = 7 WHERE id = 3")  # a: (2, 15) -> (2, 17)
    cur.execute("FETCH ALL c WITH (timeout = '10s')")
    rows = sorted((r[DIFF], r[2], r[3], r[4]) for r in cur.fetchall())
    assert rows == [(-1, "a", 2, 15), (1, "a", 2, 17)]
    # FETCH n returns at most n; the rest stays for the next FETCH.
    scur.execute("INSERT INTO sub_t VALUES (10, 'x', 1), (11, 'y', 1), (12, 'z', 1)")
    got = []
    while len(got) < 3:
        cur.execute("FETCH 2 c WITH (timeout = '10s')")
        batch = cur.fetchall()
        assert 1 <= len(batch) <= 2
        got += batch
    assert sorted(r[2] for r in got) == ["x", "y", "z"]
    assert len({r[TS] for r in got}) == 1  # one epoch, one timestamp
    conn.rollback()  # ends the cursor and the subscription


def test_snapshot_rows_and_subscribe_query(kappa, connect):
    setup = connect(kappa)
    scur = _setup(setup)
    conn = connect(kappa, autocommit=False)
    cur = conn.cursor()
    cur.execute("DECLARE c CURSOR FOR SUBSCRIBE sub_v")
    cur.execute("FETCH ALL c")
    rows = cur.fetchall()
    assert sorted((r[DIFF], r[2], r[3], r[4]) for r in rows) == [(1, "a", 2, 15), (1, "b", 1, 20)]
    assert len({r[TS] for r in rows}) == 1
    snapshot_ts = rows[0][TS]
    assert abs(snapshot_ts - time.time() * 1000) < 60000  # ms since 1970
    # A filter/projection over the view.
    cur.execute("DECLARE q CURSOR FOR SUBSCRIBE (SELECT k, total * 10 AS t10 FROM sub_v "
                "WHERE k <> 'b')")
    cur.execute("FETCH ALL q")
    assert [d.name for d in cur.description] == ["kappa_timestamp", "kappa_diff", "k", "t10"]
    assert [(r[1], r[2], r[3]) for r in cur.fetchall()] == [(1, "a", 150)]
    scur.execute("INSERT INTO sub_t VALUES (20, 'b', 1), (21, 'a', 1)")
    cur.execute("FETCH ALL q WITH (timeout = '10s')")
    assert sorted((r[1], r[2], r[3]) for r in cur.fetchall()) == [(-1, "a", 150), (1, "a", 160)]
    # An aggregate over the view runs incrementally in the session.
    cur.execute("DECLARE agg CURSOR FOR SUBSCRIBE (SELECT sum(n) AS rows FROM sub_v)")
    cur.execute("FETCH ALL agg")
    assert [(r[1], r[2]) for r in cur.fetchall()] == [(1, 5)]
    scur.execute("DELETE FROM sub_t WHERE id = 1")
    cur.execute("FETCH ALL agg WITH (timeout = '10s')")
    assert sorted((r[1], r[2]) for r in cur.fetchall()) == [(-1, 5), (1, 4)]
    conn.commit()


def test_drop_view_ends_the_subscription(kappa, connect):
    setup = connect(kappa)
    scur = _setup(setup)
    conn = connect(kappa, autocommit=False)
    cur = conn.cursor()
    cur.execute("DECLARE c CURSOR FOR SUBSCRIBE sub_v")
    cur.execute("FETCH ALL c")
    assert len(cur.fetchall()) == 2
    scur.execute("DROP MATERIALIZED VIEW sub_v")
    with pytest.raises(psycopg2.Error) as e:
        cur.execute("FETCH ALL c WITH (timeout = '10s')")
    assert e.value.pgcode == "42P01"
    assert "sub_v" in e.value.pgerror and "dropped" in e.value.pgerror
    conn.rollback()
    cur.execute("SELECT 1")
    assert cur.fetchone() == (1,)


def test_copy_subscribe_ends_when_the_view_is_dropped(kappa, connect):
    psycopg = pytest.importorskip("psycopg")
    setup = connect(kappa)
    scur = _setup(setup)
    with psycopg.connect(kappa.dsn(), autocommit=True) as conn:
        cur = conn.cursor()
        seen = []
        with pytest.raises(psycopg.errors.UndefinedTable):
            with cur.copy("COPY (SUBSCRIBE sub_v) TO STDOUT") as copy:
                for row in copy.rows():
                    seen.append(row)
                    if len(seen) == 2:
                        scur.execute("DROP MATERIALIZED VIEW sub_v")
        assert sorted(r[2] for r in seen) == ["a", "b"]
        assert conn.execute("SELECT 2").fetchone() == (2,)


def test_slow_subscriber_is_cut_off(kappa, connect):
    setup = connect(kappa)
    scur = _setup(setup)
    conn = connect(kappa, autocommit=False)
    cur = conn.cursor()
    scur.execute("CREATE MATERIALIZED VIEW sub_all AS SELECT id, v FROM sub_t")
    cur.execute("SET kappa.subscribe_max_queued_rows = 3")
    cur.execute("DECLARE c CURSOR FOR SUBSCRIBE sub_all WITH (SNAPSHOT = false)")
    scur.execute("INSERT INTO sub_t VALUES (30, 'q', 1), (31, 'q', 1), (32, 'q', 1), (33, 'q', 1)")
    scur.execute("FLUSH")
    with pytest.raises(psycopg2.Error) as e:
        cur.execute("FETCH ALL c WITH (timeout = '10s')")
    assert e.value.pgcode == "53200"
    conn.rollback()


def test_subscribe_errors(kappa, connect):
    setup = connect(kappa)
    _setup(setup)
    conn = connect(kappa, autocommit=False)
    cur = conn.cursor()

    def err(sql):
        with pytest.raises(psycopg2.Error) as e:
            cur.execute(sql)
        conn.rollback()
        return e.value

    assert err("DECLARE c CURSOR FOR SUBSCRIBE nope").pgcode == "42P01"
    e = err("SUBSCRIBE sub_v")  # only inside COPY or DECLARE
    assert e.pgcode == "0A000" and "COPY" in e.pgerror
    e = err("DECLARE c CURSOR FOR SUBSCRIBE sub_t")  # a table
    assert e.pgcode == "0A000" and "materialized view" in e.pgerror
    assert err("DECLARE c CURSOR FOR SUBSCRIBE (SELECT * FROM sub_t)").pgcode == "0A000"
    assert err("DECLARE c CURSOR FOR SUBSCRIBE sub_v WITH (FOO = true)").pgcode == "42601"
    assert err("DECLARE c CURSOR FOR SUBSCRIBE sub_v WITH (SNAPSHOT = maybe)").pgcode == "22023"
    assert err("DECLARE c CURSOR WITH HOLD FOR SUBSCRIBE sub_v").pgcode == "0A000"
    cur.execute("DECLARE c CURSOR FOR SUBSCRIBE sub_v")
    assert err("FETCH ALL c WITH (timeout = 'soon')").pgcode == "22023"
    # Outside a transaction block.
    conn.autocommit = True
    assert err("DECLARE c CURSOR FOR SUBSCRIBE sub_v").pgcode == "25P01"
    with pytest.raises(psycopg2.Error) as e:
        cur.execute("COPY (SUBSCRIBE nope) TO STDOUT")
    assert e.value.pgcode == "42P01"
    cur.execute("SELECT 3")
    assert cur.fetchone() == (3,)


def test_copy_subscribe_ends_when_the_client_disconnects(server_factory, connect):
    """A streaming COPY whose client vanishes (kill -9 of psql) ends at once,
    although nothing is written to the client: the session is released."""
    import re
    import shutil
    import signal
    import subprocess
    if shutil.which("psql") is None:
        pytest.skip("psql is not installed")
    server = server_factory(extra_args=["--log-level", "debug"])
    scur = _setup(connect(server))
    def sessions():
        return re.findall(r"session started: pid (\d+)", server.log_tail(100000))

    before = len(sessions())
    p = subprocess.Popen(["psql", "-X", "-h", "127.0.0.1", "-p", str(server.port), "-U", "kappa",
                          "kappa", "-c", "COPY (SUBSCRIBE sub_v WITH (SNAPSHOT = false)) TO STDOUT"],
                         stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    deadline = time.time() + 20
    while len(sessions()) <= before:
        assert time.time() < deadline, server.log_tail()
        time.sleep(0.05)
    pid = sessions()[before]
    time.sleep(0.5)  # psql's COPY streams nothing: there are no changes
    assert p.poll() is None
    p.send_signal(signal.SIGKILL)
    p.wait()
    while not re.search(rf"\(pid {pid}\) closed", server.log_tail(100000)):
        assert time.time() < deadline, "the streaming session was not released"
        time.sleep(0.05)
    assert re.search(rf"pid {pid}: error 57014", server.log_tail(100000))
    scur.execute("INSERT INTO sub_t VALUES (50, 'z', 1)")
    scur.execute("FLUSH")
    scur.execute("SELECT n FROM sub_v WHERE k = 'z'")
    assert scur.fetchone() == (1,)
