"""CREATE SINK ... WITH (connector = 'kafka') (server/sink_runner.h) against the
Kafka test broker (tools/kafka_test_broker.cc), read back with kcat: the
initial snapshot then every change, PLAIN/UPSERT/DEBEZIUM JSON, the errors,
DROP SINK / DROP ... CASCADE, and exactly once across kill -9 of kappadb.

librdkafka 2.0's mock cluster accepts transactional producers (init, commit,
abort, fencing) but does not implement read_committed: its consumers also
see records of transactions that were never committed. The sink tags every
record with the transaction attempt (header kappadb_txn); `committed()`
keeps, per epoch, only the last attempt's records, which is what a real
broker's read_committed consumer returns (an epoch is retried only when its
earlier attempt was not committed). Crash tests use one-partition topics so
that "last" is the offset order."""

import json
import subprocess
import threading
import time

import psycopg2
import pytest

from test_kafka_test_broker import run_broker

KCAT = "/usr/bin/kcat"


@pytest.fixture
def broker(kappadb_binary, tmp_path):
    b = run_broker(kappadb_binary, tmp_path,
                   ["plain:1", "up:2", "dbz:1", "crash:1", "crashup:1", "x:1"])
    yield b
    b.kill()


def rows(conn, sql):
    with conn.cursor() as cur:
        cur.execute(sql)
        return cur.fetchall() if cur.description else None


def execute(conn, sql):
    with conn.cursor() as cur:
        cur.execute(sql)
        return list(conn.notices)


def sink_sql(name, view, topic, bootstrap, fmt="PLAIN", extra=""):
    return (f"CREATE SINK {name} FROM {view} WITH (connector = 'kafka', topic = '{topic}', "
            f"properties.bootstrap.server = '{bootstrap}'{extra}) FORMAT {fmt} ENCODE JSON")


def drained(conn, sink, timeout=30):
    """FLUSH, then wait until the sink has delivered every pending epoch."""
    execute(conn, "FLUSH")
    deadline = time.monotonic() + timeout
    got = None
    while time.monotonic() < deadline:
        got = rows(conn, "SELECT state, error, pending_epochs FROM kappa_catalog.sinks "
                         f"WHERE sink_name = '{sink}'")
        if got and got[0][2] == 0 and got[0][0] == "running":
            return
        time.sleep(0.05)
    raise AssertionError(f"sink {sink} not drained after {timeout} s: {got}")


def consume(bootstrap, topic):
    """Every record of `topic` (read_committed) as kcat -J dicts, in offset order."""
    out = subprocess.run([KCAT, "-C", "-b", bootstrap, "-t", topic, "-X",
                          "isolation.level=read_committed", "-e", "-J", "-q"],
                         capture_output=True, text=True, timeout=60)
    assert out.returncode == 0, out.stderr
    msgs = [json.loads(line) for line in out.stdout.splitlines() if line.strip()]
    return sorted(msgs, key=lambda m: (m["partition"], m["offset"]))


def header(m, name):
    h = m.get("headers") or []
    for i in range(0, len(h), 2):
        if h[i] == name:
            return h[i + 1]
    return None


def committed(msgs):
    """Emulates read_committed on the mock: per epoch, the last attempt's records."""
    last = {}
    for m in msgs:
        last[int(header(m, "kappadb_epoch"))] = header(m, "kappadb_txn")
    return [m for m in msgs if last[int(header(m, "kappadb_epoch"))] == header(m, "kappadb_txn")]


def values(msgs):
    return [None if m["payload"] is None else json.loads(m["payload"]) for m in msgs]


def last_per_key(msgs):
    out = {}
    for m in msgs:
        out[m["key"]] = None if m["payload"] is None else json.loads(m["payload"])
    return {k: v for k, v in out.items() if v is not None}


