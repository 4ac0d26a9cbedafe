import Foundation
import KilnAdapters

/// The warehouse connection templates query through (`run_query`, `statement`,
/// `adapter.get_columns_in_relation`...). Shared by the renders of one compile, so every use of
/// the connection holds a lock.
///
/// dbt renders a model when it runs, after its parents are built. Kiln compiles everything
/// first; in that pass (`deferred`) a query that fails, or a render that fails after querying,
/// does not stop the invocation: the node is marked to render again on its worker's own
/// connection when its turn comes (`CompiledNode.rendersAtRunTime`), as dbt would render it.
public final class DatabaseAccess: @unchecked Sendable {
  // @unchecked: every use of `connection` holds `lock`.
  let connection: any DatabaseConnection
  let lock = NSLock()
  /// The compile before a run: failures defer the node to run time instead of failing.
  public let deferred: Bool

  /// Wraps `connection`; `deferred` for the compile pass that precedes a run.
  public init(_ connection: any DatabaseConnection, deferred: Bool = false) {
    self.connection = connection
    self.deferred = deferred
  }

  /// Which adapter the connection speaks.
  public var adapterType: AdapterType { connection.adapterType }

  func locked<T>(_ body: (any DatabaseConnection) throws -> T) rethrows -> T {
    lock.lock()
    defer { lock.unlock() }
    return try body(connection)
  }

  /// Runs `sql` (one statement or a script) and returns the rows of a single statement. A
  /// script (several statements) runs with `execute` and returns no rows.
  func run(_ sql: String, fetch: Bool) throws -> QueryResult {
    try locked { c in
      try c.unrecorded {
        if fetch { return try c.query(sql) }
        do { return try c.query(sql) } catch let e as AdapterError where Self.isMultiStatement(e) {
          try c.execute(sql)
          return QueryResult(columns: [], declaredTypes: [], rows: [])
        }
      }
    }
  }

  static func isMultiStatement(_ e: AdapterError) -> Bool {
    let m = e.message.lowercased()
    return m.contains("more than one statement") || m.contains("cannot insert multiple commands")
      || m.contains("multiple statements")
  }

  /// Columns of `schema.name` in table order (empty when it does not exist).
  func columns(schema: String, name: String) throws -> [DatabaseColumn] {
    try locked { try $0.columns(schema: schema, name: name) }
  }

  /// The type of `schema.name`, or nil.
  func relationType(schema: String, name: String) -> RelationType? {
    locked { try? $0.relationType(schema: schema, name: name) }
  }

  /// Creates the schemas that do not exist yet (dbt does so before `on-run-start`).
  public func ensureSchemas(_ names: [String]) throws {
    try locked { c in for n in names { try c.ensureSchema(n) } }
  }

  /// A lookup over this connection, for `is_incremental()`.
  public var lookup: RelationLookup { { [self] schema, name in self.relationType(schema: schema, name: name) } }
}
