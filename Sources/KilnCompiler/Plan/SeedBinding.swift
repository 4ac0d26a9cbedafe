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
    let source = try SeedBulkSource(rows, sqlite: connection.adapterType == .sqlite)
    return try connection.loadRows(schema: schema, table: table, columns: columns, from: source)
  }

  /// The loader type of each column when the target's column types are known (`targetTypes`);
  /// nil otherwise (a `column_types` entry, an existing table of other types), and then only
  /// the database's text input reads the values.
  static func bulkTypes(_ rows: SeedRows) -> [BulkColumnType]? {
    guard let types = rows.targetTypes else { return nil }
    return types.map { t in
      switch t {
      case .integer, .untested: .integer
      case .number: .double
      case .boolean: .boolean
      case .date: .date
      case .datetime: .timestamp
      case .text: .text
      }
    }
  }
}

/// A seed's rows as a bulk-load source, cast as `SeedBinding` describes.
final class SeedBulkSource: BulkRowSource {
  private let rows: SeedRows
  private let sqlite: Bool
  private var reader: SeedRowReader
  private var done = false
  let columnTypes: [BulkColumnType]?

  init(_ rows: SeedRows, sqlite: Bool) throws {
    self.rows = rows
    self.sqlite = sqlite
    reader = try SeedRowReader(rows)
    columnTypes = SeedBinding.bulkTypes(rows)
  }

  var columnCount: Int { rows.columnCount }
  var rowCount: Int { rows.rowCount }

  func fill(_ batch: BulkRows, limit: Int) throws {
    let width = rows.columnCount
    while !done, batch.rowCount < limit {
      guard try reader.next() else {
        done = true
        return
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

  func rewind() throws {
    reader = try SeedRowReader(rows)
    done = false
  }
}
