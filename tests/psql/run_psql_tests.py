#!/usr/bin/python3
"""Pipes each tests/psql/*.sql through the real psql and compares with *.out.

  tests/psql/run_psql_tests.py                 # each script against its own fresh kappadb
  tests/psql/run_psql_tests.py --against-pg --update   # regenerate *.out from PostgreSQL 15

psql runs as `psql -X -a -v ON_ERROR_STOP=0 -f NAME.sql` in this directory
(stdout and stderr together), so errors appear as psql prints them, with
`psql:NAME.sql:LINE: ERROR: ...` and the `LINE 1: ... ^` caret. The expected
outputs come from PostgreSQL 15 (--against-pg --update) and are reviewed by
hand; kappadb must print exactly the same.

The last line is `N passed, M failed`.
"""

import argparse
import difflib
import glob
import os
import subprocess
import sys

sys.dont_write_bytecode = True

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(os.path.dirname(HERE), "harness"))

from servers import HOST, KappaServer, PgServer, ServerError, kappadb_binary  # noqa: E402


def run_psql(script, port, user, dbname):
    env = dict(os.environ)
    env.update({"PGTZ": "UTC", "PGCLIENTENCODING": "UTF8", "PAGER": "", "PSQL_PAGER": "",
                "LC_ALL": "C.UTF-8", "PGAPPNAME": ""})
    env.pop("PGOPTIONS", None)
    r = subprocess.run(["psql", "-X", "-a", "-h", HOST, "-p", str(port), "-U", user, "-d", dbname,
                        "-v", "ON_ERROR_STOP=0", "-f", os.path.basename(script)],
                       cwd=HERE, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                       stdin=subprocess.DEVNULL, env=env, timeout=120)
    return r.returncode, r.stdout.decode("utf-8", "replace")


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("scripts", nargs="*", help="scripts to run (default: all)")
    ap.add_argument("--against-pg", action="store_true", help="run against a temporary PostgreSQL 15")
    ap.add_argument("--update", action="store_true", help="write the outputs as the new expected files")
    ap.add_argument("--binary", default=kappadb_binary())
    args = ap.parse_args()
    scripts = args.scripts or sorted(glob.glob(os.path.join(HERE, "*.sql")))
    scripts = [os.path.abspath(s if os.path.exists(s) else os.path.join(HERE, s)) for s in scripts]
    passed = failed = 0
    pg = None
    try:
        if args.against_pg:
            pg = PgServer().start()
        for script in scripts:
            name = os.path.basename(script)
            server = None
            try:
                if pg is not None:
                    import psycopg2
                    db = "psql_" + os.path.splitext(name)[0]
                    c = psycopg2.connect(pg.dsn())
                    c.autocommit = True
                    c.cursor().execute(f'CREATE DATABASE "{db}"')
                    c.close()
                    rc, out = run_psql(script, pg.port, "postgres", db)
                else:
                    server = KappaServer(binary=args.binary).start()
                    rc, out = run_psql(script, server.port, "kappa", "kappa")
                    if not server.alive():
                        out += "\n[kappadb died during the script]\n" + server.log_tail(20)
            except (ServerError, subprocess.TimeoutExpired) as e:
                failed += 1
                print(f"FAIL {name}: {e}")
                continue
            finally:
                if server is not None:
                    src = server.stop() if server.alive() else "dead"
                    server.cleanup()
                    if src not in (0,):
                        out_note = f"kappadb exit status after SIGTERM: {src}"
                        print(f"note {name}: {out_note}")
            expected_path = os.path.splitext(script)[0] + ".out"
            if args.update:
                with open(expected_path, "w", encoding="utf-8") as f:
                    f.write(out)
                print(f"wrote {os.path.relpath(expected_path)}")
                passed += 1
                continue
            try:
                with open(expected_path, encoding="utf-8") as f:
                    expected = f.read()
            except OSError:
                expected = ""
            if out == expected and rc == 0:
                passed += 1
                print(f"ok   {name}")
            else:
                failed += 1
                print(f"FAIL {name} (psql exit code {rc})")
                for l in difflib.unified_diff(expected.splitlines(), out.splitlines(),
                                              "expected " + os.path.basename(expected_path),
                                              "actual", lineterm="", n=2):
                    print("  " + l)
    finally:
        if pg is not None:
            pg.stop()
    print(f"{passed} passed, {failed} failed")
    return 0 if failed == 0 else 1


if __name__ == "__main__":
    sys.exit(main())
