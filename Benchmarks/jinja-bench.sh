#!/usr/bin/env bash
# Python jinja2 vs Kiln on Benchmarks/corpus/*.jinja, in one run.
#
#   Benchmarks/jinja-bench.sh [SECONDS_PER_TEMPLATE]     (default 2)
#
# Builds the release kiln-bench, checks that both engines render every corpus template to the
# same bytes, runs both benchmarks (parse + render each iteration), and prints both figures and
# the ratio Kiln / Python. Environment: SCRATCH (SwiftPM scratch path, default .build),
# PYTHON (default python3), SWIFT_BUILD_PREFIX (e.g. "flock /tmp/kiln-swift-build.lock").
set -euo pipefail
cd "$(dirname "$0")/.."
seconds="${1:-2}"
scratch="${SCRATCH:-.build}"
python="${PYTHON:-python3}"

${SWIFT_BUILD_PREFIX:-} swift build -c release --scratch-path "$scratch" --product kiln-bench >&2
bench="$(swift build -c release --scratch-path "$scratch" --show-bin-path)/kiln-bench"

out="$(mktemp -d)"
trap 'rm -rf "$out"' EXIT

echo "== python jinja2"
"$python" Benchmarks/jinja_python_bench.py --seconds "$seconds" --dump "$out/python" | tee "$out/python.txt"
echo "== kiln"
"$bench" jinja --seconds "$seconds" --dump "$out/kiln" | tee "$out/kiln.txt"

if ! diff -r "$out/python" "$out/kiln" >"$out/diff.txt"; then
  echo "kiln output differs from jinja2:" >&2
  head -40 "$out/diff.txt" >&2
  exit 1
fi
echo "== outputs identical for $(ls "$out/kiln" | wc -l) templates"

py="$(sed -n 's/^RESULT python_renders_per_sec=//p' "$out/python.txt")"
kiln="$(sed -n 's/^RESULT kiln_renders_per_sec=//p' "$out/kiln.txt")"
ratio="$(awk -v k="$kiln" -v p="$py" 'BEGIN { printf "%.1f", k / p }')"
echo "python jinja2: $py renders/s"
echo "kiln:          $kiln renders/s"
echo "ratio:         ${ratio}x"
echo "RESULT python_renders_per_sec=$py"
echo "RESULT kiln_renders_per_sec=$kiln"
echo "RESULT ratio=$ratio"
