internal import CSQLite
import Foundation

/// One open SQLite database (plus its attached schema files), used by one worker at a time.
///
/// ```swift
/// let db = try SQLiteConnection.open(SQLiteTargetConfig(path: "dev.db", baseDirectory: dir))
/// try db.execute("create table t (x int); insert into t values (1)")
/// let n = try db.query("select count(*) from t").scalar   // .integer(1)
/// ```
public final class SQLiteConnection {
  /// The `sqlite3*`; closed in `deinit`.
  let db: OpaquePointer
  /// Where new schemas become `<schemaDirectory>/<name>.db` (nil: `ensureSchema` cannot create).
  public let schemaDirectory: String?
  /// Receives each statement run through the public API (see `DatabaseConnection.recorder`).
  ///
  /// Recorded here rather than with `sqlite3_trace_v2(SQLITE_TRACE_STMT)`: the trace hook also
  /// fires for the adapter's own introspection, pragmas and ATTACH statements, which must not
  /// end up in `target/run/` files, and it needs an unmanaged context pointer back to `self`.
  /// Recording at the API gives exactly the statements the caller ran, in order, one entry per
  /// statement of a script (split at the same place SQLite's tail loop splits it).
  public var recorder: StatementRecorder?
  /// Reused statements keyed by SQL text (GRDB's `cachedStatement`); finalized before close.
  private var statementCache: [String: SQLiteStatement] = [:]
  private let interruptHandle: SQLiteInterruptHandle
  var savepointDepth = 0

  /// Milliseconds a statement waits for another connection's lock before failing with BUSY.
  /// SQLite has one writer at a time, so with several threads a worker waits for the others'
  /// whole builds (a table with its audit tests inside one transaction can take longer than a
  /// few seconds on a large project); a minute keeps that from failing a build.
  public static let busyTimeoutMilliseconds: Int32 = 60_000
  private static let statementCacheLimit = 128

  /// Opens (creating if missing) the database file at `path`, or `:memory:`.
  ///
  /// `SQLITE_OPEN_NOMUTEX` because each connection belongs to one worker, so SQLite's own
  /// per-connection mutex would only add cost (sqlite.org/threadsafe.html, "multi-thread" mode).
  public init(path: String, schemaDirectory: String? = nil) throws {
    var handle: OpaquePointer?
    let flags = SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX
    let rc = sqlite3_open_v2(path, &handle, flags, nil)
    guard let handle else {
      throw AdapterError(
        .connection, adapter: .sqlite, message: "cannot allocate a connection for \(path)",
        resultCode: rc)
    }
    guard rc == SQLITE_OK else {
      let message = String(cString: sqlite3_errmsg(handle))
      sqlite3_close_v2(handle)
      throw AdapterError(
        .connection, adapter: .sqlite, message: "cannot open \(path): \(message)", resultCode: rc)
    }
    self.db = handle
    self.schemaDirectory = schemaDirectory
    self.interruptHandle = SQLiteInterruptHandle(handle)
    sqlite3_extended_result_codes(db, 1)
    sqlite3_busy_timeout(db, Self.busyTimeoutMilliseconds)
    try SQLiteFunctions.register(on: self)
  }

  deinit {
    interruptHandle.invalidate()
    statementCache.removeAll()
    // close_v2 defers the close until any statement still alive is finalized.
    sqlite3_close_v2(db)
  }

  /// Runs a script of one or more `;`-separated statements in order, discarding rows.
  ///
  /// Each statement is prepared from the remaining text (`sqlite3_prepare_v2`'s tail), recorded,
  /// then stepped; an error reports its byte offset in the whole script.
  public func execute(_ sql: String) throws {
    let utf8 = Array(sql.utf8)
    let cString = sql.utf8CString
    let total = utf8.count
    try cString.withUnsafeBufferPointer { buffer in
      guard let start = buffer.baseAddress else { return }
      var offset = 0
      while offset < total {
        var stmt: OpaquePointer?
        var tail: UnsafePointer<CChar>?
        let rc = sqlite3_prepare_v2(db, start + offset, Int32(total - offset), &stmt, &tail)
        try check(rc, sql: sql, offsetBase: offset)
        let next = tail.map { start.distance(to: $0) } ?? total
        // A trailing comment or whitespace prepares to no statement.
        if let stmt {
          let text = String(decoding: utf8[offset..<next], as: UTF8.self)
          let statement = SQLiteStatement(
            handle: stmt, sql: text.trimmingCharacters(in: .whitespacesAndNewlines),
            connection: self)
          recorder?(statement.sql)
          do {
            while try statement.step() {}
          } catch var error as AdapterError {
            error.sql = sql
            if let o = error.offset { error.offset = o + offset }
            throw error
          }
        }
        guard next > offset else { break }
        offset = next
      }
    }
  }

