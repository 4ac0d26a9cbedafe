import Foundation
import KilnAdapters
import KilnBase
import KilnCompiler
import KilnProject

/// Progress of a run, delivered in order from the runner loop (one task), so the terminal
/// prints `N of M` lines in completion order.
public enum RunEvent: Sendable {
  /// A node started: its position, the total, the job.
  case started(index: Int, total: Int, job: Job)
  /// A node finished (or was skipped).
  case finished(index: Int, total: Int, job: Job, result: NodeResult)
}

/// Runs jobs in dependency order on a pool of workers, each with its own connection.
public struct Runner: Sendable {
  /// The dependency graph (node and source ids).
  public var graph: DependencyGraph<String>
  /// Jobs by unique id; only these run.
  public var jobs: [String: Job]
  /// Number of workers.
  public var threads: Int
  /// Stop starting new nodes after the first failure.
  public var failFast: Bool
  /// Opens worker connections.
  public var connections: ConnectionFactory
  /// Builds statements for the target's dialect.
  public var planner: any MaterializationPlanner
  /// `--full-refresh`.
  public var fullRefresh: Bool
  /// `--store-failures`, `--warn-error`, audits and quarantines.
  public var settings = RunSettings()
  /// Renders nodes again on their worker when they query the warehouse (`rendersAtRunTime`).
  public var compiler: Compiler?

  /// Creates a runner.
  public init(
    graph: DependencyGraph<String>, jobs: [String: Job], threads: Int, failFast: Bool,
    connections: ConnectionFactory, planner: any MaterializationPlanner, fullRefresh: Bool
  ) {
    self.graph = graph
    self.jobs = jobs
    self.threads = max(1, threads)
    self.failFast = failFast
    self.connections = connections
    self.planner = planner
    self.fullRefresh = fullRefresh
  }

  /// Runs every job; returns results in completion order. Throws only when no connection can
  /// be opened or the graph has a cycle.
  public func run(onEvent: @Sendable (RunEvent) -> Void) async throws -> [NodeResult] {
    // Audited tests run inside their model's job, so only the model is scheduled.
    let audited = settings.auditedTests
    var schedule = try Schedule(graph: graph, selected: Set(jobs.keys).subtracting(audited), failFast: failFast)
    let count = min(threads, max(1, jobs.count))
    var idle: [Worker] = []
    for i in 0..<count {
      let w = Worker(
        name: "Thread-\(i + 1)", connection: try connections.open(), planner: planner,
        projectDir: connections.projectDir, fullRefresh: fullRefresh, settings: settings)
      w.compiler = compiler
      idle.append(w)
    }
    idle.reverse()
    let total = jobs.count
    var results: [NodeResult] = []
    var pending: [String] = []
    var started = 0
    var indexOf: [String: Int] = [:]
    let jobs = self.jobs
    let audits = settings.audits

    func report(_ r: NodeResult) {
      started += 1
      results.append(r)
      if let job = jobs[r.id] { onEvent(.finished(index: started, total: total, job: job, result: r)) }
    }

    func handle(_ actions: [Schedule<String>.Action]) {
      for a in actions {
        switch a {
        case .start(let id): pending.append(id)
        case .skip(let id, let because):
          report(NodeResult.skipped(id, because: because))
          for t in audits[id] ?? [] { report(NodeResult.skipped(t, because: because)) }
        }
      }
    }

    await withTaskGroup(of: (NodeResult, Worker).self) { group in
      func launch() {
        while !idle.isEmpty, !pending.isEmpty {
          let id = pending.removeFirst()
          guard let job = jobs[id] else { continue }
          let w = idle.removeLast()
          started += 1
          indexOf[id] = started
          onEvent(.started(index: started, total: total, job: job))
          group.addTask { (await w.run(job), w) }
        }
      }
      handle(schedule.start())
      launch()
      while let (r, w) = await group.next() {
        idle.append(w)
        results.append(r)
        if let job = jobs[r.id] {
          onEvent(.finished(index: indexOf[r.id] ?? 0, total: total, job: job, result: r))
        }
        for inner in r.innerResults { report(inner) }
        let blocks = jobs[r.id]?.blocksDescendants(r) ?? r.isFailure
        handle(schedule.finished(r.id, blocks ? .failure : .success))
        if failFast && blocks {
          // Started by the schedule but not yet handed to a worker: they never run.
          for id in pending {
            report(NodeResult.skipped(id, because: r.id))
            for t in audits[id] ?? [] { report(NodeResult.skipped(t, because: r.id)) }
          }
          pending = []
        }
        launch()
      }
    }
    return results
  }
}
