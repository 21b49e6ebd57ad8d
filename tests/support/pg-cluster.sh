#!/usr/bin/env bash
# Starts or stops a throwaway PostgreSQL cluster for the tests (and the demo).
#   pg-cluster.sh start DIR PORT     initdb if needed, then start on 127.0.0.1:PORT, superuser "postgres", trust
#   pg-cluster.sh stop DIR
# Run as root, the server runs as the unprivileged user "nobody" (PostgreSQL refuses to run as root).
set -euo pipefail

action=${1:?usage: pg-cluster.sh start DIR PORT | stop DIR}
dir=${2:?cluster directory}
port=${3:-55432}

bindir=""
for candidate in /usr/lib/postgresql/15/bin $(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -rV); do
    if [ -x "$candidate/pg_ctl" ]; then bindir=$candidate; break; fi
done
if [ -z "$bindir" ]; then
    echo "pg-cluster: PostgreSQL server binaries not found (install postgresql-15)" >&2
    exit 1
fi

as_owner() {
    if [ "$(id -u)" = 0 ]; then
        runuser -u nobody -- "$@"
    else
        "$@"
    fi
}

# As root, the server runs as "nobody", which must reach the directory. A checkout under a private home
# directory is out of its reach: the cluster then lives under /tmp, at a path derived from the requested one.
resolve_dir() {
    mkdir -p "$dir"
    dir=$(cd "$dir" && pwd)
    if [ "$(id -u)" = 0 ] && ! runuser -u nobody -- test -x "$dir"; then
        dir=/tmp/sluice-pg-$(printf '%s' "$dir" | sha1sum | cut -c1-12)
        mkdir -p "$dir"
    fi
}

case "$action" in
start)
    resolve_dir
    if [ "$(id -u)" = 0 ]; then
        chown -R nobody "$dir"
    fi
    if [ -f "$dir/data/postmaster.pid" ] && as_owner "$bindir/pg_ctl" -D "$dir/data" status >/dev/null 2>&1; then
        as_owner "$bindir/pg_ctl" -D "$dir/data" -m immediate -w stop >/dev/null
    fi
    if [ ! -f "$dir/data/PG_VERSION" ]; then
        rm -rf "$dir/data"
        as_owner "$bindir/initdb" -D "$dir/data" -U postgres --auth=trust -E UTF8 --locale=C.UTF-8 >"$dir/initdb.log" 2>&1 ||
            { cat "$dir/initdb.log" >&2; exit 1; }
    fi
    if ! as_owner "$bindir/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -t 60 \
        -o "-p $port -k '' -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=300" \
        start >/dev/null; then
        echo "pg-cluster: the server did not start; its log says:" >&2
        tail -n 20 "$dir/server.log" >&2
        exit 1
    fi
    echo "pg-cluster: PostgreSQL $("$bindir/postgres" --version | awk '{print $3}') on 127.0.0.1:$port ($dir)"
    ;;
stop)
    resolve_dir
    if [ -f "$dir/data/postmaster.pid" ]; then
        as_owner "$bindir/pg_ctl" -D "$dir/data" -m fast -w stop >/dev/null || true
    fi
    ;;
*)
    echo "usage: pg-cluster.sh start DIR PORT | stop DIR" >&2
    exit 2
    ;;
esac
