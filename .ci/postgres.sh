#!/usr/bin/env bash
# Start a throw-away PostgreSQL for the store's tests and export ATHAR_TEST_POSTGRES_URL.
# Sourced by .ci/run; installs Debian's postgresql when it is missing. If anything fails, the
# PostgreSQL variants of the tests are skipped (SQLite still runs) and a warning says so.
athar_start_postgres() {
  local bindir port=54329 dir
  bindir=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)
  if [ -z "$bindir" ] || [ ! -x "$bindir/initdb" ]; then
    if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
      apt-get update -qq >/dev/null && DEBIAN_FRONTEND=noninteractive \
        apt-get install -y -qq postgresql >/dev/null || return 1
      bindir=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)
    else
      return 1
    fi
  fi
  dir=$(mktemp -d /tmp/athar-pg.XXXXXX)
  local run=()
  if [ "$(id -u)" = 0 ]; then
    id postgres >/dev/null 2>&1 || useradd --system postgres || return 1
    chown postgres "$dir"
    run=(runuser -u postgres --)
  fi
  "${run[@]}" "$bindir/initdb" -D "$dir/data" -A trust -U postgres >/dev/null || return 1
  "${run[@]}" "$bindir/pg_ctl" -D "$dir/data" -l "$dir/log" -w \
    -o "-p $port -k $dir -c listen_addresses=127.0.0.1" start >/dev/null || return 1
  export ATHAR_TEST_POSTGRES_URL="postgresql://postgres@127.0.0.1:$port/postgres"
  ATHAR_PG_STOP=("${run[@]}" "$bindir/pg_ctl" -D "$dir/data" -m fast stop)
  trap '"${ATHAR_PG_STOP[@]}" >/dev/null 2>&1; rm -rf "'"$dir"'"' EXIT
}
athar_start_postgres || echo "warning: no PostgreSQL for the tests; its variants will be skipped" >&2
