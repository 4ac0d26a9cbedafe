import Foundation
import KilnAdapters
import KilnCompiler
import KilnProject
import KilnTestSupport
import Testing

/// A small project with a Postgres target (compiled without a server) whose models cover
/// every Postgres plan; plans are pure, so these pin the exact statements.
struct PostgresPlanFixture {
  let compiled: [String: CompiledNode]
  let parsed: ParsedProject
  let dir: TempDirectory

  static let models: [String: String] = [
    "v": "select 1 as id",
    "t": "{{ config(materialized='table') }}\nselect 1 as id, 'a' as name",
    "inc_append": "{{ config(materialized='incremental') }}\nselect 1 as id",
    "inc_key": "{{ config(materialized='incremental', unique_key='id') }}\nselect 1 as id, 2 as n",
    "inc_keys": """
      {{ config(materialized='incremental', unique_key=['a', 'b'], incremental_predicates=["DBT_INTERNAL_DEST.a > 0"]) }}
      select 1 as a, 2 as b, 3 as n
      """,
    "inc_merge": """
      {{ config(materialized='incremental', incremental_strategy='merge', unique_key='id', merge_exclude_columns=['created_at']) }}
      select 1 as id, 2 as n, now() as created_at
      """,
    "inc_merge_nokey": "{{ config(materialized='incremental', incremental_strategy='merge') }}\nselect 1 as id",
  ]

  static func load() throws -> PostgresPlanFixture {
    let dir = try TempDirectory(prefix: "kiln-pgplan")
    try dir.write("dbt_project.yml", "name: p\nversion: '1'\nconfig-version: 2\nprofile: p\n")
    try dir.write(
      "profiles.yml",
      """
      p:
        target: pg
        outputs:
          pg:
            type: postgres
            host: 127.0.0.1
            port: 5432
            user: kiln
            password: ''
            dbname: warehouse
            schema: analytics
            threads: 1
      """)
    for (name, sql) in models { try dir.write("models/\(name).sql", sql + "\n") }
    try dir.write("seeds/countries.csv", "code,name,population,joined\nDE,Germany,83.2,2020-01-01\nFR,France,68,2021-05-01\n")
    let w = try Workspace.load(projectDir: dir.path, profilesDir: dir.path, environment: [:])
    let compiled = try Compiler(parsed: w.parsed, lookup: nil).compileAll()
    return PostgresPlanFixture(
      compiled: Dictionary(uniqueKeysWithValues: compiled.map { ($0.key, $0.value) }), parsed: w.parsed, dir: dir)
  }

  func model(_ name: String) throws -> CompiledNode {
    try #require(compiled["model.p.\(name)"], "model \(name) missing: \(compiled.keys.sorted())")
  }

  func seed() throws -> (ParsedNode, SeedTable) {
    let p = try #require(parsed.nodes["seed.p.countries"])
    let text = try String(contentsOfFile: dir.path + "/seeds/countries.csv", encoding: .utf8)
    return (p, try SeedCSV.parse(text: text, path: "seeds/countries.csv"))
  }
}

let pgPlanner = PostgresPlanner(tempSuffix: { "120000000000" })
let pgTable = ExistingRelation(type: .table, columns: ["id", "name"])

let withDependents = ExistingRelation(
  type: .table, columns: ["id", "name"],
  dependents: [
    DependentView(schema: "analytics", name: "v1", definition: " SELECT t.id\n   FROM analytics.t", depth: 1),
    DependentView(
      schema: "analytics", name: "v2", definition: " SELECT v1.id\n   FROM analytics.v1",
      options: ["security_barrier=true"], depth: 2),
  ])

