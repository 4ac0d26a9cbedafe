import Foundation
import KilnAdapters
import KilnBase
import KilnCompiler
import KilnProject

extension Worker {
  /// Runs a unit test: the model's SQL over the given rows, compared with the expected rows as
  /// multisets (over the expected columns). A difference fails the test (failures = 1, as dbt
  /// counts it) with a row diff as the message.
  func executeUnitTest(_ u: UnitTestCase, start: Date, statements: () -> [String]) -> NodeResult {
    let p = u.node
    func result(_ status: NodeResult.Status, _ message: String, failures: Int?, _ d: Diagnostic? = nil) -> NodeResult {
      let end = Date()
      return NodeResult(
        id: p.id, status: status, message: message, diagnostic: d, adapterResponse: "",
        executionTime: end.timeIntervalSince(start), startedAt: start, completedAt: end,
        statements: statements(), threadID: name, failures: failures)
    }
    do {
      let conn = connection
      let q = try u.queries(dialect: conn.adapterType) { relation in
        let cols = try? conn.columns(schema: relation.schema, name: relation.identifier)
        return cols?.isEmpty == false ? cols : nil
      }
      let expected = try conn.query(q.expected, [])
      // An empty `expect` has no columns to compare: any row of the model is a difference.
      let columns = expected.columns == ["dbt_unit_test_empty"] ? [] : expected.columns
      let actual = try conn.query(UnitTestCase.actual(q.model, columns: columns, dialect: conn.adapterType), [])
      let diff = UnitTestDiff(columns: columns, actual: actual.rows, expected: expected.rows)
      var r = diff.isEmpty ? result(.pass, "", failures: 0) : result(.fail, "actual differs from expected:\n\n" + diff.text, failures: 1)
      r.compiledSQL = q.model
      return r
    } catch {
      var d: Diagnostic
      switch error {
      case let l as DiagnosticList: d = l.diagnostics.first ?? Diagnostic(code: "R0501", "\(l)")
      default: d = Worker.diagnostic(for: error, node: p)
      }
      d.notes.insert(.init("in unit test \(u.spec.name) of model \(u.model.node.name)"), at: 0)
      return result(.error, d.message, failures: nil, d)
    }
  }
}

/// How the model's rows differ from the expected ones, in the spirit of dbt's daff table:
/// a row in both whose first column matches but other cells differ is one `→` row with
/// `expected→actual` cells; the rest are `+++` (only in the output) and `---` (only expected).
struct UnitTestDiff {
  let columns: [String]
  var changed: [[String]] = []
  var added: [[String]] = []
  var removed: [[String]] = []

  init(columns: [String], actual: [[SQLValue]], expected: [[SQLValue]]) {
    self.columns = columns
    var pool: [[String]: Int] = [:]
    for r in expected { pool[r.map(Self.canonical), default: 0] += 1 }
    var onlyActual: [[SQLValue]] = []
    for r in actual {
      let key = r.map(Self.canonical)
      if let n = pool[key], n > 0 { pool[key] = n - 1 } else { onlyActual.append(r) }
    }
    var onlyExpected: [[SQLValue]] = []
    for r in expected {
      let key = r.map(Self.canonical)
      if let n = pool[key], n > 0 {
        pool[key] = n - 1
        onlyExpected.append(r)
      }
    }
    for e in onlyExpected {
      if let i = onlyActual.firstIndex(where: { !$0.isEmpty && !e.isEmpty && Self.canonical($0[0]) == Self.canonical(e[0]) }) {
        let a = onlyActual.remove(at: i)
        changed.append(
          zip(e, a).map { ev, av in
            Self.canonical(ev) == Self.canonical(av) ? Self.display(av) : Self.display(ev) + "→" + Self.display(av)
          })
      } else {
        removed.append(e.map(Self.display))
      }
    }
    added = onlyActual.map { $0.map(Self.display) }
  }

  var isEmpty: Bool { changed.isEmpty && added.isEmpty && removed.isEmpty }

  var text: String {
    let rows = [["@@"] + columns] + changed.map { ["→"] + $0 } + added.map { ["+++"] + $0 } + removed.map { ["---"] + $0 }
    var widths = Array(repeating: 0, count: columns.count + 1)
    for r in rows { for (i, c) in r.enumerated() where i < widths.count { widths[i] = max(widths[i], c.count) } }
    return rows.map { r in
      r.enumerated().map { i, c in c.padding(toLength: widths[min(i, widths.count - 1)], withPad: " ", startingAt: 0) }
        .joined(separator: " | ").trimmingCharacters(in: .whitespaces)
    }.joined(separator: "\n")
  }

  /// A cell compared by value: numbers as numbers (1 = 1.0 = '1.00'), `t`/`true` as 1.
  static func canonical(_ v: SQLValue) -> String {
    switch v {
    case .null: return "\u{0}null"
    case .integer(let i): return "n" + String(i)
    case .real(let d): return number(d)
    case .text(let s):
      if let d = Double(s) { return number(d) }
      switch s.lowercased() {
      case "t", "true": return "n1"
      case "f", "false": return "n0"
      default: return "s" + s
      }
    case .blob(let b): return "b\(b.count)"
    }
  }

  static func number(_ d: Double) -> String {
    d == d.rounded() && abs(d) < 1e15 ? "n" + String(Int64(d)) : "n" + String(d)
  }

  static func display(_ v: SQLValue) -> String {
    switch v {
    case .null: return "null"
    case .integer(let i): return String(i)
    case .real(let d): return String(d)
    case .text(let s): return s
    case .blob(let b): return "<\(b.count) bytes>"
    }
  }
}
