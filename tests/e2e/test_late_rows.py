"""Lateness at the table (product.md, semantics 4 and 5) through the real server:
late rows are reported with a NOTICE, kept out of the table, and the table's
watermark survives kill -9 and restart (a row late before is still late after)."""

import io

import pytest


def rows(conn, sql):
    with conn.cursor() as cur:
        cur.execute(sql)
        return cur.fetchall()


def execute(conn, sql):
    del conn.notices[:]
    with conn.cursor() as cur:
        cur.execute(sql)
        return cur.statusmessage


CREATE = ("CREATE TABLE ev (id INT, ts TIMESTAMP, "
          "WATERMARK FOR ts AS ts - INTERVAL '5' SECOND)")


def test_insert_reports_late_rows_with_a_notice(kappa, connect):
    conn = connect(kappa)
    execute(conn, CREATE)
    tag = execute(conn, "INSERT INTO ev VALUES (1, '2024-01-01 00:00:10'), "
                        "(2, '2024-01-01 00:00:03'), (3, '2024-01-01 00:00:01')")
    assert tag == "INSERT 0 3"
    assert [n.strip() for n in conn.notices] == [
        "NOTICE:  2 rows were late (watermark 2024-01-01 00:00:05) "
        "and went to kappa_catalog.late_rows"]
    assert rows(conn, "SELECT id FROM ev ORDER BY id") == [(1,)]
    # on-time rows give no notice
    execute(conn, "INSERT INTO ev VALUES (4, '2024-01-01 00:00:05')")
    assert conn.notices == []


def test_copy_reports_late_rows_with_a_notice(kappa, connect):
    conn = connect(kappa)
    execute(conn, CREATE)
    del conn.notices[:]
    with conn.cursor() as cur:
        cur.copy_expert("COPY ev FROM STDIN",
                        io.StringIO("1\t2024-01-01 00:00:10\n2\t2024-01-01 00:00:04\n3\t\\N\n"))
        assert cur.rowcount == 3
        cur.execute("SELECT 1")  # psycopg2 hands over notices received in COPY only here
    assert [n.strip() for n in conn.notices] == [
        "NOTICE:  1 row was late (watermark 2024-01-01 00:00:05) "
        "and went to kappa_catalog.late_rows"]
    assert rows(conn, "SELECT id FROM ev ORDER BY id") == [(1,), (3,)]


@pytest.mark.parametrize("how", ["kill9", "stop"])
def test_watermark_survives_restart(server_factory, connect, how):
    server = server_factory()
    conn = connect(server)
    execute(conn, CREATE)
    execute(conn, "INSERT INTO ev VALUES (1, '2024-01-01 00:01:00')")  # W = 00:00:55
    execute(conn, "INSERT INTO ev VALUES (2, '2024-01-01 00:00:50')")
    assert len(conn.notices) == 1  # late before the restart
    conn.close()
    if how == "kill9":
        server.kill9()
    else:
        server.stop()
    server.start()
    conn = connect(server)
    # The same row is still late after the restart (W was not reset) ...
    execute(conn, "INSERT INTO ev VALUES (3, '2024-01-01 00:00:50')")
    assert [n.strip() for n in conn.notices] == [
        "NOTICE:  1 row was late (watermark 2024-01-01 00:00:55) "
        "and went to kappa_catalog.late_rows"]
    # ... and on-time rows still go in.
    execute(conn, "INSERT INTO ev VALUES (4, '2024-01-01 00:00:55')")
    assert conn.notices == []
    assert rows(conn, "SELECT id FROM ev ORDER BY id") == [(1,), (4,)]


def test_late_rows_system_tables(kappa, connect):
    """Needs kappa_catalog registered with the planner (server/system_tables.h)."""
    conn = connect(kappa)
    execute(conn, CREATE)
    execute(conn, "INSERT INTO ev VALUES (1, '2024-01-01 00:00:10'), (2, '2024-01-01 00:00:03')")
    assert rows(conn, "SELECT table_name, row_data, watermark::text, log_position "
                      "FROM kappa_catalog.late_rows") == [
        ("ev", '(2,"2024-01-01 00:00:03")', "2024-01-01 00:00:05", 1)]
    assert rows(conn, "SELECT log_entries, late_rows, watermark::text "
                      "FROM kappa_catalog.table_stats WHERE table_name = 'ev'") == [
        (1, 1, "2024-01-01 00:00:05")]
