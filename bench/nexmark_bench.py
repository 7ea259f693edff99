#!/usr/bin/python3
"""Nexmark benchmark runner (issue 6; `make bench-nexmark`; bench/README.md "Nexmark").

For each query (bench/nexmark/qN.sql, default q0 q1 q2 q3 q4 q5 q7 q8 q9 q11) and --events N
events (default 10,000,000; event rate pinned at 10,000 events per second of event time):

  engine   fresh kappadb per query: CREATE TABLE person/auction/bid WITH (connector = 'nexmark',
           as fast as possible), at once CREATE MATERIALIZED VIEW nexmark_qN, then wait until the
           generators wrote all N events (kappa_catalog.sources) and FLUSH (every view has every
           row). The measured work is generator + durable table logs + the view. A "load" run
           (tables only, no view) is measured once, so the view's share can be derived.
  kafka    the same N events from tools/nexmark_gen (RisingWave's combined JSON format), split by
           kind into three topics person/auction/bid of the test broker (one partition each, the
           inner object of each event as the record: kappadb has no STRUCT type, so the kinds are
           separate topics instead of a combined source + three filtering views), produced BEFORE
           the server starts; fresh kappadb per query: three Kafka tables (FORMAT PLAIN ENCODE
           JSON, scan.startup.mode = 'earliest', same columns and watermarks as the nexmark
           tables) + the view; until all N records were read and FLUSH returned. --kafka-queries
           (default q0).
  Both record: wall s, server CPU s (user + sys of the process, all threads, /proc/<pid>/stat),
  events/s and events per CPU second (= per core), peak RSS (VmHWM), the view's operator state
  (kappa_catalog.view_operators, sum of state_bytes/state_rows) and a correctness spot check:
  the view's row count equals its batch query's (over closed windows for the EMIT ON WINDOW
  CLOSE queries, as tests/e2e/test_nexmark_queries.py). The batch query (kappadb, one-shot
  SELECT over the same tables) is timed too.
  latency  fresh kappadb, nexmark tables paced at --latency-rate (default 50,000 events/s wall
           clock) and the q0 view; a second connection polls SELECT max(date_time) FROM nexmark_q0
           for --latency-seconds. Event n was due at t0 + n / rate (t0: just before the bid
           table's CREATE TABLE was sent, so the figure errs high); each poll's sample is
           (poll start - due time of the newest event it sees). p50/p99/max; poll durations kept.
  compare  on the same events: tools/nexmark_native (hand-written C++ loop, q0 q5 q7, events in
           memory; generate and compute times), DuckDB (npm @duckdb/node-api, installed into
           <build>/npm; loads the JSON lines, then CREATE TABLE res AS <query> per query) and
           PostgreSQL 15 (temporary cluster, COPY of CSVs written by DuckDB, one backend without
           parallel workers, CREATE TEMP TABLE res AS <query>). Window queries use standard SQL
           (window numbers from the epoch) in both. kappadb's ratio to each is reported.

Writes bench/results/nexmark-<date>-<commit>[-<N>ev].json and .svg (grouped bars of events per
CPU second per query, with the published per-core anchors of ../shared/docs/nexmark.md).

Usage: bench/nexmark_bench.py [--build-dir build] [--events 10000000] [--queries q0,q5]
       [--paths engine,kafka,latency,compare] [--kafka-queries q0]
"""
import argparse
import datetime
import json
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.dirname(HERE)
sys.path.insert(0, HERE)
sys.path.insert(0, os.path.join(HERE, "nexmark"))
sys.path.insert(0, os.path.join(REPO, "tests", "harness"))

import psycopg2  # noqa: E402

import nexmark_queries as nq  # noqa: E402
from servers import KappaServer, PgServer  # noqa: E402
from kafka_broker import TestBroker  # noqa: E402
from view_bench import (Meter, connect, git_info, log, machine, one,  # noqa: E402
                        proc_status_kb, reset_peak_rss)

RATE = 10000
BASE_MS = 1436918400000
WINDOWED = set(nq.WINDOW_END)

# Published per-core anchors (../shared/docs/nexmark.md), events/s per core.
ANCHORS = {
    "engine": {"q0": 436000, "q1": 436000, "q2": 436000, "q3": 410000, "q4": 265000,
               "q5": 412000, "q7": 196000, "q8": 415000, "q9": 57000, "q11": 46000},
    "kafka": {"q0": 148000, "q1": 148000, "q2": 148000, "q3": 126000, "q4": 23600,
              "q5": 18400, "q7": 37000, "q8": 90600, "q9": 19400, "q11": 37600},
}
BAR = {"q0": 500000, "q1": 500000, "q2": 500000, "q3": 500000, "q4": 250000, "q5": 400000,
       "q7": 400000, "q8": 400000, "q9": 60000, "q11": 50000}

