/// Evaluates a `SelectionExpression` against a project's nodes and dependency graph.
///
/// Named `NodeSelector` rather than `Selector` so it never collides with Objective-C's
/// `Selector` on macOS.
///
/// ```swift
/// let selector = NodeSelector(nodes: project.nodes, graph: project.graph, rootPackage: "shop")
/// let ids = selector.select(try SelectorParser.parse(select: ["+orders"]))
/// ```
public struct NodeSelector<Node: SelectableNode>: Sendable {
  /// The nodes by unique id.
  public let nodes: [String: Node]
  /// Parent-to-child edges between unique ids.
  public let graph: DependencyGraph<String>
  /// The root project's name, for `package:this`.
  public let rootPackage: String?

  /// Creates a selector; a later node with an already seen unique id replaces the earlier one.
  public init(
    nodes: some Sequence<Node>, graph: DependencyGraph<String>, rootPackage: String? = nil
  ) {
    var byID: [String: Node] = [:]
    for n in nodes { byID[n.uniqueID] = n }
    self.nodes = byID
    self.graph = graph
    self.rootPackage = rootPackage
  }

  /// The unique ids selected by `expression`, tests included per `indirect`.
  ///
  /// Follows dbt's documented order (docs.getdbt.com/reference/node-selection/syntax, "How does
  /// selection work?"): methods, then graph operators, then set operators. Each criterion
  /// yields a *direct* set and a *candidate* set (direct plus every test with a parent in it),
  /// and both go through the set operators. In `eager` mode the tests join the direct set at
  /// once, so excluding a model excludes every test on it ("test exclusion is always greedy",
  /// test-selection-examples) and `payments,test_type:singular` finds the singular tests on
  /// `payments`. In `cautious` and `buildable` mode a test joins a criterion's direct set only
  /// if that criterion alone satisfies the mode; the remaining candidates are checked against
  /// the final direct set. Every case here was checked against `dbt ls` from dbt-core 1.10.
  public func select(_ expression: SelectionExpression, indirect: IndirectSelection = .eager)
    -> Set<String>
  {
    let (direct, candidates) = evaluate(expression, indirect)
    switch indirect {
    case .eager, .empty:
      return direct
    case .cautious, .buildable:
      let allowed = indirect == .cautious ? direct : direct.union(graph.ancestors(of: direct))
      return direct.union(
        candidates.subtracting(direct).filter { graph.parents(of: $0).isSubset(of: allowed) })
    }
  }

  /// The selected nodes in `kiln ls` order (sorted by unique id, as `dbt ls` prints them),
  /// optionally only those of `resourceTypes` (`--resource-type`).
  public func list(
    _ expression: SelectionExpression, indirect: IndirectSelection = .eager,
    resourceTypes: Set<String>? = nil
  ) -> [Node] {
    select(expression, indirect: indirect).sorted().compactMap { id in
      guard let node = nodes[id] else { return nil }
      return resourceTypes.map { $0.contains(node.resourceType) } ?? true ? node : nil
    }
  }

  /// The direct set and the indirect candidates of `expression`.
  private func evaluate(_ expression: SelectionExpression, _ mode: IndirectSelection)
    -> (direct: Set<String>, candidates: Set<String>)
  {
    switch expression {
    case .atom(let criterion):
      return expand(apply(criterion), mode)
    case .union(let parts):
      var d = Set<String>()
      var c = Set<String>()
      for p in parts {
        let (pd, pc) = evaluate(p, mode)
        d.formUnion(pd)
        c.formUnion(pc)
      }
      return (d, c)
    case .intersection(let parts):
      guard let first = parts.first else { return ([], []) }
      var (d, c) = evaluate(first, mode)
      for p in parts.dropFirst() {
        let (pd, pc) = evaluate(p, mode)
        d.formIntersection(pd)
        c.formIntersection(pc)
      }
      return (d, c)
    case .exclude(let base, let minus):
      let (bd, bc) = evaluate(base, mode)
      let (md, mc) = evaluate(minus, mode)
      return (bd.subtracting(md), bc.subtracting(mc))
    }
  }

  /// One criterion's direct set and candidates, given what it matched.
  private func expand(_ matched: Set<String>, _ mode: IndirectSelection)
    -> (direct: Set<String>, candidates: Set<String>)
  {
    if mode == .empty { return (matched, matched) }
    let tests = testsOn(matched)
    let candidates = matched.union(tests)
    switch mode {
    case .eager, .empty:
      return (candidates, candidates)
    case .cautious, .buildable:
      let allowed = mode == .cautious ? matched : matched.union(graph.ancestors(of: matched))
      let ready = tests.filter { graph.parents(of: $0).isSubset(of: allowed) }
      return (matched.union(ready), candidates)
    }
  }

  /// The criterion's matches extended by its graph operators.
  private func apply(_ c: Criterion) -> Set<String> {
    let matched = Set(
      nodes.values.lazy.filter { c.matches($0, rootPackage: rootPackage) }.map(\.uniqueID))
    var out = matched
    if c.childrensParents {
      // `@m`: m, its descendants, and all ancestors of those (graph-operators page, "The @ operator").
      let down = matched.union(graph.descendants(of: matched))
      out.formUnion(down)
      out.formUnion(graph.ancestors(of: down))
    } else {
      if c.includeParents { out.formUnion(graph.ancestors(of: matched, depth: c.parentsDepth)) }
      if c.includeChildren { out.formUnion(graph.descendants(of: matched, depth: c.childrenDepth)) }
    }
    // The graph may name nodes the selector was not given (disabled ones, say); drop them.
    return out.filter { nodes[$0] != nil }
  }

  /// Tests (data and unit) with at least one parent in `selected`.
  private func testsOn(_ selected: Set<String>) -> Set<String> {
    var tests = Set<String>()
    for id in selected {
      for child in graph.children(of: id) where !selected.contains(child) {
        if let node = nodes[child], Self.isTest(node) { tests.insert(child) }
      }
    }
    return tests
  }

  static func isTest(_ node: Node) -> Bool {
    node.resourceType == "test" || node.resourceType == "unit_test"
  }
}
