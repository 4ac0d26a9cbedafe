import Foundation
import KilnAdapters
import KilnBase
import KilnCompiler
import KilnJinja
import KilnProject
import KilnRunner

/// `on-run-start` and `on-run-end` from `dbt_project.yml`, run as dbt runs them: one
/// operation per hook (`operation.<project>.<project>-on-run-start-0`), each rendered with
/// `execute` true and run on the invocation's connection, with dbt's progress lines. A failing
/// `on-run-start` hook skips the rest of the start hooks and every node; `on-run-end` still runs.
enum ProjectHooks {
  /// Runs the hooks of `kind`; returns their results (in order) and whether all succeeded.
  static func run(
    _ kind: String, _ hooks: [String], compiler: Compiler, terminal t: Terminal, extra: [String: Value] = [:]
  ) -> [NodeResult] {
    guard !hooks.isEmpty else { return [] }
    var results: [NodeResult] = []
    var failed = false
    for (i, sql) in hooks.enumerated() {
      let node = compiler.hookNode(kind: kind, index: i, sql: sql)
      let label = "hook: \(node.packageName).\(kind).\(i)"
      if failed {
        results.append(.skipped(node.uniqueID, because: "an earlier \(kind) hook"))
        continue
      }
      t.progress(i + 1, hooks.count, "START " + label, status: "RUN")
      let start = Date()
      var statements: [String] = []
      do {
        let rendered = try compiler.renderHook(node, extra: extra)
        statements = [rendered]
        try compiler.runHook(rendered)
        let end = Date()
        t.progress(i + 1, hooks.count, t.green("OK") + " " + label, status: t.green("OK"), time: end.timeIntervalSince(start))
        results.append(.operation(node.uniqueID, error: nil, statements: statements, startedAt: start, completedAt: end))
      } catch {
        let end = Date()
        var d: Diagnostic
        switch error {
        case let e as Diagnostic: d = e
        case let e as JinjaError: d = e.diagnostic
        case let a as AdapterError: d = a.diagnostic(path: "dbt_project.yml")
        default: d = Diagnostic(code: "R0211", "\(error)", path: "dbt_project.yml")
        }
        d.notes.insert(.init("in \(kind) hook \(i + 1) of dbt_project.yml"), at: 0)
        if let rendered = statements.first { d.notes.append(.init("rendered hook:\n\(rendered)")) }
        t.progress(i + 1, hooks.count, t.red("ERROR") + " " + label, status: t.red("ERROR"), time: end.timeIntervalSince(start))
        t.diagnostic(d)
        failed = true
        results.append(.operation(node.uniqueID, error: d, statements: statements, startedAt: start, completedAt: end))
      }
    }
    if kind == "on-run-start" { t.line("") }
    return results
  }

  /// `results`, `schemas` and `database_schemas` for `on-run-end` (dbt's run-end context).
  static func endContext(_ results: [NodeResult], parsed: ParsedProject) -> [String: Value] {
    var schemas: [String] = []
    var pairs: [Value] = []
    var items: [Value] = []
    for r in results {
      guard let p = parsed.nodes[r.id] else { continue }
      if !schemas.contains(p.schema) {
        schemas.append(p.schema)
        pairs.append(.tuple([p.database.map { .string($0) } ?? .none, .string(p.schema)]))
      }
      let node: Value = .dict([
        ("unique_id", .string(p.id)), ("name", .string(p.node.name)),
        ("resource_type", .string(p.node.resourceType.rawValue)), ("package_name", .string(p.node.packageName)),
        ("database", p.database.map { .string($0) } ?? .none), ("schema", .string(p.schema)), ("alias", .string(p.alias)),
        ("original_file_path", .string(p.node.originalFilePath)),
        ("config", .dict([("materialized", .string(p.materialized))])),
      ])
      items.append(
        .dict([
          ("status", .string(r.status.rawValue)), ("node", node), ("message", .string(r.message)),
          ("execution_time", .float(r.executionTime)), ("thread_id", .string(r.threadID)),
          ("failures", r.failures.map { .int($0) } ?? .none),
          ("adapter_response", .dict([("_message", .string(r.adapterResponse))])),
        ]))
    }
    return [
      "results": .list(items), "schemas": .list(schemas.map { .string($0) }), "database_schemas": .list(pairs),
    ]
  }
}
