#!/usr/bin/env bash
# The Sluice demo, run by `./sluice-dev demo` after the build:
#   demo.sh          start a private PostgreSQL 15 on 127.0.0.1:55433 (under .demo/), set up a change queue with
#                    demo logins, three shop databases (dev, staging, prod), sluiced and a handful of agent
#                    changes, then open the console as the DBA "dana"
#   demo.sh --stop   stop sluiced and the PostgreSQL server
# Every step checks whether it is already done, so running it again is quick and creates nothing new.
# All logins use trust authentication on 127.0.0.1: this is a demo, not a deployment.
set -euo pipefail

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
demo=$root/resources/demo
state=$root/.demo
cluster=$state/cluster
port=55433
bin=$root/build/dev/app
sluicectl=$bin/sluicectl
sluiced=$bin/sluiced
console=$bin/sluice
pidfile=$state/sluiced.pid
config=$state/sluiced.toml
log=$state/sluiced.log

# The libpq environment of the caller must not redirect the demo elsewhere.
unset PGSERVICE PGSERVICEFILE PGHOST PGHOSTADDR PGPORT PGUSER PGDATABASE PGOPTIONS PGPASSWORD PGSSLMODE

say() { printf 'demo: %s\n' "$*"; }
die() { printf 'demo: %s\n' "$*" >&2; exit 1; }

conninfo() { printf 'host=127.0.0.1 port=%s user=%s dbname=%s' "$port" "$1" "${2:-sluice}"; }
# psql as the superuser; $1 is the database, the rest are psql arguments.
sql() {
    local db=$1
    shift
    psql -h 127.0.0.1 -p "$port" -U postgres -d "$db" -v ON_ERROR_STOP=1 -q -X "$@"
}
# One value from the queue database, read as the superuser.
queue_value() { sql sluice -At -c "$1"; }
ctl() {
    local login=$1
    shift
    "$sluicectl" --db "$(conninfo "$login")" "$@"
}

# --- sluiced -----------------------------------------------------------------------------------------------

sluiced_pid() {
    local pid
    [ -f "$pidfile" ] || return 1
    pid=$(cat "$pidfile" 2>/dev/null) || return 1
    [[ $pid =~ ^[0-9]+$ ]] || return 1
    kill -0 "$pid" 2>/dev/null || return 1
    tr '\0' ' ' <"/proc/$pid/cmdline" 2>/dev/null | grep -q 'sluiced' || return 1
    printf '%s\n' "$pid"
}

stop_sluiced() {
    local pid
    if ! pid=$(sluiced_pid); then
        rm -f "$pidfile"
        return 0
    fi
    say "stopping sluiced (pid $pid)"
    kill -TERM "$pid" 2>/dev/null || true
    for _ in $(seq 1 100); do
        kill -0 "$pid" 2>/dev/null || break
        sleep 0.2
    done
    if kill -0 "$pid" 2>/dev/null; then
        say "sluiced did not stop within 20 s; killing it"
        kill -KILL "$pid" 2>/dev/null || true
    fi
    rm -f "$pidfile"
}

start_sluiced() {
    local pid
    if pid=$(sluiced_pid); then
        say "sluiced is running (pid $pid)"
        return 0
    fi
    rm -f "$pidfile"
    say "starting sluiced (log: .demo/sluiced.log)"
    # The child writes its own pid, then becomes sluiced in a session of its own: it outlives this script.
    # shellcheck disable=SC2016 # $$ and $1 belong to the inner shell
    setsid bash -c 'echo $$ >"$1"; shift; exec nohup "$@"' sluiced-demo "$pidfile" \
        "$sluiced" --config "$config" --instance demo </dev/null >>"$log" 2>&1 &
    for _ in $(seq 1 25); do
        [ -s "$pidfile" ] && break
        sleep 0.1
    done
    sleep 1
    if ! pid=$(sluiced_pid); then
        tail -n 20 "$log" >&2 || true
        die "sluiced exited at once; its log is above (.demo/sluiced.log)"
    fi
    say "sluiced is running (pid $pid)"
}

# --- PostgreSQL ----------------------------------------------------------------------------------------------

# Where pg-cluster.sh puts the cluster: under .demo/, or under /tmp when the server (run as "nobody" for root)
# cannot reach the checkout.
cluster_dir() {
    local dir
    mkdir -p "$cluster"
    dir=$(cd "$cluster" && pwd)
    if [ "$(id -u)" = 0 ] && ! runuser -u nobody -- test -x "$dir"; then
        dir=/tmp/sluice-pg-$(printf '%s' "$dir" | sha1sum | cut -c1-12)
    fi
    printf '%s\n' "$dir"
}