def test_plain_from_eowc_view_snapshot_then_changes(kappa, connect, broker):
    conn = connect(kappa)
    execute(conn, "CREATE TABLE clicks (user_id INT, page TEXT, ts TIMESTAMP, "
                  "WATERMARK FOR ts AS ts - INTERVAL '1' SECOND)")
    execute(conn, "CREATE MATERIALIZED VIEW c10 AS SELECT window_start, page, count(*) AS n "
                  "FROM TUMBLE(clicks, ts, INTERVAL '10' SECOND) "
                  "GROUP BY window_start, window_end, page EMIT ON WINDOW CLOSE")
    execute(conn, "INSERT INTO clicks VALUES (1, '/a', '2026-11-23 12:00:01'), "
                  "(2, '/a', '2026-11-23 12:00:07'), (1, '/b', '2026-11-23 12:00:16')")
    execute(conn, "FLUSH")
    assert rows(conn, "SELECT count(*) FROM c10") == [(1,)]
    execute(conn, sink_sql("s_plain", "c10", "plain", broker.bootstrap))
    assert rows(conn, "SHOW SINKS") == [("s_plain",)]
    # Later windows close: streamed after the snapshot.
    execute(conn, "INSERT INTO clicks VALUES (3, '/b', '2026-11-23 12:00:18'), "
                  "(3, '/c', '2026-11-23 12:00:25'), (4, '/a', '2026-11-23 12:00:42')")
    drained(conn, "s_plain")
    got = values(committed(consume(broker.bootstrap, "plain")))
    want = [{"window_start": ws, "page": p, "n": n} for ws, p, n in rows(
        conn, "SELECT window_start::text, page, n FROM c10 ORDER BY 1, 2")]
    assert len(want) == 3
    assert got[0] == {"window_start": "2026-11-23 12:00:00", "page": "/a", "n": 2}  # snapshot
    assert sorted(got, key=json.dumps) == sorted(want, key=json.dumps)
    msgs = consume(broker.bootstrap, "plain")
    assert all(m["key"] is None for m in msgs)
    assert all(header(m, "kappadb_epoch") is not None for m in msgs)
    st = rows(conn, "SELECT sink_name, view_name, topic, format, state, error, messages "
                    "FROM kappa_catalog.sinks")
    assert st == [("s_plain", "c10", "plain", "PLAIN", "running", None, 3)]


def test_upsert_with_deletes_and_debezium_update(kappa, connect, broker):
    conn = connect(kappa)
    execute(conn, "CREATE TABLE t (id INT PRIMARY KEY, grp INT, v NUMERIC(10,2))")
    execute(conn, "INSERT INTO t VALUES (1, 1, 1.50), (2, 1, 2.00), (3, 2, 3.25), (4, 3, NULL)")
    execute(conn, "CREATE MATERIALIZED VIEW g AS SELECT grp, count(*) AS n, sum(v) AS total "
                  "FROM t GROUP BY grp")
    execute(conn, sink_sql("s_up", "g", "up", broker.bootstrap, "UPSERT"))
    execute(conn, sink_sql("s_dbz", "g", "dbz", broker.bootstrap, "DEBEZIUM"))
    drained(conn, "s_up")
    drained(conn, "s_dbz")
    execute(conn, "UPDATE t SET v = 10 WHERE id = 3")   # group 2 updated
    execute(conn, "DELETE FROM t WHERE id = 4")         # group 3 deleted
    execute(conn, "INSERT INTO t VALUES (5, 4, 0.25)")  # group 4 created
    drained(conn, "s_up")
    drained(conn, "s_dbz")
    view = {json.dumps({"grp": g}, separators=(",", ":")): {"grp": g, "n": n,
                                                            "total": float(t) if t is not None
                                                            else None}
            for g, n, t in rows(conn, "SELECT grp, n, total FROM g")}
    up = committed(consume(broker.bootstrap, "up"))
    got = last_per_key(up)
    for v in got.values():
        if v["total"] is not None:
            v["total"] = float(v["total"])
    assert got == view
    tomb = [m for m in up if m["payload"] is None]
    assert [m["key"] for m in tomb] == ['{"grp":3}']
    dbz = committed(consume(broker.bootstrap, "dbz"))
    ops = [(m["key"], json.loads(m["payload"])["op"]) for m in dbz]
    assert sorted(ops[:3]) == [('{"grp":1}', "c"), ('{"grp":2}', "c"), ('{"grp":3}', "c")]
    assert sorted(ops[3:]) == [('{"grp":2}', "u"), ('{"grp":3}', "d"), ('{"grp":4}', "c")]
    upd = [json.loads(m["payload"]) for m in dbz if json.loads(m["payload"])["op"] == "u"][0]
    assert upd["before"] == {"grp": 2, "n": 1, "total": 3.25}
    assert upd["after"] == {"grp": 2, "n": 1, "total": 10.00}


def sqlstate(conn, sql):
    with pytest.raises(psycopg2.Error) as e:
        execute(conn, sql)
    return e.value.pgcode


