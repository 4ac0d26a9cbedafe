import KilnAdapters
import KilnProject

/// How seed cells are bound, matching what dbt's adapters send: dbt-sqlite binds `str(Decimal)`
/// for numbers (SQLite converts by the column type), 1/0 for booleans and ISO text for dates;
/// Postgres parses every value as text by the column type (`true`/`false` for booleans), and a
/// whole number written with a point or an exponent (`1.0`, `1e3`) goes to an integer column
/// as its digits: psycopg2 sends dbt's `Decimal` as a numeric literal, which Postgres rounds
/// into the column, where `int4in` would refuse the text.
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
  /// Postgres columns inferred as integers.
  private let integerColumns: [Bool]
  let columnTypes: [BulkColumnType]?

  init(_ rows: SeedRows, sqlite: Bool) throws {
    self.rows = rows
    self.sqlite = sqlite
    reader = try SeedRowReader(rows)
    columnTypes = SeedBinding.bulkTypes(rows)
    integerColumns = rows.columnTypes.map { !sqlite && $0 == .integer }
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
          if sqlite {
            batch.appendInteger(b ? 1 : 0)
          } else {
            batch.appendText(b ? "true" : "false")
          }
        case .text(let bytes):
          if integerColumns[i], let digits = Self.integerDigits(bytes) {
            batch.appendText(digits)
          } else {
            batch.appendText(bytes)
          }
        }
      }
      batch.endRow()
    }
  }

  /// The digits of a whole number written with a point or an exponent; nil for any other text
  /// (plain digits, or values that are not whole numbers in range, which Postgres refuses).
  static func integerDigits(_ text: UnsafeBufferPointer<UInt8>) -> String? {
    guard text.contains(where: { $0 == UInt8(ascii: ".") || $0 | 0x20 == UInt8(ascii: "e") }),
      let whole = SeedNumber(agateCell: String(decoding: text, as: UTF8.self))?.int64Value
    else { return nil }
    return String(whole)
  }

  func rewind() throws {
    reader = try SeedRowReader(rows)
    done = false
  }
}
