internal import CSQLite
import Foundation
import KilnBase

/// SQL functions dbt projects expect that core SQLite lacks, registered on every connection.
///
/// dbt-sqlite gets `md5` and friends from SQLean extensions; Kiln registers native versions
/// with `sqlite3_create_function_v2`, flagged deterministic so they can be used in indexes
/// and constant-folded.
enum SQLiteFunctions {
  static func register(on connection: SQLiteConnection) throws {
    let flags = SQLITE_UTF8 | SQLITE_DETERMINISTIC
    func add(_ name: String, _ argc: Int32, _ fn: SQLiteFunction) throws {
      let rc = sqlite3_create_function_v2(connection.db, name, argc, flags, nil, fn, nil, nil, nil)
      try connection.check(rc, sql: nil)
    }
    try add("md5", 1, md5)
    try add("split_part", 3, splitPart)
    try add("date_trunc", 2, dateTrunc)
    // Builds with SQLITE_ENABLE_MATH_FUNCTIONS (3.35+, as here: 3.40.1) have ceil and floor;
    // only fill the gap so the library's own versions keep their exact semantics.
    if !hasFunction("ceil", on: connection) { try add("ceil", 1, ceil) }
    if !hasFunction("floor", on: connection) { try add("floor", 1, floor) }
  }

  private static func hasFunction(_ name: String, on connection: SQLiteConnection) -> Bool {
    var stmt: OpaquePointer?
    let rc = sqlite3_prepare_v2(connection.db, "SELECT \(name)(1.5)", -1, &stmt, nil)
    sqlite3_finalize(stmt)
    return rc == SQLITE_OK
  }

  typealias SQLiteFunction =
    @convention(c) (OpaquePointer?, Int32, UnsafeMutablePointer<OpaquePointer?>?) -> Void

  /// `md5(x)`: lowercase hex MD5 of the text (or blob bytes) of `x`, like Postgres; NULL → NULL.
  private static let md5: SQLiteFunction = { ctx, _, argv in
    guard let arg = argv?[0], sqlite3_value_type(arg) != SQLITE_NULL else {
      return sqlite3_result_null(ctx)
    }
    resultText(ctx, Hashing.hex(Hashing.md5(bytes(of: arg))))
  }

  /// `split_part(s, delimiter, n)` with Postgres semantics: 1-based `n`, negative counts from
  /// the end, out of range gives `''`, `n = 0` is an error, an empty delimiter never splits.
  private static let splitPart: SQLiteFunction = { ctx, _, argv in
    guard let argv, let s = argv[0], let d = argv[1], let n = argv[2],
      sqlite3_value_type(s) != SQLITE_NULL, sqlite3_value_type(d) != SQLITE_NULL,
      sqlite3_value_type(n) != SQLITE_NULL
    else { return sqlite3_result_null(ctx) }
    let index = sqlite3_value_int64(n)
    if index == 0 {
      return sqlite3_result_error(ctx, "field position must not be zero", -1)
    }
    let text = String(decoding: bytes(of: s), as: UTF8.self)
    let delimiter = String(decoding: bytes(of: d), as: UTF8.self)
    let parts = delimiter.isEmpty ? [text] : text.components(separatedBy: delimiter)
    let i = index > 0 ? Int(index) - 1 : parts.count + Int(index)
    resultText(ctx, parts.indices.contains(i) ? parts[i] : "")
  }

  private static let ceil: SQLiteFunction = { ctx, _, argv in rounded(ctx, argv, .up) }
  private static let floor: SQLiteFunction = { ctx, _, argv in rounded(ctx, argv, .down) }

  private static func rounded(
    _ ctx: OpaquePointer?, _ argv: UnsafeMutablePointer<OpaquePointer?>?,
    _ rule: FloatingPointRoundingRule
  ) {
    guard let arg = argv?[0] else { return sqlite3_result_null(ctx) }
    switch sqlite3_value_numeric_type(arg) {
    case SQLITE_INTEGER: sqlite3_result_int64(ctx, sqlite3_value_int64(arg))
    case SQLITE_FLOAT: sqlite3_result_double(ctx, sqlite3_value_double(arg).rounded(rule))
    default: sqlite3_result_null(ctx)
    }
  }

  private static func bytes(of value: OpaquePointer) -> [UInt8] {
    if sqlite3_value_type(value) == SQLITE_BLOB {
      let n = Int(sqlite3_value_bytes(value))
      guard let p = sqlite3_value_blob(value), n > 0 else { return [] }
      return Array(UnsafeRawBufferPointer(start: p, count: n))
    }
    // value_text converts numbers to their text form first; value_bytes then measures it.
    guard let p = sqlite3_value_text(value) else { return [] }
    return Array(UnsafeBufferPointer(start: p, count: Int(sqlite3_value_bytes(value))))
  }

  static func resultText(_ ctx: OpaquePointer?, _ s: String) {
    s.withCString { sqlite3_result_text(ctx, $0, Int32(s.utf8.count), kiln_sqlite_transient()) }
  }
}
