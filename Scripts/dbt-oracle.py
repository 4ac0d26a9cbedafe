#!/usr/bin/env python3
"""Regenerate the dbt-produced oracle fixtures for Kiln's tests.

Usage:
    DBT=/work/venv-dbt/bin/dbt python3 Scripts/dbt-oracle.py [example] [compiler] [CASE...]

    example   -> Tests/KilnCLITests/Fixtures/ (example-expected.json, example-compiled/,
                 example-run-results-statuses.txt, ...) from the example project at the repo root
    compiler  -> every Tests/KilnCompilerTests/Fixtures/projects/<case>/expected/
    CASE      -> only that compiler case (directory name)
    (no argument = both)

Needs dbt-core 1.10 with dbt-sqlite 1.10.0 (see the fixture READMEs). Every dbt run happens
in a copy of the project inside a temporary folder, so nothing under the repository is
touched except the expected files this script writes.
"""
import csv
import json
import os
import shutil
import sqlite3
import subprocess
import sys
import tempfile

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
DBT = os.environ.get("DBT", "/work/venv-dbt/bin/dbt")
CLI_FIXTURES = os.path.join(ROOT, "Tests", "KilnCLITests", "Fixtures")
CASES_DIR = os.path.join(ROOT, "Tests", "KilnCompilerTests", "Fixtures", "projects")

EXAMPLE_FILES = ["dbt_project.yml", "profiles.yml", "models", "macros", "seeds", "snapshots", "data-tests"]


def env_for(db_dir=None):
    env = dict(os.environ)
    env["DBT_SEND_ANONYMOUS_USAGE_STATS"] = "false"
    env["DBT_NO_VERSION_CHECK"] = "true"
    env.pop("DBT_PROFILES_DIR", None)
    if db_dir:
        env["KILN_FIXTURE_DB_DIR"] = db_dir
    return env


def dbt(cwd, *args, env=None):
    cmd = [DBT, *args, "--profiles-dir", ".", "--project-dir", ".", "--no-partial-parse"]
    print("  $ (cd <copy> &&", " ".join(["dbt", *args, "--profiles-dir . --project-dir . --no-partial-parse"]) + ")")
    proc = subprocess.run(cmd, cwd=cwd, env=env or env_for(), capture_output=True, text=True)
    if proc.returncode != 0:
        sys.stdout.write(proc.stdout[-6000:])
        sys.stderr.write(proc.stderr[-3000:])
        raise SystemExit(f"dbt {' '.join(args)} failed in {cwd}")
    return proc.stdout


def copy_tree_fresh(src, dst):
    if os.path.exists(dst):
        shutil.rmtree(dst)
    shutil.copytree(src, dst)


# --------------------------------------------------------------------------------------------
# Deliverable B: the example project
# --------------------------------------------------------------------------------------------

# relation -> (key column, chosen key values). None selects the rows whose key is null.
PICKS = {
    "raw_customers": ("id", [1, 3, None]),
    "raw_subscriptions": ("subscription_id", [118, 125, 129]),
    "raw_invoices": ("invoice_id", [5003, 5012, 5030]),
    "raw_support_tickets": ("ticket_id", ["T-0007", "T-0016", "T-0017"]),
    "raw_events": ("event_id", [1012, 1016, 1030]),
    "stg_customers": ("customer_id", [1, 5, 12]),
    "stg_subscriptions": ("subscription_id", [103, 112, 135]),
    "stg_invoices": ("invoice_id", [5011, 5012, 5023]),
    "stg_support_tickets": ("ticket_id", ["T-0003", "T-0007", "T-0008"]),
    "stg_events": ("event_id", [1005, 1012, 1020]),
    "fct_events": ("event_id", [1005, 1020, 1053]),
    "customer_churn_features": ("customer_id", [1, 5, 26]),
    "mrr_by_plan": ("plan", ["enterprise", "pro", "unknown"]),
    "customers_snapshot": ("customer_id", [1, 3, 12]),
}
AFTER_APPEND_PICKS = {
    "raw_events": ("event_id", [1020, 1054, 1055]),
    "stg_events": ("event_id", [1020, 1054, 1055]),
    "fct_events": ("event_id", [1020, 1054, 1055]),
    "customer_churn_features": ("customer_id", [1, 11, 13]),
    "mrr_by_plan": ("plan", ["pro"]),
}


def query_rows(con, table, key, values):
    plain = [v for v in values if v is not None]
    conds = []
    params = []
    if plain:
        conds.append(f'"{key}" in ({", ".join("?" for _ in plain)})')
        params.extend(plain)
    if any(v is None for v in values):
        conds.append(f'"{key}" is null')
    cur = con.execute(f'select * from "{table}" where {" or ".join(conds)} order by "{key}" is null, "{key}", rowid', params)
    names = [d[0] for d in cur.description]
    return [dict(zip(names, row)) for row in cur.fetchall()]


