"""Fixtures for the end-to-end tests: real kappadb processes on loopback ports.

  kappadb_binary   path of build/kappadb (or $KAPPADB_BIN); the test fails if it is missing
  server_factory   server_factory(data_dir=None, extra_args=()) -> a started KappaServer;
                   every server made is killed and its directory removed after the test
  kappa            one started KappaServer with a fresh data directory
  connect          connect(server, **kw) -> psycopg2 connection in autocommit mode

KappaServer (tests/harness/servers.py) has .port, .data_dir, .dsn(), .stop()
(SIGTERM, returns the exit code), .kill9(), .start(), .alive(), .log_tail().
"""

import os
import sys

import pytest

sys.path.insert(0, os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))), "harness"))

from servers import KappaServer, kappadb_binary as _binary  # noqa: E402


@pytest.fixture(scope="session")
def kappadb_binary():
    path = _binary()
    if not os.path.exists(path):
        pytest.fail(f"kappadb binary not found at {path}; run `make build`")
    return path


@pytest.fixture
def server_factory(kappadb_binary, tmp_path):
    made = []

    def make(data_dir=None, extra_args=(), start=True, port=None):
        work = tmp_path / f"server{len(made)}"
        work.mkdir()
        s = KappaServer(data_dir=str(data_dir) if data_dir else None, binary=kappadb_binary,
                        extra_args=extra_args, work_dir=str(work), port=port)
        made.append(s)
        if start:
            s.start()
        return s

    yield make
    for s in made:
        s.kill9()


@pytest.fixture
def kappa(server_factory):
    return server_factory()


@pytest.fixture
def connect():
    import psycopg2
    conns = []

    def make(server, autocommit=True, **kw):
        c = psycopg2.connect(server.dsn(), **kw)
        c.autocommit = autocommit
        conns.append(c)
        return c

    yield make
    for c in conns:
        try:
            c.close()
        except Exception:
            pass
