"""Command-line defaults of build/kappadb."""

import os
import signal
import subprocess
import time

import psycopg2

from servers import HOST, free_port, port_open


def test_without_data_dir_the_server_uses_kappadb_data_in_the_working_directory(
        kappadb_binary, tmp_path):
    port = free_port()
    log = open(tmp_path / "server.log", "wb")
    proc = subprocess.Popen([kappadb_binary, "--port", str(port)], cwd=tmp_path,
                            stdout=log, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL)
    try:
        deadline = time.monotonic() + 30
        while not port_open(port) and time.monotonic() < deadline:
            assert proc.poll() is None, (tmp_path / "server.log").read_text()
            time.sleep(0.02)
        conn = None
        while time.monotonic() < deadline:
            try:
                conn = psycopg2.connect(host=HOST, port=port, user="kappa", dbname="kappa",
                                        connect_timeout=3)
                break
            except psycopg2.OperationalError:
                time.sleep(0.05)
        assert conn is not None, "kappadb did not answer on 127.0.0.1"
        conn.autocommit = True
        conn.cursor().execute("CREATE TABLE t (a INTEGER)")
        conn.close()
        assert os.path.isdir(tmp_path / "kappadb-data")
    finally:
        proc.send_signal(signal.SIGTERM)
        try:
            rc = proc.wait(15)
        except subprocess.TimeoutExpired:
            proc.kill()
            rc = proc.wait(10)
        log.close()
    assert rc == 0


def test_the_server_listens_on_loopback_only_by_default(kappadb_binary, tmp_path):
    port = free_port()
    proc = subprocess.Popen([kappadb_binary, "--port", str(port), "--data-dir", str(tmp_path / "d")],
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                            stdin=subprocess.DEVNULL)
    try:
        deadline = time.monotonic() + 30
        while not port_open(port) and time.monotonic() < deadline:
            assert proc.poll() is None
            time.sleep(0.02)
        assert port_open(port)
        out = subprocess.run(["ss", "-ltnH", f"sport = :{port}"], stdout=subprocess.PIPE,
                             timeout=10).stdout.decode()
        listening = [l.split()[3] for l in out.splitlines() if l.strip()]
        assert listening, out
        assert all(a.startswith("127.0.0.1:") for a in listening), listening
    finally:
        proc.send_signal(signal.SIGTERM)
        try:
            proc.wait(15)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait(10)
