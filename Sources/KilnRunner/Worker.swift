import Dispatch
import Foundation
import KilnAdapters
import KilnBase
import KilnCompiler
import KilnProject

/// One worker: a connection confined to its own serial queue, so blocking database calls
/// never stall Swift's cooperative thread pool.
final class Worker: @unchecked Sendable {
  // @unchecked: `connection` is only touched on `queue`, which is serial.
  let name: String
  let queue: DispatchQueue
  let connection: any DatabaseConnection
  let planner: any MaterializationPlanner
  let projectDir: String
  let fullRefresh: Bool
  let settings: RunSettings
  var compiler: Compiler?

  init(
    name: String, connection: any DatabaseConnection, planner: any MaterializationPlanner, projectDir: String,
    fullRefresh: Bool, settings: RunSettings = RunSettings()
  ) {
    self.settings = settings
    self.name = name
    self.queue = DispatchQueue(label: "kiln.\(name)")
    self.connection = connection
    self.planner = planner
    self.projectDir = projectDir
    self.fullRefresh = fullRefresh
  }

  func run(_ job: Job) async -> NodeResult {
    await withCheckedContinuation { (c: CheckedContinuation<NodeResult, Never>) in
      queue.async { c.resume(returning: self.execute(job)) }
    }
  }

  func existing(_ schema: String, _ name: String) throws -> ExistingRelation? {
    guard let type = try connection.relationType(schema: schema, name: name) else { return nil }
    let cols = type == .table ? try connection.columns(schema: schema, name: name).map(\.name) : []
    let deps = try connection.dependentViews(schema: schema, name: name)
    return ExistingRelation(type: type, columns: cols, dependents: deps)
  }

  func execute(_ job: Job) -> NodeResult {
    let start = Date()
    var statements: [String] = []
    connection.recorder = { statements.append($0) }
    defer { connection.recorder = nil }
    let p = job.parsed
    var job = job
    var rerendered: CompiledNode?
    if case .test(let c) = job { return executeTest(c, start: start, statements: { statements }) }
    if case .snapshot(let c) = job { return executeSnapshot(c, start: start, statements: { statements }) }
    if case .unitTest(let u) = job { return executeUnitTest(u, start: start, statements: { statements }) }
    if case .model(let c) = job, settings.runsInside(c.id) {
      return executeStaged(c, start: start, statements: { statements })
    }
    do {
      if case .model(let c) = job, c.rendersAtRunTime {
        rerendered = try render(c)
        job = .model(rerendered ?? c)
      }
      try connection.ensureSchema(p.schema)
      let before = try existing(p.schema, p.alias)
      let plan: MaterializationPlan
      switch job {
      case .model(let c), .test(let c), .snapshot(let c):
        let (node, state) = try configState(c, try incrementalState(c, before))
        plan = try planner.plan(model: node, existing: state, fullRefresh: fullRefresh)
      case .unitTest:
        throw Diagnostic(code: "R0500", "a unit test has no materialization")  // handled above
      case .seed(let s):
        let delimiter = s.config.delimiter ?? ","
        guard delimiter.count == 1, let d = delimiter.first else {
          throw Diagnostic(
            code: "P0304", "seed delimiter must be one character other than a quote or newline",
            path: s.node.originalFilePath)
        }
        var before = before
        if before?.type == .table, connection.adapterType == .postgres {
          // A reload keeps the table's column types; the planner compares them with the seed's.
          before?.typedColumns = try connection.columns(schema: p.schema, name: p.alias)
        }
        let table = try SeedCSV.read(
          .file(projectDir + "/" + s.node.originalFilePath), path: s.node.originalFilePath, delimiter: d,
          columnTypes: Dictionary(uniqueKeysWithValues: (s.config.columnTypes ?? [:]).map { ($0.key, $0.value) }))
        plan = try planner.plan(seed: s, table: table, existing: before, fullRefresh: fullRefresh)
        PhaseTimer.shared.mark("seed \(s.node.name): read and type")
      }
      try PlanExecutor.execute(plan, on: connection)
      if case .seed = job { PhaseTimer.shared.mark("seed \(p.node.name): statements after the load, commit") }
      let end = Date()
      var r = NodeResult(
        id: p.id, status: .success, message: plan.status, diagnostic: nil, adapterResponse: plan.status,
        executionTime: end.timeIntervalSince(start), startedAt: start, completedAt: end,
        statements: statements, threadID: name, failures: nil)
      r.compiled = rerendered
      return r
    } catch {
      let end = Date()
      let d = Worker.diagnostic(for: error, node: p)
      return NodeResult(
        id: p.id, status: .error, message: d.message, diagnostic: d, adapterResponse: "",
        executionTime: end.timeIntervalSince(start), startedAt: start, completedAt: end,
        statements: statements, threadID: name, failures: nil)
    }
  }

