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
    let limit = min(
      Self.maxBoundParameters, Int(sqlite3_limit(db, SQLITE_LIMIT_VARIABLE_NUMBER, -1)))
    let batchSize = max(1, min(rows.count, limit / columns.count))
    let head =
      "INSERT INTO \(SQLiteDialect.render(schema: schema, name: table)) ("
      + columns.map(SQLiteDialect.quote).joined(separator: ", ") + ") VALUES "
    let tuple = "(" + Array(repeating: "?", count: columns.count).joined(separator: ", ") + ")"
    func sql(rowCount: Int) -> String {
      head + Array(repeating: tuple, count: rowCount).joined(separator: ", ")
    }
    return try transaction {
      // Prepared directly, not cached: the statement is large and shaped by this call.
      let full = try prepare(sql(rowCount: batchSize))
      var inserted = 0
      var start = 0
      while start < rows.count {
        let end = min(start + batchSize, rows.count)
        let statement = end - start == batchSize ? full : try prepare(sql(rowCount: end - start))
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
