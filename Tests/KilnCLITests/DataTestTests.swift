import Foundation
import KilnAdapters
import KilnTestSupport
import Testing

/// `kiln test` and the tests of `kiln build` on a small project whose data makes some tests
/// pass, warn and fail.
struct DataTestProject {
  let dir: TempDirectory

  static let schema = """
    version: 2
    models:
      - name: stg_people
        columns:
          - name: id
            data_tests:
              - unique:
                  config:
                    severity: warn
          - name: name
            data_tests:
              - not_null:
                  config:
                    warn_if: "> 0"
                    error_if: "> 5"
          - name: status
            data_tests:
              - accepted_values:
                  arguments:
                    values: [active, gone]
                  config:
                    where: "id < 3"
              - accepted_values:
                  name: status_strict
                  arguments:
                    values: [active, gone]
              - accepted_values:
                  arguments:
                    values: [active, gone, a_rather_long_value_that_makes_the_name_long]
                  config:
                    where: "id < 3"
          - name: score
            data_tests:
              - is_positive:
                  config:
                    limit: 2

    """

  init() throws {
    dir = try TempDirectory(prefix: "kiln-dt")
    try dir.write("dbt_project.yml", "name: dt\nprofile: dt\n")
    try dir.write(
      "profiles.yml",
      "dt:\n  target: dev\n  outputs:\n    dev:\n      type: sqlite\n      threads: 2\n      schema: main\n      path: target/dt.db\n")
    try dir.write("seeds/people.csv", "id,name,status,score\n1,ann,active,5\n2,bob,active,-1\n2,cat,gone,-2\n3,,odd,-3\n")
    try dir.write("models/stg_people.sql", "select * from {{ ref('people') }}\n")
    try dir.write("models/after_people.sql", "select count(*) as n from {{ ref('stg_people') }}\n")
    try dir.write("models/schema.yml", Self.schema)
    try dir.write(
      "macros/is_positive.sql",
      "{% test is_positive(model, column_name) %}\nselect {{ column_name }} from {{ model }} where {{ column_name }} <= 0\n{% endtest %}\n")
  }

  func kiln(_ args: String...) throws -> KilnBinary.Result { try KilnBinary.run(args, in: dir.path) }

  func file(_ relative: String) -> String? { try? String(contentsOfFile: dir.path + "/" + relative, encoding: .utf8) }
}

@Test func failingTestsFailTheBuildAndSkipWhatIsBuiltOnTop() throws {
  let p = try DataTestProject()
  defer { p.dir.remove() }
  let r = try p.kiln("build")
  #expect(r.status == 1, "\(r.output)")
  let out = r.stdout
  #expect(out.contains("START test unique_stg_people_id"))
  #expect(out.contains("WARN 1 unique_stg_people_id"), "severity warn never fails")
  #expect(out.contains("[WARN 1 in "))
  #expect(out.contains("WARN 1 not_null_stg_people_name"), "warn_if > 0 but error_if > 5")
  #expect(out.contains("PASS accepted_values_stg_people_status__active__gone "), "where id < 3 hides 'odd'")
  #expect(out.contains("FAIL 1 status_strict"))
  #expect(out.contains("[FAIL 1 in "))
  #expect(out.contains("FAIL 2 is_positive_stg_people_score"), "limit 2 caps the count at 2 of 3")
  #expect(out.contains("SKIP relation main.after_people"))
  #expect(out.contains("Done. PASS=4 WARN=2 ERROR=2 SKIP=1 NO-OP=0 TOTAL=9"), "\(out)")
  #expect(out.contains("Failure in test status_strict (models/schema.yml)"))
  #expect(out.contains("Got 1 result, configured to fail if != 0"))
  #expect(out.contains("Warning in test unique_stg_people_id (models/schema.yml)"))
  // Kiln's preview of the failing rows.
  #expect(out.contains("| value_field | n_records |"))
  #expect(out.contains("| odd         | 1         |"))
  let db = try SQLiteConnection(path: p.dir.path + "/target/dt.db")
  #expect(try db.relationType(schema: "main", name: "after_people") == nil)

  let compiled = "target/compiled/dt/models/schema.yml/"
  let whereSQL = p.file(compiled + "accepted_values_stg_people_status__active__gone.sql") ?? ""
  #expect(whereSQL.contains("from (select * from main.\"stg_people\" where id < 3) dbt_subquery"))
  #expect(p.file(compiled + "status_strict.sql")?.contains("from main.\"stg_people\"\n") == true)
  // A 64+ character name: the compiled file and alias use the hashed short name.
  #expect(p.file(compiled + "accepted_values_stg_people_fe0ac6a586967220e39ed2438ac08bc1.sql") != nil)
  #expect(p.file("target/run/dt/models/schema.yml/is_positive_stg_people_score.sql")?.contains("limit 2") == true)

  let results = p.file("target/run_results.json") ?? ""
  #expect(results.contains("\"test.dt.accepted_values_stg_people_status__active__gone__a_rather_long_value_that_makes_the_name_long.450c06d399\""))
  #expect(results.contains("\"test.dt.is_positive_stg_people_score.1c059e055c\""))
  let manifest = p.file("target/manifest.json") ?? ""
  #expect(manifest.contains("\"alias\": \"accepted_values_stg_people_fe0ac6a586967220e39ed2438ac08bc1\""))
}

