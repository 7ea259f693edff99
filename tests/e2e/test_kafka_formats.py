"""Kafka tables beyond the first slice (executor/kafka_source.h, server/connector_runner.h,
server/source_tables.cc), against the Kafka test broker with kcat as the producer:
kappa_catalog.source_errors (bad records kept durably with their offsets, in the same write
as the rows, across kill -9), kappa_catalog.sources (state, counters, error state for a
missing topic or a dead broker, and recovery), FORMAT UPSERT (replace, tombstone delete,
retractions seen by views), INCLUDE columns, ENCODE CSV and scan.startup.mode = 'timestamp'."""

import json
import os
import signal
import subprocess
import time

import psycopg2
import pytest

from test_kafka_test_broker import Broker, produce

KCAT = "/usr/bin/kcat"


def broker_path(kappadb_binary):
    path = os.path.join(os.path.dirname(kappadb_binary), "kafka_test_broker")
    if not os.path.exists(path):
        pytest.fail(f"kafka_test_broker not found at {path}; build the kafka_test_broker target")
    if not os.path.exists(KCAT):
        pytest.fail("kcat is not installed (scripts/install-deps.sh installs it)")
    return path


@pytest.fixture
def broker(kappadb_binary, tmp_path):
    b = Broker(broker_path(kappadb_binary), ["--topic", "t:3", "--topic", "u:2"], str(tmp_path))
    b.read_bootstrap()
    yield b
    b.kill()


def produce_raw(bootstrap, topic, data, extra=(), delim=":"):
    """Produces `data` (bytes, one record per line, key:value) with kcat."""
    r = subprocess.run([KCAT, "-P", "-b", bootstrap, "-t", topic, "-K" + delim, *extra],
                       input=data,
                       capture_output=True, timeout=30)
    assert r.returncode == 0, r.stderr.decode()


def rows(conn, sql):
    with conn.cursor() as cur:
        cur.execute(sql)
        return cur.fetchall()


def execute(conn, sql):
    with conn.cursor() as cur:
        cur.execute(sql)


def wait_for(conn, sql, expected, timeout=30):
    deadline = time.monotonic() + timeout
    got = None
    while time.monotonic() < deadline:
        execute(conn, "FLUSH")
        got = rows(conn, sql)
        if got == expected:
            return
        time.sleep(0.05)
    raise AssertionError(f"{sql}: {got}, expected {expected}")


def kafka_opts(bootstrap, topic="t", extra=""):
    return (f"connector = 'kafka', topic = '{topic}', properties.bootstrap.server = '{bootstrap}'"
            + (", " + extra if extra else ""))


