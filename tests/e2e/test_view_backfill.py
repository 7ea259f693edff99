"""A view's backfill (CREATE MATERIALIZED VIEW over existing data) as other
sessions see it: it does not hold up other DDL, readers of the new view wait
for it, kappa_catalog.views shows its progress, and DROP ... CASCADE of what
it reads stops it cleanly."""

import io
import threading
import time

import psycopg2
import pytest

# Enough rows that the backfill takes seconds, so the test sees it building.
ROWS = 1_600_000
VIEW = ("CREATE MATERIALIZED VIEW big AS SELECT k, count(*) AS n, max(v) AS mx, "
        "count(DISTINCT v % 1000) AS d FROM e GROUP BY k")


def load(conn):
    with conn.cursor() as cur:
        cur.execute("CREATE TABLE e (k BIGINT, v BIGINT)")
        for part in range(4):  # four log entries, so progress moves in steps
            data = "".join(f"{i % 5000}\t{i}\n" for i in range(part * ROWS // 4,
                                                              (part + 1) * ROWS // 4))
            cur.copy_from(io.StringIO(data), "e")


def start_create(kappa, connect):
    """Runs VIEW on its own connection; returns (thread, result dict)."""
    result = {}

    def run():
        c = connect(kappa)
        try:
            with c.cursor() as cur:
                cur.execute(VIEW)
            result["ok"] = True
        except psycopg2.Error as e:
            result["error"] = (e.pgcode, str(e))
        finally:
            c.close()

    t = threading.Thread(target=run)
    t.start()
    return t, result


def wait_building(conn, timeout=20):
    deadline = time.monotonic() + timeout
    with conn.cursor() as cur:
        while time.monotonic() < deadline:
            cur.execute("SELECT state FROM kappa_catalog.views WHERE view_name = 'big'")
            row = cur.fetchone()
            if row is not None:
                return row[0]
            time.sleep(0.005)
    raise AssertionError("the view never showed up in kappa_catalog.views")


def test_backfill_lets_other_ddl_run_and_readers_wait(kappa, connect):
    conn = connect(kappa)
    load(conn)
    t, result = start_create(kappa, connect)
    assert wait_building(conn) == "building"
    with conn.cursor() as cur:
        # Other DDL does not wait for the backfill: the view is still
        # building after CREATE TABLE returned.
        cur.execute("CREATE TABLE other (x INT)")
        cur.execute("SELECT state FROM kappa_catalog.views WHERE view_name = 'big'")
        assert cur.fetchone() == ("building",)
        # A reader of the view waits until it is complete, then sees all of it.
        cur.execute("SELECT sum(n), count(*) FROM big")
        assert cur.fetchone() == (ROWS, 5000)
        cur.execute("SELECT state, progress FROM kappa_catalog.views WHERE view_name = 'big'")
        assert cur.fetchone() == ("running", 1.0)
    t.join(60)
    assert result == {"ok": True}


def test_drop_cascade_stops_a_backfill(kappa, connect):
    conn = connect(kappa)
    load(conn)
    t, result = start_create(kappa, connect)
    assert wait_building(conn) == "building"
    with conn.cursor() as cur:
        cur.execute("DROP TABLE e CASCADE")
        cur.execute("SELECT count(*) FROM kappa_catalog.views")
        assert cur.fetchone() == (0,)
    t.join(60)
    assert result.get("error", ("", ""))[0] == "57014", result
    assert "dropped while it was created" in result["error"][1]
    # Nothing is left behind, and the name is free again.
    with conn.cursor() as cur:
        cur.execute("CREATE TABLE e (k BIGINT, v BIGINT)")
        cur.execute("INSERT INTO e VALUES (1, 1)")
        cur.execute(VIEW)
        cur.execute("SELECT * FROM big")
        assert cur.fetchall() == [(1, 1, 1, 1)]


def test_kill_9_during_a_backfill_resumes_it(server_factory, connect):
    s = server_factory()
    conn = connect(s)
    load(conn)
    t, result = start_create(s, connect)
    assert wait_building(conn) == "building"
    s.kill9()
    t.join(60)
    assert "error" in result  # the CREATE's connection died with the server
    s.start()
    conn = connect(s)
    with conn.cursor() as cur:
        # The view was in the catalog with its checkpointed backfill: after
        # the restart the engine finishes it from there (in bounded epochs).
        cur.execute("FLUSH")
        cur.execute("SELECT k, n, mx, d FROM big ORDER BY k")
        view = cur.fetchall()
        cur.execute("SELECT k, count(*), max(v), count(DISTINCT v % 1000) FROM e "
                    "GROUP BY k ORDER BY k")
        assert view == cur.fetchall()
        assert len(view) == 5000
        cur.execute("SELECT state, progress FROM kappa_catalog.views WHERE view_name = 'big'")
        assert cur.fetchone() == ("running", 1.0)
