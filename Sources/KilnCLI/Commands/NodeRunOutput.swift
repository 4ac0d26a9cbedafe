import Foundation
import KilnAdapters
import KilnCompiler
import KilnRunner
import OrderedCollections

/// dbt-style console lines of a run: progress, and the end-of-run summary.
extension NodeRun {
  static func describe(_ job: Job) -> String {
    let p = job.parsed
    switch job {
    case .seed: return "seed file \(p.schema).\(p.alias)"
    case .model: return "sql \(p.materialized) model \(p.schema).\(p.alias)"
    case .test: return "test \(p.node.name)"
    case .unitTest(let u): return "unit_test \(u.model.node.name)::\(u.spec.name)"
    case .snapshot: return "snapshot \(p.schema).\(p.alias)"
    }
  }

  static func printResult(_ t: Terminal, _ i: Int, _ n: Int, _ job: Job, _ r: NodeResult) {
    let p = job.parsed
    if case .test = job {
      printTestResult(t, i, n, p.node.name, r)
      return
    }
    if case .unitTest(let u) = job {
      printTestResult(t, i, n, "\(u.model.node.name)::\(u.spec.name)", r)
      return
    }
    switch r.status {
    case .success:
      if case .seed = job {
        t.progress(i, n, t.green("OK") + " loaded seed file \(p.schema).\(p.alias)", status: t.green(r.adapterResponse), time: r.executionTime)
      } else if case .snapshot = job {
        t.progress(i, n, t.green("OK") + " snapshotted \(p.schema).\(p.alias)", status: t.green(r.adapterResponse), time: r.executionTime)
      } else {
        t.progress(i, n, t.green("OK") + " created " + describe(job), status: t.green("OK"), time: r.executionTime)
      }
      if !r.quarantined.isEmpty {
        let total = r.quarantined.reduce(0) { $0 + $1.rows }
        t.line("  quarantined \(total) \(total == 1 ? "row" : "rows") into \(p.schema).\(p.alias)__quarantine: "
          + r.quarantined.map { "\($0.test) \($0.rows)" }.joined(separator: ", "))
      }
    case .skipped:
      t.progress(i, n, t.yellow("SKIP") + " relation \(p.schema).\(p.alias)", status: t.yellow("SKIP"))
    default:
      let what = job.parsed.node.resourceType == .seed ? "loading " : job.parsed.node.resourceType == .snapshot ? "" : "creating "
      t.progress(i, n, t.red("ERROR") + " " + what + describe(job), status: t.red("ERROR"), time: r.executionTime)
    }
  }

  /// `PASS name`, `FAIL 3 name`, `WARN 1 name`, `SKIP test name`, `ERROR name`.
  static func printTestResult(_ t: Terminal, _ i: Int, _ n: Int, _ name: String, _ r: NodeResult) {
    let count = r.failures.map { " \($0)" } ?? ""
    switch r.status {
    case .pass: t.progress(i, n, t.green("PASS") + " " + name, status: t.green("PASS"), time: r.executionTime)
    case .fail: t.progress(i, n, t.red("FAIL\(count)") + " " + name, status: t.red("FAIL\(count)"), time: r.executionTime)
    case .warn: t.progress(i, n, t.yellow("WARN\(count)") + " " + name, status: t.yellow("WARN\(count)"), time: r.executionTime)
    case .skipped: t.progress(i, n, t.yellow("SKIP") + " test " + name, status: t.yellow("SKIP"))
    default: t.progress(i, n, t.red("ERROR") + " " + name, status: t.red("ERROR"), time: r.executionTime)
    }
  }

