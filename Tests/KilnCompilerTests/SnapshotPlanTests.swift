import Foundation
import KilnAdapters
import KilnBase
import KilnCompiler
import KilnProject
import KilnTestSupport
import Testing

/// Snapshot plans are pure: given the staged query's columns, the target's columns and the
/// snapshot time they are a fixed list of statements. Each case is pinned per dialect in
/// `Fixtures/snapshot-plans/<case>.<dialect>.txt` (`KILN_RECORD=1` rewrites them and fails).
struct SnapshotPlanTests {
  static let snapshots = """
    {% snapshot ts_ignore %}
    {{ config(unique_key='id', strategy='timestamp', updated_at='updated_at') }}
    select * from {{ source('raw', 'customers') }}
    {% endsnapshot %}

    {% snapshot ts_invalidate %}
    {{ config(unique_key='id', strategy='timestamp', updated_at='updated_at', invalidate_hard_deletes=true,
              dbt_valid_to_current="'9999-12-31'") }}
    select * from {{ source('raw', 'customers') }}
    {% endsnapshot %}

    {% snapshot check_new_record %}
    {{ config(unique_key=['id', 'region'], strategy='check', check_cols=['plan', 'mrr'], hard_deletes='new_record',
              snapshot_meta_column_names={'dbt_valid_from': 'valid_from', 'dbt_valid_to': 'valid_to'}) }}
    select * from {{ source('raw', 'customers') }}
    {% endsnapshot %}

    {% snapshot check_all %}
    {{ config(target_schema='history', unique_key='id', strategy='check', check_cols='all') }}
    select * from {{ source('raw', 'customers') }}
    {% endsnapshot %}
    """

