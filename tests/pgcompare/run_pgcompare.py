#!/usr/bin/python3
"""Runs the same queries against PostgreSQL 15 and kappadb and compares the rows.

Starts a throw-away PostgreSQL 15 (temporary directory, 127.0.0.1, C locale,
UTC; as root through a dedicated unprivileged user) and a kappadb with a fresh
data directory, loads dataset.py into both with INSERT statements, runs every
query of queries.sql on both, and compares: in order when the query's
outermost level has ORDER BY, otherwise as multisets; float columns with a
relative tolerance (1e-9 for float8, 1e-5 for float4), everything else as
exact text. A kappadb query that takes longer than --query-timeout (20 s) is
cancelled and fails; if it does not stop, the server is killed and restarted on
its data directory. PostgreSQL is stopped and removed on exit, also on failure
or Ctrl-C.

  tests/pgcompare/run_pgcompare.py                       # both servers started here
  tests/pgcompare/run_pgcompare.py --pg-dsn DSN --kappa-dsn DSN   # already running
  tests/pgcompare/run_pgcompare.py --pg-only             # check the queries on PG alone

The last line is `N passed, M failed` (one per query, plus one for loading).
"""

import argparse
import atexit
import math
import os
import re
import signal
import sys
import threading
import time

sys.dont_write_bytecode = True

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
sys.path.insert(0, os.path.join(os.path.dirname(HERE), "harness"))

import dataset  # noqa: E402
from servers import KappaServer, PgServer, ServerError, kappadb_binary  # noqa: E402

FLOAT4, FLOAT8 = 700, 701
TOLERANCE = {FLOAT4: 1e-5, FLOAT8: 1e-9}


def load_queries(path):
    """Queries end with ';' at the end of a line; -- comment lines are skipped."""
    queries, cur, start = [], [], None
    with open(path, encoding="utf-8") as f:
        for lineno, line in enumerate(f, 1):
            s = line.rstrip("\n")
            if not cur and (s.strip() == "" or s.strip().startswith("--")):
                continue
            if start is None:
                start = lineno
            cur.append(s)
            if s.rstrip().endswith(";"):
                sql = "\n".join(cur).rstrip().rstrip(";")
                queries.append((start, sql))
                cur, start = [], None
    if cur:
        queries.append((start, "\n".join(cur)))
    return queries


def has_outer_order_by(sql):
    """True if ORDER BY appears at parenthesis depth 0 (outside quotes)."""
    depth = 0
    cleaned = []
    in_str = False
    for ch in sql:
        if in_str:
            if ch == "'":
                in_str = False
            cleaned.append(" ")
            continue
        if ch == "'":
            in_str = True
            cleaned.append(" ")
        elif ch == "(":
            depth += 1
            cleaned.append(" ")
        elif ch == ")":
            depth -= 1
            cleaned.append(" ")
        else:
            cleaned.append(ch if depth == 0 else " ")
    return re.search(r"\border\s+by\b", "".join(cleaned), re.I) is not None


class Client:
    """psycopg2 in autocommit, every value returned as PostgreSQL's text."""

    def __init__(self, dsn):
        import psycopg2
        import psycopg2.extensions as ext
        self.psycopg2 = psycopg2
        self.conn = psycopg2.connect(dsn)
        self.conn.autocommit = True
        raw = ext.new_type(tuple(ext.string_types.keys()), "PGCMP_RAW", lambda s, cur: s)
        ext.register_type(raw, self.conn)

    def run(self, sql):
        """Returns (oids, rows) or raises RuntimeError with SQLSTATE and message."""
        cur = self.conn.cursor()
        try:
            cur.execute(sql)
        except self.psycopg2.Error as e:
            raise RuntimeError(f"{e.pgcode}: {(e.pgerror or str(e)).strip()}") from None
        if cur.description is None:
            return [], []
        oids = [d.type_code for d in cur.description]
        return oids, [tuple(r) for r in cur.fetchall()]

    def close(self):
        try:
            self.conn.close()
        except Exception:
            pass


