"""sqllogictest files: parsing, client connections, result formatting.

Shared by run_slt.py (runs files) and pg_expected.py (fills expected results
from PostgreSQL 15). The format is the sqllogictest one used by RisingWave and
DuckDB, with a few extensions (see tests/README.md):

    # comment
    statement ok                      SQL must succeed
    statement error <SQLSTATE|regex>  SQL must fail: a 5-character SQLSTATE
                                      (e.g. 22012; alternatives as 0A000|42601)
                                      or else a regex searched in the message
    statement count <n>               SQL must succeed and report n rows
    statement tag <command tag>       SQL must succeed with this CommandComplete tag
    query <types> [nosort|rowsort|valuesort]
    <SQL>
    ----
    <expected rows, values separated by one space>
    query error <SQLSTATE|regex>      same as statement error
    restart                           kill -9 the server and start it on the same data dir
    connection <name>                 later records run on connection <name> (sticky)
    onlyif <target> / skipif <target> the next record runs only on / not on a target
                                      (targets: kappadb, postgresql)
    halt                              stop reading the file

NULL is shown as NULL, the empty string as (empty), every other value in
PostgreSQL's text format exactly as the server sent it, except that newline,
carriage return and tab are written as \n, \r and \t so that a row stays on
one line. Runs of spaces are compared as one space.
"""

import re
from dataclasses import dataclass, field
from typing import List, Optional

SQLSTATE_RE = re.compile(r"^[0-9A-Z]{5}(\|[0-9A-Z]{5})*$")
SORT_MODES = ("nosort", "rowsort", "valuesort")


class SltParseError(Exception):
    pass


@dataclass
class Record:
    kind: str                     # statement | query | restart | connection | halt
    line: int                     # 1-based line of the record's first line
    sql: str = ""
    expect_ok: bool = True
    error: Optional[str] = None   # SQLSTATE or regex when an error is expected
    count: Optional[int] = None
    tag: Optional[str] = None
    types: str = ""
    sort: str = "nosort"
    expected: Optional[List[str]] = None  # expected lines; None when no ---- block
    arg: str = ""                 # connection name
    onlyif: List[str] = field(default_factory=list)
    skipif: List[str] = field(default_factory=list)
    header: str = ""              # the record's header line as written
    end_line: int = 0             # 1-based last line (inclusive) of the record

    def runs_on(self, target):
        if self.onlyif and target not in self.onlyif:
            return False
        return target not in self.skipif


