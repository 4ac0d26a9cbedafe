import Foundation
import KilnAdapters
import KilnBase
import KilnCompiler
import KilnProject

extension Worker {
  /// Runs a data test: the wrapper query gives `failures`, `should_warn`, `should_error`;
  /// severity `error` and should_error → fail, else should_warn → warn, else pass. A failing
  /// or warning test also fetches its first rows for the console.
  func executeTest(_ c: CompiledNode, start: Date, statements: () -> [String]) -> NodeResult {
    let p = c.parsed
    func result(_ status: NodeResult.Status, _ message: String, failures: Int?, diagnostic: Diagnostic? = nil)
      -> NodeResult
    {
      let end = Date()
      return NodeResult(
        id: p.id, status: status, message: message, diagnostic: diagnostic, adapterResponse: "",
        executionTime: end.timeIntervalSince(start), startedAt: start, completedAt: end,
        statements: statements(), threadID: name, failures: failures)
    }
    do {
      let r = try connection.query(TestQuery.wrapper(c.sql, config: p.config), [])
      guard r.rows.count == 1, r.columns.count == 3 else {
        throw Diagnostic(
          code: "R0301",
          "Bad test \(p.node.name): returned \(r.rows.count) rows and \(r.columns.count) columns, but expected 1 row and 3 columns",
          path: p.node.originalFilePath, hint: "a custom `fail_calc` must be one aggregate expression")
      }
      let row = r.rows[0]
      let failures = Worker.integer(row[0])
      let warnOnly = TestQuery.isWarnOnly(p.config)
      let status: NodeResult.Status
      let message: String
      if !warnOnly && Worker.truthy(row[2]) {
        status = .fail
        message = "Got \(Worker.results(failures)), configured to fail if \(p.config.errorIf ?? "!= 0")"
      } else if Worker.truthy(row[1]) {
        status = .warn
        message = "Got \(Worker.results(failures)), configured to warn if \(p.config.warnIf ?? "!= 0")"
      } else {
        return result(.pass, "", failures: failures)
      }
      var out = result(status, message, failures: failures)
      let recorder = connection.recorder
      connection.recorder = nil
      out.preview = try? connection.query(TestQuery.preview(c.sql, config: p.config), [])
      connection.recorder = recorder
      return out
    } catch {
      let d = Worker.diagnostic(for: error, node: p)
      return result(.error, d.message, failures: nil, diagnostic: d)
    }
  }

  /// `3 results` / `1 result`.
  static func results(_ n: Int) -> String { n == 1 ? "1 result" : "\(n) results" }

  /// A count column as an integer (NULL counts as 0).
  static func integer(_ v: SQLValue) -> Int {
    switch v {
    case .integer(let i): return Int(i)
    case .real(let d): return Int(d)
    case .text(let s): return Int(s.trimmingCharacters(in: .whitespaces)) ?? Int(Double(s) ?? 0)
    case .null, .blob: return 0
    }
  }

  /// A boolean column: non-zero numbers, `true`/`t`/`1` text.
  static func truthy(_ v: SQLValue) -> Bool {
    switch v {
    case .integer(let i): return i != 0
    case .real(let d): return d != 0
    case .text(let s): return ["true", "t", "1", "yes"].contains(s.lowercased())
    case .null, .blob: return false
    }
  }
}