def values_equal(a, b, oid):
    if a is None or b is None:
        return a is None and b is None
    if a == b:
        return True
    tol = TOLERANCE.get(oid)
    if tol is None:
        return False
    try:
        fa, fb = float(a), float(b)
    except ValueError:
        return False
    if math.isnan(fa) or math.isnan(fb):
        return math.isnan(fa) and math.isnan(fb)
    return math.isclose(fa, fb, rel_tol=tol, abs_tol=1e-12)


def sort_key(row, oids):
    key = []
    for v, oid in zip(row, oids):
        if v is None:
            key.append((1, 0.0, ""))
        elif oid in TOLERANCE:
            try:
                # rounded so that values equal within tolerance sort alike
                key.append((0, float("%.6g" % float(v)), ""))
            except ValueError:
                key.append((0, 0.0, v))
        else:
            key.append((0, 0.0, v))
    return key


def compare(pg, kp, ordered):
    """Returns None if equal, else a description of the difference."""
    pg_oids, pg_rows = pg
    kp_oids, kp_rows = kp
    if len(pg_oids) != len(kp_oids):
        return f"column count: PostgreSQL {len(pg_oids)}, kappadb {len(kp_oids)}"
    problems = []
    if pg_oids != kp_oids:
        problems.append(f"column type OIDs: PostgreSQL {pg_oids}, kappadb {kp_oids}")
    if not ordered:
        pg_rows = sorted(pg_rows, key=lambda r: sort_key(r, pg_oids))
        kp_rows = sorted(kp_rows, key=lambda r: sort_key(r, pg_oids))
    if len(pg_rows) != len(kp_rows):
        problems.append(f"row count: PostgreSQL {len(pg_rows)}, kappadb {len(kp_rows)}")
    shown = 0
    for i in range(max(len(pg_rows), len(kp_rows))):
        a = pg_rows[i] if i < len(pg_rows) else None
        b = kp_rows[i] if i < len(kp_rows) else None
        same = a is not None and b is not None and all(
            values_equal(x, y, oid) for x, y, oid in zip(a, b, pg_oids))
        if not same:
            if shown < 8:
                problems.append(f"  row {i + 1}{' (sorted)' if not ordered else ''}: "
                                f"PostgreSQL {fmt_row(a)}  kappadb {fmt_row(b)}")
            shown += 1
    if shown > 8:
        problems.append(f"  ... {shown - 8} more differing rows")
    if shown == 0 and len(problems) == 1 and problems[0].startswith("column type OIDs"):
        return problems[0]
    return "\n".join(problems) if problems else None


