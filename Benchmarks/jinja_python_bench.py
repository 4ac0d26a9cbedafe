#!/usr/bin/env python3
"""Render throughput of Python jinja2 on Benchmarks/corpus/*.jinja (the baseline for kiln-bench).

Usage:
    python3 Benchmarks/jinja_python_bench.py [--seconds 2] [--dump DIR] [NAME...]

Every corpus file has the conformance-fixture layout: a JSON context, a line
`---`, then the template. The environment is the one Scripts/jinja-oracle.py
uses (dbt's text-rendering sandbox). Each iteration is
`env.from_string(src).render(ctx)`: lexing, parsing, code generation and the
Python compile are all repeated, because `from_string` never caches (the
environment is also created with cache_size=0). Each template runs until
`--seconds` of wall time have passed (at least one render).

Output: one line per template, then
    python-jinja2 total: <renders>/s
    RESULT python_renders_per_sec=<float>
where the total is all renders divided by all elapsed time.
`--dump DIR` also writes each rendered output to DIR/<name>.sql.
"""

import argparse
import importlib.util
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT / "Benchmarks" / "corpus"


def load_oracle():
    path = ROOT / "Scripts" / "jinja-oracle.py"
    spec = importlib.util.spec_from_file_location("jinja_oracle", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=2.0, help="time budget per template")
    parser.add_argument("--dump", type=Path, help="write rendered outputs to this directory")
    parser.add_argument("names", nargs="*", help="only these corpus templates (file stems)")
    args = parser.parse_args()

    oracle = load_oracle()
    env = oracle.make_environment()
    paths = sorted(CORPUS.glob("*.jinja"))
    if args.names:
        paths = [p for p in paths if p.stem in set(args.names)]
    if not paths:
        print("no corpus templates found", file=sys.stderr)
        return 1
    if args.dump:
        args.dump.mkdir(parents=True, exist_ok=True)

    total_renders = 0
    total_elapsed = 0.0
    width = max(len(p.stem) for p in paths)
    for path in paths:
        ctx, src = oracle.split_fixture(path.read_text(encoding="utf-8"), path)
        output = env.from_string(src).render(ctx)  # warm-up and sanity check
        if args.dump:
            (args.dump / f"{path.stem}.sql").write_text(output, encoding="utf-8")

        renders = 0
        start = time.perf_counter()
        deadline = start + args.seconds
        now = start
        while renders == 0 or now < deadline:
            env.from_string(src).render(ctx)
            renders += 1
            now = time.perf_counter()
        elapsed = now - start

        total_renders += renders
        total_elapsed += elapsed
        print(
            f"{path.stem:<{width}}  {renders:7d} renders in {elapsed:6.2f} s  "
            f"{renders / elapsed:10.1f}/s  {elapsed / renders * 1e3:8.3f} ms/render  "
            f"{len(src):6d} B src  {len(output):7d} B out"
        )

    rate = total_renders / total_elapsed
    print(f"python-jinja2 total: {rate:.1f}/s")
    print(f"RESULT python_renders_per_sec={rate:.3f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
