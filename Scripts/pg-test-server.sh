#!/usr/bin/env bash
# pg-test-server.sh start DATA_DIR PORT DBNAME | stop DATA_DIR | kill DATA_DIR | restart DATA_DIR
#
# A throwaway PostgreSQL server for Kiln's tests (KilnTestSupport.PostgresServer runs this).
#   start: initdb into DATA_DIR (must not exist or be empty; superuser "postgres", trust auth,
#          C locale, UTF8), listen on 127.0.0.1:PORT only (no unix socket), fsync off,
#          wait until it accepts connections, create database DBNAME.
#   stop:  immediate shutdown, then remove DATA_DIR.
#   kill:  immediate shutdown (as a crash: no checkpoint), keeping DATA_DIR (fault tests).
#   restart: start the server of DATA_DIR again (crash recovery replays its WAL).
#
# PostgreSQL refuses to run as root, so as root the server runs as the OS user "postgres"
# (made by the Debian package) or else a system user "kiln-pg" created on the spot.
# PG_BIN overrides where initdb/pg_ctl/createdb are (default: version 15, else the newest
# /usr/lib/postgresql/*/bin, else the PATH).
set -euo pipefail

usage() { echo "usage: $0 start DATA_DIR PORT DBNAME | stop DATA_DIR | kill DATA_DIR | restart DATA_DIR" >&2; exit 2; }
[ $# -ge 2 ] || usage
CMD=$1
DATA=$2

if [ -z "${PG_BIN:-}" ]; then
  if [ -x /usr/lib/postgresql/15/bin/pg_ctl ]; then
    PG_BIN=/usr/lib/postgresql/15/bin
  else
    PG_BIN=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1 || true)
    if [ -z "$PG_BIN" ] && command -v pg_ctl >/dev/null 2>&1; then
      PG_BIN=$(dirname "$(command -v pg_ctl)")
    fi
  fi
fi
for b in initdb pg_ctl createdb; do
  if [ ! -x "${PG_BIN:-}/$b" ]; then
    echo "pg-test-server: PostgreSQL's $b was not found (looked in '${PG_BIN:-/usr/lib/postgresql/*/bin}');" \
      "install the server (apt-get install postgresql) or set PG_BIN" >&2
    exit 3
  fi
done

if [ "$(id -u)" -eq 0 ]; then
  if id postgres >/dev/null 2>&1; then OSUSER=postgres; else OSUSER=kiln-pg; fi
  if ! id "$OSUSER" >/dev/null 2>&1; then
    useradd --system --no-create-home --home-dir / --shell /usr/sbin/nologin "$OSUSER"
  fi
  as_user() {
    if command -v runuser >/dev/null 2>&1; then
      (cd / && runuser -u "$OSUSER" -- "$@")
    else
      local q; q=$(printf '%q ' "$@")
      (cd / && su -s /bin/sh "$OSUSER" -c "$q")
    fi
  }
else
  OSUSER=$(id -un)
  as_user() { "$@"; }
fi

case "$CMD" in
start)
  [ $# -eq 4 ] || usage
  PORT=$3
  DBNAME=$4
  case "$PORT" in ''|*[!0-9]*) echo "pg-test-server: PORT must be a number" >&2; exit 2;; esac
  mkdir -p "$DATA"
  if [ -n "$(ls -A "$DATA")" ]; then echo "pg-test-server: $DATA is not empty" >&2; exit 1; fi
  [ "$OSUSER" = "$(id -un)" ] || chown "$OSUSER": "$DATA"
  chmod 700 "$DATA"
  if ! as_user test -w "$DATA"; then
    echo "pg-test-server: user $OSUSER cannot write $DATA (is a parent directory private?)" >&2
    exit 1
  fi
  if ! as_user "$PG_BIN/initdb" -D "$DATA" -U postgres --auth=trust --no-locale -E UTF8 \
      --no-sync >"$DATA.initdb.log" 2>&1; then
    cat "$DATA.initdb.log" >&2; rm -f "$DATA.initdb.log"; exit 1
  fi
  rm -f "$DATA.initdb.log"
  cat >"$DATA/pg_hba.conf" <<'HBA'
# throwaway test server: loopback only, no password
host    all   all   127.0.0.1/32  trust
HBA
  cat >>"$DATA/postgresql.conf" <<CONF

# --- added by pg-test-server.sh: a disposable server, durability off for speed ---
listen_addresses = '127.0.0.1'
port = $PORT
unix_socket_directories = ''
fsync = off
synchronous_commit = off
full_page_writes = off
max_connections = 50
CONF
  if ! as_user "$PG_BIN/pg_ctl" -D "$DATA" -l "$DATA/server.log" -w -t 60 start >/dev/null; then
    echo "pg-test-server: the server did not start; its log:" >&2
    cat "$DATA/server.log" >&2 || true
    exit 1
  fi
  "$PG_BIN/createdb" -h 127.0.0.1 -p "$PORT" -U postgres "$DBNAME"
  ;;
stop)
  [ $# -eq 2 ] || usage
  if [ -f "$DATA/PG_VERSION" ]; then
    as_user "$PG_BIN/pg_ctl" -D "$DATA" -m immediate -w -t 60 stop >/dev/null 2>&1 || true
  fi
  rm -rf -- "$DATA"
  ;;
kill)
  [ $# -eq 2 ] || usage
  as_user "$PG_BIN/pg_ctl" -D "$DATA" -m immediate -w -t 60 stop >/dev/null
  ;;
restart)
  [ $# -eq 2 ] || usage
  if ! as_user "$PG_BIN/pg_ctl" -D "$DATA" -l "$DATA/server.log" -w -t 60 start >/dev/null; then
    echo "pg-test-server: the server did not restart; its log:" >&2
    cat "$DATA/server.log" >&2 || true
    exit 1
  fi
  ;;
*) usage ;;
esac
