"""Many concurrent connections writing and reading at once."""

import threading
import time

import psycopg2

CLIENTS = 50
INSERTS_PER_CLIENT = 20
TIME_LIMIT = 120.0


def run_threads(targets):
    threads = [threading.Thread(target=t, daemon=True) for t in targets]
    for t in threads:
        t.start()
    deadline = time.monotonic() + TIME_LIMIT
    for t in threads:
        t.join(max(0.0, deadline - time.monotonic()))
    assert not any(t.is_alive() for t in threads), "clients did not finish in time"


def test_fifty_connections_insert_and_read_concurrently(kappa):
    setup = psycopg2.connect(kappa.dsn())
    setup.autocommit = True
    setup.cursor().execute("CREATE TABLE hits (client INTEGER, n INTEGER, note TEXT)")
    errors = []
    seen_counts = {}
    barrier = threading.Barrier(CLIENTS, timeout=60)

    def client(cid):
        try:
            conn = psycopg2.connect(kappa.dsn())
            conn.autocommit = True
            cur = conn.cursor()
            barrier.wait()
            last = -1
            for n in range(INSERTS_PER_CLIENT):
                cur.execute("INSERT INTO hits VALUES (%s, %s, %s)", (cid, n, f"c{cid}-{n}"))
                cur.execute("SELECT count(*) FROM hits WHERE client = %s", (cid,))
                mine = cur.fetchone()[0]
                if mine != n + 1:
                    errors.append(f"client {cid} sees {mine} of its own rows after {n + 1} inserts")
                cur.execute("SELECT count(*) FROM hits")
                total = cur.fetchone()[0]
                if total < last:
                    errors.append(f"client {cid}: total count went back from {last} to {total}")
                last = total
            seen_counts[cid] = last
            conn.close()
        except Exception as e:  # reported below
            errors.append(f"client {cid}: {type(e).__name__}: {e}")

    run_threads([lambda cid=c: client(cid) for c in range(CLIENTS)])
    assert not errors, "\n".join(errors[:10])
    cur = setup.cursor()
    cur.execute("SELECT count(*), count(DISTINCT client), min(n), max(n) FROM hits")
    assert cur.fetchone() == (CLIENTS * INSERTS_PER_CLIENT, CLIENTS, 0, INSERTS_PER_CLIENT - 1)
    cur.execute("SELECT client, count(*) FROM hits GROUP BY client HAVING count(*) <> %s",
                (INSERTS_PER_CLIENT,))
    assert cur.fetchall() == []
    assert kappa.alive()


def test_concurrent_primary_key_inserts_admit_each_key_once(kappa):
    setup = psycopg2.connect(kappa.dsn())
    setup.autocommit = True
    setup.cursor().execute("CREATE TABLE uniq (k INTEGER, who INTEGER, PRIMARY KEY (k))")
    keys = 30
    racers = 8
    wins = [0] * racers
    errors = []

    def racer(r):
        try:
            conn = psycopg2.connect(kappa.dsn())
            conn.autocommit = True
            cur = conn.cursor()
            for k in range(keys):
                try:
                    cur.execute("INSERT INTO uniq VALUES (%s, %s)", (k, r))
                    wins[r] += 1
                except psycopg2.Error as e:
                    if e.pgcode != "23505":
                        errors.append(f"racer {r}: {e.pgcode} {e}")
            conn.close()
        except Exception as e:
            errors.append(f"racer {r}: {e}")

    run_threads([lambda r=r: racer(r) for r in range(racers)])
    assert not errors, errors[:5]
    assert sum(wins) == keys
    cur = setup.cursor()
    cur.execute("SELECT count(*), count(DISTINCT k) FROM uniq")
    assert cur.fetchone() == (keys, keys)


def test_errors_on_many_connections_leave_every_connection_usable(kappa):
    conns = []
    for _ in range(20):
        c = psycopg2.connect(kappa.dsn())
        c.autocommit = True
        conns.append(c)
    bad = ["SELEC 1", "SELECT * FROM nope", "SELECT 1/0", "SELECT 'x'::int"]
    for i, c in enumerate(conns):
        try:
            c.cursor().execute(bad[i % len(bad)])
            assert False, "expected an error"
        except psycopg2.Error as e:
            assert e.pgcode in ("42601", "42P01", "22012", "22P02")
    for c in conns:
        cur = c.cursor()
        cur.execute("SELECT 41 + 1")
        assert cur.fetchone() == (42,)
        c.close()


def test_connections_opened_and_closed_in_a_loop_do_not_leak(kappa):
    for i in range(200):
        c = psycopg2.connect(kappa.dsn())
        cur = c.cursor()
        cur.execute("SELECT %s", (i,))
        assert cur.fetchone() == (i,)
        c.close()
    assert kappa.alive()
