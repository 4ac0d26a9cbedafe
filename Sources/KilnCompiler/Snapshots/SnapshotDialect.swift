import KilnAdapters
import KilnProject

/// The few places where snapshot SQL differs between SQLite and Postgres.
public enum SnapshotDialect: Sendable, Hashable {
  /// dbt-sqlite's spelling.
  case sqlite
  /// dbt-postgres's spelling.
  case postgres

  /// The dialect of an adapter.
  public init(_ adapter: AdapterType) {
    self = adapter == .postgres ? .postgres : .sqlite
  }

  func quote(_ s: String) -> String {
    self == .postgres ? PostgresDialect.quote(s) : SQLiteDialect.quote(s)
  }

  /// The node's relation (or a sibling named `name`) as dbt renders it.
  public func relation(_ p: ParsedNode, _ name: String) -> String {
    switch self {
    case .postgres: QuotePolicy.postgres.render(database: p.database, schema: p.schema, identifier: name)
    case .sqlite: QuotePolicy.sqlite.render(database: nil, schema: p.schema, identifier: name)
    }
  }

  /// A session-local table's name as statements refer to it, always schema-qualified so a
  /// `drop table if exists` can never reach a permanent table of the same name.
  public func temp(_ name: String) -> String {
    (self == .postgres ? "pg_temp." : "temp.") + quote(name)
  }

  /// `create temp table <name> as <select>`.
  func createTemp(_ name: String, as select: String) -> String {
    switch self {
    case .postgres: "create temporary table \(quote(name)) as (\n\(select)\n)"
    case .sqlite: "create temp table \(quote(name)) as\n\(select)"
    }
  }

  /// `create table <target> as <select>`.
  func createTable(_ target: String, as select: String) -> String {
    switch self {
    case .postgres: "create table \(target) as (\n\(select)\n)"
    case .sqlite: "create table \(target) as\n\(select)"
    }
  }

  /// A name of at most 63 characters on Postgres (its identifier limit).
  func suffixed(_ name: String, _ suffix: String) -> String {
    self == .postgres ? String(name.prefix(max(0, 63 - suffix.count))) + suffix : name + suffix
  }

  /// The query that reads the snapshot time once per run: dbt's `snapshot_get_time()`
  /// (`now()::timestamp without time zone` on Postgres, the transaction's start; on SQLite
  /// UTC with milliseconds, where dbt-sqlite's `datetime()` keeps only seconds).
  public var timeQuery: String {
    switch self {
    case .postgres: "select cast(now()::timestamp without time zone as text)"
    case .sqlite: "select strftime('%Y-%m-%d %H:%M:%f', 'now')"
    }
  }

  /// The snapshot time as a SQL literal of the type `snapshot_get_time()` has.
  public func timeLiteral(_ text: String) -> String {
    let quoted = "'" + text.replacingOccurrences(of: "'", with: "''") + "'"
    return self == .postgres ? quoted + "::timestamp without time zone" : quoted
  }

  /// dbt's `snapshot_hash_arguments`: md5 over the arguments cast to text, `|`-joined.
  /// dbt-sqlite writes `hex(md5(...))` over SQLean's blob md5, i.e. upper-case hex; Kiln's
  /// `md5` returns Postgres' lower-case text, so SQLite upper-cases it to the same value.
  func hash(_ args: [String]) -> String {
    let inner = args.map { "coalesce(cast(\($0) as varchar), '')" }.joined(separator: " || '|' || ")
    return self == .postgres ? "md5(\(inner))" : "upper(md5(\(inner)))"
  }
}
