import KilnAdapters
import KilnCompiler
import KilnProject
import KilnTestSupport
import Testing

/// Plans for `on_schema_change` and SQLite's `merge`, pinned statement by statement.
struct SchemaChangePlanFixture {
  static func compile(_ type: String, models: [String: String]) throws -> ([String: CompiledNode], TempDirectory) {
    let dir = try TempDirectory(prefix: "kiln-oscplan")
    try dir.write("dbt_project.yml", "name: p\nversion: '1'\nconfig-version: 2\nprofile: p\n")
    let target =
      type == "postgres"
      ? "type: postgres\n      host: 127.0.0.1\n      port: 5432\n      user: kiln\n      password: ''\n      dbname: warehouse\n      schema: analytics"
      : "type: sqlite\n      schema: main\n      schemas_and_paths:\n        main: db/main.db\n      schema_directory: db"
    try dir.write("profiles.yml", "p:\n  target: t\n  outputs:\n    t:\n      \(target)\n      threads: 1\n")
    for (name, sql) in models { try dir.write("models/\(name).sql", sql + "\n") }
    let w = try Workspace.load(projectDir: dir.path, profilesDir: dir.path, environment: [:])
    let compiled = try Compiler(parsed: w.parsed, lookup: nil).compileAll()
    return (Dictionary(uniqueKeysWithValues: compiled.map { ($0.key, $0.value) }), dir)
  }

  static func existing(target: [(String, String)], model: [(String, String)]?, uniqueKeys: [[String]] = []) -> ExistingRelation {
    var e = ExistingRelation(type: .table, columns: target.map(\.0))
    e.typedColumns = target.enumerated().map { DatabaseColumn(name: $1.0, type: $1.1, position: $0 + 1) }
    e.modelColumns = model?.enumerated().map { DatabaseColumn(name: $1.0, type: $1.1, position: $0 + 1) }
    e.uniqueKeys = uniqueKeys
    return e
  }
}

@Test func postgresPlan_syncAllColumns() throws {
  let (c, dir) = try SchemaChangePlanFixture.compile(
    "postgres", models: ["m": "{{ config(materialized='incremental', unique_key='id', on_schema_change='sync_all_columns') }}\nselect 1 as id"])
  defer { dir.remove() }
  let m = try #require(c["model.p.m"])
  var e = SchemaChangePlanFixture.existing(
    target: [("id", "integer"), ("name", "text"), ("code", "character varying(3)")],
    model: [("id", "bigint"), ("code", "character varying(2)"), ("extra", "numeric(10,2)")])
  e.dependents = [DependentView(schema: "analytics", name: "v1", definition: " SELECT m.id\n   FROM analytics.m", depth: 1)]
  let plan = try PostgresPlanner(tempSuffix: { "120000000000" }).plan(model: m, existing: e, fullRefresh: false)
  #expect(
    plan.text == """
      -- schemas: analytics
      -- setup
      create temporary table "m__dbt_tmp120000000000" as (

      select 1 as id
      );
      -- setup
      select pg_advisory_xact_lock(1802071150);
      -- swap
      drop view if exists "analytics"."v1";
      -- setup
      alter table "warehouse"."analytics"."m"
        add column "extra" numeric(10,2),
        drop column "name";
      -- setup
      alter table "warehouse"."analytics"."m" add column "id__dbt_alter" bigint;
      -- setup
      update "warehouse"."analytics"."m" set "id__dbt_alter" = "id";
      -- setup
      alter table "warehouse"."analytics"."m" drop column "id";
      -- setup
      alter table "warehouse"."analytics"."m" rename column "id__dbt_alter" to "id";
      -- recreate-dependent
      create view "analytics"."v1" as
       SELECT m.id
         FROM analytics.m;
      -- main
      delete from "warehouse"."analytics"."m" as DBT_INTERNAL_DEST
      where (id) in (
        select distinct id
        from "m__dbt_tmp120000000000" as DBT_INTERNAL_SOURCE
      );
      -- main
      insert into "warehouse"."analytics"."m" ("id", "code", "extra")
      (
        select "id", "code", "extra"
        from "m__dbt_tmp120000000000"
      );
      -- cleanup
      drop table if exists "m__dbt_tmp120000000000";
      -- cleanup
      analyze "warehouse"."analytics"."m";

      """)
}

@Test func sqlitePlan_appendNewColumnsAndFail() throws {
  let (c, dir) = try SchemaChangePlanFixture.compile(
    "sqlite",
    models: [
      "a": "{{ config(materialized='incremental', on_schema_change='append_new_columns') }}\nselect 1 as id",
      "f": "{{ config(materialized='incremental', on_schema_change='fail') }}\nselect 1 as id",
    ])
  defer { dir.remove() }
  let e = SchemaChangePlanFixture.existing(target: [("id", "INT"), ("old", "TEXT")], model: [("id", "TEXT"), ("new", "REAL")])
  let plan = try SQLitePlanner().plan(model: try #require(c["model.p.a"]), existing: e, fullRefresh: false)
  #expect(
    plan.text == """
      -- schemas: main
      -- setup
      drop table if exists temp."a__dbt_tmp";
      -- setup
      create temp table "a__dbt_tmp" as

      select 1 as id;
      -- setup
      alter table main."a" add column "new" REAL;
      -- main
      insert into main."a" ("id", "new")
        select "id", "new"
        from temp."a__dbt_tmp";
      -- cleanup
      drop table if exists temp."a__dbt_tmp";

      """)
  #expect(throws: PlanError.self) { try SQLitePlanner().plan(model: try #require(c["model.p.f"]), existing: e, fullRefresh: false) }
  let same = SchemaChangePlanFixture.existing(target: [("id", "INT")], model: [("id", "INT")])
  #expect(try SQLitePlanner().plan(model: try #require(c["model.p.f"]), existing: same, fullRefresh: false).text.contains("insert into main.\"f\" (\"id\")"))
}

@Test func sqlitePlan_mergeUpsertsOnAMatchingUniqueKey() throws {
  let (c, dir) = try SchemaChangePlanFixture.compile(
    "sqlite",
    models: [
      "m": "{{ config(materialized='incremental', incremental_strategy='merge', unique_key=['b', 'a'], merge_exclude_columns=['t']) }}\nselect 1 as a, 2 as b, 3 as n, 4 as t"
    ])
  defer { dir.remove() }
  let m = try #require(c["model.p.m"])
  let indexed = SchemaChangePlanFixture.existing(
    target: [("a", "INT"), ("b", "INT"), ("n", "INT"), ("t", "INT")], model: nil, uniqueKeys: [["a", "b"]])
  #expect(
    try SQLitePlanner().plan(model: m, existing: indexed, fullRefresh: false).text == """
      -- schemas: main
      -- setup
      drop table if exists temp."m__dbt_tmp";
      -- setup
      create temp table "m__dbt_tmp" as

      select 1 as a, 2 as b, 3 as n, 4 as t;
      -- main
      insert into main."m" as DBT_INTERNAL_DEST ("a", "b", "n", "t")
        select "a", "b", "n", "t"
        from temp."m__dbt_tmp" where true
      on conflict ("b", "a") do update set
        "n" = excluded."n";
      -- cleanup
      drop table if exists temp."m__dbt_tmp";

      """)
  var plain = indexed
  plain.uniqueKeys = [["a"]]
  let fallback = try SQLitePlanner().plan(model: m, existing: plain, fullRefresh: false).text
  #expect(fallback.contains("delete from main.\"m\"\nwhere (\"b\", \"a\") in (\n  select \"b\", \"a\" from temp.\"m__dbt_tmp\"\n)"))
}
