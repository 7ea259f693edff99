#!/usr/bin/python3
"""Fills in / validates the expected results of .slt files with PostgreSQL 15.

Every expected result in tests/slt must be what PostgreSQL 15 returns, never
invented by hand. Write the SQL with an empty (or stale) `----` block, then:

  tests/slt/pg_expected.py --write tests/slt/select/joins.slt          # starts its own PG 15
  tests/slt/pg_expected.py --dsn 'host=127.0.0.1 port=5488 user=postgres' --write FILE...

For each `query` record the result block (and the column-type letters) is
replaced by PostgreSQL's answer; an empty `statement error` gets PostgreSQL's
SQLSTATE; every other record is checked (statement ok/count/tag, the SQLSTATE
of statement error) and mismatches are reported. Records under
`onlyif kappadb` / `skipif postgresql` are left alone. Without --write the
file is only checked, which is also what `make slt-pg` does.

CREATE/DROP MATERIALIZED VIEW run as CREATE/DROP VIEW and FLUSH is skipped
(postgres_sql), so a view's expected rows are its query's rows on PG.

Warns about queries that return several rows in no defined order (no ORDER BY
and nosort): those need rowsort.
"""

import argparse
import os
import re
import sys

sys.dont_write_bytecode = True

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
sys.path.insert(0, os.path.join(os.path.dirname(HERE), "harness"))

import sltlib  # noqa: E402

ORDER_BY_RE = re.compile(r"\border\s+by\b", re.I)

# kappadb's materialized views are always current: on PostgreSQL the same
# definitions run as plain views, and FLUSH (nothing to wait for) is skipped.
_MV_CREATE_RE = re.compile(r"^(\s*)CREATE\s+MATERIALIZED\s+VIEW\b", re.I)
_MV_DROP_RE = re.compile(r"^(\s*)DROP\s+MATERIALIZED\s+VIEW\b", re.I)
_FLUSH_RE = re.compile(r"^\s*FLUSH\s*;?\s*$", re.I)


def postgres_sql(sql):
    """The statement to run on PostgreSQL for kappadb's `sql`, or None to skip it."""
    if _FLUSH_RE.match(sql):
        return None
    sql = _MV_CREATE_RE.sub(r"\1CREATE VIEW", sql, count=1)
    return _MV_DROP_RE.sub(r"\1DROP VIEW", sql, count=1)


def process(path, dsn, write, mode):
    import psycopg2
    import psycopg2.extensions as ext
    records, lines = sltlib.parse_slt(path)
    name = "pgexp_" + re.sub(r"[^a-z0-9]", "_", os.path.splitext(os.path.basename(path))[0].lower())
    admin = psycopg2.connect(dsn)
    admin.autocommit = True
    with admin.cursor() as cur:
        cur.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        cur.execute(f'CREATE DATABASE "{name}"')
    file_dsn = ext.make_dsn(dsn, dbname=name)
    client_cls = sltlib.CLIENTS[mode]
    clients = {}
    current = "default"
    problems = []
    replacements = {}  # (start, end) 0-based line range -> new lines

    def client():
        c = clients.get(current)
        if c is None or c.closed():
            c = client_cls(file_dsn)
            clients[current] = c
        return c

    try:
        for rec in records:
            where = f"{path}:{rec.line}"
            if rec.kind == "connection":
                current = rec.arg
                continue
            if rec.kind == "restart":
                for c in clients.values():
                    c.close()
                clients = {}
                continue
            if rec.kind == "halt":
                break
            if not rec.runs_on("postgresql"):
                continue
            pg_sql = postgres_sql(rec.sql)
            if pg_sql is None:
                continue
            o = client().run(pg_sql)
            if not rec.expect_ok:
                if o.ok:
                    problems.append(f"{where}: expected an error, PostgreSQL succeeded ({o.tag})")
                elif rec.error == "":
                    hdr = lines[rec.line - 1]
                    replacements[(rec.line - 1, rec.line)] = [hdr.rstrip() + " " + o.sqlstate]
                elif not sltlib.error_matches(rec.error, o):
                    problems.append(f"{where}: expected error {rec.error}, PostgreSQL says "
                                    f"{o.sqlstate}: {o.message}")
                continue
            if not o.ok:
                problems.append(f"{where}: PostgreSQL fails: {o.sqlstate}: {o.message}\n  {rec.sql}")
                continue
            if rec.kind == "statement":
                if rec.count is not None and o.rowcount != rec.count:
                    problems.append(f"{where}: count {rec.count}, PostgreSQL says {o.rowcount}")
                if rec.tag is not None and o.tag != rec.tag:
                    problems.append(f"{where}: tag {rec.tag!r}, PostgreSQL says {o.tag!r}")
                continue
            if o.rows is None:
                problems.append(f"{where}: query returned no result set")
                continue
            types = "".join(sltlib.type_letter(t) for t in o.oids)
            if rec.sort == "nosort" and len(o.rows) > 1 and not ORDER_BY_RE.search(rec.sql):
                problems.append(f"{where}: warning: {len(o.rows)} rows without ORDER BY; use rowsort")
            new_rows = [" ".join(sltlib.format_value(v) for v in row) for row in o.rows]
            if rec.sort == "rowsort":
                new_rows.sort()
            exp_now = sltlib.expected_lines(rec.expected or [], rec.sort)
            act = sltlib.result_lines(o.rows, rec.sort)
            if exp_now != act or types != rec.types:
                if not write:
                    problems.append(f"{where}: expected result differs from PostgreSQL's")
                hdr = "query " + types + ("" if rec.sort == "nosort" else " " + rec.sort)
                sql_lines = rec.sql.split("\n")
                replacements[(rec.line - 1, rec.end_line)] = [hdr] + sql_lines + ["----"] + new_rows
    finally:
        for c in clients.values():
            c.close()
        with admin.cursor() as cur:
            cur.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        admin.close()

    if write and replacements:
        out = []
        i = 0
        starts = {k[0]: (k[1], v) for k, v in replacements.items()}
        while i < len(lines):
            if i in starts:
                end, new = starts[i]
                out.extend(new)
                i = end
            else:
                out.append(lines[i])
                i += 1
        with open(path, "w", encoding="utf-8") as f:
            f.write("\n".join(out))
        print(f"{path}: updated {len(replacements)} records")
    return problems


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("files", nargs="+")
    ap.add_argument("--dsn", help="a running PostgreSQL 15 (default: start a temporary one)")
    ap.add_argument("--write", action="store_true", help="rewrite expected results in place")
    ap.add_argument("--mode", choices=sorted(sltlib.CLIENTS), default="simple")
    args = ap.parse_args()
    pg = None
    dsn = args.dsn
    if dsn is None:
        from servers import PgServer
        pg = PgServer().start()
        dsn = pg.dsn()
    files = []
    for p in args.files:
        if os.path.isdir(p):
            for root, _, names in os.walk(p):
                files.extend(os.path.join(root, n) for n in names if n.endswith(".slt"))
        else:
            files.append(p)
    bad = 0
    try:
        for f in sorted(files):
            problems = process(f, dsn, args.write, args.mode)
            for p in problems:
                print(p)
            if any("warning" not in p for p in problems):
                bad += 1
    finally:
        if pg is not None:
            pg.stop()
    print(f"{len(files) - bad} passed, {bad} failed")
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
