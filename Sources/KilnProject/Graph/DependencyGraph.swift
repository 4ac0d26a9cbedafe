/// A directed acyclic graph of nodes, with edges pointing from a parent to the child that
/// depends on it (dbt's direction: `ref('a')` inside `b` is the edge `a -> b`).
///
/// Kiln uses it with `String` ids only; the hot methods are specialized for them
/// (`@_specialize`), since generic code called across modules runs unspecialized.
///
/// Every query is deterministic: whenever several nodes are equally eligible, the smallest `ID`
/// comes first. All traversals are O(V + E) (sorting aside), so projects with tens of thousands
/// of nodes stay fast.
///
/// ```swift
/// var g = DependencyGraph<String>()
/// g.addEdge(from: "stg_orders", to: "orders")
/// try g.topologicalOrder()  // ["stg_orders", "orders"]
/// ```
public struct DependencyGraph<ID: Hashable & Comparable & Sendable>: Sendable {
  private var parentMap: [ID: Set<ID>] = [:]
  private var childMap: [ID: Set<ID>] = [:]

  /// Creates an empty graph.
  public init() {}

  /// Every node in the graph, including those without edges.
  public var nodes: Dictionary<ID, Set<ID>>.Keys { parentMap.keys }

  /// How many nodes the graph holds.
  public var count: Int { parentMap.count }

  /// How many edges the graph holds.
  public var edgeCount: Int { parentMap.values.reduce(0) { $0 + $1.count } }

  /// Whether `id` is a node of the graph.
  @_specialize(exported: true, where ID == String)
  public func contains(_ id: ID) -> Bool { parentMap[id] != nil }

  /// Adds a node without edges; adding an existing node changes nothing.
  @_specialize(exported: true, where ID == String)
  public mutating func addNode(_ id: ID) {
    if parentMap[id] == nil {
      parentMap[id] = []
      childMap[id] = []
    }
  }

  /// Adds the edge `parent -> child` (child depends on parent), adding either node if missing.
  @_specialize(exported: true, where ID == String)
  public mutating func addEdge(from parent: ID, to child: ID) {
    addNode(parent)
    addNode(child)
    parentMap[child, default: []].insert(parent)
    childMap[parent, default: []].insert(child)
  }

  /// The direct parents (dependencies) of `id`; empty for an unknown node.
  @_specialize(exported: true, where ID == String)
  public func parents(of id: ID) -> Set<ID> { parentMap[id] ?? [] }

  /// The direct children (dependents) of `id`; empty for an unknown node.
  @_specialize(exported: true, where ID == String)
  public func children(of id: ID) -> Set<ID> { childMap[id] ?? [] }

  /// The nodes upstream of `id`, at most `depth` edges away (`nil`: any distance); excludes `id`.
  @_specialize(exported: true, where ID == String)
  public func ancestors(of id: ID, depth: Int? = nil) -> Set<ID> {
    reachable(from: [id], depth: depth, along: parentMap)
  }

  /// The nodes downstream of `id`, at most `depth` edges away (`nil`: any distance); excludes `id`.
  @_specialize(exported: true, where ID == String)
  public func descendants(of id: ID, depth: Int? = nil) -> Set<ID> {
    reachable(from: [id], depth: depth, along: childMap)
  }

  /// The nodes upstream of any of `ids`, at most `depth` edges from the nearest one.
  ///
  /// Excludes the start nodes themselves unless one is upstream of another.
  public func ancestors(of ids: some Sequence<ID>, depth: Int? = nil) -> Set<ID> {
    reachable(from: ids, depth: depth, along: parentMap)
  }

  /// The nodes downstream of any of `ids`, at most `depth` edges from the nearest one.
  ///
  /// Excludes the start nodes themselves unless one is downstream of another.
  public func descendants(of ids: some Sequence<ID>, depth: Int? = nil) -> Set<ID> {
    reachable(from: ids, depth: depth, along: childMap)
  }

  /// A multi-source breadth-first search. Starting every source at distance 0 gives each node its
  /// distance to the *nearest* source, which is what a depth limit such as `2+model` means.
  private func reachable(
    from starts: some Sequence<ID>, depth: Int?, along edges: [ID: Set<ID>]
  ) -> Set<ID> {
    var found = Set<ID>()
    var frontier = Array(Set(starts))
    let sources = Set(frontier)
    var distance = 0
    var seen = sources
    while !frontier.isEmpty, depth.map({ distance < $0 }) ?? true {
      distance += 1
      var next: [ID] = []
      for id in frontier {
        for neighbour in edges[id] ?? [] {
          found.insert(neighbour)
          if seen.insert(neighbour).inserted { next.append(neighbour) }
        }
      }
      frontier = next
    }
    return found
  }

  /// The graph restricted to `keep`: those nodes and the edges between them.
  @_specialize(exported: true, where ID == String)
  public func subgraph(_ keep: Set<ID>) -> DependencyGraph<ID> {
    var g = DependencyGraph<ID>()
    for id in keep where contains(id) {
      g.addNode(id)
      for parent in parentMap[id] ?? [] where keep.contains(parent) {
        g.addEdge(from: parent, to: id)
      }
    }
    return g
  }
}
