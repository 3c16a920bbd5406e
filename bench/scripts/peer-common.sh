# shellcheck shell=bash
# Functions shared by postgresql.sh and redis.sh; sourced, not run. Messages go to stderr so that the scripts'
# stdout carries only their key=value results.

# die MESSAGE: prints "<script>: MESSAGE" on stderr and exits 1.
die() {
    echo "${SCRIPT_NAME}: $*" >&2
    exit 1
}

# note MESSAGE: progress on stderr.
note() {
    echo "${SCRIPT_NAME}: $*" >&2
}

# log_tail FILE: the last lines of a server log, indented, for a failure message.
log_tail() {
    local file=$1
    if [[ -s "$file" ]]; then
        echo "last lines of $file:" >&2
        tail -n 15 "$file" | sed 's/^/    /' >&2
    fi
}

# install_package PACKAGE SERVICE: installs a Debian package without letting its maintainer scripts start the
# distribution's service: a policy-rc.d that answers 101 ("action forbidden") is put in place for the install
# when none exists, and removed afterwards. If SERVICE was not enabled before, it is disabled again afterwards
# (the package enables it at boot); a service that was already enabled, e.g. for clusters of another PostgreSQL
# version, is left as it was.
install_package() {
    local package=$1 service=$2
    local was_enabled=0
    if command -v systemctl >/dev/null && systemctl is-enabled --quiet "$service" 2>/dev/null; then
        was_enabled=1
    fi
    [[ $EUID -eq 0 ]] || die "$package is not installed and installing it needs root: run 'sudo apt-get install -y $package' and try again"
    command -v apt-get >/dev/null || die "$package is not installed and apt-get is not available to install it"

    local guard=/usr/sbin/policy-rc.d
    local own_guard=0
    if [[ ! -e $guard ]]; then
        printf '#!/bin/sh\n# Written by stockcore bench/scripts for the duration of an install.\nexit 101\n' > "$guard"
        chmod 755 "$guard"
        own_guard=1
    fi

    note "installing $package with apt-get (its service will not be started) ..."
    local status=0
    apt_install "$package" || {
        note "install failed; refreshing the package lists with apt-get update and trying once more"
        apt-get update -q >&2 && apt_install "$package"
    } || status=$?

    if [[ $own_guard -eq 1 ]]; then
        rm -f "$guard"
    fi
    [[ $status -eq 0 ]] || die "apt-get could not install $package (exit $status); see the apt output above"

    if [[ $was_enabled -eq 0 ]] && command -v systemctl >/dev/null; then
        systemctl disable "$service" >/dev/null 2>&1 || note "could not disable $service; it may start at boot"
    fi
}

apt_install() {
    DEBIAN_FRONTEND=noninteractive apt-get install -y -q -o DPkg::Lock::Timeout=300 --no-install-recommends "$1" >&2
}

# port_in_use PORT: true when something listens on PORT on any address.
port_in_use() {
    local port=$1
    if command -v ss >/dev/null; then
        [[ -n "$(ss -Hltn "sport = :$port" 2>/dev/null)" ]]
    else
        (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null
    fi
}

# free_port: prints a port in 15000..32767 that nothing listens on. Below Linux's default ephemeral range
# (32768..60999), so that client sockets do not take it between this check and the server's bind; a server that
# still loses the race is retried by the caller on another port.
free_port() {
    local attempt port
    for ((attempt = 0; attempt < 50; attempt++)); do
        port=$((15000 + RANDOM % 17768))
        if ! port_in_use "$port"; then
            echo "$port"
            return 0
        fi
    done
    die "found no free TCP port in 15000..32767 after 50 tries"
}

# prepare_dir DIR NAME: creates DIR and the fresh subdirectory DIR/NAME, prints the subdirectory's absolute path.
# A leftover DIR/NAME from an earlier run is removed only if it carries this script's marker file, so that a
# mistyped DIR never deletes someone else's data.
prepare_dir() {
    local dir=$1 name=$2
    if [[ -e "$dir" && ! -d "$dir" ]]; then
        die "work directory $dir exists and is not a directory; pass a directory"
    fi
    mkdir -p "$dir" 2>/dev/null || die "cannot create work directory $dir"
    local root
    root=$(cd "$dir" && pwd -P)
    local sub="$root/$name"
    if [[ -e "$sub" ]]; then
        [[ -f "$sub/.stockcore-peer" ]] || die "$sub exists and was not made by this script; remove it or choose another directory"
        rm -rf "$sub"
    fi
    mkdir "$sub"
    touch "$sub/.stockcore-peer"
    echo "$sub"
}

# remove_dir SUBDIR: removes a directory made by prepare_dir (and only such a directory).
remove_dir() {
    local sub=$1
    if [[ -f "$sub/.stockcore-peer" ]]; then
        rm -rf "$sub"
    elif [[ -e "$sub" ]]; then
        die "$sub was not made by this script; left in place"
    fi
}

# running_pid PIDFILE: prints the pid from the first line of PIDFILE when that process is alive, else nothing.
running_pid() {
    local file=$1 pid
    [[ -f "$file" ]] || return 0
    pid=$(head -n 1 "$file" 2>/dev/null || true)
    if [[ "$pid" =~ ^[0-9]+$ ]] && kill -0 "$pid" 2>/dev/null; then
        echo "$pid"
    fi
}

# wait_gone PID SECONDS: true once PID has exited, false if it is still alive after SECONDS.
wait_gone() {
    local pid=$1 seconds=$2 i
    for ((i = 0; i < seconds * 10; i++)); do
        kill -0 "$pid" 2>/dev/null || return 0
        sleep 0.1
    done
    ! kill -0 "$pid" 2>/dev/null
}
