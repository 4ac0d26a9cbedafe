import Foundation
import KilnAdapters
import KilnBase
import KilnCompiler
import KilnProject

extension Worker {
  /// Write-audit-publish (Kiln's default in `build`) and quarantine: one transaction builds the
  /// staged relation, moves the rows that break the model's row-level tests to
  /// `<model>__quarantine`, runs the model's audit tests on what is left, and publishes only
  /// when every audit passed. When one fails, the staged relation is dropped and the
  /// transaction commits only the stored failures and quarantined rows: the published relation
  /// is exactly as it was.
  func executeStaged(_ job: CompiledNode, start: Date, statements: () -> [String]) -> NodeResult {
    var c = job
    var rerendered: CompiledNode?
    let p = c.parsed
    let auditIDs = settings.audits[p.id] ?? []
    var inner: [NodeResult] = []
    func finish(_ status: NodeResult.Status, _ message: String, _ diagnostic: Diagnostic?) -> NodeResult {
      let end = Date()
      let ran = Set(inner.map(\.id))
      inner += auditIDs.filter { !ran.contains($0) }.map { NodeResult.skipped($0, because: p.id) }
      var r = NodeResult(
        id: p.id, status: status, message: message, diagnostic: diagnostic,
        adapterResponse: status == .success ? "OK" : "", executionTime: end.timeIntervalSince(start),
        startedAt: start, completedAt: end, statements: statements(), threadID: name, failures: nil)
      r.innerResults = inner
      return r
    }
    do {
      // As in `execute`: a model that queries the warehouse renders again here, and the plan
      // sees the incremental and schema-change state of the existing relation.
      if c.rendersAtRunTime {
        rerendered = try render(c)
        c = rerendered ?? c
      }
      try connection.ensureSchema(p.schema)
      let before = try existing(p.schema, p.alias)
      let (node, state) = try configState(c, try incrementalState(c, before))
      let plan = try planner.plan(model: node, existing: state, fullRefresh: fullRefresh)
      guard let stages = plan.stages(for: p, adapter: connection.adapterType) else {
        throw Diagnostic(
          code: "R0411",
          "quarantine needs a table or incremental model, and \(p.node.name) is materialized as \(p.materialized)",
          path: p.node.originalFilePath,
          hint: "set materialized='table' on \(p.node.name), or remove `meta: {kiln: {quarantine: true}}`")
      }
      guard let compile = settings.compileAgainst else {
        throw Diagnostic(code: "R0412", "no compiler for the audit tests of \(p.node.name)", path: p.node.originalFilePath)
      }
      // Compile first: a test that does not render fails the model before anything is built.
      let audits = try auditIDs.map { try compile($0, p.id, stages.staged) }
      let checks = try (settings.quarantines[p.id] ?? []).map { try compile($0, p.id, stages.staged) }
      // SQLite attaches schemas outside transactions only.
      for a in audits where a.parsed.config.storesFailures(flag: settings.storeFailures) {
        try connection.ensureSchema(a.parsed.schema)
      }
      var quarantined: [(test: String, rows: Int)] = []
      var failed: [String] = []
      try PlanExecutor.inTransaction(plan, on: connection) {
        try PlanExecutor.run(stages.stage, of: plan, on: connection)
        if !checks.isEmpty { quarantined = try quarantine(checks, model: p, staged: stages.staged) }
        for a in audits {
          let testStart = Date()
          let mark = statements().count
          let r: NodeResult
          do {
            let o = try connection.transaction { try evaluateTest(a) }
            r = testResult(a.parsed, o, start: testStart, statements: Array(statements().dropFirst(mark)))
          } catch {
            r = failedTest(
              a.parsed, Worker.diagnostic(for: error, node: a.parsed), start: testStart,
              statements: Array(statements().dropFirst(mark)))
          }
          inner.append(r)
          if r.isFailure { failed.append(a.parsed.node.name) }
        }
        if failed.isEmpty {
          try PlanExecutor.run(stages.publish, of: plan, on: connection)
        } else {
          for sql in stages.discard { try connection.execute(sql) }
        }
      }
      let target = p.relation(policy: .of(connection.adapterType)).renderedText
      if !failed.isEmpty {
        let kept =
          before == nil
          ? "nothing was published (\(target) did not exist before)"
          : "the previously published \(target) stays live and unchanged"
        let d = Diagnostic(
          code: "R0410",
          "not published: \(failed.count == 1 ? "audit test" : "audit tests") \(failed.joined(separator: ", ")) failed on the staged build; \(kept)",
          path: p.node.originalFilePath,
          hint: "fix the data or the model and build again (`--no-audit-before-publish` publishes first and tests after, as dbt does)")
        return finish(.error, d.message, d)
      }
      var message = "OK"
      if !quarantined.isEmpty {
        let total = quarantined.reduce(0) { $0 + $1.rows }
        let each = quarantined.map { "\($0.test): \($0.rows)" }.joined(separator: ", ")
        message = "OK, quarantined \(total) \(total == 1 ? "row" : "rows") (\(each))"
      }
      var r = finish(.success, message, nil)
      r.compiled = rerendered
      r.quarantined = quarantined.map { QuarantineCount(test: $0.test, rows: $0.rows) }
      return r
    } catch {
      let d = Worker.diagnostic(for: error, node: p)
      return finish(.error, d.message, d)
    }
  }
}
