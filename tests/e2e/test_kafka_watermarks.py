"""Per-partition watermarks of Kafka tables (server/table_writer.h, docs/watermarks.md)
against the Kafka test broker with a 2-partition topic and kcat producing to one
partition at a time: lateness is decided per partition, the table watermark is the
minimum over the partitions (a partition that sent nothing holds it back), an
EMIT ON WINDOW CLOSE window closes only when both partitions passed it, a view
created later replays exactly the live watermarks, W_p survives kill -9, and with
source.idle-timeout a window closes when one partition stops."""

import json
import subprocess
import time

import psycopg2
import pytest

from test_kafka_test_broker import run_broker

KCAT = "/usr/bin/kcat"


@pytest.fixture
def broker(kappadb_binary, tmp_path):
    b = run_broker(kappadb_binary, tmp_path, ["t:2"])
    yield b
    b.kill()


def ts(sec):
    return f"2024-01-01 00:01:{sec:02d}"


def send(b, partition, events):
    """events: [(id, second)] produced to `partition`, in order."""
    lines = [json.dumps({"id": i, "ts": ts(s)}) for i, s in events]
    r = subprocess.run([KCAT, "-P", "-b", b.bootstrap, "-t", "t", "-p", str(partition)],
                       input="".join(line + "\n" for line in lines).encode(),
                       capture_output=True, timeout=30)
    assert r.returncode == 0, r.stderr.decode()


def rows(conn, sql):
    with conn.cursor() as cur:
        cur.execute(sql)
        return cur.fetchall()


def execute(conn, sql):
    with conn.cursor() as cur:
        cur.execute(sql)


def create_table(conn, bootstrap, idle=None):
    opts = f"connector = 'kafka', topic = 't', properties.bootstrap.server = '{bootstrap}'"
    if idle:
        opts += f", 'source.idle-timeout' = '{idle}'"
    execute(conn, "CREATE TABLE ev (id BIGINT, ts TIMESTAMP, "
                  "WATERMARK FOR ts AS ts - INTERVAL '5' SECOND) "
                  f"WITH ({opts}) FORMAT PLAIN ENCODE JSON")


def create_view(conn, name):
    execute(conn, f"CREATE MATERIALIZED VIEW {name} AS "
                  "SELECT window_start::text AS ws, count(*) AS n, sum(id) AS s "
                  "FROM TUMBLE(ev, ts, INTERVAL '10' SECOND) "
                  "GROUP BY window_start, window_end EMIT ON WINDOW CLOSE")


def view(conn, name):
    execute(conn, "FLUSH")
    return rows(conn, f"SELECT ws, n, s FROM {name} ORDER BY ws")


def wait_for(what, fn, timeout=30):
    deadline = time.monotonic() + timeout
    got = None
    while time.monotonic() < deadline:
        got = fn()
        if got:
            return got
        time.sleep(0.05)
    raise AssertionError(f"{what}: last saw {got!r} after {timeout} s")


def wait_ids(conn, ids):
    """Waits until the table holds exactly `ids` (a superset would fail at once)."""
    want = sorted(ids)

    def check():
        got = sorted(r[0] for r in rows(conn, "SELECT id FROM ev"))
        assert set(got) <= set(want), f"unexpected rows {got}, expected {want}"
        return got == want
    wait_for(f"ids {want}", check)


def wait_late(conn, n):
    wait_for(f"{n} late rows",
             lambda: len(rows(conn, "SELECT 1 FROM kappa_catalog.late_rows")) == n)


def late_rows(conn):
    return rows(conn, "SELECT row_data, watermark::text FROM kappa_catalog.late_rows "
                      "WHERE table_name = 'ev' ORDER BY log_position, row_data")


def table_watermark(conn):
    (w,) = rows(conn, "SELECT watermark::text FROM kappa_catalog.table_stats "
                      "WHERE table_name = 'ev'")[0]
    return w