def test_bad_records_go_to_source_errors_durably(server_factory, connect, broker):
    lines = [f'k{i}:{json.dumps({"id": i, "v": f"x{i}"})}'.encode() for i in range(10)]
    lines[2] = b"k2:not json"
    lines[4] = b'k4:{"id": 99999999999}'          # does not fit INT
    lines[6] = b'k6:{"id": 6, "v": "caf\xe9"}'    # invalid UTF-8
    produce_raw(broker.bootstrap, "u", b"\n".join(lines) + b"\n", extra=("-p", "0"))
    s = server_factory()
    conn = connect(s)
    execute(conn, f"CREATE TABLE e (id INT, v TEXT) WITH ({kafka_opts(broker.bootstrap, 'u')}) "
                  "FORMAT PLAIN ENCODE JSON")
    wait_for(conn, "SELECT count(*) FROM e", [(7,)])
    errs = rows(conn, 'SELECT table_name, topic, partition, "offset", raw, error, '
                      "read_at IS NOT NULL FROM kappa_catalog.source_errors ORDER BY 4")
    assert [(r[0], r[1], r[2], r[3]) for r in errs] == [("e", "u", 0, 2), ("e", "u", 0, 4),
                                                        ("e", "u", 0, 6)]
    assert errs[0][4] == "not json" and "invalid JSON" in errs[0][5]
    assert errs[1][4] == '{"id": 99999999999}' and 'column "id"' in errs[1][5]
    assert errs[1][5].endswith("out of range for type integer")
    assert errs[2][4] == '{"id": 6, "v": "caf\\xE9"}' and "UTF8" in errs[2][5]
    assert all(r[6] for r in errs)
    wait_for(conn, "SELECT table_name, connector, topic, state, error, records, bad_records, "
                   "partitions, lag FROM kappa_catalog.sources",
             [("e", "kafka", "u", "running", None, 10, 3, 2, 0)])
    # kill -9: nothing lost, nothing doubled (rows, errors and counters commit together).
    conn.close()
    s.kill9()
    produce_raw(broker.bootstrap, "u", b'k10:{"id": 10}\nk11:oops\n', extra=("-p", "1"))
    s.start()
    conn = connect(s)
    wait_for(conn, "SELECT count(*), sum(id) FROM e", [(8, sum([0, 1, 3, 5, 7, 8, 9, 10]))])
    wait_for(conn, 'SELECT partition, "offset", raw FROM kappa_catalog.source_errors '
                   "ORDER BY 1, 2", [(0, 2, "not json"), (0, 4, '{"id": 99999999999}'),
                                     (0, 6, '{"id": 6, "v": "caf\\xE9"}'), (1, 1, "oops")])
    wait_for(conn, "SELECT records, bad_records FROM kappa_catalog.sources", [(12, 4)])
    time.sleep(0.3)
    assert rows(conn, "SELECT count(*) FROM e") == [(8,)]
    assert rows(conn, "SELECT count(*) FROM kappa_catalog.source_errors") == [(4,)]
    # DROP TABLE forgets them.
    execute(conn, "DROP TABLE e")
    assert rows(conn, "SELECT count(*) FROM kappa_catalog.source_errors") == [(0,)]
    assert rows(conn, "SELECT count(*) FROM kappa_catalog.sources") == [(0,)]


def test_unreachable_broker_shows_error_state(kappa, connect):
    conn = connect(kappa)
    execute(conn, f"CREATE TABLE m (id INT) WITH ({kafka_opts('127.0.0.1:1', 'later')}) "
                  "FORMAT PLAIN ENCODE JSON")
    deadline = time.monotonic() + 20
    while True:
        st = rows(conn, "SELECT table_name, topic, state, error, records FROM "
                        "kappa_catalog.sources")
        if st and st[0][2] == "error":
            break
        assert time.monotonic() < deadline, st
        time.sleep(0.1)
    assert st[0][:3] == ("m", "later", "error") and st[0][4] == 0
    assert "127.0.0.1:1 not reachable" in st[0][3]
    execute(conn, "DROP TABLE m")
    assert rows(conn, "SELECT count(*) FROM kappa_catalog.sources") == [(0,)]


def test_dead_broker_shows_error_state(kappa, connect, broker):
    conn = connect(kappa)
    execute(conn, f"CREATE TABLE d (id INT) WITH ({kafka_opts(broker.bootstrap)}) "
                  "FORMAT PLAIN ENCODE JSON")
    produce(KCAT, broker.bootstrap, "t", [f'k{i}:{{"id": {i}}}' for i in range(30)])
    wait_for(conn, "SELECT count(*) FROM d", [(30,)])
    wait_for(conn, "SELECT state FROM kappa_catalog.sources", [("running",)])
    broker.kill()
    deadline = time.monotonic() + 20
    while rows(conn, "SELECT state FROM kappa_catalog.sources") != [("error",)]:
        assert time.monotonic() < deadline, rows(conn, "SELECT * FROM kappa_catalog.sources")
        time.sleep(0.1)
    assert rows(conn, "SELECT count(*) FROM d") == [(30,)]
    assert rows(conn, "SELECT 1") == [(1,)]  # the server goes on


def upsert_opts(bootstrap, topic="u"):
    return kafka_opts(bootstrap, topic)


