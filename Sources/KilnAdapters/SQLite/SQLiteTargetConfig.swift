import Foundation

/// Where a SQLite target's schemas live, built from the profile's keys.
///
/// dbt-sqlite maps each schema to a database file: `schemas_and_paths` names files for some
/// schemas (`main` required), and `schema_directory` is where other schemas' files are found
/// and created as `<schema>.db`. Kiln also accepts a plain `path:` for the main file, with
/// the schema directory defaulting to that file's folder.
///
/// ```yaml
/// type: sqlite
/// schemas_and_paths: { main: dev.db, raw: raw.db }
/// schema_directory: schemas
/// ```
public struct SQLiteTargetConfig: Hashable, Sendable {
  /// Absolute path of the `main` database file (or `:memory:`).
  public var mainPath: String
  /// Other schemas named in the profile, schema → absolute file path.
  public var schemaPaths: [String: String]
  /// Absolute folder holding `<schema>.db` files; nil for an in-memory main without one.
  public var schemaDirectory: String?

  /// Creates a configuration from already-resolved paths.
  public init(mainPath: String, schemaPaths: [String: String] = [:], schemaDirectory: String?) {
    self.mainPath = mainPath
    self.schemaPaths = schemaPaths
    self.schemaDirectory = schemaDirectory
  }

  /// Builds the configuration from profile keys; relative paths resolve against
  /// `baseDirectory` (the project directory).
  ///
  /// Give either `schemasAndPaths` (with a `main` entry) or `path`.
  public init(
    schemasAndPaths: [String: String]? = nil, schemaDirectory: String? = nil,
    path: String? = nil, baseDirectory: String
  ) throws {
    func resolve(_ p: String) -> String {
      if p == ":memory:" { return p }
      let expanded = (p as NSString).expandingTildeInPath
      let full = expanded.hasPrefix("/") ? expanded : baseDirectory + "/" + expanded
      return (full as NSString).standardizingPath
    }
    let main: String
    var others: [String: String] = [:]
    switch (schemasAndPaths, path) {
    case (let map?, nil):
      guard let m = map["main"] else {
        throw Self.configError(
          "`schemas_and_paths` must name a schema called `main`",
          hint: "add `main: <file>.db` under `schemas_and_paths`")
      }
      main = resolve(m)
      for (schema, p) in map where schema != "main" { others[schema] = resolve(p) }
    case (nil, let p?):
      main = resolve(p)
    case (.some, .some):
      throw Self.configError(
        "give either `path` or `schemas_and_paths` for a sqlite target, not both", hint: nil)
    case (nil, nil):
      throw Self.configError(
        "a sqlite target needs `schemas_and_paths` (with `main`) or `path`",
        hint: "add `path: dev.db` to the target in profiles.yml")
    }
    var directory = schemaDirectory.map(resolve)
    if directory == nil, main != ":memory:" {
      directory = (main as NSString).deletingLastPathComponent
    }
    self.init(mainPath: main, schemaPaths: others, schemaDirectory: directory)
  }

  private static func configError(_ message: String, hint: String?) -> AdapterError {
    AdapterError(.configuration, adapter: .sqlite, message: message, hint: hint)
  }
}
