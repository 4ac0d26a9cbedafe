import KilnBase
import OrderedCollections

/// A generic data test as written in a properties file, before it is turned into SQL.
///
/// ```yaml
/// columns:
///   - name: status
///     data_tests:
///       - accepted_values:
///           arguments: {values: [placed, shipped]}   # dbt 1.10 form; top-level keys also work
///           config: {severity: warn}
/// ```
public struct TestSpec: Sendable, Hashable {
  /// The test: `unique`, `not_null`, `accepted_values`, `relationships` or `package.name`.
  public var name: String
  /// The namespace part of `package.name`, if any.
  public var namespace: String? {
    name.utf8.firstIndex(of: UInt8(ascii: ".")).map { String(name[..<$0]) }
  }
  /// The test's own name without a namespace.
  public var testName: String {
    guard let dot = name.utf8.firstIndex(of: UInt8(ascii: ".")) else { return name }
    return String(name[name.utf8.index(after: dot)...])
  }
  /// A user-given `name:` overriding the synthesized test name.
  public var customName: String?
  /// `description`, when given.
  public var description: String?
  /// Arguments in file order (`values`, `to`, `field`...), from beside the name or `arguments:`.
  public var arguments: OrderedDictionary<String, YAMLValue>
  /// Config from `config:` and config keys written beside the arguments.
  public var config: NodeConfig
  /// What the test is attached to.
  public var attachedTo: TestTarget
  /// Where the test entry is written.
  public var span: SourceSpan
  /// The properties file, relative to the project root.
  public var originalFilePath: String
  /// The package that defines it.
  public var packageName: String
  /// `[package, *folders of the yml]`: the test's fqn without its synthesized name.
  public var fqnPrefix: [String]
}

/// The resource (and optionally column) a generic test is attached to.
public struct TestTarget: Sendable, Hashable {
  /// model, seed, snapshot or source.
  public var resourceType: ResourceType
  /// The model/seed/snapshot name, or the source table's name.
  public var name: String
  /// For sources, the source's name.
  public var sourceName: String?
  /// The column, for column-level tests (or `column_name:` given explicitly).
  public var column: String?
  /// Creates a target.
  public init(
    resourceType: ResourceType, name: String, sourceName: String? = nil, column: String? = nil
  ) {
    self.resourceType = resourceType
    self.name = name
    self.sourceName = sourceName
    self.column = column
  }
}
