internal import CPostgres
import Foundation

/// One libpq connection to a Postgres server, used by one worker at a time.
///
/// ```swift
/// let db = try PGConnection(config)
/// try db.execute("create table t (x int); insert into t values (1)")
/// let n = try db.query("select count(*) from t").scalar   // .integer(1)
/// ```
public final class PGConnection {
  /// The `PGconn*`; closed with `PQfinish` in `deinit`.
  let conn: OpaquePointer
  /// Receives each statement run through the public API (see `DatabaseConnection.recorder`).
  ///
  /// A script given to `execute` is recorded as one entry: Postgres parses it on the server,
  /// and splitting it here would need a full lexer (dollar quotes, nested comments).
  public var recorder: StatementRecorder?
  /// Server notices (`RAISE NOTICE`, "relation already exists, skipping"…) collected here
  /// instead of libpq's default of printing them to stderr.
  private let noticeBox = PGNoticeBox()
  /// `format_type` results keyed by (type OID, typmod), for `QueryResult.declaredTypes`.
  private var typeNames: [PGTypeKey: String] = [:]
  var savepointDepth = 0

  /// Connects with `PQconnectdbParams`, then switches to the configured role, if any.
  public init(_ config: PostgresTargetConfig) throws {
    let parameters = config.connectionParameters
    let keywords = parameters.map { strdup($0.keyword) }
    let values = parameters.map { strdup($0.value) }
    defer {
      keywords.forEach { free($0) }
      values.forEach { free($0) }
    }
    let handle = (keywords.map { UnsafePointer($0) } + [nil]).withUnsafeBufferPointer { k in
      (values.map { UnsafePointer($0) } + [nil]).withUnsafeBufferPointer { v in
        // expand_dbname = 0: `dbname` is a name, never parsed as a conninfo string.
        PQconnectdbParams(k.baseAddress, v.baseAddress, 0)
      }
    }
    guard let handle else {
      throw AdapterError(
        .connection, adapter: .postgres, message: "libpq could not allocate a connection")
    }
    guard PQstatus(handle) == CONNECTION_OK else {
      let message = Self.trimmed(PQerrorMessage(handle))
      PQfinish(handle)
      throw AdapterError(
        .connection, adapter: .postgres,
        message: "cannot connect to \(config.host):\(config.port) as \(config.user): \(message)")
    }
    self.conn = handle
    PQsetNoticeReceiver(
      conn, pgNoticeReceiver, Unmanaged.passUnretained(noticeBox).toOpaque())
    if let role = config.role, !role.isEmpty {
      // set_config takes the role as a value, so it needs no quoting (same as `SET ROLE 'r'`).
      _ = try internalQuery("select set_config('role', $1, false)", [.text(role)])
    }
  }

  deinit { PQfinish(conn) }

  /// Notices the server sent since the connection opened (or since `takeNotices()`).
  public var notices: [String] { noticeBox.messages }

  /// Returns the collected notices and forgets them.
  public func takeNotices() -> [String] {
    defer { noticeBox.messages.removeAll() }
    return noticeBox.messages
  }

  /// Forgets notices that arrived after the first `count` (the adapter's own, expected ones).
  func dropNotices(after count: Int) {
    if noticeBox.messages.count > count { noticeBox.messages.removeSubrange(count...) }
  }

  /// The server version as a number (150018 for 15.18).
  public var serverVersion: Int { Int(PQserverVersion(conn)) }

  /// Runs a script of one or more `;`-separated statements with `PQexec`, discarding rows.
  ///
  /// Without an explicit `BEGIN` in the script the server runs all of its statements in one
  /// implicit transaction, so a failure part-way leaves none of them applied
  /// (postgresql.org/docs/15/protocol-flow.html, "Multiple Statements in a Simple Query").
  public func execute(_ sql: String) throws {
    recorder?(sql.trimmingCharacters(in: .whitespacesAndNewlines))
    _ = try check(PQexec(conn, sql), sql: sql)
  }

  /// Runs one statement with `$1`-style parameters and returns its rows.
  public func query(_ sql: String, _ params: [SQLValue] = []) throws -> QueryResult {
    recorder?(sql)
    let result = try exec(sql, params)
    let columns = result.columnNames
    let declared = try (0..<columns.count).map { column -> String? in
      guard result.sourceTable(column: column) != 0 else { return nil }
      return try typeName(
        oid: result.typeOID(column: column), modifier: result.typeModifier(column: column))
    }
    return QueryResult(columns: columns, declaredTypes: declared, rows: result.allRows())
  }

  /// Runs one statement with parameters and returns the rows it changed (`PQcmdTuples`).
  @discardableResult
  public func run(_ sql: String, _ params: [SQLValue] = []) throws -> Int {
    recorder?(sql)
    return try exec(sql, params).affectedRows
  }

  /// A handle that cancels the running statement from another thread via `PQcancel`.
  public func makeInterrupter() -> any Interrupter {
    PGInterrupter(cancel: PGCancelHandle(PQgetCancel(conn)))
  }

  /// The libpq library version as a number (150018 for 15.18).
  public static var libraryVersion: Int { Int(PQlibVersion()) }

  // MARK: - Internals shared by the extensions

