#!/usr/bin/python3
"""Runs sqllogictest (.slt) files against the real kappadb binary.

By default every file gets its own server: build/kappadb on a free loopback
port with a fresh data directory, stopped with SIGTERM at the end (it must
exit 0). With --dsn the files run against an already-running server instead
(e.g. PostgreSQL 15 to validate the expected results; with --fresh-db each
file gets its own database there).

  tests/slt/run_slt.py --mode simple   tests/slt          # psycopg2, simple Query
  tests/slt/run_slt.py --mode extended tests/slt          # psycopg 3, Parse/Bind/Execute
  tests/slt/run_slt.py --dsn 'host=127.0.0.1 port=5488 user=postgres dbname=postgres' \
      --target postgresql --fresh-db tests/slt

The last line printed is `N passed, M failed` counting records (statements
and queries); the exit code is non-zero if anything failed.
"""

import argparse
import concurrent.futures
import difflib
import io
import os
import sys
import threading
import time

sys.dont_write_bytecode = True

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
sys.path.insert(0, os.path.join(os.path.dirname(HERE), "harness"))

import sltlib  # noqa: E402
from servers import KappaServer, ServerError, kappadb_binary  # noqa: E402

MAX_FAILURES_SHOWN = 12


class FileResult:
    def __init__(self, path):
        self.path = path
        self.passed = 0
        self.failed = 0
        self.skipped = 0
        self.out = io.StringIO()
        self.seconds = 0.0
        self.failures_shown = 0

    def fail(self, where, text):
        self.failed += 1
        if self.failures_shown < MAX_FAILURES_SHOWN:
            self.out.write(f"  FAIL {where}\n")
            for l in text.rstrip("\n").split("\n"):
                self.out.write(f"    {l}\n")
        elif self.failures_shown == MAX_FAILURES_SHOWN:
            self.out.write("    ... (further failures in this file not shown)\n")
        self.failures_shown += 1


def indent_sql(sql):
    return "\n".join("  " + l for l in sql.split("\n"))


def describe_outcome(o):
    if o.ok:
        return f"success ({o.tag})"
    s = f"ERROR {o.sqlstate or '(no SQLSTATE)'}: {o.message}"
    if o.connection_lost:
        s += " [connection lost]"
    return s


