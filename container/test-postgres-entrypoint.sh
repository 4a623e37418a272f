#!/bin/sh
# Entrypoint of localhost/keygate-test-postgres (container/build-test-postgres.sh), a test stand-in for the official
# postgres image: only the part of its contract that container/compose.yaml uses.
#   POSTGRES_PASSWORD (required), POSTGRES_USER (default postgres, the superuser), POSTGRES_DB (default: the user)
#   PGDATA (default /var/lib/postgresql/data): initialised on the first start when empty, kept afterwards
#   password (scram-sha-256) authentication over TCP from anywhere, trust over the local socket
#   the server listening on all addresses, run as the postgres user in the foreground (exec: the container's stop
#   signal reaches it directly)
# Arguments starting with - go to the server (e.g. -c log_statement=all); any other command runs instead (e.g. bash).
# No init scripts, no POSTGRES_INITDB_ARGS.
set -eu
case "${1:-}" in
  '' | -*) ;;
  *) exec "$@" ;;
esac
PGDATA=${PGDATA:-/var/lib/postgresql/data}
export PGDATA

if [ "$(id -u)" = 0 ]; then
  # a new volume is owned by root: give it (and the socket's directory) to postgres, then run this again as postgres
  mkdir -p "$PGDATA" /var/run/postgresql
  chown postgres:postgres "$PGDATA" /var/run/postgresql
  chmod 0700 "$PGDATA"
  exec setpriv --reuid=postgres --regid=postgres --init-groups "$0" "$@"
fi

if [ ! -s "$PGDATA/PG_VERSION" ]; then
  : "${POSTGRES_PASSWORD:?POSTGRES_PASSWORD must be set (this image allows no passwordless TCP access)}"
  user=${POSTGRES_USER:-postgres}
  db=${POSTGRES_DB:-$user}
  pwfile=$(mktemp)
  printf '%s\n' "$POSTGRES_PASSWORD" >"$pwfile"
  initdb --username="$user" --pwfile="$pwfile" --auth-local=trust --auth-host=scram-sha-256 \
    --encoding=UTF8 --locale=C.UTF-8 >/dev/null
  rm -f "$pwfile"
  # any address, not only loopback: the other containers of the network
  echo 'host all all all scram-sha-256' >>"$PGDATA/pg_hba.conf"
  if [ "$db" != postgres ]; then
    # the single-user server: no socket, no port, nobody connects before the database exists
    ident=$(printf '%s' "$db" | sed 's/"/""/g')
    echo "CREATE DATABASE \"$ident\"" | postgres --single -D "$PGDATA" postgres >/dev/null
  fi
  echo "test-postgres: initialised $PGDATA (user $user, database $db)"
fi

exec postgres -D "$PGDATA" -c listen_addresses='*' "$@"