  static func fixture(_ target: String) throws -> (compiled: [String: CompiledNode], dir: TempDirectory) {
    let dir = try TempDirectory(prefix: "kiln-snapplan")
    try dir.write("dbt_project.yml", "name: p\nversion: '1'\nconfig-version: 2\nprofile: p\n")
    try dir.write(
      "profiles.yml",
      """
      p:
        target: lite
        outputs:
          lite:
            type: sqlite
            threads: 1
            database: database
            schema: main
            schemas_and_paths: {main: '\(dir.path)/main.db'}
            schema_directory: '\(dir.path)'
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
    try dir.write("models/sources.yml", "sources:\n  - name: raw\n    tables:\n      - name: customers\n")
    try dir.write("snapshots/customers.sql", snapshots)
    let w = try Workspace.load(projectDir: dir.path, profilesDir: dir.path, target: target, environment: [:])
    let compiled = try Compiler(parsed: w.parsed, lookup: nil).compileAll()
    return (Dictionary(uniqueKeysWithValues: compiled.map { ($0.key, $0.value) }), dir)
  }

  static func columns(_ names: [(String, String)]) -> [DatabaseColumn] {
    names.enumerated().map { DatabaseColumn(name: $1.0, type: $1.1, position: $0 + 1) }
  }

  static let source = [("id", "integer"), ("region", "character varying(20)"), ("plan", "text"), ("mrr", "integer"), ("updated_at", "timestamp without time zone")]

  /// The text of every statement of one run, as the worker runs them.
  static func runText(_ planner: SnapshotPlanner, _ c: CompiledNode, existing: [DatabaseColumn]?) throws -> String {
    let spec = try SnapshotSpec.resolve(c.parsed.config, node: c.parsed.node)
    let time = planner.dialect.timeLiteral("2024-06-30 12:00:00")
    let plan = try planner.plan(c, spec: spec, source: columns(source), existing: existing, time: time)
    var out = "-- stage\n"
    if case .sql(_, let s) = planner.stageSource(c) { out += s + ";\n" }
    out += "-- guard: unique_key\n" + planner.keyViolations(c.parsed, spec) + ";\n"
    out += plan.text
    out += "-- guard: current rows\n" + planner.currentDuplicates(c.parsed, spec) + ";\n"
    return out
  }

  static func golden(_ name: String, _ text: String) throws {
    let path = URL(fileURLWithPath: #filePath).deletingLastPathComponent().path + "/Fixtures/snapshot-plans/\(name).txt"
    if ProcessInfo.processInfo.environment["KILN_RECORD"] == "1" {
      try FileManager.default.createDirectory(
        atPath: (path as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
      try text.write(toFile: path, atomically: true, encoding: .utf8)
      Issue.record("recorded \(path); run again without KILN_RECORD")
      return
    }
    let want = try String(contentsOfFile: path, encoding: .utf8)
    #expect(text == want, "plan \(name) differs from \(path)")
  }

  @Test(arguments: ["lite", "pg"]) func snapshotPlansMatchTheGoldenFiles(target: String) throws {
    let (compiled, dir) = try Self.fixture(target)
    defer { dir.remove() }
    let planner = SnapshotPlanner(adapter: target == "pg" ? .postgres : .sqlite)
    let dialect = target == "pg" ? "postgres" : "sqlite"
    // The table as an earlier run left it: no `mrr` column yet (added by this run).
    let meta = [("dbt_scd_id", "text"), ("dbt_updated_at", "timestamp"), ("dbt_valid_from", "timestamp"), ("dbt_valid_to", "timestamp")]
    // ... and a narrower `region` (Postgres widens it, as dbt's expand_target_column_types).
    let narrower = Self.source.filter { $0.0 != "mrr" }.map { $0.0 == "region" ? ($0.0, "character varying(10)") : $0 }
    let before = Self.columns(narrower + meta)
    for name in ["ts_ignore", "ts_invalidate", "check_new_record", "check_all"] {
      let c = try #require(compiled["snapshot.p.\(name)"])
      try Self.golden("\(name).first.\(dialect)", try Self.runText(planner, c, existing: nil))
      var existing = before
      if name == "check_new_record" {
        existing = Self.columns(
          Self.source.filter { $0.0 != "mrr" }
            + [("dbt_scd_id", "text"), ("dbt_updated_at", "timestamp"), ("valid_from", "timestamp"), ("valid_to", "timestamp"), ("dbt_is_deleted", "text")])
      }
      try Self.golden("\(name).next.\(dialect)", try Self.runText(planner, c, existing: existing))
    }
  }

  @Test func snapshotNodesAreNamedAsDbtNamesThem() throws {
    let (compiled, dir) = try Self.fixture("pg")
    defer { dir.remove() }
    let c = try #require(compiled["snapshot.p.check_all"])
    // target_schema is used verbatim; fqn includes the file stem; raw_code is the block.
    #expect(c.parsed.schema == "history")
    #expect(c.parsed.node.fqn == ["p", "customers", "check_all"])
    #expect(c.parsed.node.rawCode.hasPrefix("\n{{ config(target_schema='history'"))
    #expect(c.sql.contains("select * from \"warehouse\".\"raw\".\"customers\""))
    #expect(c.parsed.dependsOn == ["source.p.raw.customers"])
    let ts = try #require(compiled["snapshot.p.ts_ignore"])
    #expect(ts.parsed.schema == "analytics")
  }

  @Test func badSnapshotConfigsAreDiagnostics() throws {
    let dir = try TempDirectory(prefix: "kiln-snapbad")
    defer { dir.remove() }
    try dir.write("dbt_project.yml", "name: p\nversion: '1'\nconfig-version: 2\nprofile: p\n")
    try dir.write(
      "profiles.yml",
      "p:\n  target: lite\n  outputs:\n    lite:\n      type: sqlite\n      threads: 1\n      database: database\n      schema: main\n      schemas_and_paths: {main: '\(dir.path)/main.db'}\n      schema_directory: '\(dir.path)'\n")
    try dir.write(
      "snapshots/bad.sql",
      "{% snapshot no_updated_at %}\n{{ config(unique_key='id', strategy='timestamp') }}\nselect 1 as id\n{% endsnapshot %}\n")
    #expect {
      _ = try Workspace.load(projectDir: dir.path, profilesDir: dir.path, environment: [:])
    } throws: { error in
      let text = "\(error)"
      return text.contains("C0401") && text.contains("must specify an updated_at") && text.contains("snapshots/bad.sql:1:")
    }
    try dir.write("snapshots/bad.sql", "")
    try dir.write("snapshots/snaps.yml", "snapshots:\n  - name: from_yaml\n    relation: my_table\n")
    #expect {
      _ = try Workspace.load(projectDir: dir.path, profilesDir: dir.path, environment: [:])
    } throws: { error in
      let text = "\(error)"
      return text.contains("P0105") && text.contains("must be a ref() or source() call") && text.contains("snapshots/snaps.yml:2:")
    }
  }
}
