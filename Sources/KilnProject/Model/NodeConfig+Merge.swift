import OrderedCollections

extension NodeConfig {
  /// This layer with a more specific layer applied on top, following dbt's rules.
  ///
  /// dbt's "Combining configs" (docs.getdbt.com/reference/define-configs): most configs are
  /// clobbered by the more specific value; `tags` are additive (Kiln keeps the first
  /// occurrence of each tag); `meta` dictionaries are merged, a more specific key replacing a
  /// less specific one; `pre-hook` and `post-hook` are additive (appended). `grants` replace
  /// per privilege, unless the more specific key starts with `+`, which adds grantees.
  /// `docs`, `persist_docs` and `contract` update field by field, as dbt's `MergeBehavior.Update`.
  /// Precedence is in-file `config()` > properties `.yml` > `dbt_project.yml` (deepest folder
  /// first) > defaults: call `defaults.merged(with: tree).merged(with: yml).merged(with: inFile)`.
  public func merged(with o: NodeConfig) -> NodeConfig {
    // Every rule below leaves this layer as it is when `o` sets nothing.
    if o.isUnchangedEmpty { return self }
    var r = fields
    r.materialized = o.materialized ?? materialized
    r.schema = o.schema ?? schema
    r.alias = o.alias ?? alias
    r.database = o.database ?? database
    for t in o.tags where !r.tags.contains(t) { r.tags.append(t) }
    r.enabled = o.enabled ?? enabled
    r.preHook = preHook + o.preHook
    r.postHook = postHook + o.postHook
    r.uniqueKey = o.uniqueKey ?? uniqueKey
    r.incrementalStrategy = o.incrementalStrategy ?? incrementalStrategy
    r.onSchemaChange = o.onSchemaChange ?? onSchemaChange
    r.meta.merge(o.meta) { _, new in new }
    if let od = o.docs {
      r.docs = DocsConfig(show: od.show ?? docs?.show, nodeColor: od.nodeColor ?? docs?.nodeColor)
    }
    if let op = o.persistDocs {
      r.persistDocs = PersistDocsConfig(
        relation: op.relation ?? persistDocs?.relation, columns: op.columns ?? persistDocs?.columns)
    }
    r.fullRefresh = o.fullRefresh ?? fullRefresh
    r.columnTypes = o.columnTypes ?? columnTypes
    r.delimiter = o.delimiter ?? delimiter
    r.quoteColumns = o.quoteColumns ?? quoteColumns
    for (privilege, grantees) in o.grants {
      if privilege.hasPrefix("+") {
        let p = String(privilege.dropFirst())
        r.grants[p] = (r.grants[p] ?? []) + grantees.filter { !(r.grants[p] ?? []).contains($0) }
      } else {
        r.grants[privilege] = grantees
      }
    }
    if let oc = o.contract {
      r.contract = ContractConfig(
        enforced: oc.enforced ?? contract?.enforced,
        aliasTypes: oc.aliasTypes ?? contract?.aliasTypes)
    }
    r.severity = o.severity ?? severity
    r.where = o.where ?? `where`
    r.storeFailures = o.storeFailures ?? storeFailures
    r.storeFailuresAs = o.storeFailuresAs ?? storeFailuresAs
    r.limit = o.limit ?? limit
    r.warnIf = o.warnIf ?? warnIf
    r.errorIf = o.errorIf ?? errorIf
    r.failCalc = o.failCalc ?? failCalc
    r.strategy = o.strategy ?? strategy
    r.updatedAt = o.updatedAt ?? updatedAt
    r.checkCols = o.checkCols ?? checkCols
    r.targetSchema = o.targetSchema ?? targetSchema
    r.targetDatabase = o.targetDatabase ?? targetDatabase
    r.extra.merge(o.extra) { _, new in new }
    return NodeConfig(r)
  }

  /// Layers merged in order, least specific first.
  public static func merging(_ layers: [NodeConfig]) -> NodeConfig {
    layers.dropFirst().reduce(layers.first ?? NodeConfig()) { $0.merged(with: $1) }
  }
}
