#!/usr/bin/env bash
# Console figures on a private cluster: submit-to-row latency in an open console (LISTEN/NOTIFY path), loading a
# large queue into the model, and the console's start time (process start to queue shown) on that queue.
#   bench/run-console-bench.sh [QUEUE_SIZE]
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$root"
size=${1:-10000}
port=55434
dir=$root/bench/out/console-cluster
cmake --preset release >/dev/null
cmake --build --preset release --target console_bench sluice sluicectl >/dev/null
tests/support/pg-cluster.sh start "$dir" "$port" >/dev/null
trap 'tests/support/pg-cluster.sh stop "$dir"' EXIT
psql=(psql -h 127.0.0.1 -p "$port" -U postgres -v ON_ERROR_STOP=1 -q -X)
"${psql[@]}" -d postgres -c "drop database if exists bench" -c "create database bench"
build/release/app/sluicectl --db "host=127.0.0.1 port=$port user=postgres dbname=bench" init >/dev/null
"${psql[@]}" -d bench <<SQL
do \$\$ begin
  if not exists (select 1 from pg_roles where rolname = 'bench_agent') then create role bench_agent login in role sluice_agent; end if;
  if not exists (select 1 from pg_roles where rolname = 'bench_dba') then create role bench_dba login in role sluice_dba; end if;
  if not exists (select 1 from pg_roles where rolname = 'bench_admin') then create role bench_admin login in role sluice_admin; end if;
end \$\$;
SQL
"${psql[@]}" -d bench -U bench_admin -c "select sluice_api.add_target('shop', 'dev', null)" >/dev/null
# A large queue, submitted through the API as an agent would.
"${psql[@]}" -d bench -U bench_agent -c "select sluice_api.submit('shop', 'change ' || g, 'bench', null,
    'alter table t' || g || ' add column c int;') from generate_series(1, $size) g" >/dev/null
agent="host=127.0.0.1 port=$port user=bench_agent dbname=bench"
dba="host=127.0.0.1 port=$port user=bench_dba dbname=bench"
build/release/bench/console_bench "$agent" "$dba" 50
for i in 1 2 3; do
    QT_QPA_PLATFORM=offscreen build/release/app/sluice --db "$dba" --exit-when-ready 2>/dev/null
done
