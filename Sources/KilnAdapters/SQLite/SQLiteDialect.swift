import Foundation

/// SQLite's identifier quoting and relation rendering.
public enum SQLiteDialect {
  /// Double-quotes an identifier, doubling any `"` inside: `a"b` → `"a""b"`.
  public static func quote(_ identifier: String) -> String {
    "\"" + identifier.replacingOccurrences(of: "\"", with: "\"\"") + "\""
  }

  /// `"schema"."name"`; the database part is dropped, as dbt-sqlite renders relations.
  public static func render(schema: String, name: String) -> String {
    quote(schema) + "." + quote(name)
  }

  /// A relation rendered as `"schema"."identifier"`.
  public static func render(_ relation: Relation) -> String {
    render(schema: relation.schema, name: relation.identifier)
  }
}

extension SQLiteConnection {
  /// The adapter type (`sqlite`).
  public var adapterType: AdapterType { .sqlite }

  /// Quotes an identifier with `SQLiteDialect.quote`.
  public func quote(_ identifier: String) -> String { SQLiteDialect.quote(identifier) }
}
