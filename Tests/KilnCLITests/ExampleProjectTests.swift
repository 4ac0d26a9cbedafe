import Foundation
import KilnAdapters
import KilnJinja
import KilnTestSupport
import Testing

/// End to end: `kiln build` on the example project into a temp SQLite file, checked against
/// what dbt-core + dbt-sqlite built from the same project (Fixtures/example-expected.json).
struct Oracle {
  static let fixtures = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
    .appendingPathComponent("Fixtures").path

  static func expected() throws -> Value {
    try Value.fromJSON(String(contentsOfFile: fixtures + "/example-expected.json", encoding: .utf8))
  }

  static func dict(_ v: Value?) -> [String: Value] {
    guard case .dict(let d)? = v else { return [:] }
    var out: [String: Value] = [:]
    for (k, val) in d.items { if let s = k.stringValue { out[s] = val } }
    return out
  }

  static func count(_ db: SQLiteConnection, _ relation: String) throws -> Int64 {
    let parts = relation.split(separator: ".")
    let r = try db.query("select count(*) from \(parts[0]).\"\(parts[1])\"", [])
    return r.scalar?.integerValue ?? -1
  }

  /// `unique_id status` lines of target/run_results.json, sorted, as the fixture lists them.
  static func runResultStatuses(_ projectDir: String) throws -> String {
    let doc = try Value.fromJSON(String(contentsOfFile: projectDir + "/target/run_results.json", encoding: .utf8))
    let lines = (dict(doc)["results"]?.iterationItems() ?? []).map { r in
      let d = dict(r)
      return "\(d["unique_id"]?.pythonStr ?? "") \(d["status"]?.pythonStr ?? "")"
    }
    return lines.sorted().joined(separator: "\n") + "\n"
  }

  static func json(_ v: SQLValue) -> Value {
    switch v {
    case .null: return .none
    case .integer(let i): return .int(Int(i))
    case .real(let d): return .float(d)
    case .text(let s): return .string(s)
    case .blob: return .string("<blob>")
    }
  }
}

@Test func exampleBuildMatchesDbt() throws {
  let project = try ExampleProject.copy()
  defer { project.remove() }
  let first = try KilnBinary.run(["build"], in: project.path)
  #expect(first.status == 0, "kiln build failed:\n\(first.output)")
  // 13 relations, the customers snapshot and 36 data tests, as dbt's `build`
  // (Fixtures/example-run-results-statuses.txt).
  #expect(first.stdout.contains("Done. PASS=50 WARN=0 ERROR=0 SKIP=0"))
  #expect(first.stdout.contains("START test not_null_stg_customers_customer_id"))
  #expect(first.stdout.contains("PASS not_null_stg_customers_customer_id"))
  let statuses = try String(contentsOfFile: Oracle.fixtures + "/example-run-results-statuses.txt", encoding: .utf8)
  #expect(try Oracle.runResultStatuses(project.path) == statuses, "unique ids and statuses differ from dbt's")
  #expect(first.stdout.contains("OK loaded seed file main.raw_customers"))
  #expect(first.stdout.contains("OK snapshotted main.customers_snapshot"))

  let expected = try Oracle.expected()
  let db = try SQLiteConnection(path: project.path + "/target/kiln_dev.db")
  let relations = Oracle.dict(Oracle.dict(expected)["first_build"].map { $0 })
  #expect(relations.count == 14)
  for (name, info) in relations {
    let fields = Oracle.dict(info)
    let want = fields["row_count"].flatMap { v -> Int? in if case .int(let i) = v { return i }; return nil }
    #expect(try Oracle.count(db, name) == Int64(want ?? -1), "\(name) row count")
    // Chosen rows: for unique keys, the row with that key must match column for column.
    guard let rows = fields["rows"]?.iterationItems(), let key = fields["key"]?.stringValue else { continue }
    let parts = name.split(separator: ".")
    for row in rows {
      let r = Oracle.dict(row)
      guard let kv = r[key], !kv.isNone else { continue }
      let cols = (row.iterationItems() ?? []).compactMap(\.stringValue)
      let sqlKey: SQLValue = {
        switch kv {
        case .int(let i): return .integer(Int64(i))
        case .float(let d): return .real(d)
        default: return .text(kv.pythonStr)
        }
      }()
      let got = try db.query(
        "select \(cols.map { "\"\($0)\"" }.joined(separator: ", ")) from \(parts[0]).\"\(parts[1])\" where \"\(key)\" = ? order by rowid",
        [sqlKey])
      let matches = got.rows.contains { dbRow in zip(cols, dbRow).allSatisfy { r[$0.0] == Oracle.json($0.1) } }
      #expect(matches, "\(name): no row equal to \(row.pythonRepr)")
    }
  }

  // Second build: nothing new arrives, the incremental model takes the incremental path.
  let second = try KilnBinary.run(["build"], in: project.path)
  #expect(second.status == 0, "second build failed:\n\(second.output)")
  let run = try String(contentsOfFile: project.path + "/target/run/kiln_example/models/events/fct_events.sql", encoding: .utf8)
  #expect(run.contains("delete from main.\"fct_events\""))
  #expect(run.contains("insert into main.\"fct_events\""))
  for (name, n) in Oracle.dict(Oracle.dict(Oracle.dict(expected)["second_build"])["row_counts"]) {
    #expect(try Oracle.count(db, name) == Int64(n.pythonStr) ?? -1, "second build: \(name)")
  }

  // New events: only they are added (and a re-sent event replaces its old row).
  let append = try String(contentsOfFile: Oracle.fixtures + "/raw_events_append.csv", encoding: .utf8)
  let seed = project.path + "/seeds/raw_events.csv"
  try (try String(contentsOfFile: seed, encoding: .utf8) + append).write(toFile: seed, atomically: true, encoding: .utf8)
  let third = try KilnBinary.run(["build"], in: project.path)
  #expect(third.status == 0, "third build failed:\n\(third.output)")
  for (name, n) in Oracle.dict(Oracle.dict(Oracle.dict(expected)["after_append"])["row_counts"]) {
    #expect(try Oracle.count(db, name) == Int64(n.pythonStr) ?? -1, "after append: \(name)")
  }
}

