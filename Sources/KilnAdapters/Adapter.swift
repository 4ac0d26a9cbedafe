/// The warehouses Kiln can talk to (the profile's `type:`).
public enum AdapterType: String, Sendable, Hashable, CaseIterable {
  /// dbt-sqlite's profile type; schemas are attached database files.
  case sqlite
  /// dbt-postgres's profile type.
  case postgres
}

/// Receives the text of every statement a connection executes on the caller's behalf, in order.
///
/// The runner writes these to `target/run/`; tests assert the exact statements.
public typealias StatementRecorder = (String) -> Void

/// Rows returned by a query.
public struct QueryResult: Hashable, Sendable {
  /// Column names in select-list order.
  public var columns: [String]
  /// Declared types of result columns that come straight from a table column, else nil.
  public var declaredTypes: [String?]
  /// The rows, each with one value per column.
  public var rows: [[SQLValue]]

  /// Creates a result.
  public init(columns: [String], declaredTypes: [String?], rows: [[SQLValue]]) {
    self.columns = columns
    self.declaredTypes = declaredTypes
    self.rows = rows
  }

  /// The value of the first column of the first row, if any (for `select count(*) …`).
  public var scalar: SQLValue? { rows.first?.first }
}

/// Cancels what a connection is running, callable from any thread.
public protocol Interrupter: Sendable {
  /// Makes the running statement fail promptly with an `interrupted` error.
  func interrupt()
}

/// What the compiler and runner need from a warehouse connection, whatever the adapter.
///
/// A connection belongs to one worker at a time and is not `Sendable`; only its
/// `makeInterrupter()` result crosses threads.
public protocol DatabaseConnection: AnyObject {
  /// Which adapter this is.
  var adapterType: AdapterType { get }
  /// Called with each statement run through `execute`, `query`, `run`, transactions and
  /// `insertRows` (not with the adapter's own introspection queries).
  var recorder: StatementRecorder? { get set }

  /// Runs a script of one or more statements, discarding any rows.
  func execute(_ sql: String) throws
  /// Runs one statement with bound parameters and returns its rows.
  func query(_ sql: String, _ params: [SQLValue]) throws -> QueryResult
  /// Runs one statement with bound parameters and returns the number of rows it changed.
  @discardableResult func run(_ sql: String, _ params: [SQLValue]) throws -> Int

  /// Starts a transaction.
  func begin() throws
  /// Commits the open transaction.
  func commit() throws
  /// Rolls back the open transaction.
  func rollback() throws
  /// Runs `body` in a transaction (a savepoint when one is already open); rolls back if it throws.
  func transaction<T>(_ body: () throws -> T) throws -> T

  /// The type of `schema.name`, or nil when no such relation exists.
  func relationType(schema: String, name: String) throws -> RelationType?
  /// Tables and views in a schema, sorted by name.
  func listRelations(schema: String) throws -> [Relation]
  /// Columns of `schema.name` in table order (empty when it does not exist).
  func columns(schema: String, name: String) throws -> [DatabaseColumn]
  /// Makes sure the schema exists, creating it if needed.
  func ensureSchema(_ name: String) throws
  /// Views that must be dropped and recreated when `schema.name` is replaced.
  func dependentViews(schema: String, name: String) throws -> [DependentView]

  /// Quotes an identifier for this dialect.
  func quote(_ identifier: String) -> String
  /// Inserts rows in batches inside one transaction and returns how many were inserted.
  @discardableResult func insertRows(
    schema: String, table: String, columns: [String], rows: [[SQLValue]]
  ) throws -> Int

  /// Loads the rows `source` produces, batch by batch, inside one transaction (a savepoint
  /// when one is open), and returns how many were inserted. Text reaches the database as text
  /// converted by the column's type, as with `insertRows`; only a batch is in memory at a time.
  @discardableResult func loadRows(
    schema: String, table: String, columns: [String], from source: any BulkRowSource
  ) throws -> Int

  /// A handle that cancels the running statement from another thread.
  func makeInterrupter() -> any Interrupter
}

extension DatabaseConnection {
  /// Runs one statement without parameters and returns its rows.
  public func query(_ sql: String) throws -> QueryResult { try query(sql, []) }
}