# The queries in standard SQL for DuckDB and PostgreSQL. EPOCH(x) is x in seconds since the
# epoch (fractional), EPOCHMS(x) in milliseconds (exact in both); window numbers replace TUMBLE/HOP/SESSION. Same rows as kappadb's batch
# queries (the row counts are compared).
STD = {
    "q0": "SELECT auction, bidder, price, date_time, extra FROM bid",
    "q1": "SELECT auction, bidder, 0.908 * price AS price, date_time, extra FROM bid",
    "q2": "SELECT auction, price FROM bid WHERE auction % 123 = 0",
    "q5": """WITH hb AS (SELECT auction, CAST(floor(EPOCH(date_time) / 2) AS BIGINT) - o.i AS w
                     FROM bid CROSS JOIN (VALUES (0), (1), (2), (3), (4)) AS o(i)),
             c AS (SELECT w, auction, count(*) AS num FROM hb GROUP BY w, auction),
             m AS (SELECT w, max(num) AS maxn FROM c GROUP BY w)
             SELECT c.auction, c.num, c.w * 2 AS starttime FROM c JOIN m
             ON c.w = m.w AND c.num >= m.maxn""",
    "q7": """WITH w AS (SELECT (CAST(floor(EPOCH(date_time) / 10) AS BIGINT) + 1) * 10 AS we,
                            max(price) AS maxprice FROM bid GROUP BY 1)
             SELECT B.auction, B.price, B.bidder, B.date_time, B.extra
             FROM bid B JOIN w ON B.price = w.maxprice
             WHERE EPOCH(B.date_time) BETWEEN w.we - 10 AND w.we""",
    "q8": """WITH P AS (SELECT id, name, CAST(floor(EPOCH(date_time) / 10) AS BIGINT) AS w
                     FROM person GROUP BY 1, 2, 3),
             A AS (SELECT seller, CAST(floor(EPOCH(date_time) / 10) AS BIGINT) AS w
                   FROM auction GROUP BY 1, 2)
             SELECT P.id, P.name, P.w * 10 AS starttime FROM P JOIN A
             ON P.id = A.seller AND P.w = A.w""",
    "q11": """WITH p AS (SELECT bidder, date_time, lag(date_time) OVER (PARTITION BY bidder
                    ORDER BY date_time) AS prev FROM bid),
              s AS (SELECT bidder, date_time, CASE WHEN EPOCHMS(date_time) - EPOCHMS(prev)
                    < 10000 THEN 0 ELSE 1 END AS new_s FROM p),
              g AS (SELECT bidder, date_time, sum(new_s) OVER (PARTITION BY bidder ORDER BY
                    date_time ROWS UNBOUNDED PRECEDING) AS sid FROM s)
              SELECT bidder, count(*) AS bid_count, min(date_time) AS starttime,
                     max(date_time) AS endtime FROM g GROUP BY bidder, sid""",
}


def std_sql(q, dialect):
    sql = STD.get(q) or nq.batch_sql(q)  # q3, q4, q9: kappadb's batch SQL is standard SQL
    if dialect == "pg":
        sql = re.sub(r"EPOCHMS\(([\w.]+)\)", r"(EXTRACT(EPOCH FROM \1) * 1000)", sql)
        return re.sub(r"EPOCH\(([\w.]+)\)", r"EXTRACT(EPOCH FROM \1)", sql)
    # Integer milliseconds where a difference is compared (a double's rounding would move
    # exact 10 s gaps across the boundary).
    sql = re.sub(r"EPOCHMS\(([\w.]+)\)", r"epoch_ms(\1)", sql)
    return re.sub(r"EPOCH\(([\w.]+)\)", r"(epoch_ms(\1) / 1000.0)", sql)


# -- helpers --------------------------------------------------------------------------------
class LoadSampler:
    """Samples the load average every few seconds while the run goes."""

    def __init__(self):
        self.samples = []
        self._stop = threading.Event()
        self._t = threading.Thread(target=self._run, daemon=True)
        self._t.start()

    def _run(self):
        while not self._stop.wait(5):
            self.samples.append(os.getloadavg()[0])

    def stop(self):
        self._stop.set()
        s = self.samples or [os.getloadavg()[0]]
        return {"min": round(min(s), 2), "mean": round(statistics.mean(s), 2),
                "max": round(max(s), 2)}


def source_records(cur, tables):
    cur.execute("SELECT table_name, records, bad_records, state, error, lag "
                "FROM kappa_catalog.sources")
    got = {r[0]: r for r in cur.fetchall()}
    return got


