import KilnProject
import KilnRunner
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

private typealias S = Schedule<String>

@Test func startsRootsThenChildrenAsParentsFinish() throws {
  var s = try S(graph: graph("a>c", "b>c", "c>d"), selected: ["a", "b", "c", "d"])
  #expect(s.start() == [.start("a"), .start("b")])
  #expect(s.start() == [])
  #expect(s.finished("b", .success) == [])
  #expect(s.running == ["a"])
  #expect(s.finished("a", .success) == [.start("c")])
  #expect(!s.isDone)
  #expect(s.finished("c", .success) == [.start("d")])
  #expect(s.finished("d", .success) == [])
  #expect(s.isDone)
}

@Test func readyNodesAreSorted() throws {
  var s = try S(graph: graph("r>z", "r>m", "r>a"), selected: ["r", "z", "m", "a"])
  #expect(s.start() == [.start("r")])
  #expect(s.finished("r", .success) == [.start("a"), .start("m"), .start("z")])
}

@Test func failureSkipsEveryDescendantOnceUpstreamFirst() throws {
  var s = try S(graph: graph("a>b", "b>c", "a>c", "x>c", "x"), selected: ["a", "b", "c", "x"])
  #expect(s.start() == [.start("a"), .start("x")])
  #expect(s.finished("a", .failure) == [.skip("b", because: "a"), .skip("c", because: "a")])
  // c is already skipped, so x's success starts nothing and c is not reported again.
  #expect(s.finished("x", .success) == [])
  #expect(s.isDone)
}

@Test func styleGuideExample() throws {
  var s = try S(graph: graph("a>b"), selected: ["a", "b"])
  _ = s.start()
  #expect(s.finished("a", .failure) == [.skip("b", because: "a")])
  #expect(s.isDone)
}

@Test func secondFailureDoesNotReskip() throws {
  var s = try S(graph: graph("a>c", "b>c"), selected: ["a", "b", "c"])
  _ = s.start()
  #expect(s.finished("a", .failure) == [.skip("c", because: "a")])
  #expect(s.finished("b", .failure) == [])
  #expect(s.isDone)
}

@Test func skippedOutcomePropagates() throws {
  var s = try S(graph: graph("a>b", "b>c"), selected: ["a", "b", "c"])
  _ = s.start()
  #expect(s.finished("a", .success) == [.start("b")])
  #expect(s.finished("b", .skipped) == [.skip("c", because: "b")])
  #expect(s.isDone)
}

@Test func unselectedNodesAreTransparentButKeepOrder() throws {
  // Only a and c are selected; c still waits for a through the unselected b.
  var s = try S(graph: graph("a>b", "b>c", "u>c"), selected: ["a", "c"])
  #expect(s.start() == [.start("a")])
  #expect(s.finished("a", .success) == [.start("c")])
  #expect(s.finished("c", .success) == [])
  #expect(s.isDone)
  // And a failure still reaches c through b.
  var t = try S(graph: graph("a>b", "b>c"), selected: ["a", "c"])
  _ = t.start()
  #expect(t.finished("a", .failure) == [.skip("c", because: "a")])
}

@Test func failFastStopsNewStartsAndSkipsEverythingWaiting() throws {
  var s = try S(
    graph: graph("a>b", "c>d", "e"), selected: ["a", "b", "c", "d", "e"], failFast: true)
  #expect(s.start() == [.start("a"), .start("c"), .start("e")])
  #expect(s.finished("a", .failure) == [.skip("b", because: "a"), .skip("d", because: "a")])
  // c and e were already running; they finish, but d is not started.
  #expect(s.finished("c", .success) == [])
  #expect(!s.isDone)
  #expect(s.finished("e", .success) == [])
  #expect(s.isDone)
}

@Test func ignoresUnknownOrRepeatedFinishes() throws {
  var s = try S(graph: graph("a>b"), selected: ["a", "b"])
  #expect(s.finished("a", .success) == [])  // not started yet
  _ = s.start()
  #expect(s.finished("zzz", .success) == [])
  #expect(s.finished("a", .success) == [.start("b")])
  #expect(s.finished("a", .success) == [])
}

@Test func selectedNodeMissingFromGraphRunsAlone() throws {
  var s = try S(graph: graph("a"), selected: ["solo"])
  #expect(s.start() == [.start("solo")])
  #expect(s.finished("solo", .success) == [])
  #expect(s.isDone)
}

@Test func emptySelectionIsDoneAtOnce() throws {
  var s = try S(graph: graph("a>b"), selected: [])
  #expect(s.isDone)
  #expect(s.start() == [])
}

@Test func cycleIsRejected() {
  #expect(throws: GraphCycle<String>.self) { try S(graph: graph("a>b", "b>a"), selected: ["a"]) }
}

@Test func longChainRunsInOrder() throws {
  var g = DependencyGraph<Int>()
  for i in 1..<10_000 { g.addEdge(from: i - 1, to: i) }
  var s = try Schedule(graph: g, selected: Set(0..<10_000))
  var actions = s.start()
  var order: [Int] = []
  while case .start(let id)? = actions.first {
    order.append(id)
    actions = s.finished(id, .success)
  }
  #expect(order == Array(0..<10_000))
  #expect(s.isDone)
}
