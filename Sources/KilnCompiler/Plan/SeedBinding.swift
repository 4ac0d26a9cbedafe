import KilnAdapters
import KilnProject

/// How seed cells are bound as parameters, matching what dbt's adapters send.
enum SeedBinding {
  /// dbt-sqlite binds `str(Decimal)` for numbers (SQLite converts by the column type), 1/0 for
  /// booleans and ISO text for dates.
  static func sqlite(_ row: [SeedValue]) -> [SQLValue] {
    row.map { v in
      switch v {
      case .null: .null
      case .number(let n): .text(n.description)
      case .bool(let b): .integer(b ? 1 : 0)
      case .date(let s), .datetime(let s), .text(let s): .text(s)
      }
    }
  }

  /// Postgres parses text parameters by the column type.
  static func postgres(_ row: [SeedValue]) -> [SQLValue] {
    row.map { v in
      switch v {
      case .null: .null
      case .number(let n): .text(n.description)
      case .bool(let b): .text(b ? "true" : "false")
      case .date(let s), .datetime(let s), .text(let s): .text(s)
      }
    }
  }
}
