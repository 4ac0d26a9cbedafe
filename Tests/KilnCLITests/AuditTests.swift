import Foundation
import KilnAdapters
import KilnTestSupport
import Testing

/// Write-audit-publish in `kiln build`: a table's (and an incremental model's) error-severity
/// tests run on the staged build, and a failure keeps the published relation as it was.
enum AuditFixture {
  static let clean = "id,name\n1,ann\n2,bob\n"
  static let corrupt = "id,name\n1,ann\n2,bob\n3,\n4,dan\n"
  static let files: [String: String] = [
    "seeds/raw_people.csv": clean,
    "models/people.sql": "{{ config(materialized='table') }}\nselect * from {{ ref('raw_people') }}\n",
    "models/people_inc.sql": """
      {{ config(materialized='incremental', unique_key='id') }}
      select * from {{ ref('raw_people') }}
      {% if is_incremental() %} where id > (select max(id) from {{ this }}) {% endif %}

      """,
    "models/people_v.sql": "select * from {{ ref('raw_people') }}\n",
    "models/people_child.sql": "select count(*) as n from {{ ref('people') }}\n",
    "models/view_child.sql": "select count(*) as n from {{ ref('people_v') }}\n",
    "models/schema.yml": """
      version: 2
      models:
        - name: people
          columns:
            - name: id
              data_tests: [unique]
            - name: name
              data_tests: [not_null]
        - name: people_inc
          columns:
            - name: name
              data_tests: [not_null]
        - name: people_v
          columns:
            - name: name
              data_tests: [not_null]

      """,
  ]
}

@Test(arguments: TestAdapter.all) func failedAuditKeepsThePublishedTable(_ adapter: TestAdapter) throws {
  let p = try AdapterProject(adapter, files: AuditFixture.files)
  defer { p.remove() }
  let first = try p.kiln("build")
  #expect(first.status == 0, "\(first.output)")
  #expect(first.stdout.contains("Done. PASS=10 WARN=0 ERROR=0 SKIP=0"), "\(first.stdout)")
  let before = try p.db.query("select * from \(p.relation("people")) order by id").rows

  try p.dir.write("seeds/raw_people.csv", AuditFixture.corrupt)
  let r = try p.kiln("build", "--store-failures")
  #expect(r.status == 1, "\(r.output)")
  #expect(try p.count("raw_people") == 4, "the seed itself loaded")
  // The table and the incremental model keep their previous contents; nothing is left behind.
  #expect(try p.db.query("select * from \(p.relation("people")) order by id").rows == before)
  #expect(try p.count("people_inc") == 2)
  #expect(try p.type("people__dbt_tmp") == nil)
  // The failing rows found on the staged build are stored even though it was not published.
  #expect(try p.count("not_null_people_name", schema: p.auditSchema) == 1)
  #expect(r.stderr.contains("not published: audit test not_null_people_name failed on the staged build; the previously published "), "\(r.stderr)")
  #expect(r.stderr.contains("\(p.relation("people")) stays live and unchanged"))
  #expect(r.stdout.contains("FAIL 1 not_null_people_name"))
  #expect(r.stdout.contains("SKIP relation \(p.schema).people_child"))
  // A view is tested after it is published, as in dbt: its failing test skips its child.
  #expect(try p.count("people_v") == 4)
  #expect(r.stdout.contains("SKIP relation \(p.schema).view_child"))
  let results = try p.resultsByName()
  #expect(results["people"]?.status == "error")
  #expect(results["people_inc"]?.status == "error")
  #expect(results["not_null_people_name"]?.status == "fail")
  #expect(results["not_null_people_name"]?.failures == 1)
  #expect(results["unique_people_id"]?.status == "pass")
  #expect(results["not_null_people_inc_name"]?.failures == 1)
  #expect(results["people_child"]?.status == "skipped")
  #expect(results["view_child"]?.status == "skipped")
  #expect(results["not_null_people_v_name"]?.status == "fail")
  #expect(r.stdout.contains("Done. PASS=3 WARN=0 ERROR=5 SKIP=2 NO-OP=0 TOTAL=10"), "\(r.stdout)")

  // dbt's order: publish, then test.
  let dbt = try p.kiln("build", "--no-audit-before-publish")
  #expect(dbt.status == 1)
  #expect(try p.count("people") == 4)
  #expect(try p.count("people_inc") == 4)
  #expect(dbt.stdout.contains("FAIL 1 not_null_people_name"))
  #expect(try p.resultsByName()["people"]?.status == "success")
  #expect(try p.resultsByName()["people_child"]?.status == "skipped")
}

@Test(arguments: TestAdapter.all) func auditOnTheStagedRelationPassesAndPublishes(_ adapter: TestAdapter) throws {
  let p = try AdapterProject(adapter, files: AuditFixture.files)
  defer { p.remove() }
  #expect(try p.kiln("build").status == 0)
  try p.dir.write("seeds/raw_people.csv", "id,name\n1,ann\n2,bob\n5,eve\n")
  let r = try p.kiln("build")
  #expect(r.status == 0, "\(r.output)")
  #expect(try p.count("people") == 3)
  #expect(try p.count("people_inc") == 3)
  // The test ran against the staged relations: `__dbt_tmp` for the table, the temp table of
  // new rows for the incremental model.
  let run = try String(contentsOfFile: p.dir.path + "/target/run/proj/models/schema.yml/not_null_people_name.sql", encoding: .utf8)
  #expect(run.contains("people__dbt_tmp"), "\(run)")
  let inc = try String(contentsOfFile: p.dir.path + "/target/run/proj/models/schema.yml/not_null_people_inc_name.sql", encoding: .utf8)
  #expect(inc.contains("people_inc__dbt_tmp"), "\(inc)")
  #expect(!inc.contains(p.relation("people_inc") + "\n"))
}
