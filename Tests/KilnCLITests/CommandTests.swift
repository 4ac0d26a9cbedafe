import Foundation
import KilnAdapters
import KilnJinja
import KilnTestSupport
import Testing

/// The other commands, end to end on the example project.
@Test func selectionRunsOnlyTheSelectedNodesAndListsThem() throws {
  let project = try ExampleProject.copy()
  defer { project.remove() }
  let ls = try KilnBinary.run(["ls", "-s", "+mrr_by_plan", "--resource-type", "model"], in: project.path)
  #expect(ls.status == 0, "\(ls.output)")
  let lines = ls.stdout.split(separator: "\n").map(String.init)
  #expect(lines.contains("kiln_example.marts.mrr_by_plan"))
  #expect(lines.contains("kiln_example.marts.customer_churn_features"))
  #expect(lines.contains("kiln_example.staging.stg_customers"))
  #expect(!lines.contains("kiln_example.events.fct_events"))
  let tags = try KilnBinary.run(["ls", "-s", "tag:staging,path:models/staging/stg_events.sql", "--output", "name"], in: project.path)
  // The model, and its tests by eager indirect selection.
  #expect(tags.stdout.hasPrefix("stg_events\n"))
  #expect(tags.stdout.contains("\nunique_stg_events_event_id\n"))
  #expect(tags.stdout.split(separator: "\n").count == 6, "\(tags.stdout)")

  let seeds = try KilnBinary.run(["seed"], in: project.path)
  #expect(seeds.status == 0, "\(seeds.output)")
  let run = try KilnBinary.run(["run", "--select", "stg_customers", "stg_events"], in: project.path)
  #expect(run.status == 0, "\(run.output)")
  #expect(run.stdout.contains("Done. PASS=2 WARN=0 ERROR=0 SKIP=0"))
  let db = try SQLiteConnection(path: project.path + "/target/kiln_dev.db")
  #expect(try db.relationType(schema: "main", name: "stg_customers") == .view)
  #expect(try db.relationType(schema: "main", name: "customer_churn_features") == nil)
}

@Test func buildWithFourThreadsGivesTheSameTables() throws {
  let project = try ExampleProject.copy()
  defer { project.remove() }
  let r = try KilnBinary.run(["build", "--threads", "4"], in: project.path)
  #expect(r.status == 0, "\(r.output)")
  #expect(r.stdout.contains("Concurrency: 4 threads"))
  let db = try SQLiteConnection(path: project.path + "/target/kiln_dev.db")
  #expect(try db.query("select count(*) from main.\"customer_churn_features\"", []).scalar == .integer(27))
  #expect(try db.query("select count(*) from main.\"fct_events\"", []).scalar == .integer(50))
}

