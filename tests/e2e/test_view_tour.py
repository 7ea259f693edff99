"""The issue 3 tour, as a new user would do it with psql: a table with a
watermark, a tumbling-window view with and without EMIT ON WINDOW CLOSE,
in-order and late rows, FLUSH, then the views, kappa_catalog.late_rows and
the state sizes in kappa_catalog.view_operators. Asserts on psql's own
output (aligned format, as a user sees it).

Hand-computed: WATERMARK ts - 5 s. After 10:00:10, 10:00:50, 10:01:20 the
watermark is 10:01:15, so [10:00,10:01) is closed; 10:00:30 is then late.
10:02:10 moves the watermark to 10:02:05 and closes [10:01,10:02).
"""

import shutil
import subprocess

import pytest

SCRIPT_1 = """\
CREATE TABLE clicks (user_id INT, url TEXT, ts TIMESTAMP, WATERMARK FOR ts AS ts - INTERVAL '5' SECOND);
CREATE MATERIALIZED VIEW clicks_per_min AS SELECT window_start, window_end, count(*) AS clicks FROM TUMBLE(clicks, ts, INTERVAL '1' MINUTE) GROUP BY window_start, window_end;
CREATE MATERIALIZED VIEW clicks_per_min_final AS SELECT window_start, window_end, count(*) AS clicks FROM TUMBLE(clicks, ts, INTERVAL '1' MINUTE) GROUP BY window_start, window_end EMIT ON WINDOW CLOSE;
INSERT INTO clicks VALUES (1, '/a', '2024-01-01 10:00:10'), (2, '/b', '2024-01-01 10:00:50'), (1, '/c', '2024-01-01 10:01:20');
FLUSH;
SELECT * FROM clicks_per_min ORDER BY window_start;
SELECT * FROM clicks_per_min_final ORDER BY window_start;
"""

SCRIPT_2 = """\
INSERT INTO clicks VALUES (3, '/late', '2024-01-01 10:00:30');
INSERT INTO clicks VALUES (2, '/d', '2024-01-01 10:02:10');
FLUSH;
SELECT * FROM clicks_per_min ORDER BY window_start;
SELECT * FROM clicks_per_min_final ORDER BY window_start;
SELECT table_name, row_data, watermark FROM kappa_catalog.late_rows;
SHOW MATERIALIZED VIEWS;
SELECT view_name, operator, state_rows, state_bytes FROM kappa_catalog.view_operators ORDER BY view_name, operator_id;
SELECT max(state_rows) <= 1 AS bounded FROM kappa_catalog.view_operators WHERE view_name = 'clicks_per_min_final' AND operator ILIKE '%agg%';
"""

HEADER = """\
    window_start     |     window_end      | clicks 
---------------------+---------------------+--------
"""


def psql(server, script):
    out = subprocess.run(
        ["psql", "-X", "-a", "-v", "ON_ERROR_STOP=1", "-h", "127.0.0.1", "-p", str(server.port),
         "-U", "kappa", "kappa", "-f", "-"],
        input=script, capture_output=True, text=True, timeout=60)
    return out.returncode, out.stdout + out.stderr


def after(output, statement):
    """The text psql printed after echoing `statement` (up to the next echo)."""
    i = output.index(statement) + len(statement) + 1
    return output[i:]


def test_tour_with_psql(kappa):
    if shutil.which("psql") is None:
        pytest.fail("psql is not installed (scripts/install-deps.sh installs it)")
    rc, out = psql(kappa, SCRIPT_1)
    assert rc == 0, out
    for tag in ["CREATE TABLE", "CREATE MATERIALIZED VIEW", "INSERT 0 3", "FLUSH"]:
        assert "\n" + tag + "\n" in out, out
    assert after(out, "SELECT * FROM clicks_per_min ORDER BY window_start;").startswith(
        HEADER
        + " 2024-01-01 10:00:00 | 2024-01-01 10:01:00 |      2\n"
        + " 2024-01-01 10:01:00 | 2024-01-01 10:02:00 |      1\n"
        + "(2 rows)\n"), out
    # only the closed window [10:00,10:01)
    assert after(out, "SELECT * FROM clicks_per_min_final ORDER BY window_start;").startswith(
        HEADER
        + " 2024-01-01 10:00:00 | 2024-01-01 10:01:00 |      2\n"
        + "(1 row)\n"), out

    rc, out = psql(kappa, SCRIPT_2)
    assert rc == 0, out
    # the late row is accepted, reported, and kept out of the table
    assert ("NOTICE:  1 row was late (watermark 2024-01-01 10:01:15) "
            "and went to kappa_catalog.late_rows") in out, out
    assert "\nINSERT 0 1\n" in out, out
    assert after(out, "SELECT * FROM clicks_per_min ORDER BY window_start;").startswith(
        HEADER
        + " 2024-01-01 10:00:00 | 2024-01-01 10:01:00 |      2\n"
        + " 2024-01-01 10:01:00 | 2024-01-01 10:02:00 |      1\n"
        + " 2024-01-01 10:02:00 | 2024-01-01 10:03:00 |      1\n"
        + "(3 rows)\n"), out
    assert after(out, "SELECT * FROM clicks_per_min_final ORDER BY window_start;").startswith(
        HEADER
        + " 2024-01-01 10:00:00 | 2024-01-01 10:01:00 |      2\n"
        + " 2024-01-01 10:01:00 | 2024-01-01 10:02:00 |      1\n"
        + "(2 rows)\n"), out
    assert after(out, "SELECT table_name, row_data, watermark FROM kappa_catalog.late_rows;").startswith(
        " table_name |            row_data             |      watermark      \n"
        "------------+---------------------------------+---------------------\n"
        " clicks     | (3,/late,\"2024-01-01 10:00:30\") | 2024-01-01 10:01:15\n"
        "(1 row)\n"), out
    shown = after(out, "SHOW MATERIALIZED VIEWS;")
    assert " clicks_per_min\n" in shown.split("(2 rows)")[0], out
    assert " clicks_per_min_final\n" in shown.split("(2 rows)")[0], out
    # one line per operator of each view, with its state size
    ops = after(out, "ORDER BY view_name, operator_id;").split("\n(")[0].split("\n")
    assert [c.strip() for c in ops[0].split("|")] == ["view_name", "operator", "state_rows",
                                                      "state_bytes"], out
    body = ops[2:]
    assert len(body) >= 4, out
    names = {l.split("|")[0].strip() for l in body}
    assert names == {"clicks_per_min", "clicks_per_min_final"}, out
    for line in body:
        rows, nbytes = int(line.split("|")[2]), int(line.split("|")[3])
        assert rows >= 0 and nbytes >= 0, line
        assert nbytes > 0 or rows == 0, line
    # the EOWC view's aggregate holds only the open window [10:02,10:03)
    assert after(out, "AND operator ILIKE '%agg%';").startswith(
        " bounded \n---------\n t\n(1 row)\n"), out
