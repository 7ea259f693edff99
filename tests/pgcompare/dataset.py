"""The deterministic data set loaded into both PostgreSQL and kappadb.

schema_statements() and insert_statements() return the SQL to run, in order;
the same seed always gives the same statements, byte for byte.
"""

import datetime
import random

SEED = 20240601

SCHEMA = [
    """CREATE TABLE customers (
         id INTEGER,
         name TEXT NOT NULL,
         city VARCHAR(20),
         signup DATE,
         vip BOOLEAN,
         credit NUMERIC(10,2),
         PRIMARY KEY (id))""",
    """CREATE TABLE products (
         id INTEGER,
         name TEXT,
         category TEXT,
         price NUMERIC(8,2),
         rating DOUBLE PRECISION,
         PRIMARY KEY (id))""",
    """CREATE TABLE orders (
         id BIGINT,
         customer_id INTEGER,
         amount NUMERIC(12,2),
         qty SMALLINT,
         discount REAL,
         weight DOUBLE PRECISION,
         placed_at TIMESTAMP,
         shipped_at TIMESTAMPTZ,
         status TEXT,
         note VARCHAR(40),
         PRIMARY KEY (id))""",
    """CREATE TABLE order_items (
         order_id BIGINT,
         product_id INTEGER,
         qty INTEGER NOT NULL,
         PRIMARY KEY (order_id, product_id))""",
    """CREATE TABLE events (
         id INTEGER,
         ts TIMESTAMP,
         kind TEXT,
         dur INTERVAL,
         val BIGINT,
         t TIME,
         d DATE)""",
]

CITIES = ["Berlin", "Paris", "Lisbon", "Oslo", "Rome", "Zürich", "São Paulo", "new york", "", None]
FIRST = ["ann", "bob", "cai", "dora", "eli", "fay", "gus", "hana", "ivo", "jo", "Ken", "Lou", "o'hara"]
CATEGORIES = ["books", "games", "garden", "tools", "toys", None]
STATUS = ["new", "paid", "shipped", "delivered", "returned", None]
KINDS = ["click", "view", "buy", "error", "Click"]
N_CUSTOMERS = 500
N_PRODUCTS = 200
N_ORDERS = 3000
N_EVENTS = 1000


def q(s):
    if s is None:
        return "NULL"
    return "'" + s.replace("'", "''") + "'"


def maybe(rng, p_null, value):
    return None if rng.random() < p_null else value


def rows():
    """Yields (table, [column SQL literals...]) in insertion order."""
    rng = random.Random(SEED)
    base = datetime.datetime(2023, 1, 1, 0, 0, 0)
    for i in range(1, N_CUSTOMERS + 1):
        name = f"{rng.choice(FIRST)}_{i}"
        city = rng.choice(CITIES)
        signup = maybe(rng, 0.05, (base.date() + datetime.timedelta(days=rng.randint(-400, 500))).isoformat())
        vip = maybe(rng, 0.1, rng.random() < 0.2)
        credit = maybe(rng, 0.08, f"{rng.randint(-50000, 900000) / 100:.2f}")
        yield "customers", [str(i), q(name), q(city), q(signup),
                            "NULL" if vip is None else ("true" if vip else "false"),
                            "NULL" if credit is None else credit]
    for i in range(1, N_PRODUCTS + 1):
        cat = rng.choice(CATEGORIES)
        price = maybe(rng, 0.05, f"{rng.randint(50, 99999) / 100:.2f}")
        rating = maybe(rng, 0.1, round(rng.uniform(0, 5), 3))
        yield "products", [str(i), q(f"product {i:03d}"), q(cat), "NULL" if price is None else price,
                           "NULL" if rating is None else repr(rating)]
    for i in range(1, N_ORDERS + 1):
        cust = maybe(rng, 0.03, rng.randint(1, N_CUSTOMERS + 20))  # some dangle
        amount = maybe(rng, 0.05, f"{rng.randint(0, 2000000) / 100:.2f}")
        qty = maybe(rng, 0.05, rng.randint(-3, 300))
        discount = maybe(rng, 0.2, rng.choice([0.0, 0.05, 0.1, 0.15, 0.25, 0.5]))
        weight = maybe(rng, 0.1, round(rng.uniform(0.01, 1000), 4))
        placed = base + datetime.timedelta(seconds=rng.randint(0, 365 * 86400), microseconds=rng.choice([0, 0, 500000, 123456]))
        shipped = None if rng.random() < 0.3 else placed + datetime.timedelta(hours=rng.randint(1, 24 * 20))
        status = rng.choice(STATUS)
        note = maybe(rng, 0.6, rng.choice(["gift", "urgent", "Leave at door", "fragile!", "  spaced  ", "100% cotton", "a_b"]))
        yield "orders", [str(i), "NULL" if cust is None else str(cust), "NULL" if amount is None else amount,
                         "NULL" if qty is None else str(qty), "NULL" if discount is None else repr(discount),
                         "NULL" if weight is None else repr(weight),
                         q(placed.isoformat(sep=" ")),
                         "NULL" if shipped is None else q(shipped.isoformat(sep=" ") + "+00"),
                         q(status), q(note)]
        for p in sorted(rng.sample(range(1, N_PRODUCTS + 1), rng.randint(0, 3))):
            yield "order_items", [str(i), str(p), str(rng.randint(1, 10))]
    for i in range(1, N_EVENTS + 1):
        ts = base + datetime.timedelta(minutes=rng.randint(0, 60 * 24 * 90))
        kind = rng.choice(KINDS)
        dur = maybe(rng, 0.1, f"{rng.randint(0, 5000)} seconds")
        val = maybe(rng, 0.1, rng.randint(-10**12, 10**12))
        t = f"{rng.randint(0, 23):02d}:{rng.randint(0, 59):02d}:{rng.randint(0, 59):02d}"
        yield "events", [str(i), q(ts.isoformat(sep=" ")), q(kind), q(dur),
                         "NULL" if val is None else str(val), q(t), q(ts.date().isoformat())]


def schema_statements():
    return list(SCHEMA)


def insert_statements(batch=250):
    """Multi-row INSERTs, table by table in schema order, `batch` rows each."""
    by_table = {}
    for table, vals in rows():
        by_table.setdefault(table, []).append("(" + ", ".join(vals) + ")")
    out = []
    for table, tuples in by_table.items():
        for k in range(0, len(tuples), batch):
            out.append(f"INSERT INTO {table} VALUES " + ", ".join(tuples[k:k + batch]))
    return out


def row_counts():
    counts = {}
    for table, _ in rows():
        counts[table] = counts.get(table, 0) + 1
    return counts
