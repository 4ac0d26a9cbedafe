/// A parsed `--select` / `--exclude` expression.
///
/// Space-separated criteria form a union, comma-joined ones an intersection, and `--exclude`
/// subtracts (docs.getdbt.com/reference/node-selection/set-operators).
public indirect enum SelectionExpression: Hashable, Sendable {
  /// Nodes matched by any of the parts.
  case union([SelectionExpression])
  /// Nodes matched by every part.
  case intersection([SelectionExpression])
  /// Nodes matched by the first expression and not by the second.
  case exclude(SelectionExpression, SelectionExpression)
  /// One criterion.
  case atom(Criterion)

  /// Every node: what dbt selects when no `--select` is given. The fqn method skips sources,
  /// exposures and the semantic-layer nodes, so they are named separately, as dbt's own default
  /// (`fqn:* source:* exposure:* ...`) does.
  public static let all = SelectionExpression.union(
    [
      SelectionMethod.fqn, .source, .exposure, .metric, .semanticModel, .savedQuery,
    ].map { .atom(Criterion(method: $0, value: "*")) })
}

extension SelectionExpression: CustomStringConvertible {
  /// The expression in selector syntax, parenthesised where needed to read unambiguously.
  public var description: String {
    switch self {
    case .atom(let c): c.description
    case .union(let parts): parts.map(\.description).joined(separator: " ")
    case .intersection(let parts):
      parts.map { if case .atom = $0 { $0.description } else { "(\($0))" } }.joined(separator: ",")
    case .exclude(let base, let minus): "(\(base)) --exclude (\(minus))"
    }
  }
}