def test_watermark_is_the_minimum_over_partitions_and_replays_exactly(
        server_factory, connect, broker):
    s = server_factory()
    conn = connect(s)
    create_table(conn, broker.bootstrap)
    create_view(conn, "live")
    # Partition 0 runs ahead while partition 1 has sent nothing: no watermark.
    send(broker, 0, [(1, 1), (3, 16)])
    wait_ids(conn, [1, 3])
    assert table_watermark(conn) is None
    # Partition 1's first row is on time although it is below W_0 = 11.
    send(broker, 1, [(2, 2)])
    wait_ids(conn, [1, 2, 3])
    assert table_watermark(conn) == "2024-01-01 00:00:57"  # min(W_0 = 11, W_1 = -3)
    # ts 8 is late in partition 0 (below 16 - 5) and on time in partition 1.
    send(broker, 0, [(4, 8)])
    wait_late(conn, 1)
    send(broker, 1, [(5, 8)])
    wait_ids(conn, [1, 2, 3, 5])
    assert late_rows(conn) == [('(4,"2024-01-01 00:01:08")', "2024-01-01 00:01:11")]
    assert view(conn, "live") == []  # W_1 = 3: the window [0, 10) is still open
    # Partition 1 passes the window too: it closes, final.
    send(broker, 1, [(6, 17)])
    wait_ids(conn, [1, 2, 3, 5, 6])
    assert table_watermark(conn) == "2024-01-01 00:01:11"
    assert view(conn, "live") == [("2024-01-01 00:01:00", 3, 8)]
    # Partition 0 runs far ahead: max(ts) - 5 = 29 would close [10, 20), the
    # table watermark (min = W_1 = 12) does not.
    send(broker, 0, [(7, 34)])
    wait_ids(conn, [1, 2, 3, 5, 6, 7])
    assert table_watermark(conn) == "2024-01-01 00:01:12"
    expected = [("2024-01-01 00:01:00", 3, 8)]
    assert view(conn, "live") == expected
    # A view created now replays the log with the recorded watermarks.
    create_view(conn, "replayed")
    assert view(conn, "replayed") == expected
    # kill -9 keeps every W_p: ts 20 is still late in partition 0 (W_0 = 29)
    # and on time in partition 1 (W_1 = 12).
    conn.close()
    s.kill9()
    s.start()
    conn = connect(s)
    assert table_watermark(conn) == "2024-01-01 00:01:12"
    send(broker, 0, [(8, 20)])
    wait_late(conn, 2)
    send(broker, 1, [(9, 20)])
    wait_ids(conn, [1, 2, 3, 5, 6, 7, 9])
    assert late_rows(conn)[1] == ('(8,"2024-01-01 00:01:20")', "2024-01-01 00:01:29")
    assert view(conn, "live") == expected
    # Partition 1 passes 20: [10, 20) closes; [20, 30) waits for W_0 = 29.
    send(broker, 1, [(10, 38)])
    wait_ids(conn, [1, 2, 3, 5, 6, 7, 9, 10])
    assert table_watermark(conn) == "2024-01-01 00:01:29"
    expected = [("2024-01-01 00:01:00", 3, 8), ("2024-01-01 00:01:10", 2, 9)]
    assert view(conn, "live") == expected
    assert view(conn, "replayed") == expected
    create_view(conn, "after_restart")
    assert view(conn, "after_restart") == expected


def test_idle_timeout_closes_windows_when_a_partition_stops(kappa, connect, broker):
    conn = connect(kappa)
    create_table(conn, broker.bootstrap, idle="1s")
    create_view(conn, "live")
    send(broker, 0, [(1, 1)])
    sent = time.monotonic()  # partition 1 never sends a record after this one
    send(broker, 1, [(2, 2)])
    # Partition 0 stays active (W_0 = 11); without the timeout partition 1
    # (W_1 = -3) would hold [0, 10) open forever.
    closed = [("2024-01-01 00:01:00", 2, 3)]
    ids = [1, 2]
    deadline = time.monotonic() + 30
    while view(conn, "live") != closed:
        assert time.monotonic() < deadline, "the window did not close"
        ids.append(100 + len(ids))
        send(broker, 0, [(ids[-1], 16)])
        time.sleep(0.2)
    assert time.monotonic() - sent >= 1.0
    wait_ids(conn, ids)
    assert table_watermark(conn) == "2024-01-01 00:01:11"
    # The idle decision is in the log: a view created later sees it.
    create_view(conn, "replayed")
    assert view(conn, "replayed") == closed
    # Partition 1 comes back: a row below the table watermark is late (its
    # window has closed), a row above it is on time.
    send(broker, 1, [(4, 5), (5, 12)])
    wait_ids(conn, ids + [5])
    wait_late(conn, 1)
    assert late_rows(conn) == [('(4,"2024-01-01 00:01:05")', "2024-01-01 00:01:11")]
    assert view(conn, "live") == closed
    assert view(conn, "replayed") == closed


def test_bad_idle_timeout_is_refused(kappa, connect, broker):
    conn = connect(kappa)
    with pytest.raises(psycopg2.Error) as e:
        create_table(conn, broker.bootstrap, idle="soon")
    assert e.value.pgcode == "22023"
    assert "source.idle-timeout" in e.value.pgerror
    assert rows(conn, "SELECT count(*) FROM kappa_catalog.table_stats "
                      "WHERE table_name = 'ev'") == [(0,)]
