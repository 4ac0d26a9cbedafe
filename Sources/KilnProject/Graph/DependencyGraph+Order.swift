extension DependencyGraph {
  /// Every node, parents before children, ties broken by the smallest `ID` (Kahn's algorithm).
  ///
  /// Throws the cycle that prevents an order, e.g. `a -> b -> a`.
  public func topologicalOrder() throws(GraphCycle<ID>) -> [ID] {
    try levelledOrder().order
  }

  /// The nodes grouped by dependency depth: level 0 has no parents, and a node sits one level
  /// below its deepest parent. Each level is sorted.
  public func levels() throws(GraphCycle<ID>) -> [[ID]] {
    let (order, level) = try levelledOrder()
    var out: [[ID]] = []
    for id in order {
      let l = level[id] ?? 0
      while out.count <= l { out.append([]) }
      out[l].append(id)
    }
    // Kahn emits each level's nodes interleaved with others, so sort each level on its own.
    return out.map { $0.sorted() }
  }

  /// The first cycle found, or nil when the graph is acyclic.
  public func findCycle() -> GraphCycle<ID>? {
    do {
      _ = try levelledOrder()
      return nil
    } catch {
      return error
    }
  }

  private func levelledOrder() throws(GraphCycle<ID>) -> (order: [ID], level: [ID: Int]) {
    var pending: [ID: Int] = [:]
    pending.reserveCapacity(count)
    for id in nodes { pending[id] = parents(of: id).count }
    var ready = MinHeap(pending.compactMap { $0.value == 0 ? $0.key : nil })
    var order: [ID] = []
    order.reserveCapacity(count)
    var level: [ID: Int] = [:]
    while let id = ready.pop() {
      order.append(id)
      let next = (level[id] ?? 0) + 1
      for child in children(of: id) {
        level[child] = Swift.max(level[child] ?? 0, next)
        pending[child, default: 0] -= 1
        if pending[child] == 0 { ready.push(child) }
      }
    }
    if order.count < count {
      // Nodes left over sit on a cycle or downstream of one; search only among them.
      let emitted = Set(order)
      let rest = Set(nodes.filter { !emitted.contains($0) })
      if let cycle = cycle(within: rest) { throw cycle }
    }
    return (order, level)
  }

  /// Depth-first search for a back edge, iterative so a 10,000-node chain cannot overflow the
  /// stack. Roots and children are visited in sorted order for a deterministic answer.
  private func cycle(within rest: Set<ID>) -> GraphCycle<ID>? {
    var done = Set<ID>()
    var onPath: [ID: Int] = [:]
    for root in rest.sorted() where !done.contains(root) {
      var stack: [(id: ID, next: [ID], index: Int)] = []
      func push(_ id: ID) {
        onPath[id] = stack.count
        stack.append((id, children(of: id).filter { rest.contains($0) }.sorted(), 0))
      }
      push(root)
      while let top = stack.last {
        if top.index == top.next.count {
          stack.removeLast()
          onPath[top.id] = nil
          done.insert(top.id)
          continue
        }
        let child = top.next[top.index]
        stack[stack.count - 1].index += 1
        if let start = onPath[child] {
          let loop = stack[start...].map(\.id)
          return GraphCycle(path: Self.rotatedToSmallest(loop))
        }
        if !done.contains(child) { push(child) }
      }
    }
    return nil
  }

  private static func rotatedToSmallest(_ loop: [ID]) -> [ID] {
    guard let smallest = loop.indices.min(by: { loop[$0] < loop[$1] }) else { return loop }
    let rotated = Array(loop[smallest...] + loop[..<smallest])
    return rotated + [rotated[0]]
  }
}
