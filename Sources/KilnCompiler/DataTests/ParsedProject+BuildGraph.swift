import KilnProject

extension ParsedProject {
  /// The graph `build` schedules over: the dependency graph plus
  /// - an edge from each test to every non-test child of the nodes it tests, when all of the
  ///   test's parents are upstream of that child (so no cycle appears): a failing test then
  ///   skips what is built on top of the node it checks, as in dbt's `build`;
  /// - an edge from a seed or model to a source that reads the relation it builds (the example
  ///   project's `billing` source is a seed), so the source's tests run after it is loaded.
  public var buildGraph: DependencyGraph<String> {
    var g = graph
    var ancestors: [String: Set<String>] = [:]
    for (id, p) in nodes where p.node.resourceType == .test {
      let parents = graph.parents(of: id)
      for parent in parents {
        for child in graph.children(of: parent) where child != id {
          guard let c = nodes[child], c.node.resourceType != .test else { continue }
          if ancestors[child] == nil { ancestors[child] = graph.ancestors(of: child) }
          if parents.isSubset(of: ancestors[child]!) { g.addEdge(from: id, to: child) }
        }
      }
    }
    var builders: [String: String] = [:]
    for (id, p) in nodes where [.seed, .model, .snapshot].contains(p.node.resourceType) && p.materialized != "ephemeral" {
      builders["\(p.schema).\(p.alias)"] = id
    }
    for (sid, s) in project.sources {
      guard let builder = builders["\(s.schema).\(s.identifier)"], g.contains(sid),
        !g.descendants(of: sid).contains(builder)
      else { continue }
      g.addEdge(from: builder, to: sid)
    }
    return g
  }
}