@Test func warnOnlyTestsExitZeroAndSelectionByTestName() throws {
  let p = try DataTestProject()
  defer { p.dir.remove() }
  #expect(try p.kiln("build", "--exclude", "status_strict", "test_name:is_positive").status == 0)
  let r = try p.kiln("test", "--select", "test_name:unique", "test_name:not_null")
  #expect(r.status == 0, "\(r.output)")
  #expect(r.stdout.contains("WARN 1 unique_stg_people_id"))
  #expect(r.stdout.contains("WARN 1 not_null_stg_people_name"))
  #expect(r.stdout.contains("Completed with 2 warnings:"))
  #expect(r.stdout.contains("Done. PASS=0 WARN=2 ERROR=0 SKIP=0 NO-OP=0 TOTAL=2"), "\(r.stdout)")
  // Selecting a model brings its tests (eager indirect selection), and `kiln test` runs no models.
  let all = try p.kiln("test", "--select", "stg_people")
  #expect(all.status == 1)
  #expect(all.stdout.contains("TOTAL=6"), "\(all.stdout)")
  #expect(!all.stdout.contains("START sql"))
  let generic = try p.kiln("ls", "--select", "test_type:generic")
  #expect(generic.stdout.split(separator: "\n").filter { $0.hasPrefix("dt.") }.count == 6, "\(generic.stdout)")
}

@Test func unknownGenericTestIsBadInput() throws {
  let p = try DataTestProject()
  defer { p.dir.remove() }
  try p.dir.write("models/schema.yml", DataTestProject.schema.replacingOccurrences(of: "is_positive", with: "is_postive"))
  let r = try p.kiln("build")
  #expect(r.status == 2)
  #expect(r.stderr.contains("no generic test named `is_postive`"))
  #expect(r.stderr.contains("did you mean `is_positive`?"))
  #expect(r.stderr.contains("models/schema.yml"))
}

@Test func failingExampleTestSkipsDownstreamModels() throws {
  let project = try ExampleProject.copy()
  defer { project.remove() }
  let seed = project.path + "/seeds/raw_invoices.csv"
  let text = try String(contentsOfFile: seed, encoding: .utf8)
  let duplicate = text.split(separator: "\n")[1]
  try (text + duplicate + "\n").write(toFile: seed, atomically: true, encoding: .utf8)
  let r = try KilnBinary.run(["build"], in: project.path)
  #expect(r.status == 1, "\(r.output)")
  #expect(r.stdout.contains("FAIL 1 unique_stg_invoices_invoice_id"))
  #expect(r.stdout.contains("SKIP relation main.customer_churn_features"))
  #expect(r.stdout.contains("SKIP relation main.mrr_by_plan"))
  #expect(r.stdout.contains("SKIP test unique_mrr_by_plan_plan"))
  #expect(r.stdout.contains("| unique_field | n_records |"))
  #expect(r.stdout.contains("| 5001         | 2         |"))
  #expect(r.stdout.contains("ERROR=1"))
}

@Test func projectMacrosOverrideBuiltinTests() throws {
  let p = try DataTestProject()
  defer { p.dir.remove() }
  // A project `not_null` test replaces the built-in; a `default__test_unique` is what the
  // built-in `unique` dispatches to.
  try p.dir.write(
    "macros/overrides.sql",
    """
    {% test not_null(model, column_name) %}
    select {{ column_name }} from {{ model }} where {{ column_name }} is null and 1 = 0
    {% endtest %}
    {% macro default__test_unique(model, column_name) %}
    select {{ column_name }} from {{ model }} where {{ column_name }} = -42
    {% endmacro %}

    """)
  #expect(try p.kiln("build", "--exclude", "status_strict", "test_name:is_positive").status == 0)
  let r = try p.kiln("test", "--select", "test_name:not_null", "test_name:unique")
  #expect(r.status == 0, "\(r.output)")
  #expect(r.stdout.contains("PASS not_null_stg_people_name"))
  #expect(r.stdout.contains("PASS unique_stg_people_id"))
  let compiled = p.file("target/compiled/dt/models/schema.yml/unique_stg_people_id.sql") ?? ""
  #expect(compiled.contains("where id = -42"))
}

@Test func customTestWithoutModelArgumentIsBadInput() throws {
  let p = try DataTestProject()
  defer { p.dir.remove() }
  try p.dir.write(
    "macros/is_positive.sql",
    "{% test is_positive(column_name) %}\nselect {{ column_name }} where {{ column_name }} <= 0\n{% endtest %}\n")
  let r = try p.kiln("test")
  #expect(r.status == 2)
  #expect(r.stderr.contains("generic test `is_positive` has no `model` argument"), "\(r.stderr)")
  #expect(r.stderr.contains("macros/is_positive.sql:1:"))
  #expect(r.stderr.contains("{% test is_positive(model, column_name) %}"))
}
