import KilnBase

/// The type dbt infers for a seed column, named for what lands in the warehouse.
public enum SeedColumnType: String, Hashable, Sendable {
  /// agate `Number` whose values have no decimal places after normalizing (`1`, `1.0`, `1e3`):
  /// SQLite `INT`, Postgres `integer`.
  case integer
  /// agate `Number` with decimal places somewhere (`1.5`): SQLite `REAL`, Postgres `float8`.
  case number
  /// Only `true`/`false` in any case (dbt narrows agate's yes/no/1/0): SQLite `INT`, Postgres
  /// `boolean`.
  case boolean
  /// `strptime("%Y-%m-%d")` dates: SQLite `TEXT`, Postgres `date`.
  case date
  /// `%Y-%m-%d %H:%M:%S` or ISO 8601 `…T…` datetimes: SQLite `TEXT`, Postgres
  /// `timestamp without time zone`.
  case datetime
  /// Anything else: SQLite `TEXT`, Postgres `text`.
  case text
  /// No cell was ever tested (header-only file, or only blank/short rows): dbt-common's
  /// `Integer` type, declared lowercase `integer` on both adapters.
  case untested

  /// The type dbt-sqlite declares (`SQLiteAdapter.convert_*_type`; untested columns fall back
  /// to dbt-adapters' base `convert_integer_type`).
  public var sqliteTypeName: String {
    switch self {
    case .integer, .boolean: "INT"
    case .number: "REAL"
    case .date, .datetime, .text: "TEXT"
    case .untested: "integer"
    }
  }

  /// How Postgres' `format_type` spells `postgresTypeName` (as `columns(schema:name:)` reads it).
  public var postgresCatalogName: String {
    self == .number ? "double precision" : postgresTypeName
  }

  /// The type dbt-postgres declares (dbt-adapters `SQLAdapter.convert_*_type`).
  public var postgresTypeName: String {
    switch self {
    case .integer, .untested: "integer"
    case .number: "float8"
    case .boolean: "boolean"
    case .date: "date"
    case .datetime: "timestamp without time zone"
    case .text: "text"
    }
  }
}

/// One typed seed cell.
///
/// What dbt-sqlite binds (Python `sqlite3` adapters): numbers as the text of `str(Decimal)`
/// (`SeedNumber.description`, converted by the column's INT/REAL affinity, so `NaN` stays
/// text and 1e20 becomes REAL), booleans as 1/0, dates and datetimes as their ISO text, text
/// as written (not trimmed).
public enum SeedValue: Hashable, Sendable {
  /// A null cell (`""`, whitespace, `null` in any case, or missing from a short row).
  case null
  /// A number column's cell.
  case number(SeedNumber)
  /// A boolean column's cell.
  case bool(Bool)
  /// `YYYY-MM-DD`.
  case date(String)
  /// `YYYY-MM-DD HH:MM:SS[.ffffff][±HH:MM]`.
  case datetime(String)
  /// A text column's cell, exactly as written.
  case text(String)
}

/// A typed seed: column names and inferred types from a first pass over the file, and `data`,
/// which reads the rows again, cast to those types, when the seed is loaded.
public struct SeedTable: Sendable {
  /// The seed file path (for messages).
  public var path: String
  /// Column names: the header, with blank names replaced by letters (`a`, `b`, … by position)
  /// and repeats suffixed `_2`, `_3`, as agate does.
  public var columnNames: [String]
  /// Inferred (or, for `column_types` columns, `.text`) type per column.
  public var columnTypes: [SeedColumnType]
  /// The number of data rows (blank lines included: they load as rows of nulls).
  public var rowCount: Int { data.rowCount }
  /// The rows, streamed from the source when read (`SeedRowReader`).
  public var data: SeedRows
  /// The `column_types` config: column → SQL type that overrides inference.
  public var overrides: [String: String]
  /// Non-fatal findings (short rows, blank lines) that dbt loads silently.
  public var warnings: [Diagnostic] = []

  /// The SQLite type to create column `i` with: the `column_types` entry, else inferred.
  public func sqliteType(ofColumn i: Int) -> String {
    overrides[columnNames[i]] ?? columnTypes[i].sqliteTypeName
  }

  /// The Postgres type to create column `i` with: the `column_types` entry, else inferred.
  public func postgresType(ofColumn i: Int) -> String {
    overrides[columnNames[i]] ?? columnTypes[i].postgresTypeName
  }

  /// Every row as typed values, read from the source again; for tests and small seeds (a load
  /// streams `data` instead).
  public var rows: [[SeedValue]] {
    get throws {
      let reader = try SeedRowReader(data)
      var out: [[SeedValue]] = []
      out.reserveCapacity(data.rowCount)
      while try reader.next() {
        out.append((0..<data.columnCount).map { reader.value($0) })
      }
      return out
    }
  }
}

