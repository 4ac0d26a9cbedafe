import KilnBase
import OrderedCollections

/// The connection settings of one target of one profile, ready for an adapter.
public struct ResolvedProfile: Sendable, Hashable, CustomStringConvertible {
  /// The profile's name (`profile:` in dbt_project.yml).
  public var profileName: String
  /// The chosen target (`--target`, else the profile's `target:`, else `default`).
  public var targetName: String
  /// The adapter type: `sqlite` or `postgres`.
  public var type: String
  /// `threads`, default 1.
  public var threads: Int
  /// The target schema (`schema`; `main` when a SQLite target leaves it out).
  public var schema: String
  /// The target database (`database`, or postgres' `dbname`), when given.
  public var database: String?
  /// Every key of the target's output, rendered, in file order.
  public var raw: OrderedDictionary<String, ConfigValue>
  /// The profiles.yml the settings came from.
  public var profilesPath: String
  /// SQLite settings, when `type` is `sqlite`.
  public var sqlite: SQLiteTarget?
  /// Postgres settings, when `type` is `postgres`.
  public var postgres: PostgresTarget?

  /// The settings as one line with the password masked, for `kiln debug` and logs.
  public var description: String {
    let fields = raw.map { key, value -> String in
      let shown = Self.secretKeys.contains(key) ? "****" : (value.scalarText ?? value.description)
      return "\(key)=\(shown)"
    }
    return "profile `\(profileName)`, target `\(targetName)`: " + fields.joined(separator: ", ")
  }

  static let secretKeys: Set<String> = ["password", "pass", "token", "private_key"]
}

/// dbt-sqlite's keys: each schema is a database file attached under the schema's name.
public struct SQLiteTarget: Sendable, Hashable {
  /// `schemas_and_paths`: schema name to database file (`main` is the primary file).
  public var schemasAndPaths: OrderedDictionary<String, String>
  /// `schema_directory`: where files for new schemas are created.
  public var schemaDirectory: String?
  /// `path`: the main database file, Kiln's shorthand for `schemas_and_paths: {main: ...}`.
  public var path: String?

  /// The main database file: `schemas_and_paths.main`, else `path`.
  public var mainPath: String? { schemasAndPaths["main"] ?? path }
}

/// dbt-postgres' connection keys.
public struct PostgresTarget: Sendable, Hashable {
  /// `host`.
  public var host: String
  /// `port`, default 5432.
  public var port: Int
  /// `user`.
  public var user: String
  /// `password` (or `pass`).
  public var password: String
  /// `dbname` (or its alias `database`).
  public var dbname: String
  /// `schema`.
  public var schema: String
  /// `sslmode`.
  public var sslmode: String?
  /// `keepalives_idle`, seconds.
  public var keepalivesIdle: Int?
  /// `connect_timeout`, seconds.
  public var connectTimeout: Int?
  /// `role`, when given.
  public var role: String?
  /// `search_path`, when given.
  public var searchPath: String?
}
