"""kill -9 while several connections insert: every acknowledged row survives,
nothing is doubled, and a multi-row INSERT is all or nothing."""

import threading
import time

import psycopg2
import pytest

WRITERS = 4
ROWS_BEFORE_KILL = 400      # acknowledged rows across writers before the kill
TIME_LIMIT = 60.0           # seconds for a writing phase, whatever happens


class Writer(threading.Thread):
    """Inserts rows with ids writer*1e6 + n; every third statement is a 3-row INSERT."""

    def __init__(self, dsn, writer_id, start_n, stop_event):
        super().__init__(daemon=True)
        self.dsn = dsn
        self.writer_id = writer_id
        self.n = start_n
        self.stop_event = stop_event
        self.acked = []          # ids whose INSERT returned success
        self.in_flight = []      # ids of the INSERT that was running when the server died
        self.multi = []          # id groups written by one multi-row INSERT (acked or in flight)
        self.error = None

    def run(self):
        try:
            conn = psycopg2.connect(self.dsn)
            conn.autocommit = True
            cur = conn.cursor()
        except psycopg2.Error as e:
            self.error = e
            return
        deadline = time.monotonic() + TIME_LIMIT
        stmt = 0
        while not self.stop_event.is_set() and time.monotonic() < deadline:
            size = 3 if stmt % 3 == 2 else 1
            ids = [self.writer_id * 1_000_000 + self.n + k for k in range(size)]
            values = ", ".join(f"({i}, {self.writer_id}, 'payload {i}')" for i in ids)
            self.in_flight = ids
            if size > 1:
                self.multi.append(ids)
            try:
                cur.execute(f"INSERT INTO log_rows VALUES {values}")
            except psycopg2.Error:
                return  # the server went away: ids stay in flight
            self.acked.extend(ids)
            self.in_flight = []
            self.n += size
            stmt += 1
        self.in_flight = []
        conn.close()


def write_phase(server, start_n, stop_after):
    stop = threading.Event()
    writers = [Writer(server.dsn(), w + 1, start_n, stop) for w in range(WRITERS)]
    for w in writers:
        w.start()
    deadline = time.monotonic() + TIME_LIMIT
    while time.monotonic() < deadline:
        if sum(len(w.acked) for w in writers) >= stop_after:
            break
        if not any(w.is_alive() for w in writers):
            break
        time.sleep(0.01)
    return writers, stop


def check_table(server, acked, maybe):
    conn = psycopg2.connect(server.dsn())
    conn.autocommit = True
    cur = conn.cursor()
    cur.execute("SELECT id, writer, payload FROM log_rows")
    rows = cur.fetchall()
    conn.close()
    ids = [r[0] for r in rows]
    assert len(ids) == len(set(ids)), "some rows were doubled by recovery"
    present = set(ids)
    missing = acked - present
    assert not missing, f"{len(missing)} acknowledged rows lost, e.g. {sorted(missing)[:5]}"
    unexpected = present - acked - maybe
    assert not unexpected, f"rows that were never written: {sorted(unexpected)[:5]}"
    for r in rows:
        assert r[2] == f"payload {r[0]}" and r[1] == r[0] // 1_000_000
    return present


def test_acknowledged_rows_survive_kill_9_and_unacknowledged_ones_are_not_doubled(kappa):
    conn = psycopg2.connect(kappa.dsn())
    conn.autocommit = True
    conn.cursor().execute("CREATE TABLE log_rows (id BIGINT, writer INTEGER, payload TEXT)")
    conn.close()

    acked, maybe, multis = set(), set(), []
    for cycle in range(2):
        writers, stop = write_phase(kappa, start_n=cycle * 100_000, stop_after=ROWS_BEFORE_KILL)
        for w in writers:
            assert w.error is None, w.error
        kappa.kill9()                      # mid-stream: the writers are still inserting
        stop.set()
        for w in writers:
            w.join(30)
            assert not w.is_alive()
            acked.update(w.acked)
            maybe.update(w.in_flight)
            multis.extend(w.multi)
        assert len(acked) >= ROWS_BEFORE_KILL * (cycle + 1) * 0.9
        kappa.start()
        present = check_table(kappa, acked, maybe)
        for group in multis:
            got = [i in present for i in group]
            assert all(got) or not any(got), f"a multi-row INSERT was half applied: {group} {got}"
        # what is present now is committed: later checks expect it
        acked |= present
        maybe = set()

    assert kappa.stop() == 0


def test_a_table_created_just_before_kill_9_exists_after_restart(kappa):
    conn = psycopg2.connect(kappa.dsn())
    conn.autocommit = True
    cur = conn.cursor()
    cur.execute("CREATE TABLE fresh (a INTEGER, b TEXT, PRIMARY KEY (a))")
    cur.execute("INSERT INTO fresh VALUES (1, 'x')")
    cur.execute("UPDATE fresh SET b = 'y' WHERE a = 1")
    cur.execute("CREATE TABLE fresh2 (a INTEGER)")
    cur.execute("DROP TABLE fresh2")
    conn.close()
    kappa.kill9()
    kappa.start()
    conn = psycopg2.connect(kappa.dsn())
    conn.autocommit = True
    cur = conn.cursor()
    cur.execute("SELECT a, b FROM fresh")
    assert cur.fetchall() == [(1, "y")]
    with pytest.raises(psycopg2.Error) as e:
        cur.execute("SELECT * FROM fresh2")
    assert e.value.pgcode == "42P01"
    with pytest.raises(psycopg2.Error) as e:
        cur.execute("INSERT INTO fresh VALUES (1, 'dup')")
    assert e.value.pgcode == "23505"
    conn.close()
