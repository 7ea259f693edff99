#!/usr/bin/env python3
"""Kafka table ingestion throughput and end-to-end latency (issue 4, "Kafka tables").

Against the Kafka test broker (tools/kafka_test_broker.cc, librdkafka's mock cluster) with a
topic of --partitions partitions. librdkafka's mock keeps only 5 MiB per partition (it drops the
oldest records beyond that; hard-coded in rdkafka_mock.c), about 32,000 of these records, so the
default (--partitions 0) is max(4, ceil(N / 25,000)) partitions: 80 for 2,000,000 records. With
--compression zstd a partition holds about 400,000 records (--partitions 8 is enough for 2M). After
producing, the topic's low/high offsets are checked: nothing may have been dropped.

  produce   N JSON records (default 2,000,000; --records) are produced BEFORE kappadb starts, by
            tools/kafka_bench_produce.cc (librdkafka, batches, linger.ms=20, acks=1), about 140
            bytes each (--compression none by default): {"id": i, "k": i % 100000, "v": 37*i % 100000, "ts": "2024-...", "name":
            "name-...", "ok": ...}; the producer's records/s is printed too (informational).
  table     fresh kappadb: CREATE TABLE ev (...) WITH (connector = 'kafka', scan.startup.mode =
            'earliest') FORMAT PLAIN ENCODE JSON and nothing else; timed from the CREATE until
            kappa_catalog.sources says N records were read and a FLUSH returned (polled every
            --poll-ms, which costs the server little); then count(*) must be N.
  view      fresh kappadb: the same table and at once CREATE MATERIALIZED VIEW ev_by_k AS SELECT
            k, count(*), sum(v) FROM ev GROUP BY k; timed the same way (FLUSH waits until the
            view has every row); then the view must hold min(N, keys) groups whose counts add up
            to N and whose sums add up to sum(v).
            For both: records/s of wall time, records per server CPU second (user+sys of the whole
            kappadb process from /proc/<pid>/stat: records per second per core) and peak RSS
            (VmHWM; each phase has its own server).
  latency   on the view's server, idle and caught up: --probe-rate records/s (default 2,000) for
            --probe-seconds (default 10), each with a key of its own (k = -1 - id) and its
            produce wall time (sent_us); a second connection polls SELECT k FROM ev_by_k WHERE
            k < 0 in a tight loop and notes when each key first appears; latency = first seen -
            sent_us (the same clock), p50/p99/max. The poll query reads the whole view, so its
            duration (poll_query_ms in the JSON) bounds the resolution.

Prints a table and writes bench/results/kafka-<date>-<git short commit>.json (with the load
average at start and end: on a shared machine wall-clock figures depend on what else runs).

Usage: bench/kafka_bench.py [--build-dir build] [--records 2000000] [--partitions P] [--compression C]
       quick run: bench/kafka_bench.py --records 200000 --probe-seconds 3
"""
import argparse
import datetime
import json
import os
import signal
import statistics
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.dirname(HERE)
sys.path.insert(0, HERE)
sys.path.insert(0, os.path.join(REPO, "tests", "harness"))
from kafka_broker import TestBroker  # noqa: E402
from servers import KappaServer  # noqa: E402
from view_bench import (Meter, connect, cpu_seconds, git_info, log, machine,  # noqa: E402,F401
                        one, proc_status_kb, rate)


DEFAULT_RECORDS = 2_000_000
TOPIC = "ev"
VIEW_SQL = "SELECT k, count(*), sum(v) FROM ev GROUP BY k"
# librdkafka's mock broker holds a Fetch that finds no data for fetch.wait.max.ms (default 500)
# even when records arrive meanwhile (a real broker answers as soon as they do): without this the
# latency would measure the mock (p50 ~300 ms). Replaced by any --kafka-property.
DEFAULT_KAFKA_PROPERTIES = ("fetch.wait.max.ms=10",)


