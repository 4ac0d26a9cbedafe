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
  /// A unit test (`unit_tests:`), compiled when it runs.
  case unitTest(UnitTestCase)
  /// A snapshot (type-2 history of its query), compiled to its select.
  case snapshot(CompiledNode)

  /// The node's unique id.
  public var id: String { parsed.id }

  /// The parsed node.
  public var parsed: ParsedNode {
    switch self {
    case .model(let c), .test(let c), .snapshot(let c): return c.parsed
    case .seed(let p): return p
    case .unitTest(let u): return u.node
    }
  }

  /// Whether this result should skip the nodes downstream: any error or failure, as dbt's
  /// `build` marks dependents of an `error` or `fail` result (a `warn` test reaches `fail`
  /// only under `--warn-error`).
  public func blocksDescendants(_ r: NodeResult) -> Bool { r.isFailure }
}
