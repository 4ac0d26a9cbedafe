import KilnBase
import OrderedCollections

extension ProfileLoader {
  static let supportedTypes = ["postgres", "sqlite"]

  /// Checks one output mapping and builds the typed settings for its adapter.
  static func resolve(
    _ output: YAMLMapping, span: SourceSpan, profileName: String, targetName: String,
    path: String
  ) throws(Diagnostic) -> ResolvedProfile {
    let raw = output.entries.mapValues(\.configValue)
    func invalid(_ message: String, _ key: String? = nil) -> Diagnostic {
      Diagnostic(
        code: "P0304", "target `\(targetName)` of profile `\(profileName)`: \(message)",
        span: key.flatMap { output.keySpans[$0] } ?? span)
    }
    func string(_ key: String) -> String? { raw[key]?.scalarText }
    func int(_ key: String) throws(Diagnostic) -> Int? {
      guard let v = raw[key], !v.isNull else { return nil }
      guard let i = v.intValue else { throw invalid("`\(key)` must be an integer", key) }
      return i
    }
    guard let type = string("type") else { throw invalid("missing `type`") }
    guard supportedTypes.contains(type) else {
      throw Diagnostic(
        code: "P0304", "adapter type `\(type)` is not supported",
        span: output["type"]?.span ?? span,
        notes: [.init("supported types: " + list(supportedTypes))],
        hint: Suggest.hint(for: type, in: supportedTypes))
    }
    let threads = try int("threads") ?? 1
    guard threads >= 1 else { throw invalid("`threads` must be at least 1", "threads") }
    var profile = ResolvedProfile(
      profileName: profileName, targetName: targetName, type: type, threads: threads,
      schema: string("schema") ?? "", database: string("database") ?? string("dbname"), raw: raw,
      profilesPath: path)
    switch type {
    case "sqlite":
      var schemas: OrderedDictionary<String, String> = [:]
      if let m = raw["schemas_and_paths"] {
        guard let d = m.dictValue else {
          throw invalid("`schemas_and_paths` must be a mapping", "schemas_and_paths")
        }
        schemas = d.compactMapValues(\.scalarText)
      }
      let sqlite = SQLiteTarget(
        schemasAndPaths: schemas, schemaDirectory: string("schema_directory"), path: string("path"))
      guard sqlite.mainPath != nil else {
        throw invalid("needs `path:` or `schemas_and_paths: {main: ...}`")
      }
      if profile.schema.isEmpty { profile.schema = "main" }
      profile.sqlite = sqlite
    default:
      for key in ["host", "user", "schema"] where string(key) == nil {
        throw invalid("missing `\(key)`")
      }
      guard let dbname = string("dbname") ?? string("database") else {
        throw invalid("missing `dbname` (or `database`)")
      }
      profile.postgres = PostgresTarget(
        host: string("host") ?? "", port: try int("port") ?? 5432, user: string("user") ?? "",
        password: string("password") ?? string("pass") ?? "", dbname: dbname,
        schema: profile.schema, sslmode: string("sslmode"),
        keepalivesIdle: try int("keepalives_idle"), connectTimeout: try int("connect_timeout"),
        role: string("role"), searchPath: string("search_path"))
      profile.database = dbname
    }
    return profile
  }
}