start_cluster() {
    local running expected
    expected=$(cluster_dir)/data
    if running=$(sql postgres -At -c 'show data_directory' 2>/dev/null); then
        [ "$running" = "$expected" ] ||
            die "port $port is taken by another PostgreSQL server (data directory $running); stop it first"
        say "PostgreSQL is running on 127.0.0.1:$port"
        return 0
    fi
    say "starting PostgreSQL on 127.0.0.1:$port (.demo/cluster)"
    "$root/tests/support/pg-cluster.sh" start "$cluster" "$port" >/dev/null
}

stop_cluster() {
    local dir
    dir=$(cluster_dir)
    if [ -f "$dir/data/postmaster.pid" ]; then
        say "stopping PostgreSQL"
    fi
    "$root/tests/support/pg-cluster.sh" stop "$cluster"
}

database_exists() { [ "$(sql postgres -At -c "select count(*) from pg_database where datname = '$1'")" = 1 ]; }

# --- the queue -----------------------------------------------------------------------------------------------

setup_queue() {
    if ! database_exists sluice; then
        say "creating the queue database sluice"
        sql postgres -c 'create database sluice'
    fi
    "$sluicectl" --db "$(conninfo postgres)" init >/dev/null
    say "queue schema is up to date (sluicectl init)"
}

setup_logins() {
    local created
    created=$(sql sluice -At <<'EOF'
set client_min_messages = warning;
create temporary table demo_logins (login name, grp name);
insert into demo_logins values
    ('agent_claude', 'sluice_agent'), ('agent_codex', 'sluice_agent'),
    ('alice', null), ('bob', null),
    ('dana', 'sluice_dba'), ('omar', 'sluice_oncall'), ('audrey', 'sluice_auditor'), ('adam', 'sluice_admin'),
    ('sluiced', 'sluice_service'),
    -- sluiced reads the targets' catalogs, EXPLAINs and runs data probes as this read-only login.
    ('sluice_reader', 'pg_read_all_data'), ('sluice_reader', 'pg_read_all_stats');
do $$
declare
    l record;
    made text[] := '{}';
begin
    for l in select * from demo_logins loop
        if not exists (select 1 from pg_roles where rolname = l.login) then
            execute format('create role %I login', l.login);
            made := made || l.login::text;
        end if;
        if l.grp is not null and not pg_has_role(l.login, l.grp, 'MEMBER') then
            execute format('grant %I to %I', l.grp, l.login);
        end if;
    end loop;
    perform set_config('demo.made', array_to_string(made, ' '), false);
end
$$;
select current_setting('demo.made');
EOF
)
    if [ -n "$created" ]; then
        say "created logins: $created"
    else
        say "demo logins exist"
    fi
}

# --- the shop databases --------------------------------------------------------------------------------------

setup_shop() {
    local db=$1 orders=$2 start elapsed
    if database_exists "$db"; then
        say "$db exists"
        return 0
    fi
    say "creating $db and loading $orders orders"
    start=$(date +%s.%N)
    sql postgres -c "create database $db"
    if ! sql "$db" --single-transaction -v orders="$orders" \
        -f "$demo/shop_schema.sql" -f "$demo/shop_data.sql" >/dev/null; then
        sql postgres -c "drop database if exists $db" || true
        die "loading $db failed; it was dropped, run the demo again to retry"
    fi
    elapsed=$(awk -v s="$start" -v e="$(date +%s.%N)" 'BEGIN { printf "%.1f", e - s }')
    say "$db loaded in $elapsed s ($(sql "$db" -At -c "select format('%s customers, %s orders, %s order items, %s payments',
        (select count(*) from customers), (select count(*) from orders), (select count(*) from order_items),
        (select count(*) from payments))"))"
}

