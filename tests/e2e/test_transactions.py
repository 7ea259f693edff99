"""Transaction blocks: every statement commits on its own, and kappadb says so
instead of letting a ROLLBACK look like it undid anything."""


def test_rollback_after_writes_warns_and_changes_remain(kappa, connect):
    conn = connect(kappa, autocommit=False)  # psycopg2 opens BEGIN before the first statement
    cur = conn.cursor()
    cur.execute("CREATE TABLE tx_t (id INT PRIMARY KEY)")
    cur.execute("INSERT INTO tx_t VALUES (1), (2)")
    conn.rollback()
    assert any("ROLLBACK cannot undo changes" in n for n in conn.notices), conn.notices
    conn.autocommit = True
    cur.execute("SELECT count(*) FROM tx_t")
    assert cur.fetchone()[0] == 2
    conn.close()


def test_rollback_of_a_read_only_block_is_silent(kappa, connect):
    conn = connect(kappa, autocommit=False)
    cur = conn.cursor()
    cur.execute("SELECT 1")
    conn.rollback()
    assert not any("ROLLBACK" in n for n in conn.notices), conn.notices
    conn.close()


def test_failed_block_ignores_statements_until_rollback(kappa, connect):
    import psycopg2
    conn = connect(kappa, autocommit=False)
    cur = conn.cursor()
    try:
        cur.execute("SELECT 1/0")
    except psycopg2.Error as e:
        assert e.pgcode == "22012"
    try:
        cur.execute("SELECT 1")
        raise AssertionError("statement in a failed block must fail")
    except psycopg2.Error as e:
        assert e.pgcode == "25P02"
    conn.rollback()
    cur.execute("SELECT 2")
    assert cur.fetchone()[0] == 2
    conn.close()
