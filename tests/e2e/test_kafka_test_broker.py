"""The Kafka test broker (tools/kafka_test_broker.cc, librdkafka's mock cluster) with kcat.

The broker is built next to kappadb (build/kafka_test_broker, or beside $KAPPADB_BIN).
"""

import json
import os
import select
import signal
import subprocess
import time

import pytest

KCAT = "/usr/bin/kcat"


@pytest.fixture(scope="session")
def broker_binary(kappadb_binary):
    path = os.path.join(os.path.dirname(kappadb_binary), "kafka_test_broker")
    if not os.path.exists(path):
        pytest.fail(f"kafka_test_broker not found at {path}; build the kafka_test_broker target")
    return path


@pytest.fixture(scope="session")
def kcat():
    if not os.path.exists(KCAT):
        pytest.fail("kcat is not installed (scripts/install-deps.sh installs it)")
    return KCAT


class Broker:
    def __init__(self, binary, args, work_dir):
        self.stderr_path = os.path.join(work_dir, "broker.stderr")
        self._stderr = open(self.stderr_path, "wb")
        self.proc = subprocess.Popen([binary, *args], stdout=subprocess.PIPE,
                                     stderr=self._stderr)
        self.bootstrap = None

    def read_bootstrap(self, timeout=10):
        """Returns the bootstrap string from the broker's one stdout line."""
        deadline = time.monotonic() + timeout
        line = b""
        while not line.endswith(b"\n"):
            left = deadline - time.monotonic()
            if left <= 0:
                raise AssertionError(f"no bootstrap line within {timeout}s; {self.log_tail()}")
            ready, _, _ = select.select([self.proc.stdout], [], [], left)
            if ready:
                chunk = os.read(self.proc.stdout.fileno(), 4096)
                if not chunk:
                    raise AssertionError(f"broker exited early; {self.log_tail()}")
                line += chunk
        text = line.decode()
        assert text.count("\n") == 1 and text.startswith("bootstrap="), text
        self.bootstrap = text[len("bootstrap="):].strip()
        return self.bootstrap

    def log_tail(self):
        self._stderr.flush()
        with open(self.stderr_path, "rb") as f:
            return "stderr: " + f.read()[-2000:].decode(errors="replace")

    def kill(self):
        if self.proc.poll() is None:
            self.proc.kill()
            self.proc.wait(10)
        self.proc.stdout.close()
        self._stderr.close()


@pytest.fixture
def start_broker(broker_binary, tmp_path):
    made = []

    def start(*args):
        b = Broker(broker_binary, args, str(tmp_path))
        made.append(b)
        b.read_bootstrap()
        return b

    yield start
    for b in made:
        b.kill()


def run_broker(kappadb_binary, work_dir, topics):
    """A started test broker (the binary next to kappadb) with `topics` ("name:partitions");
    fails the test when the broker or kcat is missing. The caller kill()s it."""
    path = os.path.join(os.path.dirname(kappadb_binary), "kafka_test_broker")
    if not os.path.exists(path):
        pytest.fail(f"kafka_test_broker not found at {path}; build the kafka_test_broker target")
    if not os.path.exists(KCAT):
        pytest.fail("kcat is not installed (scripts/install-deps.sh installs it)")
    b = Broker(path, [a for t in topics for a in ("--topic", t)], str(work_dir))
    b.read_bootstrap()
    return b


def produce(kcat, bootstrap, topic, lines):
    r = subprocess.run([kcat, "-P", "-b", bootstrap, "-t", topic, "-K:"],
                       input="".join(line + "\n" for line in lines).encode(),
                       capture_output=True, timeout=30)
    assert r.returncode == 0, r.stderr.decode()


def consume(kcat, bootstrap, topic):
    """Every record of the topic as (partition, key, value), from the beginning to the end."""
    r = subprocess.run([kcat, "-C", "-b", bootstrap, "-t", topic, "-e", "-q",
                        "-f", "%p %k %s\n"], capture_output=True, timeout=30)
    assert r.returncode == 0, r.stderr.decode()
    out = []
    for line in r.stdout.decode().splitlines():
        partition, key, value = line.split(" ", 2)
        out.append((int(partition), key, value))
    return out