def parse_slt(path):
    with open(path, encoding="utf-8") as f:
        lines = f.read().split("\n")
    records = []
    i = 0
    n = len(lines)
    pending_onlyif, pending_skipif = [], []

    def take_sql(start):
        """Reads SQL lines from start until a blank line or ----; returns (sql, next index)."""
        j = start
        sql_lines = []
        while j < n and lines[j].strip() != "" and lines[j].rstrip() != "----":
            sql_lines.append(lines[j])
            j += 1
        if not sql_lines:
            raise SltParseError(f"{path}:{start + 1}: expected SQL")
        return "\n".join(sql_lines), j

    while i < n:
        raw = lines[i]
        stripped = raw.strip()
        if stripped == "" or stripped.startswith("#"):
            i += 1
            continue
        words = stripped.split()
        head = words[0]
        lineno = i + 1
        if head in ("onlyif", "skipif"):
            if len(words) != 2:
                raise SltParseError(f"{path}:{lineno}: {head} needs one target")
            (pending_onlyif if head == "onlyif" else pending_skipif).append(words[1])
            i += 1
            continue
        rec = Record(kind=head, line=lineno, header=stripped,
                     onlyif=pending_onlyif, skipif=pending_skipif)
        pending_onlyif, pending_skipif = [], []
        if head == "statement":
            if len(words) < 2:
                raise SltParseError(f"{path}:{lineno}: statement needs ok/error/count/tag")
            mode = words[1]
            if mode == "ok":
                pass
            elif mode == "error":
                rec.expect_ok = False
                rec.error = stripped.split(None, 2)[2] if len(words) > 2 else ""
            elif mode == "count":
                if len(words) != 3 or not words[2].isdigit():
                    raise SltParseError(f"{path}:{lineno}: statement count needs a number")
                rec.count = int(words[2])
            elif mode == "tag":
                if len(words) < 3:
                    raise SltParseError(f"{path}:{lineno}: statement tag needs a tag")
                rec.tag = stripped.split(None, 2)[2]
            else:
                raise SltParseError(f"{path}:{lineno}: unknown statement mode {mode!r}")
            rec.sql, i = take_sql(i + 1)
            if i < n and lines[i].rstrip() == "----":
                raise SltParseError(f"{path}:{lineno}: statement records have no result block")
            rec.end_line = i
        elif head == "query":
            if len(words) < 2:
                raise SltParseError(f"{path}:{lineno}: query needs column types or error")
            if words[1] == "error":
                rec.expect_ok = False
                rec.error = stripped.split(None, 2)[2] if len(words) > 2 else ""
                rec.sql, i = take_sql(i + 1)
                rec.end_line = i
            else:
                rec.types = words[1]
                if not re.fullmatch(r"[A-Z]+", rec.types):
                    raise SltParseError(f"{path}:{lineno}: bad column types {rec.types!r}")
                if len(words) > 2:
                    if words[2] not in SORT_MODES:
                        raise SltParseError(f"{path}:{lineno}: unknown sort mode {words[2]!r}")
                    rec.sort = words[2]
                rec.sql, i = take_sql(i + 1)
                rec.expected = None
                if i < n and lines[i].rstrip() == "----":
                    i += 1
                    exp = []
                    while i < n and lines[i].strip() != "":
                        exp.append(lines[i])
                        i += 1
                    rec.expected = exp
                rec.end_line = i
        elif head == "restart":
            i += 1
            rec.end_line = i
        elif head == "connection":
            if len(words) != 2:
                raise SltParseError(f"{path}:{lineno}: connection needs a name")
            rec.arg = words[1]
            i += 1
            rec.end_line = i
        elif head == "halt":
            records.append(rec)
            break
        else:
            raise SltParseError(f"{path}:{lineno}: unknown record {head!r}")
        records.append(rec)
    return records, lines


# ---------------------------------------------------------------- values

def format_value(v):
    if v is None:
        return "NULL"
    if isinstance(v, (bytes, memoryview)):
        v = bytes(v).decode("utf-8", "replace")
    if v == "":
        return "(empty)"
    # keep one row per line: control whitespace is shown escaped
    return str(v).replace("\n", "\\n").replace("\r", "\\r").replace("\t", "\\t")


def normalize_line(line):
    return " ".join(line.split())


def result_lines(rows, sort):
    """Turns rows (lists of text values) into the lines to compare, sorted per mode."""
    if sort == "valuesort":
        vals = sorted(format_value(v) for row in rows for v in row)
        return vals
    lines = [" ".join(format_value(v) for v in row) for row in rows]
    if sort == "rowsort":
        lines.sort()
    return [normalize_line(l) for l in lines]


def expected_lines(expected, sort):
    if sort == "valuesort":
        vals = []
        for l in expected:
            vals.extend(l.split())
        return sorted(vals)
    lines = [normalize_line(l) for l in expected]
    if sort == "rowsort":
        lines.sort()
    return lines


def type_letter(oid):
    if oid in (20, 21, 23, 26):
        return "I"
    if oid in (700, 701, 1700):
        return "R"
    if oid == 16:
        return "B"
    return "T"


# ---------------------------------------------------------------- clients

@dataclass
class Outcome:
    ok: bool
    rows: Optional[list] = None      # list of lists of str|None, None if no result set
    oids: Optional[list] = None
    tag: str = ""
    rowcount: int = -1
    sqlstate: str = ""
    message: str = ""
    position: Optional[int] = None
    connection_lost: bool = False


