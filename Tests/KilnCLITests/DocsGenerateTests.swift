import Foundation
import KilnAdapters
import KilnCompiler
import KilnTestSupport
import Testing

#if canImport(FoundationNetworking)
  import FoundationNetworking
#endif

/// `kiln docs generate`, `kiln lineage` and `kiln docs serve` on the example project, checked
/// against the SQLite file the build wrote and against the parsed graph.
@Suite(.serialized) struct DocsGenerateTests {
  static func json(_ path: String) throws -> [String: Any] {
    let data = try Data(contentsOf: URL(fileURLWithPath: path))
    return try JSONSerialization.jsonObject(with: data) as? [String: Any] ?? [:]
  }

  /// The example, built and documented once for the tests of this suite.
  static let built: Result<TempDirectory, any Error> = Result {
    let project = try ExampleProject.copy()
    let build = try KilnBinary.run(["build"], in: project.path)
    guard build.status == 0 else { throw DocsTestError("kiln build failed:\n\(build.output)") }
    let docs = try KilnBinary.run(["docs", "generate"], in: project.path)
    guard docs.status == 0 else { throw DocsTestError("kiln docs generate failed:\n\(docs.output)") }
    try docs.stdout.write(toFile: project.path + "/docs-generate.out", atomically: true, encoding: .utf8)
    return project
  }

  @Test func consoleSaysWhatWasWritten() throws {
    let dir = try Self.built.get().path
    let out = try String(contentsOfFile: dir + "/docs-generate.out", encoding: .utf8)
    #expect(out.contains("Wrote target/manifest.json"))
    #expect(out.contains("Wrote target/catalog.json (14 nodes, 1 sources)"))
    #expect(out.contains("Wrote target/lineage.json (column lineage for 10 of 10 nodes)"))
    #expect(out.contains("Wrote target/index.html"))
    #expect(!out.contains("fell back"))
  }

  /// Every catalog entry's columns are what `pragma_table_info` says, in order, with types.
  @Test func catalogMatchesTheDatabase() throws {
    let dir = try Self.built.get().path
    let catalog = try Self.json(dir + "/target/catalog.json")
    let meta = catalog["metadata"] as? [String: Any]
    #expect(meta?["dbt_schema_version"] as? String == "https://schemas.getdbt.com/dbt/catalog/v1.json")
    let db = try SQLiteConnection(path: dir + "/target/kiln_dev.db")
    let nodes = (catalog["nodes"] as? [String: [String: Any]] ?? [:]).merging(catalog["sources"] as? [String: [String: Any]] ?? [:]) { a, _ in a }
    #expect(nodes.count == 15)
    for (id, entry) in nodes {
      let m = entry["metadata"] as? [String: Any] ?? [:]
      let name = m["name"] as? String ?? ""
      let want = try db.query("select name, type, cid + 1 from pragma_table_info(?)", [.text(name)]).rows
      let cols = (entry["columns"] as? [String: [String: Any]] ?? [:]).values.sorted { ($0["index"] as? Int ?? 0) < ($1["index"] as? Int ?? 0) }
      #expect(cols.map { $0["name"] as? String ?? "" } == want.map { $0[0].textValue ?? "" }, "\(id)")
      #expect(cols.map { $0["type"] as? String ?? "" } == want.map { $0[1].textValue ?? "" }, "\(id)")
      let kind = try db.query("select type from sqlite_master where name = ?", [.text(name)]).scalar?.textValue
      #expect(m["type"] as? String == kind, "\(id)")
      if kind == "table" {
        let stats = entry["stats"] as? [String: [String: Any]]
        let count = try db.query("select count(*) from \"\(name)\"").scalar?.integerValue
        #expect((stats?["row_count"]?["value"] as? Int).map(Int64.init) == count, "\(id)")
      }
    }
  }

