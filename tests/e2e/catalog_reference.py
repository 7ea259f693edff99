"""The statements of tests/reference/pg-clients/*.sql, split as the clients sent them.

reference_statements(name) -> list of SQL strings (one statement each).
  - psql files ("-- Qn" blocks): split on ';' outside quotes and comments.
  - server logs ("LOG:  statement: ..." / "execute <name>: ..."): one entry
    per log record, continuation lines start with a tab.
  - The asyncpg log is cut off mid-statement; the rest of asyncpg 0.27's
    introspection query is appended (as tests/unit/parser_test.cc does).
CAPTURE_SCHEMA: the kappadb DDL matching the schema the captures were made
on (public.orders = oid 16384, its materialized view mv_totals).
"""

import os
import re

REFERENCE_DIR = os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))),
                             "reference", "pg-clients")

CAPTURE_SCHEMA = [
    "CREATE TABLE orders (id INT PRIMARY KEY, customer TEXT NOT NULL, amount NUMERIC(10,2), "
    "created_at TIMESTAMP DEFAULT now())",
    "INSERT INTO orders VALUES (1, 'ada', 10.50, '2026-11-23 10:00'), "
    "(2, 'bob', 4.25, '2026-11-23 11:00')",
    "CREATE MATERIALIZED VIEW mv_totals AS SELECT customer, sum(amount) AS total "
    "FROM orders GROUP BY customer",
]

ASYNCPG_TAIL = """
                        pg_type t2,
                        typebases tb
                    WHERE
                       tb.oid = t2.oid
                       AND t2.typbasetype != 0
               ) SELECT oid FROM typebases ORDER BY depth DESC LIMIT 1)
               ELSE NULL
            END)                            AS basetype,
            t.typelem                       AS elemtype,
            elem_t.typdelim                 AS elemdelim,
            COALESCE(
                range_t.rngsubtype,
                multirange_t.rngsubtype)    AS range_subtype,
            (CASE WHEN t.typtype = 'c' THEN
                (SELECT array_agg(ia.atttypid ORDER BY ia.attnum)
                FROM pg_attribute ia INNER JOIN pg_class c ON (ia.attrelid = c.oid)
                WHERE ia.attnum > 0 AND NOT ia.attisdropped AND c.reltype = t.oid)
                ELSE NULL
            END)                            AS attrtypoids,
            (CASE WHEN t.typtype = 'c' THEN
                (SELECT array_agg(ia.attname::text ORDER BY ia.attnum)
                FROM pg_attribute ia INNER JOIN pg_class c ON (ia.attrelid = c.oid)
                WHERE ia.attnum > 0 AND NOT ia.attisdropped AND c.reltype = t.oid)
                ELSE NULL
            END)                            AS attrnames
        FROM
            pg_catalog.pg_type AS t
            INNER JOIN pg_catalog.pg_namespace ns ON (ns.oid = t.typnamespace)
            LEFT JOIN pg_type elem_t ON (t.typlen = -1 AND t.typelem != 0 AND t.typelem = elem_t.oid)
            LEFT JOIN pg_range range_t ON (t.oid = range_t.rngtypid)
            LEFT JOIN pg_range multirange_t ON (t.oid = multirange_t.rngmultitypid)
    )
 ti,
        typeinfo_tree tt
    WHERE
        (tt.elemtype IS NOT NULL AND ti.oid = tt.elemtype)
        OR (tt.attrtypoids IS NOT NULL AND ti.oid = any(tt.attrtypoids))
        OR (tt.range_subtype IS NOT NULL AND ti.oid = tt.range_subtype)
)
SELECT DISTINCT
    *,
    basetype::regtype::text AS basetype_name,
    elemtype::regtype::text AS elemtype_name,
    range_subtype::regtype::text AS range_subtype_name
FROM
    typeinfo_tree
ORDER BY
    depth DESC
"""


def split_sql(text):
    """Splits on ';' outside quotes, E'' strings and comments; drops empty statements."""
    out, cur, i, n = [], [], 0, len(text)
    while i < n:
        c = text[i]
        if c == "-" and text.startswith("--", i):
            j = text.find("\n", i)
            i = n if j < 0 else j
            continue
        if c == "/" and text.startswith("/*", i):
            j = text.find("*/", i + 2)
            i = n if j < 0 else j + 2
            continue
        if c in "'\"":
            escapes = c == "'" and i > 0 and text[i - 1] in "eE"
            j = i + 1
            while j < n:
                if escapes and text[j] == "\\":
                    j += 2
                    continue
                if text[j] == c:
                    if j + 1 < n and text[j + 1] == c:
                        j += 2
                        continue
                    break
                j += 1
            cur.append(text[i:j + 1])
            i = j + 1
            continue
        if c == ";":
            out.append("".join(cur))
            cur = []
            i += 1
            continue
        cur.append(c)
        i += 1
    out.append("".join(cur))
    return [s.strip() for s in out if s.strip()]


_LOG_START = re.compile(r"^(?:\[\[unknown\]\] LOG:\s+)?(?:statement|execute [^:]*): ?(.*)$")


def reference_files():
    return sorted(f for f in os.listdir(REFERENCE_DIR) if f.endswith(".sql"))


def reference_statements(name):
    with open(os.path.join(REFERENCE_DIR, name), encoding="utf-8") as f:
        text = f.read()
    if "LOG:  " not in text and "\nexecute " not in text:
        body = "\n".join(line for line in text.split("\n") if not line.startswith("#"))
        return split_sql(body)
    out = []
    for line in text.split("\n"):
        if line.startswith("\t"):
            if out:
                out[-1] += "\n" + line[1:]
            continue
        m = _LOG_START.match(line)
        if m:
            out.append(m.group(1))
    out = [s.strip().rstrip(";").strip() for s in out if s.strip()]
    if name.startswith("asyncpg"):
        out = [s + ASYNCPG_TAIL for s in out]
    return out