def test_upsert_replaces_and_deletes_with_retractions(server_factory, connect, broker):
    s = server_factory()
    conn = connect(s)
    execute(conn, "CREATE TABLE up (id INT PRIMARY KEY, name TEXT, n INT) "
                  f"WITH ({upsert_opts(broker.bootstrap)}) FORMAT UPSERT ENCODE JSON")
    execute(conn, "CREATE MATERIALIZED VIEW upv AS SELECT count(*) AS c, sum(n) AS s, "
                  "max(n) AS m FROM up")
    recs = [b'1:{"id": 1, "name": "a", "n": 10}', b'2:{"id": 2, "name": "b", "n": 20}',
            b'3:{"id": 3, "name": "c", "n": 30}']
    # One partition so the order is the produce order.
    produce_raw(broker.bootstrap, "u", b"\n".join(recs) + b"\n", extra=("-p", "0"))
    wait_for(conn, "SELECT * FROM up ORDER BY id", [(1, "a", 10), (2, "b", 20), (3, "c", 30)])
    wait_for(conn, "SELECT c, s, m FROM upv", [(3, 60, 30)])
    # Replace id 3 (the max), delete id 2 by a tombstone with a bare key, delete id 1 by an
    # object key, delete a key that is not there.
    produce_raw(broker.bootstrap, "u",
                b'3|{"id": 3, "name": "C", "n": 5}\n2|\n{"id": 1}|\n7|\n',
                extra=("-p", "0", "-Z"), delim="|")
    wait_for(conn, "SELECT * FROM up ORDER BY id", [(3, "C", 5)])
    wait_for(conn, "SELECT c, s, m FROM upv", [(1, 5, 5)])
    # The log holds retractions: the view sees them, and a kill -9 keeps the state.
    conn.close()
    s.kill9()
    s.start()
    conn = connect(s)
    produce_raw(broker.bootstrap, "u", b'3:{"id": 3, "name": "D", "n": 6}\n'
                                       b'4:{"id": 4, "name": "e", "n": 1}\n', extra=("-p", "0"))
    wait_for(conn, "SELECT * FROM up ORDER BY id", [(3, "D", 6), (4, "e", 1)])
    wait_for(conn, "SELECT c, s, m FROM upv", [(2, 7, 6)])
    # A view created afterwards replays the log to the same result.
    execute(conn, "CREATE MATERIALIZED VIEW upv2 AS SELECT count(*) AS c, sum(n) AS s FROM up")
    wait_for(conn, "SELECT c, s FROM upv2", [(2, 7)])
    with conn.cursor() as cur:
        with pytest.raises(psycopg2.Error) as e:
            cur.execute("DELETE FROM up")
        assert e.value.pgcode == "42809"


@pytest.mark.parametrize("ddl,code", [
    ("CREATE TABLE x (id INT, v TEXT) WITH ({o}) FORMAT UPSERT ENCODE JSON", "42P16"),
    ("CREATE TABLE x (id INT PRIMARY KEY, ts TIMESTAMP, WATERMARK FOR ts AS ts - INTERVAL '1' "
     "SECOND) WITH ({o}) FORMAT UPSERT ENCODE JSON", "0A000"),
    ("CREATE TABLE x (id INT) INCLUDE offset AS o", "42601"),
    ("CREATE TABLE x (id INT) INCLUDE headers WITH ({o}) FORMAT PLAIN ENCODE JSON", "42601"),
    ("CREATE TABLE x (id INT) INCLUDE offset AS id WITH ({o}) FORMAT PLAIN ENCODE JSON",
     "42701"),
    ("CREATE TABLE x (id INT) WITH ({o}, scan.startup.mode = 'timestamp') "
     "FORMAT PLAIN ENCODE JSON", "22023"),
    ("CREATE TABLE x (id INT) WITH ({o}, scan.startup.mode = 'timestamp', "
     "scan.startup.timestamp.millis = 'soon') FORMAT PLAIN ENCODE JSON", "22023"),
    ("CREATE TABLE x (id INT) WITH ({o}) FORMAT PLAIN ENCODE CSV (delimiter = 'ab')", "22023"),
    ("CREATE TABLE x (id INT) WITH ({o}) FORMAT PLAIN ENCODE CSV (quote = 'x')", "42601"),
    ("CREATE TABLE x (id INT) WITH ({o}) FORMAT DEBEZIUM ENCODE JSON", "0A000"),
])
def test_bad_definitions_create_nothing(kappa, connect, ddl, code):
    conn = connect(kappa)
    with conn.cursor() as cur:
        with pytest.raises(psycopg2.Error) as e:
            cur.execute(ddl.format(o=kafka_opts("127.0.0.1:1")))
        assert e.value.pgcode == code, e.value.pgerror
        cur.execute("SHOW TABLES")
        assert cur.fetchall() == []