def snapshot_db(db_path, picks):
    con = sqlite3.connect(db_path)
    out = {}
    objs = con.execute("select name, type from sqlite_master where type in ('table', 'view') order by name").fetchall()
    for name, kind in objs:
        info = con.execute(f'pragma table_info("{name}")').fetchall()
        entry = {
            "type": kind,
            "columns": [{"name": r[1], "declared_type": r[2]} for r in info],
            "row_count": con.execute(f'select count(*) from "{name}"').fetchone()[0],
        }
        if name in picks:
            key, values = picks[name]
            entry["key"] = key
            entry["key_values"] = values
            entry["rows"] = query_rows(con, name, key, values)
        out["main." + name] = entry
    con.close()
    return out


def statuses(target):
    with open(os.path.join(target, "run_results.json")) as f:
        results = json.load(f)["results"]
    return sorted(f"{r['unique_id']} {r['status']}" for r in results)


def example():
    print("example project")
    os.makedirs(CLI_FIXTURES, exist_ok=True)
    append_file = os.path.join(CLI_FIXTURES, "raw_events_append.csv")
    with tempfile.TemporaryDirectory(prefix="kiln-example-") as tmp:
        proj = os.path.join(tmp, "kiln_example")
        os.makedirs(proj)
        for name in EXAMPLE_FILES:
            src = os.path.join(ROOT, name)
            if os.path.isdir(src):
                shutil.copytree(src, os.path.join(proj, name))
            else:
                shutil.copy(src, os.path.join(proj, name))
        target = os.path.join(proj, "target")
        db = os.path.join(target, "kiln_dev.db")

        dbt(proj, "build")
        first = snapshot_db(db, PICKS)
        first_statuses = statuses(target)
        copy_tree_fresh(os.path.join(target, "compiled", "kiln_example"), os.path.join(CLI_FIXTURES, "example-compiled"))
        copy_tree_fresh(os.path.join(target, "run", "kiln_example"), os.path.join(CLI_FIXTURES, "example-run"))

        dbt(proj, "build")
        second = snapshot_db(db, PICKS)
        second_statuses = statuses(target)
        second_dir = os.path.join(CLI_FIXTURES, "example-compiled-second-run", "models", "events")
        os.makedirs(second_dir, exist_ok=True)
        shutil.copy(os.path.join(target, "compiled", "kiln_example", "models", "events", "fct_events.sql"), second_dir)
        run_second_dir = os.path.join(CLI_FIXTURES, "example-run-second-run", "models", "events")
        os.makedirs(run_second_dir, exist_ok=True)
        shutil.copy(os.path.join(target, "run", "kiln_example", "models", "events", "fct_events.sql"), run_second_dir)

        with open(append_file) as f:
            appended = f.read()
        seed = os.path.join(proj, "seeds", "raw_events.csv")
        with open(seed, "a") as f:
            f.write(appended)
        dbt(proj, "build")
        third = snapshot_db(db, AFTER_APPEND_PICKS)
        third_statuses = statuses(target)

    with open(os.path.join(CLI_FIXTURES, "example-run-results-statuses.txt"), "w") as f:
        f.write("\n".join(first_statuses) + "\n")
    if second_statuses != first_statuses or third_statuses != first_statuses:
        raise SystemExit("statuses differ between the builds; extend the fixture format")

    appended_rows = list(csv.reader(appended.splitlines()))
    expected = {
        "generated_by": "Scripts/dbt-oracle.py example",
        "dbt": {"dbt-core": dbt_version(), "adapter": "dbt-sqlite 1.10.0", "sqlite": sqlite3.sqlite_version},
        "vars": {"churn_inactive_days": 60, "as_of_date": "2024-06-30", "currency": "USD"},
        "notes": [
            "Values are exactly what Python's sqlite3 returns from target/kiln_dev.db (INT -> int, REAL -> float, TEXT -> str, NULL -> null).",
            "Views report declared_type '' for computed columns; tables created with CREATE TABLE AS carry INT/REAL/TEXT/NUM or ''.",
            "rows are ordered by key (nulls last), then rowid.",
        ],
        "first_build": first,
        "second_build": {
            "description": "dbt build again with unchanged seeds: fct_events takes the incremental path and adds nothing",
            "row_counts": {k: v["row_count"] for k, v in second.items()},
            "fct_events_row_count": second["main.fct_events"]["row_count"],
        },
        "after_append": {
            "description": "rows of raw_events_append.csv appended to seeds/raw_events.csv, then dbt build (third build)",
            "appended_rows": appended_rows,
            "fct_events_row_count": third["main.fct_events"]["row_count"],
            "row_counts": {k: v["row_count"] for k, v in third.items()},
            "rows": {k: v["rows"] for k, v in third.items() if "rows" in v},
        },
    }
    with open(os.path.join(CLI_FIXTURES, "example-expected.json"), "w") as f:
        json.dump(expected, f, indent=2, ensure_ascii=False)
        f.write("\n")