def fmt_row(r):
    if r is None:
        return "(missing)"
    return "(" + ", ".join("NULL" if v is None else repr(v) for v in r) + ")"


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--queries", default=os.path.join(HERE, "queries.sql"))
    ap.add_argument("--pg-dsn", help="an already-running PostgreSQL 15 (a database that can be filled)")
    ap.add_argument("--kappa-dsn", help="an already-running kappadb")
    ap.add_argument("--binary", default=kappadb_binary())
    ap.add_argument("--pg-only", action="store_true", help="only run the queries on PostgreSQL")
    ap.add_argument("--query-timeout", type=float, default=20.0,
                    help="seconds a kappadb query may take; then it is cancelled (and after 10 s "
                         "more the server is killed and restarted on its data)")
    args = ap.parse_args()

    pg_server = kappa_server = None

    def cleanup():
        nonlocal pg_server, kappa_server
        if kappa_server is not None:
            kappa_server.stop()
            kappa_server.cleanup()
            kappa_server = None
        if pg_server is not None:
            pg_server.stop()
            pg_server = None

    atexit.register(cleanup)

    def on_signal(signum, frame):
        raise SystemExit(128 + signum)

    signal.signal(signal.SIGTERM, on_signal)
    signal.signal(signal.SIGINT, on_signal)

    queries = load_queries(args.queries)
    passed = failed = 0
    t0 = time.monotonic()
    try:
        if args.pg_dsn:
            pg_dsn = args.pg_dsn
        else:
            pg_server = PgServer().start()
            pg_dsn = pg_server.dsn()
        kp_dsn = None
        if not args.pg_only:
            if args.kappa_dsn:
                kp_dsn = args.kappa_dsn
            else:
                kappa_server = KappaServer(binary=args.binary).start()
                kp_dsn = kappa_server.dsn()
        pg = Client(pg_dsn)
        kp = Client(kp_dsn) if kp_dsn else None

        stmts = dataset.schema_statements() + dataset.insert_statements()
        load_error = None
        for who, client in (("PostgreSQL", pg), ("kappadb", kp)):
            if client is None:
                continue
            t = time.monotonic()
            for sql in stmts:
                try:
                    client.run(sql)
                except RuntimeError as e:
                    load_error = f"loading into {who} failed: {e}\n  {sql[:200]}..."
                    break
            if load_error:
                break
            print(f"loaded {sum(dataset.row_counts().values())} rows into {who} "
                  f"in {time.monotonic() - t:.1f}s", flush=True)
        if load_error is None and kp is not None:
            for table, n in dataset.row_counts().items():
                _, rows = kp.run(f"SELECT count(*) FROM {table}")
                if rows != [(str(n),)]:
                    load_error = f"kappadb has {rows} rows in {table}, expected {n}"
                    break
        if load_error:
            print("FAIL load\n  " + load_error)
            print(f"{passed} passed, {failed + 1 + len(queries)} failed")
            return 1
        passed += 1

        for lineno, sql in queries:
            where = f"queries.sql:{lineno}"
            try:
                pg_res = pg.run(sql)
            except RuntimeError as e:
                failed += 1
                print(f"FAIL {where}: PostgreSQL rejects the query ({e})\n  {sql}")
                continue
            if kp is None:
                passed += 1
                continue
            timeouts = []

            def soft_timeout(client=kp):
                timeouts.append("cancel")
                try:
                    client.conn.cancel()
                except Exception:
                    pass

            def hard_timeout():
                timeouts.append("kill")
                if kappa_server is not None:
                    kappa_server.kill9()

            soft = threading.Timer(args.query_timeout, soft_timeout)
            hard = threading.Timer(args.query_timeout + 10, hard_timeout)
            soft.start()
            hard.start()
            t_query = time.monotonic()
            try:
                kp_res = kp.run(sql)
                kp_error = None
            except RuntimeError as e:
                kp_error = e
            finally:
                soft.cancel()
                hard.cancel()
                if "kill" in timeouts:
                    hard.join(30)  # let the kill finish before restarting
            if timeouts:
                failed += 1
                how = ("it was cancelled" if timeouts == ["cancel"] else
                       "cancelling did not stop it, so the server was killed and restarted")
                print(f"FAIL {where}: kappadb took longer than {args.query_timeout:.0f}s "
                      f"({time.monotonic() - t_query:.0f}s; {how})\n  {sql}")
                if "kill" in timeouts and kappa_server is not None:
                    kappa_server.start()
                kp.close()
                kp = Client(kp_dsn)
                continue
            if kp_error is not None:
                failed += 1
                print(f"FAIL {where}: kappadb error {kp_error}\n  {sql}")
                if kp.conn.closed:
                    kp.close()
                    kp = Client(kp_dsn)
                continue
            diff = compare(pg_res, kp_res, has_outer_order_by(sql))
            if diff is None:
                passed += 1
            else:
                failed += 1
                print(f"FAIL {where}: results differ\n  {sql}\n" +
                      "\n".join("  " + l for l in diff.split("\n")))
        pg.close()
        if kp is not None:
            kp.close()
    except ServerError as e:
        print(f"FAIL setup: {e}")
        print(f"{passed} passed, {failed + 1} failed")
        return 1
    finally:
        if kappa_server is not None and kappa_server.alive():
            rc = kappa_server.stop()
            if rc != 0:
                print(f"FAIL shutdown: kappadb exited with {rc} after SIGTERM")
                failed += 1
        cleanup()
    print(f"pgcompare: {len(queries)} queries in {time.monotonic() - t0:.1f}s")
    print(f"{passed} passed, {failed} failed")
    return 0 if failed == 0 else 1


if __name__ == "__main__":
    sys.exit(main())
