internal import CPostgres

/// How `PGConnection.insertRows` sends rows to the server.
public enum PGBulkMethod: Sendable, Hashable {
  /// `COPY … FROM STDIN` for large loads, multi-row `INSERT` for small ones.
  case automatic
  /// Multi-row `INSERT … VALUES ($1, …), …` statements, up to 65535 parameters each.
  case insert
  /// One `COPY … FROM STDIN` in text format.
  case copy
}

extension PGConnection {
  /// Rows at or above which `.automatic` switches from `INSERT` to `COPY`.
  public static let copyThreshold = 1_000

  /// Inserts `rows` into `schema.table` inside one transaction (a savepoint if one is open),
  /// so a bad row leaves the table as it was; returns the number of rows inserted.
  @discardableResult
  public func insertRows(
    schema: String, table: String, columns: [String], rows: [[SQLValue]]
  ) throws -> Int {
    try insertRows(schema: schema, table: table, columns: columns, rows: rows, using: .automatic)
  }

  /// Inserts `rows` with the chosen method; values reach the server as text, which it converts
  /// to each column's type (so `.integer(1)` into a `text` column stores `1`).
  @discardableResult
  public func insertRows(
    schema: String, table: String, columns: [String], rows: [[SQLValue]],
    using method: PGBulkMethod
  ) throws -> Int {
    guard !rows.isEmpty else { return 0 }
    guard !columns.isEmpty else {
      throw AdapterError(
        .statement, adapter: .postgres, message: "insert needs at least one column")
    }
    if let bad = rows.firstIndex(where: { $0.count != columns.count }) {
      throw AdapterError(
        .statement, adapter: .postgres,
        message: "row \(bad + 1) has \(rows[bad].count) values for \(columns.count) columns")
    }
    let target =
      PostgresDialect.render(schema: schema, name: table) + " ("
      + columns.map(PostgresDialect.quote).joined(separator: ", ") + ")"
    let useCopy =
      switch method {
      case .automatic: rows.count >= Self.copyThreshold
      case .insert: false
      case .copy: true
      }
    return try transaction {
      useCopy
        ? try copyRows(into: target, rows: rows)
        : try insertBatches(into: target, width: columns.count, rows: rows)
    }
  }

  /// Multi-row INSERTs of as many rows as fit in `maxParameters`, all parameters untyped.
  private func insertBatches(into target: String, width: Int, rows: [[SQLValue]]) throws -> Int {
    let batchSize = max(1, min(rows.count, Self.maxParameters / width))
    func sql(rowCount: Int) -> String {
      var out = "INSERT INTO \(target) VALUES "
      var n = 1
      for row in 0..<rowCount {
        out += row == 0 ? "(" : ", ("
        for column in 0..<width {
          out += (column == 0 ? "$" : ", $") + String(n)
          n += 1
        }
        out += ")"
      }
      return out
    }
    let full = sql(rowCount: batchSize)
    var inserted = 0
    var start = 0
    while start < rows.count {
      let end = min(start + batchSize, rows.count)
      let statement = end - start == batchSize ? full : sql(rowCount: end - start)
      recorder?(statement)
      inserted += try exec(statement, Array(rows[start..<end].joined()), declareTypes: false)
        .affectedRows
      start = end
    }
    return inserted
  }

  /// One `COPY target FROM STDIN` (text format), sent in chunks of about a megabyte.
  private func copyRows(into target: String, rows: [[SQLValue]]) throws -> Int {
    let sql = "COPY \(target) FROM STDIN"
    recorder?(sql)
    _ = try check(PQexec(conn, sql), sql: sql)
    var buffer: [UInt8] = []
    buffer.reserveCapacity(1 << 20 + 4096)
    var encodingError: AdapterError?
    do {
      for row in rows {
        try PGCopyEncoding.appendRow(row, to: &buffer)
        if buffer.count >= 1 << 20 {
          try putCopyData(buffer, sql: sql)
          buffer.removeAll(keepingCapacity: true)
        }
      }
      if !buffer.isEmpty { try putCopyData(buffer, sql: sql) }
    } catch let error as AdapterError {
      encodingError = error
    }
    // Ending with an error message aborts the COPY; the server then reports that as its error.
    let ended =
      encodingError == nil ? PQputCopyEnd(conn, nil) : PQputCopyEnd(conn, "kiln: bad row value")
    var copied = 0
    var serverError: (any Error)?
    while let raw = PQgetResult(conn) {
      let result = PGResult(raw)
      do {
        copied = try check(result, sql: sql).affectedRows
      } catch var error as AdapterError {
        // The context names the line and column: `COPY t, line 3, column x: "abc"`.
        if error.detail == nil { error.detail = result.errorField(KILN_PG_DIAG_CONTEXT) }
        serverError = serverError ?? error
      }
    }
    if let encodingError { throw encodingError }
    if let serverError { throw serverError }
    guard ended == 1 else { throw libpqError(sql: sql) }
    return copied
  }

  private func putCopyData(_ buffer: [UInt8], sql: String) throws {
    let rc = buffer.withUnsafeBufferPointer { bytes in
      bytes.withMemoryRebound(to: CChar.self) {
        PQputCopyData(conn, $0.baseAddress, Int32($0.count))
      }
    }
    if rc != 1 { throw libpqError(sql: sql) }
  }
}
