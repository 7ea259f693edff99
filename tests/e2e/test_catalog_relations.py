"""pg_catalog / information_schema contents and the catalog functions and syntax, with
exact expected values (what Metabase, Grafana and drivers read)."""

import psycopg2
import pytest


@pytest.fixture
def cur(kappa, connect):
    c = connect(kappa).cursor()
    c.execute("CREATE TABLE orders (id INT PRIMARY KEY, customer VARCHAR(20) NOT NULL, "
              "amount NUMERIC(10,2) DEFAULT 0)")
    c.execute("CREATE TABLE notes (body TEXT)")
    c.execute("INSERT INTO orders VALUES (1, 'ada', 10.50), (2, 'bob', 1.00), (3, 'cy', 2.00)")
    c.execute("DELETE FROM orders WHERE id = 3")
    c.execute("CREATE MATERIALIZED VIEW totals AS SELECT customer, sum(amount) AS total "
              "FROM orders GROUP BY customer")
    c.execute("FLUSH")
    return c


def rows(cur, sql):
    cur.execute(sql)
    return cur.fetchall()


def test_pg_class_lists_tables_views_and_primary_key_indexes(cur):
    assert rows(cur, """SELECT c.relname, c.relkind, n.nspname, c.relnatts, c.relhasindex,
                               c.relpersistence, c.relispartition
                        FROM pg_catalog.pg_class c JOIN pg_catalog.pg_namespace n
                          ON n.oid = c.relnamespace
                        WHERE n.nspname = 'public' ORDER BY 1""") == [
        ("notes", "r", "public", 1, False, "p", False),
        ("orders", "r", "public", 3, True, "p", False),
        ("orders_pkey", "i", "public", 1, False, "p", False),
        ("totals", "m", "public", 2, False, "p", False),
    ]
    assert rows(cur, "SELECT oid FROM pg_class WHERE relname = 'orders'") == \
        rows(cur, "SELECT 'orders'::regclass")
    assert rows(cur, "SELECT 'orders'::regclass::text, 'public.totals'::regclass::text") == \
        [("orders", "totals")]
    assert rows(cur, "SELECT relname FROM pg_class WHERE oid = 'pg_catalog.pg_class'::regclass") \
        == [("pg_class",)]


def test_pg_attribute_pg_type_and_format_type(cur):
    assert rows(cur, """SELECT a.attname, a.attnum, pg_catalog.format_type(a.atttypid, a.atttypmod),
                               t.typname, a.attnotnull, a.atthasdef
                        FROM pg_attribute a JOIN pg_type t ON t.oid = a.atttypid
                        WHERE a.attrelid = 'orders'::regclass AND a.attnum > 0
                        ORDER BY a.attnum""") == [
        ("id", 1, "integer", "int4", True, False),
        ("customer", 2, "character varying(20)", "varchar", True, False),
        ("amount", 3, "numeric(10,2)", "numeric", False, True),
    ]
    assert rows(cur, """SELECT pg_get_expr(adbin, adrelid) FROM pg_attrdef
                        WHERE adrelid = 'orders'::regclass""") == [("0",)]
    assert rows(cur, "SELECT oid, typname, typarray FROM pg_type WHERE typname IN "
                     "('int4', 'text', 'timestamptz') ORDER BY oid") == [
        (23, "int4", 1007), (25, "text", 1009), (1184, "timestamptz", 1185)]
    assert rows(cur, "SELECT 'integer'::regtype::oid, 'text[]'::regtype::text") == \
        [(23, "text[]")]


def test_primary_keys_as_index_and_constraint(cur):
    assert rows(cur, """SELECT i.indisprimary, i.indisunique, i.indkey,
                               pg_get_indexdef(i.indexrelid), pg_get_constraintdef(con.oid)
                        FROM pg_index i JOIN pg_constraint con ON con.conindid = i.indexrelid
                        WHERE i.indrelid = 'orders'::regclass""") == [
        (True, True, "1", "CREATE UNIQUE INDEX orders_pkey ON public.orders USING btree (id)",
         "PRIMARY KEY (id)")]


