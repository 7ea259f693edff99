#!/usr/bin/env python3
"""Incremental materialized view throughput, latency and memory (issue 3, "Speed, measured").

Table: events(k bigint, v bigint, ts timestamp, WATERMARK FOR ts AS ts - INTERVAL '5' SECOND),
N rows (default 10,000,000) over 100,000 distinct keys, timestamps increasing at --event-rate rows
per event-second with up to --jitter-ms of backwards jitter (always within the 5 s lateness, so no
row is late). Rows are loaded with COPY FROM STDIN in batches of --batch rows.

Views:
  a         SELECT k, v * 2 AS v2 FROM events WHERE v % 10 <> 0
  b         SELECT k, count(*), sum(v), max(v) FROM events GROUP BY k
  c         SELECT window_start, k, count(*) FROM TUMBLE(events, ts, INTERVAL '10' SECOND)
            GROUP BY window_start, k
  c_eowc    c with EMIT ON WINDOW CLOSE

For each view, each on the real build/kappadb on a free loopback port with a temporary data dir:
  replay   fresh server per view: load all rows first, then time CREATE MATERIALIZED VIEW (it
           returns after the backfill); rows/s of wall time and rows per server CPU second
           (user+sys of the whole process from /proc/<pid>/stat).
  live     fresh server: create the view, then time the load + FLUSH; the load-only figures (no
           view, from the replay servers) are printed beside it so the view's share can be derived.
  latency  fresh server, the view over --latency-preload rows (a SELECT on a view reads the whole
           view, so a poll on the N-row view would take seconds): --samples single-row INSERTs of a
           new key; from the INSERT's acknowledgement until a SELECT on the view (second
           connection, tight poll, no FLUSH) sees it; p50/p99, while a background connection
           inserts --bg-rate rows/s. (Not for c_eowc: its rows appear only when the window closes.)
  memory   VmHWM of the server (peak RSS; reset through /proc/<pid>/clear_refs before each phase
           when the kernel allows it) and the state sizes from kappa_catalog.view_operators.

Prints a table and writes bench/results/views-<date>-<git short commit>.json.

Usage: bench/view_bench.py [--build-dir build] [--rows 10000000] [--views a,b,c,c_eowc]
       quick run: bench/view_bench.py --rows 500000 --samples 100
"""
import argparse
import contextlib
import datetime
import json
import os
import platform
import signal
import statistics
import subprocess
import sys
import threading
import time

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.dirname(HERE)
sys.path.insert(0, os.path.join(REPO, "tests", "harness"))
from servers import KappaServer  # noqa: E402

import psycopg2  # noqa: E402

TABLE_DDL = ("CREATE TABLE events (k BIGINT, v BIGINT, ts TIMESTAMP, "
             "WATERMARK FOR ts AS ts - INTERVAL '5' SECOND)")

VIEWS = {
    "a": ("filter/project",
          "SELECT k, v * 2 AS v2 FROM events WHERE v % 10 <> 0", 1_000_000),
    "b": ("group by k: count/sum/max",
          "SELECT k, count(*), sum(v), max(v) FROM events GROUP BY k", 500_000),
    "c": ("tumble 10 s count per k",
          "SELECT window_start, k, count(*) FROM TUMBLE(events, ts, INTERVAL '10' SECOND) "
          "GROUP BY window_start, k", 500_000),
    "c_eowc": ("tumble 10 s, EMIT ON WINDOW CLOSE",
               "SELECT window_start, k, count(*) FROM TUMBLE(events, ts, INTERVAL '10' SECOND) "
               "GROUP BY window_start, k EMIT ON WINDOW CLOSE", 500_000),
}

DEFAULT_ROWS = 10_000_000
DEFAULT_VIEWS = "a,b,c,c_eowc"
BASE = datetime.datetime(2026, 1, 1)
CLK_TCK = os.sysconf("SC_CLK_TCK")


# -- the server process ---------------------------------------------------------------------
def cpu_seconds(pid):
    """user+sys CPU seconds of the whole process (all threads)."""
    with open(f"/proc/{pid}/stat") as f:
        fields = f.read().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / CLK_TCK  # utime, stime (fields 14, 15)


