/// A layered drawing of the DAG: every node's layer (longest path from a root, so sources and
/// seeds come first and marts last), its order within the layer, and coordinates.
///
/// Layers follow Sugiyama's scheme: longest-path layering, then a few barycenter sweeps
/// (down and up) to reduce crossings, then evenly spaced positions. O(sweeps × edges log n).
public struct GraphLayout: Sendable {
  /// A placed node.
  public struct Position: Sendable, Hashable {
    /// 0 for roots.
    public var layer: Int
    /// Order within the layer, 0 at the top.
    public var order: Int
    /// Left edge, in pixels.
    public var x: Int
    /// Top edge, in pixels.
    public var y: Int
  }
  /// Positions by node id.
  public var positions: [String: Position]
  /// The drawing's size.
  public var width: Int
  /// The drawing's size.
  public var height: Int

  /// Box size and spacing used for coordinates.
  public static let nodeWidth = 190, nodeHeight = 34, layerGap = 80, rowGap = 16

  /// Lays out `ids` with `parents(id)` restricted to `ids`.
  public init(ids: [String], parents: (String) -> [String]) {
    let idSet = Set(ids)
    var ps: [String: [String]] = [:]
    var cs: [String: [String]] = [:]
    for id in ids {
      let p = parents(id).filter { idSet.contains($0) && $0 != id }.sorted()
      ps[id] = p
      for x in p { cs[x, default: []].append(id) }
    }
    // Longest path from a root, in topological order (Kahn's algorithm; a cycle's remaining
    // nodes go in the last layer rather than looping).
    var indegree = ps.mapValues(\.count)
    var queue = ids.filter { indegree[$0] == 0 }.sorted()
    var layer: [String: Int] = [:]
    var head = 0
    while head < queue.count {
      let id = queue[head]
      head += 1
      let l = (ps[id] ?? []).map { (layer[$0] ?? 0) + 1 }.max() ?? 0
      layer[id] = l
      for c in cs[id] ?? [] {
        indegree[c, default: 0] -= 1
        if indegree[c] == 0 { queue.append(c) }
      }
    }
    let maxLayer = layer.values.max() ?? 0
    for id in ids where layer[id] == nil { layer[id] = maxLayer + 1 }
    var layers = Array(repeating: [String](), count: (layer.values.max() ?? 0) + 1)
    for id in ids.sorted() { layers[layer[id] ?? 0].append(id) }
    var order: [String: Double] = [:]
    func number() { for l in layers { for (i, id) in l.enumerated() { order[id] = Double(i) } } }
    number()
    func sweep(_ range: [Int], neighbours: [String: [String]]) {
      for li in range {
        let bary: [String: Double] = Dictionary(
          uniqueKeysWithValues: layers[li].map { id in
            let ns = neighbours[id] ?? []
            return (id, ns.isEmpty ? order[id] ?? 0 : ns.reduce(0) { $0 + (order[$1] ?? 0) } / Double(ns.count))
          })
        layers[li].sort { (bary[$0] ?? 0, $0) < (bary[$1] ?? 0, $1) }
        for (i, id) in layers[li].enumerated() { order[id] = Double(i) }
      }
    }
    for _ in 0..<4 {
      if layers.count > 1 {
        sweep(Array(1..<layers.count), neighbours: ps)
        sweep(Array((0..<layers.count - 1).reversed()), neighbours: cs)
      }
    }
    let tallest = layers.map(\.count).max() ?? 0
    let rowH = GraphLayout.nodeHeight + GraphLayout.rowGap
    var pos: [String: Position] = [:]
    for (li, l) in layers.enumerated() {
      // Centre short layers against the tallest one.
      let offset = (tallest - l.count) * rowH / 2
      for (i, id) in l.enumerated() {
        pos[id] = Position(
          layer: li, order: i, x: 20 + li * (GraphLayout.nodeWidth + GraphLayout.layerGap), y: 20 + offset + i * rowH)
      }
    }
    positions = pos
    width = 40 + layers.count * (GraphLayout.nodeWidth + GraphLayout.layerGap)
    height = 40 + tallest * rowH
  }
}
