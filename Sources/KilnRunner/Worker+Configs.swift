import KilnAdapters
import KilnCompiler
import KilnProject

extension Worker {
  /// What Postgres configs need from the warehouse before planning: current grants (to
  /// revoke stale ones), whether a materialized view already has the model's definition, and
  /// for an enforced contract or column docs the columns the SQL yields (and the contract's
  /// columns as Postgres types them).
  func configState(_ c: CompiledNode, _ existing: ExistingRelation?) throws -> (CompiledNode, ExistingRelation?) {
    guard let pg = connection as? PGConnection else { return (c, existing) }
    let p = c.parsed
    var node = c
    var state = existing
    if var e = state {
      if !p.config.grants.isEmpty { e.grants = try pg.grants(schema: p.schema, name: p.alias) }
      if p.materialized == "materialized_view", try pg.isMaterializedView(schema: p.schema, name: p.alias) {
        e.isMaterializedView = true
        e.sameDefinition = try pg.hasDefinition(c.sql, schema: p.schema, name: p.alias)
      }
      state = e
    }
    let contract = p.config.contract?.enforced == true && ["table", "incremental"].contains(p.materialized)
    if contract || p.config.persistDocs?.columns == true {
      node.describedColumns = try pg.describe(c.sql)
    }
    if contract {
      let declared = p.node.columns.values.map { col in
        "cast(null as \(col.dataType ?? "text")) as \(PostgresDialect.quote(col.name))"
      }
      node.contractColumns = declared.isEmpty ? [] : try pg.describe("select " + declared.joined(separator: ", "))
    }
    return (node, state)
  }
}

/// A model's `pre_hook` or `post_hook` statement failed: which one, and the database's error.
struct HookError: Error {
  /// `pre-hook` or `post-hook`.
  var kind: String
  /// 1-based position among the model's hooks of that kind.
  var index: Int
  /// What the database said.
  var underlying: AdapterError
}
