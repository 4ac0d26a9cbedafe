#!/usr/bin/env bash
# `kiln parse` and `kiln compile` on generated 1,000- and 10,000-model projects, and dbt on the
# same projects when it is installed.
#
#   Benchmarks/parse-bench.sh [SIZE ...]        (default: 1000 10000)
#
# Generates each project with gen_project.py (../shared/bench/gen_project.py next to the repo, else
# $KILN_BENCH_GEN) into $WORKDIR (default: a temporary folder, removed at the end), builds kiln in
# release, and reports wall time, user CPU and peak memory of `kiln parse` and `kiln compile`
# (median of $RUNS runs after one warm-up, through ../shared/bench/measure.py when present, else
# /usr/bin/time). When dbt is installed — $DBT, else /work/venv-dbt/bin/dbt; see DBT-SEMANTICS.md
# §4.10 for the install line — it also runs `dbt parse --no-partial-parse` and `dbt compile` on the
# same project ($DBT_RUNS runs, default 1: dbt takes minutes at 10,000 models) and prints the
# ratio dbt / kiln of the median wall times.
#
# With BASELINE=/path/to/an/older/kiln it also times that binary on the same project, runs
# interleaved with the new one's, and prints the ratio new / baseline: on a shared machine whose
# speed drifts, the ratio is the figure that holds from one run to the next.
#
# Environment: RUNS (default 3), DBT_RUNS (default 1), WORKDIR, SCRATCH (SwiftPM scratch path,
# default .build), SWIFT_BUILD_PREFIX (e.g. "flock /tmp/kiln-swift-build.lock"), DBT, NO_DBT=1
# to skip dbt, KILN_BENCH_GEN, BASELINE.
set -euo pipefail
cd "$(dirname "$0")/.."

