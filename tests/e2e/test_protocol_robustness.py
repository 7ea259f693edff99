"""Protocol robustness: malformed, truncated, oversized and hostile input on
the PostgreSQL wire never crashes kappadb or disturbs other connections.

Speaks the v3 protocol byte by byte over raw sockets. Runs against the server
at 127.0.0.1:$KAPPADB_PORT when that is set, otherwise starts one (the
`kappa` fixture of conftest.py). Only `SELECT 1` is assumed to work as SQL.
"""

import os
import random
import socket
import struct
import time

import pytest

HOST = "127.0.0.1"
TIMEOUT = 10.0


@pytest.fixture
def port(request):
    env = os.environ.get("KAPPADB_PORT")
    if env:
        return int(env)
    return request.getfixturevalue("kappa").port


# ------------------------------------------------------------------ raw client

def startup_packet(params=None, version=196608):
    params = {"user": "kappa", "database": "kappa"} if params is None else params
    body = struct.pack("!i", version)
    for k, v in params.items():
        body += k.encode() + b"\0" + v.encode() + b"\0"
    body += b"\0"
    return struct.pack("!i", len(body) + 4) + body


def msg(kind, payload=b""):
    return kind + struct.pack("!i", len(payload) + 4) + payload


def cstr(s):
    return (s.encode() if isinstance(s, str) else s) + b"\0"


def query(sql):
    return msg(b"Q", cstr(sql))


def parse(name, sql, oids=()):
    return msg(b"P", cstr(name) + cstr(sql) + struct.pack("!h", len(oids))
               + b"".join(struct.pack("!I", o) for o in oids))


def bind(portal, stmt, params=(), result_formats=(), param_formats=()):
    body = cstr(portal) + cstr(stmt) + struct.pack("!h", len(param_formats))
    body += b"".join(struct.pack("!h", f) for f in param_formats)
    body += struct.pack("!h", len(params))
    for p in params:
        if p is None:
            body += struct.pack("!i", -1)
        else:
            body += struct.pack("!i", len(p)) + p
    body += struct.pack("!h", len(result_formats)) + b"".join(struct.pack("!h", f) for f in result_formats)
    return msg(b"B", body)


def describe(kind, name):
    return msg(b"D", kind + cstr(name))


def execute(portal, max_rows=0):
    return msg(b"E", cstr(portal) + struct.pack("!i", max_rows))


SYNC = msg(b"S")
TERMINATE = msg(b"X")


class Conn:
    def __init__(self, port):
        self.sock = socket.create_connection((HOST, port), timeout=TIMEOUT)
        self.buf = b""

    def send(self, data):
        self.sock.sendall(data)

    def _fill(self, n):
        while len(self.buf) < n:
            chunk = self.sock.recv(65536)
            if not chunk:
                raise EOFError("server closed the connection")
            self.buf += chunk

    def read_byte(self):
        self._fill(1)
        b, self.buf = self.buf[:1], self.buf[1:]
        return b

    def read_msg(self):
        """Returns (type, payload)."""
        self._fill(5)
        kind = self.buf[:1]
        (length,) = struct.unpack("!i", self.buf[1:5])
        self._fill(1 + length)
        payload = self.buf[5:1 + length]
        self.buf = self.buf[1 + length:]
        return kind, payload

    def read_until_ready(self):
        """All messages up to and including ReadyForQuery."""
        out = []
        while True:
            m = self.read_msg()
            out.append(m)
            if m[0] == b"Z":
                return out

    def closed_by_server(self):
        """True if the server closes the connection (after any pending bytes)."""
        try:
            while True:
                self._fill(len(self.buf) + 1)
        except EOFError:
            return True
        except socket.timeout:
            return False
        except ConnectionResetError:
            return True

    def close(self):
        try:
            self.sock.close()
        except OSError:
            pass


def error_fields(payload):
    fields = {}
    for part in payload.split(b"\0"):
        if part:
            fields[chr(part[0])] = part[1:].decode("utf-8", "replace")
    return fields


def connect(port, params=None):
    c = Conn(port)
    c.send(startup_packet(params))
    msgs = c.read_until_ready()
    kinds = [m[0] for m in msgs]
    assert kinds[0] == b"R" and msgs[0][1] == struct.pack("!i", 0), msgs[0]
    assert b"K" in kinds and kinds[-1] == b"Z"
    return c, msgs


def assert_fatal(c, sqlstate):
    """The next message is a FATAL ErrorResponse with `sqlstate`, then the server closes."""
    kind, payload = c.read_msg()
    assert kind == b"E", (kind, payload)
    f = error_fields(payload)
    assert f["S"] == "FATAL" and f["V"] == "FATAL", f
    assert f["C"] == sqlstate, f
    assert c.closed_by_server()
    return f