/// A view is built beside the old one and renamed in, in one transaction.
@Test func postgresPlan_viewNewAndReplace() throws {
  let f = try PostgresPlanFixture.load()
  defer { f.dir.remove() }
  // view new
  #expect(
    try pgPlanner.plan(model: f.model("v"), existing: nil, fullRefresh: false).text == """
    -- schemas: analytics
    -- setup
    drop view if exists "warehouse"."analytics"."v__dbt_tmp";
    -- main
    create view "warehouse"."analytics"."v__dbt_tmp" as (
    select 1 as id
    );
    -- swap
    alter view "warehouse"."analytics"."v__dbt_tmp" rename to "v";

    """)
  // view replace
  #expect(
    try pgPlanner.plan(model: f.model("v"), existing: ExistingRelation(type: .view, columns: []), fullRefresh: false).text == """
    -- schemas: analytics
    -- setup
    drop view if exists "warehouse"."analytics"."v__dbt_tmp";
    -- main
    create view "warehouse"."analytics"."v__dbt_tmp" as (
    select 1 as id
    );
    -- setup
    drop view if exists "warehouse"."analytics"."v__dbt_backup";
    -- swap
    alter view "warehouse"."analytics"."v" rename to "v__dbt_backup";
    -- swap
    alter view "warehouse"."analytics"."v__dbt_tmp" rename to "v";
    -- cleanup
    drop view "warehouse"."analytics"."v__dbt_backup";

    """)
}

/// dbt's table order: create `__dbt_tmp`, rename the old table aside, rename in, drop the backup (no cascade), analyze.
@Test func postgresPlan_tableNewAndSwap() throws {
  let f = try PostgresPlanFixture.load()
  defer { f.dir.remove() }
  // table new
  #expect(
    try pgPlanner.plan(model: f.model("t"), existing: nil, fullRefresh: false).text == """
    -- schemas: analytics
    -- setup
    drop table if exists "warehouse"."analytics"."t__dbt_tmp";
    -- main
    create table "warehouse"."analytics"."t__dbt_tmp" as (

    select 1 as id, 'a' as name
    );
    -- swap
    alter table "warehouse"."analytics"."t__dbt_tmp" rename to "t";
    -- cleanup
    analyze "warehouse"."analytics"."t";

    """)
  // table swap
  #expect(
    try pgPlanner.plan(model: f.model("t"), existing: pgTable, fullRefresh: false).text == """
    -- schemas: analytics
    -- setup
    drop table if exists "warehouse"."analytics"."t__dbt_tmp";
    -- main
    create table "warehouse"."analytics"."t__dbt_tmp" as (

    select 1 as id, 'a' as name
    );
    -- setup
    drop table if exists "warehouse"."analytics"."t__dbt_backup";
    -- swap
    alter table "warehouse"."analytics"."t" rename to "t__dbt_backup";
    -- swap
    alter table "warehouse"."analytics"."t__dbt_tmp" rename to "t";
    -- cleanup
    drop table "warehouse"."analytics"."t__dbt_backup";
    -- cleanup
    analyze "warehouse"."analytics"."t";

    """)
}

/// Views reading the old table are dropped (deepest first) and recreated from their definitions, under the advisory lock.
@Test func postgresPlan_tableSwapRecreatesDependentViews() throws {
  let f = try PostgresPlanFixture.load()
  defer { f.dir.remove() }
  // table swap with dependents
  #expect(
    try pgPlanner.plan(model: f.model("t"), existing: withDependents, fullRefresh: false).text == """
    -- schemas: analytics
    -- setup
    select pg_advisory_xact_lock(1802071150);
    -- setup
    drop table if exists "warehouse"."analytics"."t__dbt_tmp";
    -- main
    create table "warehouse"."analytics"."t__dbt_tmp" as (

    select 1 as id, 'a' as name
    );
    -- setup
    drop table if exists "warehouse"."analytics"."t__dbt_backup";
    -- swap
    drop view if exists "analytics"."v2";
    -- swap
    drop view if exists "analytics"."v1";
    -- swap
    alter table "warehouse"."analytics"."t" rename to "t__dbt_backup";
    -- swap
    alter table "warehouse"."analytics"."t__dbt_tmp" rename to "t";
    -- recreate-dependent
    create view "analytics"."v1" as
     SELECT t.id
       FROM analytics.t;
    -- recreate-dependent
    create view "analytics"."v2" with (security_barrier=true) as
     SELECT v1.id
       FROM analytics.v1;
    -- cleanup
    drop table "warehouse"."analytics"."t__dbt_backup";
    -- cleanup
    analyze "warehouse"."analytics"."t";

    """)
}

