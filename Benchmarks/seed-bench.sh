#!/usr/bin/env bash
# Loading a large seed: `kiln seed` against the databases' own bulk loaders, in the same run.
#
#   Benchmarks/seed-bench.sh [ROWS]              (default: 1000000)
#
# Writes a ROWS-row CSV (integers, text with quotes, commas and non-ASCII, decimals, dates,
# booleans, empty cells), puts it in a throwaway project as a seed, and times:
#   PostgreSQL: `kiln seed` (COPY FROM STDIN, binary) vs `psql -c "\copy … csv header"` into a
#               table of the same columns, on a throwaway server (Scripts/pg-test-server.sh);
#   SQLite:     `kiln seed` (prepared multi-row inserts) vs the sqlite3 shell's `.import --csv`
#               into a table of the same columns.
# Kiln's time is the whole command (load the project, read and type the CSV, create, load,
# analyze); the loaders' is the load alone. It prints rows per second for each, the ratio
# kiln / loader, and kiln's peak memory (with GNU time). Never run by `swift test`; timings
# depend on the machine and its load. `KILN_PROFILE=1` makes kiln print its seed phases.
#
# Environment: KILN (a kiln binary; default: build the release one), SCRATCH (SwiftPM scratch
# path, default .build), SWIFT_BUILD_PREFIX (e.g. "flock /tmp/kiln-swift-build.lock"),
# WORKDIR (default: a temporary folder, removed at the end), NO_POSTGRES=1, NO_SQLITE=1.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)
rows="${1:-1000000}"
scratch="${SCRATCH:-.build}"

if [ -z "${KILN:-}" ]; then
  ${SWIFT_BUILD_PREFIX:-} swift build -c release --scratch-path "$scratch" --product kiln >/dev/null
  KILN="$root/$scratch/release/kiln"
fi

work="${WORKDIR:-$(mktemp -d /tmp/kiln-seed-bench.XXXXXX)}"
mkdir -p "$work/project/seeds"
chmod 755 "$work"  # the server may run as another user (pg-test-server.sh as root)
pgdata="$work/pgdata"
cleanup() {
  [ -d "$pgdata" ] && bash "$root/Scripts/pg-test-server.sh" stop "$pgdata" >/dev/null 2>&1 || true
  [ -z "${WORKDIR:-}" ] && rm -rf "$work"
}
trap cleanup EXIT

csv="$work/project/seeds/big_seed.csv"
python3 - "$rows" "$csv" <<'PY'
import sys, random
n, path = int(sys.argv[1]), sys.argv[2]
random.seed(7)
names = ['plain', 'with "quotes"', 'comma, inside', 'ünïcödé ✓', 'O\'Brien', '']
with open(path, 'w', encoding='utf-8', newline='') as f:
    f.write('id,name,amount,created_on,active,note\n')
    for i in range(1, n + 1):
        name = names[i % len(names)]
        cell = '"' + name.replace('"', '""') + '"' if any(c in name for c in ',"') else name
        f.write(f'{i},{cell},{random.randint(0, 10**6) / 100:.2f},2024-{i % 12 + 1:02d}-{i % 28 + 1:02d},{"true" if i % 3 else "false"},{"" if i % 5 else "note " + str(i)}\n')
PY
size=$(du -h "$csv" | cut -f1)
echo "seed: $rows rows, $size ($csv)"

cat >"$work/project/dbt_project.yml" <<'YML'
name: seed_bench
version: '1.0'
config-version: 2
profile: seed_bench
YML

