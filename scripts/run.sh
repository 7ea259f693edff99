#!/usr/bin/env bash
# Starts kappadb in the foreground for `make run`: loads the demo table into a
# fresh data directory, prints how to connect, and stops the server on Ctrl-C.
set -euo pipefail
build_dir=${1:-build}
host=${HOST:-127.0.0.1}
port=${PORT:-6543}
data_dir=${DATA_DIR:-./kappadb-data}

"$build_dir/kappadb" --host "$host" --port "$port" --data-dir "$data_dir" &
pid=$!
trap 'kill -TERM $pid 2>/dev/null; wait $pid' INT TERM

psql_cmd=(psql -X -q -h "$host" -p "$port" -U kappa kappa)
for _ in $(seq 1 100); do
  if "${psql_cmd[@]}" -c 'SELECT 1' >/dev/null 2>&1; then break; fi
  if ! kill -0 $pid 2>/dev/null; then wait $pid; exit $?; fi
  sleep 0.1
done
if ! "${psql_cmd[@]}" -Atc 'SHOW TABLES' | grep -qx demo_orders; then
  "${psql_cmd[@]}" -v ON_ERROR_STOP=1 -f "$(dirname "$0")/demo.sql" >/dev/null
  echo "kappadb: loaded the demo table demo_orders"
fi
cat <<TXT
kappadb is running (data in $data_dir). Connect with:

    psql -h $host -p $port -U kappa kappa

and try:  SELECT customer, count(*), sum(amount) FROM demo_orders GROUP BY customer ORDER BY 3 DESC;
Ctrl-C stops the server.
TXT
wait $pid