def wait_sources(cur, events, timeout, poll_s=0.25, stall_s=10):
    """Until the three tables' sources read all `events` events (kappa_catalog.sources) and the
    tables hold them, then FLUSH. Raises on bad records, a stall at lag 0 (the test broker
    lost records) or after `timeout` s."""
    want = dict(zip(("person", "auction", "bid"), nq.expected_counts(events)))
    deadline = time.monotonic() + timeout
    stalled = None
    while True:
        got = source_records(cur, want)
        bad = sum(r[2] or 0 for r in got.values())
        if bad:
            raise RuntimeError(f"{bad} records did not decode: {got}")
        if all(t in got and got[t][1] >= n for t, n in want.items()):
            break
        lags = [r[-1] for r in got.values()] if len(got) == len(want) else []
        if lags and all(x == 0 for x in lags):
            stalled = stalled or time.monotonic()
            if time.monotonic() - stalled > stall_s:
                raise RuntimeError(f"the sources are at the end of their topics (lag 0) but "
                                   f"read {got}, want {want}: the broker lost records")
        else:
            stalled = None
        if time.monotonic() > deadline:
            raise RuntimeError(f"sources after {timeout} s: {got}, want {want}")
        time.sleep(poll_s)
    # kappa_catalog.sources may count rows a moment before a SELECT (and FLUSH) sees them
    # (found by this benchmark: a FLUSH right after it left views ~0.2 s short); so also wait
    # until the tables hold every row, then FLUSH.
    while True:
        counts = {t: one(cur, f"SELECT count(*) FROM {t}")[0] for t in want}
        if counts == want:
            break
        if time.monotonic() > deadline:
            raise RuntimeError(f"tables after {timeout} s: {counts}, want {want}")
        time.sleep(0.05)
    cur.execute("FLUSH")


def check_counts(cur, q, view):
    """(view rows, batch rows, checked view rows, checked batch rows, batch meter). Window
    queries are compared over windows ending before the smallest final watermark."""
    batch = nq.batch_sql(q)
    view_rows = one(cur, f"SELECT count(*) FROM {view}")[0]
    if q in WINDOWED:
        end = nq.WINDOW_END[q]
        wms = [one(cur, f"SELECT max(date_time) - INTERVAL '4' SECOND FROM {t}")[0]
               for t in ("person", "auction", "bid")]
        wm = min(wms)
        a = one(cur, f"SELECT count(*) FROM {view} WHERE {end} < %s", (wm,))[0]
        b = one(cur, f"SELECT count(*) FROM ({batch}) b WHERE {end} < %s", (wm,))[0]
        return view_rows, a, b
    return view_rows, view_rows, None


def timed_batch(cur, pid, q):
    with Meter(pid) as m:
        n = one(cur, f"SELECT count(*) FROM ({nq.batch_sql(q)}) b")[0]
    return n, m


def figures(events, m):
    return {"wall_s": round(m.wall, 3), "cpu_s": round(m.cpu, 3),
            "events_per_s": round(events / m.wall) if m.wall > 0 else None,
            "events_per_cpu_s": round(events / m.cpu) if m.cpu > 0 else None}


def view_state(cur, view):
    return one(cur, "SELECT coalesce(sum(state_rows), 0), coalesce(sum(state_bytes), 0) "
                    "FROM kappa_catalog.view_operators WHERE view_name = %s", (view,))


# -- engine-only and Kafka runs -------------------------------------------------------------
def kafka_tables_sql(events, bootstrap):
    out = []
    for stmt in nq.tables_sql(events, RATE):
        head, _ = stmt.split(") WITH (", 1)
        name = re.match(r"CREATE TABLE (\w+)", head).group(1)
        out.append(f"{head}) WITH (connector = 'kafka', topic = '{name}', "
                   f"properties.bootstrap.server = '{bootstrap}', scan.startup.mode = 'earliest') "
                   "FORMAT PLAIN ENCODE JSON")
    return out


def run_one(args, path, q, bootstrap=None):
    """One fresh server: tables (+ view unless q is None), wait for all events, FLUSH."""
    events = args.events
    tables = (nq.tables_sql(events, RATE) if path == "engine"
              else kafka_tables_sql(events, bootstrap))
    with KappaServer(binary=os.path.join(args.build_dir, "kappadb")) as server:
        pid = server.proc.pid
        conn = connect(server)
        cur = conn.cursor()
        reset_peak_rss(pid)
        with Meter(pid) as m:
            for stmt in tables:
                cur.execute(stmt)
            if q is not None:
                cur.execute(nq.view_sql(q))
            wait_sources(cur, events, args.timeout)
        r = {"path": path, "query": q or "load", "events": events, "event_rate": RATE,
             **figures(events, m), "peak_rss_kb": proc_status_kb(pid, "VmHWM")}
        if q is not None:
            state_rows, state_bytes = view_state(cur, f"nexmark_{q}")
            r.update(state_rows=int(state_rows), state_bytes=int(state_bytes))
            view_rows, checked_view, checked_batch = check_counts(cur, q, f"nexmark_{q}")
            n, bm = timed_batch(cur, pid, q)
            r.update(view_rows=view_rows, batch_rows=n,
                     batch={**figures(events, bm)},
                     check={"view": checked_view,
                            "batch": n if checked_batch is None else checked_batch,
                            "closed_windows_only": q in WINDOWED})
            r["check"]["ok"] = r["check"]["view"] == r["check"]["batch"]
            if not r["check"]["ok"]:
                # Diagnose: did FLUSH return before the view had every row (it catches up), or
                # are rows missing for good?
                t0 = time.monotonic()
                while time.monotonic() - t0 < 15:
                    cur.execute("FLUSH")
                    again = check_counts(cur, q, f"nexmark_{q}")[1]
                    if again == r["check"]["batch"]:
                        break
                    time.sleep(0.5)
                r["check"]["view_recheck"] = again
                r["check"]["recheck_after_s"] = round(time.monotonic() - t0, 2)
        conn.close()
    log(f"{path:>6} {r['query']:>4}: {r['events_per_cpu_s'] or 0:>10,} events/CPU-s "
        f"{r['events_per_s'] or 0:>10,} events/s ({r['wall_s']} s, {r['cpu_s']} CPU-s) "
        f"RSS {r['peak_rss_kb'] // 1024} MB" +
        (f" state {r['state_bytes'] // 1024} kB rows {r['view_rows']:,} check "
         f"{'ok' if r['check']['ok'] else 'MISMATCH ' + str(r['check'])}" if q else ""))
    return r


