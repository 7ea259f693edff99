#!/usr/bin/python3
"""Runs kappadb's test suites one after the other and sums their results.

  scripts/run_tests.py                       # every suite (what `make test` runs)
  scripts/run_tests.py --suites slt-simple,psql

Suites: unit (ctest), slt-simple, slt-extended, pgcompare, e2e (pytest),
psql. Each suite's output is shown as it runs; every suite prints its own
count, and this script reads it (`N passed, M failed` for kappadb's runners,
pytest's and ctest's own summary lines). A suite that exits non-zero without
a readable count, or hits its time limit, counts as one failure. The last
line printed is `N passed, M failed`; the exit code is non-zero if anything
failed.
"""

import argparse
import os
import re
import subprocess
import sys
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
PY = "/usr/bin/python3"


def suites(build_dir, jobs):
    kappadb = os.path.abspath(os.environ.get("KAPPADB_BIN", os.path.join(build_dir, "kappadb")))
    return {
        "unit": (["ctest", "--test-dir", build_dir, "--output-on-failure", "-V", "--timeout", "300"], 400),
        "slt-simple": ([PY, "tests/slt/run_slt.py", "--mode", "simple", "-j", str(jobs),
                        "--binary", kappadb, "tests/slt"], 600),
        "slt-extended": ([PY, "tests/slt/run_slt.py", "--mode", "extended", "-j", str(jobs),
                          "--binary", kappadb, "tests/slt"], 600),
        "pgcompare": ([PY, "tests/pgcompare/run_pgcompare.py", "--binary", kappadb], 400),
        "e2e": ([PY, "-m", "pytest", "tests/e2e", "-q", "-p", "no:cacheprovider",
                 "-o", "console_output_style=classic", "--timeout=300", "-rfE"], 900),
        "psql": ([PY, "tests/psql/run_psql_tests.py", "--binary", kappadb], 300),
    }


PLAIN = re.compile(r"^(?:\w+: )?(\d+) passed, (\d+) failed(?:, \d+ skipped)?\s*$")
# with ctest -V each line of test N is prefixed "N: "; --output-on-failure repeats it unprefixed
DOCTEST = re.compile(r"^\d+: \[doctest\] test cases:\s*(\d+) \|\s*(\d+) passed \|\s*(\d+) failed")
CTEST_NOT_RUN = re.compile(r"\(Not Run\)|\(Timeout\)|\(SEGFAULT\)|\(Subprocess aborted\)")
CTEST = re.compile(r"tests passed, (\d+) tests? failed out of (\d+)")


def all_ctest_ok(lines):
    return any("100% tests passed" in l for l in lines)


def count(name, lines):
    """Returns (passed, failed) read from a suite's output, or None."""
    if name == "unit":
        # doctest's own summary counts test cases; ctest's counts test binaries
        doc = [DOCTEST.search(l) for l in lines]
        doc = [m for m in doc if m]
        if doc and not any(CTEST_NOT_RUN.search(l) for l in lines):
            failed = sum(int(m.group(3)) for m in doc)
            if failed == 0 and not all_ctest_ok(lines):
                failed = 1  # crashed or exited non-zero after its summary
            return sum(int(m.group(2)) for m in doc), failed
        for l in reversed(lines):
            m = CTEST.search(l)
            if m:
                failed, total = int(m.group(1)), int(m.group(2))
                return total - failed, failed
        return None
    if name == "e2e":
        for l in reversed(lines):
            if " in " in l and re.search(r"\d+ (passed|failed|error)", l):
                passed = sum(int(x) for x in re.findall(r"(\d+) passed", l))
                failed = sum(int(x) for x in re.findall(r"(\d+) (?:failed|errors?)", l))
                return passed, failed
        return None
    for l in reversed(lines):
        m = PLAIN.match(l.strip())
        if m:
            return int(m.group(1)), int(m.group(2))
    return None


def run_suite(name, argv, limit, build_dir):
    print(f"\n===== {name}: {' '.join(argv)}", flush=True)
    t0 = time.monotonic()
    env = dict(os.environ, PYTHONDONTWRITEBYTECODE="1", PYTHONUNBUFFERED="1",
               SQLALCHEMY_SILENCE_UBER_WARNING="1", KAPPADB_BUILD_DIR=build_dir,
               KAPPADB_BIN=os.environ.get("KAPPADB_BIN", os.path.join(build_dir, "kappadb")))
    lines = []
    timed_out = False
    proc = subprocess.Popen(argv, cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                            stdin=subprocess.DEVNULL, env=env, start_new_session=True)
    import threading

    def kill_on_timeout():
        nonlocal timed_out
        timed_out = True
        try:
            os.killpg(proc.pid, 9)
        except OSError:
            pass

    timer = threading.Timer(limit, kill_on_timeout)
    timer.start()
    try:
        for raw in proc.stdout:
            line = raw.decode("utf-8", "replace").rstrip("\n")
            lines.append(line)
            print(line, flush=True)
        rc = proc.wait()
    finally:
        timer.cancel()
    secs = time.monotonic() - t0
    got = count(name, lines)
    if timed_out:
        print(f"===== {name}: time limit of {limit}s reached, killed", flush=True)
        passed = got[0] if got else 0
        return passed, (got[1] if got else 0) + 1, secs
    if got is None:
        got = (0, 1) if rc != 0 else (0, 0)
        if rc == 0:
            print(f"===== {name}: no count found in the output", flush=True)
    passed, failed = got
    if rc != 0 and failed == 0:
        failed = 1  # exited non-zero without saying why in its count
    print(f"===== {name}: {passed} passed, {failed} failed ({secs:.0f}s, exit {rc})", flush=True)
    return passed, failed, secs


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--suites", help="comma-separated subset (default: all)")
    ap.add_argument("--build-dir", default=os.path.join(ROOT, "build"))
    ap.add_argument("-j", "--jobs", type=int, default=2, help="parallel slt files")
    args = ap.parse_args()
    args.build_dir = os.path.abspath(os.path.join(ROOT, args.build_dir))
    all_suites = suites(args.build_dir, args.jobs)
    names = args.suites.split(",") if args.suites else list(all_suites)
    for n in names:
        if n not in all_suites:
            print(f"unknown suite {n!r}; known: {', '.join(all_suites)}")
            return 2
    results = {}
    for n in names:
        argv, limit = all_suites[n]
        results[n] = run_suite(n, argv, limit, args.build_dir)
    print("\n===== summary")
    for n, (p, f, s) in results.items():
        print(f"  {n:13s} {p:5d} passed {f:4d} failed  {s:5.0f}s  {'ok' if f == 0 else 'FAILED'}")
    total_p = sum(r[0] for r in results.values())
    total_f = sum(r[1] for r in results.values())
    print(f"{total_p} passed, {total_f} failed", flush=True)
    return 0 if total_f == 0 else 1


if __name__ == "__main__":
    sys.exit(main())
