import KilnProject

/// A parsed node or source as node selection sees it.
public struct SelectionNode: SelectableNode {
  public var uniqueID: String
  public var name: String
  public var resourceType: String
  public var packageName: String
  public var fqn: [String]
  public var originalFilePath: String
  public var tags: [String]
  public var materialized: String?
  public var sourceName: String?
  public var testType: String?
  public var testName: String?
  let config: NodeConfig?

  public func configValues(at key: [String]) -> [String] {
    guard let config, let first = key.first else { return [] }
    var v = config.exported[first]
    for k in key.dropFirst() { v = v?.dictValue?[k] }
    switch v {
    case .list(let l)?: return l.compactMap(\.scalarText)
    case let s?: return s.scalarText.map { [$0] } ?? []
    case nil: return []
    }
  }
}

extension ParsedProject {
  /// Every node and source, for selection.
  public var selectionNodes: [SelectionNode] {
    var out: [SelectionNode] = nodes.values.map { p in
      SelectionNode(
        uniqueID: p.id, name: p.node.name, resourceType: p.node.resourceType.rawValue,
        packageName: p.node.packageName, fqn: p.node.fqn, originalFilePath: p.node.originalFilePath,
        tags: p.config.tags, materialized: p.config.materialized, sourceName: nil,
        testType: p.node.resourceType == .test ? (p.genericTest == nil ? "singular" : "generic") : nil,
        testName: p.genericTest?.testName, config: p.config)
    }
    for s in project.sources.values {
      out.append(
        SelectionNode(
          uniqueID: s.uniqueID, name: s.name, resourceType: "source", packageName: s.packageName,
          fqn: s.fqn, originalFilePath: s.originalFilePath, tags: s.tags, materialized: nil,
          sourceName: s.sourceName, testType: nil, testName: nil, config: s.config))
    }
    return out
  }

  /// Selected unique ids for `--select`/`--exclude` (all nodes when `select` is empty).
  public func select(_ select: [String], exclude: [String]) throws -> Set<String> {
    // No selection means every node: skip building the selector over tens of thousands of nodes.
    if select.isEmpty && exclude.isEmpty {
      return Set(nodes.keys).union(project.sources.keys)
    }
    let expr = try SelectorParser.parse(select: select, exclude: exclude)
    let selector = NodeSelector(nodes: selectionNodes, graph: graph, rootPackage: project.name)
    return selector.select(expr)
  }
}
