import KilnProject

/// The DAG execution state machine behind `kiln run` and `kiln build`: pure, with no I/O and no
/// concurrency, so the runner loop owns it and tests drive it event by event.
///
/// A selected node starts once every selected node upstream of it has finished; unselected
/// nodes in between keep the order, as dbt preserves transitive dependencies when it narrows
/// the graph to the selection. A failure skips every selected node downstream of it. With
/// `failFast`, the first failure also stops new starts and skips all nodes still waiting.
///
/// ```swift
/// var s = try Schedule(graph: g, selected: ["a", "b"])
/// s.start()                   // [.start("a")]
/// s.finished("a", .failure)   // [.skip("b", because: "a")]
/// s.isDone                    // true
/// ```
public struct Schedule<ID: Hashable & Comparable & Sendable>: Sendable {
  /// How a started node ended.
  public enum Outcome: Hashable, Sendable {
    /// It ran successfully; its children may start.
    case success
    /// It failed; everything downstream is skipped.
    case failure
    /// The runner skipped it; everything downstream is skipped too.
    case skipped
  }

  /// What the runner should do next.
  public enum Action: Hashable, Sendable {
    /// Run this node now.
    case start(ID)
    /// Do not run this node, because `because` failed or was skipped upstream of it.
    case skip(ID, because: ID)
  }

  private enum State: Hashable, Sendable {
    case waiting, running, finished, skipped
  }

  private var state: [ID: State] = [:]
  private var waitingOn: [ID: Int] = [:]
  private var dependents: [ID: [ID]] = [:]
  /// Each node's place in a topological order, so skip lists read upstream first.
  private var rank: [ID: Int] = [:]
  private let failFast: Bool
  private var started = false
  private var stopped = false
  private var unfinished: Int

  /// Prepares to run `selected` (nodes missing from `graph` run without dependencies).
  ///
  /// Throws when the graph has a cycle, because then some node could never start.
  public init(graph: DependencyGraph<ID>, selected: Set<ID>, failFast: Bool = false)
    throws(GraphCycle<ID>)
  {
    self.failFast = failFast
    var g = graph
    for id in selected { g.addNode(id) }
    let order = try g.topologicalOrder()
    unfinished = selected.count
    // For every node upstream of the selection, the nearest selected nodes at or above it.
    // Walking in topological order means each parent is settled before its children.
    let relevant = g.ancestors(of: selected).union(selected)
    var nearest: [ID: Set<ID>] = [:]
    var position = 0
    for id in order where relevant.contains(id) {
      var upstream = Set<ID>()
      for parent in g.parents(of: id) {
        if selected.contains(parent) {
          upstream.insert(parent)
        } else {
          upstream.formUnion(nearest[parent] ?? [])
        }
      }
      if selected.contains(id) {
        state[id] = .waiting
        waitingOn[id] = upstream.count
        for p in upstream { dependents[p, default: []].append(id) }
        rank[id] = position
        position += 1
      } else {
        nearest[id] = upstream
      }
    }
  }

  /// Whether every selected node has finished or been skipped.
  public var isDone: Bool { unfinished == 0 }

  /// The nodes started and not yet finished, sorted.
  public var running: [ID] { state.compactMap { $0.value == .running ? $0.key : nil }.sorted() }

  /// The first actions: start every node with nothing selected upstream, in sorted order.
  /// Later calls return nothing.
  public mutating func start() -> [Action] {
    guard !started else { return [] }
    started = true
    let ready = waitingOn.compactMap { $0.value == 0 ? $0.key : nil }.sorted()
    return ready.map { id in
      state[id] = .running
      return .start(id)
    }
  }

  /// Records that a running node ended and returns what follows: children that became ready
  /// (sorted), or the nodes a failure skips (upstream first). Unknown or already finished
  /// nodes are ignored.
  public mutating func finished(_ id: ID, _ outcome: Outcome) -> [Action] {
    guard state[id] == .running else { return [] }
    state[id] = .finished
    unfinished -= 1
    switch outcome {
    case .success:
      var ready: [ID] = []
      for child in dependents[id] ?? [] {
        waitingOn[child, default: 0] -= 1
        if waitingOn[child] == 0, state[child] == .waiting, !stopped { ready.append(child) }
      }
      return ready.sorted().map { child in
        state[child] = .running
        return .start(child)
      }
    case .failure, .skipped:
      var doomed = downstream(of: id)
      if failFast && outcome == .failure {
        stopped = true
        doomed = state.compactMap { $0.value == .waiting ? $0.key : nil }
      }
      return doomed.sorted { rank[$0, default: 0] < rank[$1, default: 0] }.map { node in
        state[node] = .skipped
        unfinished -= 1
        return .skip(node, because: id)
      }
    }
  }

  /// Selected nodes downstream of `id` that have not started yet; a node that is already
  /// skipped was skipped together with everything below it, so the walk stops there.
  private func downstream(of id: ID) -> [ID] {
    var seen = Set<ID>()
    var stack = dependents[id] ?? []
    var out: [ID] = []
    while let next = stack.popLast() {
      guard seen.insert(next).inserted, state[next] == .waiting else { continue }
      out.append(next)
      stack.append(contentsOf: dependents[next] ?? [])
    }
    return out
  }
}
