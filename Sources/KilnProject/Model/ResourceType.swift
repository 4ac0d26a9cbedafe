/// The kind of a dbt resource, spelled as in unique ids and `resource_type`.
public enum ResourceType: String, Sendable, Hashable, CaseIterable {
  /// One of dbt's node types (`operation` is a run hook).
  case model, seed, test, snapshot, analysis, source, operation
}