  /// Runs one statement with parameters and returns its rows (statement cached by SQL text).
  public func query(_ sql: String, _ params: [SQLValue] = []) throws -> QueryResult {
    let statement = try cachedStatement(sql)
    try statement.bind(params)
    defer { sqlite3_reset(statement.handle) }
    recorder?(sql)
    let rows = try statement.allRows()
    return QueryResult(
      columns: statement.columnNames, declaredTypes: statement.declaredTypes, rows: rows)
  }

  /// Runs one statement with parameters and returns `sqlite3_changes64` (rows changed).
  @discardableResult
  public func run(_ sql: String, _ params: [SQLValue] = []) throws -> Int {
    let statement = try cachedStatement(sql)
    try statement.bind(params)
    defer { sqlite3_reset(statement.handle) }
    recorder?(sql)
    while try statement.step() {}
    return Int(sqlite3_changes64(db))
  }

  /// A handle that cancels the running statement from another thread via `sqlite3_interrupt`.
  public func makeInterrupter() -> any Interrupter { SQLiteInterrupter(handle: interruptHandle) }

  /// The SQLite library version, e.g. `3.40.1`.
  public static var libraryVersion: String { String(cString: sqlite3_libversion()) }

  // MARK: - Internals shared by the extensions

  /// Runs an internal statement (introspection, pragmas, attach) without recording it.
  func internalQuery(_ sql: String, _ params: [SQLValue] = []) throws -> [[SQLValue]] {
    let statement = try cachedStatement(sql)
    try statement.bind(params)
    defer { sqlite3_reset(statement.handle) }
    return try statement.allRows()
  }

  /// A prepared statement for `sql`, from the cache when it was prepared before.
  func cachedStatement(_ sql: String) throws -> SQLiteStatement {
    if let cached = statementCache[sql] { return cached }
    let statement = try prepare(sql)
    // Simple bound on memory: generated SQL (bulk inserts of varying widths) is rarely reused.
    if statementCache.count >= Self.statementCacheLimit { statementCache.removeAll() }
    statementCache[sql] = statement
    return statement
  }

  /// Prepares exactly one statement; text after it (other than whitespace/comments) is an error.
  func prepare(_ sql: String) throws -> SQLiteStatement {
    var stmt: OpaquePointer?
    var tailOffset = 0
    let count = sql.utf8.count
    let rc = sql.withCString { start in
      var tail: UnsafePointer<CChar>?
      let rc = sqlite3_prepare_v2(db, start, Int32(count), &stmt, &tail)
      tailOffset = tail.map { start.distance(to: $0) } ?? count
      return rc
    }
    try check(rc, sql: sql)
    guard let stmt else {
      throw AdapterError(
        .statement, adapter: .sqlite, message: "no statement to run", resultCode: SQLITE_MISUSE,
        sql: sql)
    }
    let statement = SQLiteStatement(handle: stmt, sql: sql, connection: self)
    if tailOffset < count,
      try hasStatement(in: String(decoding: sql.utf8.dropFirst(tailOffset), as: UTF8.self))
    {
      throw AdapterError(
        .statement, adapter: .sqlite,
        message: "more than one statement given; use execute(_:) for scripts",
        resultCode: SQLITE_MISUSE, sql: sql, offset: tailOffset)
    }
    return statement
  }

  /// True when `text` holds a statement, not just whitespace, `;` or comments.
  private func hasStatement(in text: String) throws -> Bool {
    var stmt: OpaquePointer?
    let rc = sqlite3_prepare_v2(db, text, -1, &stmt, nil)
    defer { sqlite3_finalize(stmt) }
    // Anything that fails to prepare is certainly not just a comment.
    return rc != SQLITE_OK || stmt != nil
  }

  /// Throws an `AdapterError` built from the connection's state unless `rc` is OK/ROW/DONE.
  ///
  /// The single place SQLite errors are made: extended code, message, SQL, and the byte offset
  /// from `sqlite3_error_offset` (3.38+) shifted by `offsetBase` for scripts.
  func check(_ rc: Int32, sql: String?, offsetBase: Int = 0) throws {
    guard rc != SQLITE_OK, rc != SQLITE_ROW, rc != SQLITE_DONE else { return }
    let code = sqlite3_extended_errcode(db)
    let message = String(cString: sqlite3_errmsg(db))
    let rawOffset = Int(sqlite3_error_offset(db))
    let kind: AdapterError.Kind = (rc & 0xff) == SQLITE_INTERRUPT ? .interrupted : .statement
    throw AdapterError(
      kind, adapter: .sqlite, message: message, resultCode: code == 0 ? rc : code, sql: sql,
      offset: rawOffset >= 0 ? rawOffset + offsetBase : nil)
  }
}

extension SQLiteConnection: DatabaseConnection {}

@available(*, unavailable) extension SQLiteConnection: Sendable {}