def assert_server_works(port):
    c, _ = connect(port)
    c.send(query("SELECT 1"))
    kinds = [m[0] for m in c.read_until_ready()]
    assert kinds[0] == b"T" and b"D" in kinds and b"C" in kinds, kinds
    c.send(TERMINATE)
    assert c.closed_by_server()
    c.close()


# ------------------------------------------------------------------ startup

def test_startup_reports_settings_backend_key_and_ready_for_query(port):
    c, msgs = connect(port)
    params = dict(p[1].split(b"\0")[:2] for p in msgs if p[0] == b"S")
    assert params[b"server_version"].startswith(b"13.")
    assert params[b"client_encoding"] == b"UTF8"
    assert params[b"DateStyle"].startswith(b"ISO")
    assert params[b"standard_conforming_strings"] == b"on"
    key = [p for p in msgs if p[0] == b"K"][0]
    assert len(key[1]) == 8  # 12 bytes with the length word
    assert msgs[-1] == (b"Z", b"I")
    c.close()


def test_ssl_and_gssenc_requests_are_answered_n_and_startup_continues(port):
    c = Conn(port)
    c.send(struct.pack("!ii", 8, 80877104))
    assert c.read_byte() == b"N"
    c.send(struct.pack("!ii", 8, 80877103))
    assert c.read_byte() == b"N"
    c.send(startup_packet())
    assert c.read_until_ready()[-1][0] == b"Z"
    c.close()


def test_startup_packet_sent_one_byte_at_a_time_is_reassembled(port):
    c = Conn(port)
    for b in startup_packet() + query("SELECT 1"):
        c.send(bytes([b]))
    c.read_until_ready()  # startup
    kinds = [m[0] for m in c.read_until_ready()]
    assert kinds[0] == b"T" and kinds[-1] == b"Z"
    c.close()


def test_unsupported_protocol_version_is_refused_with_0a000(port):
    c = Conn(port)
    c.send(startup_packet(version=2 << 16))
    assert_fatal(c, "0A000")
    c.close()
    assert_server_works(port)


def test_a_newer_minor_protocol_version_is_negotiated_down_to_3_0(port):
    c = Conn(port)
    c.send(startup_packet({"user": "kappa", "_pq_.fancy": "1"}, version=(3 << 16) | 2))
    msgs = c.read_until_ready()
    assert msgs[0][0] == b"v", msgs
    assert msgs[0][1] == struct.pack("!ii", 0, 1) + b"_pq_.fancy\0"
    assert msgs[1] == (b"R", struct.pack("!i", 0))
    c.close()


def test_sessions_over_max_connections_get_53300_and_a_freed_slot_is_reusable(request):
    if os.environ.get("KAPPADB_PORT"):
        pytest.skip("needs its own server started with --max-connections")
    server = request.getfixturevalue("server_factory")(extra_args=["--max-connections", "2"])
    a, _ = connect(server.port)
    b, _ = connect(server.port)
    c = Conn(server.port)
    c.send(startup_packet())
    f = assert_fatal(c, "53300")
    assert f["M"] == "sorry, too many clients already"
    c.close()
    a.send(TERMINATE)
    assert a.closed_by_server()
    a.close()
    d, _ = connect(server.port)  # the slot is free again (possibly after a moment)
    d.close()
    b.close()


def test_startup_without_user_is_refused_with_28000(port):
    c = Conn(port)
    c.send(startup_packet({"database": "kappa"}))
    assert_fatal(c, "28000")
    c.close()


@pytest.mark.parametrize("length", [0, 3, 7, 10001, 0x7fffffff, -1])
def test_startup_packet_with_invalid_length_gets_08p01_and_is_closed(port, length):
    c = Conn(port)
    c.send(struct.pack("!i", length) + b"\0" * 8)
    assert_fatal(c, "08P01")
    c.close()
    assert_server_works(port)


def test_garbage_instead_of_a_startup_packet_is_closed_and_the_next_client_is_served(port):
    c = Conn(port)
    c.send(b"GET / HTTP/1.1\r\nHost: x\r\n\r\n" + os.urandom(512))
    assert c.closed_by_server()
    c.close()
    assert_server_works(port)


def test_cancel_request_with_an_unknown_key_gets_no_reply_and_is_closed(port):
    c = Conn(port)
    c.send(struct.pack("!iiii", 16, 80877102, 12345, 67890))
    assert c.closed_by_server()
    assert c.buf == b""
    c.close()


