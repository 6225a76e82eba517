#!/usr/bin/env bash
# Start a throwaway PostgreSQL server for the tests and print its URL.
# Installs Debian's postgresql if it is missing (CI machines start fresh).
# Usage: eval "$(bash scripts/pg.sh start)"   |   bash scripts/pg.sh stop
set -euo pipefail
PGPORT="${NADD_PG_PORT:-55432}"
PGDIR="${NADD_PG_DIR:-/tmp/nadd-pg-$PGPORT}"

find_bin() {
  local b
  for b in /usr/lib/postgresql/*/bin; do [ -x "$b/pg_ctl" ] && { echo "$b"; return 0; }; done
  return 1
}

case "${1:-start}" in
start)
  if ! BIN="$(find_bin)"; then
    echo "installing postgresql from Debian..." >&2
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq >&2 && apt-get install -y -qq postgresql >&2
    BIN="$(find_bin)"
  fi
  RUN=()
  if [ "$(id -u)" = 0 ]; then RUN=(runuser -u postgres --); fi
  if ! "${RUN[@]}" "$BIN/pg_ctl" -D "$PGDIR" status >/dev/null 2>&1; then
    rm -rf "$PGDIR"; mkdir -p "$PGDIR"
    [ "$(id -u)" = 0 ] && chown postgres:postgres "$PGDIR"
    "${RUN[@]}" "$BIN/initdb" -D "$PGDIR" -U nadd --auth=trust -E UTF8 >/dev/null
    "${RUN[@]}" "$BIN/pg_ctl" -D "$PGDIR" -l "$PGDIR/log" -w \
      -o "-p $PGPORT -k $PGDIR -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off" start >/dev/null
  fi
  "${RUN[@]}" "$BIN/psql" -h 127.0.0.1 -p "$PGPORT" -U nadd -d postgres -tAc \
    "SELECT 1 FROM pg_database WHERE datname='nadd_test'" | grep -q 1 ||
    "${RUN[@]}" "$BIN/createdb" -h 127.0.0.1 -p "$PGPORT" -U nadd nadd_test
  echo "export NADD_TEST_PG_URL=postgresql://nadd@127.0.0.1:$PGPORT/nadd_test"
  ;;
stop)
  BIN="$(find_bin)" || exit 0
  RUN=(); [ "$(id -u)" = 0 ] && RUN=(runuser -u postgres --)
  "${RUN[@]}" "$BIN/pg_ctl" -D "$PGDIR" -m fast stop >/dev/null 2>&1 || true
  ;;
esac
