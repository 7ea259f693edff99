"""connector = 'kafka' tables (executor/kafka_source.h, server/connector_runner.h)
against the Kafka test broker (tools/kafka_test_broker.cc), with kcat as the
producer: every partition is read, JSON values become rows, each partition's
offset commits with its rows (kill -9 neither loses nor repeats a record),
'latest' skips what is already there, records that do not decode are skipped
(and kept in kappa_catalog.source_errors: test_kafka_formats.py),
bad options create nothing, and an unreachable broker blocks nothing."""

import json
import time

import psycopg2
import pytest

from test_kafka_test_broker import produce, run_broker

KCAT = "/usr/bin/kcat"


@pytest.fixture
def broker(kappadb_binary, tmp_path):
    b = run_broker(kappadb_binary, tmp_path, ["t:3"])
    yield b
    b.kill()


def create_sql(bootstrap, name="k", mode=None, key="properties.bootstrap.server", fmt=True):
    opts = f"connector = 'kafka', topic = 't', {key} = '{bootstrap}'"
    if mode:
        opts += f", scan.startup.mode = '{mode}'"
    if not fmt:
        opts += ", format = 'json'"
    return (f"CREATE TABLE {name} (id BIGINT, name TEXT, amount DOUBLE PRECISION, "
            f"ts TIMESTAMP, ok BOOLEAN, missing INT) WITH ({opts})"
            + (" FORMAT PLAIN ENCODE JSON" if fmt else ""))


def record(i):
    return json.dumps({"id": i, "name": f"n:{i}", "amount": str(i * 1.5),
                       "ts": f"2026-11-23 10:00:{i % 60:02d}", "ok": i % 2 == 0,
                       "extra": {"nested": [i]}})


def send(b, ids):
    produce(KCAT, b.bootstrap, "t", [f"k{i}:{record(i)}" for i in ids])


def rows(conn, sql):
    with conn.cursor() as cur:
        cur.execute(sql)
        return cur.fetchall()


def wait_count(conn, n, table="k", timeout=30):
    deadline = time.monotonic() + timeout
    got = None
    while time.monotonic() < deadline:
        got = rows(conn, f"SELECT count(*) FROM {table}")[0][0]
        if got >= n:
            return got
        time.sleep(0.05)
    raise AssertionError(f"{table}: {got} rows after {timeout} s, expected {n}")


def flush(conn):
    with conn.cursor() as cur:
        cur.execute("FLUSH")


def check_exactly(conn, ids, table="k"):
    flush(conn)
    got = sorted(r[0] for r in rows(conn, f"SELECT id FROM {table}"))
    assert got == sorted(ids)


def wait_view(conn, n, timeout=30):
    deadline = time.monotonic() + timeout
    got = None
    while time.monotonic() < deadline:
        flush(conn)
        got = rows(conn, "SELECT n FROM kc")
        if got == [(n,)]:
            return
        time.sleep(0.05)
    raise AssertionError(f"view count {got}, expected {n}")


def test_all_partitions_arrive_exactly_once_across_kill_9(server_factory, connect, broker):
    send(broker, range(300))
    s = server_factory()
    conn = connect(s)
    with conn.cursor() as cur:
        cur.execute(create_sql(broker.bootstrap))
        cur.execute("CREATE MATERIALIZED VIEW kc AS SELECT count(*) AS n FROM k")
    wait_count(conn, 300)
    check_exactly(conn, range(300))
    wait_view(conn, 300)
    assert rows(conn, "SELECT id, name, amount, ts::text, ok, missing FROM k WHERE id IN (7, 8)"
                " ORDER BY id") == [(7, "n:7", 10.5, "2026-11-23 10:00:07", False, None),
                                    (8, "n:8", 12.0, "2026-11-23 10:00:08", True, None)]
    send(broker, range(300, 400))
    wait_count(conn, 400)
    check_exactly(conn, range(400))
    conn.close()
    s.kill9()
    send(broker, range(400, 500))  # while kappadb is down
    s.start()
    conn = connect(s)
    send(broker, range(500, 600))
    wait_count(conn, 600)
    time.sleep(0.3)  # nothing more (no duplicates) arrives
    check_exactly(conn, range(600))
    wait_view(conn, 600)
    # A clean restart resumes too.
    conn.close()
    s.stop()
    s.start()
    conn = connect(s)
    send(broker, range(600, 650))
    wait_count(conn, 650)
    time.sleep(0.3)
    check_exactly(conn, range(650))


def test_latest_skips_old_records(kappa, connect, broker):
    send(broker, range(50))
    conn = connect(kappa)
    with conn.cursor() as cur:
        cur.execute(create_sql(broker.bootstrap, mode="latest-offset", key="properties.bootstrap.servers"))
    # The source starts in the background: produce until something arrives.
    i = 1000
    deadline = time.monotonic() + 30
    while rows(conn, "SELECT count(*) FROM k")[0][0] == 0:
        assert time.monotonic() < deadline, "nothing arrived"
        send(broker, [i])
        i += 1
        time.sleep(0.2)
    send(broker, range(2000, 2100))
    deadline = time.monotonic() + 30
    while True:
        ids = [r[0] for r in rows(conn, "SELECT id FROM k")]
        if set(range(2000, 2100)) <= set(ids):
            break
        assert time.monotonic() < deadline, "the new records did not all arrive"
        time.sleep(0.05)
    assert min(ids) >= 1000  # nothing from before the table
    assert len(ids) == len(set(ids))


