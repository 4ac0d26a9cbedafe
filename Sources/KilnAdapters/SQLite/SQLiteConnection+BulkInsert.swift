internal import CSQLite

extension SQLiteConnection {
  /// Most parameters one bulk-insert statement binds.
  public static let maxBoundParameters = 32_766

  /// Inserts `rows` into `schema.table` with multi-row `INSERT … VALUES (?, …), …` statements.
  ///
  /// Each batch holds as many rows as fit in 32766 bound parameters (SQLite's default
  /// `SQLITE_MAX_VARIABLE_NUMBER` since 3.32; lower if the connection's limit is lower — Debian
  /// builds allow 250000, but statements that large gain nothing); the full-size statement is prepared
  /// once and re-bound for every batch, all inside one transaction (a savepoint if one is
  /// open), so a bad row leaves the table as it was. Returns the number of rows inserted.
  @discardableResult
  public func insertRows(
    schema: String, table: String, columns: [String], rows: [[SQLValue]]
  ) throws -> Int {
    guard !rows.isEmpty else { return 0 }
    guard !columns.isEmpty else {
      throw AdapterError(.statement, adapter: .sqlite, message: "insert needs at least one column")
    }
    if let bad = rows.firstIndex(where: { $0.count != columns.count }) {
      throw AdapterError(
        .statement, adapter: .sqlite,
        message: "row \(bad + 1) has \(rows[bad].count) values for \(columns.count) columns")
    }
    let (batchSize, sql) = insertShape(schema: schema, table: table, columns: columns, rowCount: rows.count)
    return try transaction {
      // Prepared directly, not cached: the statement is large and shaped by this call.
      let full = try prepare(sql(batchSize))
      var inserted = 0
      var start = 0
      while start < rows.count {
        let end = min(start + batchSize, rows.count)
        let statement = end - start == batchSize ? full : try prepare(sql(end - start))
        try statement.bind(Array(rows[start..<end].joined()))
        recorder?(statement.sql)
        while try statement.step() {}
        inserted += Int(sqlite3_changes64(db))
        start = end
      }
      return inserted
    }
  }
}

extension SQLiteConnection {
  /// Loads the rows `source` produces (see `DatabaseConnection.loadRows`).
  ///
  /// One multi-row `INSERT … VALUES (?, …), …` as large as the parameter limit allows is
  /// prepared once and re-bound for every batch; text is bound with `SQLITE_STATIC` straight
  /// from the batch's buffer, which stays untouched until the statement has run. All inside
  /// one transaction (a savepoint if one is open). Each distinct statement text is recorded
  /// once, not once per batch.
  @discardableResult
  public func loadRows(
    schema: String, table: String, columns: [String], from source: any BulkRowSource
  ) throws -> Int {
    // As `insertRows`: nothing to load is no error, even without columns.
    if columns.isEmpty, source.rowCount == 0 { return 0 }
    guard !columns.isEmpty, source.columnCount == columns.count else {
      throw AdapterError(
        .statement, adapter: .sqlite,
        message: "a load needs at least one column and one value per column")
    }
    let rowCount = source.rowCount
    let (batchSize, sql) = insertShape(
      schema: schema, table: table, columns: columns, rowCount: max(rowCount, 1))
    return try transaction {
      var full: SQLiteStatement?
      let batch = BulkRows(columnCount: columns.count)
      var inserted = 0
      while true {
        batch.removeAll()
        try source.fill(batch, limit: batchSize)
        if batch.rowCount == 0 { break }
        let statement: SQLiteStatement
        if batch.rowCount == batchSize, let full {
          statement = full
        } else {
          statement = try prepare(sql(batch.rowCount))
          recorder?(statement.sql)
          if batch.rowCount == batchSize { full = statement }
        }
        try statement.run(batch)
        inserted += Int(sqlite3_changes64(db))
        if batch.rowCount < batchSize { break }
      }
      return inserted
    }
  }
}

extension SQLiteConnection {
  /// The rows per multi-row `INSERT` for `rowCount` rows (as many as fit in the parameter
  /// limit) and the statement text for a batch of `n` rows.
  fileprivate func insertShape(
    schema: String, table: String, columns: [String], rowCount: Int
  ) -> (batchSize: Int, sql: (_ rowCount: Int) -> String) {
    let limit = min(
      Self.maxBoundParameters, Int(sqlite3_limit(db, SQLITE_LIMIT_VARIABLE_NUMBER, -1)))
    let batchSize = max(1, min(rowCount, limit / columns.count))
    let head =
      "INSERT INTO \(SQLiteDialect.render(schema: schema, name: table)) ("
      + columns.map(SQLiteDialect.quote).joined(separator: ", ") + ") VALUES "
    let tuple = "(" + Array(repeating: "?", count: columns.count).joined(separator: ", ") + ")"
    return (batchSize, { n in head + Array(repeating: tuple, count: n).joined(separator: ", ") })
  }
}

extension SQLiteStatement {
  /// Binds every cell of `batch` to parameters 1…n and steps the statement to completion.
  func run(_ batch: BulkRows) throws {
    sqlite3_reset(handle)
    let n = batch.cellCount
    guard n == parameterCount else {
      throw AdapterError(
        .statement, adapter: .sqlite,
        message: "statement has \(parameterCount) parameters but \(n) values were given",
        resultCode: SQLITE_RANGE, sql: sql)
    }
    let cells = batch.cells
    let base = UnsafeRawPointer(batch.bytes)
    for i in 0..<n {
      let c = cells[i]
      let index = Int32(i + 1)
      let rc: Int32
      switch c.count {
      case -1: rc = sqlite3_bind_null(handle, index)
      case -2: rc = sqlite3_bind_int64(handle, index, Int64(c.start))
      case 0:
        // Never a null pointer, which would bind NULL rather than ''.
        rc = sqlite3_bind_text(handle, index, "", 0, kiln_sqlite_transient())
      default:
        // SQLITE_STATIC (a nil destructor): the batch's bytes stay put until the step ends
        // and are bound again before the statement steps again. A length past Int32 is
        // clamped, which SQLite refuses as too big (its limit is 10^9 bytes).
        let p = (base + c.start).assumingMemoryBound(to: CChar.self)
        rc = sqlite3_bind_text(handle, index, p, Int32(clamping: c.count), nil)
      }
      if rc != SQLITE_OK { try connection.check(rc, sql: sql) }
    }
    while try step() {}
  }
}
