import KilnAdapters
import KilnProject

/// How seed cells are bound, matching what dbt's adapters send: dbt-sqlite binds `str(Decimal)`
/// for numbers (SQLite converts by the column type), 1/0 for booleans and ISO text for dates;
/// Postgres parses every value as text by the column type (`true`/`false` for booleans).
public enum SeedBinding {
  /// Streams `rows` into `schema.table`: the seed is read a second time, each row cast and
  /// appended to the connection's batches (`DatabaseConnection.loadRows`), so no more than a
  /// batch of it is in memory. Returns the rows inserted.
  @discardableResult
  public static func load(
    _ rows: SeedRows, schema: String, table: String, columns: [String],
    on connection: any DatabaseConnection
  ) throws -> Int {
    let reader = try SeedRowReader(rows)
    let width = rows.columnCount
    let sqlite = connection.adapterType == .sqlite
    var done = false
    return try connection.loadRows(
      schema: schema, table: table, columns: columns, rowCount: rows.rowCount
    ) { batch, limit in
      while !done, batch.rowCount < limit {
        guard try reader.next() else {
          done = true
          break
        }
        for i in 0..<width {
          switch reader.cell(i) {
          case .null: batch.appendNull()
          case .bool(let b):
            if sqlite { batch.appendInteger(b ? 1 : 0) } else { batch.appendText(b ? "true" : "false") }
          case .text(let bytes): batch.appendText(bytes)
          }
        }
        batch.endRow()
      }
    }
  }
}
