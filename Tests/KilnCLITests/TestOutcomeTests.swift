import Foundation
import KilnAdapters
import KilnTestSupport
import Testing

/// Each built-in test with passing and failing data, the severity/threshold matrix,
/// `--warn-error` and `store_failures`, on SQLite and Postgres.
enum OutcomeFixture {
  /// Five items: codes `b` twice and null twice, status `odd` twice (one distinct bad value),
  /// parents 9 twice (no such parent), scores -1, -2, -3.
  static let files: [String: String] = [
    "seeds/raw_items.csv": "id,code,status,parent_id,score\n1,a,active,1,5\n2,b,active,1,3\n3,b,gone,2,-1\n4,,odd,9,-2\n5,,odd,9,-3\n",
    "seeds/raw_parents.csv": "id\n1\n2\n",
    "models/items.sql": "{{ config(materialized='table') }}\nselect * from {{ ref('raw_items') }}\n",
    "macros/is_positive.sql":
      "{% test is_positive(model, column_name) %}\nselect * from {{ model }} where {{ column_name }} <= 0\n{% endtest %}\n",
    "models/schema.yml": """
      version: 2
      seeds:
        - name: raw_parents
          columns:
            - name: id
              data_tests: [unique]
      models:
        - name: items
          columns:
            - name: id
              data_tests:
                - unique
                - not_null
                - accepted_values:
                    arguments: {values: [1, 2, 3, 4, 5], quote: false}
                - relationships:
                    name: rel_pass
                    arguments: {to: ref('raw_parents'), field: id}
                    config: {where: "id < 3"}
            - name: code
              data_tests: [unique, not_null]
            - name: status
              data_tests:
                - accepted_values:
                    arguments: {values: [active, gone]}
                - not_null:
                    config: {store_failures: true}
            - name: parent_id
              data_tests:
                - relationships:
                    arguments: {to: ref('raw_parents'), field: id}
            - name: score
              data_tests:
                - is_positive: {name: m_default}
                - is_positive: {name: m_warn, config: {severity: warn}}
                - is_positive: {name: m_error_if_gt_5, config: {error_if: "> 5"}}
                - is_positive: {name: m_error_if_gt_2, config: {error_if: "> 2"}}
                - is_positive: {name: m_both_gt_5, config: {warn_if: "> 5", error_if: "> 5"}}
                - is_positive: {name: m_warn_sev_error_if_gt_0, config: {severity: warn, error_if: "> 0"}}
                - is_positive: {name: m_warn_if_gt_2, config: {warn_if: "> 2", error_if: "> 10"}}
                - is_positive: {name: m_stored_view, config: {store_failures_as: view}}
                - is_positive: {name: m_not_stored, config: {store_failures: true, store_failures_as: ephemeral}}

      """,
  ]

  static func project(_ adapter: TestAdapter) throws -> AdapterProject {
    let p = try AdapterProject(adapter, files: files)
    let built = try p.kiln("build", "--exclude", "resource_type:test")
    #expect(built.status == 0, "\(built.output)")
    return p
  }
}

@Test(arguments: TestAdapter.all) func builtinTestsPassAndFailWithDbtCounts(_ adapter: TestAdapter) throws {
  let p = try OutcomeFixture.project(adapter)
  defer { p.remove() }
  let r = try p.kiln("test", "--exclude", "test_name:is_positive")
  #expect(r.status == 1, "\(r.output)")
  let results = try p.resultsByName()
  let expected: [String: (String, Int)] = [
    "unique_items_id": ("pass", 0), "unique_items_code": ("fail", 1),
    "not_null_items_id": ("pass", 0), "not_null_items_code": ("fail", 2),
    "accepted_values_items_id__False__1__2__3__4__5": ("pass", 0),
    "accepted_values_items_status__active__gone": ("fail", 1),
    "rel_pass": ("pass", 0), "relationships_items_parent_id__id__ref_raw_parents_": ("fail", 2),
    "unique_raw_parents_id": ("pass", 0), "not_null_items_status": ("pass", 0),
  ]
  #expect(results.count == expected.count, "\(results.keys.sorted())")
  for (name, (status, failures)) in expected {
    #expect(results[name]?.status == status, "\(adapter) \(name): \(String(describing: results[name]))")
    #expect(results[name]?.failures == failures, "\(adapter) \(name) failures")
  }
  #expect(results["not_null_items_code"]?.message == "Got 2 results, configured to fail if != 0")
}

@Test(arguments: TestAdapter.all) func severityAndThresholdMatrix(_ adapter: TestAdapter) throws {
  let p = try OutcomeFixture.project(adapter)
  defer { p.remove() }
  let r = try p.kiln("test", "--select", "test_name:is_positive")
  #expect(r.status == 1, "\(r.output)")
  var results = try p.resultsByName()
  var matrix: [String: (String, Int)] = [
    "m_default": ("fail", 3), "m_warn": ("warn", 3), "m_error_if_gt_5": ("warn", 3),
    "m_error_if_gt_2": ("fail", 3), "m_both_gt_5": ("pass", 0), "m_warn_sev_error_if_gt_0": ("warn", 3),
    "m_warn_if_gt_2": ("warn", 3), "m_stored_view": ("fail", 3), "m_not_stored": ("fail", 3),
  ]
  if adapter == .sqlite {
    // SQLite views cannot read another attached database file.
    #expect(results["m_stored_view"]?.status == "error")
    #expect(r.stderr.contains("use store_failures_as: table on SQLite"), "\(r.stderr)")
    matrix["m_stored_view"] = ("error", 0)
  }
  for (name, (status, failures)) in matrix where status != "error" {
    #expect(results[name]?.status == status, "\(adapter) \(name): \(String(describing: results[name]))")
    #expect(results[name]?.failures == failures, "\(adapter) \(name) failures")
  }
  #expect(results["m_error_if_gt_5"]?.message == "Got 3 results, configured to warn if != 0")
  #expect(r.stdout.contains("Done. PASS=1 WARN=4 ERROR=4 SKIP=0"), "\(r.stdout)")
  #expect(results["m_both_gt_5"]?.message == "None", "dbt writes no message for a pass")

  // --warn-error: every warning fails, and its message still quotes warn_if (as dbt's does).
  let strict = try p.kiln("test", "--select", "test_name:is_positive", "--warn-error")
  #expect(strict.status == 1)
  results = try p.resultsByName()
  for (name, (status, _)) in matrix {
    #expect(results[name]?.status == (status == "warn" ? "fail" : status), "\(adapter) --warn-error \(name)")
  }
  #expect(results["m_warn_if_gt_2"]?.message == "Got 3 results, configured to fail if > 2")
  #expect(strict.stdout.contains("Done. PASS=1 WARN=0 ERROR=8 SKIP=0"), "\(strict.stdout)")
}