def table_ddl(bootstrap, properties=()):
    extra = "".join(f", properties.{kv.split('=', 1)[0]} = '{kv.split('=', 1)[1]}'"
                    for kv in properties)
    return ("CREATE TABLE ev (id BIGINT, k BIGINT, v BIGINT, ts TIMESTAMP, name TEXT, ok BOOLEAN, "
            "sent_us BIGINT) WITH (connector = 'kafka', topic = '" + TOPIC + "', "
            f"properties.bootstrap.server = '{bootstrap}', scan.startup.mode = 'earliest'{extra}) "
            "FORMAT PLAIN ENCODE JSON")


# -- the broker and the producer ------------------------------------------------------------
def producer_cmd(args, bootstrap, *extra):
    return [os.path.join(args.build_dir, "kafka_bench_produce"), "--bootstrap", bootstrap,
            "--topic", TOPIC, "--keys", str(args.keys), "--compression", args.compression, *extra]


def run_producer(args, bootstrap, *extra):
    out = subprocess.run(producer_cmd(args, bootstrap, *extra), capture_output=True, text=True,
                         timeout=3600)
    if out.returncode != 0:
        raise RuntimeError("kafka_bench_produce failed: " + out.stderr[-2000:])
    return json.loads(out.stdout.strip().splitlines()[-1])


def produce_bulk(args, bootstrap):
    stats = run_producer(args, bootstrap, "--records", str(args.records))
    wm = run_producer(args, bootstrap, "--watermarks")
    if (wm["low"], wm["high"]) != (0, args.records):
        raise RuntimeError(f"the topic holds offsets {wm['low']}..{wm['high']} summed over its "
                           f"{wm['partitions']} partitions, not 0..{args.records}: the mock "
                           "broker dropped records (it keeps ~5 MiB per partition); use more "
                           "--partitions or --compression zstd")
    return stats


# -- kappadb --------------------------------------------------------------------------------
def source_records(cur):
    r = one(cur, "SELECT records, bad_records, state, error FROM kappa_catalog.sources "
                 "WHERE table_name = 'ev'")
    return r if r else (0, 0, "missing", None)


def wait_ingested(cur, n, args):
    """Polls kappa_catalog.sources until n records were read, then FLUSH; returns the number of
    polls. Raises on bad records or the deadline."""
    deadline = time.monotonic() + args.timeout
    polls = 0
    while True:
        records, bad, state, error = source_records(cur)
        polls += 1
        if bad:
            raise RuntimeError(f"{bad} records did not decode")
        if records >= n:
            break
        if time.monotonic() > deadline:
            raise RuntimeError(f"only {records} of {n} records after {args.timeout} s "
                               f"(state {state}, error {error})")
        time.sleep(args.poll_ms / 1000)
    cur.execute("FLUSH")
    return polls


def expected_sum_v(ids):
    return sum((i * 37) % 100000 for i in ids)


