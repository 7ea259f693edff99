"""The Kafka test broker (tools/kafka_test_broker.cc) as the benchmarks start it."""

import os
import select
import subprocess
import time


class TestBroker:
    """tools/kafka_test_broker with `topics` ('name:partitions'), started; .bootstrap, .stop()."""

    def __init__(self, binary, topics, work_dir):
        self.stderr_path = os.path.join(work_dir, "broker.stderr")
        self._stderr = open(self.stderr_path, "wb")
        args = [a for t in topics for a in ("--topic", t)]
        self.proc = subprocess.Popen([binary, *args], stdout=subprocess.PIPE,
                                     stderr=self._stderr)
        self.bootstrap = self._read_bootstrap(10)

    def _read_bootstrap(self, timeout):
        deadline = time.monotonic() + timeout
        line = b""
        while not line.endswith(b"\n"):
            left = deadline - time.monotonic()
            if left <= 0:
                raise RuntimeError("kafka_test_broker printed no bootstrap line")
            ready, _, _ = select.select([self.proc.stdout], [], [], left)
            if ready:
                chunk = os.read(self.proc.stdout.fileno(), 4096)
                if not chunk:
                    raise RuntimeError("kafka_test_broker exited: " + self.log_tail())
                line += chunk
        return line.decode().strip().split("=", 1)[1]

    def log_tail(self):
        self._stderr.flush()
        with open(self.stderr_path, "rb") as f:
            return f.read()[-2000:].decode(errors="replace")

    def stop(self):
        if self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(10)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait(10)
        self.proc.stdout.close()
        self._stderr.close()
