"""COPY ... FROM STDIN and COPY ... TO STDOUT, compared with PostgreSQL 15's bytes."""

import io
import shutil
import subprocess

import psycopg2
import pytest


def rows(conn, sql):
    with conn.cursor() as cur:
        cur.execute(sql)
        return cur.fetchall()


def copy_in(conn, sql, data):
    with conn.cursor() as cur:
        cur.copy_expert(sql, io.StringIO(data))
        return cur.rowcount, cur.statusmessage


def copy_out(conn, sql):
    buf = io.StringIO()
    with conn.cursor() as cur:
        cur.copy_expert(sql, buf)
        status = cur.statusmessage
    return buf.getvalue(), status


@pytest.fixture
def conn(kappa, connect):
    c = connect(kappa)
    with c.cursor() as cur:
        cur.execute("CREATE TABLE t (id INT PRIMARY KEY, s TEXT, n NUMERIC)")
    return c


def test_copy_from_text(conn):
    n, status = copy_in(conn, "COPY t FROM STDIN",
                        "1\tab\\tc\t1.5\n2\t\\N\t\\N\n3\tx\\\\y\\nz\t-2\n")
    assert n == 3
    assert rows(conn, "SELECT id, s, n::text FROM t ORDER BY id") == [
        (1, "ab\tc", "1.5"), (2, None, None), (3, "x\\y\nz", "-2")]


def test_copy_from_column_list_and_defaults(conn):
    copy_in(conn, "COPY t (s, id) FROM STDIN", "hello\t7\n")
    assert rows(conn, "SELECT id, s, n FROM t") == [(7, "hello", None)]


def test_copy_from_csv_header(conn):
    data = 'id,s,n\n1,"a,b",2\n2,,\n3,"",3\n4,"say ""hi""\nthere",4\n'
    n, status = copy_in(conn, "COPY t FROM STDIN WITH (FORMAT csv, HEADER true)", data)
    assert n == 4
    assert rows(conn, "SELECT id, s, n::text FROM t ORDER BY id") == [
        (1, "a,b", "2"), (2, None, None), (3, "", "3"), (4, 'say "hi"\nthere', "4")]


def test_copy_from_legacy_csv_and_options(conn):
    copy_in(conn, "COPY t FROM STDIN WITH CSV HEADER", "id,s,n\n1,x,1\n")
    copy_in(conn, "COPY t FROM STDIN (DELIMITER '|', NULL 'nil')", "2|nil|3\n")
    assert rows(conn, "SELECT id, s, n::text FROM t ORDER BY id") == [
        (1, "x", "1"), (2, None, "3")]


def test_copy_from_pk_violation_inserts_nothing(conn):
    with pytest.raises(psycopg2.Error) as e:
        copy_in(conn, "COPY t FROM STDIN", "1\ta\t1\n1\tb\t2\n")
    assert e.value.pgcode == "23505"
    assert rows(conn, "SELECT count(*) FROM t") == [(0,)]


def test_copy_from_bad_input(conn):
    with pytest.raises(psycopg2.Error) as e:
        copy_in(conn, "COPY t FROM STDIN", "1\ta\t1\nabc\tb\t2\n")
    assert e.value.pgcode == "22P02"
    assert 'invalid input syntax for type integer: "abc"' in e.value.pgerror
    assert rows(conn, "SELECT count(*) FROM t") == [(0,)]
    with pytest.raises(psycopg2.Error) as e:
        copy_in(conn, "COPY t FROM STDIN", "1\ta\n")
    assert e.value.pgcode == "22P04"
    # The connection is still usable.
    copy_in(conn, "COPY t FROM STDIN", "5\tok\t1\n")
    assert rows(conn, "SELECT id, s FROM t") == [(5, "ok")]


def test_copy_fail_from_client(conn):
    class Failing(io.StringIO):
        def read(self, *a):
            raise ValueError("boom")

    with pytest.raises(Exception):
        with conn.cursor() as cur:
            cur.copy_expert("COPY t FROM STDIN", Failing())
    assert rows(conn, "SELECT count(*) FROM t") == [(0,)]


def test_copy_to_text(conn):
    with conn.cursor() as cur:
        cur.execute("INSERT INTO t VALUES (1, 'ab\tc', NULL), (2, 'x\\y', 2.50)")
    out, status = copy_out(conn, "COPY t TO STDOUT")
    assert sorted(out.splitlines(keepends=True)) == ["1\tab\\tc\t\\N\n", "2\tx\\\\y\t2.50\n"]
    out, _ = copy_out(conn, "COPY (SELECT id, s FROM t WHERE id = 1) TO STDOUT")
    assert out == "1\tab\\tc\n"


def test_copy_to_csv(conn):
    with conn.cursor() as cur:
        cur.execute("INSERT INTO t VALUES (1, 'a,b', NULL), (2, '', 1), (3, 'q\"x', 2)")
    out, status = copy_out(conn, "COPY (SELECT * FROM t ORDER BY id) TO STDOUT WITH (FORMAT csv, HEADER)")
    assert out == 'id,s,n\n1,"a,b",\n2,"",1\n3,"q""x",2\n'