  static func summarize(_ t: Terminal, _ inv: Invocation, _ results: [NodeResult], jobs: [String: Job], elapsed: Double, hooks: Int = 0) {
    var kinds: OrderedDictionary<String, Int> = [:]
    for job in jobs.values.sorted(by: { $0.id < $1.id }) {
      let key: String
      switch job {
      case .seed: key = "seed"
      case .model(let c): key = "\(c.parsed.materialized) model"
      case .test: key = "data test"
      case .unitTest: key = "unit test"
      case .snapshot: key = "snapshot"
      }
      kinds[key, default: 0] += 1
    }
    var parts = kinds.sorted { $0.key < $1.key }.map { "\($0.value) \($0.key)\($0.value == 1 ? "" : "s")" }
    if hooks > 0 { parts.insert("\(hooks) project hook\(hooks == 1 ? "" : "s")", at: 0) }
    let secs = String(format: "%.2f", elapsed)
    t.line("")
    t.line("Finished running \(parts.joined(separator: ", ")) in 0 hours \(Int(elapsed) / 60) minutes and \(secs) seconds (\(secs)s).")
    let failures = results.filter(\.isFailure)
    let warnings = results.filter { $0.status == .warn }
    func plural(_ n: Int, _ word: String) -> String { "\(n) \(word)\(n == 1 ? "" : "s")" }
    t.line("")
    if !failures.isEmpty {
      t.line(t.red("Completed with \(plural(failures.count, "error")), 0 partial successes, and \(plural(warnings.count, "warning")):"))
    } else if !warnings.isEmpty {
      t.line(t.yellow("Completed with \(plural(warnings.count, "warning")):"))
    } else {
      t.line(t.green("Completed successfully"))
    }
    for f in failures + warnings {
      t.line("")
      if case .unitTest(let u)? = jobs[f.id] {
        t.line("\(t.red("Failure in")) unit_test \(u.spec.name) (\(u.spec.originalFilePath))")
        if let d = f.diagnostic { t.diagnostic(d) } else { f.message.split(separator: "\n", omittingEmptySubsequences: false).forEach { t.line($0.isEmpty ? "" : "  " + $0) } }
        continue
      }
      guard let p = inv.parsed.nodes[f.id] else {
        if f.id.hasPrefix("operation.") {
          t.line(t.red("Failure in operation") + " \(f.id.split(separator: ".").last ?? "") (dbt_project.yml)")
          if let d = f.diagnostic { t.diagnostic(d) }
        }
        continue
      }
      let kind = f.status == .warn ? t.yellow("Warning in") : t.red("Failure in")
      t.line("\(kind) \(p.node.resourceType.rawValue) \(p.node.name) (\(p.node.originalFilePath))")
      if let d = f.diagnostic {
        t.diagnostic(d)
      } else if f.status == .fail || f.status == .warn {
        t.line("  " + f.message)
        if let preview = f.preview { previewLines(preview, failures: f.failures).forEach { t.line($0) } }
        t.line("")
        t.line("  compiled code at \(inv.project.config.targetPath)/compiled/\(inv.project.name)/\(p.targetWritePath)")
      }
    }
    let pass = results.filter { $0.status == .success || $0.status == .pass }.count
    let skip = results.filter { $0.status == .skipped }.count
    t.line("")
    t.line("Done. PASS=\(pass) WARN=\(warnings.count) ERROR=\(failures.count) SKIP=\(skip) NO-OP=0 TOTAL=\(results.count)")
  }

  /// The first failing rows as a small table (Kiln's addition; dbt prints only the count).
  static func previewLines(_ r: QueryResult, failures: Int?) -> [String] {
    guard !r.rows.isEmpty else { return [] }
    let cells = r.rows.map { $0.map(cellText) }
    var widths = r.columns.map(\.count)
    for row in cells {
      for (i, c) in row.enumerated() where i < widths.count { widths[i] = max(widths[i], c.count) }
    }
    func line(_ values: [String]) -> String {
      "  | " + zip(values, widths).map { $0.0.padding(toLength: $0.1, withPad: " ", startingAt: 0) }.joined(separator: " | ") + " |"
    }
    let shown = r.rows.count < (failures ?? 0) ? "first \(r.rows.count) failing rows" : "failing rows"
    return ["", "  \(shown):", line(r.columns)] + cells.map(line)
  }

  static func cellText(_ v: SQLValue) -> String {
    switch v {
    case .null: return "NULL"
    case .integer(let i): return String(i)
    case .real(let d): return String(d)
    case .text(let s): return s
    case .blob(let b): return "<\(b.count) bytes>"
    }
  }
}
