import KilnBase

/// A dependency cycle, as the closed path `a -> b -> c -> a` along parent-to-child edges.
///
/// The path starts at the cycle's smallest node, so the same graph always reports the same text.
public struct GraphCycle<ID: Hashable & Sendable>: Error, Sendable {
  /// The nodes on the cycle, with the first one repeated at the end (`[a, a]` for a self-loop).
  public let path: [ID]

  /// Creates a cycle from its closed path.
  public init(path: [ID]) { self.path = path }

  /// A P0401 error in dbt's wording: `found a cycle: model.p.a --> model.p.b --> model.p.a`.
  public func diagnostic(naming name: (ID) -> String = { "\($0)" }) -> Diagnostic {
    // dbt-core reports cycles as "Found a cycle: x --> y --> x" (core/dbt/compilation.py);
    // keep the arrow so messages read the same to dbt users.
    Diagnostic(
      code: "P0401", "found a cycle: " + path.map(name).joined(separator: " --> "),
      hint: "a model cannot depend on itself, directly or through other nodes; remove one of "
        + "these references")
  }
}

extension GraphCycle: CustomStringConvertible {
  /// The cycle as `a -> b -> a`.
  public var description: String { path.map { "\($0)" }.joined(separator: " -> ") }
}
