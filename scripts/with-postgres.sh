#!/usr/bin/env bash
# Starts a throw-away PostgreSQL server on 127.0.0.1 (data in a temp dir), runs the given command
# with TEST_DATABASE_URL pointing at it, then stops the server and deletes the data, whatever happens.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
"$here/ensure-apt.sh" postgresql

bin="$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -n 1)"
data="$(mktemp -d /tmp/helpdesk-pg.XXXXXX)"
port="$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()')"
as_postgres=()
if [ "$(id -u)" -eq 0 ]; then
  chown postgres:postgres "$data"
  as_postgres=(runuser -u postgres --)
fi

stop() {
  "${as_postgres[@]}" "$bin/pg_ctl" -D "$data/db" -m immediate stop >/dev/null 2>&1 || true
  rm -rf "$data"
}
trap stop EXIT

"${as_postgres[@]}" "$bin/initdb" -D "$data/db" -U postgres --auth=trust -E UTF8 >/dev/null
"${as_postgres[@]}" "$bin/pg_ctl" -D "$data/db" -l "$data/server.log" -w -t 60 \
  -o "-h 127.0.0.1 -p $port -k $data -c max_connections=300 -c fsync=on" start >/dev/null
echo "PostgreSQL $("$bin/postgres" --version | awk '{print $3}') is up on 127.0.0.1:$port"

export TEST_DATABASE_URL="postgres://postgres@127.0.0.1:$port/postgres?sslmode=disable"
"$@"
