import Foundation
import KilnAdapters
import KilnBase
import KilnCompiler
import KilnProject

/// What a data test's queries found, before it becomes a `NodeResult`.
struct TestOutcome {
  var status: NodeResult.Status
  var message: String
  var failures: Int
  var preview: QueryResult?
  /// The relation the failing rows were stored in (`store_failures`).
  var storedIn: String?
}

extension Worker {
  /// Runs a data test: the wrapper query gives `failures`, `should_warn`, `should_error`;
  /// severity `error` and should_error → fail, else should_warn → warn (fail under
  /// `--warn-error`), else pass. A failing or warning test also fetches its first rows for the
  /// console.
  func executeTest(_ c: CompiledNode, start: Date, statements: () -> [String]) -> NodeResult {
    let p = c.parsed
    do {
      let outcome = try evaluateTest(c)
      return testResult(p, outcome, start: start, statements: statements())
    } catch {
      let d = Worker.diagnostic(for: error, node: p)
      return failedTest(p, d, start: start, statements: statements())
    }
  }

  func testResult(_ p: ParsedNode, _ o: TestOutcome, start: Date, statements: [String]) -> NodeResult {
    let end = Date()
    var r = NodeResult(
      id: p.id, status: o.status, message: o.message, diagnostic: nil, adapterResponse: "",
      executionTime: end.timeIntervalSince(start), startedAt: start, completedAt: end,
      statements: statements, threadID: name, failures: o.failures)
    r.preview = o.preview
    r.relationName = o.storedIn
    return r
  }

  func failedTest(_ p: ParsedNode, _ d: Diagnostic, start: Date, statements: [String]) -> NodeResult {
    let end = Date()
    return NodeResult(
      id: p.id, status: .error, message: d.message, diagnostic: d, adapterResponse: "",
      executionTime: end.timeIntervalSince(start), startedAt: start, completedAt: end,
      statements: statements, threadID: name, failures: nil)
  }

  /// The test's queries; throws when one of them fails (the test then ends in `error`).
  /// Stored failures are created in their own transaction (a savepoint when one is open).
  func evaluateTest(_ c: CompiledNode) throws -> TestOutcome {
    let p = c.parsed
    var main = c.sql
    var storedIn: String?
    if p.config.storesFailures(flag: settings.storeFailures) {
      try connection.ensureSchema(p.schema)
      let relation = try storeFailures(c)
      storedIn = relation
      main = "\n        select *\n        from \(relation)\n    "
    }
    var config = p.config
    if storedIn != nil { config.limit = nil }  // the stored relation already has the limit
    let r = try connection.query(TestQuery.wrapper(main, config: config), [])
    guard r.rows.count == 1, r.columns.count == 3 else {
      throw Diagnostic(
        code: "R0301",
        "Bad test \(p.node.name): returned \(r.rows.count) rows and \(r.columns.count) columns, but expected 1 row and 3 columns",
        path: p.node.originalFilePath, hint: "a custom `fail_calc` must be one aggregate expression")
    }
    let row = r.rows[0]
    let failures = Worker.integer(row[0])
    let warnOnly = TestQuery.isWarnOnly(p.config)
    var outcome = TestOutcome(status: .pass, message: "", failures: 0, preview: nil, storedIn: storedIn)
    if !warnOnly && Worker.truthy(row[2]) {
      outcome.status = .fail
      outcome.message = "Got \(Worker.results(failures)), configured to fail if \(p.config.errorIf ?? "!= 0")"
    } else if Worker.truthy(row[1]) {
      // dbt: `--warn-error` turns the warning into a failure, still quoting `warn_if`.
      outcome.status = settings.warnError ? .fail : .warn
      let verb = settings.warnError ? "fail" : "warn"
      outcome.message = "Got \(Worker.results(failures)), configured to \(verb) if \(p.config.warnIf ?? "!= 0")"
    } else {
      return outcome  // dbt records 0 failures for a passing test
    }
    outcome.failures = failures
    let recorder = connection.recorder
    connection.recorder = nil
    // On Postgres a failed statement aborts an enclosing (audit) transaction, so the preview runs
    // in a savepoint there; on SQLite a read needs no transaction (and would take a write lock).
    let preview = TestQuery.preview(main, config: config)
    outcome.preview =
      connection.adapterType == .postgres
      ? try? connection.transaction { try connection.query(preview, []) } : try? connection.query(preview, [])
    connection.recorder = recorder
    return outcome
  }

  /// dbt's test materialization with `store_failures`: drop the old relation, create a table
  /// (or view, by `store_failures_as`) of the failing rows in the test's schema
  /// (`<target schema>_dbt_test__audit`) named as the test's alias; returns its name.
  func storeFailures(_ c: CompiledNode) throws -> String {
    let p = c.parsed
    let type = p.config.storeFailuresRelationType
    guard type == "table" || type == "view" else {
      throw Diagnostic(
        code: "R0302",
        "'\(type)' is not a valid value for `store_failures_as`. Accepted values are: ['ephemeral', 'table', 'view']",
        path: p.node.originalFilePath, hint: "use store_failures_as: table, view or ephemeral")
    }
    let relation = p.relation(policy: .of(connection.adapterType)).renderedText
    let limited = c.sql + (p.config.limit.map { "\nlimit \($0)" } ?? "")
    let body = connection.adapterType == .postgres ? "(\n\(limited)\n)" : "\n\(limited)"
    try connection.transaction {
      if let old = try connection.relationType(schema: p.schema, name: p.alias) {
        try connection.execute("drop \(old == .view ? "view" : "table") if exists \(relation)")
      }
      do {
        try connection.execute("create \(type) \(relation) as \(body)")
      } catch let e as AdapterError where type == "view" && connection.adapterType == .sqlite {
        // SQLite views cannot read another attached database (sqlite.org/lang_createview.html).
        throw Diagnostic(
          code: "R0303", "cannot store the failures of \(p.node.name) as a view: \(e.message)",
          path: p.node.originalFilePath,
          hint: "SQLite views only read tables of their own schema; use store_failures_as: table on SQLite")
      }
    }
    return relation
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
