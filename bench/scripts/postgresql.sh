#!/usr/bin/env bash
# Starts and stops a throwaway PostgreSQL 15 server on loopback for the benchmark's PostgreSQL peer.
set -euo pipefail

SCRIPT_NAME=postgresql.sh
# shellcheck source=peer-common.sh source-path=SCRIPTDIR
source "$(dirname "${BASH_SOURCE[0]}")/peer-common.sh"

PG_MAJOR=15
PG_USER=stockcore
PG_DATABASE=stockcore
SUBDIR=stockcore-postgresql
START_ATTEMPTS=5
READY_SECONDS=60
MAX_CONNECTIONS=80

usage() {
    cat <<EOF
Usage: $SCRIPT_NAME start DIR | stop DIR | --help

start DIR  Installs postgresql-$PG_MAJOR if missing (without starting the distribution's service), creates a
           fresh cluster in DIR/$SUBDIR/data, starts it on 127.0.0.1 on a free port, waits until it accepts
           connections and prints on stdout:
               port=NNNN
               user=$PG_USER
               database=$PG_DATABASE
               data=PATH     the server's data directory
           Authentication is 'trust' on 127.0.0.1 only (a throwaway benchmark server, like Redis on loopback).
           Durable defaults: fsync=on, synchronous_commit=on, full_page_writes=on. Sized for this machine:
           shared_buffers = a quarter of RAM up to 1GB, wal_buffers=16MB, max_connections=$MAX_CONNECTIONS (64
           benchmark clients and a few more); commit_delay and commit_siblings stay at their defaults here and
           are tried by the benchmark itself (ALTER SYSTEM, reload). The settings are printed on stderr.
           When run as root the server runs as the 'postgres' system user. If that user cannot reach DIR (a 0700
           'mktemp -d', a home directory), the cluster goes into a fresh directory of its own under /tmp (or
           /var/tmp), recorded in DIR/$SUBDIR/server-dir, and is removed by stop like the rest.
stop DIR   Stops the server started in DIR and removes DIR/$SUBDIR (and a server directory of its own).
           Succeeds when nothing is running.

Existing clusters (pg_lsclusters) are never touched. On failure, one line on stderr says why (with the
server log's last lines) and the exit status is non-zero.
EOF
}

# has_tools DIR: true when DIR has every server program this script runs.
has_tools() {
    local tool
    for tool in initdb pg_ctl pg_isready createdb; do
        [[ -x "$1/$tool" ]] || return 1
    done
}

# pg_bindir: prints the directory holding the server programs of PostgreSQL $PG_MAJOR, or nothing.
pg_bindir() {
    local candidate
    for candidate in "${PG_BINDIR:-}" "/usr/lib/postgresql/$PG_MAJOR/bin"; do
        if [[ -n "$candidate" ]] && has_tools "$candidate"; then
            echo "$candidate"
            return 0
        fi
    done
    if [[ -x /usr/local/bin/pg_ctl ]]; then
        candidate=$(dirname "$(readlink -f /usr/local/bin/pg_ctl)")
        if has_tools "$candidate"; then
            echo "$candidate"
        fi
    fi
}

# as_server COMMAND...: runs COMMAND as the user the server runs as (postgres when we are root).
as_server() {
    if [[ $EUID -eq 0 ]]; then
        runuser -u postgres -- "$@"
    else
        "$@"
    fi
}

# shared_buffers_mb: a quarter of the machine's memory, at least 128 MB and at most 1 GB (PostgreSQL's own advice
# for a dedicated server is 25%; the benchmark's catalogue and reservations fit well within 1 GB).
shared_buffers_mb() {
    local kb
    kb=$(sed -n 's/^MemTotal: *\([0-9][0-9]*\) kB/\1/p' /proc/meminfo 2>/dev/null || true)
    local mb=$(( ${kb:-1048576} / 1024 / 4 ))
    (( mb >= 128 )) || mb=128
    (( mb <= 1024 )) || mb=1024
    echo "$mb"
}

# server_dir SUB: prints the directory the cluster goes into: SUB itself when the server's user can use it, else
# a fresh directory of its own under /tmp or /var/tmp (owned by that user), recorded in SUB/server-dir. A 0700
# directory of root's (what 'mktemp -d' makes) cannot be traversed by the 'postgres' user, and PostgreSQL
# refuses to run as root, so the cluster cannot live under it.
server_dir() {
    local sub=$1
    if [[ $EUID -ne 0 ]]; then
        echo "$sub"
        return 0
    fi
    chown postgres: "$sub"
    if as_server test -w "$sub" -a -x "$sub" 2>/dev/null; then
        echo "$sub"
        return 0
    fi
    local base own
    for base in /tmp /var/tmp; do
        if [[ -d "$base" ]] && as_server test -w "$base" -a -x "$base" 2>/dev/null; then
            own=$(as_server mktemp -d "$base/stockcore-postgresql.XXXXXX") || continue
            as_server touch "$own/.stockcore-peer"
            echo "$own" > "$sub/server-dir"
            note "the postgres user cannot reach $sub (a parent directory is not traversable); the cluster goes into $own"
            echo "$own"
            return 0
        fi
    done
    die "the postgres user can reach neither $sub nor /tmp nor /var/tmp; fix with 'chmod o+x' on each parent of $sub, or run: $SCRIPT_NAME start /tmp/stockcore-bench"
}

STARTED_BINDIR=""
STARTED_DATA=""

# stop_on_failure: an EXIT trap; a start that fails after the server came up stops it again, leaving the data
# directory and its log for inspection (the next start or a stop removes them).
stop_on_failure() {
    local status=$?
    if [[ $status -ne 0 && -n "$STARTED_DATA" ]]; then
        as_server "$STARTED_BINDIR/pg_ctl" --pgdata="$STARTED_DATA" --mode=immediate --silent stop >/dev/null 2>&1 || true
    fi
    return $status
}

start() {
    local dir=$1
    trap stop_on_failure EXIT
    local bindir
    bindir=$(pg_bindir)
    if [[ -z "$bindir" ]]; then
        install_package "postgresql-$PG_MAJOR" postgresql.service
        bindir=$(pg_bindir)
        [[ -n "$bindir" ]] || die "postgresql-$PG_MAJOR was installed but initdb, pg_ctl, pg_isready and createdb are not all in /usr/lib/postgresql/$PG_MAJOR/bin"
    fi
    if [[ $EUID -eq 0 ]] && ! id postgres >/dev/null 2>&1; then
        die "PostgreSQL refuses to run as root and there is no 'postgres' system user; create it with 'useradd --system --home-dir /var/lib/postgresql postgres' (or reinstall postgresql-$PG_MAJOR) and try again"
    fi

    local running previous="$dir/$SUBDIR"
    if [[ -f "$dir/$SUBDIR/server-dir" ]]; then
        previous=$(head -n 1 "$dir/$SUBDIR/server-dir")
    fi
    running=$(running_pid "$previous/data/postmaster.pid")
    [[ -z "$running" ]] || die "a server (pid $running) is already running in $previous; run '$SCRIPT_NAME stop $dir' first"
    if [[ "$previous" != "$dir/$SUBDIR" && -f "$previous/.stockcore-peer" ]]; then
        remove_dir "$previous"
    fi

    local sub own
    sub=$(prepare_dir "$dir" "$SUBDIR")
    own=$(server_dir "$sub")
    local data="$own/data" log="$own/server.log"

    # --no-sync: the cluster is thrown away after the run; the server itself runs with fsync on.
    cd "$own"
    as_server "$bindir/initdb" --pgdata="$data" --username="$PG_USER" --auth=trust --encoding=UTF8 --locale=C \
        --no-sync > "$sub/initdb.log" 2>&1 || { log_tail "$sub/initdb.log"; die "initdb failed in $data"; }
    local shared_buffers
    shared_buffers="$(shared_buffers_mb)MB"
    cat >> "$data/postgresql.conf" <<EOF

# stockcore bench peer: loopback only, durable defaults, sized for this machine.
listen_addresses = '127.0.0.1'
unix_socket_directories = ''
max_connections = $MAX_CONNECTIONS
shared_buffers = $shared_buffers
wal_buffers = 16MB
fsync = on
synchronous_commit = on
full_page_writes = on
logging_collector = off
EOF
    note "configuration: max_connections=$MAX_CONNECTIONS shared_buffers=$shared_buffers wal_buffers=16MB fsync=on synchronous_commit=on full_page_writes=on"

    local attempt port
    for ((attempt = 1; attempt <= START_ATTEMPTS; attempt++)); do
        port=$(free_port)
        rm -f "$log"
        # Set before pg_ctl: a start that times out may leave a postmaster running, which the trap must stop.
        STARTED_BINDIR=$bindir
        STARTED_DATA=$data
        if as_server "$bindir/pg_ctl" --pgdata="$data" --log="$log" --options="-p $port" --wait \
            --timeout="$READY_SECONDS" --silent start >&2; then
            break
        fi
        if grep -q -e 'could not bind' -e 'Address already in use' "$log"; then
            note "port $port was taken while starting; trying another"
            as_server "$bindir/pg_ctl" --pgdata="$data" --mode=immediate --silent stop >/dev/null 2>&1 || true
            continue
        fi
        log_tail "$log"
        die "the server in $data did not start (pg_ctl gave up or timed out after ${READY_SECONDS}s); its log is $log"
    done
    ((attempt <= START_ATTEMPTS)) || { log_tail "$log"; die "could not bind a free port after $START_ATTEMPTS attempts"; }
    echo "$port" > "$sub/port"

    local i
    for ((i = 0; i < READY_SECONDS * 10; i++)); do
        if "$bindir/pg_isready" --host=127.0.0.1 --port="$port" --username="$PG_USER" --dbname=postgres --quiet; then
            break
        fi
        sleep 0.1
    done
    if ! "$bindir/pg_isready" --host=127.0.0.1 --port="$port" --quiet; then
        log_tail "$log"
        die "the server started but does not accept connections on 127.0.0.1:$port after ${READY_SECONDS}s"
    fi
    "$bindir/createdb" --host=127.0.0.1 --port="$port" --username="$PG_USER" "$PG_DATABASE" >&2 ||
        { log_tail "$log"; die "could not create database $PG_DATABASE on 127.0.0.1:$port"; }

    note "PostgreSQL $PG_MAJOR running on 127.0.0.1:$port, data in $data, log in $log"
    echo "port=$port"
    echo "user=$PG_USER"
    echo "database=$PG_DATABASE"
    echo "data=$data"
}

stop() {
    local dir=$1
    local sub="$dir/$SUBDIR"
    if [[ ! -d "$sub" ]]; then
        note "nothing to stop in $dir"
        return 0
    fi
    local own="$sub"
    if [[ -f "$sub/server-dir" ]]; then
        own=$(head -n 1 "$sub/server-dir")
        [[ -f "$own/.stockcore-peer" ]] || own="$sub"
    fi
    local data="$own/data"
    if [[ -f "$data/postmaster.pid" ]]; then
        local pid bindir
        pid=$(head -n 1 "$data/postmaster.pid")
        bindir=$(pg_bindir)
        cd "$own"
        # Immediate mode skips the shutdown checkpoint: the data is removed right after, so writing it out is
        # wasted time (seconds on a busy disk).
        if [[ -n "$bindir" ]]; then
            as_server "$bindir/pg_ctl" --pgdata="$data" --mode=immediate --wait --timeout=30 --silent stop >&2 || true
        fi
        # pg_ctl returns once the pid file is gone, a moment before the postmaster has exited.
        if [[ "$pid" =~ ^[0-9]+$ ]] && ! wait_gone "$pid" 10; then
            note "server (pid $pid) did not stop in time; sending SIGQUIT"
            kill -QUIT "$pid" 2>/dev/null || true
            wait_gone "$pid" 10 || { kill -KILL "$pid" 2>/dev/null || true; wait_gone "$pid" 5; } ||
                die "server (pid $pid) in $data would not stop; data left in place"
        fi
        cd /
    fi
    if [[ "$own" != "$sub" ]]; then
        remove_dir "$own"
        note "removed the server directory $own"
    fi
    remove_dir "$sub"
    note "stopped and removed $sub"
}

case "${1:-}" in
    start)
        [[ $# -eq 2 ]] || { usage >&2; die "start needs exactly one argument: DIR"; }
        start "$2"
        ;;
    stop)
        [[ $# -eq 2 ]] || { usage >&2; die "stop needs exactly one argument: DIR"; }
        stop "$2"
        ;;
    -h | --help | help)
        usage
        ;;
    *)
        usage >&2
        die "unknown command '${1:-}'; use start DIR or stop DIR"
        ;;
esac
