/// Names of SQLite result codes, for messages (sqlite.org/rescode.html).
enum SQLiteResultCode {
  /// `SQLITE_<NAME>` for an extended or primary code; extended codes not listed fall back to
  /// their primary name.
  static func name(_ code: Int32) -> String {
    if let n = extended[code] { return "SQLITE_" + n }
    return "SQLITE_" + (primary[code & 0xff] ?? "UNKNOWN")
  }

  private static let primary: [Int32: String] = [
    0: "OK", 1: "ERROR", 2: "INTERNAL", 3: "PERM", 4: "ABORT", 5: "BUSY", 6: "LOCKED",
    7: "NOMEM", 8: "READONLY", 9: "INTERRUPT", 10: "IOERR", 11: "CORRUPT", 12: "NOTFOUND",
    13: "FULL", 14: "CANTOPEN", 15: "PROTOCOL", 16: "EMPTY", 17: "SCHEMA", 18: "TOOBIG",
    19: "CONSTRAINT", 20: "MISMATCH", 21: "MISUSE", 22: "NOLFS", 23: "AUTH", 24: "FORMAT",
    25: "RANGE", 26: "NOTADB", 27: "NOTICE", 28: "WARNING", 100: "ROW", 101: "DONE",
  ]

  // The extended codes a data build is likely to meet.
  private static let extended: [Int32: String] = [
    275: "CONSTRAINT_CHECK", 531: "CONSTRAINT_COMMITHOOK", 787: "CONSTRAINT_FOREIGNKEY",
    1043: "CONSTRAINT_FUNCTION", 1299: "CONSTRAINT_NOTNULL", 1555: "CONSTRAINT_PRIMARYKEY",
    1811: "CONSTRAINT_TRIGGER", 2067: "CONSTRAINT_UNIQUE", 2323: "CONSTRAINT_VTAB",
    2579: "CONSTRAINT_ROWID", 3091: "CONSTRAINT_DATATYPE", 261: "BUSY_RECOVERY",
    517: "BUSY_SNAPSHOT", 773: "BUSY_TIMEOUT", 262: "LOCKED_SHAREDCACHE", 1032: "READONLY_DBMOVED",
    270: "CANTOPEN_NOTEMPDIR", 526: "CANTOPEN_ISDIR", 782: "CANTOPEN_FULLPATH",
    257: "ERROR_MISSING_COLLSEQ",
    513: "ERROR_RETRY", 769: "ERROR_SNAPSHOT",
  ]
}
