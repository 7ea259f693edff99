"""Starting and stopping real servers for the end-to-end test suites.

KappaServer runs build/kappadb on a free loopback port with its own data
directory; PgServer runs a throw-away PostgreSQL 15 cluster (initdb in a
temporary directory, loopback only, C locale, UTC) for comparison tests.
Both wait for readiness by polling (never by sleeping a fixed time) and are
bounded in time everywhere.
"""

import os
import pwd
import shutil
import signal
import socket
import subprocess
import tempfile
import time

REPO_ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
DEFAULT_KAPPADB = os.path.join(REPO_ROOT, "build", "kappadb")
PG_BIN = "/usr/lib/postgresql/15/bin"
HOST = "127.0.0.1"


def free_port():
    """Returns a TCP port on 127.0.0.1 that was free a moment ago."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind((HOST, 0))
        return s.getsockname()[1]


def port_open(port, host=HOST):
    try:
        with socket.create_connection((host, port), timeout=0.5):
            return True
    except OSError:
        return False


def kappadb_binary():
    return os.environ.get("KAPPADB_BIN", DEFAULT_KAPPADB)


class ServerError(Exception):
    pass


class KappaServer:
    """One kappadb process. Usable as a context manager.

    The server's stdout and stderr go to <work_dir>/server.log (appended over
    restarts); log_tail() returns the end of it for failure reports.
    """

    def __init__(self, data_dir=None, port=None, binary=None, extra_args=(), work_dir=None):
        self.binary = os.path.abspath(binary or kappadb_binary())
        self._own_work_dir = work_dir is None
        self.work_dir = work_dir or tempfile.mkdtemp(prefix="kappadb-test-")
        self.data_dir = data_dir or os.path.join(self.work_dir, "data")
        self.port = port or free_port()
        self.extra_args = list(extra_args)
        self.log_path = os.path.join(self.work_dir, "server.log")
        self.proc = None

    # -- lifecycle --------------------------------------------------------
    def command(self):
        return [self.binary, "--host", HOST, "--port", str(self.port),
                "--data-dir", self.data_dir] + self.extra_args

    def start(self, timeout=30.0):
        if not os.path.exists(self.binary):
            raise ServerError(f"kappadb binary not found at {self.binary} (run `make build`)")
        log = open(self.log_path, "ab")
        log.write(f"=== starting: {' '.join(self.command())}\n".encode())
        log.flush()
        self.proc = subprocess.Popen(self.command(), stdout=log, stderr=subprocess.STDOUT,
                                     stdin=subprocess.DEVNULL, cwd=self.work_dir)
        log.close()
        self.wait_ready(timeout)
        return self

    def wait_ready(self, timeout=30.0):
        """Polls until a client can connect and run SELECT 1 (or the process exits)."""
        import psycopg2
        deadline = time.monotonic() + timeout
        last_error = "port not open"
        while time.monotonic() < deadline:
            rc = self.proc.poll()
            if rc is not None:
                raise ServerError(f"kappadb exited with code {rc} before it was ready\n"
                                  + self.log_tail())
            if port_open(self.port):
                try:
                    conn = psycopg2.connect(self.dsn().replace("connect_timeout=10", "connect_timeout=3"))
                    try:
                        conn.autocommit = True
                        with conn.cursor() as cur:
                            cur.execute("SELECT 1")
                        return
                    finally:
                        conn.close()
                except psycopg2.Error as e:
                    last_error = str(e).strip()
            time.sleep(0.02)
        raise ServerError(f"kappadb did not answer on port {self.port} within {timeout:.0f}s "
                          f"({last_error})\n" + self.log_tail())

    def alive(self):
        return self.proc is not None and self.proc.poll() is None

    def stop(self, timeout=15.0):
        """Sends SIGTERM and waits; returns the exit code (None if it had to be killed)."""
        if self.proc is None:
            return None
        if self.proc.poll() is not None:
            rc = self.proc.returncode
            self.proc = None
            return rc
        self.proc.send_signal(signal.SIGTERM)
        try:
            rc = self.proc.wait(timeout)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait(10)
            rc = None
        self.proc = None
        return rc

    def kill9(self):
        proc = self.proc
        if proc is not None and proc.poll() is None:
            proc.send_signal(signal.SIGKILL)
            proc.wait(10)
        if self.proc is proc:
            self.proc = None

    def restart_after_kill(self, timeout=30.0):
        self.kill9()
        return self.start(timeout)

    def cleanup(self):
        if self.proc is not None:
            self.kill9()
        if self._own_work_dir:
            shutil.rmtree(self.work_dir, ignore_errors=True)

    def __enter__(self):
        return self.start()

    def __exit__(self, *exc):
        if self.proc is not None and self.proc.poll() is None:
            self.stop()
        self.cleanup()

    # -- clients ----------------------------------------------------------
    def dsn(self, user="kappa", dbname="kappa"):
        return f"host={HOST} port={self.port} user={user} dbname={dbname} connect_timeout=10"

    def log_tail(self, lines=30):
        try:
            with open(self.log_path, "rb") as f:
                text = f.read().decode("utf-8", "replace")
        except OSError:
            return "(no server log)"
        tail = text.splitlines()[-lines:]
        return "--- server log (last %d lines) ---\n%s" % (len(tail), "\n".join(tail))


class PgServer:
    """A temporary PostgreSQL 15 cluster on a loopback port.

    initdb refuses to run as root, so as root the cluster is owned by a
    dedicated unprivileged user (created on demand, default `kappa_pgtest`).
    Always call stop() (or use as a context manager): it stops the server and
    removes the directory, also after failures.
    """

    def __init__(self, port=None, os_user=None):
        self.port = port or free_port()
        self.os_user = os_user or os.environ.get("KAPPA_PG_OS_USER", "kappa_pgtest")
        self.dir = None
        self.running = False

    def _as_user(self, argv, check=True, timeout=120):
        if os.geteuid() == 0:
            argv = ["runuser", "-u", self.os_user, "--"] + argv
        return subprocess.run(argv, check=check, timeout=timeout, stdout=subprocess.PIPE,
                              stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL)

    def _ensure_user(self):
        if os.geteuid() != 0:
            return
        try:
            pwd.getpwnam(self.os_user)
        except KeyError:
            subprocess.run(["useradd", "--system", "--no-create-home", "--shell", "/bin/false",
                            self.os_user], check=True, timeout=60)

    def start(self):
        if not os.path.exists(os.path.join(PG_BIN, "initdb")):
            raise ServerError(f"PostgreSQL 15 is not installed ({PG_BIN}/initdb missing); "
                              "run scripts/install-deps.sh")
        self._ensure_user()
        self.dir = tempfile.mkdtemp(prefix="kappa-pg-")
        if os.geteuid() == 0:
            uid = pwd.getpwnam(self.os_user).pw_uid
            os.chown(self.dir, uid, -1)
        data = os.path.join(self.dir, "data")
        try:
            self._as_user([os.path.join(PG_BIN, "initdb"), "-D", data, "--locale=C", "-E", "UTF8",
                           "--auth=trust", "-U", "postgres", "--no-sync"])
        except subprocess.CalledProcessError as e:
            raise ServerError("initdb failed:\n" + e.stdout.decode("utf-8", "replace"))
        opts = (f"-p {self.port} -c listen_addresses={HOST} -k {self.dir} -c TimeZone=UTC "
                "-c fsync=off -c synchronous_commit=off -c full_page_writes=off "
                "-c max_connections=200")
        r = self._as_user([os.path.join(PG_BIN, "pg_ctl"), "-D", data, "-l",
                           os.path.join(self.dir, "pg.log"), "-o", opts, "-w", "-t", "60",
                           "start"], check=False)
        self.running = True  # pg_ctl may have started it even on a timeout: stop() cleans up
        if r.returncode != 0:
            log = ""
            try:
                with open(os.path.join(self.dir, "pg.log")) as f:
                    log = f.read()[-3000:]
            except OSError:
                pass
            self.stop()
            raise ServerError("PostgreSQL did not start:\n" + r.stdout.decode() + log)
        return self

    def stop(self):
        if self.dir is None:
            return
        if self.running:
            self._as_user([os.path.join(PG_BIN, "pg_ctl"), "-D", os.path.join(self.dir, "data"),
                           "-m", "immediate", "-w", "-t", "30", "stop"], check=False)
            self.running = False
        shutil.rmtree(self.dir, ignore_errors=True)
        self.dir = None

    def dsn(self, dbname="postgres"):
        return f"host={HOST} port={self.port} user=postgres dbname={dbname} connect_timeout=10"

    def __enter__(self):
        return self.start()

    def __exit__(self, *exc):
        self.stop()
