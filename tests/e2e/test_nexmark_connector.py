"""connector = 'nexmark' tables (executor/nexmark_generator.h) and the
nexmark_gen tool (tools/nexmark_gen.cc): a bounded stream ends with exactly
its share of each kind, the position commits with the rows (kill -9 neither
loses nor repeats an event), the watermark clause works, and the tool's JSON
lines are the same events as the tables' rows."""

import datetime
import json
import os
import subprocess
import time

import psycopg2
import pytest

EVENTS = 200_000
BIDS = EVENTS // 50 * 46

BID_COLUMNS = ("auction BIGINT, bidder BIGINT, price BIGINT, channel VARCHAR, url VARCHAR, "
               "date_time TIMESTAMP, extra VARCHAR")
PERSON_COLUMNS = ("id BIGINT, name VARCHAR, email_address VARCHAR, credit_card VARCHAR, "
                  "city VARCHAR, state VARCHAR, date_time TIMESTAMP, extra VARCHAR")
AUCTION_COLUMNS = ("id BIGINT, item_name VARCHAR, description VARCHAR, initial_bid BIGINT, "
                   "reserve BIGINT, date_time TIMESTAMP, expires TIMESTAMP, seller BIGINT, "
                   "category BIGINT, extra VARCHAR")


def one(conn, sql):
    with conn.cursor() as cur:
        cur.execute(sql)
        return cur.fetchone()


def rows(conn, sql):
    with conn.cursor() as cur:
        cur.execute(sql)
        return cur.fetchall()


def wait_count(conn, table, at_least, timeout=60):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        n = one(conn, f"SELECT count(*) FROM {table}")[0]
        if n >= at_least:
            return n
        time.sleep(0.05)
    raise AssertionError(f"{table}: fewer than {at_least} rows after {timeout} s")


def ts(text):
    return datetime.datetime.strptime(text, "%Y-%m-%d %H:%M:%S.%f")


@pytest.fixture(scope="module")
def gen_binary():
    from servers import kappadb_binary
    path = os.path.join(os.path.dirname(kappadb_binary()), "nexmark_gen")
    if not os.path.exists(path):
        pytest.fail(f"nexmark_gen not found at {path}; build the nexmark_gen target")
    return path


def generate(gen_binary, events, first=0, extra=()):
    out = subprocess.run([gen_binary, "--events", str(events), "--first", str(first), *extra],
                         check=True, capture_output=True, text=True).stdout
    return [json.loads(line) for line in out.splitlines()]


@pytest.fixture(scope="module")
def expected_bids(gen_binary):
    """count, sum(price), min/max date_time of the bids of events [0, EVENTS), from the tool."""
    bids = [e["bid"] for e in generate(gen_binary, EVENTS) if e["event_type"] == 2]
    return (len(bids), sum(b["price"] for b in bids), min(ts(b["date_time"]) for b in bids),
            max(ts(b["date_time"]) for b in bids))


AGG = "SELECT count(*), sum(price), min(date_time), max(date_time) FROM bid"


def test_bounded_bid_table_survives_kill_9(server_factory, connect, expected_bids):
    assert expected_bids[0] == BIDS
    s = server_factory()
    conn = connect(s)
    with conn.cursor() as cur:
        # Paced, so that the crash comes in the middle of the stream.
        cur.execute(f"CREATE TABLE bid ({BID_COLUMNS}, "
                    "WATERMARK FOR date_time AS date_time - INTERVAL '4' SECOND) "
                    "WITH (connector = 'nexmark', nexmark.table.type = 'bid', "
                    f"nexmark.event.num = '{EVENTS}', nexmark.max.rate = '40000')")
        cur.execute("CREATE MATERIALIZED VIEW per_channel AS "
                    "SELECT channel, count(*) AS n, sum(price) AS p FROM bid GROUP BY channel")
    before = wait_count(conn, "bid", 20_000)
    assert before < BIDS, "the stream ended before the crash; slow it down"
    conn.close()
    s.kill9()
    s.start()
    conn = connect(s)
    wait_count(conn, "bid", BIDS, timeout=120)
    time.sleep(0.3)  # a repeat after the end would show up now
    with conn.cursor() as cur:
        cur.execute("FLUSH")
    got = one(conn, AGG)
    assert (got[0], int(got[1]), got[2], got[3]) == expected_bids
    assert one(conn, "SELECT sum(n), sum(p) FROM per_channel") == (BIDS, expected_bids[1])
    # Events are in event-time order: nothing was late.
    assert one(conn, "SELECT count(*) FROM kappa_catalog.late_rows") == (0,)