def test_client_disconnecting_mid_frame_does_not_hurt_the_server(port):
    c = Conn(port)
    c.send(startup_packet()[:7])
    c.close()
    c, _ = connect(port)
    c.send(query("SELECT 1")[:6])
    c.close()
    assert_server_works(port)


# ------------------------------------------------------------------ after startup

def test_unknown_message_type_gets_fatal_08p01(port):
    c, _ = connect(port)
    c.send(msg(b"!", b"whatever"))
    assert_fatal(c, "08P01")
    c.close()
    assert_server_works(port)


@pytest.mark.parametrize("length", [0, 3, 0x7fffffff, -5])
def test_message_with_invalid_length_gets_fatal_08p01(port, length):
    c, _ = connect(port)
    c.send(b"Q" + struct.pack("!i", length) + b"SELECT 1\0")
    assert_fatal(c, "08P01")
    c.close()


def test_message_over_the_size_limit_is_refused_before_its_body_arrives(port):
    c, _ = connect(port)
    c.send(b"Q" + struct.pack("!i", 1 << 30))  # 1 GiB announced, nothing sent
    assert_fatal(c, "08P01")
    c.close()


@pytest.mark.parametrize("payload", [
    b"Q" + struct.pack("!i", 12) + b"SELECT 1",                      # string without NUL
    b"Q" + struct.pack("!i", 14) + b"SELECT 1\0xx",                  # trailing bytes
    b"P" + struct.pack("!i", 8) + b"a\0b\0",                         # missing param count
    b"P" + struct.pack("!i", 11) + b"\0x\0" + struct.pack("!hh", 5, 0),  # 5 oids announced
    b"B" + struct.pack("!i", 14) + b"\0\0" + struct.pack("!hhi", 0, 1, 100),  # param past end
    b"B" + struct.pack("!i", 14) + b"\0\0" + struct.pack("!hhi", 0, 1, -7),   # bad length
    b"D" + struct.pack("!i", 7) + b"Zx\0",                           # bad describe target
    b"E" + struct.pack("!i", 6) + b"\0\0",                           # truncated max_rows
    b"S" + struct.pack("!i", 5) + b"x",                              # Sync with a body
])
def test_truncated_or_malformed_message_bodies_get_fatal_08p01(port, payload):
    c, _ = connect(port)
    c.send(payload)
    assert_fatal(c, "08P01")
    c.close()


def test_random_bytes_after_startup_never_crash_the_server(port):
    rng = random.Random(20240601)
    for _ in range(40):
        c, _ = connect(port)
        c.sock.settimeout(0.2)  # a random header may announce a body that never comes
        try:
            c.send(bytes(rng.randrange(256) for _ in range(rng.randrange(1, 400))))
            if rng.random() < 0.5:
                c.closed_by_server()
        except OSError:
            pass
        c.close()
    assert_server_works(port)


def test_a_broken_connection_does_not_disturb_an_open_session(port):
    good, _ = connect(port)
    bad, _ = connect(port)
    bad.send(msg(b"\xff", os.urandom(64)))
    assert_fatal(bad, "08P01")
    bad.close()
    good.send(query("SELECT 1"))
    kinds = [m[0] for m in good.read_until_ready()]
    assert kinds[0] == b"T" and kinds[-1] == b"Z"
    good.close()


def test_invalid_utf8_in_a_query_is_an_error_and_the_connection_stays_usable(port):
    c, _ = connect(port)
    c.send(query(b"SELECT '\xc3\x28'"))
    msgs = c.read_until_ready()
    err = [error_fields(p) for k, p in msgs if k == b"E"]
    assert err and err[0]["C"] == "22021" and err[0]["S"] == "ERROR", msgs
    c.send(query("SELECT 1"))
    assert c.read_until_ready()[0][0] == b"T"
    c.close()


def test_empty_query_gets_empty_query_response(port):
    c, _ = connect(port)
    c.send(query(""))
    kinds = [m[0] for m in c.read_until_ready()]
    assert kinds == [b"I", b"Z"]
    c.close()


def test_terminate_closes_the_connection(port):
    c, _ = connect(port)
    c.send(TERMINATE)
    assert c.closed_by_server()
    assert c.buf == b""
    c.close()


# ------------------------------------------------------------------ extended protocol errors

