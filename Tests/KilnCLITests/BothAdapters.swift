import Foundation
import KilnAdapters
import KilnTestSupport

/// A throwaway project with a `dev` SQLite target and, when the test server runs, a `pg`
/// target in its own schema; the same behavioural test runs on each.
struct BothAdaptersProject {
  enum Kind: String, CaseIterable, CustomStringConvertible {
    case sqlite, postgres
    var description: String { rawValue }
    /// The adapters these tests run on: SQLite always, Postgres unless skipped.
    static var available: [Kind] { PostgresServer.isEnabled ? [.sqlite, .postgres] : [.sqlite] }
  }

  let kind: Kind
  let dir: TempDirectory
  let schema: String
  let environment: [String: String]

  init(_ kind: Kind, models: [String: String], extraFiles: [String: String] = [:], projectExtra: String = "") throws {
    self.kind = kind
    dir = try TempDirectory(prefix: "kiln-\(kind)")
    var env: [String: String] = [:]
    if kind == .postgres {
      let server = try PostgresServer.shared()
      schema = "kiln_b_" + UUID().uuidString.prefix(8).lowercased()
      env = [
        "KILN_PG_HOST": server.host, "KILN_PG_PORT": String(server.port), "KILN_PG_USER": server.user,
        "KILN_PG_DBNAME": server.dbname, "KILN_PG_SCHEMA": schema,
      ]
    } else {
      schema = "main"
    }
    environment = env
    try dir.write("dbt_project.yml", "name: b\nversion: '1'\nconfig-version: 2\nprofile: b\n" + projectExtra)
    try dir.write(
      "profiles.yml",
      """
      b:
        target: \(kind == .sqlite ? "dev" : "pg")
        outputs:
          dev:
            type: sqlite
            threads: 1
            database: database
            schema: main
            schemas_and_paths:
              main: db/main.db
            schema_directory: db
          pg:
            type: postgres
            threads: 2
            host: "{{ env_var('KILN_PG_HOST') }}"
            port: "{{ env_var('KILN_PG_PORT') | as_number }}"
            user: "{{ env_var('KILN_PG_USER') }}"
            password: ''
            dbname: "{{ env_var('KILN_PG_DBNAME') }}"
            schema: "{{ env_var('KILN_PG_SCHEMA') }}"

      """)
    for (name, sql) in models { try dir.write("models/\(name).sql", sql) }
    for (path, text) in extraFiles { try dir.write(path, text) }
  }

  /// Runs the built `kiln` binary in the project.
  func kiln(_ args: [String]) throws -> KilnBinary.Result {
    try KilnBinary.run(args, in: dir.path, environment: environment)
  }

  /// A fresh connection to the project's database.
  func connect() throws -> any DatabaseConnection {
    switch kind {
    case .sqlite: return try SQLiteConnection(path: dir.path + "/db/main.db")
    case .postgres:
      let s = try PostgresServer.shared()
      return try PGConnection(PostgresTargetConfig(host: s.host, port: s.port, user: s.user, dbname: s.dbname, schema: schema))
    }
  }

  /// `schema.name`, quoted for the adapter.
  func relation(_ name: String) -> String {
    kind == .sqlite ? "main.\(SQLiteDialect.quote(name))" : PostgresDialect.render(schema: schema, name: name)
  }

  /// The rows of `select <columns> from <name> order by <order>`, each cell as text (`NULL` for null).
  func rows(_ name: String, _ columns: String = "*", order: String = "1") throws -> [[String]] {
    let db = try connect()
    return try db.query("select \(columns) from \(relation(name)) order by \(order)").rows.map { row in
      row.map { v in
        switch v {
        case .null: "NULL"
        case .integer(let i): String(i)
        case .real(let d): String(d)
        case .text(let s): s
        case .blob: "<blob>"
        }
      }
    }
  }

  /// Column names of `name` in table order.
  func columns(_ name: String) throws -> [String] {
    try connect().columns(schema: schema, name: name).map(\.name)
  }

  /// Drops the Postgres schema and the folder.
  func remove() {
    if kind == .postgres, let db = try? connect() {
      try? db.execute("drop schema if exists \(PostgresDialect.quote(schema)) cascade")
    }
    dir.remove()
  }
}
