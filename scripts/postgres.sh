#!/usr/bin/env bash
# Start a throwaway PostgreSQL server for the test suite (installing it first when
# root and missing). Prints "URL DATADIR" on success; prints nothing if no server
# can be had (the PostgreSQL tests then report themselves skipped).
# Stop it with: scripts/postgres.sh stop DATADIR
set -euo pipefail

pgbin() { ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1; }
# As root, the server runs as the postgres user, from / (it cannot enter root's project directory).
as_pg() { if [ "$(id -u)" = 0 ]; then (cd / && su postgres -s /bin/bash -c "$*"); else bash -c "$*"; fi; }

if [ "${1:-}" = stop ]; then
  bin="$(pgbin)"
  as_pg "'$bin/pg_ctl' -D '$2/db' -m immediate stop" >/dev/null 2>&1 || true
  rm -rf "$2"
  exit 0
fi

if [ -z "$(pgbin)" ] && [ "$(id -u)" = 0 ]; then
  echo "[setup] 安装 PostgreSQL（测试用）" >&2
  apt-get update -qq >&2
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql >/dev/null
fi
bin="$(pgbin)"
[ -n "$bin" ] || exit 0

data="$(mktemp -d /tmp/pingan-pg.XXXXXX)"
[ "$(id -u)" = 0 ] && chown postgres: "$data"
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
as_pg "'$bin/initdb' -D '$data/db' -A trust -U postgres -E UTF8 --no-locale" >/dev/null
as_pg "'$bin/pg_ctl' -D '$data/db' -l '$data/log' -w -o \"-p $port -k '$data' -c listen_addresses=127.0.0.1 -c fsync=off\" start" >/dev/null
echo "postgresql+psycopg://postgres@127.0.0.1:$port/postgres $data"