PREFIX = {0: b'{"event_type":0,"person":', 1: b'{"event_type":1,"person":null,"auction":',
          2: b'{"event_type":2,"person":null,"auction":null,"bid":'}
SUFFIX = {0: b',"auction":null,"bid":null}', 1: b',"bid":null}', 2: b'}'}


def split_events(jsonl, work_dir):
    """The combined JSON lines split by kind into <kind>.jsonl, each line the inner object."""
    names = {0: "person", 1: "auction", 2: "bid"}
    files = {k: open(os.path.join(work_dir, f"{v}.jsonl"), "wb") for k, v in names.items()}
    with open(jsonl, "rb") as f:
        for line in f:
            k = line[14] - 48
            line = line.rstrip(b"\n")
            files[k].write(line[len(PREFIX[k]):len(line) - len(SUFFIX[k])] + b"\n")
    for f in files.values():
        f.close()
    return {v: os.path.join(work_dir, f"{v}.jsonl") for v in names.values()}


def produce(args, bootstrap, files):
    out = {}
    for topic, path in files.items():
        with open(path, "rb") as f:
            p = subprocess.run([os.path.join(args.build_dir, "kafka_bench_produce"), "--bootstrap",
                                bootstrap, "--topic", topic, "--stdin"], stdin=f,
                               capture_output=True, text=True, timeout=3600)
        if p.returncode != 0:
            raise RuntimeError("kafka_bench_produce failed: " + p.stderr[-2000:])
        out[topic] = json.loads(p.stdout.strip().splitlines()[-1])
    return out


# -- latency --------------------------------------------------------------------------------
def run_latency(args):
    rate, secs = args.latency_rate, args.latency_seconds
    events = int(rate * (secs + 3))
    with KappaServer(binary=os.path.join(args.build_dir, "kappadb")) as server:
        conn = connect(server)
        cur = conn.cursor()
        stmts = nq.tables_sql(events, RATE, max_rate=rate)
        for stmt in stmts[:2]:
            cur.execute(stmt)
        t0 = time.time()
        cur.execute(stmts[2])  # bid
        cur.execute(nq.view_sql("q0"))
        poll = connect(server).cursor()
        samples, upper, poll_ms = [], [], []
        end = time.time() + secs
        time.sleep(1.0)  # let the view's backfill of the first second finish
        while time.time() < end:
            s = time.time()
            poll.execute("SELECT max(date_time) FROM nexmark_q0")
            e = time.time()
            dt = poll.fetchone()[0]
            if dt is None:
                continue
            ms = (dt - datetime.datetime(2015, 7, 15)).total_seconds() * 1000
            n = ms * RATE / 1000
            due = t0 + n / rate
            samples.append((s - due) * 1000)
            upper.append((e - due) * 1000)
            poll_ms.append((e - s) * 1000)
        cur.execute("DROP MATERIALIZED VIEW nexmark_q0")
        conn.close()

    def pct(xs, p):
        xs = sorted(xs)
        return round(xs[min(len(xs) - 1, int(p * len(xs)))], 2)
    r = {"query": "q0", "rate": rate, "seconds": secs, "polls": len(samples),
         "p50_ms": pct(samples, 0.5), "p99_ms": pct(samples, 0.99), "max_ms": pct(samples, 1.0),
         "p50_ms_poll_end": pct(upper, 0.5), "p99_ms_poll_end": pct(upper, 0.99),
         "poll_query_ms_p50": pct(poll_ms, 0.5), "poll_query_ms_max": pct(poll_ms, 1.0)}
    log(f"latency q0 at {rate:,} events/s: p50 {r['p50_ms']} ms p99 {r['p99_ms']} ms "
        f"({r['polls']} polls, poll query p50 {r['poll_query_ms_p50']} ms)")
    return r


