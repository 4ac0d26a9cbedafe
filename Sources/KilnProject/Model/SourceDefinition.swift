import KilnBase
import OrderedCollections

/// One table of a `sources:` entry, as `source('<source>', '<table>')` resolves it.
public struct SourceDefinition: Sendable, Hashable {
  /// `source.<package>.<source_name>.<table_name>`.
  public var uniqueID: String
  /// The source's `name`.
  public var sourceName: String
  /// The table's `name`.
  public var name: String
  /// The package that defines it.
  public var packageName: String
  /// `database`; nil means the target's database.
  public var database: String?
  /// `schema`, defaulting to the source name.
  public var schema: String
  /// `identifier`, defaulting to the table name.
  public var identifier: String
  /// The table's `description`.
  public var description: String
  /// The source's `description`.
  public var sourceDescription: String
  /// `loader`.
  public var loader: String
  /// `loaded_at_field` (table over source).
  public var loadedAtField: String?
  /// `freshness` (table over source), kept as written; `.null` switches it off.
  public var freshness: ConfigValue?
  /// Columns, by name.
  public var columns: OrderedDictionary<String, ColumnInfo>
  /// `meta` (source merged with table).
  public var meta: OrderedDictionary<String, ConfigValue>
  /// `tags` (source unioned with table).
  public var tags: [String]
  /// `config` (source level then table level); `enabled: false` drops the table.
  public var config: NodeConfig
  /// `[package, *folders of the yml, source_name, table_name]`.
  public var fqn: [String]
  /// The properties file, relative to the project root.
  public var originalFilePath: String
  /// Where the table entry is.
  public var span: SourceSpan
}
