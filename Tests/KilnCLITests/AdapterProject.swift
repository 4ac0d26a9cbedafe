import Foundation
import KilnAdapters
import KilnJinja
import KilnTestSupport
import Testing

/// The adapters a behavioural test runs on: SQLite always, Postgres when the test server is on.
enum TestAdapter: String, CustomStringConvertible, Sendable {
  case sqlite, postgres
  var description: String { rawValue }
  static var all: [TestAdapter] { PostgresServer.isEnabled ? [.sqlite, .postgres] : [.sqlite] }
}

/// A throwaway project with a `dev` SQLite target and a `pg` target on the test server (each
/// project in its own schema), plus a connection for checking what a build left behind.
struct AdapterProject {
  let dir: TempDirectory
  let adapter: TestAdapter
  /// The target schema (`main` on SQLite).
  let schema: String
  let env: [String: String]
  let db: any DatabaseConnection

  init(_ adapter: TestAdapter, files: [String: String]) throws {
    self.adapter = adapter
    dir = try TempDirectory(prefix: "kiln-\(adapter)")
    try dir.write("dbt_project.yml", "name: proj\nprofile: proj\n")
    for (path, text) in files { try dir.write(path, text) }
    switch adapter {
    case .sqlite:
      schema = "main"
      env = [:]
      try dir.write(
        "profiles.yml",
        "proj:\n  target: dev\n  outputs:\n    dev:\n      type: sqlite\n      threads: 2\n      schema: main\n"
          + "      schemas_and_paths:\n        main: target/proj.db\n      schema_directory: target\n")
      try FileManager.default.createDirectory(atPath: dir.path + "/target", withIntermediateDirectories: true)
      db = try SQLiteConnection(path: dir.path + "/target/proj.db", schemaDirectory: dir.path + "/target")
    case .postgres:
      let server = try PostgresServer.shared()
      schema = "kiln_t_" + UUID().uuidString.prefix(8).lowercased()
      env = [:]
      try dir.write(
        "profiles.yml",
        "proj:\n  target: pg\n  outputs:\n    pg:\n      type: postgres\n      threads: 2\n      host: \(server.host)\n"
          + "      port: \(server.port)\n      user: \(server.user)\n      password: ''\n      dbname: \(server.dbname)\n"
          + "      schema: \(schema)\n")
      db = try PGConnection(
        PostgresTargetConfig(host: server.host, port: server.port, user: server.user, dbname: server.dbname, schema: schema))
    }
  }

  func kiln(_ args: String...) throws -> KilnBinary.Result { try KilnBinary.run(args, in: dir.path, environment: env) }

  /// `schema.name` rendered for this adapter (the target schema when `schema` is nil).
  func relation(_ name: String, schema: String? = nil) -> String {
    let s = schema ?? self.schema
    return adapter == .sqlite ? "\(s).\"\(name)\"" : PostgresDialect.render(schema: s, name: name)
  }

  /// The schema stored failures go to.
  var auditSchema: String { schema + "_dbt_test__audit" }

  func count(_ name: String, schema: String? = nil, where condition: String = "true") throws -> Int {
    if adapter == .sqlite, let s = schema, s != "main" { try db.ensureSchema(s) }
    let v = try db.query("select count(*) from \(relation(name, schema: schema)) where \(condition)").scalar
    return Int(v?.integerValue ?? -1)
  }

  func type(_ name: String, schema: String? = nil) throws -> RelationType? {
    if adapter == .sqlite, let s = schema, s != "main" { try db.ensureSchema(s) }
    return try db.relationType(schema: schema ?? self.schema, name: name)
  }

  /// `unique_id` → (status, failures, message) from target/run_results.json.
  func results() throws -> [String: (status: String, failures: Int?, message: String)] {
    let text = try String(contentsOfFile: dir.path + "/target/run_results.json", encoding: .utf8)
    var out: [String: (status: String, failures: Int?, message: String)] = [:]
    for r in Oracle.dict(try Value.fromJSON(text))["results"]?.iterationItems() ?? [] {
      let d = Oracle.dict(r)
      let failures: Int? = if case .int(let i)? = d["failures"] { i } else { nil }
      out[d["unique_id"]?.pythonStr ?? ""] = (d["status"]?.pythonStr ?? "", failures, d["message"]?.pythonStr ?? "")
    }
    return out
  }

  /// Results keyed by node name (the part after `test.proj.` / `model.proj.`, hash dropped).
  func resultsByName() throws -> [String: (status: String, failures: Int?, message: String)] {
    var out: [String: (status: String, failures: Int?, message: String)] = [:]
    for (id, r) in try results() {
      let parts = id.split(separator: ".")
      guard parts.count >= 3 else { continue }
      out[String(parts[2])] = r
    }
    return out
  }

  func remove() {
    if adapter == .postgres {
      try? db.execute("drop schema if exists \(db.quote(schema)) cascade")
      try? db.execute("drop schema if exists \(db.quote(auditSchema)) cascade")
    }
    dir.remove()
  }
}