  /// Runs an internal statement (introspection) without recording it and returns its rows.
  func internalQuery(_ sql: String, _ params: [SQLValue] = []) throws -> [[SQLValue]] {
    try exec(sql, params).allRows()
  }

  /// `PQexecParams` with text-format parameters and text-format results.
  ///
  /// `declareTypes: false` sends every parameter as `unknown`, so the server converts the
  /// text to whatever the context needs (used by bulk inserts, like COPY's text input).
  func exec(_ sql: String, _ params: [SQLValue], declareTypes: Bool = true) throws -> PGResult {
    guard params.count <= Self.maxParameters else {
      throw AdapterError(
        .statement, adapter: .postgres,
        message: "\(params.count) parameters given; Postgres allows at most \(Self.maxParameters)",
        sql: sql)
    }
    let encoded = try params.map(PGValueCoding.encode)
    let texts = encoded.map { $0.text.map { strdup($0) } ?? nil }
    defer { texts.forEach { free($0) } }
    let types = encoded.map { declareTypes ? $0.type : PGValueCoding.OID.unknown }
    let raw = texts.map { UnsafePointer($0) }.withUnsafeBufferPointer { values in
      types.withUnsafeBufferPointer { types in
        // Null lengths/formats: every parameter is a NUL-terminated text value; result format 0 = text.
        PQexecParams(
          conn, sql, Int32(params.count), types.baseAddress, values.baseAddress, nil, nil, 0)
      }
    }
    return try check(raw, sql: sql)
  }

  /// Most parameters one statement can bind (the protocol's Int16 count).
  public static let maxParameters = 65_535

  /// Wraps `raw` or throws the `AdapterError` it (or the connection) reports.
  ///
  /// The single place Postgres errors are made: SQLSTATE, primary message, detail, hint and
  /// the statement position, which the server counts in characters from 1
  /// (postgresql.org/docs/15/protocol-error-fields.html) and is turned into a UTF-8 byte
  /// offset into `sql`. `57014` (query_canceled) is `.interrupted`; a lost connection is
  /// `.connection`.
  func check(_ raw: OpaquePointer?, sql: String?) throws -> PGResult {
    guard let raw else { throw libpqError(sql: sql) }
    return try check(PGResult(raw), sql: sql)
  }

  /// The connection's own error (`PQerrorMessage`), for calls that return no result.
  func libpqError(sql: String?) -> AdapterError {
    AdapterError(
      PQstatus(conn) == CONNECTION_OK ? .statement : .connection, adapter: .postgres,
      message: Self.trimmed(PQerrorMessage(conn)), sql: sql)
  }

  /// Returns `result` if it succeeded, else throws its error (see `check(_:sql:)` above).
  func check(_ result: PGResult, sql: String?) throws -> PGResult {
    if result.succeeded { return result }
    let sqlState = result.errorField(KILN_PG_DIAG_SQLSTATE)
    let message =
      result.errorField(KILN_PG_DIAG_MESSAGE_PRIMARY)
      ?? Self.trimmed(PQresultErrorMessage(result.handle))
    let kind: AdapterError.Kind =
      switch sqlState {
      case "57014": .interrupted
      case _ where PQstatus(conn) != CONNECTION_OK: .connection
      case let s? where s.hasPrefix("08"): .connection
      default: .statement
      }
    let position = result.errorField(KILN_PG_DIAG_STATEMENT_POSITION).flatMap { Int($0) }
    throw AdapterError(
      kind, adapter: .postgres, message: message, sqlState: sqlState,
      detail: result.errorField(KILN_PG_DIAG_MESSAGE_DETAIL),
      hint: result.errorField(KILN_PG_DIAG_MESSAGE_HINT), sql: sql,
      offset: position.flatMap { p in sql.map { Self.byteOffset(ofCharacter: p, in: $0) } })
  }

  /// The UTF-8 byte offset of the 1-based character position `position` in `sql`.
  ///
  /// The server counts characters as code points, so this walks Unicode scalars, not
  /// grapheme clusters.
  static func byteOffset(ofCharacter position: Int, in sql: String) -> Int {
    let scalars = sql.unicodeScalars
    var offset = 0
    for scalar in scalars.prefix(max(0, position - 1)) { offset += UTF8.width(scalar) }
    return offset
  }

  /// The `format_type` spelling of a column type, cached per connection.
  private func typeName(oid: UInt32, modifier: Int32) throws -> String? {
    let key = PGTypeKey(oid: oid, modifier: modifier)
    if let name = typeNames[key] { return name }
    let name = try internalQuery(
      "select format_type($1::oid, $2::int4)", [.integer(Int64(oid)), .integer(Int64(modifier))]
    ).first?.first?.textValue
    if let name { typeNames[key] = name }
    return name
  }

  static func trimmed(_ message: UnsafePointer<CChar>?) -> String {
    guard let message else { return "unknown libpq error" }
    return String(cString: message).trimmingCharacters(in: .whitespacesAndNewlines)
  }
}

extension PGConnection: DatabaseConnection {}

@available(*, unavailable) extension PGConnection: Sendable {}

private struct PGTypeKey: Hashable {
  var oid: UInt32
  var modifier: Int32
}
