import KilnCompiler
import KilnProject

/// What a worker builds: a compiled model or a seed.
public enum Job: Sendable {
  /// A model (view, table, incremental, ephemeral).
  case model(CompiledNode)
  /// A seed CSV.
  case seed(ParsedNode)

  /// The node's unique id.
  public var id: String {
    switch self {
    case .model(let c): return c.id
    case .seed(let p): return p.id
    }
  }

  /// The parsed node.
  public var parsed: ParsedNode {
    switch self {
    case .model(let c): return c.parsed
    case .seed(let p): return p
    }
  }
}
