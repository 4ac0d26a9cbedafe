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

  /// One `COPY target FROM STDIN` (text format) of `rows`.
  private func copyRows(into target: String, rows: [[SQLValue]]) throws -> Int {
    var next = 0
    return try copy(into: target) { buffer in
      while next < rows.count, buffer.count < Self.copyChunkBytes {
        try PGCopyEncoding.appendRow(rows[next], to: buffer)
        next += 1
      }
      return next < rows.count
    }
  }

  /// Bytes of COPY data sent to the server at a time.
  static let copyChunkBytes = 256 << 10

  /// Rows a `loadRows` batch holds before it is encoded for COPY.
  static let copyBatchRows = 2048

  /// Runs `COPY target FROM STDIN` (`options` after it, e.g. `(FORMAT binary)`) with the data
  /// `produce` appends to the buffer it is given, returning false once it has appended the last
  /// of it; the buffer is sent each time it passes `copyChunkBytes`.
  private func copy(
    into target: String, options: String = "", produce: (ByteBuffer) throws -> Bool
  ) throws -> Int {
    let sql = "COPY \(target) FROM STDIN" + options
    recorder?(sql)
    _ = try check(PQexec(conn, sql), sql: sql)
    let buffer = ByteBuffer(capacity: Self.copyChunkBytes + (64 << 10))
    // An error while producing (a bad value, an unreadable seed) ends the COPY with a message,
    // which aborts it; the producer's error is the one reported.
    var producerError: (any Error)?
    var sendError: AdapterError?
    do {
      var more = true
      while more {
        more = try produce(buffer)
        if buffer.count >= Self.copyChunkBytes || (!more && !buffer.isEmpty) {
          do {
            try putCopyData(buffer, sql: sql)
          } catch let e as AdapterError {
            sendError = e
            break
          }
          buffer.removeAll()
        }
      }
    } catch {
      producerError = error
    }
    let ended =
      producerError == nil && sendError == nil
      ? PQputCopyEnd(conn, nil) : PQputCopyEnd(conn, "kiln: bad row value")
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
    if let producerError { throw producerError }
    if let serverError { throw serverError }
    if let sendError { throw sendError }
    guard ended == 1 else { throw libpqError(sql: sql) }
    return copied
  }

  /// Loads the rows `source` produces (see `DatabaseConnection.loadRows`).
  ///
  /// Below `copyThreshold` rows they go through multi-row `INSERT`s, as `insertRows` sends
  /// them. From there one `COPY … FROM STDIN` streams them, encoded a batch at a time and sent
  /// in `copyChunkBytes` pieces, so the server parses one piece while the next is read. When
  /// the source gives column types, the COPY is in binary format, which the server reads about
  /// twice as fast as text (no number, date or timestamp parsing); a value with no exact binary
  /// form (`PGBinaryCopy`) rolls that COPY back, and the rows are sent again in text, whose
  /// input functions then decide them.
  @discardableResult
  public func loadRows(
    schema: String, table: String, columns: [String], from source: any BulkRowSource
  ) throws -> Int {
    // As `insertRows`: nothing to load is no error, even without columns.
    if columns.isEmpty, source.rowCount == 0 { return 0 }
    guard !columns.isEmpty, source.columnCount == columns.count else {
      throw AdapterError(
        .statement, adapter: .postgres,
        message: "a load needs at least one column and one value per column")
    }
    let target =
      PostgresDialect.render(schema: schema, name: table) + " ("
      + columns.map(PostgresDialect.quote).joined(separator: ", ") + ")"
    let batch = BulkRows(columnCount: columns.count)
    let rowCount = source.rowCount
    if rowCount < Self.copyThreshold {
      return try transaction {
        var rows: [[SQLValue]] = []
        repeat {
          batch.removeAll()
          try source.fill(batch, limit: max(1, rowCount))
          rows += batch.values
        } while batch.rowCount == max(1, rowCount)
        return rows.isEmpty ? 0 : try insertBatches(into: target, width: columns.count, rows: rows)
      }
    }
    if let types = source.columnTypes, types.count == columns.count {
      do {
        return try transaction {
          var first = true
          return try copy(into: target, options: " (FORMAT binary)") { buffer in
            if first {
              PGBinaryCopy.appendHeader(to: buffer)
              first = false
            }
            batch.removeAll()
            try source.fill(batch, limit: Self.copyBatchRows)
            try PGBinaryCopy.append(batch, types: types, to: buffer)
            let more = batch.rowCount == Self.copyBatchRows
            if !more { PGBinaryCopy.appendTrailer(to: buffer) }
            return more
          }
        }
      } catch is PGBinaryCopy.NoBinaryForm {
        try source.rewind()
      }
    }
    return try transaction {
      try copy(into: target) { buffer in
        batch.removeAll()
        try source.fill(batch, limit: Self.copyBatchRows)
        try PGCopyEncoding.append(batch, to: buffer)
        return batch.rowCount == Self.copyBatchRows
      }
    }
  }

  private func putCopyData(_ buffer: ByteBuffer, sql: String) throws {
    let rc = buffer.base.withMemoryRebound(to: CChar.self, capacity: buffer.count) {
      PQputCopyData(conn, $0, Int32(buffer.count))
    }
    if rc != 1 { throw libpqError(sql: sql) }
  }
}
