"""Real drivers against the real server: pgjdbc (Debian's
libpostgresql-jdbc-java, compiled with javac) and node-postgres (npm's `pg`,
installed once into the build tree at test time). Each client program
(tests/clients/) prints `ok <check>` per check and `done` at the end; these
tests compare the whole list of checks, so a check that silently stops
running fails too."""

import os
import shutil
import subprocess

import pytest

HERE = os.path.dirname(os.path.abspath(__file__))
CLIENTS = os.path.join(os.path.dirname(HERE), "clients")
JDBC_JAR = "/usr/share/java/postgresql.jar"


def build_dir():
    return os.environ.get("KAPPADB_BUILD_DIR") or os.path.dirname(
        os.environ.get("KAPPADB_BIN", os.path.join(os.path.dirname(os.path.dirname(HERE)), "build", "kappadb")))



def run_client(argv, env=None):
    p = subprocess.run(argv, capture_output=True, text=True, timeout=180, env=env)
    out = p.stdout.splitlines()
    assert p.returncode == 0 and out and out[-1] == "done", (
        f"{' '.join(argv)} failed (exit {p.returncode}):\n" + "\n".join(out[-15:]) + "\n" + p.stderr[-3000:])
    return [l[3:] for l in out if l.startswith("ok ")]


def test_pgjdbc(kappa, tmp_path):
    if not os.path.exists(JDBC_JAR) or shutil.which("javac") is None:
        pytest.fail("pgjdbc or javac missing: scripts/install-deps.sh installs them")
    src = os.path.join(CLIENTS, "JdbcCompat.java")
    subprocess.run(["javac", "-d", str(tmp_path), "-cp", JDBC_JAR, src], check=True, timeout=180)
    checks = run_client(["java", "-cp", f"{JDBC_JAR}:{tmp_path}", "JdbcCompat", str(kappa.port)])
    assert len(checks) == 12 + 8 * 13 + 1 + 1 + 3 + 2 + 1 + 2, checks
    assert checks[0] == "insert 1" and checks[-1] == "getColumns"
    assert "fetch size 3 reads every row" in checks and "getColumns" in checks


def node_modules():
    """node-postgres from the npm registry, installed once per build tree."""
    prefix = os.path.join(build_dir(), "npm")
    mods = os.path.join(prefix, "node_modules")
    if not os.path.exists(os.path.join(mods, "pg", "package.json")):
        os.makedirs(prefix, exist_ok=True)
        p = subprocess.run(["npm", "install", "--prefix", prefix, "--no-audit", "--no-fund", "pg@8"],
                           capture_output=True, text=True, timeout=300)
        assert p.returncode == 0, "npm install pg failed:\n" + p.stdout[-2000:] + p.stderr[-2000:]
    return mods


def test_node_postgres(kappa):
    if shutil.which("node") is None or shutil.which("npm") is None:
        pytest.fail("node/npm missing: scripts/install-deps.sh installs them")
    env = dict(os.environ, NODE_PATH=node_modules())
    src = os.path.join(CLIENTS, "node_pg_compat.js")
    checks = run_client(["node", src, str(kappa.port)], env=env)
    assert checks[:7] == [f"named insert {i}" for i in range(1, 8)]
    assert checks[-1] == "view through node-postgres"
    assert len(checks) == 7 + 3 + 3 + 1 + 2 + 1, checks
