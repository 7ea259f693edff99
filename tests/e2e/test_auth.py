"""Authentication methods (kappadb --auth): cleartext password, md5 and
scram-sha-256 with right and wrong passwords through psql, psycopg2 and
psycopg 3; trust; NOLOGIN roles and unknown users."""

import os
import subprocess

import psycopg2
import pytest

from servers import HOST

KAPPA_PW = "kappa-pw"
ALICE_PW = "alice's pw"


def secure_server(server_factory, method, extra_args=()):
    """A server whose kappa (superuser) and alice have passwords, restarted
    with --auth <method>; its dsn() carries kappa's password."""
    s = server_factory(extra_args=list(extra_args))
    conn = psycopg2.connect(s.dsn())
    conn.autocommit = True
    cur = conn.cursor()
    cur.execute(f"ALTER USER kappa PASSWORD '{KAPPA_PW}'")
    cur.execute("CREATE USER alice WITH PASSWORD 'alice''s pw'")
    cur.execute("CREATE ROLE nologin_role PASSWORD 'x'")
    cur.execute("CREATE USER nopass")
    conn.close()
    assert s.stop() == 0
    s.extra_args += ["--auth", method]
    plain_dsn = s.dsn

    def dsn(user="kappa", dbname="kappa"):
        return plain_dsn(user, dbname) + f" password={KAPPA_PW}"

    s.dsn = dsn
    s.plain_dsn = plain_dsn
    s.start()
    return s


def psql(server, user, password, sql="SELECT current_user", extra=""):
    env = dict(os.environ)
    env.pop("PGPASSWORD", None)
    if password is not None:
        env["PGPASSWORD"] = password
    return subprocess.run(
        ["psql", "-X", "-At", "-v", "ON_ERROR_STOP=1", "-c", sql,
         f"host={HOST} port={server.port} user={user} dbname=kappa connect_timeout=10 {extra}"],
        env=env, capture_output=True, text=True, timeout=30, stdin=subprocess.DEVNULL)


def failed_message(user):
    return f'password authentication failed for user "{user}"'


@pytest.mark.parametrize("method", ["password", "md5", "scram-sha-256"])
def test_password_methods_with_psql_psycopg2_and_psycopg3(server_factory, method):
    import psycopg

    s = secure_server(server_factory, method)
    # psql (libpq): right and wrong password, and none at all.
    r = psql(s, "alice", ALICE_PW)
    assert r.returncode == 0, r.stderr
    assert r.stdout.strip() == "alice"
    r = psql(s, "alice", "wrong")
    assert r.returncode == 2
    assert failed_message("alice") in r.stderr
    r = psql(s, "alice", None, extra="")
    assert r.returncode == 2
    assert "password" in r.stderr  # "fe_sendauth: no password supplied"

    # psycopg2
    conn = psycopg2.connect(s.plain_dsn("alice"), password=ALICE_PW)
    cur = conn.cursor()
    cur.execute("SELECT current_user, session_user")
    assert cur.fetchone() == ("alice", "alice")
    conn.close()
    with pytest.raises(psycopg2.OperationalError) as e:
        psycopg2.connect(s.plain_dsn("alice") + " password=nope")
    assert failed_message("alice") in str(e.value)

    # psycopg 3
    with psycopg.connect(s.plain_dsn("alice"), password=ALICE_PW) as c3:
        assert c3.execute("SELECT current_user").fetchone() == ("alice",)
    with pytest.raises(psycopg.OperationalError) as e:
        psycopg.connect(s.plain_dsn("alice"), password="alice")
    assert failed_message("alice") in str(e.value)

    # The superuser too, and a user without a password or unknown: 28P01.
    r = psql(s, "kappa", KAPPA_PW, "SELECT 1")
    assert r.returncode == 0 and r.stdout.strip() == "1", r.stderr
    for user in ("nopass", "nobody"):
        r = psql(s, user, "whatever")
        assert r.returncode == 2
        assert failed_message(user) in r.stderr, r.stderr
    r = psql(s, "nologin_role", "x")
    assert r.returncode == 2
    assert 'role "nologin_role" is not permitted to log in' in r.stderr


def test_password_change_takes_effect_and_survives_restart(server_factory):
    s = secure_server(server_factory, "scram-sha-256")
    conn = psycopg2.connect(s.plain_dsn("alice"), password=ALICE_PW)
    conn.autocommit = True
    # A user may change its own password (and nothing else).
    conn.cursor().execute("ALTER USER alice PASSWORD 'new-pw'")
    with pytest.raises(psycopg2.Error) as e:
        conn.cursor().execute("ALTER USER alice SUPERUSER")
    assert e.value.pgcode == "42501"
    conn.close()
    assert psql(s, "alice", ALICE_PW).returncode == 2
    assert psql(s, "alice", "new-pw").returncode == 0
    assert s.stop() == 0
    s.start()
    assert psql(s, "alice", "new-pw").returncode == 0
    assert psql(s, "alice", ALICE_PW).returncode == 2
    # md5 needs an MD5 hash: it is kept next to the SCRAM verifier.
    assert s.stop() == 0
    s.extra_args[-1] = "md5"
    s.start()
    assert psql(s, "alice", "new-pw").returncode == 0


def test_prehashed_scram_password_is_stored_as_given(server_factory):
    """psql's \\password sends a SCRAM verifier computed by the client."""
    import base64
    import hashlib
    import hmac

    salt = b"0123456789abcdef"
    salted = hashlib.pbkdf2_hmac("sha256", b"hashed-pw", salt, 4096)
    client_key = hmac.new(salted, b"Client Key", "sha256").digest()
    verifier = "SCRAM-SHA-256$4096:{}${}:{}".format(
        base64.b64encode(salt).decode(),
        base64.b64encode(hashlib.sha256(client_key).digest()).decode(),
        base64.b64encode(hmac.new(salted, b"Server Key", "sha256").digest()).decode())
    s = secure_server(server_factory, "scram-sha-256")
    conn = psycopg2.connect(s.dsn())
    conn.autocommit = True
    conn.cursor().execute(f"ALTER USER alice PASSWORD '{verifier}'")
    conn.close()
    r = psql(s, "alice", "hashed-pw")
    assert r.returncode == 0, r.stderr
    # With md5 configured, a role with only a SCRAM verifier is asked for SCRAM.
    assert s.stop() == 0
    s.extra_args[-1] = "md5"
    s.start()
    r = psql(s, "alice", "hashed-pw")
    assert r.returncode == 0, r.stderr


def test_trust_accepts_roles_and_other_names_but_not_nologin(kappa, connect):
    conn = connect(kappa)
    cur = conn.cursor()
    cur.execute("CREATE ROLE reader")  # NOLOGIN by default
    cur.execute("CREATE USER bob")
    r = psql(kappa, "bob", None)
    assert r.returncode == 0 and r.stdout.strip() == "bob", r.stderr
    r = psql(kappa, "reader", None)
    assert r.returncode == 2
    assert 'role "reader" is not permitted to log in' in r.stderr
    # Any other user name connects (trust is for loopback development).
    r = psql(kappa, "postgres", None)
    assert r.returncode == 0, r.stderr


def test_bad_auth_flag_is_refused(kappadb_binary, tmp_path):
    r = subprocess.run([kappadb_binary, "--auth", "ldap", "--data-dir", str(tmp_path / "d")],
                       capture_output=True, text=True, timeout=30)
    assert r.returncode != 0
    assert "--auth" in r.stderr or "--auth" in r.stdout