def test_include_columns(server_factory, connect, broker):
    produce_raw(broker.bootstrap, "u", b'ka:{"id": 1}\nkb:{"id": 2}\n', extra=("-p", "1"))
    s = server_factory()
    conn = connect(s)
    before = int(time.time() * 1000) - 60_000
    execute(conn, "CREATE TABLE inc (id INT) INCLUDE partition INCLUDE offset AS off "
                  "INCLUDE timestamp AS ts INCLUDE key AS k "
                  f"WITH ({kafka_opts(broker.bootstrap, 'u')}) FORMAT PLAIN ENCODE JSON")
    wait_for(conn, "SELECT id, _rw_kafka_partition, off, k FROM inc ORDER BY id",
             [(1, 1, 0, "ka"), (2, 1, 1, "kb")])
    ts = rows(conn, "SELECT extract(epoch FROM ts) * 1000 FROM inc")
    assert all(before < float(t[0]) < time.time() * 1000 + 60_000 for t in ts), ts
    # The INCLUDE columns survive a restart (they are in the catalog).
    conn.close()
    s.kill9()
    s.start()
    conn = connect(s)
    produce_raw(broker.bootstrap, "u", b'kc:{"id": 3, "off": 77}\n', extra=("-p", "0"))
    wait_for(conn, "SELECT id, _rw_kafka_partition, off, k FROM inc ORDER BY id",
             [(1, 1, 0, "ka"), (2, 1, 1, "kb"), (3, 0, 0, "kc")])


def test_csv(kappa, connect, broker):
    conn = connect(kappa)
    execute(conn, "CREATE TABLE c (id INT, name TEXT, amount NUMERIC(10,2), ts TIMESTAMP) "
                  f"WITH ({kafka_opts(broker.bootstrap, 'u')}) "
                  "FORMAT PLAIN ENCODE CSV (delimiter = ';')")
    data = (b"x:id;name;amount;ts\n"
            b"x:1;plain;1.50;2026-11-23 10:00:00\n"
            b'x:2;"quoted; with ""quotes""";2;2026-11-23 10:00:01\n'
            b"x:3;;;\n"
            b"x:4;too;few\n"
            b"x:five;a;1;2026-11-23 10:00:00\n"
            b"x:6;\"\";0.01;2026-11-23 10:00:06\n")
    produce_raw(broker.bootstrap, "u", data, extra=("-p", "0"))
    wait_for(conn, "SELECT id, name, amount::text, ts::text FROM c ORDER BY id",
             [(1, "plain", "1.50", "2026-11-23 10:00:00"),
              (2, 'quoted; with "quotes"', "2.00", "2026-11-23 10:00:01"),
              (3, None, None, None), (6, "", "0.01", "2026-11-23 10:00:06")])
    errs = rows(conn, 'SELECT "offset", raw, error FROM kappa_catalog.source_errors ORDER BY 1')
    assert [(e[0], e[1]) for e in errs] == [(4, "4;too;few"), (5, "five;a;1;2026-11-23 10:00:00")]
    assert "expected 4 fields, got 3" in errs[0][2]
    assert 'column "id"' in errs[1][2]


