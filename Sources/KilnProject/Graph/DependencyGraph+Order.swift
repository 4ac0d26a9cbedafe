extension DependencyGraph {
  /// Every node, parents before children, ties broken by the smallest `ID` (Kahn's algorithm).
  ///
  /// Throws the cycle that prevents an order, e.g. `a -> b -> a`.
  @_specialize(exported: true, where ID == String)
  public func topologicalOrder() throws(GraphCycle<ID>) -> [ID] {
    try levelledOrder().order
  }

  /// `topologicalOrder()` as node numbers (places in `nodes`).
  @_specialize(exported: true, where ID == String)
  public func topologicalNumbers() throws(GraphCycle<ID>) -> [Int] {
    try orderNumbers()
  }

  /// The nodes grouped by dependency depth: level 0 has no parents, and a node sits one level
  /// below its deepest parent. Each level is sorted.
  @_specialize(exported: true, where ID == String)
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
  @_specialize(exported: true, where ID == String)
  public func findCycle() -> GraphCycle<ID>? {
    do {
      _ = try levelledOrder()
      return nil
    } catch {
      return error
    }
  }

  private func orderNumbers() throws(GraphCycle<ID>) -> [Int] {
    let (numbers, _) = try kahn()
    return numbers
  }

  private func levelledOrder() throws(GraphCycle<ID>) -> (order: [ID], level: [ID: Int]) {
    let (orderNumbers, levels) = try kahn()
    let order = orderNumbers.map { nodes[$0] }
    var level: [ID: Int] = [:]
    for n in orderNumbers where levels[n] > 0 { level[nodes[n]] = levels[n] }
    return (order, level)
  }

  /// Kahn's algorithm over integer ranks (each node's place in sorted order), so the heap
  /// compares integers and the bookkeeping lives in arrays (tens of thousands of nodes order in
  /// milliseconds): the order as node numbers, and each number's level.
  private func kahn() throws(GraphCycle<ID>) -> (order: [Int], levels: [Int]) {
    let (parents, children, rank) = adjacency
    var byRank = [Int](repeating: 0, count: rank.count)
    for (n, r) in rank.enumerated() { byRank[r] = n }
    var pending = parents.map(\.count)
    var ready = MinHeap(rank.indices.filter { pending[$0] == 0 }.map { rank[$0] })
    var orderNumbers: [Int] = []
    orderNumbers.reserveCapacity(rank.count)
    var levels = [Int](repeating: 0, count: rank.count)
    while let r = ready.pop() {
      let n = byRank[r]
      orderNumbers.append(n)
      let next = levels[n] + 1
      for c in children[n] {
        if levels[c] < next { levels[c] = next }
        pending[c] -= 1
        if pending[c] == 0 { ready.push(rank[c]) }
      }
    }
    if orderNumbers.count < count {
      // Nodes left over sit on a cycle or downstream of one; search only among them.
      var emitted = [Bool](repeating: false, count: rank.count)
      for n in orderNumbers { emitted[n] = true }
      let rest = Set(nodes.indices.filter { !emitted[$0] }.map { nodes[$0] })
      if let cycle = cycle(within: rest) { throw cycle }
    }
    return (orderNumbers, levels)
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
        stack.append((id, sortedChildren(of: id).filter { rest.contains($0) }, 0))
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
