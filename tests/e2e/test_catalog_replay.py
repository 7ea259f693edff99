"""Replays every statement of tests/reference/pg-clients/*.sql (the exact SQL psql 15,
pgjdbc 42.5.5, SQLAlchemy 1.4 and asyncpg 0.27 send) against kappadb, on the schema the
captures were made on (catalog_reference.CAPTURE_SCHEMA). Each must run without error,
except the ones listed in INAPPLICABLE with the reason.

`$1` parameters (pgjdbc's prepared statements) are replaced by the literal 1.
"""

import psycopg2
import pytest

from catalog_reference import CAPTURE_SCHEMA, reference_files, reference_statements

# (file, a substring of the statement) -> why it cannot run on kappadb.
INAPPLICABLE = {
    ("asyncpg_0.27_type_introspection.sql", "WITH RECURSIVE typeinfo_tree"):
        "WITH RECURSIVE is not supported",
    ("pgjdbc_42.5.5_queries.sql", "information_schema._pg_expandarray(i.indkey)"):
        "set-returning function with a composite result in a select list "
        "(information_schema._pg_expandarray(...)).n",
}


def inapplicable(name, sql):
    for (f, needle), reason in INAPPLICABLE.items():
        if f == name and needle in sql:
            return reason
    return None


def all_statements():
    for name in reference_files():
        for i, sql in enumerate(reference_statements(name)):
            yield name, i, sql


def test_reference_files_are_all_read():
    counts = {name: len(reference_statements(name)) for name in reference_files()}
    assert counts == {
        "asyncpg_0.27_type_introspection.sql": 1,
        "pgjdbc_42.5.5_queries.sql": 14,
        "psql15_queries_vs_server15.sql": 56,
        "psql15_queries_when_server_claims_13.sql": 10,
        "psql15_queries_when_server_claims_9.5.sql": 9,
        "sqlalchemy_1.4.46_psycopg2_reflection_queries.sql": 42,
    }


def test_every_reference_statement_runs(kappa, connect):
    conn = connect(kappa)
    cur = conn.cursor()
    for ddl in CAPTURE_SCHEMA:
        cur.execute(ddl)
    cur.execute("FLUSH")
    failures, ran, skipped = [], 0, 0
    for name, i, sql in all_statements():
        reason = inapplicable(name, sql)
        try:
            cur.execute(sql.replace("$1", "1"))
            if cur.description is not None:
                cur.fetchall()
            ran += 1
            if reason:
                failures.append(f"{name} #{i}: listed as inapplicable ({reason}) but ran")
        except psycopg2.Error as e:
            if reason:
                skipped += 1
            else:
                failures.append(f"{name} #{i}: {e.pgcode} {str(e).strip()}\n    {sql[:300]}")
    assert not failures, f"{len(failures)} statements failed:\n" + "\n".join(failures)
    assert ran >= 120 and skipped == len(INAPPLICABLE)
