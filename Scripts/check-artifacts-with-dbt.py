#!/usr/bin/env python3
"""Loads Kiln's target/manifest.json and target/catalog.json with dbt-core's own artifact
classes (dbt.artifacts.schemas.*), which validate every field against dbt's schema.

Optional in CI: it needs dbt-core in the Python that runs it, e.g.
    /work/venv-dbt/bin/python Scripts/check-artifacts-with-dbt.py [TARGET_DIR]
Exits 0 when both artifacts load, 1 with the first validation error otherwise, and 0 with a
message when dbt-core is not installed (so CI without dbt skips it).
"""
import json
import os
import sys


def main() -> int:
    target = sys.argv[1] if len(sys.argv) > 1 else "target"
    try:
        from dbt.artifacts.schemas.catalog import CatalogArtifact
        from dbt.artifacts.schemas.manifest import WritableManifest
    except ImportError:
        print("check-artifacts-with-dbt: dbt-core is not installed here; skipping")
        return 0
    failures = 0
    for name, cls in (("manifest.json", WritableManifest), ("catalog.json", CatalogArtifact)):
        path = os.path.join(target, name)
        if not os.path.exists(path):
            print(f"{path}: missing (run `kiln docs generate` first)")
            failures += 1
            continue
        try:
            artifact = cls.read_and_check_versions(path)
        except Exception as e:  # dbt raises its own validation and version errors
            print(f"{path}: dbt cannot read it: {type(e).__name__}: {e}"[:4000])
            failures += 1
            continue
        with open(path) as f:
            raw = json.load(f)
        nodes = getattr(artifact, "nodes", {})
        sources = getattr(artifact, "sources", {})
        print(f"{path}: read by dbt's {cls.__name__} ({len(nodes)} nodes, {len(sources)} sources)")
        if len(nodes) != len(raw.get("nodes", {})):
            print(f"{path}: dbt kept {len(nodes)} of {len(raw.get('nodes', {}))} nodes")
            failures += 1
    print(f"{2 - failures} passed, {failures} failed")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