@Test(arguments: TestAdapter.all) func storeFailuresIntoTheAuditSchema(_ adapter: TestAdapter) throws {
  let p = try OutcomeFixture.project(adapter)
  defer { p.remove() }
  // Only the tests configured to store: a view for m_stored_view, nothing for ephemeral.
  _ = try p.kiln("test")
  if adapter == .postgres {
    #expect(try p.type("m_stored_view", schema: p.auditSchema) == .view)
    #expect(try p.count("m_stored_view", schema: p.auditSchema) == 3)
  }
  #expect(try p.type("m_not_stored", schema: p.auditSchema) == nil)
  #expect(try p.type("not_null_items_code", schema: p.auditSchema) == nil)
  // A not_null test storing by its own config selects whole rows, as dbt's does.
  #expect(try p.count("not_null_items_status", schema: p.auditSchema) == 0)
  let statusColumns = try p.db.query("select * from \(p.relation("not_null_items_status", schema: p.auditSchema))").columns
  #expect(statusColumns == ["id", "code", "status", "parent_id", "score"])

  // --store-failures: every test stores a table named as the test; not_null keeps whole rows.
  let r = try p.kiln("test", "--store-failures")
  #expect(r.status == 1)
  #expect(try p.type("not_null_items_code", schema: p.auditSchema) == .table)
  #expect(try p.count("not_null_items_code", schema: p.auditSchema) == 2)
  let cols = try p.db.query("select * from \(p.relation("not_null_items_code", schema: p.auditSchema))").columns
  #expect(cols == ["id", "code", "status", "parent_id", "score"])
  #expect(try p.count("unique_items_code", schema: p.auditSchema) == 1)
  #expect(try p.count("unique_items_id", schema: p.auditSchema) == 0, "a passing test stores an empty table")
  if adapter == .postgres {
    #expect(try p.type("m_stored_view", schema: p.auditSchema) == .view, "store_failures_as wins over the flag")
  }
  let compiled = try String(
    contentsOfFile: p.dir.path + "/target/compiled/proj/models/schema.yml/not_null_items_code.sql", encoding: .utf8)
  #expect(compiled.contains("select *\nfrom"))
  let results = try String(contentsOfFile: p.dir.path + "/target/run_results.json", encoding: .utf8)
  let stored =
    adapter == .sqlite
    ? "main_dbt_test__audit.\\\"not_null_items_code\\\""
    : "\\\"\(try PostgresServer.shared().dbname)\\\".\\\"\(p.auditSchema)\\\".\\\"not_null_items_code\\\""
  #expect(results.contains("\"relation_name\": \"\(stored)\""), "\(stored)")
  // A second run replaces the stored rows instead of adding to them.
  _ = try p.kiln("test", "--store-failures")
  #expect(try p.count("not_null_items_code", schema: p.auditSchema) == 2)
}

@Test func indirectSelectionModes() throws {
  let p = try OutcomeFixture.project(.sqlite)
  defer { p.remove() }
  func total(_ args: String...) throws -> String {
    let r = try KilnBinary.run(["test", "--exclude", "test_name:is_positive"] + args, in: p.dir.path)
    return r.stdout.split(separator: "\n").first { $0.contains("Done.") }.map { String($0.split(separator: " ").last ?? "") } ?? r.output
  }
  // Eager: every test touching items, the two relationships tests to raw_parents included.
  #expect(try total("--select", "items") == "TOTAL=9")
  // Cautious and buildable: a test joins only when all its parents are selected (or built first).
  #expect(try total("--select", "items", "--indirect-selection", "cautious") == "TOTAL=7")
  #expect(try total("--select", "items", "--indirect-selection", "buildable") == "TOTAL=7")
  #expect(try total("--select", "items", "raw_parents", "--indirect-selection", "cautious") == "TOTAL=10")
  let bad = try KilnBinary.run(["test", "--indirect-selection", "eagre"], in: p.dir.path)
  #expect(bad.status == 2, "\(bad.status)")
  #expect(bad.stderr.contains("--indirect-selection must be eager, cautious, buildable or empty"))
}

@Test func failFastStopsAtTheFirstFailure() throws {
  let p = try OutcomeFixture.project(.sqlite)
  defer { p.remove() }
  let r = try KilnBinary.run(["test", "--threads", "1", "--fail-fast"], in: p.dir.path)
  #expect(r.status == 1)
  let results = try p.results()
  let failed = results.values.filter { $0.status == "fail" || $0.status == "error" }
  #expect(failed.count == 1, "\(results)")
  #expect(results.values.contains { $0.status == "skipped" })
}
