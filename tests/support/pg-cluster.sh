#!/usr/bin/env bash
# Starts or stops a throwaway PostgreSQL cluster for the tests (and the demo).
#   pg-cluster.sh start DIR PORT     initdb if needed, then start on the Unix socket in /tmp/sluice-sock-PORT
#                                    (what every client uses, as on a Debian default install) and on
#                                    127.0.0.1:PORT with TLS (a self-signed certificate) for the TCP and
#                                    sslmode=require tests; superuser "postgres", trust
#   pg-cluster.sh stop DIR
# Run as root, the server runs as the unprivileged user "nobody" (PostgreSQL refuses to run as root).
set -euo pipefail

action=${1:?usage: pg-cluster.sh start DIR PORT | stop DIR}
dir=${2:?cluster directory}
port=${3:-55432}
# A fixed, short path: the cluster directory may move under /tmp (see resolve_dir) and a socket path is
# limited to 107 bytes.
socket_dir=/tmp/sluice-sock-$port

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
    mkdir -p "$socket_dir"
    if [ "$(id -u)" = 0 ]; then
        chown -R nobody "$dir" "$socket_dir"
    fi
    if [ -f "$dir/data/postmaster.pid" ] && as_owner "$bindir/pg_ctl" -D "$dir/data" status >/dev/null 2>&1; then
        as_owner "$bindir/pg_ctl" -D "$dir/data" -m immediate -w stop >/dev/null
    fi
    if [ ! -f "$dir/data/PG_VERSION" ]; then
        rm -rf "$dir/data"
        as_owner "$bindir/initdb" -D "$dir/data" -U postgres --auth=trust -E UTF8 --locale=C.UTF-8 >"$dir/initdb.log" 2>&1 ||
            { cat "$dir/initdb.log" >&2; exit 1; }
    fi
    if [ ! -f "$dir/data/server.key" ]; then
        command -v openssl >/dev/null || { echo "pg-cluster: openssl is needed for the TLS tests" >&2; exit 1; }
        as_owner openssl req -new -x509 -days 3650 -nodes -subj /CN=localhost \
            -keyout "$dir/data/server.key" -out "$dir/data/server.crt" >/dev/null 2>&1
        chmod 600 "$dir/data/server.key"
    fi
    if ! as_owner "$bindir/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -t 60 \
        -o "-p $port -k $socket_dir -c listen_addresses=127.0.0.1 -c ssl=on -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=300" \
        start >/dev/null; then
        echo "pg-cluster: the server did not start; its log says:" >&2
        tail -n 20 "$dir/server.log" >&2
        exit 1
    fi
    echo "pg-cluster: PostgreSQL $("$bindir/postgres" --version | awk '{print $3}') on $socket_dir and 127.0.0.1:$port ($dir)"
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