def test_errors(kappa, connect, broker):
    conn = connect(kappa)
    bs = broker.bootstrap
    execute(conn, "CREATE TABLE t (id INT PRIMARY KEY, v TEXT)")
    execute(conn, "CREATE TABLE a (id INT, v TEXT) APPEND ONLY")
    execute(conn, "CREATE MATERIALIZED VIEW g AS SELECT v, count(*) AS n FROM t GROUP BY v")
    execute(conn, "CREATE MATERIALIZED VIEW p AS SELECT id, v FROM t")  # key: t's PRIMARY KEY
    execute(conn, "CREATE MATERIALIZED VIEW nk AS SELECT v FROM t")
    execute(conn, "CREATE MATERIALIZED VIEW ap AS SELECT id, v FROM a WHERE id > 0")
    assert sqlstate(conn, sink_sql("s", "g", "x", bs)) == "42P17"  # PLAIN on a retracting view
    assert sqlstate(conn, sink_sql("s", "nope", "x", bs)) == "42P01"
    assert sqlstate(conn, sink_sql("s", "t", "x", bs)) == "42809"
    assert sqlstate(conn, sink_sql("s", "nk", "x", bs, "UPSERT")) == "42P17"  # no key
    assert sqlstate(conn, sink_sql("s", "nk", "x", bs, "UPSERT", ", primary_key = 'zz'")) == "42703"
    assert sqlstate(conn, sink_sql("s", "g", "x", bs, "AVRO")) == "0A000"
    assert sqlstate(conn, sink_sql("s", "g", "x", bs, "UPSERT", ", bogus = '1'")) == "42601"
    assert sqlstate(conn, sink_sql("s", "g", "x", bs, "UPSERT",
                                   ", properties.no.such = '1'")) == "22023"
    assert sqlstate(conn, "CREATE SINK s FROM g WITH (connector = 'kafka', "
                          f"properties.bootstrap.server = '{bs}') FORMAT UPSERT ENCODE JSON") \
        == "42601"
    assert sqlstate(conn, "CREATE SINK s AS SELECT * FROM t WITH (connector = 'kafka', "
                          f"topic = 'x', properties.bootstrap.server = '{bs}') "
                          "FORMAT PLAIN ENCODE JSON") == "0A000"
    assert rows(conn, "SHOW SINKS") == []
    execute(conn, sink_sql("s", "p", "x", bs, "UPSERT", ", primary_key = 'id'"))
    execute(conn, sink_sql("s2", "ap", "x", bs))  # append-only input: PLAIN is fine
    assert sqlstate(conn, sink_sql("s", "p", "x", bs, "UPSERT", ", primary_key = 'id'")) == "42710"
    conn.notices.clear()
    execute(conn, "CREATE SINK IF NOT EXISTS s FROM p WITH (connector = 'kafka', topic = 'x', "
                  f"properties.bootstrap.server = '{bs}', primary_key = 'id') "
                  "FORMAT UPSERT ENCODE JSON")
    assert any("already exists" in n for n in conn.notices)
    assert sqlstate(conn, "SELECT * FROM s") == "42P01"  # a sink is not a relation
    assert sqlstate(conn, "CREATE TABLE s (x INT)") == "42P07"
    assert sqlstate(conn, "DROP SINK nope") == "42704"
    execute(conn, "DROP SINK IF EXISTS nope")
    assert sqlstate(conn, "DROP MATERIALIZED VIEW p") == "2BP01"
    execute(conn, "DROP SINK s")
    execute(conn, "DROP MATERIALIZED VIEW p")
    conn.notices.clear()
    execute(conn, "DROP TABLE a CASCADE")
    assert any("drop cascades to" in n and "s2" in n for n in conn.notices)
    assert rows(conn, "SHOW SINKS") == []
    assert rows(conn, "SELECT count(*) FROM kappa_catalog.sinks") == [(0,)]
    # The server is fine and the sinks stay gone after a restart.
    kappa.restart_after_kill()
    conn = connect(kappa)
    assert rows(conn, "SHOW SINKS") == []


def test_drop_view_cascade_drops_the_sink(kappa, connect, broker):
    conn = connect(kappa)
    execute(conn, "CREATE TABLE t (id INT, v TEXT)")
    execute(conn, "CREATE MATERIALIZED VIEW g AS SELECT v, count(*) AS n FROM t GROUP BY v")
    execute(conn, sink_sql("s", "g", "x", broker.bootstrap, "UPSERT"))
    assert sqlstate(conn, "DROP MATERIALIZED VIEW g") == "2BP01"
    conn.notices.clear()
    execute(conn, "DROP MATERIALIZED VIEW g CASCADE")
    assert any("drop cascades to sink s" in n for n in conn.notices)
    assert rows(conn, "SHOW SINKS") == []
    execute(conn, "CREATE MATERIALIZED VIEW g AS SELECT v, count(*) AS n FROM t GROUP BY v")
    execute(conn, sink_sql("s", "g", "x", broker.bootstrap, "UPSERT"))  # the name is free
    execute(conn, "INSERT INTO t VALUES (1, 'a')")
    drained(conn, "s")


