#!/usr/bin/env bash
# The catalog facts read of a 10,000-table target on a private cluster (median of several runs).
#   bench/catalog_bench.sh [BUILD_DIR] [PORT] [TABLES]
# BUILD_DIR must already contain bench/catalog_bench (cmake --build BUILD_DIR --target catalog_bench).
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
build=${1:-$root/build/release}
port=${2:-55435}
tables=${3:-10000}
dir=$build/bench-catalog-cluster
"$root/tests/support/pg-cluster.sh" start "$dir" "$port" >/dev/null
trap '"$root/tests/support/pg-cluster.sh" stop "$dir"' EXIT
psql=(psql -h 127.0.0.1 -p "$port" -U postgres -v ON_ERROR_STOP=1 -q -X)
"${psql[@]}" -d postgres -c "drop database if exists catalog_bench" -c "create database catalog_bench"
# Tables with a primary key, a text column (so a TOAST table), an FK to the previous table and a view on every
# hundredth; committed in batches so that the lock table holds.
"${psql[@]}" -d catalog_bench <<SQL
do \$\$ begin
  for i in 1..$tables loop
    execute format('create table t%s (id int primary key, ref int %s, name text)', i,
                   case when i > 1 then format('references t%s (id)', i - 1) else '' end);
    if i % 100 = 0 then execute format('create view v%s as select id, name from t%s', i, i); end if;
    if i % 1000 = 0 then commit; end if;
  end loop;
end \$\$;
analyze;
SQL
cluster=$dir
[ -f "$cluster/data/postmaster.pid" ] || cluster=/tmp/sluice-pg-$(printf '%s' "$dir" | sha1sum | cut -c1-12)
uptime
"$build/bench/catalog_bench" "host=127.0.0.1 port=$port user=postgres dbname=catalog_bench" 7 \
    "$(head -n 1 "$cluster/data/postmaster.pid")"
