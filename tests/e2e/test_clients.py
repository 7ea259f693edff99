"""What real client libraries do on connect and with parameters."""

import datetime
import decimal

import psycopg2
import pytest


def test_psycopg3_sends_parameters_with_the_extended_protocol(kappa):
    import psycopg
    with psycopg.connect(kappa.dsn(), autocommit=True) as conn:
        conn.execute("CREATE TABLE p (i INTEGER, b BIGINT, t TEXT, n NUMERIC(10,2), d DATE, "
                     "ts TIMESTAMP, ok BOOLEAN, f DOUBLE PRECISION)")
        conn.execute("INSERT INTO p VALUES (%s, %s, %s, %s, %s, %s, %s, %s)",
                     (1, 10_000_000_000, "o'quote", decimal.Decimal("12.50"),
                      datetime.date(2024, 2, 29), datetime.datetime(2024, 1, 2, 3, 4, 5), True, 0.25))
        conn.execute("INSERT INTO p (i, t) VALUES (%s, %s)", (2, None))
        row = conn.execute("SELECT i, b, t, n, d, ts, ok, f FROM p WHERE i = %s", (1,)).fetchone()
        assert row == (1, 10_000_000_000, "o'quote", decimal.Decimal("12.50"),
                       datetime.date(2024, 2, 29), datetime.datetime(2024, 1, 2, 3, 4, 5), True, 0.25)
        assert conn.execute("SELECT count(*) FROM p WHERE t IS NULL").fetchone() == (1,)
        assert conn.execute("SELECT t FROM p WHERE t = %s", ("o'quote",)).fetchone() == ("o'quote",)


def test_psycopg3_prepared_statements_are_reused(kappa):
    import psycopg
    with psycopg.connect(kappa.dsn(), autocommit=True, prepare_threshold=0) as conn:
        conn.execute("CREATE TABLE q (a INTEGER)")
        for i in range(10):
            conn.execute("INSERT INTO q VALUES (%s)", (i,))
        assert conn.execute("SELECT sum(a) FROM q WHERE a >= %s", (5,)).fetchone() == (35,)
        assert conn.execute("SELECT sum(a) FROM q WHERE a >= %s", (8,)).fetchone() == (17,)


def test_psycopg3_errors_in_the_extended_protocol_keep_the_connection(kappa):
    import psycopg
    with psycopg.connect(kappa.dsn(), autocommit=True) as conn:
        with pytest.raises(psycopg.Error) as e:
            conn.execute("SELECT 1 / %s", (0,))
        assert e.value.sqlstate == "22012"
        with pytest.raises(psycopg.Error) as e:
            conn.execute("SELECT * FROM %s" % "nope WHERE 1 = %s", (1,))
        assert e.value.sqlstate == "42P01"
        assert conn.execute("SELECT %s::int + 1", (41,)).fetchone() == (42,)


def test_parameter_status_reports_what_drivers_check(kappa):
    import psycopg
    with psycopg.connect(kappa.dsn(), autocommit=True) as conn:
        ps = conn.info.parameter_status
        assert ps("server_version").startswith("13.")
        assert ps("client_encoding") == "UTF8"
        assert ps("server_encoding") == "UTF8"
        assert ps("DateStyle").startswith("ISO")
        assert ps("standard_conforming_strings") == "on"
        assert ps("integer_datetimes") == "on"
        assert ps("TimeZone") is not None
        assert conn.info.backend_pid != 0
        conn.execute("SET application_name = 'e2e-test'")
        assert ps("application_name") == "e2e-test"


def test_version_claims_postgresql_13(kappa, connect):
    cur = connect(kappa).cursor()
    cur.execute("SELECT version()")
    v = cur.fetchone()[0]
    assert v.startswith("PostgreSQL 13.") and "kappadb" in v, v


def test_empty_and_comment_only_queries_get_empty_query_response(kappa):
    import psycopg
    from psycopg import pq
    with psycopg.connect(kappa.dsn(), autocommit=True) as conn:
        for q in (b"", b";", b"-- just a comment", b"  \n  "):
            res = conn.pgconn.exec_(q)
            assert res.status == pq.ExecStatus.EMPTY_QUERY, (q, res.status)
        assert conn.execute("SELECT 1").fetchone() == (1,)