# -- comparisons ----------------------------------------------------------------------------
DUCKDB_JS = r"""
import { DuckDBInstance } from '@duckdb/node-api';
import fs from 'node:fs';
const cfg = JSON.parse(fs.readFileSync(process.argv[2], 'utf8'));
const inst = await DuckDBInstance.create(':memory:');
const c = await inst.connect();
const cpu = () => { const u = process.cpuUsage(); return (u.user + u.system) / 1e6; };
const out = { load: null, queries: [] };
let t0 = performance.now(), c0 = cpu();
await c.run(`CREATE TABLE raw AS SELECT * FROM read_json('${cfg.jsonl}', format = 'newline_delimited',
  columns = {event_type: 'INTEGER',
    person: 'STRUCT(id BIGINT, name VARCHAR, email_address VARCHAR, credit_card VARCHAR, city VARCHAR, state VARCHAR, date_time TIMESTAMP, extra VARCHAR)',
    auction: 'STRUCT(id BIGINT, item_name VARCHAR, description VARCHAR, initial_bid BIGINT, reserve BIGINT, date_time TIMESTAMP, expires TIMESTAMP, seller BIGINT, category BIGINT, extra VARCHAR)',
    bid: 'STRUCT(auction BIGINT, bidder BIGINT, price BIGINT, channel VARCHAR, url VARCHAR, date_time TIMESTAMP, extra VARCHAR)'})`);
await c.run(`CREATE TABLE person AS SELECT unnest(person) FROM raw WHERE event_type = 0`);
await c.run(`CREATE TABLE auction AS SELECT unnest(auction) FROM raw WHERE event_type = 1`);
await c.run(`CREATE TABLE bid AS SELECT unnest(bid) FROM raw WHERE event_type = 2`);
await c.run(`DROP TABLE raw`);
out.load = { wall_s: (performance.now() - t0) / 1000, cpu_s: cpu() - c0 };
if (cfg.csv_dir) {
  for (const t of ['person', 'auction', 'bid'])
    await c.run(`COPY ${t} TO '${cfg.csv_dir}/${t}.csv' (FORMAT CSV, HEADER false)`);
}
for (const q of cfg.queries) {
  t0 = performance.now(); c0 = cpu();
  await c.run(`CREATE TABLE res AS ${q.sql}`);
  const wall_s = (performance.now() - t0) / 1000, cpu_s = cpu() - c0;
  const r = await c.runAndReadAll(`SELECT count(*) FROM res`);
  await c.run(`DROP TABLE res`);
  out.queries.push({ query: q.name, wall_s, cpu_s, rows: Number(r.getRows()[0][0]) });
}
console.log(JSON.stringify(out));
"""


def run_duckdb(args, jsonl, csv_dir, queries, work_dir):
    npm = os.path.join(os.path.abspath(args.build_dir), "npm")
    if not os.path.isdir(os.path.join(npm, "node_modules", "@duckdb", "node-api")):
        log("installing @duckdb/node-api into " + npm)
        subprocess.run(["npm", "install", "--prefix", npm, "@duckdb/node-api"], check=True,
                       timeout=600, stdout=subprocess.DEVNULL)
    script = os.path.join(npm, "nexmark_duckdb.mjs")
    with open(script, "w") as f:
        f.write(DUCKDB_JS)
    cfg = os.path.join(work_dir, "duckdb.json")
    with open(cfg, "w") as f:
        json.dump({"jsonl": jsonl, "csv_dir": csv_dir,
                   "queries": [{"name": q, "sql": std_sql(q, "duckdb")} for q in queries]}, f)
    p = subprocess.run(["node", script, cfg], capture_output=True, text=True, timeout=7200)
    if p.returncode != 0:
        raise RuntimeError("duckdb: " + p.stderr[-3000:])
    out = json.loads(p.stdout.strip().splitlines()[-1])
    for r in out["queries"]:
        log(f"duckdb {r['query']:>4}: {r['wall_s']:.3f} s, {r['cpu_s']:.3f} CPU-s, {r['rows']:,} rows")
    return out


PG_TABLES = [
    "CREATE TABLE person (id BIGINT, name VARCHAR, email_address VARCHAR, credit_card VARCHAR, "
    "city VARCHAR, state VARCHAR, date_time TIMESTAMP, extra VARCHAR)",
    "CREATE TABLE auction (id BIGINT, item_name VARCHAR, description VARCHAR, initial_bid BIGINT, "
    "reserve BIGINT, date_time TIMESTAMP, expires TIMESTAMP, seller BIGINT, category BIGINT, "
    "extra VARCHAR)",
    "CREATE TABLE bid (auction BIGINT, bidder BIGINT, price BIGINT, channel VARCHAR, url VARCHAR, "
    "date_time TIMESTAMP, extra VARCHAR)",
]


def run_pg(args, csv_dir, queries):
    out = {"queries": []}
    with PgServer() as pg:
        conn = psycopg2.connect(pg.dsn())
        conn.autocommit = True
        cur = conn.cursor()
        pid = one(cur, "SELECT pg_backend_pid()")[0]
        cur.execute("SET max_parallel_workers_per_gather = 0")
        cur.execute("SET work_mem = '2GB'")
        with Meter(pid) as m:
            for stmt in PG_TABLES:
                cur.execute(stmt)
            for t in ("person", "auction", "bid"):
                with open(os.path.join(csv_dir, f"{t}.csv")) as f:
                    cur.copy_expert(f"COPY {t} FROM STDIN (FORMAT csv)", f)
            cur.execute("ANALYZE")
        out["load"] = {"wall_s": round(m.wall, 3), "cpu_s": round(m.cpu, 3)}
        for q in queries:
            with Meter(pid) as m:
                cur.execute(f"CREATE TEMP TABLE res AS {std_sql(q, 'pg')}")
            rows = one(cur, "SELECT count(*) FROM res")[0]
            cur.execute("DROP TABLE res")
            out["queries"].append({"query": q, "wall_s": round(m.wall, 3),
                                   "cpu_s": round(m.cpu, 3), "rows": rows})
            log(f"postgres {q:>4}: {m.wall:.3f} s, {m.cpu:.3f} CPU-s, {rows:,} rows")
        conn.close()
    return out


