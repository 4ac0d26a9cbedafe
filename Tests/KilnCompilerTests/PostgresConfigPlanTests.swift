import KilnAdapters
import KilnBase
import KilnCompiler
import KilnProject
import KilnTestSupport
import Testing

/// Plans for Postgres' DDL-shaping configs and materialized views, statement by statement.
@Test func postgresPlan_configsAndMaterializedViews() throws {
  let (c, dir) = try SchemaChangePlanFixture.compile(
    "postgres",
    models: [
      "t": """
        {{ config(materialized='table', indexes=[{'columns': ['id'], 'unique': True, 'type': 'btree'}], grants={'select': ['reader']}, contract={'enforced': true}) }}
        select 1 as id
        """,
      "mv": "{{ config(materialized='materialized_view') }}\nselect 1 as id",
    ])
  defer { dir.remove() }
  try dir.write(
    "models/schema.yml",
    "version: 2\nmodels:\n  - name: t\n    columns:\n      - name: id\n        data_type: integer\n        constraints:\n          - type: not_null\n          - type: check\n            expression: id > 0\n")
  let w = try Workspace.load(projectDir: dir.path, profilesDir: dir.path, environment: [:])
  let compiled = try Compiler(parsed: w.parsed, lookup: nil).compileAll()
  let planner = PostgresPlanner(tempSuffix: { "120000000000" })
  let t = try #require(compiled["model.p.t"])
  #expect(
    try planner.plan(model: t, existing: nil, fullRefresh: false).text == """
      -- schemas: analytics
      -- setup
      drop table if exists "warehouse"."analytics"."t__dbt_tmp";
      -- main
      create table "warehouse"."analytics"."t__dbt_tmp" (
          "id" integer not null check (id > 0)
      );
      -- main
      insert into "warehouse"."analytics"."t__dbt_tmp" ("id")
      (
        select "id"
        from (

      select 1 as id
        ) as model_subq
      );
      -- swap
      alter table "warehouse"."analytics"."t__dbt_tmp" rename to "t";
      -- config
      create unique index if not exists "\(Hashing.md5Hex("id_\"warehouse\".\"analytics\".\"t\"_True_btree_120000000000"))" on "warehouse"."analytics"."t" using btree (id);
      -- config
      grant select on "warehouse"."analytics"."t" to reader;
      -- cleanup
      analyze "warehouse"."analytics"."t";

      """)
  // A contract the model does not meet fails with dbt's column table.
  var mismatched = t
  mismatched.describedColumns = [DatabaseColumn(name: "id", type: "text", position: 1)]
  mismatched.contractColumns = [DatabaseColumn(name: "id", type: "integer", position: 1)]
  #expect(throws: PlanError.self) { try planner.plan(model: mismatched, existing: nil, fullRefresh: false) }

  let mv = try #require(compiled["model.p.mv"])
  #expect(
    try planner.plan(model: mv, existing: nil, fullRefresh: false).text
      == "-- schemas: analytics\n-- main\ncreate materialized view \"warehouse\".\"analytics\".\"mv\" as (\n\nselect 1 as id\n);\n")
  var same = ExistingRelation(type: .view, columns: [])
  same.isMaterializedView = true
  same.sameDefinition = true
  #expect(
    try planner.plan(model: mv, existing: same, fullRefresh: false).text
      == "-- schemas: analytics\n-- main\nrefresh materialized view \"warehouse\".\"analytics\".\"mv\";\n")
  #expect(try planner.plan(model: mv, existing: same, fullRefresh: true).text.contains("alter materialized view \"warehouse\".\"analytics\".\"mv\" rename to \"mv__dbt_backup\""))
}
