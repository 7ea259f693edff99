"""Roles and table privileges: CREATE/ALTER/DROP USER, GRANT/REVOKE, 42501
for reads and writes of tables, views and materialized views, ownership,
role DDL errors, and persistence across a restart."""

import psycopg2
import pytest


def as_user(server, user):
    conn = psycopg2.connect(server.dsn(user=user))
    conn.autocommit = True
    return conn


def fails(conn, sql, pgcode, message=None):
    with pytest.raises(psycopg2.Error) as e:
        conn.cursor().execute(sql)
    assert e.value.pgcode == pgcode, (sql, e.value.pgcode, str(e.value))
    if message is not None:
        assert e.value.pgerror.splitlines()[0] == "ERROR:  " + message, e.value.pgerror
    return e.value


def rows(conn, sql):
    cur = conn.cursor()
    cur.execute(sql)
    return cur.fetchall()


def setup_schema(admin):
    cur = admin.cursor()
    cur.execute("CREATE TABLE t (id INT PRIMARY KEY, v TEXT)")
    cur.execute("INSERT INTO t VALUES (1, 'a'), (2, 'b')")
    cur.execute("CREATE TABLE other (id INT)")
    cur.execute("CREATE MATERIALIZED VIEW mv AS SELECT count(*) AS n FROM t")
    cur.execute("FLUSH")
    cur.execute("CREATE USER alice")
    cur.execute("CREATE USER bob")


def test_select_and_insert_need_grants(kappa, connect):
    admin = connect(kappa)
    setup_schema(admin)
    alice = as_user(kappa, "alice")
    fails(alice, "SELECT * FROM t", "42501", "permission denied for table t")
    fails(alice, "SELECT n FROM mv", "42501", "permission denied for materialized view mv")
    fails(alice, "COPY (SUBSCRIBE TO mv) TO STDOUT", "42501",
          "permission denied for materialized view mv")
    fails(alice, "DECLARE c CURSOR FOR SUBSCRIBE (SELECT v FROM t)", "42501",
          "permission denied for table t")
    fails(alice, "INSERT INTO t VALUES (3, 'c')", "42501", "permission denied for table t")
    fails(alice, "UPDATE t SET v = 'x'", "42501", "permission denied for table t")
    fails(alice, "DELETE FROM t", "42501", "permission denied for table t")
    # Built-in catalogs are readable by everyone.
    assert rows(alice, "SELECT count(*) >= 0 FROM kappa_catalog.table_stats") == [(True,)]

    admin.cursor().execute("GRANT SELECT ON t, mv TO alice")
    assert rows(alice, "SELECT id, v FROM t ORDER BY id") == [(1, "a"), (2, "b")]
    assert rows(alice, "SELECT n FROM mv") == [(2,)]
    # A query reading a relation without SELECT fails as a whole.
    fails(alice, "SELECT * FROM t JOIN other ON t.id = other.id", "42501",
          "permission denied for table other")
    fails(alice, "SELECT * FROM t WHERE id IN (SELECT id FROM other)", "42501")
    fails(alice, "INSERT INTO t VALUES (3, 'c')", "42501", "permission denied for table t")
    # INSERT ... SELECT needs SELECT on the source.
    admin.cursor().execute("GRANT INSERT ON TABLE other TO alice")
    fails(alice, "INSERT INTO other SELECT id FROM other", "42501",
          "permission denied for table other")
    alice.cursor().execute("INSERT INTO other SELECT id FROM t")

    admin.cursor().execute("GRANT ALL PRIVILEGES ON t TO alice")
    alice.cursor().execute("INSERT INTO t VALUES (3, 'c')")
    alice.cursor().execute("UPDATE t SET v = 'z' WHERE id = 3")
    alice.cursor().execute("DELETE FROM t WHERE id = 3")
    # COPY FROM needs INSERT, COPY TO needs SELECT.
    fails(alice, "COPY other TO STDOUT", "42501", "permission denied for table other")

    admin.cursor().execute("REVOKE SELECT ON t FROM alice")
    fails(alice, "SELECT * FROM t", "42501", "permission denied for table t")
    admin.cursor().execute("REVOKE ALL ON t FROM alice")
    fails(alice, "INSERT INTO t VALUES (4, 'd')", "42501")
    # bob never got anything.
    bob = as_user(kappa, "bob")
    fails(bob, "SELECT n FROM mv", "42501")
    assert rows(admin, "SELECT count(*) FROM t") == [(2,)]