  /// `depends_on.nodes` of every manifest node is its parents in the parsed graph and in
  /// `parent_map`, names only existing nodes and sources, and covers every relation the
  /// compiled SQL reads according to column lineage.
  @Test func manifestDependsOnMatchesTheGraph() throws {
    let dir = try Self.built.get().path
    let manifest = try Self.json(dir + "/target/manifest.json")
    let nodes = manifest["nodes"] as? [String: [String: Any]] ?? [:]
    let sources = manifest["sources"] as? [String: Any] ?? [:]
    let parentMap = manifest["parent_map"] as? [String: [String]] ?? [:]
    let w = try Workspace.load(projectDir: dir, profilesDir: dir)
    #expect(nodes.count == w.parsed.nodes.count)
    let lineage = try Self.json(dir + "/target/lineage.json")["nodes"] as? [String: [String: Any]] ?? [:]
    for (id, node) in nodes {
      let deps = (node["depends_on"] as? [String: Any])?["nodes"] as? [String] ?? []
      #expect(Set(deps) == w.parsed.graph.parents(of: id), "\(id)")
      #expect(Set(deps) == Set(parentMap[id] ?? []), "\(id)")
      for d in deps { #expect(nodes[d] != nil || sources[d] != nil, "\(id) depends on missing \(d)") }
      let cols = lineage[id]?["columns"] as? [String: [[String: String]]] ?? [:]
      for edges in cols.values {
        // An incremental model may read itself (`{{ this }}`).
        for e in edges where e["node"] != id {
          #expect(deps.contains(e["node"] ?? ""), "\(id) reads \(e["node"] ?? "") without depending on it")
        }
      }
    }
    #expect(lineage.count == 10)
  }

  /// `{% docs %}` blocks and `{{ doc() }}` in descriptions, and macros' `macro_sql`, as dbt
  /// 1.10 writes them for the example (checked with `dbt parse`).
  @Test func manifestHasDocsBlocksAndMacroSource() throws {
    let dir = try Self.built.get().path
    let manifest = try Self.json(dir + "/target/manifest.json")
    let docs = manifest["docs"] as? [String: [String: Any]] ?? [:]
    let flag = docs["doc.kiln_example.churn_flag"]
    #expect(flag?["path"] as? String == "marts/marts.md")
    #expect(flag?["original_file_path"] as? String == "models/marts/marts.md")
    let text = "1 when the customer has no live subscription, or was inactive for longer than\n`churn_inactive_days` (a project variable) at the as-of date; else 0."
    #expect(flag?["block_contents"] as? String == text)
    let node = (manifest["nodes"] as? [String: [String: Any]])?["model.kiln_example.customer_churn_features"]
    let cols = node?["columns"] as? [String: [String: Any]]
    #expect(cols?["is_churned"]?["description"] as? String == text)
    let macro = (manifest["macros"] as? [String: [String: Any]])?["macro.kiln_example.days_between"]
    #expect(
      macro?["macro_sql"] as? String
        == "{% macro days_between(start_date, end_date) -%}\n    {{ return(adapter.dispatch('days_between')(start_date, end_date)) }}\n{%- endmacro %}")
    // The site shows the resolved text too.
    let html = try String(contentsOfFile: dir + "/target/index.html", encoding: .utf8)
    #expect(html.contains("(a project variable) at the as-of date; else 0."))
  }

  /// The example's exposure as `dbt parse` writes it, and in parent_map/child_map.
  @Test func manifestHasExposures() throws {
    let dir = try Self.built.get().path
    let manifest = try Self.json(dir + "/target/manifest.json")
    let id = "exposure.kiln_example.churn_dashboard"
    let e = (manifest["exposures"] as? [String: [String: Any]])?[id]
    #expect(e?["path"] as? String == "marts/exposures.yml")
    #expect(e?["fqn"] as? [String] == ["kiln_example", "marts", "churn_dashboard"])
    #expect(e?["owner"] as? [String: String] == ["email": "analytics@example.com", "name": "Analytics"])
    #expect(e?["label"] as? String == "Churn dashboard")
    let deps = ["model.kiln_example.customer_churn_features", "model.kiln_example.mrr_by_plan"]
    #expect((e?["depends_on"] as? [String: Any])?["nodes"] as? [String] == deps)
    #expect((manifest["parent_map"] as? [String: [String]])?[id] == deps)
    let children = manifest["child_map"] as? [String: [String]]
    #expect(children?[id] == [])
    #expect(children?["model.kiln_example.mrr_by_plan"]?.first == id)
  }

