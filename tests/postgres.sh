#!/usr/bin/env bash
# A throwaway PostgreSQL server for the tests (docs/testing.md, "PostgreSQL"): started once per test run by the test
# fixture (tests/QuizBot.Tests/Support/PostgresServer.cs), or by hand:
#
#   tests/postgres.sh start [OWNER_PID]   installs PostgreSQL if missing, starts a cluster in a new temporary folder on a
#                                         free loopback port; prints "DIR<TAB>CONNECTION STRING" as its last line
#                                         (QUIZBOT_PG_DURABLE=1: with PostgreSQL's durable defaults, for benchmarks)
#   tests/postgres.sh stop DIR            stops that cluster at once and deletes its folder
#
# The cluster listens on 127.0.0.1 only, trusts local connections (nothing else can reach it) and runs with fsync off: it
# holds test data for minutes. PostgreSQL refuses to run as root, so as root (CI) the folder is given to the `postgres`
# user and the server runs as that user. A cluster whose OWNER_PID (the test process) has died is stopped and deleted by
# the next start, so a killed test run leaves no server behind for long. Anything that fails exits non-zero with the
# reason on stderr: the tests then fail with it, they are never skipped.
set -euo pipefail

fail() { echo "tests/postgres.sh: $*" >&2; exit 1; }

bindir() {
  local dir
  for dir in $(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V -r); do
    [ -x "$dir/initdb" ] && [ -x "$dir/pg_ctl" ] && { echo "$dir"; return 0; }
  done
  if command -v initdb >/dev/null && command -v pg_ctl >/dev/null; then dirname "$(command -v pg_ctl)"; return 0; fi
  return 1
}

install_postgres() {
  bindir >/dev/null && return 0
  [ "$(id -u)" -eq 0 ] || fail "PostgreSQL is not installed and this is not root: install it (Debian: sudo apt-get install -y postgresql), then run the tests again"
  command -v apt-get >/dev/null || fail "PostgreSQL is not installed and apt-get is missing: install the PostgreSQL server (initdb, pg_ctl) with this system's packages"
  echo "tests/postgres.sh: installing PostgreSQL from the OS packages (apt-get install postgresql)" >&2
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq >&2 || fail "apt-get update failed"
  apt-get install -y -qq postgresql >&2 || fail "apt-get install postgresql failed"
  bindir >/dev/null || fail "apt-get installed postgresql but initdb/pg_ctl are not in /usr/lib/postgresql/*/bin"
}

# Runs a command as the user the cluster belongs to: `postgres` when we are root, ourselves otherwise.
as_owner() {
  if [ "$(id -u)" -eq 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}

stop_cluster() {
  local dir=$1
  [ -d "$dir" ] || return 0
  if [ -f "$dir/data/postmaster.pid" ]; then
    as_owner "$(bindir)/pg_ctl" -D "$dir/data" -m immediate -w stop >/dev/null 2>&1 || true
  fi
  rm -rf "$dir"
}

# Clusters of earlier runs whose test process is gone (killed before it could stop them).
reap_orphans() {
  local dir owner
  for dir in "${TMPDIR:-/tmp}"/quizbot-pg.*; do
    [ -f "$dir/owner" ] || continue
    owner=$(cat "$dir/owner")
    if [ -n "$owner" ] && ! kill -0 "$owner" 2>/dev/null; then
      echo "tests/postgres.sh: removing the cluster of a test run that ended without stopping it: $dir" >&2
      stop_cluster "$dir"
    fi
  done
}

free_port() {
  # A port nothing listens on now, from the range outside the usual ephemeral ports.
  local port
  for _ in $(seq 1 50); do
    port=$(( 20000 + RANDOM % 12000 ))
    if ! (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then echo "$port"; return 0; fi
  done
  return 1
}

start() {
  local owner=${1:-}
  install_postgres
  reap_orphans
  local bin dir port
  bin=$(bindir)
  if [ "$(id -u)" -eq 0 ]; then
    id postgres >/dev/null 2>&1 || fail "the postgres user is missing (it comes with the postgresql package): reinstall postgresql"
  fi
  dir=$(mktemp -d "${TMPDIR:-/tmp}/quizbot-pg.XXXXXX")
  [ -n "$owner" ] && echo "$owner" >"$dir/owner"
  chmod 755 "$dir"
  mkdir "$dir/data" "$dir/socket"
  [ "$(id -u)" -eq 0 ] && chown postgres "$dir/data" "$dir/socket"
  as_owner "$bin/initdb" -D "$dir/data" -U postgres --auth=trust -E UTF8 --locale=C.UTF-8 >"$dir/initdb.log" 2>&1 \
    || { cat "$dir/initdb.log" >&2; stop_cluster "$dir"; fail "initdb failed"; }
  # Tests: no fsync (the data lives for minutes). Benchmarks ask for PostgreSQL's defaults, a commit flushed before it returns.
  local speed="-c fsync=off -c synchronous_commit=off -c full_page_writes=off"
  [ "${QUIZBOT_PG_DURABLE:-0}" = 1 ] && speed=""
  # Started on a free port; if another process takes the port meanwhile, pg_ctl fails and the next port is tried.
  for _ in 1 2 3 4 5; do
    port=$(free_port) || { stop_cluster "$dir"; fail "no free loopback port found"; }
    if as_owner "$bin/pg_ctl" -D "$dir/data" -l "$dir/socket/server.log" -w -t 60 -o \
        "-p $port -k $dir/socket -c listen_addresses=127.0.0.1 $speed -c max_connections=300 -c shared_buffers=128MB" \
        start >/dev/null 2>&1; then
      printf '%s\t%s\n' "$dir" "Host=127.0.0.1;Port=$port;Username=postgres"
      return 0
    fi
  done
  cat "$dir/socket/server.log" >&2 || true
  stop_cluster "$dir"
  fail "the PostgreSQL server did not start (its log is above)"
}

case "${1:-}" in
  start) start "${2:-}" ;;
  stop) [ -n "${2:-}" ] || fail "usage: tests/postgres.sh stop DIR"; stop_cluster "$2" ;;
  *) fail "usage: tests/postgres.sh start [OWNER_PID] | stop DIR" ;;
esac
