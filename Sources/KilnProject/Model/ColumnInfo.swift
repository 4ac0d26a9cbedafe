import KilnBase
import OrderedCollections

/// A column described in a properties file.
public struct ColumnInfo: Sendable, Hashable {
  /// The column name as written.
  public var name: String
  /// `description`, empty when absent.
  public var description: String
  /// `data_type`, when given.
  public var dataType: String?
  /// `meta`.
  public var meta: OrderedDictionary<String, ConfigValue>
  /// `tags`.
  public var tags: [String]
  /// `quote`: whether the name is quoted in generated SQL.
  public var quote: Bool?
  /// `constraints`, kept as written.
  public var constraints: [ConfigValue]
  /// Where the column's entry starts.
  public var span: SourceSpan?

  /// Creates a column.
  public init(
    name: String, description: String = "", dataType: String? = nil,
    meta: OrderedDictionary<String, ConfigValue> = [:], tags: [String] = [], quote: Bool? = nil,
    constraints: [ConfigValue] = [], span: SourceSpan? = nil
  ) {
    self.name = name
    self.description = description
    self.dataType = dataType
    self.meta = meta
    self.tags = tags
    self.quote = quote
    self.constraints = constraints
    self.span = span
  }
}
