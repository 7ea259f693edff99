# kappadb: build, run and test.
#
#   make build      install missing Debian packages, configure (once), build build/kappadb
#   make run        build, then start the server in the foreground with a demo table (Ctrl-C stops it)
#   make bench      operator, SQL, view and Kafka benchmarks (not part of make test)
#   make bench-nexmark   the Nexmark benchmark, bench/README.md (NEXMARK_EVENTS=10000000: the full size)
#   make test       build, then every test suite; the last line is `N passed, M failed`
#   make unit | slt | pgcompare | e2e | psql     one suite
#   make check-expected   re-check the expected results of slt/psql/pgcompare on PostgreSQL 15
#   make clean      remove build/
SHELL := /bin/bash
PYTHON := /usr/bin/python3
BUILD_DIR ?= build
BUILD_TYPE ?= RelWithDebInfo
HOST ?= 127.0.0.1
PORT ?= 6543
DATA_DIR ?= ./kappadb-data

.PHONY: all deps build run bench bench-nexmark test unit slt slt-simple slt-extended pgcompare e2e psql check-expected clean

all: build

deps:
	@scripts/install-deps.sh

$(BUILD_DIR)/build.ninja:
	cmake -S . -B $(BUILD_DIR) -G Ninja -DCMAKE_BUILD_TYPE=$(BUILD_TYPE)

# ninja re-runs cmake by itself when CMakeLists.txt or the globbed sources change.
build: deps
	@$(MAKE) --no-print-directory $(BUILD_DIR)/build.ninja
	ninja -C $(BUILD_DIR)

run: build
	HOST=$(HOST) PORT=$(PORT) DATA_DIR=$(DATA_DIR) scripts/run.sh $(BUILD_DIR)

bench: build
	$(BUILD_DIR)/bench_operators 10000000
	$(PYTHON) bench/sql_bench.py --build-dir $(BUILD_DIR)
	$(PYTHON) bench/view_bench.py --build-dir $(BUILD_DIR)
	$(PYTHON) bench/kafka_bench.py --build-dir $(BUILD_DIR)

# 2M by default: at 10M the state of q4, q7 and q9 (unbounded joins) outgrows 24 GiB;
# NEXMARK_EVENTS=10000000 NEXMARK_ARGS='--queries q0,q1,q2,q3,q5,q8,q11' runs the full size.
NEXMARK_EVENTS ?= 2000000
bench-nexmark: build
	$(PYTHON) bench/nexmark_bench.py --build-dir $(BUILD_DIR) --events $(NEXMARK_EVENTS) $(NEXMARK_ARGS)

test: build
	$(PYTHON) scripts/run_tests.py --build-dir $(BUILD_DIR)

unit: build
	$(PYTHON) scripts/run_tests.py --build-dir $(BUILD_DIR) --suites unit

slt: build
	$(PYTHON) scripts/run_tests.py --build-dir $(BUILD_DIR) --suites slt-simple,slt-extended

slt-simple slt-extended pgcompare e2e psql: build
	$(PYTHON) scripts/run_tests.py --build-dir $(BUILD_DIR) --suites $@

check-expected: deps
	$(PYTHON) tests/slt/pg_expected.py tests/slt
	$(PYTHON) tests/psql/run_psql_tests.py --against-pg
	$(PYTHON) tests/pgcompare/run_pgcompare.py --pg-only

clean:
	rm -rf $(BUILD_DIR)