def test_information_schema_lists_materialized_views_as_views(cur):
    assert rows(cur, """SELECT table_name, table_type FROM information_schema.tables
                        WHERE table_schema = 'public' ORDER BY 1""") == [
        ("notes", "BASE TABLE"), ("orders", "BASE TABLE"), ("totals", "VIEW")]
    assert rows(cur, """SELECT column_name, data_type, is_nullable, character_maximum_length,
                               numeric_precision, numeric_scale, ordinal_position
                        FROM information_schema.columns WHERE table_name = 'orders'
                        ORDER BY ordinal_position""") == [
        ("id", "integer", "NO", None, 32, 0, 1),
        ("customer", "character varying", "NO", 20, None, None, 2),
        ("amount", "numeric", "YES", None, 10, 2, 3)]
    assert rows(cur, """SELECT tc.constraint_type, kcu.column_name
                        FROM information_schema.table_constraints tc
                        JOIN information_schema.key_column_usage kcu
                          ON kcu.constraint_name = tc.constraint_name
                        WHERE tc.table_name = 'orders'""") == [("PRIMARY KEY", "id")]
    assert rows(cur, "SELECT table_name, view_definition FROM information_schema.views") == [
        ("totals", "SELECT customer, sum(amount) AS total FROM orders GROUP BY customer")]


def test_pg_views_matviews_tables_and_live_row_counts(cur):
    assert rows(cur, "SELECT matviewname, definition FROM pg_matviews") == [
        ("totals", "SELECT customer, sum(amount) AS total FROM orders GROUP BY customer")]
    assert rows(cur, "SELECT tablename, hasindexes FROM pg_tables WHERE schemaname = 'public' "
                     "ORDER BY 1") == [("notes", False), ("orders", True)]
    assert rows(cur, "SELECT relname, n_live_tup FROM pg_stat_user_tables ORDER BY 1") == [
        ("notes", 0), ("orders", 2), ("totals", 2)]


def test_session_functions_and_privileges(cur):
    assert rows(cur, "SELECT current_database(), current_schemas(true), current_schemas(false), "
                     "pg_get_userbyid(10), pg_table_is_visible('orders'::regclass)") == [
        ("kappa", "{pg_catalog,public}", "{public}", "kappa", True)]
    assert rows(cur, "SELECT has_table_privilege('orders', 'SELECT'), "
                     "has_schema_privilege('public', 'USAGE'), "
                     "has_any_column_privilege('orders', 'SELECT')") == [(True, True, True)]
    with pytest.raises(psycopg2.errors.UndefinedTable):
        cur.execute("SELECT 'nope'::regclass")


def test_arrays_in_text_form(cur):
    assert rows(cur, "SELECT array_to_string(ARRAY['a', 'b c'], ','), string_to_array('x,y', ','), "
                     "array_upper(string_to_array('x,y,z', ','), 1), "
                     "(current_schemas(true))[2], parse_ident('public.\"T\"')") == [
        ("a,b c", "{x,y}", 3, "public", "{public,T}")]
    assert rows(cur, "SELECT 'b' = ANY(ARRAY['a', 'b']), 3 = ANY(ARRAY[1, 2]), "
                     "'b' = ANY('{a,b}'), 'c' <> ALL('{a,b}')") == [(True, False, True, True)]
    assert rows(cur, "SELECT ARRAY(SELECT customer FROM orders WHERE id = 1), "
                     "ARRAY(SELECT customer FROM orders WHERE id = 7)") == [("{ada}", "{}")]


def test_set_returning_functions(cur):
    assert rows(cur, "SELECT * FROM generate_series(1, 4) ORDER BY 1") == [(1,), (2,), (3,), (4,)]
    assert rows(cur, "SELECT s FROM generate_series(0, 10, 5) AS s ORDER BY 1") == [(0,), (5,), (10,)]
    assert rows(cur, "SELECT x FROM unnest(string_to_array('a,b,c', ',')) AS t(x) ORDER BY 1") == [
        ("a",), ("b",), ("c",)]
    assert rows(cur, "SELECT unnest(indkey) AS k, generate_subscripts(indkey, 1) AS o "
                     "FROM pg_index WHERE indrelid = 'orders'::regclass") == [(1, 1)]
    with pytest.raises(psycopg2.Error) as e:
        cur.execute("SELECT * FROM generate_series(1, 100000)")
    assert e.value.pgcode == "54000"


def test_psql_syntax_operator_and_collate(cur):
    assert rows(cur, """SELECT c.relname FROM pg_catalog.pg_class c
                        WHERE c.relname OPERATOR(pg_catalog.~) '^(orders)$' COLLATE pg_catalog.default
                          AND pg_catalog.pg_table_is_visible(c.oid)""") == [("orders",)]
