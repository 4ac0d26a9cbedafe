/// What node selection needs to know about a node, so selection works with any node type.
///
/// The project loader's node conforms; tests use a small struct.
public protocol SelectableNode: Sendable {
  /// dbt's unique id, e.g. `model.shop.stg_orders` or `source.shop.raw.orders`.
  var uniqueID: String { get }
  /// The node's name (for a source, the table name).
  var name: String { get }
  /// `model`, `test`, `seed`, `snapshot`, `source`, `analysis`, `unit_test`, ...
  var resourceType: String { get }
  /// The package that defines the node.
  var packageName: String { get }
  /// The fully qualified name: package, sub-folders, name (`[shop, staging, stg_orders]`).
  var fqn: [String] { get }
  /// The defining file relative to the project root, e.g. `models/staging/stg_orders.sql`.
  var originalFilePath: String { get }
  /// The node's tags.
  var tags: [String] { get }
  /// The configured materialization, if any.
  var materialized: String? { get }
  /// For a source table, the name of its source; nil for every other node.
  var sourceName: String? { get }
  /// For a data test, `generic` or `singular`; nil otherwise.
  var testType: String? { get }
  /// For a generic test, the test's name without namespace (`unique`, `equality`), as dbt's
  /// `test_name:` matches `test_metadata.name`; nil otherwise.
  var testName: String? { get }
  /// The values of config `key` (a path such as `["meta", "owner"]`) as strings, for
  /// `config.<key>:<value>`; a list config yields each element. Empty when unset.
  func configValues(at key: [String]) -> [String]
}

extension SelectableNode {
  /// Nodes that are not data tests have no test type.
  public var testType: String? { nil }
  /// Nodes that are not generic tests have no test name.
  public var testName: String? { nil }
  /// By default only `materialized` and `tags` are known configs.
  public func configValues(at key: [String]) -> [String] {
    switch key {
    case ["materialized"]: materialized.map { [$0] } ?? []
    case ["tags"]: tags
    default: []
    }
  }
}
