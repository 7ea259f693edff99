"""Clean shutdown on SIGTERM / SIGINT, and restart afterwards."""

import signal

import psycopg2
import pytest


@pytest.mark.parametrize("sig", [signal.SIGTERM, signal.SIGINT])
def test_the_server_exits_zero_on_a_termination_signal_and_restarts_with_its_data(
        server_factory, connect, sig):
    s = server_factory()
    c = connect(s)
    cur = c.cursor()
    cur.execute("CREATE TABLE t (id INTEGER, v TEXT)")
    cur.execute("INSERT INTO t VALUES (1, 'a'), (2, 'b')")
    c.close()
    s.proc.send_signal(sig)
    assert s.proc.wait(15) == 0, s.log_tail()
    s.proc = None
    s.start()
    cur = connect(s).cursor()
    cur.execute("SELECT id, v FROM t ORDER BY id")
    assert cur.fetchall() == [(1, "a"), (2, "b")]
    cur.execute("INSERT INTO t VALUES (3, 'c')")
    assert s.stop() == 0


def test_sigterm_with_open_idle_and_in_transaction_connections_still_exits_zero(kappa, connect):
    idle = connect(kappa)
    idle.cursor().execute("CREATE TABLE t (a INTEGER)")
    in_tx = connect(kappa, autocommit=False)
    in_tx.cursor().execute("SELECT count(*) FROM t")  # psycopg2 opened a BEGIN
    failed_tx = connect(kappa, autocommit=False)
    with pytest.raises(psycopg2.Error):
        failed_tx.cursor().execute("SELECT 1 / 0")
    assert kappa.stop(timeout=15) == 0


def test_clients_see_the_connection_end_when_the_server_stops(kappa, connect):
    c = connect(kappa)
    c.cursor().execute("SELECT 1")
    assert kappa.stop() == 0
    with pytest.raises(psycopg2.Error):
        c.cursor().execute("SELECT 1")


def test_the_server_logs_something_when_ready(kappa):
    with open(kappa.log_path, "rb") as f:
        text = f.read().decode("utf-8", "replace")
    lines = [l for l in text.splitlines() if l and not l.startswith("=== starting")]
    assert lines, "kappadb printed nothing on start"
    assert any(str(kappa.port) in l for l in lines), text