def proc_status_kb(pid, key):
    with open(f"/proc/{pid}/status") as f:
        for line in f:
            if line.startswith(key + ":"):
                return int(line.split()[1])
    return None


def reset_peak_rss(pid):
    """Resets VmHWM to the current RSS (Linux >= 4.0); returns False when not allowed."""
    try:
        with open(f"/proc/{pid}/clear_refs", "w") as f:
            f.write("5")
        return True
    except OSError:
        return False


class Meter:
    """Wall time and server CPU time of one phase."""

    def __init__(self, pid):
        self.pid = pid

    def __enter__(self):
        self.cpu0 = cpu_seconds(self.pid)
        self.t0 = time.perf_counter()
        return self

    def __exit__(self, *exc):
        self.wall = time.perf_counter() - self.t0
        self.cpu = cpu_seconds(self.pid) - self.cpu0


# -- data -----------------------------------------------------------------------------------
class EventTime:
    """Shared, increasing event time (microseconds since BASE) for rows inserted after the load."""

    def __init__(self, start_us, step_us):
        self.lock = threading.Lock()
        self.us = start_us
        self.step = step_us

    def next(self):
        with self.lock:
            self.us += self.step
            return self.us


def ts_text(us):
    return (BASE + datetime.timedelta(microseconds=us)).strftime("%Y-%m-%d %H:%M:%S.%f")


def make_batches(rows, keys, batch, event_rate, jitter_ms):
    """COPY text batches (bytes). Row i: k = a spread permutation of i mod keys, v = 37*i mod
    100,000 (10% multiples of 10), ts = i / event_rate seconds minus a deterministic jitter."""
    step_us = 1_000_000 / event_rate
    jitter_us = int(jitter_ms * 1000)
    sec_cache = {}
    out = []
    for start in range(0, rows, batch):
        parts = []
        for i in range(start, min(start + batch, rows)):
            us = int(i * step_us)
            if jitter_us:
                us -= ((i * 2654435761) >> 7) % jitter_us
                if us < 0:
                    us = 0
            sec, frac = divmod(us, 1_000_000)
            s = sec_cache.get(sec)
            if s is None:
                s = (BASE + datetime.timedelta(seconds=sec)).strftime("%Y-%m-%d %H:%M:%S")
                sec_cache[sec] = s
            parts.append(f"{(i * 7919 + (i >> 11)) % keys}\t{(i * 37) % 100000}\t{s}.{frac:06d}\n")
        out.append("".join(parts).encode())
    end_us = int(rows * step_us)
    return out, end_us


class _Reader:
    """File-like object over one bytes batch for psycopg2's copy_expert."""

    def __init__(self, data):
        self.data = data
        self.pos = 0

    def read(self, n=-1):
        if n is None or n < 0:
            n = len(self.data) - self.pos
        chunk = self.data[self.pos:self.pos + n]
        self.pos += len(chunk)
        return chunk

    readline = read


def load(cur, batches):
    for b in batches:
        cur.copy_expert("COPY events FROM STDIN", _Reader(b), size=1 << 20)


# -- measurements ---------------------------------------------------------------------------
def connect(server):
    conn = psycopg2.connect(server.dsn())
    conn.autocommit = True
    return conn


def one(cur, sql, params=None):
    cur.execute(sql, params)
    return cur.fetchone()


def state_sizes(cur, view):
    cur.execute("SELECT view_name, operator, state_rows, state_bytes FROM kappa_catalog.view_operators")
    ops = [{"operator": r[1], "state_rows": r[2], "state_bytes": r[3]}
           for r in cur.fetchall() if r[0] == view]
    return ops


def view_rows(cur, view):
    cur.execute(f"SELECT count(*) FROM {view}")
    return cur.fetchone()[0]


def start_server(args):
    s = KappaServer(binary=os.path.join(args.build_dir, "kappadb"))
    s.start()
    return s