def test_copy_round_trip_through_psql(kappa, conn, tmp_path):
    psql = shutil.which("psql")
    if psql is None:
        pytest.skip("psql not installed")
    f = tmp_path / "data.csv"
    f.write_text('1,one,1.5\n2,"t,wo",\n')
    r = subprocess.run([psql, "-h", "127.0.0.1", "-p", str(kappa.port), "-U", "kappa", "kappa",
                        "-v", "ON_ERROR_STOP=1", "-c", f"\\copy t from '{f}' csv"],
                       capture_output=True, text=True, timeout=30)
    assert r.returncode == 0, r.stderr
    assert "COPY 2" in r.stdout
    out = tmp_path / "out.csv"
    r = subprocess.run([psql, "-h", "127.0.0.1", "-p", str(kappa.port), "-U", "kappa", "kappa",
                        "-v", "ON_ERROR_STOP=1", "-c",
                        f"\\copy (select * from t order by id) to '{out}' csv"],
                       capture_output=True, text=True, timeout=30)
    assert r.returncode == 0, r.stderr
    assert out.read_text() == '1,one,1.5\n2,"t,wo",\n'


# ------------------------------------------------------------------ wire level

def _wire(kappa):
    from test_protocol_robustness import connect as raw_connect
    c, _ = raw_connect(kappa.port)
    return c


def _wire_helpers():
    import test_protocol_robustness as w
    return w


def test_wire_copy_in_response_copy_fail_and_following_statements(kappa, conn):
    w = _wire_helpers()
    c = _wire(kappa)
    c.send(w.query("COPY t (id, s) FROM STDIN"))
    kind, payload = c.read_msg()
    assert (kind, payload) == (b"G", b"\x00\x00\x02\x00\x00\x00\x00")
    c.send(w.msg(b"d", b"1\ta\n") + w.msg(b"f", w.cstr("client gave up")))
    msgs = c.read_until_ready()
    assert msgs[0][0] == b"E"
    f = w.error_fields(msgs[0][1])
    assert f["C"] == "57014" and f["M"] == "COPY from stdin failed: client gave up", f
    # COPY in the middle of a query string: the rest runs after CopyDone.
    c.send(w.query("COPY t (id, s) FROM STDIN; SELECT count(*) FROM t"))
    assert c.read_msg()[0] == b"G"
    c.send(w.msg(b"d", b"1\t") + w.msg(b"d", b"a\n2\tb\n") + w.msg(b"H") + w.msg(b"c"))
    msgs = c.read_until_ready()
    assert msgs[0] == (b"C", b"COPY 2\x00"), msgs
    assert [m[0] for m in msgs[1:]] == [b"T", b"D", b"C", b"Z"], msgs
    assert msgs[-1] == (b"Z", b"I")
    # Another message during copy-in: 08P01, and the connection stays usable.
    c.send(w.query("COPY t FROM STDIN"))
    assert c.read_msg()[0] == b"G"
    c.send(w.query("SELECT 1"))
    msgs = c.read_until_ready()
    f = w.error_fields(msgs[0][1])
    assert msgs[0][0] == b"E" and f["C"] == "08P01", msgs
    assert f["M"] == "unexpected message type 0x51 during COPY from stdin"
    c.send(w.query("SELECT 1"))
    assert [m[0] for m in c.read_until_ready()] == [b"T", b"D", b"C", b"Z"]
    c.close()
    assert rows(conn, "SELECT id, s FROM t ORDER BY id") == [(1, "a"), (2, "b")]


def test_wire_copy_out_and_extended_protocol(kappa, conn):
    w = _wire_helpers()
    c = _wire(kappa)
    c.send(w.parse("", "COPY t (id, s) FROM STDIN WITH (FORMAT csv)") + w.bind("", "")
           + w.execute(""))
    assert c.read_msg()[0] == b"1"
    assert c.read_msg()[0] == b"2"
    assert c.read_msg() == (b"G", b"\x00\x00\x02\x00\x00\x00\x00")
    c.send(w.msg(b"d", b'1,"x\ty"\n2,\n') + w.msg(b"c") + w.SYNC)
    msgs = c.read_until_ready()
    assert msgs == [(b"C", b"COPY 2\x00"), (b"Z", b"I")], msgs
    c.send(w.query("COPY (SELECT id, s FROM t ORDER BY id) TO STDOUT"))
    msgs = c.read_until_ready()
    assert msgs == [(b"H", b"\x00\x00\x02\x00\x00\x00\x00"), (b"d", b"1\tx\\ty\n"),
                    (b"d", b"2\t\\N\n"), (b"c", b""), (b"C", b"COPY 2\x00"), (b"Z", b"I")], msgs
    c.close()
