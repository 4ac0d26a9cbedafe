/// Whether a relation in the warehouse is a table or a view (dbt's `relation.type`).
public enum RelationType: String, Sendable, Hashable {
  /// A stored table.
  case table
  /// A view.
  case view
}

/// A table or view the adapter found in a schema.
public struct Relation: Hashable, Sendable {
  /// The database (catalog); SQLite has none and dbt-sqlite drops it when rendering.
  public var database: String?
  /// The schema (on SQLite, the attached database name).
  public var schema: String
  /// The table or view name.
  public var identifier: String
  /// Table or view.
  public var type: RelationType

  /// Creates a relation.
  public init(database: String? = nil, schema: String, identifier: String, type: RelationType) {
    self.database = database
    self.schema = schema
    self.identifier = identifier
    self.type = type
  }
}

/// A column as the database reports it, in table order.
public struct DatabaseColumn: Hashable, Sendable {
  /// Column name.
  public var name: String
  /// Declared type from the DDL; empty when none. SQLite's `table_info` spells standard names
  /// its own way (`integer` → `INTEGER`, `int` → `INT`) and keeps others as written.
  public var type: String
  /// 1-based position in the table.
  public var position: Int

  /// Creates a column description.
  public init(name: String, type: String, position: Int) {
    self.name = name
    self.type = type
    self.position = position
  }
}
