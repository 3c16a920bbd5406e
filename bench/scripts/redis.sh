#!/usr/bin/env bash
# Starts and stops a throwaway Redis server on loopback for the benchmark's Redis peer.
set -euo pipefail

SCRIPT_NAME=redis.sh
# shellcheck source=peer-common.sh source-path=SCRIPTDIR
source "$(dirname "${BASH_SOURCE[0]}")/peer-common.sh"

SUBDIR=stockcore-redis
START_ATTEMPTS=5
READY_SECONDS=30

usage() {
    cat <<EOF
Usage: $SCRIPT_NAME start DIR [everysec|always|none] | stop DIR | --help

start DIR [PERSISTENCE]
           Installs redis-server if missing (without enabling or starting the distribution's service), writes
           DIR/$SUBDIR/redis.conf, starts redis-server bound to 127.0.0.1 on a free port (daemonized, pid file
           and log in DIR/$SUBDIR), waits until it answers PING and prints on stdout:
               port=NNNN
           PERSISTENCE (default everysec): everysec = appendonly yes, appendfsync everysec; always = appendonly
           yes, appendfsync always (fsync of the AOF before each reply); none = appendonly no (memory only). No
           RDB snapshots in any mode. protected-mode stays on. Works from any directory root or the user can
           write, a 0700 'mktemp -d' included (the server runs as the caller).
stop DIR   Stops the server started in DIR and removes DIR/$SUBDIR. Succeeds when nothing is running.

On failure, one line on stderr says why (with the server log's last lines) and the exit status is non-zero.
EOF
}

# ensure_installed: installs redis-server if missing, without starting or enabling the package's own service, so
# that only the servers this script starts exist.
ensure_installed() {
    if command -v redis-server >/dev/null && command -v redis-cli >/dev/null; then
        return 0
    fi
    install_package redis-server redis-server.service
    if ! command -v redis-server >/dev/null || ! command -v redis-cli >/dev/null; then
        die "redis-server was installed but redis-server or redis-cli is not on the PATH"
    fi
}

# aof_lines PERSISTENCE: the append-only-file settings of a persistence mode.
aof_lines() {
    case "$1" in
        everysec) printf 'appendonly yes\nappendfsync everysec\n' ;;
        always) printf 'appendonly yes\nappendfsync always\n' ;;
        none) printf 'appendonly no\n' ;;
        *) die "unknown persistence '$1'; use everysec, always or none" ;;
    esac
}

# write_conf SUB PORT PERSISTENCE: the server's configuration. Paths are quoted because DIR may contain spaces.
write_conf() {
    local sub=$1 port=$2 persistence=$3
    cat > "$sub/redis.conf" <<EOF
# stockcore bench peer: loopback only, persistence $persistence, no RDB snapshots.
bind 127.0.0.1
port $port
protected-mode yes
daemonize yes
supervised no
pidfile "$sub/redis.pid"
logfile "$sub/redis.log"
dir "$sub/data"
save ""
$(aof_lines "$persistence")
EOF
}

# daemon_pid LOG: the daemon's pid from its first log line ("... pid=NNN, just started"). The pid file is only
# written once the port is bound, so a daemon that fails to bind never writes one.
daemon_pid() {
    sed -n 's/.*pid=\([0-9][0-9]*\), just started.*/\1/p' "$1" 2>/dev/null | head -n 1 || true
}

# ours_ready PIDFILE PORT: true when our daemon has bound its port (it writes the pid file only after that, so a
# PONG cannot come from some other server on the port) and answers PING.
ours_ready() {
    [[ -n "$(running_pid "$1")" ]] && [[ "$(redis-cli -h 127.0.0.1 -p "$2" ping 2>/dev/null)" == "PONG" ]]
}

STARTED_PID=""

# stop_on_failure: an EXIT trap; a start that fails after the daemon was spawned stops it again, leaving the data
# directory and its log for inspection (the next start or a stop removes them).
stop_on_failure() {
    local status=$?
    if [[ $status -ne 0 && -n "$STARTED_PID" ]]; then
        kill -KILL "$STARTED_PID" 2>/dev/null || true
    fi
    return $status
}

start() {
    local dir=$1 persistence=${2:-everysec}
    aof_lines "$persistence" >/dev/null
    trap stop_on_failure EXIT
    ensure_installed

    local running
    running=$(running_pid "$dir/$SUBDIR/redis.pid")
    [[ -z "$running" ]] || die "a server (pid $running) is already running in $dir/$SUBDIR; run '$SCRIPT_NAME stop $dir' first"

    local sub
    sub=$(prepare_dir "$dir" "$SUBDIR")
    mkdir "$sub/data"
    local log="$sub/redis.log" pidfile="$sub/redis.pid"

    local attempt port pid i
    for ((attempt = 1; attempt <= START_ATTEMPTS; attempt++)); do
        port=$(free_port)
        write_conf "$sub" "$port" "$persistence"
        rm -f "$log" "$pidfile"
        redis-server "$sub/redis.conf" >&2 || { log_tail "$log"; die "redis-server refused to start with $sub/redis.conf"; }
        pid=""
        for ((i = 0; i < READY_SECONDS * 10; i++)); do
            if [[ -z "$pid" ]]; then
                pid=$(daemon_pid "$log")
                STARTED_PID=$pid
            fi
            if ours_ready "$pidfile" "$port"; then
                break
            fi
            if [[ -n "$pid" ]] && ! kill -0 "$pid" 2>/dev/null; then
                break
            fi
            sleep 0.1
        done
        if ours_ready "$pidfile" "$port"; then
            break
        fi
        if [[ -n "$pid" ]] && kill -0 "$pid" 2>/dev/null; then
            log_tail "$log"
            die "redis-server (pid $pid) did not answer PING on 127.0.0.1:$port within ${READY_SECONDS}s"
        fi
        if grep -q 'Address already in use' "$log" 2>/dev/null; then
            note "port $port was taken while starting; trying another"
            continue
        fi
        log_tail "$log"
        die "redis-server exited before answering PING on 127.0.0.1:$port; its log is $log"
    done
    ((attempt <= START_ATTEMPTS)) || { log_tail "$log"; die "could not bind a free port after $START_ATTEMPTS attempts"; }

    note "Redis $(redis-server --version | sed -n 's/.*v=\([^ ]*\).*/\1/p') running on 127.0.0.1:$port (pid $(running_pid "$pidfile")), persistence $persistence, data in $sub/data, log in $log"
    echo "port=$port"
    echo "persistence=$persistence"
}

stop() {
    local dir=$1
    local sub="$dir/$SUBDIR"
    if [[ ! -d "$sub" ]]; then
        note "nothing to stop in $dir"
        return 0
    fi
    local pid
    pid=$(running_pid "$sub/redis.pid")
    if [[ -n "$pid" ]]; then
        # SIGTERM makes Redis flush the AOF and exit; the data is removed right after, so that is only politeness.
        kill -TERM "$pid" 2>/dev/null || true
        if ! wait_gone "$pid" 30; then
            note "redis-server (pid $pid) did not stop within 30s; sending SIGKILL"
            kill -KILL "$pid" 2>/dev/null || true
            wait_gone "$pid" 5 || die "redis-server (pid $pid) in $sub would not stop; data left in place"
        fi
    fi
    remove_dir "$sub"
    note "stopped and removed $sub"
}

case "${1:-}" in
    start)
        [[ $# -eq 2 || $# -eq 3 ]] || { usage >&2; die "start needs DIR and optionally everysec, always or none"; }
        start "$2" "${3:-everysec}"
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