def measure_latency(server, view, args, etime):
    """p50/p99 ms from an acknowledged single-row INSERT (a new key) until a SELECT on the view
    sees it, with background inserts at args.bg_rate rows/s."""
    stop = threading.Event()
    bg_error = []

    def background():
        try:
            conn = connect(server)
            cur = conn.cursor()
            per_stmt = max(1, args.bg_rate // 100)  # 100 statements per second
            interval = per_stmt / args.bg_rate
            i = 0
            next_t = time.perf_counter()
            while not stop.is_set():
                vals = []
                for _ in range(per_stmt):
                    vals.append(f"({(i * 7919) % args.keys}, {i % 1000 * 10 + 1}, "
                                f"'{ts_text(etime.next())}')")
                    i += 1
                cur.execute("INSERT INTO events VALUES " + ",".join(vals))
                next_t += interval
                delay = next_t - time.perf_counter()
                if delay > 0:
                    time.sleep(delay)
                else:
                    next_t = time.perf_counter()
            conn.close()
        except Exception as e:  # reported below
            bg_error.append(repr(e))

    writer = connect(server)
    reader = connect(server)
    wcur, rcur = writer.cursor(), reader.cursor()
    bg = threading.Thread(target=background, daemon=True)
    if args.bg_rate > 0:
        bg.start()
        time.sleep(0.5)
    lat, polls, insert_ms = [], [], []
    timeouts = 0
    query = f"SELECT count(*) FROM {view} WHERE k = %s"
    try:
        for n in range(args.samples):
            key = args.keys + 1_000_000 + n  # a key no other row has
            t_send = time.perf_counter()
            wcur.execute("INSERT INTO events VALUES (%s, 1, %s)", (key, ts_text(etime.next())))
            t_ack = time.perf_counter()
            insert_ms.append((t_ack - t_send) * 1000)
            deadline = t_ack + args.latency_timeout
            p = 0
            while True:
                rcur.execute(query, (key,))
                p += 1
                if rcur.fetchone()[0] > 0:
                    lat.append((time.perf_counter() - t_ack) * 1000)
                    break
                if time.perf_counter() > deadline:
                    timeouts += 1
                    break
            polls.append(p)
            time.sleep(args.sample_gap_ms / 1000)
    finally:
        stop.set()
        if bg.is_alive():
            bg.join(10)
        writer.close()
        reader.close()
    # time of one poll query on the view, as a resolution bound
    reader = connect(server)
    rcur = reader.cursor()
    t0 = time.perf_counter()
    for _ in range(5):
        rcur.execute(query, (-1,))
        rcur.fetchone()
    poll_ms = (time.perf_counter() - t0) / 5 * 1000
    reader.close()
    res = {"samples": len(lat), "timeouts": timeouts, "bg_rate_rows_per_s": args.bg_rate,
           "poll_query_ms": round(poll_ms, 2),
           "insert_ack_ms_p50": round(statistics.median(insert_ms), 2) if insert_ms else None,
           "mean_polls": round(statistics.mean(polls), 1) if polls else None}
    if bg_error:
        res["background_error"] = bg_error[0]
    if lat:
        lat.sort()
        res["p50_ms"] = round(lat[len(lat) // 2], 2)
        res["p99_ms"] = round(lat[min(len(lat) - 1, int(len(lat) * 0.99))], 2)
        res["max_ms"] = round(lat[-1], 2)
    return res


def rate(rows, seconds):
    return round(rows / seconds) if seconds > 0 else None


def phase_figures(rows, m):
    return {"wall_s": round(m.wall, 3), "cpu_s": round(m.cpu, 3),
            "rows_per_s": rate(rows, m.wall), "rows_per_cpu_s": rate(rows, m.cpu)}


@contextlib.contextmanager
def fresh_server(args):
    """A new server on a temporary data dir with the events table; yields (server, cursor)."""
    server = start_server(args)
    try:
        conn = connect(server)
        cur = conn.cursor()
        cur.execute(TABLE_DDL)
        yield server, cur
        conn.close()
    finally:
        server.stop(timeout=60)
        server.cleanup()


def run_replay(args, batches, names, results):
    """One fresh server per view (so peak RSS is the view's own): load, then CREATE."""
    for name in names:
        with fresh_server(args) as (server, cur):
            pid = server.proc.pid
            with Meter(pid) as m:
                load(cur, batches)
            lo = phase_figures(args.rows, m)
            lo["vmhwm_kb"] = proc_status_kb(pid, "VmHWM")
            results["load_only_runs"].append(lo)
            if "load_only" not in results:
                results["load_only"] = lo
                log(f"load only (no view): {m.wall:.1f} s wall, {m.cpu:.1f} s CPU, "
                    f"{rate(args.rows, m.wall):,} rows/s")
            view = f"v_{name}"
            rss_before = proc_status_kb(pid, "VmRSS")
            hwm_reset = reset_peak_rss(pid)
            with Meter(pid) as m:
                cur.execute(f"CREATE MATERIALIZED VIEW {view} AS {VIEWS[name][1]}")
            r = phase_figures(args.rows, m)
            r["vmhwm_kb"] = proc_status_kb(pid, "VmHWM")
            r["vmhwm_reset_before"] = hwm_reset
            r["vmrss_before_kb"] = rss_before
            r["state"] = state_sizes(cur, view)
            r["view_rows"] = view_rows(cur, view)
            results["views"].setdefault(name, {})["replay"] = r
            log(f"replay {name}: {m.wall:.1f} s wall, {m.cpu:.1f} s CPU, "
                f"{r['rows_per_cpu_s']:,} rows/CPU-s, {r['view_rows']:,} view rows")


def run_live(args, batches, name, results):
    with fresh_server(args) as (server, cur):
        pid = server.proc.pid
        view = f"v_{name}"
        cur.execute(f"CREATE MATERIALIZED VIEW {view} AS {VIEWS[name][1]}")
        hwm_reset = reset_peak_rss(pid)
        with Meter(pid) as m_load:
            load(cur, batches)
            with Meter(pid) as m_flush:
                cur.execute("FLUSH")
        r = phase_figures(args.rows, m_load)
        r["load_wall_s"] = round(m_load.wall - m_flush.wall, 3)
        r["flush_wall_s"] = round(m_flush.wall, 3)
        r["vmhwm_kb"] = proc_status_kb(pid, "VmHWM")
        r["vmhwm_reset_before"] = hwm_reset
        r["state"] = state_sizes(cur, view)
        r["view_rows"] = view_rows(cur, view)
        results["views"].setdefault(name, {})["live"] = r
        log(f"live {name}: load {r['load_wall_s']:.1f} s + FLUSH {m_flush.wall:.1f} s, "
            f"{m_load.cpu:.1f} s CPU, {r['rows_per_cpu_s']:,} rows/CPU-s")


def run_latency(args, name, results):
    """Latency on a fresh server whose view holds only --latency-preload rows: a SELECT on a view
    reads the whole view, so on the 10M-row views one poll alone would take seconds."""
    with fresh_server(args) as (server, cur):
        view = f"v_{name}"
        cur.execute(f"CREATE MATERIALIZED VIEW {view} AS {VIEWS[name][1]}")
        pre, end_us = make_batches(args.latency_preload, args.keys, args.batch, args.event_rate,
                                   args.jitter_ms)
        load(cur, pre)
        cur.execute("FLUSH")
        etime = EventTime(end_us + 1_000_000, 1000)
        lat = measure_latency(server, view, args, etime)
        lat["preload_rows"] = args.latency_preload
        results["views"].setdefault(name, {})["latency"] = lat
        log(f"latency {name}: p50 {lat.get('p50_ms')} ms, p99 {lat.get('p99_ms')} ms "
            f"({lat['samples']} samples, poll {lat['poll_query_ms']} ms)")


def run_perf(args, batches, name, results):
    """perf record -g on the server during the replay of one view."""
    with fresh_server(args) as (server, cur):
        pid = server.proc.pid
        load(cur, batches)
        out = os.path.abspath(args.perf_data)
        perf = subprocess.Popen(["perf", "record", "-g", "-F", str(args.perf_freq), "-p", str(pid),
                                 "-o", out], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        time.sleep(1.0)
        t0 = time.perf_counter()
        cur.execute(f"CREATE MATERIALIZED VIEW v_{name} AS {VIEWS[name][1]}")
        wall = time.perf_counter() - t0
        perf.send_signal(2)
        perf.wait(120)
        results["perf"] = {"view": name, "data": out, "replay_wall_s": round(wall, 3)}
        log(f"perf data for replay of {name} in {out} (perf report -i {out} --no-children)")


def log(msg):
    print(f"[{time.strftime('%H:%M:%S')}] {msg}", flush=True)


# -- report ---------------------------------------------------------------------------------
def machine():
    model = None
    try:
        with open("/proc/cpuinfo") as f:
            for line in f:
                if line.startswith("model name"):
                    model = line.split(":", 1)[1].strip()
                    break
    except OSError:
        pass
    mem_kb = None
    try:
        with open("/proc/meminfo") as f:
            mem_kb = int(f.readline().split()[1])
    except OSError:
        pass
    return {"nproc": os.cpu_count(), "cpu_model": model, "mem_total_kb": mem_kb,
            "kernel": platform.release(), "loadavg_at_start": os.getloadavg()}


def git_info():
    def run(*argv):
        try:
            return subprocess.run(["git", "-C", REPO] + list(argv), capture_output=True,
                                  text=True, timeout=10).stdout.strip()
        except (OSError, subprocess.SubprocessError):
            return ""
    return {"commit": run("rev-parse", "--short", "HEAD") or "unknown",
            "dirty": bool(run("status", "--porcelain", "--untracked-files=no"))}


def fmt(n, unit=""):
    if n is None:
        return "-"
    if isinstance(n, float):
        return f"{n:,.1f}{unit}"
    return f"{n:,}{unit}"


def print_table(results):
    lo = results["load_only"]
    print()
    print(f"rows: {results['params']['rows']:,}   keys: {results['params']['keys']:,}   "
          f"cores: {results['machine']['nproc']}   {results['machine']['cpu_model']}")
    print(f"load only (COPY, no view): {fmt(lo['rows_per_s'])} rows/s wall, "
          f"{fmt(lo['rows_per_cpu_s'])} rows/CPU-s ({lo['wall_s']} s, {lo['cpu_s']} CPU-s)")
    hdr = (f"{'view':7} {'replay rows/s':>14} {'replay rows/CPU-s':>18} {'goal':>10} "
           f"{'live rows/s':>12} {'live rows/CPU-s':>16} {'view CPU-s live':>15} "
           f"{'p50 ms':>8} {'p99 ms':>8} {'peak RSS MiB r/l':>17} {'state rows':>11} {'state MiB':>10}")
    print(hdr)
    print("-" * len(hdr))
    for name, v in results["views"].items():
        rp, lv, lat = v.get("replay", {}), v.get("live", {}), v.get("latency", {})
        goal = VIEWS[name][2]
        got = rp.get("rows_per_cpu_s")
        mark = "" if got is None else (" ok" if got >= goal else " MISS")
        view_cpu = (round(lv["cpu_s"] - lo["cpu_s"], 1) if lv.get("cpu_s") is not None else None)
        st = lv.get("state") or rp.get("state") or []
        srows = sum(o["state_rows"] or 0 for o in st) if st else None
        sbytes = sum(o["state_bytes"] or 0 for o in st) if st else None
        rss = "/".join(fmt(x.get("vmhwm_kb") // 1024) if x.get("vmhwm_kb") else "-"
                       for x in (rp, lv))
        print(f"{name:7} {fmt(rp.get('rows_per_s')):>14} {fmt(got):>18} "
              f"{'>=' + format(goal, ','):>10}{mark:5} {fmt(lv.get('rows_per_s')):>7} "
              f"{fmt(lv.get('rows_per_cpu_s')):>16} {fmt(view_cpu):>15} "
              f"{fmt(lat.get('p50_ms')):>8} {fmt(lat.get('p99_ms')):>8} {rss:>17} "
              f"{fmt(srows):>11} {fmt(None if sbytes is None else round(sbytes / 2**20, 1)):>10}")
    print("replay: CREATE MATERIALIZED VIEW over the loaded table (backfill); live: view first, "
          "then COPY + FLUSH (includes the load; compare with 'load only').")
    print("rows/CPU-s = rows / server user+sys CPU seconds; latency = acknowledged INSERT -> "
          "visible in SELECT on the view (no FLUSH). peak RSS = VmHWM in replay/live phase.")


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--build-dir", default=os.path.join(REPO, "build"))
    ap.add_argument("--rows", type=int, default=DEFAULT_ROWS)
    ap.add_argument("--keys", type=int, default=100_000)
    ap.add_argument("--batch", type=int, default=200_000, help="rows per COPY")
    ap.add_argument("--event-rate", type=int, default=100_000,
                    help="rows per event-time second (a 10 s window holds 10x this)")
    ap.add_argument("--jitter-ms", type=int, default=2000, help="max backwards ts jitter (< 5 s)")
    ap.add_argument("--views", default=DEFAULT_VIEWS)
    ap.add_argument("--samples", type=int, default=200, help="latency samples per view (0: skip)")
    ap.add_argument("--latency-preload", type=int, default=10_000,
                    help="rows in the table before the latency samples")
    ap.add_argument("--bg-rate", type=int, default=1000, help="background rows/s during latency")
    ap.add_argument("--sample-gap-ms", type=float, default=10.0)
    ap.add_argument("--latency-timeout", type=float, default=10.0)
    ap.add_argument("--skip-live", action="store_true")
    ap.add_argument("--perf-view", default="", help="also perf record -g the replay of this view")
    ap.add_argument("--perf-data", default="perf-view-replay.data")
    ap.add_argument("--perf-freq", type=int, default=499)
    ap.add_argument("--out-dir", default=os.path.join(HERE, "results"))
    ap.add_argument("--no-write", action="store_true")
    args = ap.parse_args()
    # SIGTERM unwinds like Ctrl-C, so every server is stopped and its directory removed.
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))
    names = [n.strip() for n in args.views.split(",") if n.strip()]
    for n in names:
        if n not in VIEWS:
            ap.error(f"unknown view {n!r} (known: {', '.join(VIEWS)})")
    if args.jitter_ms >= 5000:
        ap.error("--jitter-ms must stay below the 5 s watermark lateness")

    started = time.time()
    log(f"generating {args.rows:,} rows ...")
    batches, _ = make_batches(args.rows, args.keys, args.batch, args.event_rate,
                                   args.jitter_ms)
    log(f"generated {sum(len(b) for b in batches) / 2**20:.0f} MiB of COPY text "
        f"in {len(batches)} batches")

    results = {
        "benchmark": "views",
        "date": datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ"),
        "git": git_info(),
        "machine": machine(),
        "params": {"rows": args.rows, "keys": args.keys, "copy_batch_rows": args.batch,
                   "event_rate_rows_per_event_s": args.event_rate, "jitter_ms": args.jitter_ms,
                   "latency_samples": args.samples, "latency_bg_rate_rows_per_s": args.bg_rate,
                   "latency_preload_rows": args.latency_preload,
                   # Relative to the repository: results must not name this machine's paths.
                   "binary": os.path.relpath(os.path.abspath(os.path.join(args.build_dir, "kappadb")),
                                             REPO),
                   "table": TABLE_DDL},
        "goals_replay_rows_per_cpu_s": {n: VIEWS[n][2] for n in names},
        "view_sql": {n: VIEWS[n][1] for n in names},
        "views": {},
        "load_only_runs": [],
    }
    run_replay(args, batches, names, results)
    if not args.skip_live:
        for name in names:
            run_live(args, batches, name, results)
    if args.samples > 0:
        for name in names:
            if name != "c_eowc":  # its rows appear only when the window closes
                run_latency(args, name, results)
    if args.perf_view:
        run_perf(args, batches, args.perf_view, results)
    results["total_wall_s"] = round(time.time() - started, 1)
    results["machine"]["loadavg_at_end"] = os.getloadavg()
    print_table(results)
    if not args.no_write:
        os.makedirs(args.out_dir, exist_ok=True)
        day = datetime.date.today().strftime("%Y%m%d")
        # The default full run is views-<date>-<commit>.json; other runs say what differs.
        suffix = "" if args.rows == DEFAULT_ROWS else f"-{args.rows}rows"
        if args.skip_live or args.samples == 0 or args.views != DEFAULT_VIEWS:
            suffix += "-partial"
        path = os.path.join(args.out_dir, f"views-{day}-{results['git']['commit']}{suffix}.json")
        with open(path, "w") as f:
            json.dump(results, f, indent=2)
            f.write("\n")
        print(f"wrote {path}")


if __name__ == "__main__":
    main()
