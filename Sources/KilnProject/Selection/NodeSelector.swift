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
  /// selection work?"): methods first, then graph operators, then set operators. Every
  /// criterion also gathers the tests attached to what it matched, and those candidates go
  /// through the same set operators, so excluding a model excludes every test on it ("test
  /// exclusion is always greedy: if ANY parent is explicitly excluded, the test will be excluded
  /// as well") and `payments,test_type:singular` finds the singular tests on `payments`.
  /// Finally the mode decides which candidates to keep.
  public func select(_ expression: SelectionExpression, indirect: IndirectSelection = .eager)
    -> Set<String>
  {
    let (direct, candidates) = evaluate(expression)
    var selected = direct
    switch indirect {
    case .eager:
      selected.formUnion(candidates)
    case .cautious:
      for t in candidates.subtracting(direct) where parentsOf(t).isSubset(of: direct) {
        selected.insert(t)
      }
    case .buildable:
      let buildable = direct.union(graph.ancestors(of: direct))
      for t in candidates.subtracting(direct) where parentsOf(t).isSubset(of: buildable) {
        selected.insert(t)
      }
    case .empty:
      break
    }
    return selected
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

  /// Direct matches and indirect candidates (direct plus the tests on them) of `expression`.
  private func evaluate(_ expression: SelectionExpression) -> (Set<String>, Set<String>) {
    switch expression {
    case .atom(let criterion):
      let direct = apply(criterion)
      return (direct, direct.union(testsOn(direct)))
    case .union(let parts):
      var d = Set<String>()
      var c = Set<String>()
      for p in parts {
        let (pd, pc) = evaluate(p)
        d.formUnion(pd)
        c.formUnion(pc)
      }
      return (d, c)
    case .intersection(let parts):
      guard let first = parts.first else { return ([], []) }
      var (d, c) = evaluate(first)
      for p in parts.dropFirst() {
        let (pd, pc) = evaluate(p)
        d.formIntersection(pd)
        c.formIntersection(pc)
      }
      return (d, c)
    case .exclude(let base, let minus):
      let (bd, bc) = evaluate(base)
      let (md, mc) = evaluate(minus)
      return (bd.subtracting(md), bc.subtracting(mc))
    }
  }

  /// The criterion's matches extended by its graph operators.
  private func apply(_ c: Criterion) -> Set<String> {
    let matched = Set(nodes.values.lazy.filter { c.matches($0, rootPackage: rootPackage) }.map(\.uniqueID))
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

  private func parentsOf(_ id: String) -> Set<String> { graph.parents(of: id) }

  static func isTest(_ node: Node) -> Bool {
    node.resourceType == "test" || node.resourceType == "unit_test"
  }
}
