import KilnProject
import Testing

/// Builds a graph from `"a>b"` edge strings (a is the parent of b).
private func graph(_ edges: String...) -> DependencyGraph<String> {
  var g = DependencyGraph<String>()
  for e in edges {
    let parts = e.split(separator: ">").map(String.init)
    if parts.count == 1 { g.addNode(parts[0]) } else { g.addEdge(from: parts[0], to: parts[1]) }
  }
  return g
}

@Test func topologicalOrderBreaksTiesBySmallestID() throws {
  // Diamond plus an isolated node; insertion order deliberately scrambled.
  let g = graph("d", "c>e", "a>c", "a>b", "b>e")
  #expect(try g.topologicalOrder() == ["a", "b", "c", "d", "e"])
  // A node that becomes ready later still waits for its turn in sorted order.
  let h = graph("z>y", "a>x")
  #expect(try h.topologicalOrder() == ["a", "x", "z", "y"])
}

@Test func orderIsTheSameWhateverTheInsertionOrder() throws {
  let edges = [("s1", "m1"), ("s1", "m2"), ("s2", "m2"), ("m1", "f"), ("m2", "f"), ("s3", "f")]
  var forward = DependencyGraph<String>()
  for (p, c) in edges { forward.addEdge(from: p, to: c) }
  var backward = DependencyGraph<String>()
  for (p, c) in edges.reversed() { backward.addEdge(from: p, to: c) }
  #expect(try forward.topologicalOrder() == backward.topologicalOrder())
  #expect(try forward.topologicalOrder() == ["s1", "m1", "s2", "m2", "s3", "f"])
}

@Test func parentsAndChildren() {
  let g = graph("a>c", "b>c", "c>d")
  #expect(g.parents(of: "c") == ["a", "b"])
  #expect(g.children(of: "c") == ["d"])
  #expect(g.parents(of: "a").isEmpty)
  #expect(g.children(of: "missing").isEmpty)
  #expect(g.count == 4)
  #expect(g.edgeCount == 3)
}

@Test func ancestorsAndDescendantsHonourDepth() {
  let g = graph("a>b", "b>c", "c>d", "x>c")
  #expect(g.ancestors(of: "d") == ["a", "b", "c", "x"])
  #expect(g.ancestors(of: "d", depth: 1) == ["c"])
  #expect(g.ancestors(of: "d", depth: 2) == ["b", "c", "x"])
  #expect(g.descendants(of: "a", depth: 2) == ["b", "c"])
  #expect(g.descendants(of: "a") == ["b", "c", "d"])
  #expect(g.descendants(of: "a", depth: 0).isEmpty)
}

@Test func depthCountsFromTheNearestStart() {
  // With starts d and b, c is one step above d, so depth 1 reaches c and a.
  let g = graph("a>b", "b>c", "c>d")
  #expect(g.ancestors(of: ["d", "b"], depth: 1) == ["a", "c"])
}

@Test func cycleIsReportedWhole() {
  let g = graph("root>a", "a>b", "b>c", "c>a", "c>leaf")
  #expect(throws: GraphCycle<String>.self) { try g.topologicalOrder() }
  let cycle = g.findCycle()
  #expect(cycle?.path == ["a", "b", "c", "a"])
  #expect(cycle?.description == "a -> b -> c -> a")
  let d = cycle?.diagnostic(naming: { "model.p.\($0)" })
  #expect(d?.code == "P0401")
  #expect(d?.message == "found a cycle: model.p.a --> model.p.b --> model.p.c --> model.p.a")
}

@Test func cycleStartsAtItsSmallestNode() {
  // "a" sits below the c/d loop, so the search starts there and enters the x/y loop at "y";
  // the report is rotated to start at "x".
  let g = graph("c>d", "d>c", "c>a", "a>y", "y>x", "x>y")
  #expect(g.findCycle()?.path == ["x", "y", "x"])
}

@Test func selfLoopIsACycle() {
  let g = graph("a>b", "b>b")
  #expect(g.findCycle()?.path == ["b", "b"])
  #expect(g.findCycle()?.diagnostic().message == "found a cycle: b --> b")
}

@Test func acyclicGraphHasNoCycle() {
  #expect(graph("a>b", "a>c", "b>c").findCycle() == nil)
}

@Test func levelsAreLongestPathDepths() throws {
  // e's deepest parent is d (level 2), so e is level 3 even though a is also a parent.
  let g = graph("a>b", "b>d", "c>d", "d>e", "a>e", "z")
  #expect(try g.levels() == [["a", "c", "z"], ["b"], ["d"], ["e"]])
}

@Test func subgraphKeepsOnlyInnerEdges() {
  let g = graph("a>b", "b>c", "a>c").subgraph(["a", "c"])
  #expect(g.count == 2)
  #expect(g.parents(of: "c") == ["a"])
}

@Test func tenThousandNodeChainSortsAndWalks() throws {
  var g = DependencyGraph<Int>()
  let n = 10_000
  // Add edges from the end of the chain first so the order cannot come from insertion.
  for i in stride(from: n - 1, to: 0, by: -1) { g.addEdge(from: i - 1, to: i) }
  let order = try g.topologicalOrder()
  #expect(order == Array(0..<n))
  #expect(g.descendants(of: 0).count == n - 1)
  #expect(g.ancestors(of: n - 1, depth: 10) == Set((n - 11)..<(n - 1)))
  #expect(try g.levels().count == n)
  g.addEdge(from: n - 1, to: 0)
  #expect(g.findCycle()?.path.count == n + 1)
}

@Test func sortedNeighboursWhateverTheInsertionOrder() throws {
  // Added out of order: numbers no longer follow the ids, so sorting falls back to the ids.
  let g = graph("m>z", "b>z", "a>z", "z>y", "z>c")
  #expect(g.sortedParents(of: "z") == ["a", "b", "m"])
  #expect(g.sortedChildren(of: "z") == ["c", "y"])
  #expect(g.sortedParents(of: "missing").isEmpty)
  // Added in order (as the parse phase adds them): the same answers.
  var h = DependencyGraph<String>()
  h.addNodes(["a", "b", "c", "m", "y", "z"])
  for (p, c) in [("m", "z"), ("b", "z"), ("a", "z"), ("z", "y"), ("z", "c")] { h.addEdge(from: p, to: c) }
  #expect(h.sortedParents(of: "z") == ["a", "b", "m"])
  #expect(h.sortedChildren(of: "z") == ["c", "y"])
  #expect(try h.topologicalOrder() == g.topologicalOrder())
  // A repeated edge is kept once.
  h.addEdge(from: "a", to: "z")
  #expect(h.edgeCount == 5)
}
