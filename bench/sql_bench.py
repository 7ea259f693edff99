#!/usr/bin/env python3
"""SQL-level throughput of kappadb over a real connection (psycopg2, loopback).

Measures, on a fresh server and data directory:
  - single-row INSERT statements per second (each one fsynced before it is acknowledged),
  - multi-row INSERT throughput (rows per second, 1,000 rows per statement),
  - a batch aggregate and a join over the table (rows scanned per second).

Usage: bench/sql_bench.py [--build-dir build] [--rows 200000]
Results are printed as JSON on the last line.
"""
import argparse
import json
import os
import sys
import time

sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", "tests", "harness"))
from servers import KappaServer  # noqa: E402

import psycopg2  # noqa: E402


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--build-dir", default="build")
    ap.add_argument("--rows", type=int, default=200_000)
    ap.add_argument("--single", type=int, default=2_000)
    args = ap.parse_args()
    results = {}
    with KappaServer(binary=os.path.join(args.build_dir, "kappadb")) as server:
        conn = psycopg2.connect(server.dsn())
        conn.autocommit = True
        cur = conn.cursor()
        cur.execute("CREATE TABLE ev (id BIGINT PRIMARY KEY, k INT, v NUMERIC(12,2), "
                    "name TEXT, ts TIMESTAMP)")
        cur.execute("CREATE TABLE dim (k INT PRIMARY KEY, label TEXT)")
        cur.execute("INSERT INTO dim SELECT * FROM (VALUES " +
                    ",".join(f"({i}, 'label{i}')" for i in range(1000)) + ") AS d(k, label)")

        t0 = time.perf_counter()
        for i in range(args.single):
            cur.execute("INSERT INTO ev VALUES (%s, %s, %s, %s, '2026-01-01 00:00:00')",
                        (i, i % 1000, i * 0.01, f"n{i}"))
        dt = time.perf_counter() - t0
        results["single_row_inserts_per_s"] = round(args.single / dt)

        batch = 1000
        t0 = time.perf_counter()
        for start in range(args.single, args.single + args.rows, batch):
            values = ",".join(
                f"({i}, {i % 1000}, {i % 100000}.25, 'n{i}', '2026-01-01 00:00:00')"
                for i in range(start, start + batch))
            cur.execute("INSERT INTO ev VALUES " + values)
        dt = time.perf_counter() - t0
        results["batch_insert_rows_per_s"] = round(args.rows / dt)
        total = args.rows + args.single

        t0 = time.perf_counter()
        cur.execute("SELECT k, count(*), sum(v) FROM ev GROUP BY k")
        rows = cur.fetchall()
        dt = time.perf_counter() - t0
        assert len(rows) == 1000, len(rows)
        results["group_by_scan_rows_per_s"] = round(total / dt)

        t0 = time.perf_counter()
        cur.execute("SELECT d.label, count(*) FROM ev JOIN dim d ON d.k = ev.k "
                    "WHERE ev.v > 10 GROUP BY d.label ORDER BY 2 DESC LIMIT 5")
        cur.fetchall()
        dt = time.perf_counter() - t0
        results["join_aggregate_rows_per_s"] = round(total / dt)
        conn.close()
    results["rows"] = total
    results["cores"] = os.cpu_count()
    print(json.dumps(results))


if __name__ == "__main__":
    main()