@Test func compiledSQLMatchesDbtForExampleModels() throws {
  let project = try ExampleProject.copy()
  defer { project.remove() }
  let r = try KilnBinary.run(["compile"], in: project.path)
  #expect(r.status == 0, "\(r.output)")
  let golden = Oracle.fixtures + "/example-compiled/models"
  let files = FileManager.default.enumerator(atPath: golden)?.compactMap { $0 as? String } ?? []
  let models = files.filter { $0.hasSuffix(".sql") }
  // 9 models and 34 generic tests (`<dir>/schema.yml/<test>.sql`, hashed names included).
  #expect(models.count == 43)
  for f in models {
    let want = try String(contentsOfFile: golden + "/" + f, encoding: .utf8)
    let got = try? String(contentsOfFile: project.path + "/target/compiled/kiln_example/models/" + f, encoding: .utf8)
    #expect(got == want, "compiled \(f) differs from dbt's")
  }
  // Singular tests compile at their own path.
  for f in ["assert_churn_features_cover_customers.sql", "assert_no_negative_mrr.sql"] {
    let want = try String(contentsOfFile: Oracle.fixtures + "/example-compiled/data-tests/" + f, encoding: .utf8)
    let got = try? String(contentsOfFile: project.path + "/target/compiled/kiln_example/data-tests/" + f, encoding: .utf8)
    #expect(got == want, "compiled data-tests/\(f) differs from dbt's")
  }
}

@Test func failedModelKeepsPreviousTableAndSkipsChildren() throws {
  let project = try ExampleProject.copy()
  defer { project.remove() }
  #expect(try KilnBinary.run(["build"], in: project.path).status == 0)
  let model = project.path + "/models/marts/customer_churn_features.sql"
  let original = try String(contentsOfFile: model, encoding: .utf8)
  try (original + "\nwhere no_such_column = 1").write(toFile: model, atomically: true, encoding: .utf8)
  let r = try KilnBinary.run(["run"], in: project.path)
  #expect(r.status == 1)
  #expect(r.stdout.contains("ERROR creating sql table model main.customer_churn_features"))
  #expect(r.stdout.contains("SKIP relation main.mrr_by_plan"))
  #expect(r.output.contains("no such column"))
  let db = try SQLiteConnection(path: project.path + "/target/kiln_dev.db")
  #expect(try Oracle.count(db, "main.customer_churn_features") == 27)
  // No leftovers of the failed swap.
  #expect(try db.relationType(schema: "main", name: "customer_churn_features__dbt_tmp") == nil)
  #expect(try db.relationType(schema: "main", name: "customer_churn_features__dbt_backup") == nil)
}