def test_unpaced_tables_match_the_tool(kappa, connect, gen_binary, expected_bids):
    conn = connect(kappa)
    with conn.cursor() as cur:
        cur.execute(f"CREATE TABLE bid ({BID_COLUMNS}) WITH (connector = 'nexmark', "
                    f"nexmark.table.type = 'Bid', nexmark.event.num = '{EVENTS}')")
        cur.execute(f"CREATE TABLE person ({PERSON_COLUMNS}) WITH (connector = 'nexmark', "
                    "nexmark.table.type = 'person', nexmark.event.num = '1000')")
        cur.execute(f"CREATE TABLE auction ({AUCTION_COLUMNS}) WITH (connector = 'nexmark', "
                    "nexmark.table.type = 'auction', nexmark.event.num = '1000')")
        cur.execute("CREATE TABLE ev (event_type INT, date_time TIMESTAMP, person_id BIGINT, "
                    "auction_id BIGINT, auction_seller BIGINT, bid_price BIGINT, "
                    "WATERMARK FOR date_time AS date_time - INTERVAL '4' SECOND) "
                    "WITH (connector = 'nexmark', nexmark.event.num = '1000')")
    wait_count(conn, "bid", BIDS, timeout=120)
    wait_count(conn, "person", 20)
    wait_count(conn, "auction", 60)
    wait_count(conn, "ev", 1000)
    time.sleep(0.2)
    got = one(conn, AGG)
    assert (got[0], int(got[1]), got[2], got[3]) == expected_bids

    events = generate(gen_binary, 1000)
    people = [e["person"] for e in events if e["event_type"] == 0]
    table = rows(conn, "SELECT * FROM person ORDER BY id")
    assert [(p["id"], p["name"], p["email_address"], p["credit_card"], p["city"], p["state"],
             ts(p["date_time"]), p["extra"]) for p in people] == table
    assert table[0][:6] == (1000, "vicky noris", "yplkvgz@qbxfg.com", "7878 5821 1864 2539",
                            "cheyenne", "az")
    auctions = [e["auction"] for e in events if e["event_type"] == 1]
    table = rows(conn, "SELECT * FROM auction ORDER BY id")
    assert [(a["id"], a["item_name"], a["description"], a["initial_bid"], a["reserve"],
             ts(a["date_time"]), ts(a["expires"]), a["seller"], a["category"], a["extra"])
            for a in auctions] == table
    bids = [e["bid"] for e in events if e["event_type"] == 2]
    # Bids of the first 50 ms of event time (events 4 .. 494, all among the 1000).
    cut = datetime.datetime(2015, 7, 15, 0, 0, 0, 50000)
    table = sorted(rows(conn, f"SELECT * FROM bid WHERE date_time < '{cut}'"))
    want = sorted((b["auction"], b["bidder"], b["price"], b["channel"], b["url"],
                   ts(b["date_time"]), b["extra"]) for b in bids if ts(b["date_time"]) < cut)
    assert len(want) > 400
    assert want == table
    assert one(conn, "SELECT auction, bidder, price, channel FROM bid "
                     "WHERE date_time = '2015-07-15 00:00:00' AND price = 73134520") == (
        1000, 1001, 73134520, "channel-7568")
    # The combined stream: one row per event, other kinds' columns NULL.
    assert one(conn, "SELECT count(*), count(person_id), count(auction_id), count(bid_price) "
                     "FROM ev") == (1000, 20, 60, 920)
    assert one(conn, "SELECT event_type, person_id, auction_id, bid_price FROM ev "
                     "WHERE date_time = '2015-07-15 00:00:00' AND event_type = 0") == (
        0, 1000, None, None)


def test_nexmark_writes_refused_and_drop_stops(kappa, connect):
    conn = connect(kappa)
    with conn.cursor() as cur:
        cur.execute("CREATE TABLE p (id BIGINT, name VARCHAR) WITH (connector = 'nexmark', "
                    "nexmark.table.type = 'person', nexmark.max.rate = '500')")
    wait_count(conn, "p", 2)
    with conn.cursor() as cur:
        with pytest.raises(psycopg2.Error) as e:
            cur.execute("INSERT INTO p VALUES (1, 'x')")
        assert e.value.pgcode == "42809"
        cur.execute("DROP TABLE p")
        cur.execute("CREATE TABLE p (id BIGINT) WITH (connector = 'nexmark', "
                    "nexmark.table.type = 'person', nexmark.max.rate = '500')")
    wait_count(conn, "p", 1)
    assert one(conn, "SELECT min(id) FROM p") == (1000,)


@pytest.mark.parametrize("columns,options,code", [
    ("nope BIGINT", "nexmark.table.type = 'bid'", "42703"),
    ("price VARCHAR", "nexmark.table.type = 'bid'", "42804"),
    ("price BIGINT", "nexmark.table.type = 'bids'", "22023"),
    ("price BIGINT", "nexmark.table.type = 'bid', nexmark.event.rate = '0'", "22023"),
    ("price BIGINT", "nexmark.table.type = 'bid', nexmark.bogus = '1'", "42601"),
])
def test_bad_nexmark_tables_create_nothing(kappa, connect, columns, options, code):
    conn = connect(kappa)
    with conn.cursor() as cur:
        with pytest.raises(psycopg2.Error) as e:
            cur.execute(f"CREATE TABLE x ({columns}) WITH (connector = 'nexmark', {options})")
        assert e.value.pgcode == code
        cur.execute("SHOW TABLES")
        assert cur.fetchall() == []


def test_tool_arguments(gen_binary):
    # Events [10, 20) equal the tail of [0, 20).
    assert generate(gen_binary, 10, first=10) == generate(gen_binary, 20)[10:]
    first = generate(gen_binary, 5, extra=("--base-time", "0", "--rate", "1000"))
    assert first[4]["bid"]["date_time"] == "1970-01-01 00:00:00.004"
    assert first[0]["person"]["name"] == "vicky noris"
    r = subprocess.run([gen_binary, "--events", "x"], capture_output=True, text=True)
    assert r.returncode == 1 and "bad value" in r.stderr
