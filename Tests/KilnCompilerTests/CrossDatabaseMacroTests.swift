import Foundation
import KilnCompiler
import KilnTestSupport
import Testing

/// dbt's cross-database macros compile to exactly what dbt compiles (`Fixtures/crossdb`,
/// written by dbt-core 1.10 with dbt-postgres and dbt-sqlite).
struct CrossDatabaseMacroTests {
  static let fixtures = ExampleProject.repositoryRoot + "/Tests/KilnCompilerTests/Fixtures/crossdb"

  static func compile(_ model: String, adapter: String) throws -> String {
    let dir = try TempDirectory(prefix: "kiln-crossdb")
    defer { dir.remove() }
    try dir.write("dbt_project.yml", "name: x\nversion: '1.0'\nconfig-version: 2\nprofile: x\n")
    let target =
      adapter == "postgres"
      ? "type: postgres\n      host: 127.0.0.1\n      port: 5432\n      user: kiln\n      password: ''\n      dbname: dbt\n      schema: public"
      : "type: sqlite\n      schema: main\n      schemas_and_paths:\n        main: db/main.db\n      schema_directory: db"
    try dir.write("profiles.yml", "x:\n  target: t\n  outputs:\n    t:\n      \(target)\n      threads: 1\n")
    try dir.write("models/\(model).sql", try String(contentsOfFile: "\(fixtures)/\(model).sql", encoding: .utf8))
    let w = try Workspace.load(projectDir: dir.path, profilesDir: dir.path, environment: [:])
    let compiled = try Compiler(parsed: w.parsed, lookup: nil).compileAll()
    return try #require(compiled["model.x.\(model)"]).sql
  }

  static func expected(_ name: String) throws -> String {
    try String(contentsOfFile: "\(fixtures)/\(name)", encoding: .utf8)
  }

  @Test func postgresMatchesDbtPostgres() throws {
    #expect(try Self.compile("all_macros", adapter: "postgres") == Self.expected("all_macros.postgres.expected.sql"))
    #expect(try Self.compile("sqlite_portable", adapter: "postgres") == Self.expected("sqlite_portable.postgres.expected.sql"))
  }

  @Test func sqliteMatchesDbtSqlite() throws {
    #expect(try Self.compile("sqlite_portable", adapter: "sqlite") == Self.expected("sqlite_portable.sqlite.expected.sql"))
  }

  /// A project's `default__` or `<adapter>__` macro wins over the built-in one.
  @Test func projectMacrosOverrideTheBuiltIns() throws {
    let dir = try TempDirectory(prefix: "kiln-crossdb")
    defer { dir.remove() }
    try dir.write("dbt_project.yml", "name: x\nversion: '1.0'\nconfig-version: 2\nprofile: x\n")
    try dir.write("profiles.yml", "x:\n  target: t\n  outputs:\n    t:\n      type: sqlite\n      schema: main\n      path: db/main.db\n")
    try dir.write("macros/m.sql", "{% macro sqlite__concat(fields) %}concat_ws('', {{ fields | join(', ') }}){% endmacro %}")
    try dir.write("models/m.sql", "select {{ dbt.concat(['a', 'b']) }}, {{ concat(['c']) }}")
    let w = try Workspace.load(projectDir: dir.path, profilesDir: dir.path, environment: [:])
    let compiled = try Compiler(parsed: w.parsed, lookup: nil).compileAll()
    #expect(compiled["model.x.m"]?.sql == "select concat_ws('', a, b), concat_ws('', c)")
  }
}
