#!/usr/bin/env bash
# Full analysis latency (issue 5): a 50-statement migration against a target with 1,000 tables (foreign keys,
# views, 1,000 rows each), on a private cluster; the shadow lives on the same server, as in the demo.
#   bench/analysis_bench.sh [BUILD_DIR] [PORT] [RUNS]
# BUILD_DIR must already contain bench/analysis_bench (cmake --build BUILD_DIR --target analysis_bench).
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
build=${1:-$root/build/release}
port=${2:-55436}
runs=${3:-9}
dir=$build/bench-analysis-cluster
"$root/tests/support/pg-cluster.sh" start "$dir" "$port" >/dev/null
trap '"$root/tests/support/pg-cluster.sh" stop "$dir"' EXIT
psql=(psql -h 127.0.0.1 -p "$port" -U postgres -v ON_ERROR_STOP=1 -q -X)
"${psql[@]}" -d postgres -c "drop database if exists analysis_bench_shadow" \
    -c "drop database if exists analysis_bench" -c "create database analysis_bench"
"${psql[@]}" -d analysis_bench <<'SQL'
do $$ begin
  for i in 1..1000 loop
    execute format('create table t%s (id bigint primary key, ref bigint %s, name text, amount integer not null default 0,
                    created_at timestamptz not null default now())', i,
                   case when i > 1 then format('references t%s (id)', i - 1) else '' end);
    execute format('insert into t%s (id, name, amount) select g, ''n'' || g, g %% 100 from generate_series(1, 1000) g', i);
    if i % 10 = 0 then execute format('create view v%s as select id, name, amount from t%s where amount > 50', i, i); end if;
    if i % 100 = 0 then commit; end if;
  end loop;
end $$;
analyze;
SQL
# The migration: what an agent writes for a feature, 50 statements over a dozen existing tables.
migration=$dir/migration.sql
{
    echo "set lock_timeout = '3s';"
    for i in 11 12 13 14 15 16 17 18; do
        echo "alter table t$i add column note_$i text;"
        echo "alter table t$i add column flag_$i boolean not null default false;"
        echo "create index t${i}_amount on t$i (amount);"
        echo "comment on column t$i.note_$i is 'free text from support';"
        echo "alter table t$i add constraint t${i}_amount_positive check (amount >= 0) not valid;"
    done
    echo "create table feature_flags (id bigint generated always as identity primary key, name text not null unique, t1_id bigint references t1 (id));"
    echo "create index feature_flags_t1 on feature_flags (t1_id);"
    echo "create view feature_overview as select f.name, t.amount from feature_flags f join t1 t on t.id = f.t1_id;"
    echo "update t20 set amount = amount + 1 where id < 100;"
    echo "delete from t21 where id > 990;"
    echo "alter table t22 alter column amount type bigint;"
    echo "alter table t23 rename column name to title;"
    echo "alter table t24 alter column name set not null;"
    echo "drop view v30;"
} >"$migration"
echo "migration: $(grep -c ';' "$migration") statements"
uptime
"$build/bench/analysis_bench" "host=127.0.0.1 port=$port user=postgres dbname=analysis_bench" \
    "host=127.0.0.1 port=$port user=postgres dbname=postgres" "$migration" "$runs"