register_targets() {
    local name env tags tag args
    while read -r name env tags; do
        if [ "$(queue_value "select count(*) from sluice.targets where name = '$name'")" = 1 ]; then
            continue
        fi
        args=()
        for tag in ${tags//,/ }; do args+=(--tag "$tag"); done
        ctl adam admin target add "$name" --environment "$env" "${args[@]}" >/dev/null
        say "registered target $name ($env${tags:+; tags $tags})"
    done <<'EOF'
shop_dev dev
shop_staging staging
shop_prod prod pii,financial
EOF
    local agent human
    while read -r agent human; do
        if [ "$(queue_value "select count(*) from sluice.delegations
                             where agent = '$agent' and human = '$human' and revoked_at is null")" = 1 ]; then
            continue
        fi
        ctl adam admin delegate --agent "$agent" --human "$human" >/dev/null
        say "$agent may act for $human"
    done <<'EOF'
agent_claude alice
agent_codex bob
EOF
    # What the admin knows about shop_prod's tables: the blast radius names them when a change touches them.
    local table tag column
    while read -r table tag column; do
        if [ "$(queue_value "select count(*) from sluice.relation_tags g join sluice.targets t on t.id = g.target_id
                             where t.name = 'shop_prod' and g.relation = '$table' and g.tag = '$tag'
                               and g.col = '${column:-}'")" = 1 ]; then
            continue
        fi
        ctl adam admin tag shop_prod "$table" "$tag" ${column:+--column "$column"} >/dev/null
    done <<'EOF'
public.orders hot
public.order_items hot
public.payments financial
public.payments hot
public.customers pii ssn
public.customers pii email
public.users pii ssn
EOF
    say "targets, tags and delegations are registered"
}

write_config() {
    local tmp
    mkdir -p "$state"
    tmp=$(mktemp "$state/sluiced.toml.XXXXXX")
    cat >"$tmp" <<EOF
# Written by resources/demo/demo.sh. sluiced reaches the queue as the service login "sluiced" and the demo
# targets as the superuser of the demo cluster.
[queue]
conninfo = "$(conninfo sluiced)"

[execution]
lock_timeout = "5s"
statement_timeout = "5min"
poll_seconds = 30
EOF
    for db in shop_dev shop_staging shop_prod; do
        printf '\n[[target]]\nname = "%s"\nconninfo = "%s"\nreadonly_conninfo = "%s"\nshadow_conninfo = "%s"\n' \
            "$db" "$(conninfo postgres "$db")" "$(conninfo sluice_reader "$db")" "$(conninfo postgres)" >>"$tmp"
    done
    if [ -f "$config" ] && cmp -s "$tmp" "$config"; then
        rm -f "$tmp"
        return 0
    fi
    mv "$tmp" "$config"
    say "wrote .demo/sluiced.toml"
    # A running sluiced has read the old configuration.
    if sluiced_pid >/dev/null; then
        stop_sluiced
    fi
}

# --- the demo changes ----------------------------------------------------------------------------------------

# The id of the change with this title, or nothing.
change_id() { queue_value "select min(id) from sluice.changes where title = '${1//\'/\'\'}'"; }

submit_change() {
    local agent=$1 human=$2 target=$3 file=$4 title=$5 reason=$6 id
    if [ -n "$(change_id "$title")" ]; then
        return 0
    fi
    id=$(ctl "$agent" submit --target "$target" --title "$title" --reason "$reason" --on-behalf-of "$human" \
        "$demo/migrations/$file")
    say "$agent submitted change $id for $human on $target: $title"
}

# Waits (at most about 10 s) until sluiced has reviewed the latest revision of every change.
wait_for_reviews() {
    for _ in $(seq 1 50); do
        if ! ctl dana list --json | grep -q '"max_severity": *"unreviewed"'; then
            return 0
        fi
        sleep 0.2
    done
    say "sluiced has not reviewed every change yet (see .demo/sluiced.log); the console shows them as unreviewed"
    return 1
}

# The sha256 of a change's latest revision, as the DBA reads it in `sluicectl show`.
latest_sha256() {
    queue_value "select sha256 from sluice.change_overview where id = $1"
}

status_of() { queue_value "select status from sluice.changes where id = $1"; }

submit_changes() {
    local before after
    before=$(queue_value "select count(*) from sluice.changes")
    submit_change agent_claude alice shop_dev 01_order_gift_note.sql \
        "Add a gift note to orders" \
        "Customers want to add a personal message to gift orders; support gets 40 tickets a week about it."
    submit_change agent_codex bob shop_prod 02_orders_status_placed_at_index.sql \
        "Index orders by status and age for the fulfilment dashboard" \
        "The dashboard query (status = 'paid' order by placed_at) scans all of orders on every refresh."
    submit_change agent_claude alice shop_prod 03_orders_sales_channel_not_null.sql \
        "Make orders.sales_channel mandatory" \
        "Reporting double-counts orders without a channel; orders from before tracking came from the web."
    submit_change agent_codex bob shop_prod 04_customers_reset_marketing_consent.sql \
        "Reset marketing consent for the new privacy policy" \
        "Legal asked that every customer opts in again under the new policy."
    submit_change agent_claude alice shop_prod 05_users_drop_ssn.sql \
        "Drop the SSN column from staff accounts" \
        "Data minimisation: HR owns staff SSNs; the shop database should not hold a copy."
    submit_change agent_codex bob shop_prod 06_payments_amount_bigint.sql \
        "Widen payments.amount_cents to bigint" \
        "Marketplace payouts are settled as one payment and can exceed the integer range."
    submit_change agent_claude alice shop_staging 07_product_reviews.sql \
        "Add product reviews" \
        "The product page redesign shows ratings; this adds the table behind it."
    submit_change agent_codex bob shop_staging 08_customers_email_unique_ci.sql \
        "Make customer e-mail unique regardless of case" \
        "Duplicate accounts differing only in e-mail case cause split order histories and failed logins."
    after=$(queue_value "select count(*) from sluice.changes")
    if [ "$before" = "$after" ]; then
        say "the demo changes are in the queue ($after changes)"
    fi
}

decide_changes() {
    local id sha revisions
    wait_for_reviews || true

    # Change 08: dana asks for CONCURRENTLY, the agent sends revision 2; the console can diff the two.
    id=$(change_id "Make customer e-mail unique regardless of case")
    revisions=$(queue_value "select count(*) from sluice.revisions where change_id = $id")
    if [ "$revisions" = 1 ]; then
        if [ "$(status_of "$id")" = review ]; then
            ctl dana reject "$id" --comment "A plain CREATE UNIQUE INDEX blocks every write to customers while it builds; \
build it CONCURRENTLY." >/dev/null
            say "dana rejected change $id (build the index concurrently)"
        fi
        ctl agent_codex revise "$id" "$demo/migrations/08_customers_email_unique_ci.v2.sql" >/dev/null
        say "agent_codex sent revision 2 of change $id"
    fi

    # Change 04: an UPDATE without WHERE on every customer in prod.
    id=$(change_id "Reset marketing consent for the new privacy policy")
    if [ "$(status_of "$id")" = review ]; then
        ctl dana reject "$id" --comment "This rewrites all customers in prod in one transaction and erases consent \
we recorded under the new policy too. Limit it with WHERE consent_recorded_at < '2024-05-01' and update in \
batches of 5000." >/dev/null
        say "dana rejected change $id (UPDATE without WHERE)"
    fi

    # Change 01: safe on dev; dana approves what she read, sluiced executes it.
    id=$(change_id "Add a gift note to orders")
    if [ "$(status_of "$id")" = review ]; then
        sha=$(latest_sha256 "$id")
        [ -n "$sha" ] || die "cannot read the sha256 of change $id from 'sluicectl show $id --json'"
        if ctl dana approve "$id" --revision "$sha" --comment "Nullable column, no rewrite: fine." >/dev/null; then
            say "dana approved change $id (revision ${sha:0:12}...)"
        fi
    fi
    for _ in $(seq 1 75); do
        case $(status_of "$id") in
        approved | executing) sleep 0.2 ;;
        *) break ;;
        esac
    done
    case $(status_of "$id") in
    "done") say "change $id is done: sluiced executed it on shop_dev" ;;
    approved | executing) say "change $id is still $(status_of "$id"); sluiced will execute it (see .demo/sluiced.log)" ;;
    *) say "change $id is $(status_of "$id"): see 'sluicectl show $id' and .demo/sluiced.log" ;;
    esac

    wait_for_reviews || true
}

