#!/usr/bin/env bash
# Starts a throwaway PostgreSQL cluster (Debian's postgresql package, no systemd) for the server's
# tests and prints its URL: `eval "$(bash scripts/throwaway-postgres.sh start <dir>)"` exports
# COOP_TEST_DATABASE_URL. Run as root (initdb runs as the postgres user). `stop <dir>` stops it.
set -euo pipefail
ACTION="${1:?start|stop}"
DIR="${2:?a scratch folder}"
# A free port unless one is given (another cluster may hold 5432 or an earlier run's port).
PORT="${PGPORT_TEST:-$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')}"
BIN="$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -1)"
if [ "$ACTION" = "stop" ]; then
  runuser -u postgres -- "$BIN/pg_ctl" -D "$DIR/data" -m fast -w stop >/dev/null
  exit 0
fi
mkdir -p "$DIR"
chown postgres "$DIR"
PASSWORD="$(head -c 18 /dev/urandom | base64 | tr -dc 'A-Za-z0-9')"
printf '%s\n' "$PASSWORD" > "$DIR/pwfile"
chown postgres "$DIR/pwfile"
chmod 600 "$DIR/pwfile"
runuser -u postgres -- "$BIN/initdb" -D "$DIR/data" -U postgres --pwfile="$DIR/pwfile" \
  --auth-local=trust --auth-host=scram-sha-256 -E UTF8 --locale=C.UTF-8 >/dev/null
runuser -u postgres -- "$BIN/pg_ctl" -D "$DIR/data" -l "$DIR/server.log" -w \
  -o "-p $PORT -k $DIR -c listen_addresses=127.0.0.1 -c fsync=off" start >/dev/null
echo "export COOP_TEST_DATABASE_URL=postgres://postgres:$PASSWORD@127.0.0.1:$PORT/postgres"
