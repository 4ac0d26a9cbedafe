import Foundation
import KilnAdapters
import KilnBase
import KilnCompiler
import KilnProject

extension Worker {
  /// Runs a snapshot in one transaction: stage the query, refuse a duplicated or NULL
  /// `unique_key`, plan against the staged and existing columns, run, and refuse to commit
  /// two current rows for one key. Any failure rolls everything back, so the table is left
  /// exactly as it was.
  func executeSnapshot(_ c: CompiledNode, start: Date, statements: () -> [String]) -> NodeResult {
    let p = c.parsed
    func result(_ status: NodeResult.Status, _ message: String, diagnostic: Diagnostic? = nil) -> NodeResult {
      let end = Date()
      return NodeResult(
        id: p.id, status: status, message: message, diagnostic: diagnostic,
        adapterResponse: status == .success ? message : "", executionTime: end.timeIntervalSince(start),
        startedAt: start, completedAt: end, statements: statements(), threadID: name, failures: nil)
    }
    do {
      let spec = try SnapshotSpec.resolve(p.config, node: p.node)
      let planner = SnapshotPlanner(adapter: connection.adapterType)
      // SQLite attaches schemas, which it cannot do inside a transaction.
      try connection.ensureSchema(p.schema)
      let status = try connection.transaction { () throws -> String in
        for hook in c.preHooks { try connection.execute(hook) }
        let time = try connection.query(planner.dialect.timeQuery).scalar?.textValue ?? ""
        guard case .sql(_, let stage) = planner.stageSource(c) else { return "" }
        try connection.execute(stage)
        let source = planner.dialect.temp(planner.sourceTable(p))
        let bad = try connection.query(planner.keyViolations(p, spec))
        if !bad.rows.isEmpty { throw Self.keyDiagnostic(bad, spec: spec, node: p, current: false) }
        let probe = try connection.query("select * from \(source) limit 0")
        let columns = probe.columns.enumerated().map { i, name in
          DatabaseColumn(name: name, type: probe.declaredTypes[i] ?? "", position: i + 1)
        }
        let type = try connection.relationType(schema: p.schema, name: p.alias)
        if type == .view {
          throw Diagnostic(
            code: "R0403", "cannot snapshot into \(planner.dialect.relation(p, p.alias)): it is a view",
            path: p.node.originalFilePath, hint: "drop the view, or give the snapshot another alias")
        }
        let existing = type == nil ? nil : try connection.columns(schema: p.schema, name: p.alias)
        let plan = try planner.plan(
          c, spec: spec, source: columns, existing: existing, time: planner.dialect.timeLiteral(time))
        var rows = 0
        if existing == nil {
          rows = Int(Self.integer(try connection.query("select count(*) from \(source)").scalar ?? .null))
        }
        for (i, step) in plan.steps.enumerated() {
          guard case .sql(_, let sql) = step else { continue }
          if i == plan.resultStep, existing != nil {
            rows = try connection.run(sql, [])
          } else {
            try connection.execute(sql)
          }
        }
        let twice = try connection.query(planner.currentDuplicates(p, spec))
        if !twice.rows.isEmpty { throw Self.keyDiagnostic(twice, spec: spec, node: p, current: true) }
        for hook in c.postHooks { try connection.execute(hook) }
        return existing == nil ? "SELECT \(rows)" : "INSERT \(rows)"
      }
      return result(.success, status)
    } catch {
      let d = Worker.diagnostic(for: error, node: p)
      return result(.error, d.message, diagnostic: d)
    }
  }

  /// The guard's error: the offending keys (at most 10) and how to fix the query.
  static func keyDiagnostic(_ r: QueryResult, spec: SnapshotSpec, node p: ParsedNode, current: Bool)
    -> Diagnostic
  {
    let keyText = spec.uniqueKey.count == 1 ? "`\(spec.uniqueKey[0])`" : "(\(spec.uniqueKey.joined(separator: ", ")))"
    let shown = r.rows.prefix(10).map { row -> String in
      let values = row.dropLast().map(literal)
      let key = values.count == 1 ? values[0] : "(\(values.joined(separator: ", ")))"
      let n = Self.integer(row.last ?? .null)
      return "\(key) (\(n) row\(n == 1 ? "" : "s"))"
    }
    let more = r.rows.count > 10 ? ", and more" : ""
    if current {
      return Diagnostic(
        code: "R0402",
        "snapshot \(p.node.name) would leave two current rows for one unique_key \(keyText): \(shown.joined(separator: ", "))\(more)",
        path: p.node.originalFilePath,
        notes: [.init("nothing was changed: the run was rolled back")],
        hint: "the snapshot table already holds several current rows for these keys; close all but one (set \(spec.columns.validTo)) and run again")
    }
    return Diagnostic(
      code: "R0401",
      "snapshot \(p.node.name): unique_key \(keyText) is not unique or is null in the snapshot query: \(shown.joined(separator: ", "))\(more)",
      path: p.node.originalFilePath,
      notes: [.init("nothing was changed: a snapshot merge on such a key would corrupt the history")],
      hint: "make the query return one row per key (deduplicate it, or filter NULL keys out), or choose a unique_key that identifies a row")
  }

  static func literal(_ v: SQLValue) -> String {
    switch v {
    case .null: return "NULL"
    case .integer(let i): return String(i)
    case .real(let d): return String(d)
    case .text(let s): return "'\(s)'"
    case .blob(let b): return "<\(b.count) bytes>"
    }
  }
}
