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
    var schedule = try Schedule(graph: graph, selected: Set(jobs.keys), failFast: failFast)
    let count = min(threads, max(1, jobs.count))
    var idle: [Worker] = []
    for i in 0..<count {
      let w = Worker(
        name: "Thread-\(i + 1)", connection: try connections.open(), planner: planner,
        projectDir: connections.projectDir, fullRefresh: fullRefresh)
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

    func handle(_ actions: [Schedule<String>.Action]) {
      for a in actions {
        switch a {
        case .start(let id): pending.append(id)
        case .skip(let id, let because):
          started += 1
          let r = NodeResult.skipped(id, because: because)
          results.append(r)
          if let job = jobs[id] { onEvent(.finished(index: started, total: total, job: job, result: r)) }
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
        let blocks = jobs[r.id]?.blocksDescendants(r) ?? r.isFailure
        handle(schedule.finished(r.id, blocks ? .failure : .success))
        launch()
      }
    }
    return results
  }
}
