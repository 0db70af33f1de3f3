#!/usr/bin/env bash
# Runs a command with a private PostgreSQL server on 127.0.0.1: a new cluster in a temp
# directory on a free port, its URL in ENGINE_TEST_POSTGRES, stopped and deleted afterwards
# (also when the command fails or is interrupted). Used by `make unit-pg`.
#
#   scripts/with-postgres.sh cargo nextest run -p engine
#
# The server is Debian's (package postgresql). It refuses to run as root, so as root it runs as
# the `postgres` user the package creates. fsync is off: the tests kill engines, never this
# server, and a throwaway cluster need not survive a power cut. WITH_POSTGRES_FSYNC=on keeps it
# on (benchmarks: every commit durable, as in production).
set -euo pipefail

bindir=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)
if [ -z "$bindir" ] || [ ! -x "$bindir/pg_ctl" ]; then
  echo "with-postgres: no PostgreSQL server found (apt-get install postgresql)" >&2
  exit 1
fi

dir=$(mktemp -d /tmp/engine-pg.XXXXXX)
as_owner=()
if [ "$(id -u)" = 0 ]; then
  chown postgres: "$dir"
  as_owner=(runuser -u postgres --)
fi
port=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')

stop() {
  "${as_owner[@]}" "$bindir/pg_ctl" -D "$dir/data" -m immediate stop >/dev/null 2>&1 || true
  rm -rf "$dir"
}
trap stop EXIT INT TERM

"${as_owner[@]}" "$bindir/initdb" -D "$dir/data" -A trust -U postgres -E UTF8 --no-locale >/dev/null
fsync=off
if [ "${WITH_POSTGRES_FSYNC:-off}" = on ]; then fsync=on; fi
"${as_owner[@]}" "$bindir/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -o \
  "-p $port -k $dir -c listen_addresses=127.0.0.1 -c max_connections=300 -c fsync=$fsync" \
  start >/dev/null || { cat "$dir/server.log" >&2; exit 1; }

export ENGINE_TEST_POSTGRES="postgres://postgres@127.0.0.1:$port/postgres"
echo "with-postgres: PostgreSQL $("$bindir/postgres" --version | awk '{print $3}') on 127.0.0.1:$port (fsync=$fsync)" >&2
"$@"
