#!/usr/bin/env bash
# Starts (or stops) a throwaway PostgreSQL cluster from Debian's binaries on its own port.
#   scripts/pg-throwaway.sh start [PORT] [DIR]   prints the DATABASE_URL on stdout
#   scripts/pg-throwaway.sh stop  [PORT] [DIR]
#   scripts/pg-throwaway.sh halt  [PORT] [DIR]     stops the server but keeps its data (fault tests)
#   scripts/pg-throwaway.sh resume [PORT] [DIR]    starts a halted cluster again on the same data
# The parley role may create databases: the PostgreSQL test pass gives each jest worker its own.
# PG_FSYNC=on (start, resume) runs with fsync on; the default, off, is for tests and seeding.
# initdb refuses to run as root, so as root the cluster belongs to the postgres user.
set -euo pipefail
action=${1:?start or stop}
PGPORT=${2:-54329}
PGDATA=${3:-/tmp/parley-pg-$PGPORT}
PGBIN=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1 || true)
if [ -z "$PGBIN" ] || [ ! -x "$PGBIN/initdb" ]; then
  echo "PostgreSQL server binaries not found. Install them with: sudo apt-get install -y postgresql" >&2
  exit 2
fi
as_pg() { if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi; }

case "$action" in
  start)
    if [ -f "$PGDATA/postmaster.pid" ]; then as_pg "$PGBIN/pg_ctl" -D "$PGDATA" -w stop -m immediate >/dev/null 2>&1 || true; fi
    rm -rf "$PGDATA" && mkdir -p "$PGDATA"
    [ "$(id -u)" = 0 ] && chown postgres:postgres "$PGDATA"
    as_pg "$PGBIN/initdb" -D "$PGDATA" -U postgres --auth=trust -E UTF8 --locale=C.UTF-8 >/dev/null
    as_pg "$PGBIN/pg_ctl" -D "$PGDATA" -l "$PGDATA/server.log" -w \
      -o "-p $PGPORT -k /tmp -c listen_addresses=127.0.0.1 -c fsync=${PG_FSYNC:-off} -c max_connections=300 -c shared_buffers=512MB" start >/dev/null
    psql -q -h 127.0.0.1 -p "$PGPORT" -U postgres -c "CREATE ROLE parley LOGIN CREATEDB PASSWORD 'parley'" -c "CREATE DATABASE parley OWNER parley" >/dev/null
    echo "postgres://parley:parley@127.0.0.1:$PGPORT/parley"
    ;;
  stop)
    as_pg "$PGBIN/pg_ctl" -D "$PGDATA" -w stop -m fast >/dev/null 2>&1 || true
    rm -rf "$PGDATA"
    ;;
  halt)
    as_pg "$PGBIN/pg_ctl" -D "$PGDATA" -w stop -m fast >/dev/null
    ;;
  resume)
    as_pg "$PGBIN/pg_ctl" -D "$PGDATA" -l "$PGDATA/server.log" -w \
      -o "-p $PGPORT -k /tmp -c listen_addresses=127.0.0.1 -c fsync=${PG_FSYNC:-off} -c max_connections=300 -c shared_buffers=512MB" start >/dev/null
    ;;
  *) echo "usage: $0 start|stop|halt|resume [PORT] [DIR]" >&2; exit 2 ;;
esac
