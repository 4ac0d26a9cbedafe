/// The kind of a dbt resource, spelled as in unique ids and `resource_type`.
public enum ResourceType: String, Sendable, Hashable, CaseIterable {
  case model, seed, test, snapshot, analysis, source, operation
}
