#!/usr/bin/python3
"""Crash tests of the storage layer with tools/storage_crash_writer.

- Every append acknowledged before a kill -9 is present after reopening, and
  all entries up to the recovered last sequence number decode to the rows
  that were written (several rounds, 4 concurrent writers, resuming each time).
- A second process cannot open a data directory in use (55P03, with the
  owner's pid), and can once the owner is gone (also after kill -9).

Run: /usr/bin/python3 tests/e2e/test_storage_crash.py
The build directory comes from $KAPPADB_BUILD_DIR (default ./build).
"""
import os
import random
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import unittest

REPO = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))


def tool_path():
    build = os.environ.get("KAPPADB_BUILD_DIR", "./build")
    candidates = [os.path.join(build, "storage_crash_writer")]
    if not os.path.isabs(build):
        candidates.append(os.path.join(REPO, build, "storage_crash_writer"))
    for c in candidates:
        if os.path.exists(c):
            return os.path.abspath(c)
    raise RuntimeError("storage_crash_writer not found in %s (set KAPPADB_BUILD_DIR)" % build)


def run(args, timeout=120):
    return subprocess.run([tool_path()] + args, capture_output=True, text=True, timeout=timeout)


class Watchdog:
    """Kills a process if the test takes too long (so the test never hangs)."""

    def __init__(self, proc, seconds):
        self.timer = threading.Timer(seconds, lambda: proc.kill())
        self.timer.start()

    def cancel(self):
        self.timer.cancel()


class StorageCrashTest(unittest.TestCase):
    def setUp(self):
        self.dir = tempfile.mkdtemp(prefix="kappa-crash-")

    def tearDown(self):
        shutil.rmtree(self.dir, ignore_errors=True)

    def test_acknowledged_appends_survive_kill_9(self):
        threads = 4
        rng = random.Random(20240601)
        acked = {}
        for round_no in range(4):
            target = rng.randint(100, 600)  # acknowledgements before the kill
            proc = subprocess.Popen([tool_path(), "write", self.dir, str(threads)],
                                    stdout=subprocess.PIPE, text=True)
            dog = Watchdog(proc, 60)
            count = 0
            try:
                while count < target:
                    line = proc.stdout.readline()
                    self.assertTrue(line, "writer exited early (round %d)" % round_no)
                    kind, table, seq = line.split()
                    self.assertEqual(kind, "ack")
                    table, seq = int(table), int(seq)
                    self.assertGreater(seq, acked.get(table, 0))
                    acked[table] = seq
                    count += 1
                os.kill(proc.pid, signal.SIGKILL)
                proc.wait()
            finally:
                dog.cancel()
                proc.stdout.close()
            self.assertEqual(proc.returncode, -signal.SIGKILL)

            result = run(["verify", self.dir, str(threads)])
            self.assertEqual(result.returncode, 0, result.stdout + result.stderr)
            self.assertIn("verified", result.stdout)
            last = {}
            for line in result.stdout.splitlines():
                if line.startswith("last "):
                    _, table, seq = line.split()
                    last[int(table)] = int(seq)
            for table, seq in acked.items():
                self.assertGreaterEqual(last.get(table, 0), seq,
                                        "table %d lost acknowledged seq %d" % (table, seq))
                # The next round resumes after whatever was recovered.
                acked[table] = last[table]
        self.assertEqual(len(acked), threads)

    def test_a_second_process_cannot_open_a_directory_in_use(self):
        holder = subprocess.Popen([tool_path(), "hold", self.dir], stdin=subprocess.PIPE,
                                  stdout=subprocess.PIPE, text=True)
        dog = Watchdog(holder, 60)
        try:
            line = holder.stdout.readline().split()
            self.assertEqual(line[0], "holding")
            pid = int(line[1])
            self.assertEqual(pid, holder.pid)

            second = run(["open", self.dir])
            self.assertEqual(second.returncode, 3, second.stdout + second.stderr)
            self.assertIn('55P03: data directory "%s" is in use by another kappadb server '
                          "(pid %d)" % (self.dir, pid), second.stdout)

            holder.stdin.close()  # the holder exits cleanly and releases the lock
            self.assertEqual(holder.wait(), 0)
        finally:
            dog.cancel()
            holder.stdout.close()
        self.assertEqual(run(["open", self.dir]).returncode, 0)

        # A holder killed with -9 does not leave the directory locked.
        holder = subprocess.Popen([tool_path(), "hold", self.dir], stdin=subprocess.PIPE,
                                  stdout=subprocess.PIPE, text=True)
        dog = Watchdog(holder, 60)
        try:
            self.assertTrue(holder.stdout.readline().startswith("holding"))
            self.assertEqual(run(["open", self.dir]).returncode, 3)
            os.kill(holder.pid, signal.SIGKILL)
            holder.wait()
        finally:
            dog.cancel()
            holder.stdin.close()
            holder.stdout.close()
        opened = run(["open", self.dir])
        self.assertEqual(opened.returncode, 0, opened.stdout + opened.stderr)


if __name__ == "__main__":
    suite = unittest.defaultTestLoader.loadTestsFromTestCase(StorageCrashTest)
    result = unittest.TextTestRunner(verbosity=2).run(suite)
    failed = len(result.failures) + len(result.errors)
    print("%d passed, %d failed" % (result.testsRun - failed, failed))
    sys.exit(0 if result.wasSuccessful() else 1)
