/// A directed acyclic graph of nodes, with edges pointing from a parent to the child that
/// depends on it (dbt's direction: `ref('a')` inside `b` is the edge `a -> b`).
///
/// Nodes are numbered in the order they are added and edges are kept as lists of those
/// numbers, so building a graph of tens of thousands of nodes hashes each id once, and
/// traversals walk arrays instead of dictionaries of sets. Kiln uses it with `String` ids only;
/// the hot methods are specialized for them (`@_specialize`), since generic code called across
/// modules runs unspecialized.
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
  /// The nodes, in the order they were added; a node's number is its place here.
  public private(set) var nodes: [ID] = []
  private var number: [ID: Int] = [:]
  /// Each node's parents and children, by number, in the order the edges were added.
  private var parentNumbers: [[Int]] = []
  private var childNumbers: [[Int]] = []
  /// Whether `nodes` is sorted, i.e. every node was added after all smaller ones (the parse
  /// phase adds them sorted); then numbers compare like ids and no sort is needed to order.
  private var addedInOrder = true

  /// Creates an empty graph.
  public init() {}

  /// How many nodes the graph holds.
  public var count: Int { nodes.count }

  /// How many edges the graph holds.
  public var edgeCount: Int { parentNumbers.reduce(0) { $0 + $1.count } }

  /// Whether `id` is a node of the graph.
  @_specialize(exported: true, where ID == String)
  public func contains(_ id: ID) -> Bool { number[id] != nil }

  /// Adds a node without edges; adding an existing node changes nothing. Returns its number.
  @_specialize(exported: true, where ID == String)
  @discardableResult
  public mutating func addNode(_ id: ID) -> Int { numbered(id) }

  /// Adds `ids` (new ones at the end, in their order) and reserves room for as many more.
  @_specialize(exported: true, where ID == String)
  public mutating func addNodes(_ ids: [ID]) {
    number.reserveCapacity(number.count + ids.count)
    nodes.reserveCapacity(nodes.count + ids.count)
    parentNumbers.reserveCapacity(parentNumbers.count + ids.count)
    childNumbers.reserveCapacity(childNumbers.count + ids.count)
    for id in ids { _ = numbered(id) }
  }

  private mutating func numbered(_ id: ID) -> Int {
    if let n = number[id] { return n }
    let n = nodes.count
    if let last = nodes.last, !(last < id) { addedInOrder = false }
    nodes.append(id)
    number[id] = n
    parentNumbers.append([])
    childNumbers.append([])
    return n
  }

  /// Adds the edge `parent -> child` (child depends on parent), adding either node if missing.
  @_specialize(exported: true, where ID == String)
  public mutating func addEdge(from parent: ID, to child: ID) {
    let p = numbered(parent)
    let c = numbered(child)
    // Degrees are small (a model's refs), so a linear check keeps edges unique.
    guard !parentNumbers[c].contains(p) else { return }
    parentNumbers[c].append(p)
    childNumbers[p].append(c)
  }

  /// The number of `id` (its place in `nodes`), or nil for an unknown node.
  @_specialize(exported: true, where ID == String)
  public func number(of id: ID) -> Int? { number[id] }

  /// Adds the edge between two nodes given by number (`number(of:)`, or the place of an id
  /// passed to `addNodes`): building a large graph without hashing an id per edge.
  public mutating func addEdge(fromNumber parent: Int, toNumber child: Int) {
    precondition(parent < nodes.count && child < nodes.count, "no node numbered \(Swift.max(parent, child))")
    guard !parentNumbers[child].contains(parent) else { return }
    parentNumbers[child].append(parent)
    childNumbers[parent].append(child)
  }

  /// The direct parents (dependencies) of `id`; empty for an unknown node.
  @_specialize(exported: true, where ID == String)
  public func parents(of id: ID) -> Set<ID> {
    guard let n = number[id] else { return [] }
    return Set(parentNumbers[n].lazy.map { nodes[$0] })
  }

  /// The direct children (dependents) of `id`; empty for an unknown node.
  @_specialize(exported: true, where ID == String)
  public func children(of id: ID) -> Set<ID> {
    guard let n = number[id] else { return [] }
    return Set(childNumbers[n].lazy.map { nodes[$0] })
  }

  /// The direct parents of `id`, sorted; empty for an unknown node.
  @_specialize(exported: true, where ID == String)
  public func sortedParents(of id: ID) -> [ID] {
    guard let n = number[id] else { return [] }
    return sortedIDs(parentNumbers[n])
  }

  /// The direct children of `id`, sorted; empty for an unknown node.
  @_specialize(exported: true, where ID == String)
  public func sortedChildren(of id: ID) -> [ID] {
    guard let n = number[id] else { return [] }
    return sortedIDs(childNumbers[n])
  }

  private func sortedIDs(_ numbers: [Int]) -> [ID] {
    if addedInOrder { return numbers.sorted().map { nodes[$0] } }
    return numbers.map { nodes[$0] }.sorted()
  }

  /// The nodes upstream of `id`, at most `depth` edges away (`nil`: any distance); excludes `id`.
  @_specialize(exported: true, where ID == String)
  public func ancestors(of id: ID, depth: Int? = nil) -> Set<ID> {
    reachable(from: [id], depth: depth, along: parentNumbers)
  }

  /// The nodes downstream of `id`, at most `depth` edges away (`nil`: any distance); excludes `id`.
  @_specialize(exported: true, where ID == String)
  public func descendants(of id: ID, depth: Int? = nil) -> Set<ID> {
    reachable(from: [id], depth: depth, along: childNumbers)
  }

  /// The nodes upstream of any of `ids`, at most `depth` edges from the nearest one.
  ///
  /// Excludes the start nodes themselves unless one is upstream of another.
  public func ancestors(of ids: some Sequence<ID>, depth: Int? = nil) -> Set<ID> {
    reachable(from: ids, depth: depth, along: parentNumbers)
  }

  /// The nodes downstream of any of `ids`, at most `depth` edges from the nearest one.
  ///
  /// Excludes the start nodes themselves unless one is downstream of another.
  public func descendants(of ids: some Sequence<ID>, depth: Int? = nil) -> Set<ID> {
    reachable(from: ids, depth: depth, along: childNumbers)
  }

  /// A multi-source breadth-first search. Starting every source at distance 0 gives each node its
  /// distance to the *nearest* source, which is what a depth limit such as `2+model` means.
  private func reachable(
    from starts: some Sequence<ID>, depth: Int?, along edges: [[Int]]
  ) -> Set<ID> {
    var seen = [Bool](repeating: false, count: nodes.count)
    var found = [Bool](repeating: false, count: nodes.count)
    var frontier: [Int] = []
    for id in starts {
      if let n = number[id], !seen[n] {
        seen[n] = true
        frontier.append(n)
      }
    }
    var out = Set<ID>()
    var distance = 0
    while !frontier.isEmpty, depth.map({ distance < $0 }) ?? true {
      distance += 1
      var next: [Int] = []
      for n in frontier {
        for neighbour in edges[n] {
          if !found[neighbour] {
            found[neighbour] = true
            out.insert(nodes[neighbour])
          }
          if !seen[neighbour] {
            seen[neighbour] = true
            next.append(neighbour)
          }
        }
      }
      frontier = next
    }
    return out
  }

  /// The graph restricted to `keep`: those nodes and the edges between them.
  @_specialize(exported: true, where ID == String)
  public func subgraph(_ keep: Set<ID>) -> DependencyGraph<ID> {
    var g = DependencyGraph<ID>()
    for id in keep.sorted() {
      guard let n = number[id] else { continue }
      g.addNode(id)
      for p in parentNumbers[n] where keep.contains(nodes[p]) {
        g.addEdge(from: nodes[p], to: id)
      }
    }
    return g
  }

  /// Each node's parents and children by number, and each number's place in sorted order
  /// (for the orderings in `DependencyGraph+Order.swift`).
  var adjacency: (parents: [[Int]], children: [[Int]], rank: [Int]) {
    let rank: [Int]
    if addedInOrder {
      rank = Array(nodes.indices)
    } else {
      var r = [Int](repeating: 0, count: nodes.count)
      for (place, n) in nodes.indices.sorted(by: { nodes[$0] < nodes[$1] }).enumerated() { r[n] = place }
      rank = r
    }
    return (parentNumbers, childNumbers, rank)
  }
}