class FileRunner:
    def __init__(self, args, path):
        self.args = args
        self.path = path
        self.rel = os.path.relpath(path)
        self.res = FileResult(self.rel)
        self.server = None
        self.dsn = None
        self.clients = {}
        self.current = "default"
        self.admin_db = None
        self.client_cls = sltlib.CLIENTS[args.mode]
        self.timed_out = False

    # -- connections ------------------------------------------------------
    def client(self):
        c = self.clients.get(self.current)
        if c is None or c.closed():
            if c is not None:
                c.close()
            c = self.client_cls(self.dsn)
            self.clients[self.current] = c
        return c

    def close_clients(self):
        for c in self.clients.values():
            c.close()
        self.clients = {}

    # -- setup / teardown -------------------------------------------------
    def setup(self):
        if self.args.dsn:
            if self.args.fresh_db:
                import psycopg2
                import psycopg2.extensions as ext
                name = "slt_" + "".join(ch if ch.isalnum() else "_"
                                        for ch in os.path.splitext(self.rel)[0]).lower()[-50:]
                admin = psycopg2.connect(self.args.dsn)
                admin.autocommit = True
                with admin.cursor() as cur:
                    cur.execute(f'DROP DATABASE IF EXISTS "{name}"')
                    cur.execute(f'CREATE DATABASE "{name}"')
                admin.close()
                self.admin_db = name
                self.dsn = ext.make_dsn(self.args.dsn, dbname=name)
            else:
                self.dsn = self.args.dsn
        else:
            self.server = KappaServer(binary=self.args.binary)
            self.server.start(timeout=self.args.start_timeout)
            self.dsn = self.server.dsn()

    def teardown(self):
        self.close_clients()
        if self.server is not None:
            alive = self.server.alive()
            rc = self.server.stop() if alive else None
            if alive and rc != 0 and not self.timed_out:
                self.res.fail(f"{self.rel}: shutdown",
                              f"kappadb did not exit 0 after SIGTERM (exit code {rc})\n"
                              + self.server.log_tail(15))
            self.server.cleanup()
        if self.admin_db:
            import psycopg2
            try:
                admin = psycopg2.connect(self.args.dsn)
                admin.autocommit = True
                with admin.cursor() as cur:
                    cur.execute(f'DROP DATABASE IF EXISTS "{self.admin_db}" WITH (FORCE)')
                admin.close()
            except Exception as e:  # cleanup only
                self.res.out.write(f"  (could not drop database {self.admin_db}: {e})\n")

    # -- records ----------------------------------------------------------
    def run_record(self, rec):
        where = f"{self.rel}:{rec.line}"
        if rec.kind == "connection":
            self.current = rec.arg
            return True
        if rec.kind == "restart":
            self.close_clients()
            if self.server is not None:
                self.server.restart_after_kill(timeout=self.args.start_timeout)
            return True
        if rec.kind == "halt":
            return True

        sql = rec.sql
        if self.args.target == "postgresql":
            # materialized views run as plain views there; FLUSH is skipped
            from pg_expected import postgres_sql
            sql = postgres_sql(sql)
            if sql is None:
                self.res.passed += 1
                return True
        try:
            outcome = self.client().run(sql)
        except Exception as e:  # could not connect
            self.res.fail(where, f"SQL:\n{indent_sql(rec.sql)}\ncould not run: {e}")
            return False

        label = rec.header
        if not rec.expect_ok:
            if outcome.ok:
                self.res.fail(where, f"{label}\nSQL:\n{indent_sql(rec.sql)}\n"
                              f"expected: ERROR {rec.error}\nactual:   {describe_outcome(outcome)}")
                return False
            if outcome.connection_lost:
                self.res.fail(where, f"{label}\nSQL:\n{indent_sql(rec.sql)}\n"
                              f"the connection was closed by the error: {describe_outcome(outcome)}")
                return False
            if not sltlib.error_matches(rec.error, outcome):
                self.res.fail(where, f"{label}\nSQL:\n{indent_sql(rec.sql)}\n"
                              f"expected: ERROR {rec.error}\nactual:   {describe_outcome(outcome)}")
                return False
            self.res.passed += 1
            return True

        if not outcome.ok:
            self.res.fail(where, f"{label}\nSQL:\n{indent_sql(rec.sql)}\n"
                          f"expected: success\nactual:   {describe_outcome(outcome)}")
            return False

        if rec.kind == "statement":
            if rec.count is not None and outcome.rowcount != rec.count:
                self.res.fail(where, f"{label}\nSQL:\n{indent_sql(rec.sql)}\n"
                              f"expected row count: {rec.count}\nactual:   {outcome.rowcount} "
                              f"(tag {outcome.tag!r})")
                return False
            if rec.tag is not None and outcome.tag != rec.tag:
                self.res.fail(where, f"{label}\nSQL:\n{indent_sql(rec.sql)}\n"
                              f"expected tag: {rec.tag!r}\nactual tag:   {outcome.tag!r}")
                return False
            self.res.passed += 1
            return True

        # query
        if outcome.rows is None:
            self.res.fail(where, f"{label}\nSQL:\n{indent_sql(rec.sql)}\n"
                          f"expected a result set, got none (tag {outcome.tag!r})")
            return False
        ncols = len(outcome.oids)
        if ncols != len(rec.types):
            self.res.fail(where, f"{label}\nSQL:\n{indent_sql(rec.sql)}\n"
                          f"expected {len(rec.types)} columns ({rec.types}), got {ncols}")
            return False
        exp = sltlib.expected_lines(rec.expected or [], rec.sort)
        act = sltlib.result_lines(outcome.rows, rec.sort)
        if exp != act:
            diff = "\n".join(difflib.unified_diff(exp, act, "expected", "actual", lineterm="", n=2))
            self.res.fail(where, f"{label}\nSQL:\n{indent_sql(rec.sql)}\n"
                          f"result differs ({len(exp)} expected lines, {len(act)} actual):\n{diff}")
            return False
        self.res.passed += 1
        return True

    def run(self):
        t0 = time.monotonic()
        try:
            records, _ = sltlib.parse_slt(self.path)
        except (sltlib.SltParseError, OSError) as e:
            self.res.fail(self.rel, f"cannot parse: {e}")
            return self.res
        try:
            self.setup()
        except (ServerError, Exception) as e:
            self.res.fail(f"{self.rel}: setup", str(e))
            self.res.failed += sum(1 for r in records if r.kind in ("statement", "query")) - 1
            self.teardown()
            return self.res

        watchdog = None
        if self.server is not None:
            def on_timeout():
                self.timed_out = True
                self.server.kill9()
            watchdog = threading.Timer(self.args.file_timeout, on_timeout)
            watchdog.daemon = True
            watchdog.start()
        try:
            for idx, rec in enumerate(records):
                if rec.kind in ("statement", "query") and not rec.runs_on(self.args.target):
                    self.res.skipped += 1
                    continue
                if rec.kind != "connection" and not rec.runs_on(self.args.target):
                    continue
                if rec.kind == "halt":
                    break
                try:
                    self.run_record(rec)
                except ServerError as e:
                    self.res.fail(f"{self.rel}:{rec.line}", f"{rec.header}\n{e}")
                if self.server is not None and not self.server.alive():
                    remaining = sum(1 for r in records[idx + 1:] if r.kind in ("statement", "query"))
                    why = ("the file exceeded its time limit of %ds and the server was killed"
                           % self.args.file_timeout) if self.timed_out else \
                        "kappadb is no longer running (crashed?)"
                    self.res.fail(f"{self.rel}:{rec.line}",
                                  f"{why}; {remaining} remaining records not run\n"
                                  + self.server.log_tail(25))
                    self.res.failed += remaining
                    break
        finally:
            if watchdog is not None:
                watchdog.cancel()
            self.teardown()
        self.res.seconds = time.monotonic() - t0
        return self.res