sizes=("$@")
[ ${#sizes[@]} -gt 0 ] || sizes=(1000 10000)
runs="${RUNS:-3}"
dbt_runs="${DBT_RUNS:-1}"
scratch="${SCRATCH:-.build}"

gen="../shared/bench/gen_project.py"
[ -f "$gen" ] || gen="${KILN_BENCH_GEN:-}"
if [ -z "$gen" ] || [ ! -f "$gen" ]; then
  echo "gen_project.py not found: put it at ../shared/bench/ or set KILN_BENCH_GEN" >&2
  exit 2
fi
gen="$(cd "$(dirname "$gen")" && pwd)/$(basename "$gen")"
measure="$(pwd)/../shared/bench/measure.py"
[ -f "$measure" ] || measure=""

dbt="${DBT:-/work/venv-dbt/bin/dbt}"
if [ -n "${NO_DBT:-}" ] || ! [ -x "$dbt" ]; then dbt=""; fi

${SWIFT_BUILD_PREFIX:-} swift build -c release --scratch-path "$scratch" --product kiln >&2
kiln="$(swift build -c release --scratch-path "$scratch" --show-bin-path)/kiln"

if [ -n "${WORKDIR:-}" ]; then
  work="$WORKDIR"
  mkdir -p "$work"
else
  work="$(mktemp -d)"
  trap 'rm -rf "$work"' EXIT
fi

# time_cmd LABEL N CMD...: prints "LABEL wall W user U peak P" with median figures.
time_cmd() {
  local label="$1" n="$2"
  shift 2
  if [ -n "$measure" ]; then
    local out
    out="$(python3 "$measure" -n "$n" --warmup 1 --label "$label" -- "$@")" || {
      echo "$out" >&2
      echo "$label failed" >&2
      return 1
    }
    awk -v l="$label" '
      $1 == "wall" { w = $4 } $1 == "user" { u = $4 } $1 == "peak" { p = $4 }
      END { printf "%-28s wall %7.3f s  user %7.3f s  peak %7.1f MiB\n", l, w, u, p }' <<<"$out"
  else
    "$@" >/dev/null 2>&1 || true  # warm-up
    local i tmp
    tmp="$(mktemp)"
    for ((i = 0; i < n; i++)); do
      /usr/bin/time -f "%e %U %M" -a -o "$tmp" "$@" >/dev/null 2>&1
    done
    sort -n "$tmp" | awk -v l="$label" '
      { w[NR] = $1; u[NR] = $2; p[NR] = $3 }
      END { m = int((NR + 1) / 2)
            printf "%-28s wall %7.3f s  user %7.3f s  peak %7.1f MiB\n", l, w[m], u[m], p[m] / 1024 }'
    rm -f "$tmp"
  fi
}

wall_of() { sed -n 's/.* wall *\([0-9.]*\) s.*/\1/p' <<<"$1"; }

echo "kiln: $kiln"
[ -n "$dbt" ] && echo "dbt:  $dbt ($("$dbt" --version 2>/dev/null | sed -n 's/.*installed: *//p' | head -1))"
echo "machine: $(nproc) cores; figures are medians (kiln: $runs runs, dbt: $dbt_runs)"

for n in "${sizes[@]}"; do
  dir="$work/bench$n"
  python3 "$gen" "$dir" --models "$n" --force >/dev/null
  mkdir -p "$dir/target"
  cat >"$dir/profiles.yml" <<'YAML'
bench:
  target: dev
  outputs:
    dev:
      type: sqlite
      threads: 1
      database: database
      schema: main
      schemas_and_paths:
        main: target/bench.db
      schema_directory: target
YAML
  echo "== $n models ($dir)"
  cd "$dir"
  if [ -n "${BASELINE:-}" ]; then
    # A copy of the project for the baseline, so neither binary rewrites the other's files.
    rm -rf "$dir-baseline" && cp -r "$dir" "$dir-baseline"
    bp="$(cd "$dir-baseline" && time_cmd "baseline parse ($n)" "$runs" "$BASELINE" parse)"
    echo "$bp"
  fi
  kp="$(time_cmd "kiln parse ($n)" "$runs" "$kiln" parse)"
  echo "$kp"
  if [ -n "${BASELINE:-}" ]; then
    bc="$(cd "$dir-baseline" && time_cmd "baseline compile ($n)" "$runs" "$BASELINE" compile)"
    echo "$bc"
  fi
  kc="$(time_cmd "kiln compile ($n)" "$runs" "$kiln" compile)"
  echo "$kc"
  if [ -n "${BASELINE:-}" ]; then
    awk -v kp="$(wall_of "$kp")" -v kc="$(wall_of "$kc")" \
      -v bp="$(wall_of "$bp")" -v bc="$(wall_of "$bc")" -v n="$n" 'BEGIN {
        printf "ratio kiln/baseline (%s models): parse %.2f  compile %.2f\n", n, kp / bp, kc / bc }'
  fi
  if [ -n "$dbt" ]; then
    dp="$(time_cmd "dbt parse ($n)" "$dbt_runs" \
      "$dbt" parse --no-partial-parse --profiles-dir . --project-dir .)"
    echo "$dp"
    dc="$(time_cmd "dbt compile ($n)" "$dbt_runs" \
      "$dbt" compile --profiles-dir . --project-dir .)"
    echo "$dc"
    awk -v kp="$(wall_of "$kp")" -v kc="$(wall_of "$kc")" \
      -v dp="$(wall_of "$dp")" -v dc="$(wall_of "$dc")" -v n="$n" 'BEGIN {
        printf "ratio dbt/kiln (%s models): parse %.1fx  compile %.1fx\n", n, dp / kp, dc / kc
        printf "RESULT n=%s kiln_parse_s=%s kiln_compile_s=%s dbt_parse_s=%s dbt_compile_s=%s\n",
          n, kp, kc, dp, dc }'
  else
    echo "RESULT n=$n kiln_parse_s=$(wall_of "$kp") kiln_compile_s=$(wall_of "$kc")"
  fi
  cd - >/dev/null
done
