import KilnBase

/// A failure reported by a warehouse or by the adapter's own checks.
///
/// Carries the statement text and the error position in it, never bound values (values may be
/// secrets or personal data).
public struct AdapterError: Error, Sendable, CustomStringConvertible {
  /// What went wrong, broadly; each kind has its own diagnostic code.
  public enum Kind: String, Sendable, Hashable {
    /// The database rejected a statement (syntax, missing table, constraint…).
    case statement
    /// Opening or attaching a database failed.
    case connection
    /// The profile's keys do not describe a usable target.
    case configuration
    /// The statement was cancelled through an `Interrupter`.
    case interrupted

    /// The stable diagnostic code for this kind.
    public var diagnosticCode: String {
      switch self {
      case .statement: "A0101"
      case .connection: "A0102"
      case .configuration: "A0103"
      case .interrupted: "A0104"
      }
    }
  }

  /// Broad category.
  public var kind: Kind
  /// The adapter that reported it.
  public var adapter: AdapterType
  /// SQLite extended result code (e.g. 2067 for SQLITE_CONSTRAINT_UNIQUE), when from SQLite.
  public var resultCode: Int32?
  /// Postgres SQLSTATE (e.g. `42P01`), when from Postgres.
  public var sqlState: String?
  /// The database's message, as it wrote it.
  public var message: String
  /// Extra detail (Postgres `DETAIL`).
  public var detail: String?
  /// The database's hint (Postgres `HINT`).
  public var hint: String?
  /// The statement that failed, if any.
  public var sql: String?
  /// UTF-8 byte offset of the error in `sql` (`sqlite3_error_offset`, Postgres position).
  public var offset: Int?

  /// Creates an error.
  public init(
    _ kind: Kind, adapter: AdapterType, message: String, resultCode: Int32? = nil,
    sqlState: String? = nil, detail: String? = nil, hint: String? = nil, sql: String? = nil,
    offset: Int? = nil
  ) {
    self.kind = kind
    self.adapter = adapter
    self.message = message
    self.resultCode = resultCode
    self.sqlState = sqlState
    self.detail = detail
    self.hint = hint
    self.sql = sql
    self.offset = offset
  }

  /// Short code text: `SQLITE_CONSTRAINT_UNIQUE (2067)`, `SQLSTATE 42P01`, or the kind.
  public var codeText: String {
    if let resultCode { return "\(SQLiteResultCode.name(resultCode)) (\(resultCode))" }
    if let sqlState { return "SQLSTATE \(sqlState)" }
    return kind.rawValue
  }

  /// The code, message, detail, hint and statement on separate lines (never bound values).
  public var description: String {
    var out = "\(adapter.rawValue) error \(codeText): \(message)"
    if let detail { out += "\n  detail: \(detail)" }
    if let hint { out += "\n  hint: \(hint)" }
    if let sql { out += "\n  in statement: \(sql)" }
    if let offset { out += "\n  at byte offset \(offset)" }
    return out
  }

  /// The error as a diagnostic; with an offset, the caret points into the statement shown as
  /// a file named `path` (the compiler maps it back to the model file with its source map).
  public func diagnostic(path: String = "<statement>") -> Diagnostic {
    var span: SourceSpan?
    if let sql, let offset, offset >= 0, offset <= sql.utf8.count {
      let file = SourceFile(path: path, text: sql)
      span = SourceSpan(file: file, range: offset..<min(offset + 1, sql.utf8.count))
    }
    var notes: [Diagnostic.Note] = []
    if let detail { notes.append(.init(detail)) }
    return Diagnostic(
      .error, code: kind.diagnosticCode, "\(adapter.rawValue) \(codeText): \(message)", span: span,
      path: span == nil ? path : nil, notes: notes, hint: hint)
  }
}