def collect(paths):
    files = []
    for p in paths:
        if os.path.isdir(p):
            for root, _, names in os.walk(p):
                files.extend(os.path.join(root, n) for n in names if n.endswith(".slt"))
        else:
            files.append(p)
    return sorted(files)


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("paths", nargs="+", help=".slt files or directories")
    ap.add_argument("--mode", choices=sorted(sltlib.CLIENTS), default="simple")
    ap.add_argument("--binary", default=kappadb_binary(), help="kappadb binary (default build/kappadb)")
    ap.add_argument("--dsn", help="run against this already-running server instead of starting kappadb")
    ap.add_argument("--target", choices=("kappadb", "postgresql"),
                    help="what the server is, for onlyif/skipif (default: kappadb, "
                         "or postgresql with --dsn)")
    ap.add_argument("--fresh-db", action="store_true",
                    help="with --dsn: create a fresh database per file (PostgreSQL)")
    ap.add_argument("-j", "--jobs", type=int, default=1, help="files run in parallel")
    ap.add_argument("--file-timeout", type=int, default=120, help="seconds per file")
    ap.add_argument("--start-timeout", type=float, default=30.0)
    args = ap.parse_args()
    if args.target is None:
        args.target = "postgresql" if args.dsn else "kappadb"

    files = collect(args.paths)
    if not files:
        print("no .slt files found")
        print("0 passed, 1 failed")
        return 1
    print(f"slt: {len(files)} files, mode {args.mode}, target {args.target}", flush=True)
    results = []
    lock = threading.Lock()

    def run_one(path):
        r = FileRunner(args, path).run()
        with lock:
            status = "ok  " if r.failed == 0 else "FAIL"
            skipped = f", {r.skipped} skipped" if r.skipped else ""
            print(f"{status} {r.path}: {r.passed} passed, {r.failed} failed{skipped} "
                  f"({r.seconds:.1f}s)", flush=True)
            if r.out.getvalue():
                print(r.out.getvalue(), end="", flush=True)
        return r

    with concurrent.futures.ThreadPoolExecutor(max_workers=max(1, args.jobs)) as ex:
        results = list(ex.map(run_one, files))
    passed = sum(r.passed for r in results)
    failed = sum(r.failed for r in results)
    bad = [r.path for r in results if r.failed]
    if bad:
        print(f"slt ({args.mode}): failing files: " + ", ".join(bad))
    print(f"{passed} passed, {failed} failed", flush=True)
    return 0 if failed == 0 else 1


if __name__ == "__main__":
    sys.exit(main())
