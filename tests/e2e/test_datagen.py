"""connector = 'datagen' tables (server/connector_runner.h): rows arrive by
themselves at the configured rate, views follow them, the generator's position
commits with its rows (so kill -9 neither loses nor repeats a row), INSERT is
refused, and DROP TABLE stops the generator."""

import time

import psycopg2
import pytest

CREATE = """
CREATE TABLE g (id BIGINT, k INT, ts TIMESTAMP)
WITH (connector = 'datagen', fields.id.kind = 'sequence', fields.id.start = '1',
      fields.k.min = '1', fields.k.max = '4', datagen.rows.per.second = '{rate}'{extra})
FORMAT PLAIN ENCODE JSON
"""


def one(conn, sql):
    with conn.cursor() as cur:
        cur.execute(sql)
        return cur.fetchone()


def wait_rows(conn, at_least, timeout=30):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        n = one(conn, "SELECT count(*) FROM g")[0]
        if n >= at_least:
            return n
        time.sleep(0.05)
    raise AssertionError(f"fewer than {at_least} rows after {timeout} s")


def check_exactly_once(conn):
    """ids are 1..n with no gap and no repeat (while the generator runs, the
    table and the view are read at different moments, so only the table)."""
    n, lo, hi, distinct = one(conn, "SELECT count(*), min(id), max(id), count(DISTINCT id) FROM g")
    assert (lo, hi, distinct) == (1, n, n)
    return n


TOTAL = 3000


def test_datagen_feeds_a_view_and_survives_kill_9(server_factory, connect):
    s = server_factory()
    conn = connect(s)
    with conn.cursor() as cur:
        cur.execute(CREATE.format(rate=1000, extra=f", datagen.rows = '{TOTAL}'"))
        cur.execute("CREATE MATERIALIZED VIEW per_k AS SELECT k, count(*) AS n FROM g GROUP BY k")
    before = wait_rows(conn, 200)
    assert before < TOTAL, "the generator finished before the crash; slow it down"
    check_exactly_once(conn)
    conn.close()
    s.kill9()
    s.start()
    conn = connect(s)
    check_exactly_once(conn)
    mid = wait_rows(conn, min(before + 200, TOTAL))
    # A clean restart continues too.
    conn.close()
    s.stop()
    s.start()
    conn = connect(s)
    check_exactly_once(conn)
    wait_rows(conn, TOTAL)
    time.sleep(0.2)  # the generator has stopped at its end: nothing more arrives
    with conn.cursor() as cur:
        cur.execute("FLUSH")
    assert check_exactly_once(conn) == TOTAL
    assert mid <= TOTAL
    assert one(conn, "SELECT sum(n) FROM per_k") == (TOTAL,)
    assert sorted(r[0] for r in _all(conn, "SELECT k FROM per_k")) == [1, 2, 3, 4]


def _all(conn, sql):
    with conn.cursor() as cur:
        cur.execute(sql)
        return cur.fetchall()


def test_datagen_table_refuses_writes_and_drop_stops_it(kappa, connect):
    conn = connect(kappa)
    with conn.cursor() as cur:
        cur.execute(CREATE.format(rate=500, extra=""))
    wait_rows(conn, 10)
    with conn.cursor() as cur:
        with pytest.raises(psycopg2.Error) as e:
            cur.execute("INSERT INTO g VALUES (0, 0, now())")
        assert e.value.pgcode == "42809"
        assert "fed by connector 'datagen'" in e.value.pgerror
        with pytest.raises(psycopg2.Error) as e:
            cur.execute("DELETE FROM g")
        assert e.value.pgcode == "42809"
        cur.execute("DROP TABLE g")
        # A new table of the same name starts from the beginning again.
        cur.execute(CREATE.format(rate=500, extra=""))
    wait_rows(conn, 5)
    assert one(conn, "SELECT min(id) FROM g") == (1,)


def test_bounded_datagen_stops_at_its_end(kappa, connect):
    conn = connect(kappa)
    with conn.cursor() as cur:
        cur.execute("CREATE TABLE b (id INT) WITH (connector = 'datagen', "
                    "fields.id.kind = 'sequence', fields.id.end = '50', "
                    "datagen.rows.per.second = '0')")
    wait_rows_table(conn, "b", 50)
    time.sleep(0.2)
    assert one(conn, "SELECT count(*), min(id), max(id) FROM b") == (50, 1, 50)


def wait_rows_table(conn, table, at_least, timeout=30):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if one(conn, f"SELECT count(*) FROM {table}")[0] >= at_least:
            return
        time.sleep(0.02)
    raise AssertionError(f"{table}: fewer than {at_least} rows")


@pytest.mark.parametrize("options,code", [
    ("connector = 'datagen', fields.nope.kind = 'random'", "42703"),
    ("connector = 'datagen', fields.id.kind = 'sequence', fields.id.start = 'x'", "22023"),
    ("connector = 'nosuch'", "0A000"),
])
def test_bad_connector_options_create_nothing(kappa, connect, options, code):
    conn = connect(kappa)
    with conn.cursor() as cur:
        with pytest.raises(psycopg2.Error) as e:
            cur.execute(f"CREATE TABLE x (id BIGINT) WITH ({options})")
        assert e.value.pgcode == code
        cur.execute("SHOW TABLES")
        assert cur.fetchall() == []