now() { date +%s.%N; }
# kiln under GNU time when there is one, for its peak resident memory.
peak="$work/peak.txt"
run_kiln() {
  if [ -x /usr/bin/time ]; then /usr/bin/time -f %M -o "$peak" "$KILN" "$@"; else rm -f "$peak"; "$KILN" "$@"; fi
}
peak_mb() { [ -f "$peak" ] && echo "$(( $(tail -n 1 "$peak") / 1024 )) MB" || echo "unknown"; }
rate() { python3 -c "import sys; r, t = int(sys.argv[1]), float(sys.argv[2]); print(f'{r / t:,.0f}')" "$1" "$2"; }
ratio() { python3 -c "import sys; print(f'{float(sys.argv[2]) / float(sys.argv[1]):.2f}')" "$1" "$2"; }
report() {  # label kiln_seconds loader_label loader_seconds
  printf '%-10s kiln seed: %6.2f s (%s rows/s)   %s: %6.2f s (%s rows/s)   kiln/loader speed: %s\n' \
    "$1" "$2" "$(rate "$rows" "$2")" "$3" "$4" "$(rate "$rows" "$4")" "$(ratio "$2" "$4")"
  echo "RESULT $1 kiln_rows_per_sec=$(rate "$rows" "$2" | tr -d ,) loader_rows_per_sec=$(rate "$rows" "$4" | tr -d ,) ratio=$(ratio "$2" "$4")"
}

if [ -z "${NO_POSTGRES:-}" ]; then
  port=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
  bash "$root/Scripts/pg-test-server.sh" start "$pgdata" "$port" bench >/dev/null
  cat >"$work/project/profiles.yml" <<YML
seed_bench:
  target: pg
  outputs:
    pg:
      type: postgres
      host: 127.0.0.1
      port: $port
      user: postgres
      password: ''
      dbname: bench
      schema: public
      threads: 1
YML
  psql=(psql -X -q -h 127.0.0.1 -p "$port" -U postgres -d bench -v ON_ERROR_STOP=1)
  t0=$(now)
  (cd "$work/project" && run_kiln seed >/dev/null)
  t1=$(now)
  kiln_pg=$(python3 -c "print($t1 - $t0)")
  echo "postgres   kiln seed peak memory: $(peak_mb)"
  "${psql[@]}" -c "create table copied (like public.big_seed)"
  t0=$(now)
  "${psql[@]}" -c "\\copy copied from '$csv' with (format csv, header true)"
  t1=$(now)
  psql_s=$(python3 -c "print($t1 - $t0)")
  same=$("${psql[@]}" -At -c "select (select count(*) from big_seed) = $rows and not exists (select * from big_seed except select * from copied)")
  [ "$same" = "t" ] || { echo "postgres: kiln's table differs from psql's" >&2; exit 1; }
  report postgres "$kiln_pg" 'psql \copy' "$psql_s"
fi

if [ -z "${NO_SQLITE:-}" ]; then
  cat >"$work/project/profiles.yml" <<'YML'
seed_bench:
  target: dev
  outputs:
    dev:
      type: sqlite
      threads: 1
      database: database
      schema: main
      schemas_and_paths:
        main: db/main.db
      schema_directory: db
YML
  db="$work/project/db/main.db"
  rm -f "$db"
  t0=$(now)
  (cd "$work/project" && run_kiln seed >/dev/null)
  t1=$(now)
  kiln_lite=$(python3 -c "print($t1 - $t0)")
  echo "sqlite     kiln seed peak memory: $(peak_mb)"
  ddl=$(sqlite3 "$db" ".schema big_seed" | sed 's/CREATE TABLE main."big_seed"/CREATE TABLE copied/; s/CREATE TABLE "big_seed"/CREATE TABLE copied/; s/CREATE TABLE big_seed/CREATE TABLE copied/')
  sqlite3 "$db" "$ddl"
  t0=$(now)
  sqlite3 "$db" ".import --csv --skip 1 '$csv' copied"
  t1=$(now)
  lite_s=$(python3 -c "print($t1 - $t0)")
  count=$(sqlite3 "$db" "select count(*) from big_seed")
  [ "$count" = "$rows" ] || { echo "sqlite: kiln loaded $count rows, not $rows" >&2; exit 1; }
  report sqlite "$kiln_lite" 'sqlite3 .import' "$lite_s"
fi