def dbt_version():
    out = subprocess.run([DBT, "--version"], capture_output=True, text=True, env=env_for()).stdout
    for line in out.splitlines():
        if "installed:" in line:
            return line.split("installed:")[1].strip()
    return "unknown"


# --------------------------------------------------------------------------------------------
# Deliverable C: compiler fixture projects
# --------------------------------------------------------------------------------------------

# case -> list of (label, extra dbt args). The first entry writes expected/compiled etc.;
# others write expected/<label>/...
CASE_RUNS = {
    "vars": [
        ("", []),
        ("with-cli-vars", ["--vars", '{start_date: "2025-06-01", row_limit: 3, alias_name: var_kinds_cli, scoped_var: from the command line}']),
    ],
}


def model_subset(manifest):
    nodes = []
    for uid, n in sorted(manifest["nodes"].items()):
        if n["resource_type"] != "model":
            continue
        c = n["config"]
        nodes.append({
            "unique_id": uid,
            "name": n["name"],
            "fqn": n["fqn"],
            "path": n["path"],
            "original_file_path": n["original_file_path"],
            "database": n["database"],
            "schema": n["schema"],
            "alias": n["alias"],
            "relation_name": n["relation_name"],
            "tags": n["tags"],
            "depends_on": {"nodes": n["depends_on"]["nodes"], "macros": n["depends_on"]["macros"]},
            "config": {
                "materialized": c["materialized"],
                "tags": c["tags"],
                "schema": c["schema"],
                "alias": c["alias"],
                "database": c["database"],
                "meta": c["meta"],
            },
            "unrendered_config": n.get("unrendered_config"),
            "checksum": n["checksum"],
            "compiled_path": n.get("compiled_path"),
        })
    return nodes


def compiler_case(case):
    src = os.path.join(CASES_DIR, case)
    expected = os.path.join(src, "expected")
    print(f"compiler case {case}")
    runs = CASE_RUNS.get(case, [("", [])])
    with tempfile.TemporaryDirectory(prefix=f"kiln-{case}-") as tmp:
        for label, extra in runs:
            proj = os.path.join(tmp, "proj" + label)
            db_dir = os.path.join(tmp, "db" + label)
            os.makedirs(db_dir)
            shutil.copytree(src, proj, ignore=shutil.ignore_patterns("expected", "target", "logs"))
            env = env_for(db_dir)
            dbt(proj, "parse", *extra, env=env)
            dbt(proj, "compile", *extra, env=env)
            with open(os.path.join(proj, "target", "manifest.json")) as f:
                manifest = json.load(f)
            project = manifest["metadata"]["project_name"]
            out = os.path.join(expected, label) if label else expected
            os.makedirs(out, exist_ok=True)
            copy_tree_fresh(os.path.join(proj, "target", "compiled", project), os.path.join(out, "compiled"))
            subset = model_subset(manifest)
            with open(os.path.join(out, "relations.txt"), "w") as f:
                for n in subset:
                    f.write(f"{n['unique_id']} {n['database']}.{n['schema']}.{n['alias']} {n['config']['materialized']}\n")
            with open(os.path.join(out, "manifest-subset.json"), "w") as f:
                json.dump(subset, f, indent=2)
                f.write("\n")
            if case == "custom_schemas" and not label:
                # also build it once to see which files dbt-sqlite attaches
                dbt(proj, "run", env=env)
                con = sqlite3.connect(os.path.join(db_dir, f"{case}.db"))
                lines = ["# after `dbt run`: files in the schema directory, then each schema's objects"]
                lines += sorted(os.listdir(db_dir))
                for name in sorted(os.listdir(db_dir)):
                    schema = name[:-3]
                    if schema != case:
                        con.execute(f"attach '{os.path.join(db_dir, name)}' as \"{schema}\"")
                    qualifier = "main" if schema == case else schema
                    for obj, kind in con.execute(f'select name, type from "{qualifier}".sqlite_master order by name'):
                        lines.append(f"{name}: {kind} {obj}")
                with open(os.path.join(out, "run-db-files.txt"), "w") as f:
                    f.write("\n".join(lines) + "\n")


def main(argv):
    wanted = argv or ["example", "compiler"]
    cases = sorted(d for d in os.listdir(CASES_DIR) if os.path.isdir(os.path.join(CASES_DIR, d)))
    for w in wanted:
        if w == "example":
            example()
        elif w == "compiler":
            for c in cases:
                compiler_case(c)
        elif w in cases:
            compiler_case(w)
        else:
            raise SystemExit(f"unknown argument {w!r}; cases: {', '.join(cases)}")


if __name__ == "__main__":
    main(sys.argv[1:])
