import Foundation
import KilnCompiler
import KilnProject
import KilnTestSupport
import Testing

/// Golden tests: each `Fixtures/projects/<case>` is compiled by Kiln and compared with what
/// dbt-core 1.10 + dbt-sqlite produced for it (`expected/`, written by Scripts/dbt-oracle.py).
enum GoldenProjects {
  static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
    .appendingPathComponent("Fixtures/projects").path

  static let cases = [
    "config_precedence", "custom_schemas", "ephemeral_inlining", "generate_schema_name_override",
    "macros_and_dispatch", "vars", "context_functions",
  ]

  /// Compiles a case and returns (compiled SQL by original path, relation lines).
  static func compile(_ name: String, vars: String? = nil) throws -> ([String: String], [String]) {
    let tmp = try TempDirectory(prefix: "kiln-golden")
    defer { tmp.remove() }
    var env = ProcessInfo.processInfo.environment
    env["KILN_FIXTURE_DB_DIR"] = tmp.path
    let dir = root + "/" + name
    let w = try Workspace.load(projectDir: dir, profilesDir: dir, vars: vars, environment: env)
    let compiler = Compiler(parsed: w.parsed, lookup: nil)
    let compiled = try compiler.compileAll()
    var sql: [String: String] = [:]
    var relations: [String] = []
    for (id, c) in compiled where c.parsed.node.resourceType == .model {
      sql[c.parsed.node.originalFilePath] = c.sql
      let p = c.parsed
      relations.append("\(id) \(p.database ?? "").\(p.schema).\(p.alias) \(p.materialized)")
    }
    return (sql, relations.sorted())
  }

  static func expected(_ name: String, sub: String = "") throws -> ([String: String], [String]) {
    let base = root + "/" + name + "/expected/" + sub
    var sql: [String: String] = [:]
    let compiledDir = base + "compiled"
    let files = FileManager.default.enumerator(atPath: compiledDir)?.compactMap { $0 as? String } ?? []
    for f in files where f.hasSuffix(".sql") {
      sql[f] = try String(contentsOfFile: compiledDir + "/" + f, encoding: .utf8)
    }
    let rel = try String(contentsOfFile: base + "relations.txt", encoding: .utf8)
      .split(separator: "\n").map(String.init).filter { !$0.isEmpty }.sorted()
    return (sql, rel)
  }
}

@Test(arguments: GoldenProjects.cases)
func compiledSQLMatchesDbt(_ name: String) throws {
  let (sql, relations) = try GoldenProjects.compile(name)
  let (want, wantRelations) = try GoldenProjects.expected(name)
  #expect(!want.isEmpty)
  for (path, text) in want {
    #expect(sql[path] == text, "\(name): \(path) differs from dbt's compiled SQL")
  }
  #expect(relations == wantRelations)
}

@Test func cliVarsOverrideProjectVars() throws {
  let vars = "{start_date: \"2025-06-01\", row_limit: 3, alias_name: var_kinds_cli, scoped_var: from the command line}"
  let (sql, relations) = try GoldenProjects.compile("vars", vars: vars)
  let (want, wantRelations) = try GoldenProjects.expected("vars", sub: "with-cli-vars/")
  for (path, text) in want { #expect(sql[path] == text, "vars --vars: \(path) differs") }
  #expect(relations == wantRelations)
}