def run_native(args):
    p = subprocess.run([os.path.join(args.build_dir, "nexmark_native"), "--events",
                        str(args.events)], capture_output=True, text=True, timeout=3600)
    if p.returncode != 0:
        raise RuntimeError("nexmark_native: " + p.stderr)
    out = json.loads(p.stdout)
    for r in out["queries"]:
        log(f"native {r['query']:>4}: {r['seconds']:.3f} s (+ {out['generate_s']:.3f} s "
            f"generating), {r['rows']:,} rows")
    return out


# -- report ---------------------------------------------------------------------------------
def ratio(a, b):
    return round(a / b, 4) if a and b else None


def comparisons(res):
    """Per query: events per second for each system and kappadb's ratios."""
    n = res["params"]["events"]
    eng = {r["query"]: r for r in res.get("engine", [])}
    rows = []
    for q in res["params"]["queries"]:
        k = eng.get(q)
        row = {"query": q}
        if k:
            row["kappadb_view_events_per_cpu_s"] = k["events_per_cpu_s"]
            row["kappadb_batch_events_per_cpu_s"] = k["batch"]["events_per_cpu_s"]
            row["kappadb_batch_rows"] = k["batch_rows"]
        for sysname in ("duckdb", "postgres"):
            s = next((x for x in res.get(sysname, {}).get("queries", []) if x["query"] == q), None)
            if s:
                row[f"{sysname}_events_per_cpu_s"] = round(n / s["cpu_s"]) if s["cpu_s"] else None
                row[f"{sysname}_events_per_s"] = round(n / s["wall_s"]) if s["wall_s"] else None
                row[f"{sysname}_rows"] = s["rows"]
                row[f"{sysname}_rows_match"] = (k is not None and s["rows"] == k["batch_rows"])
                if k:
                    row[f"kappadb_batch_vs_{sysname}"] = ratio(
                        k["batch"]["events_per_cpu_s"], row[f"{sysname}_events_per_cpu_s"])
                    row[f"kappadb_view_vs_{sysname}"] = ratio(
                        k["events_per_cpu_s"], row[f"{sysname}_events_per_cpu_s"])
        nat = res.get("native")
        s = next((x for x in (nat or {}).get("queries", []) if x["query"] == q), None)
        if s:
            row["native_events_per_s"] = round(n / s["seconds"]) if s["seconds"] > 0 else None
            row["native_with_generation_events_per_s"] = round(n / (s["seconds"] + nat["generate_s"]))
            row["native_rows"] = s["rows"]
            row["native_rows_match"] = k is not None and s["rows"] == k["batch_rows"]
            if k:
                row["kappadb_view_vs_native_with_generation"] = ratio(
                    k["events_per_cpu_s"], row["native_with_generation_events_per_s"])
                row["kappadb_view_vs_native_query_only"] = ratio(
                    k["events_per_cpu_s"], row["native_events_per_s"])
        rows.append(row)
    return rows


