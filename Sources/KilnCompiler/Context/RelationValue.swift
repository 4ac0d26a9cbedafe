import KilnAdapters
import KilnJinja

/// How a dialect prints relation names: which parts are quoted and whether the database part
/// is shown.
public struct QuotePolicy: Sendable, Hashable {
  /// Quote the database part.
  public var database: Bool
  /// Quote the schema part.
  public var schema: Bool
  /// Quote the identifier.
  public var identifier: Bool
  /// Print the database part at all (SQLite has no databases, only attached schemas).
  public var includeDatabase: Bool

  /// dbt-sqlite: `main."orders"` (schema unquoted, no database).
  public static let sqlite = QuotePolicy(
    database: false, schema: false, identifier: true, includeDatabase: false)
  /// dbt-postgres: `"db"."schema"."orders"`.
  public static let postgres = QuotePolicy(
    database: true, schema: true, identifier: true, includeDatabase: true)

  /// The policy of an adapter.
  public static func of(_ type: AdapterType) -> QuotePolicy {
    type == .sqlite ? .sqlite : .postgres
  }

  func quote(_ s: String, _ yes: Bool) -> String {
    guard yes else { return s }
    // Identifiers rarely hold a quote; skip Foundation's search when none does.
    if !s.utf8.contains(UInt8(ascii: "\"")) { return "\"" + s + "\"" }
    return "\"" + s.replacingOccurrences(of: "\"", with: "\"\"") + "\""
  }

  /// Renders `database.schema.identifier` under this policy.
  public func render(database: String?, schema: String, identifier: String) -> String {
    var parts: [String] = []
    if includeDatabase, let database, !database.isEmpty { parts.append(quote(database, self.database)) }
    if !schema.isEmpty { parts.append(quote(schema, self.schema)) }
    parts.append(quote(identifier, self.identifier))
    return parts.joined(separator: ".")
  }
}

/// A warehouse relation as templates see it (`{{ ref('x') }}`, `{{ this }}`): renders as the
/// quoted name and has dbt's attributes (`schema`, `identifier`, `is_table`...).
public final class RelationValue: JinjaObject {
  /// Database part (nil on SQLite).
  public let database: String?
  /// Schema part.
  public let schema: String
  /// Relation name.
  public let identifier: String
  /// `table`, `view`, `cte` or nil when unknown.
  public let type: String?
  let policy: QuotePolicy
  /// For ephemeral models, the CTE name it renders as instead.
  let cteName: String?

  /// Creates a relation.
  public init(
    database: String?, schema: String, identifier: String, type: String?, policy: QuotePolicy,
    cteName: String? = nil
  ) {
    self.database = database
    self.schema = schema
    self.identifier = identifier
    self.type = type
    self.policy = policy
    self.cteName = cteName
  }

  /// The rendered name, e.g. `main."orders"`.
  public var renderedText: String {
    cteName ?? policy.render(database: database, schema: schema, identifier: identifier)
  }
  public var typeName: String { "Relation" }

  public func attribute(_ name: String) -> Value? {
    switch name {
    case "database": return database.map { .string($0) } ?? Value.none
    case "schema": return .string(schema)
    case "identifier", "name", "table": return .string(cteName ?? identifier)
    case "type": return type.map { .string($0) } ?? Value.none
    case "is_table": return .bool(type == "table")
    case "is_view": return .bool(type == "view")
    case "is_cte": return .bool(cteName != nil)
    case "render": return .function("render") { [self] _, _ in .string(self.renderedText) }
    case "include", "quote":
      return .function(name) { [self] a, _ in
        // include(database=False, schema=False) hides parts; quote(...) toggles quoting.
        var p = self.policy
        var showDB = p.includeDatabase
        var showSchema = true
        for (k, v) in a.keyword {
          switch (name, k) {
          case ("include", "database"): showDB = v.isTruthy
          case ("include", "schema"): showSchema = v.isTruthy
          case ("quote", "database"): p.database = v.isTruthy
          case ("quote", "schema"): p.schema = v.isTruthy
          case ("quote", "identifier"): p.identifier = v.isTruthy
          default: break
          }
        }
        p.includeDatabase = showDB
        return .object(
          RelationValue(
            database: self.database, schema: showSchema ? self.schema : "", identifier: self.identifier,
            type: self.type, policy: p, cteName: self.cteName))
      }
    case "incorporate":
      return .function("incorporate") { [self] a, _ in
        var db = self.database
        var schema = self.schema
        var ident = self.identifier
        var type = self.type
        if case .dict(let path)? = a.keyword["path"] {
          if let v = path.items[.string("database")]?.stringValue { db = v }
          if let v = path.items[.string("schema")]?.stringValue { schema = v }
          if let v = path.items[.string("identifier")]?.stringValue { ident = v }
        }
        if let t = a.keyword["type"]?.stringValue { type = t }
        return .object(
          RelationValue(database: db, schema: schema, identifier: ident, type: type, policy: self.policy))
      }
    default: return nil
    }
  }
}
