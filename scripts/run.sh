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
  if ! "${psql_cmd[@]}" -v ON_ERROR_STOP=1 -f "$(dirname "$0")/demo.sql" >/dev/null; then
    echo "kappadb: loading the demo failed; stopping the server" >&2
    kill -TERM $pid 2>/dev/null
    wait $pid || true
    exit 1
  fi
  echo "kappadb: loaded the demo (tables demo_orders, demo_clicks, demo_live_orders; views demo_revenue, demo_clicks_per_hour, demo_live_revenue)"
fi
cat <<TXT
kappadb is running (data in $data_dir). Connect with:

    psql -h $host -p $port -U kappa kappa

and try:  SELECT * FROM demo_revenue ORDER BY revenue DESC;
          INSERT INTO demo_orders VALUES (6, 'ada', 50, now()); FLUSH;
          SELECT * FROM demo_revenue ORDER BY revenue DESC;
          SELECT * FROM demo_clicks_per_hour;   -- 09:00-10:00 closed (the watermark is 10:15)
          SELECT * FROM demo_live_revenue ORDER BY customer;   -- fed by a generator: run it again
Ctrl-C stops the server.
TXT
wait $pid
