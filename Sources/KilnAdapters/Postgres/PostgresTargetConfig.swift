/// How to reach a Postgres target: dbt-postgres's profile keys, already resolved.
///
/// ```swift
/// let config = PostgresTargetConfig(
///   host: "127.0.0.1", port: 5432, user: "kiln", password: "", dbname: "analytics",
///   schema: "dbt_dev")
/// let db = try PGConnection(config)
/// ```
public struct PostgresTargetConfig: Hashable, Sendable {
  /// Server host name or address (`host`).
  public var host: String
  /// TCP port (`port`).
  public var port: Int
  /// Role to log in as (`user`).
  public var user: String
  /// Password; empty means none is sent (`password` / `pass`).
  public var password: String
  /// Database to connect to (`dbname` / `database`).
  public var dbname: String
  /// The target's default schema (`schema`); not used to connect.
  public var schema: String
  /// libpq `sslmode` (`disable`, `prefer`, `require`, …), nil for libpq's default.
  public var sslmode: String?
  /// Seconds to wait for the connection (`connect_timeout`).
  public var connectTimeout: Int?
  /// Seconds of idleness before TCP keepalives start (`keepalives_idle`).
  public var keepalivesIdle: Int?
  /// Session `search_path`, as dbt-postgres sets it (`search_path`).
  public var searchPath: String?
  /// Role to switch to after connecting (`role`).
  public var role: String?
  /// `application_name` shown in `pg_stat_activity`.
  public var applicationName: String

  /// Creates a configuration.
  public init(
    host: String, port: Int = 5432, user: String, password: String = "", dbname: String,
    schema: String, sslmode: String? = nil, connectTimeout: Int? = nil,
    keepalivesIdle: Int? = nil, searchPath: String? = nil, role: String? = nil,
    applicationName: String = "kiln"
  ) {
    self.host = host
    self.port = port
    self.user = user
    self.password = password
    self.dbname = dbname
    self.schema = schema
    self.sslmode = sslmode
    self.connectTimeout = connectTimeout
    self.keepalivesIdle = keepalivesIdle
    self.searchPath = searchPath
    self.role = role
    self.applicationName = applicationName
  }

  /// The libpq connection keywords and values, in order, for `PQconnectdbParams`.
  ///
  /// Values are passed as separate strings, never spliced into a conninfo string, so a
  /// password containing `'` or spaces needs no escaping. `client_encoding` is fixed to UTF8
  /// because result text is decoded as UTF-8 and error positions are counted in characters.
  public var connectionParameters: [(keyword: String, value: String)] {
    var out: [(String, String)] = [
      ("host", host), ("port", String(port)), ("user", user), ("dbname", dbname),
      ("client_encoding", "UTF8"), ("application_name", applicationName),
    ]
    if !password.isEmpty { out.append(("password", password)) }
    if let sslmode { out.append(("sslmode", sslmode)) }
    if let connectTimeout { out.append(("connect_timeout", String(connectTimeout))) }
    if let keepalivesIdle {
      out.append(("keepalives", "1"))
      out.append(("keepalives_idle", String(keepalivesIdle)))
    }
    if let searchPath, !searchPath.isEmpty {
      out.append(("options", "-c search_path=" + Self.escapeOption(searchPath)))
    }
    return out
  }

  /// Escapes a value inside libpq's `options`, where spaces separate arguments and a backslash
  /// escapes the next character (postgresql.org/docs/15/libpq-connect.html, `options`).
  static func escapeOption(_ value: String) -> String {
    var out = ""
    for c in value {
      if c == "\\" || c == " " { out.append("\\") }
      out.append(c)
    }
    return out
  }
}
