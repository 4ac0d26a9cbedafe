import KilnBase
import OrderedCollections

/// An `exposures:` entry of a properties file: a dashboard, notebook or application that reads
/// the project's models, as dbt declares it.
public struct ExposureDefinition: Sendable {
  /// `exposure.<package>.<name>`.
  public var uniqueID: String
  /// Its name.
  public var name: String
  /// Package (project) name.
  public var packageName: String
  /// `dashboard`, `notebook`, `analysis`, `ml` or `application`.
  public var type: String
  /// Owner's name, if given.
  public var ownerName: String?
  /// Owner's email, if given.
  public var ownerEmail: String?
  /// Description (may use `{{ doc() }}`).
  public var description: String
  /// Display label.
  public var label: String?
  /// `high`, `medium` or `low`.
  public var maturity: String?
  /// Link to it.
  public var url: String?
  /// `depends_on` entries as written: `ref('orders')`, `source('billing', 'invoices')`.
  public var dependsOn: [(text: String, span: SourceSpan?)]
  /// `meta`.
  public var meta: OrderedDictionary<String, ConfigValue>
  /// `tags`.
  public var tags: [String]
  /// Properties file, relative to the project root.
  public var originalFilePath: String
  /// `[package, folders…, name]`.
  public var fqn: [String]
  /// The entry's place, for errors.
  public var span: SourceSpan?
}
