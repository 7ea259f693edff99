"""A view's contents are a log of change blobs (storage/state_store.h); once
they hold more than about twice the view's rows plus 65,536, the engine
rewrites them consolidated. A view with heavy churn (every group updated
again and again) must stay equal to its query through compactions and
across a restart, and kappa_catalog.views.stored_rows shows the rewrite."""

import io

N_KEYS = 40_000


def copy_rows(cur, rnd):
    data = "".join(f"{k}\t{rnd}\n" for k in range(N_KEYS))
    cur.copy_from(io.StringIO(data), "t")


def stored(cur):
    cur.execute("SELECT rows, stored_rows FROM kappa_catalog.views WHERE view_name = 'agg'")
    return cur.fetchone()


def check(cur, rounds):
    cur.execute("SELECT count(*), sum(n), sum(s) FROM agg")
    assert cur.fetchone() == (N_KEYS, N_KEYS * rounds, N_KEYS * sum(range(rounds)))


def test_churning_view_is_compacted_and_stays_right(kappa, connect):
    conn = connect(kappa)
    with conn.cursor() as cur:
        cur.execute("CREATE TABLE t (k INT, v INT)")
        cur.execute("CREATE MATERIALIZED VIEW agg AS SELECT k, count(*) AS n, sum(v) AS s "
                    "FROM t GROUP BY k")
        seen = []
        for rnd in range(6):
            # Each round changes every group: a retraction and an insert per group.
            copy_rows(cur, rnd)
            cur.execute("FLUSH")
            check(cur, rnd + 1)
            rows, stored_rows = stored(cur)
            assert rows == N_KEYS
            seen.append(stored_rows)
        # One COPY = one epoch. Round 0 stores 40k inserts; round 1 adds 40k
        # retractions + 40k inserts (120k); round 2 would pass 2 x 40k + 65,536,
        # so the contents are rewritten to their 40k live rows; and so on.
        assert seen == [N_KEYS, 3 * N_KEYS] * 3
    kappa.kill9()
    kappa.start()
    conn = connect(kappa)
    with conn.cursor() as cur:
        check(cur, 6)
        copy_rows(cur, 6)
        cur.execute("FLUSH")
        check(cur, 7)
