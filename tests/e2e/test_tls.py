"""TLS: with --tls-cert/--tls-key kappadb answers SSLRequest with 'S' and
speaks TLS (psql and psycopg2 with sslmode=require, psycopg 3), also with
SCRAM authentication; without them sslmode=require fails; --tls-required
refuses plain connections."""

import os
import subprocess

import psycopg2
import pytest

from servers import HOST


@pytest.fixture
def cert(tmp_path):
    crt = tmp_path / "server.crt"
    key = tmp_path / "server.key"
    subprocess.run(["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2",
                    "-subj", "/CN=127.0.0.1", "-keyout", str(key), "-out", str(crt)],
                   check=True, capture_output=True, timeout=60)
    return str(crt), str(key)


def tls_args(cert):
    return ["--tls-cert", cert[0], "--tls-key", cert[1]]


def psql(server, sql, sslmode, user="kappa", password=None):
    env = dict(os.environ)
    env.pop("PGPASSWORD", None)
    if password:
        env["PGPASSWORD"] = password
    return subprocess.run(
        ["psql", "-X", "-At", "-v", "ON_ERROR_STOP=1", "-c", sql,
         f"host={HOST} port={server.port} user={user} dbname=kappa sslmode={sslmode} "
         "connect_timeout=10"],
        env=env, capture_output=True, text=True, timeout=30, stdin=subprocess.DEVNULL)


def test_sslmode_require_with_psql_psycopg2_and_psycopg3(server_factory, cert):
    import psycopg

    s = server_factory(extra_args=tls_args(cert))
    r = psql(s, "CREATE TABLE t (id INT, s TEXT); SELECT 42", "require")
    assert r.returncode == 0, r.stderr
    assert r.stdout.strip().splitlines()[-1] == "42"

    conn = psycopg2.connect(s.dsn() + " sslmode=require")
    conn.autocommit = True
    assert conn.info.ssl_in_use
    cur = conn.cursor()
    # Enough data for many TLS records in both directions.
    import io
    data = "".join(f"{i}\t{'x' * 100}\n" for i in range(1, 5001))
    cur.copy_expert("COPY t FROM STDIN", io.StringIO(data))
    cur.execute("SELECT count(*), sum(length(s)) FROM t")
    assert cur.fetchone() == (5000, 500000)
    cur.execute("SELECT id, s FROM t ORDER BY id")
    got = cur.fetchall()
    assert len(got) == 5000 and got[-1] == (5000, "x" * 100)
    conn.close()

    with psycopg.connect(s.dsn(), sslmode="require", autocommit=True) as c3:
        assert c3.pgconn.ssl_in_use
        assert c3.execute("SELECT count(*) FROM t WHERE id <= %s", [10]).fetchone() == (10,)

    # Plain connections still work unless TLS is required.
    plain = psycopg2.connect(s.dsn() + " sslmode=disable")
    assert not plain.info.ssl_in_use
    plain.close()


def test_without_certificate_sslmode_require_fails(kappa):
    r = psql(kappa, "SELECT 1", "require")
    assert r.returncode == 2
    assert "server does not support SSL" in r.stderr
    assert psql(kappa, "SELECT 1", "prefer").returncode == 0


def test_tls_required_refuses_plain_connections(server_factory, cert):
    s = server_factory(extra_args=tls_args(cert) + ["--tls-required"], start=False)
    base = s.dsn
    s.dsn = lambda user="kappa", dbname="kappa": base(user, dbname) + " sslmode=require"
    s.start()
    r = psql(s, "SELECT 1", "disable")
    assert r.returncode == 2
    assert "no encryption" in r.stderr
    assert psql(s, "SELECT 1", "require").returncode == 0


def test_tls_with_scram(server_factory, cert):
    s = server_factory(extra_args=tls_args(cert))
    conn = psycopg2.connect(s.dsn() + " sslmode=require")
    conn.autocommit = True
    conn.cursor().execute("ALTER USER kappa PASSWORD 'tls-pw'")
    conn.cursor().execute("CREATE USER alice PASSWORD 'apw'")
    conn.close()
    assert s.stop() == 0
    s.extra_args += ["--auth", "scram-sha-256"]
    base = s.dsn
    s.dsn = lambda user="kappa", dbname="kappa": base(user, dbname) + " password=tls-pw"
    s.start()
    r = psql(s, "SELECT current_user", "require", user="alice", password="apw")
    assert r.returncode == 0, r.stderr
    assert r.stdout.strip() == "alice"
    r = psql(s, "SELECT 1", "require", user="alice", password="bad")
    assert r.returncode == 2
    assert 'password authentication failed for user "alice"' in r.stderr
    conn = psycopg2.connect(s.dsn(user="alice").replace("tls-pw", "apw") + " sslmode=require")
    assert conn.info.ssl_in_use
    conn.close()


def test_bad_certificate_file_is_a_startup_error(kappadb_binary, tmp_path):
    bad = tmp_path / "bad.pem"
    bad.write_text("not a certificate\n")
    r = subprocess.run([kappadb_binary, "--port", "0", "--data-dir", str(tmp_path / "d"),
                        "--tls-cert", str(bad), "--tls-key", str(bad)],
                       capture_output=True, text=True, timeout=30)
    assert r.returncode == 1
    assert "could not load server certificate file" in r.stderr