def test_bind_to_an_unknown_statement_is_26000_and_messages_are_skipped_until_sync(port):
    c, _ = connect(port)
    c.send(bind("", "nope") + execute("") + parse("", "SELECT 1") + SYNC)
    msgs = c.read_until_ready()
    kinds = [m[0] for m in msgs]
    assert kinds == [b"E", b"Z"], kinds  # Execute and Parse were skipped
    assert error_fields(msgs[0][1])["C"] == "26000"
    # The connection is usable afterwards.
    c.send(parse("", "SELECT 1") + bind("", "") + describe(b"P", "") + execute("") + SYNC)
    kinds = [m[0] for m in c.read_until_ready()]
    assert kinds[:3] == [b"1", b"2", b"T"] and b"C" in kinds and kinds[-1] == b"Z", kinds
    c.close()


def test_execute_of_an_unknown_portal_is_34000(port):
    c, _ = connect(port)
    c.send(execute("no_such_portal") + SYNC)
    msgs = c.read_until_ready()
    assert [m[0] for m in msgs] == [b"E", b"Z"]
    assert error_fields(msgs[0][1])["C"] == "34000"
    c.close()


def test_describe_of_an_unknown_statement_is_26000(port):
    c, _ = connect(port)
    c.send(describe(b"S", "ghost") + SYNC)
    msgs = c.read_until_ready()
    assert error_fields(msgs[0][1])["C"] == "26000"
    c.close()


def test_close_of_unknown_names_succeeds(port):
    c, _ = connect(port)
    c.send(msg(b"C", b"S" + cstr("ghost")) + msg(b"C", b"P" + cstr("ghost")) + SYNC)
    assert [m[0] for m in c.read_until_ready()] == [b"3", b"3", b"Z"]
    c.close()


def test_bind_with_the_wrong_number_of_parameters_is_08p01_but_not_fatal(port):
    c, _ = connect(port)
    c.send(parse("s1", "SELECT 1") + bind("", "s1", [b"1", b"2"]) + SYNC)
    msgs = c.read_until_ready()
    kinds = [m[0] for m in msgs]
    assert kinds == [b"1", b"E", b"Z"], kinds
    f = error_fields(msgs[1][1])
    assert f["C"] == "08P01" and f["S"] == "ERROR"
    c.send(query("SELECT 1"))
    assert c.read_until_ready()[0][0] == b"T"
    c.close()


def test_reusing_a_named_statement_name_is_an_error(port):
    c, _ = connect(port)
    c.send(parse("dup", "SELECT 1") + SYNC)
    c.read_until_ready()
    c.send(parse("dup", "SELECT 1") + SYNC)
    msgs = c.read_until_ready()
    assert error_fields(msgs[0][1])["C"] == "42P05"
    c.close()


def test_flush_sends_pending_replies_without_sync(port):
    c, _ = connect(port)
    c.send(parse("", "SELECT 1") + msg(b"H"))
    assert c.read_msg()[0] == b"1"
    c.send(SYNC)
    assert c.read_until_ready()[-1][0] == b"Z"
    c.close()


def test_execute_with_a_row_limit_suspends_and_resumes_the_portal(port):
    c, _ = connect(port)
    c.send(query("BEGIN"))
    c.read_until_ready()
    c.send(parse("", "SELECT 1 UNION ALL SELECT 2 UNION ALL SELECT 3") + bind("cur", "")
           + execute("cur", 2) + SYNC)
    kinds = [m[0] for m in c.read_until_ready()]
    assert kinds == [b"1", b"2", b"D", b"D", b"s", b"Z"], kinds
    c.send(execute("cur", 2) + SYNC)
    msgs = c.read_until_ready()
    assert [m[0] for m in msgs] == [b"D", b"C", b"Z"]
    assert msgs[1][1] == b"SELECT 1\0"
    c.send(query("ROLLBACK"))
    c.read_until_ready()
    c.close()


def test_binary_parameters_and_results_round_trip(port):
    c, _ = connect(port)
    c.send(parse("", "SELECT $1", [23]) + bind("", "", [struct.pack("!i", -42)], [1], [1])
           + execute("") + SYNC)
    msgs = c.read_until_ready()
    assert [m[0] for m in msgs] == [b"1", b"2", b"D", b"C", b"Z"], msgs
    assert msgs[2][1] == struct.pack("!hi", 1, 4) + struct.pack("!i", -42)
    # A binary int4 parameter of the wrong length is 22P03, and not fatal.
    c.send(parse("", "SELECT $1", [23]) + bind("", "", [b"\x01\x02\x03"], [], [1]) + SYNC)
    msgs = c.read_until_ready()
    f = error_fields(msgs[1][1])
    assert f["C"] == "22P03" and f["S"] == "ERROR", f
    c.close()


def test_many_concurrent_connections_are_served(port):
    conns = [connect(port)[0] for _ in range(30)]
    for c in conns:
        c.send(query("SELECT 1"))
    for c in conns:
        assert c.read_until_ready()[0][0] == b"T"
        c.close()
