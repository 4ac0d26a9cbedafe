import Foundation

extension SQLiteConnection {
  /// Opens the target's main file and attaches its other schemas, as dbt-sqlite does.
  ///
  /// Attaches every schema in `schemaPaths` (sorted by name), then every `*.db` file in the
  /// schema directory under its base name, skipping files already attached. A directory file
  /// whose name collides with a `schemas_and_paths` schema is an error, as in dbt-sqlite.
  public static func open(_ config: SQLiteTargetConfig) throws -> SQLiteConnection {
    if let dir = config.schemaDirectory {
      try? FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
    }
    let connection = try SQLiteConnection(
      path: config.mainPath, schemaDirectory: config.schemaDirectory)
    for schema in config.schemaPaths.keys.sorted() {
      guard let path = config.schemaPaths[schema] else { continue }
      try connection.attach(path: path, as: schema)
    }
    guard let dir = config.schemaDirectory else { return connection }
    let taken = Set(config.schemaPaths.values).union([config.mainPath])
    let files = (try? FileManager.default.contentsOfDirectory(atPath: dir)) ?? []
    for file in files.sorted() where file.hasSuffix(".db") {
      let path = dir + "/" + file
      if taken.contains(path) { continue }
      let schema = String(file.dropLast(3))
      if schema == "main" || config.schemaPaths[schema] != nil {
        throw AdapterError(
          .connection, adapter: .sqlite,
          message:
            "found \(path) in schema_directory but cannot attach it as `\(schema)`: that schema "
            + "is already defined in schemas_and_paths",
          hint: "rename the file or remove `\(schema)` from schemas_and_paths")
      }
      try connection.attach(path: path, as: schema)
    }
    return connection
  }

  /// Attaches the database file at `path` as schema `name` (creating the file if missing).
  public func attach(path: String, as name: String) throws {
    // ATTACH takes expressions for both the file and the schema name, so both are parameters.
    do {
      _ = try internalQuery("ATTACH DATABASE ? AS ?", [.text(path), .text(name)])
    } catch var error as AdapterError {
      error.kind = .connection
      error.message = "cannot attach \(path) as `\(name)`: \(error.message)"
      throw error
    }
  }

  /// Names of the attached schemas (`main`, `temp` excluded, then the attached ones).
  public func attachedSchemas() throws -> [String] {
    try internalQuery("SELECT name FROM pragma_database_list WHERE name <> 'temp' ORDER BY seq")
      .compactMap { $0.first?.textValue }
  }

  /// Attaches `<schemaDirectory>/<name>.db` (creating it) unless `name` is already attached.
  public func ensureSchema(_ name: String) throws {
    let attached = try attachedSchemas()
    // SQLite compares schema names case-insensitively.
    if attached.contains(where: { $0.lowercased() == name.lowercased() }) { return }
    guard let dir = schemaDirectory else {
      throw AdapterError(
        .configuration, adapter: .sqlite,
        message: "cannot create schema `\(name)`: the target has no schema_directory",
        hint: "add `schema_directory:` to the sqlite target in profiles.yml")
    }
    try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
    try attach(path: dir + "/" + name + ".db", as: name)
  }

  /// `table` or `view` for `schema.name`, read from `<schema>.sqlite_master`; nil if absent.
  public func relationType(schema: String, name: String) throws -> RelationType? {
    guard try schemaExists(schema) else { return nil }
    let rows = try internalQuery(
      "SELECT type FROM \(SQLiteDialect.quote(schema)).sqlite_master "
        + "WHERE name = ? AND type IN ('table', 'view')", [.text(name)])
    return rows.first?.first?.textValue.flatMap(RelationType.init(rawValue:))
  }

  /// Tables and views in `schema` sorted by name, without SQLite's internal `sqlite_*` tables.
  public func listRelations(schema: String) throws -> [Relation] {
    guard try schemaExists(schema) else { return [] }
    let rows = try internalQuery(
      "SELECT name, type FROM \(SQLiteDialect.quote(schema)).sqlite_master "
        + "WHERE type IN ('table', 'view') AND name NOT LIKE 'sqlite\\_%' ESCAPE '\\' "
        + "ORDER BY name")
    return rows.compactMap { row in
      guard let name = row[0].textValue, let type = row[1].textValue.flatMap(RelationType.init)
      else { return nil }
      return Relation(schema: schema, identifier: name, type: type)
    }
  }

  /// Columns of `schema.name` from `pragma_table_info` (works for views too).
  public func columns(schema: String, name: String) throws -> [DatabaseColumn] {
    guard try schemaExists(schema) else { return [] }
    let rows = try internalQuery(
      "SELECT name, type, cid FROM pragma_table_info(?, ?) ORDER BY cid",
      [.text(name), .text(schema)])
    return rows.map { row in
      DatabaseColumn(
        name: row[0].textValue ?? "", type: row[1].textValue ?? "",
        position: Int(row[2].integerValue ?? 0) + 1)
    }
  }

  private func schemaExists(_ schema: String) throws -> Bool {
    try attachedSchemas().contains { $0.lowercased() == schema.lowercased() } || schema == "temp"
  }
}
