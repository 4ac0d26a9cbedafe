internal import CSQLite

/// One prepared SQLite statement; finalized when released.
///
/// Created by `SQLiteConnection` (which caches statements it reuses); binds `SQLValue`s by
/// position and steps rows.
final class SQLiteStatement {
  let handle: OpaquePointer
  /// The SQL text of this statement alone (for a script, one statement of it).
  let sql: String
  unowned let connection: SQLiteConnection

  init(handle: OpaquePointer, sql: String, connection: SQLiteConnection) {
    self.handle = handle
    self.sql = sql
    self.connection = connection
  }

  deinit { sqlite3_finalize(handle) }

  /// Number of `?` parameters.
  var parameterCount: Int { Int(sqlite3_bind_parameter_count(handle)) }

  /// Resets the statement and binds `values` to parameters 1…n.
  func bind(_ values: [SQLValue]) throws {
    sqlite3_reset(handle)
    sqlite3_clear_bindings(handle)
    guard values.count == parameterCount else {
      throw AdapterError(
        .statement, adapter: .sqlite,
        message: "statement has \(parameterCount) parameters but \(values.count) values were given",
        resultCode: SQLITE_RANGE, sql: sql)
    }
    for (i, value) in values.enumerated() {
      try bind(value, at: Int32(i + 1))
    }
  }

  /// Binds one value to the 1-based parameter `index`.
  func bind(_ value: SQLValue, at index: Int32) throws {
    let rc: Int32
    switch value {
    case .null: rc = sqlite3_bind_null(handle, index)
    case .integer(let i): rc = sqlite3_bind_int64(handle, index, i)
    case .real(let d): rc = sqlite3_bind_double(handle, index, d)
    case .text(let s):
      // SQLITE_TRANSIENT makes SQLite copy the bytes, which only live during this call.
      rc = s.withCString {
        sqlite3_bind_text(handle, index, $0, Int32(s.utf8.count), kiln_sqlite_transient())
      }
    case .blob(let bytes):
      rc = bytes.withUnsafeBytes {
        sqlite3_bind_blob(
          handle, index, $0.baseAddress, Int32(bytes.count), kiln_sqlite_transient())
      }
    }
    try connection.check(rc, sql: sql)
  }

  /// Advances to the next row; false when done.
  func step() throws -> Bool {
    let rc = sqlite3_step(handle)
    if rc == SQLITE_ROW { return true }
    if rc == SQLITE_DONE { return false }
    // The statement's error lives on the connection; reset so the statement can be reused.
    defer { sqlite3_reset(handle) }
    try connection.check(rc, sql: sql)
    return false
  }

  /// Result column names.
  var columnNames: [String] {
    (0..<sqlite3_column_count(handle)).map { String(cString: sqlite3_column_name(handle, $0)) }
  }

  /// Declared types of result columns that are direct table columns.
  var declaredTypes: [String?] {
    (0..<sqlite3_column_count(handle)).map { i in
      sqlite3_column_decltype(handle, i).map { String(cString: $0) }
    }
  }

  /// The current row's values.
  func row() -> [SQLValue] {
    (0..<sqlite3_column_count(handle)).map { value(at: $0) }
  }

  /// The value of column `i` of the current row.
  func value(at i: Int32) -> SQLValue {
    switch sqlite3_column_type(handle, i) {
    case SQLITE_INTEGER: return .integer(sqlite3_column_int64(handle, i))
    case SQLITE_FLOAT: return .real(sqlite3_column_double(handle, i))
    case SQLITE_TEXT:
      guard let p = sqlite3_column_text(handle, i) else { return .text("") }
      let n = Int(sqlite3_column_bytes(handle, i))
      return .text(String(decoding: UnsafeBufferPointer(start: p, count: n), as: UTF8.self))
    case SQLITE_BLOB:
      let n = Int(sqlite3_column_bytes(handle, i))
      guard let p = sqlite3_column_blob(handle, i), n > 0 else { return .blob([]) }
      return .blob(Array(UnsafeRawBufferPointer(start: p, count: n)))
    default: return .null
    }
  }

  /// Steps to the end, collecting every row.
  func allRows() throws -> [[SQLValue]] {
    var rows: [[SQLValue]] = []
    while try step() { rows.append(row()) }
    return rows
  }
}

@available(*, unavailable) extension SQLiteStatement: Sendable {}
