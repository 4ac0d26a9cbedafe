/// Reading what a query yields and which keys a table enforces, for incremental plans
/// (`on_schema_change`, SQLite's upsert) that compare the model with the existing table.
extension DatabaseConnection {
  /// Runs `body` without reporting its statements to `recorder`: introspection is not part of
  /// what `target/run/` shows as the node's statements.
  public func unrecorded<T>(_ body: () throws -> T) rethrows -> T {
    let saved = recorder
    recorder = nil
    defer { recorder = saved }
    return try body()
  }
}

extension SQLiteConnection {
  /// The columns `sql` yields, typed as `create temp table … as` types them: built empty
  /// under a scratch name in `temp`, read with `pragma_table_info`, and dropped.
  public func describe(_ sql: String) throws -> [DatabaseColumn] {
    let scratch = SQLiteDialect.quote("kiln__describe")
    return try unrecorded {
      try execute("drop table if exists temp.\(scratch)")
      try execute("create temp table \(scratch) as select * from (\n\(sql)\n) limit 0")
      defer { try? execute("drop table if exists temp.\(scratch)") }
      return try columns(schema: "temp", name: "kiln__describe")
    }
  }

  /// Column sets of the unique indexes and primary key of `schema.name`, each in index order
  /// (`pragma_index_list` / `pragma_index_info`); the targets an `on conflict` clause can name.
  public func uniqueKeys(schema: String, name: String) throws -> [[String]] {
    let indexes = try internalQuery(
      "SELECT name FROM pragma_index_list(?, ?) WHERE \"unique\" = 1 AND partial = 0 ORDER BY name",
      [.text(name), .text(schema)])
    var keys: [[String]] = []
    for row in indexes {
      guard let index = row.first?.textValue else { continue }
      let cols = try internalQuery(
        "SELECT name FROM pragma_index_info(?, ?) ORDER BY seqno", [.text(index), .text(schema)])
      let names = cols.compactMap { $0.first?.textValue }
      if names.count == cols.count, !names.isEmpty { keys.append(names) }
    }
    // An INTEGER PRIMARY KEY is the rowid and has no index row.
    let pk = try internalQuery(
      "SELECT name FROM pragma_table_info(?, ?) WHERE pk > 0 ORDER BY pk", [.text(name), .text(schema)])
      .compactMap { $0.first?.textValue }
    if !pk.isEmpty, !keys.contains(pk) { keys.append(pk) }
    return keys
  }
}

extension PGConnection {
  /// The columns `sql` yields with Postgres' type names (`format_type`): a temporary table is
  /// created `with no data` (planned, not run), read from `pg_attribute`, and dropped.
  public func describe(_ sql: String) throws -> [DatabaseColumn] {
    let scratch = PostgresDialect.quote("kiln__describe")
    return try unrecorded {
      try execute("drop table if exists pg_temp.\(scratch)")
      try execute("create temporary table \(scratch) as (\n\(sql)\n) with no data")
      defer { try? execute("drop table if exists pg_temp.\(scratch)") }
      let rows = try internalQuery(
        """
        select a.attname::text, pg_catalog.format_type(a.atttypid, a.atttypmod), a.attnum::int
        from pg_catalog.pg_attribute a
        where a.attrelid = 'pg_temp.kiln__describe'::regclass and a.attnum > 0 and not a.attisdropped
        order by a.attnum
        """)
      return rows.map { row in
        DatabaseColumn(
          name: row[0].textValue ?? "", type: row[1].textValue ?? "", position: Int(row[2].integerValue ?? 0))
      }
    }
  }
}
