import KilnAdapters
import KilnBase
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
    default:
      throw AdapterError(
        .configuration, adapter: .postgres,
        message: "adapter type '\(profile.type)' is not available in this build",
        hint: "use a sqlite target")
    }
  }
}