/// No relation yet: `create table as`; then the default strategy without a unique key appends from a temp table.
@Test func postgresPlan_incrementalFirstAndAppend() throws {
  let f = try PostgresPlanFixture.load()
  defer { f.dir.remove() }
  // inc first
  #expect(
    try pgPlanner.plan(model: f.model("inc_append"), existing: nil, fullRefresh: false).text == """
    -- schemas: analytics
    -- main
    create table "warehouse"."analytics"."inc_append" as (

    select 1 as id
    );
    -- cleanup
    analyze "warehouse"."analytics"."inc_append";

    """)
  // inc append
  #expect(
    try pgPlanner.plan(model: f.model("inc_append"), existing: ExistingRelation(type: .table, columns: ["id"]), fullRefresh: false).text == """
    -- schemas: analytics
    -- setup
    create temporary table "inc_append__dbt_tmp120000000000" as (

    select 1 as id
    );
    -- main
    insert into "warehouse"."analytics"."inc_append" ("id")
    (
      select "id"
      from "inc_append__dbt_tmp120000000000"
    );
    -- cleanup
    drop table if exists "inc_append__dbt_tmp120000000000";
    -- cleanup
    analyze "warehouse"."analytics"."inc_append";

    """)
}

/// delete+insert (the default with a unique key), single and composite keys, with incremental_predicates.
@Test func postgresPlan_incrementalDeleteInsert() throws {
  let f = try PostgresPlanFixture.load()
  defer { f.dir.remove() }
  // inc key
  #expect(
    try pgPlanner.plan(model: f.model("inc_key"), existing: ExistingRelation(type: .table, columns: ["id", "n"]), fullRefresh: false).text == """
    -- schemas: analytics
    -- setup
    create temporary table "inc_key__dbt_tmp120000000000" as (

    select 1 as id, 2 as n
    );
    -- main
    delete from "warehouse"."analytics"."inc_key" as DBT_INTERNAL_DEST
    where (id) in (
      select distinct id
      from "inc_key__dbt_tmp120000000000" as DBT_INTERNAL_SOURCE
    );
    -- main
    insert into "warehouse"."analytics"."inc_key" ("id", "n")
    (
      select "id", "n"
      from "inc_key__dbt_tmp120000000000"
    );
    -- cleanup
    drop table if exists "inc_key__dbt_tmp120000000000";
    -- cleanup
    analyze "warehouse"."analytics"."inc_key";

    """)
  // inc keys
  #expect(
    try pgPlanner.plan(model: f.model("inc_keys"), existing: ExistingRelation(type: .table, columns: ["a", "b", "n"]), fullRefresh: false).text == """
    -- schemas: analytics
    -- setup
    create temporary table "inc_keys__dbt_tmp120000000000" as (

    select 1 as a, 2 as b, 3 as n
    );
    -- main
    delete from "warehouse"."analytics"."inc_keys" as DBT_INTERNAL_DEST
    where (a, b) in (
      select distinct a, b
      from "inc_keys__dbt_tmp120000000000" as DBT_INTERNAL_SOURCE
    )
    and (DBT_INTERNAL_DEST.a > 0);
    -- main
    insert into "warehouse"."analytics"."inc_keys" ("a", "b", "n")
    (
      select "a", "b", "n"
      from "inc_keys__dbt_tmp120000000000"
    );
    -- cleanup
    drop table if exists "inc_keys__dbt_tmp120000000000";
    -- cleanup
    analyze "warehouse"."analytics"."inc_keys";

    """)
}

