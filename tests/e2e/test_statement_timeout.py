"""statement_timeout (PostgreSQL semantics) and CancelRequest on long
statements: the statement ends with 57014 and the connection stays usable."""

import threading
import time

import psycopg2
import pytest

# A cross join big enough to run for minutes.
LONG_QUERY = "SELECT count(*) FROM st_big a, st_big b, st_big c"


def _big_table(conn):
    cur = conn.cursor()
    cur.execute("CREATE TABLE st_big (x INT)")
    cur.execute("INSERT INTO st_big SELECT a.x * 100 + b.x FROM "
                "(VALUES (0),(1),(2),(3),(4),(5),(6),(7),(8),(9)) a(x), "
                "(VALUES (0),(1),(2),(3),(4),(5),(6),(7),(8),(9)) b(x)")
    cur.execute("INSERT INTO st_big SELECT x + 1000 FROM st_big")  # 200
    cur.execute("INSERT INTO st_big SELECT x + 2000 FROM st_big")  # 400
    cur.execute("INSERT INTO st_big SELECT x + 4000 FROM st_big")  # 800
    return cur


def test_set_show_reset_statement_timeout(kappa, connect):
    cur = connect(kappa).cursor()

    def show():
        cur.execute("SHOW statement_timeout")
        return cur.fetchone()[0]

    assert show() == "0"
    for value, shown in [("5000", "5s"), ("'5s'", "5s"), ("1500", "1500ms"), ("'2min'", "2min"),
                         ("'1 h'", "1h"), ("'250ms'", "250ms"), ("0", "0")]:
        cur.execute(f"SET statement_timeout = {value}")
        assert show() == shown, value
    cur.execute("SET statement_timeout TO '3s'")
    cur.execute("SELECT current_setting('statement_timeout')")
    assert cur.fetchone()[0] == "3s"
    cur.execute("RESET statement_timeout")
    assert show() == "0"
    for bad in ["'soon'", "'5 parsecs'", "-1"]:
        with pytest.raises(psycopg2.Error) as e:
            cur.execute(f"SET statement_timeout = {bad}")
        assert e.value.pgcode == "22023", bad
    assert show() == "0"


def test_statement_timeout_cancels_a_long_query(kappa, connect):
    conn = connect(kappa)
    cur = _big_table(conn)
    cur.execute("SET statement_timeout = '300ms'")
    t0 = time.time()
    with pytest.raises(psycopg2.Error) as e:
        cur.execute(LONG_QUERY)
    elapsed = time.time() - t0
    assert e.value.pgcode == "57014"
    assert "canceling statement due to statement timeout" in e.value.pgerror
    assert 0.25 <= elapsed < 20
    # Short statements run; the connection stays usable.
    cur.execute("SELECT count(*) FROM st_big")
    assert cur.fetchone() == (800,)
    cur.execute("SET statement_timeout = 0")
    cur.execute("SELECT 1")
    assert cur.fetchone() == (1,)


def test_statement_timeout_from_startup_options(kappa, connect):
    setup = connect(kappa)
    _big_table(setup)
    conn = connect(kappa, options="-c statement_timeout=200")
    cur = conn.cursor()
    cur.execute("SHOW statement_timeout")
    assert cur.fetchone()[0] == "200ms"
    with pytest.raises(psycopg2.Error) as e:
        cur.execute(LONG_QUERY)
    assert e.value.pgcode == "57014" and "statement timeout" in e.value.pgerror


def test_statement_timeout_in_a_transaction_block_and_fetch(kappa, connect):
    setup = connect(kappa)
    scur = _big_table(setup)
    scur.execute("CREATE MATERIALIZED VIEW st_v AS SELECT count(*) AS n FROM st_big")
    conn = connect(kappa, autocommit=False)
    cur = conn.cursor()
    cur.execute("SET statement_timeout = '300ms'")
    cur.execute("DECLARE c CURSOR FOR SUBSCRIBE st_v WITH (SNAPSHOT = false)")
    t0 = time.time()
    with pytest.raises(psycopg2.Error) as e:
        cur.execute("FETCH ALL c")  # waits for a change that never comes
    assert e.value.pgcode == "57014" and "statement timeout" in e.value.pgerror
    assert 0.25 <= time.time() - t0 < 20
    with pytest.raises(psycopg2.Error) as e:
        cur.execute("SELECT 1")
    assert e.value.pgcode == "25P02"  # the block failed
    conn.rollback()
    cur.execute("SELECT 1")
    assert cur.fetchone() == (1,)
    conn.commit()


def test_cancel_request_cancels_a_long_query(kappa, connect):
    conn = connect(kappa)
    cur = _big_table(conn)
    timer = threading.Timer(0.5, conn.cancel)
    timer.start()
    t0 = time.time()
    with pytest.raises(psycopg2.Error) as e:
        cur.execute(LONG_QUERY)
    timer.join()
    assert e.value.pgcode == "57014"
    assert "canceling statement due to user request" in e.value.pgerror
    assert time.time() - t0 < 20
    cur.execute("SELECT count(*) FROM st_big")
    assert cur.fetchone() == (800,)


def test_cancel_request_cancels_a_fetch_and_a_flush(kappa, connect):
    setup = connect(kappa)
    scur = _big_table(setup)
    scur.execute("CREATE MATERIALIZED VIEW st_v2 AS SELECT count(*) AS n FROM st_big")
    conn = connect(kappa, autocommit=False)
    cur = conn.cursor()
    cur.execute("DECLARE c CURSOR FOR SUBSCRIBE st_v2 WITH (SNAPSHOT = false)")
    timer = threading.Timer(0.3, conn.cancel)
    timer.start()
    with pytest.raises(psycopg2.Error) as e:
        cur.execute("FETCH ALL c")
    timer.join()
    assert e.value.pgcode == "57014"
    conn.rollback()
    # FLUSH waits for the views; a cancel ends the wait. A view counting a
    # cross join keeps the engine busy for seconds after 5600 more rows.
    scur.execute("CREATE MATERIALIZED VIEW st_slow AS SELECT count(*) AS n FROM st_big a, st_big b")
    for k in range(3):
        scur.execute("INSERT INTO st_big SELECT x + %s FROM st_big", (10000 * 2**k,))
    conn.autocommit = True
    timer = threading.Timer(0.2, conn.cancel)
    timer.start()
    t0 = time.time()
    with pytest.raises(psycopg2.Error) as e:
        cur.execute("FLUSH")
    timer.join()
    assert e.value.pgcode == "57014"
    assert time.time() - t0 < 20
    cur.execute("SELECT 1")
    assert cur.fetchone() == (1,)
    # The same with statement_timeout.
    scur.execute("INSERT INTO st_big SELECT x + 100000 FROM st_big WHERE x < 2000")
    cur.execute("SET statement_timeout = 100")
    with pytest.raises(psycopg2.Error) as e:
        cur.execute("FLUSH")
    assert e.value.pgcode == "57014" and "statement timeout" in e.value.pgerror
