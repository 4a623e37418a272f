#!/usr/bin/env bash
# A throw-away PostgreSQL server for bench/run.sh --store postgres: bench/postgres.sh start|stop DIR PORT
# Uses the machine's PostgreSQL binaries (Debian's postgresql package; installed with apt when missing). initdb and
# postgres refuse to run as root, so as root they run as the unprivileged uid 65534 (setpriv, util-linux).
# Durability settings are PostgreSQL's defaults (fsync on): the figures are those of a real deployment on this disk.
set -euo pipefail
ACTION=$1 DIR=$2 PORT=$3
BIN=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1 || true)
if [ -z "$BIN" ]; then
  echo "bench: installing PostgreSQL" >&2
  apt-get update -qq && apt-get install -y -qq postgresql >/dev/null
  BIN=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -1)
fi
as_db_user() {
  if [ "$(id -u)" = 0 ]; then setpriv --reuid=65534 --regid=65534 --clear-groups "$@"; else "$@"; fi
}
case "$ACTION" in
  start)
    rm -rf "$DIR"; mkdir -p "$DIR"
    [ "$(id -u)" = 0 ] && chown 65534:65534 "$DIR"
    as_db_user "$BIN/initdb" -D "$DIR/data" -U postgres -A trust --no-sync >/dev/null
    as_db_user "$BIN/pg_ctl" -D "$DIR/data" -l "$DIR/server.log" -w \
      -o "-p $PORT -h 127.0.0.1 -k $DIR -c max_connections=200 -c shared_buffers=256MB" start >/dev/null
    ;;
  stop)
    as_db_user "$BIN/pg_ctl" -D "$DIR/data" -m fast -w stop >/dev/null || true
    rm -rf "$DIR"
    ;;
  *) echo "usage: bench/postgres.sh start|stop DIR PORT" >&2; exit 2 ;;
esac
