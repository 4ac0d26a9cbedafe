/// A node selector method, the part before `:` in `tag:nightly`.
///
/// See dbt's "Node selector methods" page (docs.getdbt.com/reference/node-selection/methods).
public enum SelectionMethod: String, Hashable, Sendable, CaseIterable {
  /// Fully qualified name; the default for a bare word such as `stg_orders` or `staging.*`.
  case fqn
  /// A tag of the node.
  case tag
  /// The defining file or any folder above it, relative to the project root.
  case path
  /// The defining file's name, with or without its extension.
  case file
  /// The resource type: `model`, `test`, `seed`, ...
  case resourceType = "resource_type"
  /// The defining package (`this` means the root project).
  case package
  /// A config value: `config.materialized:view`.
  case config
  /// A source (`source:raw`) or source table (`source:raw.orders`, `source:pkg.raw.orders`).
  case source
  /// A test's kind: `generic`, `singular`, `data` or `unit`.
  case testType = "test_type"
  /// A generic test's name: `test_name:unique`.
  case testName = "test_name"
  /// An exposure by name.
  case exposure
  /// A metric by name.
  case metric
  /// A semantic model by name.
  case semanticModel = "semantic_model"
  /// A saved query by name.
  case savedQuery = "saved_query"
  /// A unit test by name.
  case unitTest = "unit_test"

  /// For the methods that select one resource type by name, that resource type.
  var resourceTypeSelectedByName: String? {
    switch self {
    case .exposure, .metric, .semanticModel, .savedQuery, .unitTest: rawValue
    default: nil
    }
  }

  /// dbt methods that Kiln recognises but cannot evaluate yet; named so the error says
  /// "not supported" rather than "unknown".
  static let unsupported: Set<String> = [
    "state", "result", "source_status", "group", "access", "version", "wildcard",
  ]
}