/// A seed's rows as the second pass reads them: the source, how to split it, and the cast of
/// each column, which the first pass chose.
public struct SeedRows: Sendable, Hashable {
  /// Where the CSV is.
  public var source: SeedSource
  /// The seed path shown in messages.
  public var path: String
  /// Data rows the first pass counted.
  public var rowCount: Int
  /// Columns (the header's fields).
  public var columnCount: Int { casts.count }
  /// Each column's inferred type (`.text` for `column_types` columns), as in `SeedTable`.
  public var columnTypes: [SeedColumnType]
  /// Each column's type in the target table, when the load may rely on it: the inferred
  /// types, which a table created from this seed has (nil when `column_types` gives any column
  /// a type of its own); a planner clears it when it loads into an existing table whose
  /// columns differ. With it, Postgres sends the values in binary.
  public var targetTypes: [SeedColumnType]?
  var delimiter: [UInt8]
  var casts: [SeedCandidate]
  var chunkSize: Int
}

/// One cell of a seed row as it is loaded.
public enum SeedCell {
  /// NULL.
  case null
  /// A boolean column's value (SQLite stores 1/0, Postgres `true`/`false`).
  case bool(Bool)
  /// The value's UTF-8 text, as dbt's adapters send it: `str(Decimal)` for numbers, ISO text
  /// for dates and datetimes, the cell as written for text. Valid until the next `next()`.
  case text(UnsafeBufferPointer<UInt8>)
}

/// Reads a seed's rows for loading, one at a time, each cell cast to its column's type.
///
/// ```swift
/// let reader = try SeedRowReader(table.data)
/// while try reader.next() {
///   for i in 0..<table.data.columnCount { bind(reader.cell(i)) }
/// }
/// ```
public final class SeedRowReader {
  private let rows: SeedRows
  private let csv: SeedCSVReader
  private let casts: [SeedCandidate]
  // One thread reads a seed: no dynamic exclusivity checks on the per-cell state.
  private let cells: UnsafeMutablePointer<SeedCellCast.Converted>
  @exclusivity(unchecked) private var arena = ByteArena()
  @exclusivity(unchecked) private var read = 0

  /// Opens the source and skips the header.
  public init(_ rows: SeedRows) throws {
    self.rows = rows
    casts = rows.casts
    cells = .allocate(capacity: max(1, rows.casts.count))
    cells.initialize(repeating: .null, count: max(1, rows.casts.count))
    csv = try SeedCSVReader(
      rows.source, path: rows.path, delimiter: rows.delimiter, chunkSize: rows.chunkSize,
      validatesUTF8: false)
    _ = try csv.next()
  }

  deinit {
    arena.deallocate()
    cells.deallocate()
  }

  /// Moves to the next row; false after the last.
  ///
  /// Throws when the file no longer matches what the first pass read (it changed in between).
  public func next() throws -> Bool {
    guard try csv.next() else {
      if read != rows.rowCount { throw changed("it has \(read) rows, not \(rows.rowCount)") }
      return false
    }
    read += 1
    let count = csv.fieldCount
    guard count <= casts.count, read <= rows.rowCount else {
      throw changed("row \(read) no longer fits the header")
    }
    arena.removeAll()
    for i in 0..<casts.count {
      if i >= count {
        cells[i] = .null
      } else if let c = SeedCellCast.convert(csv.field(i), casts[i], arena: &arena) {
        cells[i] = c
      } else {
        throw changed("row \(read) column \(i + 1) is no longer of its type")
      }
    }
    return true
  }

  /// Cell `i` of the current row.
  public func cell(_ i: Int) -> SeedCell {
    switch cells[i] {
    case .null: return .null
    case .bool(let b): return .bool(b)
    case .same: return .text(csv.field(i))
    case .written(let start, let count):
      return .text(UnsafeBufferPointer(start: arena.base + start, count: count))
    }
  }

  /// Cell `i` of the current row as a `SeedValue`.
  func value(_ i: Int) -> SeedValue {
    let text: String
    switch cell(i) {
    case .null: return .null
    case .bool(let b): return .bool(b)
    case .text(let bytes): text = String(decoding: bytes, as: UTF8.self)
    }
    switch casts[i] {
    case .number: return SeedNumber.parseDecimal(text).map(SeedValue.number) ?? .text(text)
    case .date: return .date(text)
    case .dateTime, .isoDateTime: return .datetime(text)
    case .integer, .boolean, .text: return .text(text)
    }
  }

  private func changed(_ what: String) -> Diagnostic {
    Diagnostic(
      code: "P0307", "seed file changed while it was loaded: \(what)", path: rows.path,
      hint: "run the seed again")
  }
}