@Test func artifactsFollowDbtSchemas() throws {
  let project = try ExampleProject.copy()
  defer { project.remove() }
  #expect(try KilnBinary.run(["build"], in: project.path).status == 0)
  let manifest = try Value.fromJSON(String(contentsOfFile: project.path + "/target/manifest.json", encoding: .utf8))
  guard case .dict(let m) = manifest, case .dict(let meta)? = m.items[.string("metadata")],
    case .dict(let nodes)? = m.items[.string("nodes")], case .dict(let parents)? = m.items[.string("parent_map")]
  else {
    Issue.record("manifest.json lacks metadata/nodes/parent_map")
    return
  }
  #expect(meta.items[.string("dbt_schema_version")] == .string("https://schemas.getdbt.com/dbt/manifest/v12.json"))
  guard case .dict(let mart)? = nodes.items[.string("model.kiln_example.customer_churn_features")] else {
    Issue.record("no mart node")
    return
  }
  #expect(mart.items[.string("relation_name")] == .string("main.\"customer_churn_features\""))
  #expect(mart.items[.string("fqn")] == .list([.string("kiln_example"), .string("marts"), .string("customer_churn_features")]))
  #expect(mart.items[.string("original_file_path")] == .string("models/marts/customer_churn_features.sql"))
  #expect(mart.items[.string("path")] == .string("marts/customer_churn_features.sql"))
  if case .dict(let deps)? = mart.items[.string("depends_on")], let n = deps.items[.string("nodes")]?.iterationItems() {
    #expect(n.contains(.string("model.kiln_example.stg_customers")))
    #expect(n.contains(.string("model.kiln_example.int_customer_activity")))
  } else {
    Issue.record("no depends_on.nodes")
  }
  // checksum is sha256 of the stripped file, as dbt computes it
  if case .dict(let c)? = mart.items[.string("checksum")] {
    #expect(c.items[.string("name")] == .string("sha256"))
    #expect(c.items[.string("checksum")]?.stringValue?.count == 64)
  }
  #expect(parents.items[.string("model.kiln_example.mrr_by_plan")] == .list([.string("model.kiln_example.customer_churn_features")]))

  let results = try Value.fromJSON(String(contentsOfFile: project.path + "/target/run_results.json", encoding: .utf8))
  guard case .dict(let r) = results, let items = r.items[.string("results")]?.iterationItems() else {
    Issue.record("run_results.json lacks results")
    return
  }
  #expect(items.count == 50)  // 13 relations, 1 snapshot, 36 tests
  for item in items {
    guard case .dict(let d) = item, let id = d.items[.string("unique_id")]?.stringValue else { continue }
    #expect(d.items[.string("status")] == .string(id.hasPrefix("test.") ? "pass" : "success"), "\(id)")
    if id.hasPrefix("test.") { #expect(d.items[.string("failures")] == .int(0)) }
  }
  let run = try String(contentsOfFile: project.path + "/target/run/kiln_example/models/marts/mrr_by_plan.sql", encoding: .utf8)
  #expect(run.contains("create table main.\"mrr_by_plan__dbt_tmp\" as"))
}

@Test func initScaffoldsAProjectThatBuilds() throws {
  let dir = try TempDirectory(prefix: "kiln-init")
  defer { dir.remove() }
  let r = try KilnBinary.run(["init", "acme"], in: dir.path)
  #expect(r.status == 0, "\(r.output)")
  let b = try KilnBinary.run(["build"], in: dir.path + "/acme")
  #expect(b.status == 0, "\(b.output)")
  #expect(b.stdout.contains("OK created sql table model main.my_first_model"))
  let again = try KilnBinary.run(["init", "acme"], in: dir.path)
  #expect(again.status == 2)
  let debug = try KilnBinary.run(["debug"], in: dir.path + "/acme")
  #expect(debug.status == 0)
  #expect(debug.stdout.contains("Connection test: [OK connection ok]"))
  let clean = try KilnBinary.run(["clean"], in: dir.path + "/acme")
  #expect(clean.status == 0)
  #expect(!FileManager.default.fileExists(atPath: dir.path + "/acme/target"))
}

@Test func fullRefreshReloadsSeedsAndRebuildsIncrementals() throws {
  let project = try ExampleProject.copy()
  defer { project.remove() }
  #expect(try KilnBinary.run(["build"], in: project.path).status == 0)
  let r = try KilnBinary.run(["build", "--full-refresh"], in: project.path)
  #expect(r.status == 0, "\(r.output)")
  #expect(r.stdout.contains("[CREATE 32"))
  let run = try String(contentsOfFile: project.path + "/target/run/kiln_example/models/events/fct_events.sql", encoding: .utf8)
  #expect(run.contains("create table main.\"fct_events__dbt_tmp\""))
  #expect(!run.contains("delete from"))
}

@Test func customSchemasBecomeAttachedDatabaseFilesLikeDbtSqlite() throws {
  let fixture = ExampleProject.repositoryRoot + "/Tests/KilnCompilerTests/Fixtures/projects/custom_schemas"
  let dir = try TempDirectory(prefix: "kiln-schemas")
  defer { dir.remove() }
  for item in ["dbt_project.yml", "profiles.yml", "models"] {
    try FileManager.default.copyItem(atPath: fixture + "/" + item, toPath: dir.path + "/" + item)
  }
  let r = try KilnBinary.run(["run"], in: dir.path, environment: ["KILN_FIXTURE_DB_DIR": dir.path + "/db"])
  #expect(r.status == 0, "\(r.output)")
  // dbt-sqlite's layout (Fixtures/projects/custom_schemas/expected/run-db-files.txt).
  let files = try FileManager.default.contentsOfDirectory(atPath: dir.path + "/db").sorted()
  #expect(files == ["custom_schemas.db", "main_analytics.db", "main_finance.db", "main_marketing.db"])
  let finance = try SQLiteConnection(path: dir.path + "/db/main_finance.db")
  #expect(try finance.relationType(schema: "main", name: "summary") == .table)
}