def svg_chart(res):
    """Grouped bars: events per CPU second per query (kappadb engine, kappadb Kafka, DuckDB,
    PostgreSQL), log scale, with ticks for the published per-core anchors and issue 6's bar."""
    qs = res["params"]["queries"]
    comp = {c["query"]: c for c in res["comparisons"]}
    kafka = {r["query"]: r for r in res.get("kafka", [])}
    series = [("kappadb engine-only (view)", "#1f77b4",
               lambda q: comp[q].get("kappadb_view_events_per_cpu_s")),
              ("kappadb Kafka+JSON (view)", "#ff7f0e",
               lambda q: kafka.get(q, {}).get("events_per_cpu_s")),
              ("DuckDB batch", "#2ca02c", lambda q: comp[q].get("duckdb_events_per_cpu_s")),
              ("PostgreSQL 15 batch", "#9467bd", lambda q: comp[q].get("postgres_events_per_cpu_s"))]
    import math
    W, H, L, T, B = 1100, 540, 80, 72, 90
    pw, ph = W - L - 20, H - T - B
    lo, hi = 3.0, 8.0  # 1e3 .. 1e8 events per CPU second

    def y(v):
        v = max(min(math.log10(v), hi), lo)
        return T + ph - (v - lo) / (hi - lo) * ph
    out = [f'<svg xmlns="http://www.w3.org/2000/svg" width="{W}" height="{H}" '
           'font-family="sans-serif" font-size="12">',
           f'<rect width="{W}" height="{H}" fill="white"/>',
           f'<text x="{L}" y="22" font-size="15" font-weight="bold">Nexmark, events per CPU '
           f'second (per core), {res["params"]["events"]:,} events at 10,000 events/s of event '
           'time</text>',
           f'<text x="{L}" y="38" fill="#555">{res["machine"]["nproc"]} cores, '
           f'{res["machine"]["cpu_model"]}, {res["machine"]["mem_total_kb"] // 1048576} GiB RAM; '
           f'commit {res["git"]["commit"]}; results into materialized views; log scale</text>',
           f'<text x="{L}" y="54" fill="#555">ticks: published per-core anchors (black: '
           'engine-only best, red: Kafka+JSON best; ../shared/docs/nexmark.md); dashed: issue 6 '
           'bar</text>']
    for e in range(int(lo), int(hi) + 1):
        yy = y(10 ** e)
        out.append(f'<line x1="{L}" x2="{L + pw}" y1="{yy}" y2="{yy}" stroke="#ddd"/>')
        out.append(f'<text x="{L - 6}" y="{yy + 4}" text-anchor="end">1e{e}</text>')
    gw = pw / len(qs)
    bw = gw * 0.8 / len(series)
    for i, q in enumerate(qs):
        x0 = L + i * gw + gw * 0.1
        for j, (_, color, get) in enumerate(series):
            v = get(q)
            if v:
                yy = y(v)
                out.append(f'<rect x="{x0 + j * bw:.1f}" y="{yy:.1f}" width="{bw - 1:.1f}" '
                           f'height="{T + ph - yy:.1f}" fill="{color}"><title>{q}: {v:,}'
                           '</title></rect>')
        for path, color in (("engine", "black"), ("kafka", "red")):
            a = ANCHORS[path].get(q)
            if a:
                out.append(f'<line x1="{x0 - 2:.1f}" x2="{x0 + gw * 0.8 + 2:.1f}" y1="{y(a):.1f}" '
                           f'y2="{y(a):.1f}" stroke="{color}" stroke-width="2"/>')
        out.append(f'<line x1="{x0:.1f}" x2="{x0 + gw * 0.8:.1f}" y1="{y(BAR[q]):.1f}" '
                   f'y2="{y(BAR[q]):.1f}" stroke="#444" stroke-dasharray="4,3"/>')
        out.append(f'<text x="{x0 + gw * 0.4:.1f}" y="{T + ph + 16}" text-anchor="middle">'
                   f'{q}</text>')
    for j, (name, color, _) in enumerate(series):
        xx = L + j * 240
        out.append(f'<rect x="{xx}" y="{H - 40}" width="12" height="12" fill="{color}"/>')
        out.append(f'<text x="{xx + 16}" y="{H - 30}">{name}</text>')
    out.append("</svg>")
    return "\n".join(out)