def test_records_that_do_not_decode_are_skipped(kappa, connect, broker):
    lines = [f"k{i}:{record(i)}" for i in range(20)]
    lines[3] = "k3:not json"
    lines[5] = 'k5:{"id": "five"}'
    lines[9] = 'k9:[1, 2]'
    lines[11] = 'k11:{"id": 11, "ts": "not a time"}'
    produce(KCAT, broker.bootstrap, "t", lines)
    conn = connect(kappa)
    with conn.cursor() as cur:
        cur.execute(create_sql(broker.bootstrap, fmt=False))
    wait_count(conn, 16)
    send(broker, [20])
    wait_count(conn, 17)
    time.sleep(0.2)
    check_exactly(conn, [i for i in range(21) if i not in (3, 5, 9, 11)])
    assert "do not decode" in kappa.log_tail()


def test_unreachable_broker_blocks_nothing_and_drop_stops_it(kappa, connect, broker):
    conn = connect(kappa)
    with conn.cursor() as cur:
        cur.execute(create_sql("127.0.0.1:1", name="down"))
        time.sleep(1.5)
        cur.execute("SELECT count(*) FROM down")
        assert cur.fetchone() == (0,)
        started = time.monotonic()
        cur.execute("DROP TABLE down")
        assert time.monotonic() - started < 5
        # Drop and re-create: the new table starts from the beginning again.
        send(broker, range(10))
        cur.execute(create_sql(broker.bootstrap))
    wait_count(conn, 10)
    with conn.cursor() as cur:
        cur.execute("DROP TABLE k")
        cur.execute(create_sql(broker.bootstrap))
    wait_count(conn, 10)
    time.sleep(0.2)
    check_exactly(conn, range(10))
    with conn.cursor() as cur:
        with pytest.raises(psycopg2.Error) as e:
            cur.execute("INSERT INTO k (id) VALUES (1)")
        assert e.value.pgcode == "42809"


@pytest.mark.parametrize("options,tail,code", [
    ("connector = 'kafka', properties.bootstrap.server = 'h:1'", "FORMAT PLAIN ENCODE JSON", "42601"),
    ("connector = 'kafka', topic = 't'", "FORMAT PLAIN ENCODE JSON", "42601"),
    ("connector = 'kafka', topic = 't', properties.bootstrap.server = 'h:1'", "", "42601"),
    ("connector = 'kafka', topic = 't', properties.bootstrap.server = 'h:1', "
     "scan.startup.mode = 'sometime'", "FORMAT PLAIN ENCODE JSON", "22023"),
    ("connector = 'kafka', topic = 't', properties.bootstrap.server = 'h:1', nope = '1'",
     "FORMAT PLAIN ENCODE JSON", "42601"),
    ("connector = 'kafka', topic = 't', properties.bootstrap.server = 'h:1', "
     "properties.no.such.setting = '1'", "FORMAT PLAIN ENCODE JSON", "22023"),
    ("connector = 'kafka', topic = 't', properties.bootstrap.server = 'h:1'",
     "FORMAT DEBEZIUM ENCODE JSON", "0A000"),
    ("connector = 'kafka', topic = 't', properties.bootstrap.server = 'h:1', format = 'avro'",
     "", "0A000"),
])
def test_bad_kafka_options_create_nothing(kappa, connect, options, tail, code):
    conn = connect(kappa)
    with conn.cursor() as cur:
        with pytest.raises(psycopg2.Error) as e:
            cur.execute(f"CREATE TABLE x (id BIGINT) WITH ({options}) {tail}")
        assert e.value.pgcode == code, e.value.pgerror
        cur.execute("SHOW TABLES")
        assert cur.fetchall() == []


def test_views_created_after_kafka_lost_the_records_replay_the_tables_own_log(
        server_factory, connect, broker):
    # The test broker keeps records in memory only: once it is gone, so is the topic's history
    # (as after Kafka's retention deleted it). Views created afterwards still see every record,
    # replayed from the table's own log, also after a kill -9 of kappadb.
    s = server_factory()
    conn = connect(s)
    with conn.cursor() as cur:
        cur.execute(create_sql(broker.bootstrap))
    send(broker, range(500))
    wait_count(conn, 500)
    broker.kill()
    with conn.cursor() as cur:
        cur.execute("CREATE MATERIALIZED VIEW late_view AS "
                    "SELECT count(*) AS n, sum(id) AS s, count(DISTINCT id) AS d FROM k")
    assert rows(conn, "SELECT n, s, d FROM late_view") == [(500, sum(range(500)), 500)]
    s.kill9()
    s.start()
    conn = connect(s)
    with conn.cursor() as cur:
        cur.execute("CREATE MATERIALIZED VIEW after_restart AS "
                    "SELECT ok, count(*) AS n FROM k GROUP BY ok")
    assert rows(conn, "SELECT n, s, d FROM late_view") == [(500, sum(range(500)), 500)]
    assert rows(conn, "SELECT ok, n FROM after_restart ORDER BY ok") == [(False, 250), (True, 250)]
    check_exactly(conn, range(500))