def test_ownership_and_ddl(kappa, connect):
    admin = connect(kappa)
    setup_schema(admin)
    alice = as_user(kappa, "alice")
    fails(alice, "DROP TABLE t", "42501", "must be owner of table t")
    fails(alice, "DROP MATERIALIZED VIEW mv", "42501", "must be owner of materialized view mv")
    fails(alice, "GRANT SELECT ON t TO alice", "42501", "must be owner of table t")
    fails(alice, "CREATE MATERIALIZED VIEW amv AS SELECT count(*) FROM t", "42501",
          "permission denied for table t")
    # Alice owns what she creates: every privilege, DROP and GRANT.
    alice.cursor().execute("CREATE TABLE mine (x INT)")
    alice.cursor().execute("INSERT INTO mine VALUES (7)")
    assert rows(alice, "SELECT x FROM mine") == [(7,)]
    bob = as_user(kappa, "bob")
    fails(bob, "SELECT x FROM mine", "42501", "permission denied for table mine")
    alice.cursor().execute("GRANT SELECT ON mine TO bob")
    assert rows(bob, "SELECT x FROM mine") == [(7,)]
    fails(bob, "DROP TABLE mine", "42501", "must be owner of table mine")
    # A role that owns relations cannot be dropped.
    fails(admin, "DROP USER alice", "2BP01",
          'role "alice" cannot be dropped because some objects depend on it')
    alice.cursor().execute("DROP TABLE mine")
    # The superuser may do everything.
    assert rows(admin, "SELECT count(*) FROM t") == [(2,)]


def test_role_ddl_errors(kappa, connect):
    admin = connect(kappa)
    setup_schema(admin)
    fails(admin, "CREATE USER alice", "42710", 'role "alice" already exists')
    fails(admin, "CREATE ROLE kappa", "42710", 'role "kappa" already exists')
    fails(admin, "DROP USER nobody", "42704", 'role "nobody" does not exist')
    fails(admin, "ALTER USER nobody PASSWORD 'x'", "42704", 'role "nobody" does not exist')
    fails(admin, "GRANT SELECT ON t TO nobody", "42704", 'role "nobody" does not exist')
    fails(admin, "GRANT SELECT ON missing TO alice", "42P01", 'relation "missing" does not exist')
    fails(admin, "DROP USER kappa", "55006", "current user cannot be dropped")
    fails(admin, "CREATE USER x WITH FLYING", "42601")
    fails(admin, "CREATE USER x LOGIN NOLOGIN", "42601")
    cur = admin.cursor()
    cur.execute("DROP USER IF EXISTS nobody")
    assert any('role "nobody" does not exist, skipping' in n for n in admin.notices), admin.notices
    alice = as_user(kappa, "alice")
    fails(alice, "CREATE USER carol", "42501", "permission denied to create role")
    fails(alice, "DROP USER bob", "42501", "permission denied to drop role")
    fails(alice, "ALTER USER bob PASSWORD 'x'", "42501", "permission denied to alter role")
    # A superuser role created by the superuser may manage roles.
    cur.execute("CREATE USER root2 SUPERUSER")
    root2 = as_user(kappa, "root2")
    root2.cursor().execute("CREATE USER carol")
    root2.cursor().execute("DROP USER carol, bob")
    assert rows(root2, "SELECT count(*) FROM t") == [(2,)]
    fails(alice, "SELECT * FROM t", "42501")
    cur.execute("ALTER USER alice SUPERUSER")
    assert rows(alice, "SELECT count(*) FROM t") == [(2,)]
    cur.execute("ALTER ROLE alice WITH NOSUPERUSER")
    fails(alice, "SELECT * FROM t", "42501")


def test_roles_and_grants_survive_restart(kappa, connect):
    admin = connect(kappa)
    setup_schema(admin)
    admin.cursor().execute("GRANT SELECT ON t TO alice")
    alice = as_user(kappa, "alice")
    alice.cursor().execute("CREATE TABLE mine (x INT)")
    alice.close()
    admin.close()
    kappa.kill9()
    kappa.start()
    alice = as_user(kappa, "alice")
    assert rows(alice, "SELECT id FROM t ORDER BY id") == [(1,), (2,)]
    fails(alice, "SELECT * FROM other", "42501")
    bob = as_user(kappa, "bob")
    fails(bob, "SELECT * FROM mine", "42501")
    fails(bob, "DROP TABLE mine", "42501", "must be owner of table mine")
    admin = connect(kappa)
    fails(admin, "CREATE USER alice", "42710")


def test_has_table_privilege_answers_from_the_grants(kappa, connect):
    # What BI tools (Metabase's privilege CTE) ask: the SQL function must agree with the checks.
    admin = connect(kappa)
    setup_schema(admin)
    ask = ("SELECT has_table_privilege('alice', 't', 'SELECT'), "
           "has_table_privilege('alice', 't', 'INSERT'), "
           "has_table_privilege('alice', 'mv', 'select'), "
           "has_table_privilege('alice', 't', 'SELECT,INSERT'), "
           "has_table_privilege('kappa', 't', 'INSERT')")
    assert rows(admin, ask) == [(False, False, False, False, True)]
    admin.cursor().execute("GRANT SELECT ON t TO alice")
    assert rows(admin, ask) == [(True, False, False, False, True)]
    admin.cursor().execute("GRANT INSERT ON t TO alice")
    assert rows(admin, ask) == [(True, True, False, True, True)]
    admin.cursor().execute("REVOKE SELECT ON t FROM alice")
    assert rows(admin, ask) == [(False, True, False, False, True)]