def test_several_statements_in_one_simple_query_give_one_result_each(kappa):
    import psycopg
    from psycopg import pq
    with psycopg.connect(kappa.dsn(), autocommit=True) as conn:
        pg = conn.pgconn
        pg.send_query(b"CREATE TABLE m (a INTEGER); INSERT INTO m VALUES (1), (2); SELECT a FROM m ORDER BY a; SELECT 1 / 0; SELECT 99")
        results = []
        while True:
            while pg.is_busy():
                pg.consume_input()
            r = pg.get_result()
            if r is None:
                break
            results.append(r)
        tags = [(r.status, r.command_status) for r in results]
        assert tags[0] == (pq.ExecStatus.COMMAND_OK, b"CREATE TABLE")
        assert tags[1] == (pq.ExecStatus.COMMAND_OK, b"INSERT 0 2")
        assert tags[2] == (pq.ExecStatus.TUPLES_OK, b"SELECT 2")
        assert results[3].status == pq.ExecStatus.FATAL_ERROR
        assert results[3].error_field(pq.DiagnosticField.SQLSTATE) == b"22012"
        assert len(results) == 4, "statements after an error must be skipped"


def test_transaction_status_follows_begin_error_and_rollback(kappa):
    import psycopg
    from psycopg import pq
    with psycopg.connect(kappa.dsn(), autocommit=True) as conn:
        assert conn.info.transaction_status == pq.TransactionStatus.IDLE
        conn.execute("BEGIN")
        assert conn.info.transaction_status == pq.TransactionStatus.INTRANS
        with pytest.raises(psycopg.Error):
            conn.execute("SELECT 1 / 0")
        assert conn.info.transaction_status == pq.TransactionStatus.INERROR
        conn.execute("ROLLBACK")
        assert conn.info.transaction_status == pq.TransactionStatus.IDLE


def test_error_responses_carry_severity_and_position(kappa):
    import psycopg
    with psycopg.connect(kappa.dsn(), autocommit=True) as conn:
        with pytest.raises(psycopg.Error) as e:
            conn.execute("SELECT * FROM nowhere")
        d = e.value.diag
        assert d.severity == "ERROR"
        assert d.sqlstate == "42P01"
        assert d.statement_position == "15"
        with pytest.raises(psycopg.Error) as e:
            conn.execute("SELECT * FROM WHERE x")
        assert e.value.diag.sqlstate == "42601"
        assert e.value.diag.statement_position == "15"


def test_sqlalchemy_connects_and_runs_queries(kappa):
    sqlalchemy = pytest.importorskip("sqlalchemy")
    engine = sqlalchemy.create_engine(
        f"postgresql+psycopg2://kappa@127.0.0.1:{kappa.port}/kappa", poolclass=sqlalchemy.pool.NullPool,
        use_native_hstore=False)  # hstore detection reads pg_type: a later issue
    with engine.begin() as conn:  # BEGIN ... COMMIT around the statements
        conn.execute(sqlalchemy.text("CREATE TABLE sa (id INTEGER, name TEXT)"))
        conn.execute(sqlalchemy.text("INSERT INTO sa VALUES (:i, :n)"), [{"i": 1, "n": "a"}, {"i": 2, "n": "b"}])
    with engine.connect() as conn:
        rows = conn.execute(sqlalchemy.text("SELECT id, name FROM sa WHERE id > :x ORDER BY id"),
                            {"x": 0}).fetchall()
        assert [tuple(r) for r in rows] == [(1, "a"), (2, "b")]
    engine.dispose()


def test_psycopg2_default_transactions_wrap_statements_in_begin(kappa):
    conn = psycopg2.connect(kappa.dsn())  # not autocommit: psycopg2 sends BEGIN first
    cur = conn.cursor()
    cur.execute("CREATE TABLE w (a INTEGER)")
    cur.execute("INSERT INTO w VALUES (%s)", (5,))
    conn.commit()
    cur.execute("SELECT a FROM w")
    assert cur.fetchall() == [(5,)]
    conn.rollback()
    conn.close()