def print_table(res):
    print("\nquery  engine ev/CPU-s  engine ev/s  state MB  RSS MB  check | batch ev/CPU-s  "
          "duckdb ev/CPU-s  pg ev/CPU-s  native ev/s(+gen)")
    comp = {c["query"]: c for c in res["comparisons"]}
    for r in res.get("engine", []):
        if r["query"] == "load":
            print(f"load   {r['events_per_cpu_s']:>15,} {r['events_per_s']:>12,}")
            continue
        c = comp.get(r["query"], {})
        print(f"{r['query']:<5}  {r['events_per_cpu_s']:>15,} {r['events_per_s']:>12,} "
              f"{r['state_bytes'] / 1e6:>9.1f} {r['peak_rss_kb'] // 1024:>7} "
              f"{'ok' if r['check']['ok'] else 'BAD':>6} | "
              f"{r['batch']['events_per_cpu_s'] or 0:>14,} "
              f"{c.get('duckdb_events_per_cpu_s') or 0:>16,} {c.get('postgres_events_per_cpu_s') or 0:>12,} "
              f"{c.get('native_with_generation_events_per_s') or 0:>14,}")
    for r in res.get("kafka", []):
        print(f"kafka {r['query']}: {r['events_per_cpu_s']:,} events/CPU-s, "
              f"{r['events_per_s']:,} events/s, check {'ok' if r.get('check', {}).get('ok') else '-'}")
    if res.get("latency"):
        lt = res["latency"]
        print(f"latency q0 at {lt['rate']:,}/s: p50 {lt['p50_ms']} ms, p99 {lt['p99_ms']} ms")


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    ap.add_argument("--build-dir", default=os.path.join(REPO, "build"))
    ap.add_argument("--events", type=int, default=10_000_000)
    ap.add_argument("--queries", default=",".join(nq.QUERIES))
    ap.add_argument("--kafka-queries", default="q0")
    ap.add_argument("--paths", default="engine,kafka,latency,compare")
    ap.add_argument("--latency-rate", type=int, default=50000)
    ap.add_argument("--latency-seconds", type=float, default=10)
    ap.add_argument("--timeout", type=float, default=3600, help="per run, seconds")
    ap.add_argument("--out-dir", default=os.path.join(HERE, "results"))
    ap.add_argument("--work-dir", help="for the generated events (default: a temporary dir)")
    args = ap.parse_args()
    args.build_dir = os.path.abspath(args.build_dir)
    paths = set(args.paths.split(","))
    queries = args.queries.split(",")
    for q in queries:
        if q not in nq.QUERIES:
            ap.error(f"unknown query {q}")
    res = {"params": {"events": args.events, "event_rate": RATE, "queries": queries,
                      "kafka_queries": args.kafka_queries.split(","), "paths": sorted(paths),
                      "results_into": "materialized views"},
           "machine": machine(), "git": git_info(),
           "started": datetime.datetime.now().isoformat(timespec="seconds")}
    sampler = LoadSampler()
    work = args.work_dir or tempfile.mkdtemp(prefix="nexmark-bench-")
    os.makedirs(work, exist_ok=True)
    try:
        jsonl = os.path.join(work, "events.jsonl")
        if paths & {"kafka", "compare"}:
            t0 = time.time()
            with open(jsonl, "wb") as f:
                subprocess.run([os.path.join(args.build_dir, "nexmark_gen"), "--events",
                                str(args.events)], stdout=f, check=True, timeout=3600)
            res["events_file"] = {"bytes": os.path.getsize(jsonl),
                                  "seconds": round(time.time() - t0, 2)}
            log(f"nexmark_gen: {args.events:,} events, {res['events_file']['bytes']:,} bytes")
        if "engine" in paths:
            res["engine"] = [run_one(args, "engine", None)]
            for q in queries:
                res["engine"].append(run_one(args, "engine", q))
            write_results(args, res, queries, paths)
        if "kafka" in paths:
            try:
                files = split_events(jsonl, work)
                # librdkafka's mock broker keeps only the last ~5 MB of a partition: enough
                # partitions that each holds about 0.5 MB on average (the producer fills one
                # partition at a time, batch by batch, so some get several times the average).
                partitions = {t: max(1, -(-os.path.getsize(p) // (512 << 10)))
                              for t, p in files.items()}
                res["kafka_partitions"] = partitions
                broker = TestBroker(os.path.join(args.build_dir, "kafka_test_broker"),
                                    [f"{t}:{n}" for t, n in partitions.items()], work)
                try:
                    res["kafka_produce"] = produce(args, broker.bootstrap, files)
                    log("produced: " + json.dumps(res["kafka_produce"]))
                    res["kafka"] = [run_one(args, "kafka", q, broker.bootstrap)
                                    for q in args.kafka_queries.split(",")]
                finally:
                    broker.stop()
            except Exception as e:  # noqa: BLE001 -- keep the other phases' figures
                log(f"kafka path failed: {e}")
                res["kafka_error"] = str(e)
        if "latency" in paths:
            res["latency"] = run_latency(args)
        if "compare" in paths:
            res["native"] = run_native(args)
            csv_dir = os.path.join(work, "csv")
            os.makedirs(csv_dir, exist_ok=True)
            if os.geteuid() == 0:
                os.chmod(work, 0o755)
                os.chmod(csv_dir, 0o777)
            res["duckdb"] = run_duckdb(args, jsonl, csv_dir, queries, work)
            res["postgres"] = run_pg(args, csv_dir, queries)
    finally:
        res["loadavg_during_run"] = sampler.stop()
        if not args.work_dir:
            shutil.rmtree(work, ignore_errors=True)
    stem = write_results(args, res, queries, paths)
    print_table(res)
    print(f"\nresults: {os.path.join(args.out_dir, stem)}.json/.svg; load average during the run "
          f"{res['loadavg_during_run']}")
    return 0


def write_results(args, res, queries, paths):
    """Derived figures, then the JSON and the chart (also called after the engine phase, so
    that a later failure keeps them). Returns the file stem."""
    res["engine"] = [r for r in res.get("engine", [])]
    if "load" in {r["query"] for r in res["engine"]}:
        load = res["engine"][0]
        for r in res["engine"][1:]:
            vc = r["cpu_s"] - load["cpu_s"]
            r["view_only_cpu_s"] = round(vc, 3)
            r["view_only_events_per_cpu_s"] = round(args.events / vc) if vc > 0 else None
    res["comparisons"] = comparisons(res)
    res["finished"] = datetime.datetime.now().isoformat(timespec="seconds")
    os.makedirs(args.out_dir, exist_ok=True)
    stem = f"nexmark-{datetime.date.today():%Y%m%d}-{res['git']['commit']}"
    if args.events != 10_000_000:
        stem += f"-{args.events // 1000}k" if args.events < 1_000_000 else f"-{args.events // 1_000_000}M"
    if len(queries) != len(nq.QUERIES) or paths != {"engine", "kafka", "latency", "compare"}:
        stem += "-partial"
    with open(os.path.join(args.out_dir, stem + ".json"), "w") as f:
        json.dump(res, f, indent=1, default=str)
    if "engine" in paths:
        with open(os.path.join(args.out_dir, stem + ".svg"), "w") as f:
            f.write(svg_chart(res))
    return stem


if __name__ == "__main__":
    sys.exit(main())
