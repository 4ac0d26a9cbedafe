extension Criterion {
  /// Whether the method and value match `node` itself, before any graph operator.
  ///
  /// Semantics per method follow docs.getdbt.com/reference/node-selection/methods.
  func matches(_ node: some SelectableNode, rootPackage: String?) -> Bool {
    switch method {
    case .fqn:
      // dbt's fqn method looks only at parsed nodes and unit tests: `dbt ls -s shop` lists no
      // sources even though their fqn starts with `shop` (checked against dbt-core 1.10).
      return !Self.notInFQNSearch.contains(node.resourceType) && Self.fqnMatches(value, node.fqn)
    case .tag: return node.tags.contains { Glob.matches(value, $0) }
    case .path: return Glob.matchesPathPrefix(value, node.originalFilePath)
    case .file:
      guard let file = Glob.components(node.originalFilePath).last else { return false }
      let stem = file.lastIndex(of: ".").map { String(file[..<$0]) } ?? file
      return Glob.matches(value, file) || Glob.matches(value, stem)
    case .resourceType: return value == node.resourceType
    case .package:
      // `package:this` names the root project (dbt's "this" package shorthand).
      let wanted = value == "this" ? (rootPackage ?? value) : value
      return Glob.matches(wanted, node.packageName)
    // Config values compare exactly: `config.materialized:t*` selects nothing in dbt 1.10.
    case .config: return node.configValues(at: methodArgs).contains(value)
    case .source: return sourceMatches(node)
    case .testType:
      switch value {
      case "unit": return node.resourceType == "unit_test"
      case "data": return node.resourceType == "test"
      default: return node.resourceType == "test" && node.testType == value
      }
    case .testName:
      return node.resourceType == "test" && node.testName.map { Glob.matches(value, $0) } == true
    case .exposure, .metric, .semanticModel, .savedQuery, .unitTest:
      return node.resourceType == method.resourceTypeSelectedByName
        && Glob.matches(value, node.name)
    }
  }

  /// `source:raw`, `source:raw.orders` or `source:pkg.raw.orders`, each part a glob.
  private func sourceMatches(_ node: some SelectableNode) -> Bool {
    guard node.resourceType == "source", let source = node.sourceName else { return false }
    let parts = value.split(separator: ".", omittingEmptySubsequences: false).map(String.init)
    let have: [String] =
      switch parts.count {
      case 1: [source]
      case 2: [source, node.name]
      default: [node.packageName, source, node.name]
      }
    return zip(parts, have).allSatisfy { Glob.matches($0, $1) }
  }

  static let notInFQNSearch: Set<String> = [
    "source", "exposure", "metric", "semantic_model", "saved_query",
  ]

  /// dbt's fqn matching: the selector is exactly the node's name (`orders`), or a dotted prefix
  /// of its fqn, with or without the package (`shop.staging`, `staging.stg_orders`). Each dotted
  /// part is a glob matched against one fqn part (`sta*`, `*.st?_orders`), but the whole-name
  /// shortcut is not a glob: `stg_*` selects nothing in dbt 1.10, while `*.stg_*` works.
  static func fqnMatches(_ selector: String, _ fqn: [String]) -> Bool {
    qualifiedMatches(selector, fqn)
      || (fqn.count > 1 && qualifiedMatches(selector, Array(fqn.dropFirst())))
  }

  private static func qualifiedMatches(_ selector: String, _ fqn: [String]) -> Bool {
    guard let leaf = fqn.last else { return false }
    if selector == leaf { return true }
    // Dots inside a name (versioned models, `a.b` folders) act as separators too.
    let flat = fqn.flatMap { $0.split(separator: ".").map(String.init) }
    let parts = selector.split(separator: ".", omittingEmptySubsequences: false).map(String.init)
    guard parts.count <= flat.count else { return false }
    return zip(parts, flat).allSatisfy { Glob.matches($0, $1) }
  }
}