class SimpleClient:
    """psycopg2 in autocommit mode: every statement is one simple Query message."""

    def __init__(self, dsn):
        import psycopg2
        import psycopg2.extensions as ext
        self._psycopg2 = psycopg2
        self.conn = psycopg2.connect(dsn)
        self.conn.autocommit = True
        raw = ext.new_type(tuple(ext.string_types.keys()), "KAPPA_RAW", lambda s, cur: s)
        ext.register_type(raw, self.conn)

    def run(self, sql):
        cur = self.conn.cursor()
        try:
            cur.execute(sql)
        except self._psycopg2.Error as e:
            diag = e.diag
            pos = diag.statement_position
            return Outcome(ok=False, sqlstate=e.pgcode or "",
                           message=(diag.message_primary or str(e)).strip(),
                           position=int(pos) if pos else None,
                           connection_lost=bool(self.conn.closed) or e.pgcode is None)
        rows = oids = None
        if cur.description is not None:
            oids = [d.type_code for d in cur.description]
            rows = [list(r) for r in cur.fetchall()]
        tag = cur.statusmessage or ""
        return Outcome(ok=True, rows=rows, oids=oids, tag=tag, rowcount=cur.rowcount)

    def closed(self):
        return bool(self.conn.closed)

    def close(self):
        try:
            self.conn.close()
        except Exception:
            pass


class ExtendedClient:
    """psycopg 3 (libpq) with PQexecParams: Parse/Bind/Describe/Execute/Sync per statement,
    results in text format."""

    def __init__(self, dsn):
        import psycopg
        from psycopg import pq
        self._pq = pq
        self.conn = psycopg.connect(dsn, autocommit=True)
        self.pg = self.conn.pgconn

    def run(self, sql):
        pq = self._pq
        try:
            res = self.pg.exec_params(sql.encode("utf-8"), [])
        except Exception as e:  # connection-level failure
            return Outcome(ok=False, message=str(e), connection_lost=True)
        st = res.status
        if st == pq.ExecStatus.FATAL_ERROR:
            code = (res.error_field(pq.DiagnosticField.SQLSTATE) or b"").decode()
            msg = (res.error_field(pq.DiagnosticField.MESSAGE_PRIMARY) or b"").decode("utf-8", "replace")
            pos = res.error_field(pq.DiagnosticField.STATEMENT_POSITION)
            if not msg:
                msg = self.pg.error_message.decode("utf-8", "replace").strip()
            lost = self.pg.status != pq.ConnStatus.OK or not code
            return Outcome(ok=False, sqlstate=code, message=msg.strip(),
                           position=int(pos) if pos else None, connection_lost=lost)
        if st not in (pq.ExecStatus.TUPLES_OK, pq.ExecStatus.COMMAND_OK, pq.ExecStatus.EMPTY_QUERY):
            return Outcome(ok=False, message=f"unexpected result status {st!r}: "
                           + self.pg.error_message.decode("utf-8", "replace"),
                           connection_lost=self.pg.status != pq.ConnStatus.OK)
        tag = (res.command_status or b"").decode()
        rows = oids = None
        if st == pq.ExecStatus.TUPLES_OK:
            nf = res.nfields
            oids = [res.ftype(c) for c in range(nf)]
            rows = []
            for r in range(res.ntuples):
                row = []
                for c in range(nf):
                    v = res.get_value(r, c)
                    row.append(None if v is None else bytes(v).decode("utf-8", "replace"))
                rows.append(row)
        ct = res.command_tuples
        return Outcome(ok=True, rows=rows, oids=oids, tag=tag,
                       rowcount=ct if ct is not None else -1)

    def closed(self):
        return self.pg.status != self._pq.ConnStatus.OK

    def close(self):
        try:
            self.conn.close()
        except Exception:
            pass


CLIENTS = {"simple": SimpleClient, "extended": ExtendedClient}


def error_matches(expected, outcome):
    """expected: '' (any error), a SQLSTATE or several as 0A000|42601, or a regex
    searched in the message."""
    if expected == "":
        return True
    if SQLSTATE_RE.match(expected):
        return outcome.sqlstate in expected.split("|")
    return re.search(expected, outcome.message) is not None
