#!/usr/bin/env bash
# Installs the Debian 12 packages kappadb needs to build and test.
#
# Idempotent and fast when nothing is missing (one dpkg-query call). As root it
# installs what is missing with apt-get (running `apt-get update` only then);
# otherwise it lists the missing packages and exits non-zero.
set -euo pipefail

PACKAGES=(
  # build
  build-essential cmake ninja-build ccache pkg-config
  antlr4 libantlr4-runtime-dev
  librocksdb-dev librdkafka-dev doctest-dev libboost-dev libsimdjson-dev
  libfmt-dev libcli11-dev libssl-dev
  # tests: a real PostgreSQL 15 to compare with, real clients
  postgresql postgresql-client kcat
  python3 python3-psycopg2 python3-psycopg python3-sqlalchemy
  python3-pytest python3-pytest-timeout
  util-linux passwd iproute2
  openjdk-17-jdk-headless libpostgresql-jdbc-java
)
# node-postgres comes from the npm registry at test time; node and npm from
# Debian unless the machine already has them (e.g. from NodeSource).
if ! command -v npm >/dev/null 2>&1; then
  PACKAGES+=(nodejs npm)
fi

missing=()
while read -r name status; do
  if [[ "$status" != "ii" ]]; then
    missing+=("$name")
  fi
done < <(dpkg-query -W -f='${Package} ${db:Status-Abbrev}\n' "${PACKAGES[@]}" 2>/dev/null || true)

# Packages dpkg has never heard of are not listed by dpkg-query at all.
known=$(dpkg-query -W -f='${Package}\n' "${PACKAGES[@]}" 2>/dev/null || true)
for p in "${PACKAGES[@]}"; do
  if ! grep -qx -- "$p" <<<"$known"; then
    missing+=("$p")
  fi
done

if [[ ${#missing[@]} -eq 0 ]]; then
  exit 0
fi

# de-duplicate, keep order
mapfile -t missing < <(printf '%s\n' "${missing[@]}" | awk '!seen[$0]++')

if [[ $(id -u) -ne 0 ]]; then
  echo "install-deps: these Debian packages are missing:" >&2
  echo "  ${missing[*]}" >&2
  echo "install them as root:  sudo apt-get install -y ${missing[*]}" >&2
  exit 1
fi

echo "install-deps: installing ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
apt-get install -y -qq --no-install-recommends "${missing[@]}"
