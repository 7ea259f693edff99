"""`make run`'s script: starts kappadb, loads the demo table once, stops on Ctrl-C."""
import os
import signal
import subprocess
import time

import psycopg2

from servers import free_port, port_open

REPO = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))


def start(build_dir, port, data_dir):
    env = dict(os.environ, HOST="127.0.0.1", PORT=str(port), DATA_DIR=data_dir)
    # Ctrl-C as in a terminal: SIGINT must not arrive ignored (a shell that
    # started this test in the background passes SIGINT down as ignored, and
    # bash cannot trap a signal ignored on entry).
    return subprocess.Popen([os.path.join(REPO, "scripts", "run.sh"), build_dir], env=env,
                            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
                            stdin=subprocess.DEVNULL,
                            preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL))


def wait_running(proc):
    lines = []
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        line = proc.stdout.readline()
        if not line:
            break
        lines.append(line)
        if "Ctrl-C stops the server" in line:
            return "".join(lines)
    raise AssertionError("run.sh did not report the server running:\n" + "".join(lines))


def stop(proc, port):
    proc.send_signal(signal.SIGINT)
    proc.wait(timeout=15)
    deadline = time.monotonic() + 5
    while port_open(port) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert not port_open(port), "the server still listens after Ctrl-C"


def count_demo(port):
    conn = psycopg2.connect(host="127.0.0.1", port=port, user="kappa", dbname="kappa")
    conn.autocommit = True
    with conn.cursor() as cur:
        cur.execute("SELECT count(*), sum(amount) FROM demo_orders")
        row = cur.fetchone()
        # The demo's views are there and current.
        cur.execute("SELECT sum(orders), sum(revenue) FROM demo_revenue")
        assert cur.fetchone() == row
        cur.execute("SELECT window_start::text, page, clicks FROM demo_clicks_per_hour "
                    "ORDER BY 1, 2")
        assert cur.fetchall() == [("2026-11-23 09:00:00", "/docs", 1),
                                  ("2026-11-23 09:00:00", "/home", 2)]
        # The generator-fed table keeps growing, and its view follows.
        cur.execute("FLUSH")
        cur.execute("SELECT sum(orders) FROM demo_live_revenue")
        first = cur.fetchone()[0] or 0
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline:
            cur.execute("FLUSH")
            cur.execute("SELECT sum(orders) FROM demo_live_revenue")
            if (cur.fetchone()[0] or 0) > first:
                break
            time.sleep(0.1)
        else:
            raise AssertionError("demo_live_revenue did not grow")
    conn.close()
    return row


def test_run_loads_the_demo_once_and_stops_on_ctrl_c(kappadb_binary, tmp_path):
    build_dir = os.path.dirname(kappadb_binary)
    data_dir = str(tmp_path / "data")
    port = free_port()
    proc = start(build_dir, port, data_dir)
    try:
        out = wait_running(proc)
        assert "loaded the demo (tables demo_orders" in out
        assert f"psql -h 127.0.0.1 -p {port} -U kappa kappa" in out
        assert count_demo(port) == (5, __import__("decimal").Decimal("149.25"))
    finally:
        stop(proc, port)
    # A second start on the same data keeps the demo as it is (no reload, no duplicate-key error).
    proc = start(build_dir, port, data_dir)
    try:
        out = wait_running(proc)
        assert "loaded the demo" not in out
        assert count_demo(port)[0] == 5
    finally:
        stop(proc, port)
