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

/// A parsed seed: column names, inferred types and typed rows.
public struct SeedTable: Sendable {
  /// The seed file path (for messages).
  public var path: String
  /// Column names: the header, with blank names replaced by letters (`a`, `b`, … by position)
  /// and repeats suffixed `_2`, `_3`, as agate does.
  public var columnNames: [String]
  /// Inferred (or, for `column_types` columns, `.text`) type per column.
  public var columnTypes: [SeedColumnType]
  /// Typed rows; every row has one value per column.
  public var rows: [[SeedValue]]
  /// The `column_types` config: column → SQL type that overrides inference.
  public var overrides: [String: String]
  /// Non-fatal findings (short rows, blank lines) that dbt loads silently.
  public var warnings: [Diagnostic] = []

  /// Creates a table.
  public init(
    path: String, columnNames: [String], columnTypes: [SeedColumnType], rows: [[SeedValue]],
    overrides: [String: String] = [:]
  ) {
    self.path = path
    self.columnNames = columnNames
    self.columnTypes = columnTypes
    self.rows = rows
    self.overrides = overrides
  }

  /// The SQLite type to create column `i` with: the `column_types` entry, else inferred.
  public func sqliteType(ofColumn i: Int) -> String {
    overrides[columnNames[i]] ?? columnTypes[i].sqliteTypeName
  }

  /// The Postgres type to create column `i` with: the `column_types` entry, else inferred.
  public func postgresType(ofColumn i: Int) -> String {
    overrides[columnNames[i]] ?? columnTypes[i].postgresTypeName
  }
}
