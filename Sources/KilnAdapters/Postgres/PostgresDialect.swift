/// Postgres identifier quoting and relation rendering.
public enum PostgresDialect {
  /// Double-quotes an identifier, doubling any `"` inside: `a"b` → `"a""b"`.
  public static func quote(_ identifier: String) -> String {
    "\"" + identifier.replacingOccurrences(of: "\"", with: "\"\"") + "\""
  }

  /// `"schema"."name"`.
  public static func render(schema: String, name: String) -> String {
    quote(schema) + "." + quote(name)
  }
}

extension PGConnection {
  /// The adapter type (`postgres`).
  public var adapterType: AdapterType { .postgres }

  /// Quotes an identifier with `PostgresDialect.quote`.
  public func quote(_ identifier: String) -> String { PostgresDialect.quote(identifier) }
}
