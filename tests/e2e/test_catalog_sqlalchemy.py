"""SQLAlchemy 1.4 reflection (what Superset and other BI tools use) against kappadb's
pg_catalog: the inspector's schemas, tables, views (materialized ones too), columns and
primary keys, with exact expected values."""

import pytest

sqlalchemy = pytest.importorskip("sqlalchemy")


@pytest.fixture
def engine(kappa, connect):
    conn = connect(kappa)
    cur = conn.cursor()
    cur.execute("CREATE TABLE orders (id INT PRIMARY KEY, customer VARCHAR(20) NOT NULL, "
                "amount NUMERIC(10,2), created_at TIMESTAMP DEFAULT now())")
    cur.execute("CREATE TABLE pairs (a BIGINT, b TEXT, c BOOLEAN, PRIMARY KEY (b, a))")
    cur.execute("CREATE TABLE plain (x DOUBLE PRECISION, d DATE)")
    cur.execute("CREATE MATERIALIZED VIEW totals AS SELECT customer, sum(amount) AS total "
                "FROM orders GROUP BY customer")
    eng = sqlalchemy.create_engine(
        f"postgresql+psycopg2://kappa@127.0.0.1:{kappa.port}/kappa")
    yield eng
    eng.dispose()


def test_inspector_lists_schemas_tables_and_views(engine):
    insp = sqlalchemy.inspect(engine)
    assert insp.get_schema_names() == ["information_schema", "kappa_catalog", "public"]
    assert sorted(insp.get_table_names()) == ["orders", "pairs", "plain"]
    assert insp.get_view_names() == ["totals"]
    assert insp.has_table("orders") and not insp.has_table("nope")


def test_inspector_reads_columns_with_types_defaults_and_nullability(engine):
    insp = sqlalchemy.inspect(engine)
    cols = [(c["name"], str(c["type"]), c["nullable"], c["default"])
            for c in insp.get_columns("orders")]
    assert cols == [
        ("id", "INTEGER", False, None),
        ("customer", "VARCHAR(20)", False, None),
        ("amount", "NUMERIC(10, 2)", True, None),
        ("created_at", "TIMESTAMP", True, "now()"),
    ]
    cols = [(c["name"], str(c["type"])) for c in insp.get_columns("totals")]
    assert cols == [("customer", "VARCHAR(20)"), ("total", "NUMERIC")]


def test_inspector_reads_primary_keys_in_key_order(engine):
    insp = sqlalchemy.inspect(engine)
    assert insp.get_pk_constraint("orders") == {"constrained_columns": ["id"],
                                                 "name": "orders_pkey"}
    assert insp.get_pk_constraint("pairs") == {"constrained_columns": ["b", "a"],
                                                "name": "pairs_pkey"}
    assert insp.get_pk_constraint("plain") == {"constrained_columns": [], "name": None}
    assert insp.get_foreign_keys("orders") == []
    assert insp.get_indexes("plain") == []


def test_reflected_table_can_be_queried(engine):
    meta = sqlalchemy.MetaData()
    orders = sqlalchemy.Table("orders", meta, autoload_with=engine)
    with engine.connect() as c:
        c.execute(sqlalchemy.text("INSERT INTO orders VALUES (1, 'ada', 2.50, '2026-11-23 10:00')"))
        rows = c.execute(sqlalchemy.select(orders.c.customer, orders.c.amount)).fetchall()
    assert [(r[0], str(r[1])) for r in rows] == [("ada", "2.50")]
