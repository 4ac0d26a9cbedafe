import KilnAdapters
import KilnBase
import KilnJinja
import KilnCompiler
import KilnProject

extension Worker {
  /// What an incremental load needs to know beyond the relation's type: the table's typed
  /// columns, the columns the model yields now (only when `on_schema_change` compares them),
  /// and on SQLite the table's unique keys (a `merge` upserts on one).
  func incrementalState(_ c: CompiledNode, _ existing: ExistingRelation?) throws -> ExistingRelation? {
    let p = c.parsed
    guard var e = existing, e.type == .table, p.materialized == "incremental",
      !(p.config.fullRefresh ?? fullRefresh)
    else { return existing }
    let typed = try connection.columns(schema: p.schema, name: p.alias)
    e.typedColumns = typed
    if (p.config.onSchemaChange ?? "ignore") != "ignore" {
      switch connection {
      case let sqlite as SQLiteConnection: e.modelColumns = try sqlite.describe(c.sql)
      case let pg as PGConnection: e.modelColumns = try pg.describe(c.sql)
      default: break
      }
    }
    if p.config.incrementalStrategy == "merge", let sqlite = connection as? SQLiteConnection {
      e.uniqueKeys = try sqlite.uniqueKeys(schema: p.schema, name: p.alias)
    }
    return e
  }
}

extension Worker {
  /// Renders a model again on this worker's connection, now that its parents are built (dbt
  /// renders every model when it runs; Kiln only those that query the warehouse).
  func render(_ c: CompiledNode) throws -> CompiledNode {
    guard var compiler else { return c }
    let db = DatabaseAccess(connection)
    compiler.database = db
    compiler.lookup = db.lookup
    var cache: [String: CompiledNode] = [:]
    do {
      return try compiler.compile(c.id, cache: &cache)
    } catch let e as JinjaError {
      throw e.diagnostic
    }
  }
}

extension Worker {
  /// A connection lost mid-build: the node's transaction never committed, so the warehouse
  /// keeps the relation as it was before this build; say so, and how to go on.
  static func lostConnection(_ diagnostic: Diagnostic, node p: ParsedNode) -> Diagnostic {
    var d = diagnostic
    d.notes.insert(
      .init(
        "the connection to the database was lost while building \(p.id); its transaction did not commit, "
          + "so \(p.schema).\(p.alias) is as it was before this run"), at: 0)
    d.hint = "check that the database server is up, then run again (the nodes built on this one were skipped)"
    return d
  }
}