def test_csv_without_header_and_format_option(kappa, connect, broker):
    conn = connect(kappa)
    execute(conn, "CREATE TABLE c2 (a TEXT, b INT) "
                  f"WITH ({kafka_opts(broker.bootstrap, 'u')}) "
                  "FORMAT PLAIN ENCODE CSV (without_header = 'true')")
    produce_raw(broker.bootstrap, "u", b"x:a,b\nx:q,1\n", extra=("-p", "0"))
    wait_for(conn, "SELECT a, b FROM c2", [("q", 1)])
    errs = rows(conn, 'SELECT "offset", raw FROM kappa_catalog.source_errors')
    assert errs == [(0, "a,b")]


def test_startup_timestamp(kappa, connect, broker):
    # librdkafka 2.0.2's mock cluster answers a ListOffsets by time with "no such record"
    # whatever the time, so only the "after every record" case is checked here: the table
    # starts at each partition's end and reads only what comes later.
    produce(KCAT, broker.bootstrap, "t", [f'k{i}:{{"id": {i}}}' for i in range(10)])
    conn = connect(kappa)
    future = int(time.time() * 1000) + 3_600_000
    execute(conn, f"CREATE TABLE ts2 (id INT) WITH ({kafka_opts(broker.bootstrap)}, "
                  f"scan.startup.mode = 'timestamp', 'scan.startup.timestamp-millis' = '{future}') "
                  "FORMAT PLAIN ENCODE JSON")
    wait_for(conn, "SELECT state FROM kappa_catalog.sources WHERE table_name = 'ts2'",
             [("running",)])
    produce(KCAT, broker.bootstrap, "t", [f'k{i}:{{"id": {i}}}' for i in range(100, 103)])
    wait_for(conn, "SELECT count(*), min(id) FROM ts2", [(3, 100)])


def test_broker_down_and_up_again_resumes_exactly(kappadb_binary, tmp_path, server_factory,
                                                  connect):
    # SIGUSR1 takes the test broker's brokers down (connections closed, new ones refused),
    # SIGUSR2 brings them back with their data (tools/kafka_test_broker.cc).
    path = broker_path(kappadb_binary)
    b = Broker(path, ["--topic", "t:3"], str(tmp_path))
    b.read_bootstrap()
    try:
        s = server_factory()
        conn = connect(s)
        execute(conn, f"CREATE TABLE r (id INT) WITH ({kafka_opts(b.bootstrap)}) "
                      "FORMAT PLAIN ENCODE JSON")
        produce(KCAT, b.bootstrap, "t", [f'k{i}:{{"id": {i}}}' for i in range(300)])
        wait_for(conn, "SELECT count(*), count(DISTINCT id) FROM r", [(300, 300)])
        b.proc.send_signal(signal.SIGUSR1)
        deadline = time.monotonic() + 30
        while rows(conn, "SELECT state FROM kappa_catalog.sources") != [("error",)]:
            assert time.monotonic() < deadline, rows(conn, "SELECT * FROM kappa_catalog.sources")
            time.sleep(0.1)
        (error,) = rows(conn, "SELECT error FROM kappa_catalog.sources")[0]
        assert error, "the error state carries a message"
        # The server keeps answering while the broker is away.
        assert rows(conn, "SELECT count(*) FROM r") == [(300,)]
        b.proc.send_signal(signal.SIGUSR2)
        deadline = time.monotonic() + 10
        while "brokers up" not in b.log_tail():
            assert time.monotonic() < deadline, b.log_tail()
            time.sleep(0.05)
        produce(KCAT, b.bootstrap, "t", [f'k{i}:{{"id": {i}}}' for i in range(300, 330)])
        wait_for(conn, "SELECT count(*), count(DISTINCT id), min(id), max(id) FROM r",
                 [(330, 330, 0, 329)], timeout=60)
        wait_for(conn, "SELECT state, error FROM kappa_catalog.sources", [("running", None)],
                 timeout=60)
    finally:
        b.kill()