  static func diagnostic(for error: any Error, node p: ParsedNode) -> Diagnostic {
    switch error {
    case let d as Diagnostic: return d
    case let a as AdapterError:
      var d = a.diagnostic(path: p.node.originalFilePath)
      d.notes.insert(.init("while building \(p.id)"), at: 0)
      if a.kind == .connection { d = lostConnection(d, node: p) }
      if p.node.resourceType != .seed {
        d.notes.append(.init("compiled SQL: compiled/\(p.node.packageName)/\(p.node.originalFilePath) in the target folder"))
      }
      return d
    case let h as HookError:
      // The caret points into the hook's own rendered text, named after the hook.
      var d = h.underlying.diagnostic(path: "\(p.node.originalFilePath) (\(h.kind) \(h.index))")
      d.notes.insert(.init("while running \(h.kind) \(h.index) of \(p.id)"), at: 0)
      if d.span == nil, let sql = h.underlying.sql { d.notes.append(.init("the hook ran: \(sql)")) }
      if h.underlying.kind == .connection { d = lostConnection(d, node: p) }
      return d
    case let e as PlanError:
      return Diagnostic(code: "R0201", e.message, path: p.node.originalFilePath, hint: e.hint)
    default:
      return Diagnostic(code: "R0200", "\(error)", path: p.node.originalFilePath)
    }
  }
}

/// Runs a plan's steps in one transaction; on failure everything is rolled back.
public enum PlanExecutor {
  /// Executes `plan` on `connection`.
  public static func execute(_ plan: MaterializationPlan, on connection: any DatabaseConnection) throws {
    guard !plan.steps.isEmpty else { return }
    try inTransaction(plan, on: connection) { try run(plan.steps, of: plan, on: connection) }
  }

  /// Runs `body` in one transaction, with SQLite's `legacy_alter_table` on when the plan asks.
  static func inTransaction<T>(_ plan: MaterializationPlan, on connection: any DatabaseConnection, _ body: () throws -> T)
    throws -> T
  {
    if plan.legacyAlterTable, let sqlite = connection as? SQLiteConnection {
      return try sqlite.withLegacyAlterTable { try connection.transaction(body) }
    }
    return try connection.transaction(body)
  }

  /// Runs `steps` (some or all of `plan`'s) in order, in the caller's transaction.
  static func run(_ steps: [PlanStep], of plan: MaterializationPlan, on connection: any DatabaseConnection) throws {
    // Hooks are numbered within their kind (`post-hook 2`); a staged plan runs all pre-hooks
    // in its stage steps and all post-hooks in its publish steps, so counting here suffices.
    var seen: [PlanStep.Purpose: Int] = [:]
    for step in steps {
      switch step {
      case .sql(let purpose, let sql):
        if purpose == .preHook || purpose == .postHook { seen[purpose, default: 0] += 1 }
        do { try connection.execute(sql) } catch let e where purpose == .recreate {
          throw PlanError.dependentView(sql, plan: plan, underlying: e)
        } catch let e as AdapterError where purpose == .preHook || purpose == .postHook {
          throw HookError(kind: purpose.rawValue, index: seen[purpose] ?? 1, underlying: e)
        }
      case .loadSeed(let schema, let table, let columns, let rows):
        PhaseTimer.shared.mark("seed \(table): statements before the load")
        try SeedBinding.load(rows, schema: schema, table: table, columns: columns, on: connection)
        PhaseTimer.shared.mark("seed \(table): load")
      }
    }
  }
}
