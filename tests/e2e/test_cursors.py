"""SQL cursors (DECLARE / FETCH / CLOSE) as client libraries use them:
psycopg2 named cursors, psycopg 3 server-side cursors."""

import psycopg2
import pytest


def _table(conn):
    cur = conn.cursor()
    cur.execute("CREATE TABLE cur_e2e (id INT, name TEXT)")
    cur.execute("INSERT INTO cur_e2e VALUES (1, 'a'), (2, 'b'), (3, 'c'), (4, 'd'), (5, 'e')")
    cur.close()


def test_psycopg2_named_cursor_iterates_in_batches(kappa, connect):
    setup = connect(kappa)
    _table(setup)
    conn = connect(kappa, autocommit=False)
    cur = conn.cursor(name="c")  # DECLARE "c" CURSOR WITHOUT HOLD FOR ...
    cur.itersize = 2              # FETCH FORWARD 2 FROM "c"
    cur.execute("SELECT id, name FROM cur_e2e ORDER BY id")
    rows = list(cur)
    assert rows == [(1, "a"), (2, "b"), (3, "c"), (4, "d"), (5, "e")]
    assert [d.name for d in cur.description] == ["id", "name"]
    cur.close()                   # CLOSE "c"
    conn.commit()

    # fetchmany / fetchone on a named cursor
    cur = conn.cursor(name="c2")
    cur.execute("SELECT id FROM cur_e2e WHERE id > %s ORDER BY id", (2,))
    assert cur.fetchone() == (3,)
    assert cur.fetchmany(5) == [(4,), (5,)]
    assert cur.fetchall() == []
    conn.commit()
    conn.close()
    setup.close()


def test_psycopg2_withhold_named_cursor_survives_commit(kappa, connect):
    setup = connect(kappa)
    _table(setup)
    conn = connect(kappa, autocommit=False)
    cur = conn.cursor(name="held", withhold=True)
    cur.itersize = 2
    cur.execute("SELECT id FROM cur_e2e ORDER BY id")
    conn.commit()
    assert [r[0] for r in cur] == [1, 2, 3, 4, 5]
    cur.close()
    conn.close()
    setup.close()


def test_cursor_errors(kappa, connect):
    conn = connect(kappa)  # autocommit
    cur = conn.cursor()
    with pytest.raises(psycopg2.Error) as e:
        cur.execute("DECLARE c CURSOR FOR SELECT 1")
    assert e.value.pgcode == "25P01"
    with pytest.raises(psycopg2.Error) as e:
        cur.execute("FETCH FORWARD 2 FROM nope")
    assert e.value.pgcode == "34000"
    with pytest.raises(psycopg2.Error) as e:
        cur.execute("CLOSE nope")
    assert e.value.pgcode == "34000"

    cur.execute("BEGIN")
    cur.execute("DECLARE c CURSOR FOR SELECT 1")
    assert cur.statusmessage == "DECLARE CURSOR"
    with pytest.raises(psycopg2.Error) as e:
        cur.execute("DECLARE c CURSOR FOR SELECT 2")
    assert e.value.pgcode == "42P03"
    cur.execute("ROLLBACK")

    # a WITHOUT HOLD cursor ends with its transaction block
    cur.execute("BEGIN")
    cur.execute("DECLARE c CURSOR WITHOUT HOLD FOR SELECT 1")
    cur.execute("COMMIT")
    with pytest.raises(psycopg2.Error) as e:
        cur.execute("FETCH c")
    assert e.value.pgcode == "34000"
    conn.close()


def test_psycopg3_server_side_cursor(kappa):
    psycopg = pytest.importorskip("psycopg")
    with psycopg.connect(kappa.dsn(), autocommit=True) as conn:
        conn.execute("CREATE TABLE cur_p3 (id INT, name TEXT)")
        conn.execute("INSERT INTO cur_p3 VALUES (1, 'a'), (2, 'b'), (3, 'c')")
        with conn.transaction():
            cur = conn.cursor(name="s")
            cur.itersize = 2
            cur.execute("SELECT id, name FROM cur_p3 ORDER BY id")
            assert [d.name for d in cur.description] == ["id", "name"]
            assert list(cur) == [(1, "a"), (2, "b"), (3, "c")]
            cur.close()