def test_unreachable_broker_reports_error_and_drops_quickly(kappa, connect):
    conn = connect(kappa)
    execute(conn, "CREATE TABLE t (id INT, v TEXT)")
    execute(conn, "CREATE MATERIALIZED VIEW g AS SELECT v, count(*) AS n FROM t GROUP BY v")
    execute(conn, sink_sql("s", "g", "x", "127.0.0.1:1", "UPSERT"))
    execute(conn, "INSERT INTO t VALUES (1, 'a')")
    deadline = time.monotonic() + 30
    got = None
    while time.monotonic() < deadline:
        got = rows(conn, "SELECT state, error IS NOT NULL, pending_epochs FROM kappa_catalog.sinks")
        if got[0][0] == "error":
            break
        time.sleep(0.1)
    assert got[0][:2] == ("error", True) and got[0][2] >= 1
    assert rows(conn, "SELECT count(*) FROM g") == [(1,)]  # the view is not held up
    start = time.monotonic()
    execute(conn, "DROP SINK s")
    assert time.monotonic() - start < 10
    assert rows(conn, "SELECT count(*) FROM kappa_catalog.sinks") == [(0,)]


class Writer(threading.Thread):
    """Inserts rows 0, 1, 2, ... in small batches until stopped or the server dies."""

    def __init__(self, dsn, start_id, batch=5):
        super().__init__(daemon=True)
        self.dsn, self.next, self.batch = dsn, start_id, batch
        self.acked = []
        self.stop = False

    def run(self):
        try:
            conn = psycopg2.connect(self.dsn)
            conn.autocommit = True
            with conn.cursor() as cur:
                while not self.stop:
                    ids = list(range(self.next, self.next + self.batch))
                    cur.execute("INSERT INTO t VALUES " + ",".join(f"({i})" for i in ids))
                    self.acked += ids
                    self.next += self.batch
        except psycopg2.Error:
            pass


def sent(conn):
    return rows(conn, "SELECT messages FROM kappa_catalog.sinks WHERE sink_name = 'sp'")[0][0]


def test_exactly_once_across_kill_9(kappa, connect, broker):
    conn = connect(kappa)
    execute(conn, "CREATE TABLE t (id BIGINT) APPEND ONLY")
    execute(conn, "INSERT INTO t VALUES " + ",".join(f"({i})" for i in range(-100, 0)))
    execute(conn, "CREATE MATERIALIZED VIEW pv AS SELECT id, id * 2 AS twice FROM t")
    execute(conn, "CREATE MATERIALIZED VIEW uv AS SELECT id % 7 AS k, count(*) AS n, "
                  "max(id) AS top FROM t GROUP BY 1")
    execute(conn, sink_sql("sp", "pv", "crash", broker.bootstrap))
    execute(conn, sink_sql("su", "uv", "crashup", broker.bootstrap, "UPSERT"))
    next_id = 0
    for round_ in range(3):
        w = Writer(kappa.dsn(), next_id)
        w.start()
        # Kill once the sink has delivered part of this round's rows, while
        # the writer (and so the sink) is still busy.
        sent0 = sent(conn)
        deadline = time.monotonic() + 30
        while (len(w.acked) < 300 or sent(conn) <= sent0) and time.monotonic() < deadline:
            time.sleep(0.01)
        assert len(w.acked) >= 300, "the writer is stuck"
        assert sent(conn) > sent0, "the sink does not deliver"
        time.sleep(0.05 * round_)
        conn.close()
        kappa.kill9()  # mid-stream: the writer and the sinks are busy
        w.join(10)
        next_id = w.next + 1000
        kappa.start()
        conn = connect(kappa)
        assert set(w.acked) <= {r[0] for r in rows(conn, "SELECT id FROM t")}
    execute(conn, f"INSERT INTO t VALUES ({next_id}), ({next_id + 1})")
    drained(conn, "sp")
    drained(conn, "su")
    view = sorted(rows(conn, "SELECT id, twice FROM pv"))
    got = sorted((v["id"], v["twice"]) for v in values(committed(consume(broker.bootstrap,
                                                                         "crash"))))
    assert len(got) == len(view)
    assert got == view  # every row exactly once
    up = last_per_key(committed(consume(broker.bootstrap, "crashup")))
    want = {json.dumps({"k": k}, separators=(",", ":")): {"k": k, "n": n, "top": top}
            for k, n, top in rows(conn, "SELECT k, n, top FROM uv")}
    assert up == want
    st = rows(conn, "SELECT sink_name, state, pending_epochs FROM kappa_catalog.sinks "
                    "ORDER BY 1")
    assert st == [("sp", "running", 0), ("su", "running", 0)]
