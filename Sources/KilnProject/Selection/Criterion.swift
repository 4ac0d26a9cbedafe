/// One selection criterion with its graph operators, e.g. `2+tag:nightly+` or `@stg_orders`.
///
/// See dbt's "Graph operators" page (docs.getdbt.com/reference/node-selection/graph-operators).
public struct Criterion: Hashable, Sendable {
  /// How `value` is matched.
  public var method: SelectionMethod
  /// Dotted arguments of the method: `["materialized"]` in `config.materialized:view`.
  public var methodArgs: [String]
  /// The value to match; may contain the wildcards `*`, `?` and `[...]`.
  public var value: String
  /// Whether `+` before the value also selects ancestors.
  public var includeParents: Bool
  /// The most edges upward to follow (`2+m`); nil for any distance.
  public var parentsDepth: Int?
  /// Whether `+` after the value also selects descendants.
  public var includeChildren: Bool
  /// The most edges downward to follow (`m+3`); nil for any distance.
  public var childrenDepth: Int?
  /// `@m`: the node, its descendants, and every ancestor of those descendants.
  public var childrensParents: Bool

  /// Creates a criterion.
  public init(
    method: SelectionMethod, methodArgs: [String] = [], value: String,
    includeParents: Bool = false, parentsDepth: Int? = nil, includeChildren: Bool = false,
    childrenDepth: Int? = nil, childrensParents: Bool = false
  ) {
    self.method = method
    self.methodArgs = methodArgs
    self.value = value
    self.includeParents = includeParents
    self.parentsDepth = parentsDepth
    self.includeChildren = includeChildren
    self.childrenDepth = childrenDepth
    self.childrensParents = childrensParents
  }
}

extension Criterion: CustomStringConvertible {
  /// The criterion in selector syntax, with the method spelled out: `2+fqn:orders+`.
  public var description: String {
    var s = childrensParents ? "@" : ""
    if includeParents { s += (parentsDepth.map(String.init) ?? "") + "+" }
    s += ([method.rawValue] + methodArgs).joined(separator: ".") + ":" + value
    if includeChildren { s += "+" + (childrenDepth.map(String.init) ?? "") }
    return s
  }
}
