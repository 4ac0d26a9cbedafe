import KilnAdapters
import KilnBase
import KilnCompiler
import KilnProject

/// Opens connections to the profile's target; one per worker.
public struct ConnectionFactory: Sendable {
  /// The resolved target.
  public let profile: ResolvedProfile
  /// Project directory (relative SQLite paths resolve against it).
  public let projectDir: String

  /// Creates a factory.
  public init(profile: ResolvedProfile, projectDir: String) {
    self.profile = profile
    self.projectDir = projectDir
  }

  /// Opens a new connection.
  public func open() throws -> any DatabaseConnection {
    switch profile.type {
    case "sqlite":
      guard let s = profile.sqlite else {
        throw AdapterError(.configuration, adapter: .sqlite, message: "sqlite target has no settings", hint: nil)
      }
      let config = try SQLiteTargetConfig(
        schemasAndPaths: s.schemasAndPaths.isEmpty ? nil : Dictionary(uniqueKeysWithValues: s.schemasAndPaths.map { ($0.key, $0.value) }),
        schemaDirectory: s.schemaDirectory, path: s.schemasAndPaths.isEmpty ? s.path : nil,
        baseDirectory: projectDir)
      return try SQLiteConnection.open(config)
    case "postgres":
      guard let pg = profile.postgres else {
        throw AdapterError(.configuration, adapter: .postgres, message: "postgres target has no settings", hint: nil)
      }
      return try PGConnection(Self.config(pg))
    default:
      throw AdapterError(
        .configuration, adapter: .postgres,
        message: "adapter type '\(profile.type)' is not available in this build",
        hint: "use a sqlite or postgres target")
    }
  }

  /// The libpq settings of a profile's Postgres target.
  public static func config(_ pg: PostgresTarget) -> PostgresTargetConfig {
    PostgresTargetConfig(
      host: pg.host, port: pg.port, user: pg.user, password: pg.password, dbname: pg.dbname,
      schema: pg.schema, sslmode: pg.sslmode, connectTimeout: pg.connectTimeout,
      keepalivesIdle: pg.keepalivesIdle, searchPath: pg.searchPath, role: pg.role)
  }

  /// The planner for a profile's adapter.
  public static func planner(for profile: ResolvedProfile) -> any MaterializationPlanner {
    profile.type == "postgres" ? PostgresPlanner() : SQLitePlanner()
  }
}