/// merge: update all but the excluded columns, insert the rest; without a key `on (FALSE)`.
@Test func postgresPlan_incrementalMerge() throws {
  let f = try PostgresPlanFixture.load()
  defer { f.dir.remove() }
  // inc merge
  #expect(
    try pgPlanner.plan(model: f.model("inc_merge"), existing: ExistingRelation(type: .table, columns: ["id", "n", "created_at"]), fullRefresh: false).text == """
    -- schemas: analytics
    -- setup
    create temporary table "inc_merge__dbt_tmp120000000000" as (

    select 1 as id, 2 as n, now() as created_at
    );
    -- main
    merge into "warehouse"."analytics"."inc_merge" as DBT_INTERNAL_DEST
    using "inc_merge__dbt_tmp120000000000" as DBT_INTERNAL_SOURCE
    on (DBT_INTERNAL_SOURCE.id = DBT_INTERNAL_DEST.id)
    when matched then update set
      "id" = DBT_INTERNAL_SOURCE."id", "n" = DBT_INTERNAL_SOURCE."n"
    when not matched then insert
      ("id", "n", "created_at")
    values
      (DBT_INTERNAL_SOURCE."id", DBT_INTERNAL_SOURCE."n", DBT_INTERNAL_SOURCE."created_at");
    -- cleanup
    drop table if exists "inc_merge__dbt_tmp120000000000";
    -- cleanup
    analyze "warehouse"."analytics"."inc_merge";

    """)
  // inc merge nokey
  #expect(
    try pgPlanner.plan(model: f.model("inc_merge_nokey"), existing: ExistingRelation(type: .table, columns: ["id"]), fullRefresh: false).text == """
    -- schemas: analytics
    -- setup
    create temporary table "inc_merge_nokey__dbt_tmp120000000000" as (

    select 1 as id
    );
    -- main
    merge into "warehouse"."analytics"."inc_merge_nokey" as DBT_INTERNAL_DEST
    using "inc_merge_nokey__dbt_tmp120000000000" as DBT_INTERNAL_SOURCE
    on (FALSE)
    when not matched then insert
      ("id")
    values
      (DBT_INTERNAL_SOURCE."id");
    -- cleanup
    drop table if exists "inc_merge_nokey__dbt_tmp120000000000";
    -- cleanup
    analyze "warehouse"."analytics"."inc_merge_nokey";

    """)
}

/// Full refresh, or a view in the way, takes the table path.
@Test func postgresPlan_incrementalFullRefreshAndOverView() throws {
  let f = try PostgresPlanFixture.load()
  defer { f.dir.remove() }
  // inc full refresh
  #expect(
    try pgPlanner.plan(model: f.model("inc_key"), existing: ExistingRelation(type: .table, columns: ["id", "n"]), fullRefresh: true).text == """
    -- schemas: analytics
    -- setup
    drop table if exists "warehouse"."analytics"."inc_key__dbt_tmp";
    -- main
    create table "warehouse"."analytics"."inc_key__dbt_tmp" as (

    select 1 as id, 2 as n
    );
    -- setup
    drop table if exists "warehouse"."analytics"."inc_key__dbt_backup";
    -- swap
    alter table "warehouse"."analytics"."inc_key" rename to "inc_key__dbt_backup";
    -- swap
    alter table "warehouse"."analytics"."inc_key__dbt_tmp" rename to "inc_key";
    -- cleanup
    drop table "warehouse"."analytics"."inc_key__dbt_backup";
    -- cleanup
    analyze "warehouse"."analytics"."inc_key";

    """)
  // inc over view
  #expect(
    try pgPlanner.plan(model: f.model("inc_key"), existing: ExistingRelation(type: .view, columns: []), fullRefresh: false).text == """
    -- schemas: analytics
    -- setup
    drop table if exists "warehouse"."analytics"."inc_key__dbt_tmp";
    -- main
    create table "warehouse"."analytics"."inc_key__dbt_tmp" as (

    select 1 as id, 2 as n
    );
    -- setup
    drop view if exists "warehouse"."analytics"."inc_key__dbt_backup";
    -- swap
    alter view "warehouse"."analytics"."inc_key" rename to "inc_key__dbt_backup";
    -- swap
    alter table "warehouse"."analytics"."inc_key__dbt_tmp" rename to "inc_key";
    -- cleanup
    drop view "warehouse"."analytics"."inc_key__dbt_backup";
    -- cleanup
    analyze "warehouse"."analytics"."inc_key";

    """)
}

