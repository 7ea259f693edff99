"""A data directory belongs to one server at a time."""

import re
import subprocess
import time

from servers import HOST, free_port


def test_a_second_server_on_the_same_data_dir_exits_nonzero_with_a_clear_message(
        kappa, kappadb_binary, connect):
    port = free_port()
    t0 = time.monotonic()
    r = subprocess.run([kappadb_binary, "--host", HOST, "--port", str(port),
                        "--data-dir", kappa.data_dir],
                       stdout=subprocess.PIPE, stderr=subprocess.STDOUT, timeout=30)
    out = r.stdout.decode("utf-8", "replace")
    assert r.returncode != 0, out
    assert time.monotonic() - t0 < 30
    assert re.search(r"lock|in use|another|already", out, re.I), f"unclear message: {out!r}"
    # the first server is unaffected
    c = connect(kappa)
    cur = c.cursor()
    cur.execute("SELECT 1")
    assert cur.fetchone() == (1,)
    assert kappa.alive()


def test_the_data_dir_can_be_reopened_after_the_first_server_stops(server_factory, connect):
    first = server_factory()
    c = connect(first)
    c.cursor().execute("CREATE TABLE t (a INTEGER)")
    c.cursor().execute("INSERT INTO t VALUES (42)")
    c.close()
    assert first.stop() == 0
    second = server_factory(data_dir=first.data_dir)
    cur = connect(second).cursor()
    cur.execute("SELECT a FROM t")
    assert cur.fetchall() == [(42,)]


def test_the_lock_is_released_by_kill_9(server_factory, connect):
    first = server_factory()
    c = connect(first)
    c.cursor().execute("CREATE TABLE t (a INTEGER)")
    c.close()
    first.kill9()
    second = server_factory(data_dir=first.data_dir)
    cur = connect(second).cursor()
    cur.execute("SELECT count(*) FROM t")
    assert cur.fetchone() == (0,)


def test_a_busy_port_is_a_clear_startup_error(kappa, kappadb_binary, tmp_path):
    r = subprocess.run([kappadb_binary, "--host", HOST, "--port", str(kappa.port),
                        "--data-dir", str(tmp_path / "other")],
                       stdout=subprocess.PIPE, stderr=subprocess.STDOUT, timeout=30)
    assert r.returncode != 0, r.stdout.decode("utf-8", "replace")
