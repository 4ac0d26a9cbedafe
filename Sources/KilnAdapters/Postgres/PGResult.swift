internal import CPostgres

/// One `PGresult*`, cleared with `PQclear` in `deinit`.
final class PGResult {
  let handle: OpaquePointer

  init(_ handle: OpaquePointer) { self.handle = handle }

  deinit { PQclear(handle) }

  var status: ExecStatusType { PQresultStatus(handle) }

  /// True for the statuses that mean the statement ran (with or without rows, or COPY ready).
  var succeeded: Bool {
    switch status {
    case PGRES_COMMAND_OK, PGRES_TUPLES_OK, PGRES_EMPTY_QUERY, PGRES_COPY_IN, PGRES_COPY_OUT,
      PGRES_SINGLE_TUPLE:
      true
    default: false
    }
  }

  var rowCount: Int { Int(PQntuples(handle)) }
  var columnCount: Int { Int(PQnfields(handle)) }

  /// Rows affected, from `PQcmdTuples` (`INSERT 0 5` → 5); 0 when the command reports none.
  var affectedRows: Int {
    guard let text = PQcmdTuples(handle) else { return 0 }
    return Int(String(cString: text)) ?? 0
  }

  var columnNames: [String] {
    (0..<Int32(columnCount)).map { String(cString: PQfname(handle, $0)) }
  }

  func typeOID(column: Int) -> UInt32 { PQftype(handle, Int32(column)) }
  func typeModifier(column: Int) -> Int32 { PQfmod(handle, Int32(column)) }
  /// The OID of the table the column comes straight from, or 0 for computed columns.
  func sourceTable(column: Int) -> UInt32 { PQftable(handle, Int32(column)) }

  /// The text of one cell, or nil for NULL (all results are in text format).
  func text(row: Int, column: Int) -> String? {
    let r = Int32(row)
    let c = Int32(column)
    if PQgetisnull(handle, r, c) != 0 { return nil }
    guard let value = PQgetvalue(handle, r, c) else { return nil }
    let length = Int(PQgetlength(handle, r, c))
    return value.withMemoryRebound(to: UInt8.self, capacity: length) {
      String(decoding: UnsafeBufferPointer(start: $0, count: length), as: UTF8.self)
    }
  }

  /// Every row, each cell converted by its column's type OID (see `PGValueCoding.decode`).
  func allRows() -> [[SQLValue]] {
    let types = (0..<columnCount).map(typeOID(column:))
    return (0..<rowCount).map { row in
      (0..<columnCount).map { column in
        guard let text = text(row: row, column: column) else { return .null }
        return PGValueCoding.decode(text, typeOID: types[column])
      }
    }
  }

  /// An error field (`PG_DIAG_*` code) of a failed result, or nil.
  func errorField(_ code: Int32) -> String? {
    PQresultErrorField(handle, code).map { String(cString: $0) }
  }
}

@available(*, unavailable) extension PGResult: Sendable {}