def run_ingest(args, bootstrap, with_view, results):
    name = "view" if with_view else "table"
    server = KappaServer(binary=os.path.join(args.build_dir, "kappadb"))
    server.start()
    try:
        pid = server.proc.pid
        conn = connect(server)
        cur = conn.cursor()
        rss_start = proc_status_kb(pid, "VmRSS")
        perf = None
        if with_view and args.perf_data:
            perf = subprocess.Popen(["perf", "record", "-g", "-F", str(args.perf_freq), "-p",
                                     str(pid), "-o", os.path.abspath(args.perf_data)],
                                    stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
            time.sleep(1.0)
        with Meter(pid) as m:
            cur.execute(table_ddl(bootstrap, args.kafka_property))
            if with_view:
                cur.execute(f"CREATE MATERIALIZED VIEW ev_by_k AS {VIEW_SQL}")
            polls = wait_ingested(cur, args.records, args)
        if perf is not None:
            perf.send_signal(signal.SIGINT)
            perf.wait(120)
            results["perf"] = {"data": os.path.abspath(args.perf_data)}
            log(f"perf data of the view run in {args.perf_data} "
                f"(perf report -i {args.perf_data} --no-children)")
        r = {"wall_s": round(m.wall, 3), "cpu_s": round(m.cpu, 3),
             "records_per_s": rate(args.records, m.wall),
             "records_per_cpu_s": rate(args.records, m.cpu),
             "vmhwm_kb": proc_status_kb(pid, "VmHWM"), "vmrss_start_kb": rss_start,
             "vmrss_end_kb": proc_status_kb(pid, "VmRSS"), "status_polls": polls,
             "loadavg_after": os.getloadavg()}
        # Exact checks, outside the measurement.
        records, bad, _, _ = source_records(cur)
        assert (records, bad) == (args.records, 0), (records, bad)
        assert one(cur, "SELECT count(*) FROM ev")[0] == args.records
        if with_view:
            groups, total, sum_v = one(cur, "SELECT count(*), sum(count), sum(sum) FROM ev_by_k")
            want = (min(args.records, args.keys), args.records, expected_sum_v(range(args.records)))
            assert (groups, total, sum_v) == want, ((groups, total, sum_v), want)
            r["view_rows"] = groups
            cur.execute("SELECT operator, state_rows, state_bytes FROM kappa_catalog.view_operators "
                        "WHERE view_name = 'ev_by_k'")
            r["state"] = [{"operator": o, "state_rows": sr, "state_bytes": sb}
                          for o, sr, sb in cur.fetchall()]
        results[name] = r
        log(f"{name}: {args.records:,} records in {m.wall:.1f} s wall, {m.cpu:.1f} s CPU: "
            f"{r['records_per_s']:,} records/s, {r['records_per_cpu_s']:,} records/CPU-s, "
            f"peak RSS {r['vmhwm_kb'] // 1024} MiB")
        if with_view and args.probe_seconds > 0:
            results["latency"] = measure_latency(args, bootstrap, server, cur)
        conn.close()
    finally:
        server.stop(timeout=60)
        server.cleanup()


def measure_latency(args, bootstrap, server, cur):
    """Probe records at a fixed rate, each with its own key (k = -1 - id) and its produce time;
    a tight poll on the view notes when each key first appears."""
    n = int(args.probe_rate * args.probe_seconds)
    time.sleep(args.idle_s)  # idle: the last checkpoint and any compaction settle
    reader = connect(server)
    rcur = reader.cursor()
    query = "SELECT k FROM ev_by_k WHERE k < 0"
    t0 = time.perf_counter()
    for _ in range(5):
        rcur.execute(query)
        rcur.fetchall()
    poll_ms_idle = (time.perf_counter() - t0) / 5 * 1000
    seen = {}
    polls = 0
    cpu0 = cpu_seconds(server.proc.pid)
    prod = subprocess.Popen(producer_cmd(args, bootstrap, "--records", str(n), "--start",
                                         str(args.records), "--rate", str(args.probe_rate),
                                         "--probe"),
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    deadline = None
    t_loop = time.perf_counter()
    try:
        while len(seen) < n:
            rcur.execute(query)
            now_us = time.time() * 1e6
            polls += 1
            for (k,) in rcur.fetchall():
                if k not in seen:
                    seen[k] = now_us
            if deadline is None and prod.poll() is not None:
                deadline = time.monotonic() + args.latency_timeout
            if deadline is not None and time.monotonic() > deadline:
                break
        loop_s = time.perf_counter() - t_loop
        out, err = prod.communicate(timeout=120)
    finally:
        if prod.poll() is None:
            prod.kill()
            prod.wait()
    cpu = cpu_seconds(server.proc.pid) - cpu0
    if prod.returncode != 0:
        raise RuntimeError("probe producer failed: " + err[-2000:])
    pstats = json.loads(out.strip().splitlines()[-1])
    cur.execute("FLUSH")
    cur.execute("SELECT k, sent_us FROM ev WHERE k < 0")
    sent = dict(cur.fetchall())
    reader.close()
    lat = sorted((seen[k] - sent[k]) / 1000 for k in seen if k in sent)
    res = {"probes": n, "rate_per_s": args.probe_rate, "seconds": args.probe_seconds,
           "producer_records_per_s": pstats["records_per_s"], "seen": len(seen),
           "in_table": len(sent), "polls": polls,
           "poll_query_ms_idle": round(poll_ms_idle, 2),
           "mean_poll_ms": round(loop_s * 1000 / max(polls, 1), 2),
           "server_cpu_s": round(cpu, 3)}
    if lat:
        res["p50_ms"] = round(statistics.median(lat), 2)
        res["p99_ms"] = round(lat[min(len(lat) - 1, int(len(lat) * 0.99))], 2)
        res["max_ms"] = round(lat[-1], 2)
        res["min_ms"] = round(lat[0], 2)
    log(f"latency: p50 {res.get('p50_ms')} ms, p99 {res.get('p99_ms')} ms, max "
        f"{res.get('max_ms')} ms ({len(lat)} of {n} probes seen; a poll takes "
        f"{res['poll_query_ms_idle']} ms idle)")
    if len(seen) != n or len(sent) != n:
        raise RuntimeError(f"latency: {len(seen)} probes seen in the view, {len(sent)} in the "
                           f"table, {n} produced")
    return res


# -- report ---------------------------------------------------------------------------------
def fmt(n):
    return "-" if n is None else f"{n:,}"


def print_table(results):
    p = results["params"]
    print()
    print(f"records: {p['records']:,}   partitions: {p['partitions']}   compression: "
          f"{p['compression']}   keys: {p['keys']:,}   "
          f"cores: {results['machine']['nproc']}   load avg at start: "
          f"{results['machine']['loadavg_at_start'][0]:.1f}")
    pr = results["produce"]
    print(f"producer (kafka_bench_produce, informational): {fmt(round(pr['records_per_s']))} "
          f"records/s, {pr['bytes'] / max(pr['records'], 1):.0f} bytes/record")
    hdr = (f"{'run':14} {'wall s':>8} {'CPU s':>8} {'records/s':>12} {'records/CPU-s':>14} "
           f"{'peak RSS MiB':>13}")
    print(hdr)
    print("-" * len(hdr))
    for name, label in (("table", "table only"), ("view", "table + view")):
        r = results.get(name)
        if not r:
            continue
        print(f"{label:14} {r['wall_s']:>8.1f} {r['cpu_s']:>8.1f} {fmt(r['records_per_s']):>12} "
              f"{fmt(r['records_per_cpu_s']):>14} {fmt(r['vmhwm_kb'] // 1024):>13}")
    if "table" in results and "view" in results:
        view_cpu = results["view"]["cpu_s"] - results["table"]["cpu_s"]
        print(f"the view's share: {view_cpu:.1f} CPU-s "
              f"({fmt(rate(p['records'], view_cpu))} records/CPU-s)")
    lat = results.get("latency")
    if lat:
        print(f"latency (produce -> visible in the view, {lat['rate_per_s']:,} records/s for "
              f"{lat['seconds']} s): p50 {lat.get('p50_ms')} ms, p99 {lat.get('p99_ms')} ms, max "
              f"{lat.get('max_ms')} ms (poll query {lat['poll_query_ms_idle']} ms)")
    print("records/CPU-s = records / kappadb's user+sys CPU seconds (records per second per "
          "core); wall figures depend on the machine's load.")


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--build-dir", default=os.path.join(REPO, "build"))
    ap.add_argument("--records", type=int, default=DEFAULT_RECORDS)
    ap.add_argument("--partitions", type=int, default=0,
                    help="0: max(4, ceil(records / 25000)) (the mock keeps 5 MiB per partition)")
    ap.add_argument("--compression", default="none", help="the producer's compression.codec")
    ap.add_argument("--keys", type=int, default=100_000)
    ap.add_argument("--probe-rate", type=int, default=2000, help="latency probes per second")
    ap.add_argument("--probe-seconds", type=float, default=10, help="0: no latency run")
    ap.add_argument("--idle-s", type=float, default=2.0, help="idle time before the probes")
    ap.add_argument("--latency-timeout", type=float, default=30.0,
                    help="seconds to wait for the last probes after the producer finished")
    ap.add_argument("--poll-ms", type=float, default=50.0, help="kappa_catalog.sources poll")
    ap.add_argument("--timeout", type=float, default=1800.0, help="seconds per ingestion run")
    ap.add_argument("--kafka-property", action="append", default=[], metavar="KEY=VALUE",
                    help="an extra librdkafka consumer setting for the table (repeatable; "
                         "default: fetch.wait.max.ms=10, see DEFAULT_KAFKA_PROPERTIES)")
    ap.add_argument("--perf-data", default="",
                    help="perf record -g the server of the view run into this file")
    ap.add_argument("--perf-freq", type=int, default=499)
    ap.add_argument("--skip-table-only", action="store_true")
    ap.add_argument("--out-dir", default=os.path.join(HERE, "results"))
    ap.add_argument("--no-write", action="store_true")
    args = ap.parse_args()
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))
    if not args.kafka_property:
        args.kafka_property = list(DEFAULT_KAFKA_PROPERTIES)
    if args.partitions <= 0:
        args.partitions = max(4, -(-args.records // 25_000))
    for tool in ("kappadb", "kafka_test_broker", "kafka_bench_produce"):
        if not os.path.exists(os.path.join(args.build_dir, tool)):
            ap.error(f"{tool} not found in {args.build_dir} (build it: ninja -C {args.build_dir} "
                     f"{tool})")

    started = time.time()
    results = {
        "benchmark": "kafka",
        "date": datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ"),
        "git": git_info(),
        "machine": machine(),
        "params": {"records": args.records, "partitions": args.partitions, "keys": args.keys,
                   "compression": args.compression,
                   "kafka_properties": args.kafka_property,
                   "probe_rate_per_s": args.probe_rate, "probe_seconds": args.probe_seconds,
                   "binary": os.path.relpath(os.path.abspath(os.path.join(args.build_dir,
                                                                          "kappadb")), REPO),
                   "table": table_ddl("<bootstrap>", args.kafka_property), "view": VIEW_SQL},
    }
    work = tempfile.mkdtemp(prefix="kafka-bench-")
    broker = TestBroker(os.path.join(args.build_dir, "kafka_test_broker"),
                        [f"{TOPIC}:{args.partitions}"], work)
    try:
        log(f"broker at {broker.bootstrap}; producing {args.records:,} records ...")
        results["produce"] = produce_bulk(args, broker.bootstrap)
        log(f"produced in {results['produce']['seconds']:.1f} s "
            f"({results['produce']['records_per_s']:,.0f} records/s)")
        if not args.skip_table_only:
            run_ingest(args, broker.bootstrap, False, results)
        run_ingest(args, broker.bootstrap, True, results)
    except BaseException:
        if broker.proc.poll() is not None:
            log(f"kafka_test_broker exited with code {broker.proc.returncode}: "
                + broker.log_tail())
        raise
    finally:
        broker.stop()
        subprocess.run(["rm", "-rf", work])
    results["total_wall_s"] = round(time.time() - started, 1)
    results["machine"]["loadavg_at_end"] = os.getloadavg()
    print_table(results)
    if not args.no_write:
        os.makedirs(args.out_dir, exist_ok=True)
        day = datetime.date.today().strftime("%Y%m%d")
        suffix = "" if args.records == DEFAULT_RECORDS else f"-{args.records}records"
        if args.compression != "none":
            suffix += f"-{args.compression}"
        if args.skip_table_only or args.probe_seconds == 0:
            suffix += "-partial"
        path = os.path.join(args.out_dir, f"kafka-{day}-{results['git']['commit']}{suffix}.json")
        with open(path, "w") as f:
            json.dump(results, f, indent=2)
            f.write("\n")
        print(f"wrote {path}")


if __name__ == "__main__":
    main()