  /// dbt-core's own artifact classes read Kiln's manifest and catalog (when a Python with
  /// dbt-core is at KILN_DBT_PYTHON or /work/venv-dbt/bin/python).
  @Test(.enabled(if: DbtPython.path != nil, "no Python with dbt-core (set KILN_DBT_PYTHON); skipping"))
  func dbtArtifactClassesReadTheArtifacts() throws {
    let dir = try Self.built.get().path
    let p = Process()
    p.executableURL = URL(fileURLWithPath: DbtPython.path ?? "")
    p.arguments = [ExampleProject.repositoryRoot + "/Scripts/check-artifacts-with-dbt.py", dir + "/target"]
    let out = Pipe()
    p.standardOutput = out
    p.standardError = out
    try p.run()
    let text = String(decoding: out.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
    p.waitUntilExit()
    #expect(p.terminationStatus == 0, "\(text)")
    #expect(text.contains("read by dbt's WritableManifest (51 nodes, 1 sources)"), "\(text)")
    #expect(text.contains("read by dbt's CatalogArtifact (14 nodes, 1 sources)"), "\(text)")
  }

  @Test func lineageJSONTracesAColumnToItsSources() throws {
    let dir = try Self.built.get().path
    let lineage = try Self.json(dir + "/target/lineage.json")["nodes"] as? [String: [String: Any]] ?? [:]
    let churn = lineage["model.kiln_example.customer_churn_features"]
    #expect(churn?["status"] as? String == "complete")
    let cols = churn?["columns"] as? [String: [[String: String]]] ?? [:]
    let email = cols["email"] ?? []
    #expect(email.contains { $0["node"] == "model.kiln_example.stg_customers" && $0["column"] == "email" && $0["derivation"] == "copy" })
    let tenure = cols["tenure_days"] ?? []
    #expect(tenure.contains { $0["node"] == "model.kiln_example.stg_customers" && $0["column"] == "signup_date" && $0["derivation"] == "transform" })
    #expect(!tenure.contains { $0["derivation"] == "copy" })
    // stg_invoices reads the `billing.invoices` source declared over the seed's table.
    let invoices = lineage["model.kiln_example.stg_invoices"]?["columns"] as? [String: [[String: String]]] ?? [:]
    #expect(invoices["amount_cents"]?.contains { $0["node"] == "source.kiln_example.billing.invoices" && $0["derivation"] == "copy" } == true)
  }

  @Test func lineageCommandPrintsUpstreamAndDownstream() throws {
    let dir = try Self.built.get().path
    let r = try KilnBinary.run(["lineage", "stg_customers.signup_date"], in: dir)
    #expect(r.status == 0, "\(r.output)")
    #expect(r.stdout.contains("upstream:\n  raw_customers.signup_date  [transform]"))
    #expect(r.stdout.contains("downstream:\n  customer_churn_features.customer_since  [transform]"))
    let bad = try KilnBinary.run(["lineage", "stg_customers.signup_dat"], in: dir)
    #expect(bad.status == 2)
    #expect(bad.stderr.contains("did you mean `signup_date`?"))
  }

  @Test func indexHTMLIsSelfContained() throws {
    let dir = try Self.built.get().path
    let html = try String(contentsOfFile: dir + "/target/index.html", encoding: .utf8)
    #expect(!html.contains("<script src") && !html.contains("<link"))
    #expect(html.replacingOccurrences(of: "http://www.w3.org/2000/svg", with: "").range(of: "https?://", options: .regularExpression) == nil)
    #expect(html.contains("\"id\": \"model.kiln_example.customer_churn_features\""))
  }

  /// `kiln docs serve` answers on 127.0.0.1 with index.html and the artifacts.
  @Test func serveAnswersOnLoopback() async throws {
    let dir = try Self.built.get().path
    let port = try PostgresServer.freePort()
    let p = Process()
    p.executableURL = URL(fileURLWithPath: KilnBinary.path)
    p.arguments = ["docs", "serve", "--port", String(port)]
    p.currentDirectoryURL = URL(fileURLWithPath: dir)
    let out = Pipe()
    p.standardOutput = out
    p.standardError = FileHandle.nullDevice
    try p.run()
    defer {
      p.terminate()
      p.waitUntilExit()
    }
    // Wait for the line that says where (bounded: 200 × 50 ms).
    var said = ""
    let reader = out.fileHandleForReading
    for _ in 0..<200 where !said.contains("Serving docs at") {
      said += String(decoding: reader.availableData, as: UTF8.self)
      if !p.isRunning { break }
      try await Task.sleep(nanoseconds: 50_000_000)
    }
    #expect(said.contains("Serving docs at http://127.0.0.1:\(port)/"))
    let (page, response) = try await URLSession.shared.data(from: URL(string: "http://127.0.0.1:\(port)/")!)
    #expect((response as? HTTPURLResponse)?.statusCode == 200)
    #expect(String(decoding: page, as: UTF8.self).contains("kiln-data"))
    let (catalog, r2) = try await URLSession.shared.data(from: URL(string: "http://127.0.0.1:\(port)/catalog.json")!)
    #expect((r2 as? HTTPURLResponse)?.statusCode == 200)
    #expect(String(decoding: catalog, as: UTF8.self).contains("catalog/v1.json"))
  }
}

/// A model Kiln cannot read falls back to model-level lineage with a warning at its place.
@Test func unreadableModelFallsBackWithAWarning() throws {
  let dir = try TempDirectory(prefix: "kiln-docs-fallback")
  defer { dir.remove() }
  let fm = FileManager.default
  try fm.createDirectory(atPath: dir.path + "/models", withIntermediateDirectories: true)
  try "name: fallback\nprofile: fallback\n".write(toFile: dir.path + "/dbt_project.yml", atomically: true, encoding: .utf8)
  try "fallback:\n  target: dev\n  outputs:\n    dev:\n      type: sqlite\n      path: target/db.sqlite\n      schema: main\n"
    .write(toFile: dir.path + "/profiles.yml", atomically: true, encoding: .utf8)
  try "select 1 as x\n".write(toFile: dir.path + "/models/base.sql", atomically: true, encoding: .utf8)
  try "select x,\n  x + from {{ ref('base') }}\n".write(toFile: dir.path + "/models/broken.sql", atomically: true, encoding: .utf8)
  let r = try KilnBinary.run(["docs", "generate"], in: dir.path)
  #expect(r.status == 0, "\(r.output)")
  #expect(r.output.contains("warning[S0101]: cannot parse the compiled SQL of `broken`"))
  #expect(r.output.contains("--> target/compiled/fallback/models/broken.sql:2:7"))
  #expect(r.stdout.contains("Lineage fell back to model level for: broken"))
  #expect(r.stdout.contains("column lineage for 1 of 2 nodes"))
  let lineage = try DocsGenerateTests.json(dir.path + "/target/lineage.json")["nodes"] as? [String: [String: Any]]
  #expect(lineage?["model.fallback.broken"]?["status"] as? String == "fallback")
  #expect(lineage?["model.fallback.broken"]?["depends_on"] as? [String] == ["model.fallback.base"])
}

/// A Python interpreter with dbt-core, for the optional artifact check.
enum DbtPython {
  static let path: String? = {
    let env = ProcessInfo.processInfo.environment["KILN_DBT_PYTHON"]
    return [env, "/work/venv-dbt/bin/python"].compactMap { $0 }.first { FileManager.default.isExecutableFile(atPath: $0) }
  }()
}

struct DocsTestError: Error, CustomStringConvertible {
  var description: String
  init(_ d: String) { description = d }
}