# --- the console ---------------------------------------------------------------------------------------------

open_console() {
    local db
    db=$(conninfo dana)
    if [ ! -x "$console" ]; then
        say "the queue is up, but the console is not built yet (build/dev/app/sluice is missing)"
        say "look at the queue meanwhile: $sluicectl --db \"$db\" list"
        exit 1
    fi
    if [ -z "${DISPLAY:-}" ] && [ -z "${WAYLAND_DISPLAY:-}" ] && [ -z "${QT_QPA_PLATFORM:-}" ]; then
        cat <<EOF
demo: the demo queue is up, but there is no display (neither DISPLAY nor WAYLAND_DISPLAY is set).
demo: to see the console without one:
        xvfb-run -a $console --db "$db"
        QT_QPA_PLATFORM=offscreen $console --db "$db"
demo: to look at the queue from the command line:
        $sluicectl --db "$db" list
        $sluicectl --db "$db" show ID
        $sluicectl --db "$(conninfo audrey)" audit verify
demo: stop everything with ./sluice-dev demo --stop
EOF
        exit 0
    fi
    say "opening the console as dana (DBA); ./sluice-dev demo --stop stops the demo"
    exec "$console" --db "$db"
}

# --- main ----------------------------------------------------------------------------------------------------

case "${1:-}" in
"") ;;
--stop)
    stop_sluiced
    stop_cluster
    say "stopped"
    exit 0
    ;;
*)
    echo "usage: demo.sh [--stop]" >&2
    exit 2
    ;;
esac

command -v psql >/dev/null || die "psql is missing (install postgresql-client-15)"
for tool in "$sluicectl" "$sluiced"; do
    [ -x "$tool" ] || die "${tool#"$root"/} is missing: build first (./sluice-dev build)"
done

mkdir -p "$state"
start_cluster
setup_queue
setup_logins
setup_shop shop_dev 1000
setup_shop shop_staging 10000
setup_shop shop_prod 100000
register_targets
write_config
start_sluiced
submit_changes
decide_changes
say "queue: $(queue_value "select string_agg(format('%s %s', n, status), ', ' order by status)
                           from (select status, count(*) n from sluice.changes group by status) s")"
open_console
