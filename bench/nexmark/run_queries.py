#!/usr/bin/python3
"""Quick engine-only Nexmark measurement of kappadb's views (bench/nexmark/README.md).

One kappadb (build/kappadb or $KAPPADB_BIN) on a free loopback port generates the three nexmark
tables with --events events at 10,000 events per second of event time ("load"); then for each
query, CREATE MATERIALIZED VIEW (it returns after the backfill, i.e. after the whole stream went
through the view's operators) and FLUSH are timed, and the view is dropped. Reported per query: wall
seconds, server CPU seconds (user + sys of the process, all threads) of that phase, events per
CPU second (the per-core figure), view rows, operator state (kappa_catalog.view_operators) and
peak RSS of the server during the phase.

  /usr/bin/python3 bench/nexmark/run_queries.py [--events 1000000] [--queries q0,q5] [--json F]
"""

import argparse
import json
import os
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
sys.path.insert(0, HERE)
sys.path.insert(0, os.path.join(ROOT, "bench"))
sys.path.insert(0, os.path.join(ROOT, "tests", "harness"))

import psycopg2  # noqa: E402

import nexmark_queries as nq  # noqa: E402
from servers import KappaServer  # noqa: E402
from view_bench import Meter, proc_status_kb, reset_peak_rss  # noqa: E402


def wait_generated(cur, events, timeout):
    want = nq.expected_counts(events)
    deadline = time.monotonic() + timeout
    while True:
        got = []
        for t in ("person", "auction", "bid"):
            cur.execute(f"SELECT count(*) FROM {t}")
            got.append(cur.fetchone()[0])
        if tuple(got) == want:
            return
        if time.monotonic() > deadline:
            raise RuntimeError(f"generated {got}, want {want}")
        time.sleep(0.2)


def load(cur, pid, events):
    with Meter(pid) as m:
        for stmt in nq.tables_sql(events):
            cur.execute(stmt)
        wait_generated(cur, events, timeout=900)
        cur.execute("FLUSH")
    return m


def run_query(cur, pid, q, events):
    reset_peak_rss(pid)
    with Meter(pid) as m:
        cur.execute(nq.view_sql(q))
        cur.execute("FLUSH")
    cur.execute(f"SELECT count(*) FROM nexmark_{q}")
    view_rows = cur.fetchone()[0]
    cur.execute("SELECT coalesce(sum(state_rows), 0), coalesce(sum(state_bytes), 0) "
                f"FROM kappa_catalog.view_operators WHERE view_name = 'nexmark_{q}'")
    state_rows, state_bytes = cur.fetchone()
    peak_kb = proc_status_kb(pid, "VmHWM")
    cur.execute(f"DROP MATERIALIZED VIEW nexmark_{q}")
    return {
        "query": q, "events": events, "event_rate": 10000,
        "wall_s": round(m.wall, 3), "cpu_s": round(m.cpu, 3),
        "events_per_s": round(events / m.wall) if m.wall > 0 else None,
        "events_per_cpu_s": round(events / m.cpu) if m.cpu > 0 else None,
        "view_rows": view_rows, "state_rows": int(state_rows), "state_bytes": int(state_bytes),
        "peak_rss_kb": peak_kb,
    }


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    ap.add_argument("--events", type=int, default=1_000_000)
    ap.add_argument("--queries", default=",".join(nq.QUERIES))
    ap.add_argument("--binary", default=os.environ.get("KAPPADB_BIN",
                                                       os.path.join(ROOT, "build", "kappadb")))
    ap.add_argument("--json", help="write the results to this file")
    args = ap.parse_args()
    results = []
    with KappaServer(binary=args.binary) as server:
        pid = server.proc.pid
        conn = psycopg2.connect(server.dsn())
        conn.autocommit = True
        cur = conn.cursor()
        m = load(cur, pid, args.events)
        print(f"load: {args.events:,} events generated in {m.wall:.1f} s wall, {m.cpu:.1f} CPU-s",
              flush=True)
        for q in args.queries.split(","):
            r = run_query(cur, pid, q, args.events)
            results.append(r)
            print(f"{q:>4}: {r['events_per_cpu_s'] or 0:>10,} events/CPU-s  "
                  f"{r['events_per_s'] or 0:>10,} events/s  ({r['wall_s']} s wall, "
                  f"{r['cpu_s']} CPU-s)  view rows {r['view_rows']:,}  "
                  f"state {r['state_rows']:,} rows / {r['state_bytes']:,} B  "
                  f"peak RSS {r['peak_rss_kb']:,} kB", flush=True)
        conn.close()
    out = {"load": {"wall_s": round(m.wall, 3), "cpu_s": round(m.cpu, 3)},
           "loadavg": os.getloadavg(), "nproc": os.cpu_count(), "results": results}
    if args.json:
        with open(args.json, "w") as f:
            json.dump(out, f, indent=1)
    print(json.dumps(out))


if __name__ == "__main__":
    main()