/// Seeds: create with inferred types, truncate on reload, drop and create on full refresh (recreating dependents).
@Test func postgresPlan_seeds() throws {
  let f = try PostgresPlanFixture.load()
  defer { f.dir.remove() }
  let (s, table) = try f.seed()
  // seed new
  #expect(
    try pgPlanner.plan(seed: s, table: table, existing: nil, fullRefresh: false).text == """
    -- schemas: analytics
    -- main
    create table "warehouse"."analytics"."countries" ("code" text, "name" text, "population" float8, "joined" date);
    -- insert 2 rows into analytics.countries (code, name, population, joined)
    -- cleanup
    analyze "warehouse"."analytics"."countries";

    """)
  // seed reload
  #expect(
    try pgPlanner.plan(seed: s, table: table, existing: pgTable, fullRefresh: false).text == """
    -- schemas: analytics
    -- setup
    truncate table "warehouse"."analytics"."countries";
    -- insert 2 rows into analytics.countries (code, name, population, joined)
    -- cleanup
    analyze "warehouse"."analytics"."countries";

    """)
  // seed full refresh
  #expect(
    try pgPlanner.plan(seed: s, table: table, existing: withDependents, fullRefresh: true).text == """
    -- schemas: analytics
    -- setup
    select pg_advisory_xact_lock(1802071150);
    -- swap
    drop view if exists "analytics"."v2";
    -- swap
    drop view if exists "analytics"."v1";
    -- setup
    drop table "warehouse"."analytics"."countries";
    -- main
    create table "warehouse"."analytics"."countries" ("code" text, "name" text, "population" float8, "joined" date);
    -- insert 2 rows into analytics.countries (code, name, population, joined)
    -- recreate-dependent
    create view "analytics"."v1" as
     SELECT t.id
       FROM analytics.t;
    -- recreate-dependent
    create view "analytics"."v2" with (security_barrier=true) as
     SELECT v1.id
       FROM analytics.v1;
    -- cleanup
    analyze "warehouse"."analytics"."countries";

    """)
}

/// Unknown strategies and materializations fail with a hint; ephemeral models plan nothing.
@Test func postgresPlanErrors() throws {
  let f = try PostgresPlanFixture.load()
  defer { f.dir.remove() }
  var merge = try f.model("inc_merge")
  merge.parsed.config.incrementalStrategy = "insert_overwrite"
  #expect(throws: PlanError.self) { try pgPlanner.plan(model: merge, existing: pgTable, fullRefresh: false) }
  var eph = try f.model("v")
  eph.parsed.config.materialized = "ephemeral"
  #expect(try pgPlanner.plan(model: eph, existing: nil, fullRefresh: false).steps.isEmpty)
  let (s, table) = try f.seed()
  #expect(throws: PlanError.self) {
    try pgPlanner.plan(seed: s, table: table, existing: ExistingRelation(type: .view, columns: []), fullRefresh: false)
  }
  // Names stay within Postgres' 63 characters: the model name is cut, the suffix kept.
  var long = try f.model("t")
  long.parsed.alias = String(repeating: "x", count: 60)
  let text = try pgPlanner.plan(model: long, existing: nil, fullRefresh: false).text
  #expect(text.contains("\"" + String(repeating: "x", count: 54) + "__dbt_tmp\""))
}
