import KilnCompiler
import KilnProject

/// What a worker runs: a compiled model, a seed, or a data test.
public enum Job: Sendable {
  /// A model (view, table, incremental, ephemeral).
  case model(CompiledNode)
  /// A seed CSV.
  case seed(ParsedNode)
  /// A data test (generic or singular), compiled to its failing-row query.
  case test(CompiledNode)
  /// A snapshot (type-2 history of its query), compiled to its select.
  case snapshot(CompiledNode)

  /// The node's unique id.
  public var id: String { parsed.id }

  /// The parsed node.
  public var parsed: ParsedNode {
    switch self {
    case .model(let c), .test(let c), .snapshot(let c): return c.parsed
    case .seed(let p): return p
    }
  }

  /// Whether this result should skip the nodes downstream: a model or seed that failed, or a
  /// test that failed or errored with severity `error` (a `warn` test never blocks).
  public func blocksDescendants(_ r: NodeResult) -> Bool {
    guard r.isFailure else { return false }
    if case .test(let c) = self { return !TestQuery.isWarnOnly(c.parsed.config) }
    return true
  }
}
