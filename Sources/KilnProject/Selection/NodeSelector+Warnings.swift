import KilnBase

extension NodeSelector {
  /// P0502 warnings for criteria that match no node, as dbt warns "The selection criterion
  /// 'x' does not match any enabled nodes"; a near-miss node name becomes the hint.
  public func unmatchedCriteria(in expression: SelectionExpression) -> [Diagnostic] {
    var warnings: [Diagnostic] = []
    var seen = Set<Criterion>()
    for c in expression.userCriteria where seen.insert(c).inserted {
      guard !nodes.values.contains(where: { c.matches($0, rootPackage: rootPackage) }) else {
        continue
      }
      var hint: String?
      if [.fqn, .file].contains(c.method), !c.value.contains(".") {
        hint = Suggest.hint(for: c.value, in: Set(nodes.values.map(\.name)))
      }
      warnings.append(
        Diagnostic(
          .warning, code: "P0502",
          "the selection criterion `\(c)` does not match any enabled nodes", hint: hint))
    }
    return warnings
  }
}

extension SelectionExpression {
  /// Every criterion in the expression, left to right.
  public var criteria: [Criterion] {
    switch self {
    case .atom(let c): [c]
    case .union(let parts), .intersection(let parts): parts.flatMap(\.criteria)
    case .exclude(let base, let minus): base.criteria + minus.criteria
    }
  }

  /// The criteria a user wrote: those of the implicit "every node" default are left out, since
  /// a project without exposures should not hear that `exposure:*` matched nothing.
  var userCriteria: [Criterion] {
    switch self {
    case _ where self == .all: []
    case .atom(let c): [c]
    case .union(let parts), .intersection(let parts): parts.flatMap(\.userCriteria)
    case .exclude(let base, let minus): base.userCriteria + minus.userCriteria
    }
  }
}