def partition_count(kcat, bootstrap, topic):
    r = subprocess.run([kcat, "-L", "-J", "-b", bootstrap, "-t", topic],
                       capture_output=True, timeout=30)
    assert r.returncode == 0, r.stderr.decode()
    meta = json.loads(r.stdout)
    (t,) = [t for t in meta["topics"] if t["topic"] == topic]
    return len(t["partitions"])


def test_records_produced_with_kcat_come_back_from_every_partition(start_broker, kcat):
    b = start_broker("--topic", "t:3")
    host_ports = b.bootstrap.split(",")
    assert len(host_ports) == 1 and host_ports[0].startswith("127.0.0.1:")
    assert partition_count(kcat, b.bootstrap, "t") == 3

    rows = {f"k{i}": json.dumps({"id": i, "name": f"n:{i}", "amount": i * 1.5}) for i in range(100)}
    produce(kcat, b.bootstrap, "t", [f"{k}:{v}" for k, v in rows.items()])

    got = consume(kcat, b.bootstrap, "t")
    assert len(got) == 100
    assert {k: v for _, k, v in got} == rows
    assert sorted(json.loads(v)["id"] for _, _, v in got) == list(range(100))
    partitions = {p for p, _, _ in got}
    assert len(partitions) > 1 and partitions <= {0, 1, 2}


def test_several_brokers_topics_and_the_port_file(start_broker, kcat, tmp_path):
    port_file = tmp_path / "bootstrap.txt"
    b = start_broker("--brokers", "3", "--topic", "a:2", "--topic=b.x-y_z:5",
                     "--port-file", str(port_file))
    assert port_file.read_text() == b.bootstrap
    assert len(b.bootstrap.split(",")) == 3
    assert all(hp.startswith("127.0.0.1:") for hp in b.bootstrap.split(","))
    assert partition_count(kcat, b.bootstrap, "a") == 2
    assert partition_count(kcat, b.bootstrap, "b.x-y_z") == 5
    produce(kcat, b.bootstrap, "b.x-y_z", [f"k{i}:{i}" for i in range(20)])
    assert sorted(int(v) for _, _, v in consume(kcat, b.bootstrap, "b.x-y_z")) == list(range(20))


def test_a_producer_auto_creates_a_topic_with_four_partitions(start_broker, kcat):
    b = start_broker()
    produce(kcat, b.bootstrap, "fresh", [f"k{i}:{{\"i\": {i}}}" for i in range(10)])
    assert partition_count(kcat, b.bootstrap, "fresh") == 4
    assert sorted(json.loads(v)["i"] for _, _, v in consume(kcat, b.bootstrap, "fresh")) \
        == list(range(10))


@pytest.mark.parametrize("sig", [signal.SIGTERM, signal.SIGINT])
def test_a_termination_signal_stops_the_broker_with_exit_zero(start_broker, kcat, sig):
    b = start_broker("--topic", "t:1")
    produce(kcat, b.bootstrap, "t", ["k:v"])
    b.proc.send_signal(sig)
    assert b.proc.wait(5) == 0, b.log_tail()


@pytest.mark.parametrize("args, message", [
    (["--brokers", "0"], "--brokers"),
    (["--brokers", "two"], "--brokers"),
    (["--topic", "t"], "NAME:PARTITIONS"),
    (["--topic", "t:0"], "partition count"),
    (["--topic", "t:x"], "partition count"),
    (["--topic", "bad/name:1"], "invalid topic name"),
    (["--topic", "t:1", "--topic", "t:2"], "given twice"),
    (["--port-file"], "needs a value"),
    (["--port-file", "/nonexistent-dir/f"], "cannot write"),
    (["--verbose"], "unknown argument"),
])
def test_bad_arguments_exit_one_with_a_message(broker_binary, args, message):
    r = subprocess.run([broker_binary, *args], capture_output=True, timeout=30)
    assert r.returncode == 1
    assert r.stdout == b""
    err = r.stderr.decode()
    assert "kafka_test_broker: " in err and message in err, err
