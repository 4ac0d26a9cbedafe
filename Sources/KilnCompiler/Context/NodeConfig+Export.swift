import KilnProject
import OrderedCollections

extension NodeConfig {
  /// The config with dbt's key names, in the order dbt writes them to `manifest.json`.
  public var exported: OrderedDictionary<String, ConfigValue> {
    var d = OrderedDictionary<String, ConfigValue>()
    func opt(_ s: String?) -> ConfigValue { s.map { .string($0) } ?? .null }
    d["enabled"] = .bool(enabled ?? true)
    d["alias"] = opt(alias)
    d["schema"] = opt(schema)
    d["database"] = opt(database)
    d["tags"] = .list(tags.map { .string($0) })
    d["meta"] = .dict(meta)
    d["group"] = .null
    d["materialized"] = opt(materialized)
    d["incremental_strategy"] = opt(incrementalStrategy)
    d["persist_docs"] = .dict(
      persistDocs.map { p in
        var o = OrderedDictionary<String, ConfigValue>()
        if let r = p.relation { o["relation"] = .bool(r) }
        if let c = p.columns { o["columns"] = .bool(c) }
        return o
      } ?? [:])
    d["post-hook"] = .list(postHook.map { .dict(["sql": .string($0.sql), "transaction": .bool($0.transaction)]) })
    d["pre-hook"] = .list(preHook.map { .dict(["sql": .string($0.sql), "transaction": .bool($0.transaction)]) })
    d["quoting"] = .dict([:])
    d["column_types"] = .dict(
      OrderedDictionary(uniqueKeysWithValues: (columnTypes ?? [:]).map { ($0.key, ConfigValue.string($0.value)) }))
    d["full_refresh"] = fullRefresh.map { .bool($0) } ?? .null
    d["unique_key"] =
      uniqueKey.map { $0.count == 1 ? .string($0[0]) : .list($0.map { .string($0) }) } ?? .null
    d["on_schema_change"] = .string(onSchemaChange ?? "ignore")
    d["grants"] = .dict(
      OrderedDictionary(uniqueKeysWithValues: grants.map { ($0.key, ConfigValue.list($0.value.map { .string($0) })) }))
    d["docs"] = .dict(["show": .bool(docs?.show ?? true), "node_color": opt(docs?.nodeColor)])
    d["contract"] = .dict(["enforced": .bool(contract?.enforced ?? false), "alias_types": .bool(contract?.aliasTypes ?? true)])
    if let severity { d["severity"] = .string(severity) }
    if let w = self.where { d["where"] = .string(w) }
    if let storeFailures { d["store_failures"] = .bool(storeFailures) }
    if let limit { d["limit"] = .int(limit) }
    if let warnIf { d["warn_if"] = .string(warnIf) }
    if let errorIf { d["error_if"] = .string(errorIf) }
    if let failCalc { d["fail_calc"] = .string(failCalc) }
    if let delimiter { d["delimiter"] = .string(delimiter) }
    if let quoteColumns { d["quote_columns"] = .bool(quoteColumns) }
    if materialized == "snapshot" {
      exportSnapshot(into: &d)
    } else {
      if let strategy { d["strategy"] = .string(strategy) }
      if let updatedAt { d["updated_at"] = .string(updatedAt) }
      if let targetSchema { d["target_schema"] = .string(targetSchema) }
    }
    for (k, v) in extra where d[k] == nil || materialized != "snapshot" { d[k] = v }
    return d
  }
}

extension NodeConfig {
  /// dbt's `SnapshotConfig` keys, every one written (null when unset), as in dbt's manifest.
  func exportSnapshot(into d: inout OrderedDictionary<String, ConfigValue>) {
    func opt(_ s: String?) -> ConfigValue { s.map { .string($0) } ?? .null }
    d["strategy"] = opt(strategy)
    d["target_schema"] = opt(targetSchema)
    d["target_database"] = opt(targetDatabase)
    d["updated_at"] = opt(updatedAt)
    switch checkCols {
    case .all?: d["check_cols"] = .string("all")
    case .columns(let c)?: d["check_cols"] = .list(c.map { .string($0) })
    case nil: d["check_cols"] = .null
    }
    var names: OrderedDictionary<String, ConfigValue> = [
      "dbt_valid_to": .null, "dbt_valid_from": .null, "dbt_scd_id": .null, "dbt_updated_at": .null,
      "dbt_is_deleted": .null,
    ]
    for (k, v) in extra["snapshot_meta_column_names"]?.dictValue ?? [:] { names[k] = v }
    d["snapshot_meta_column_names"] = .dict(names)
    d["dbt_valid_to_current"] = extra["dbt_valid_to_current"] ?? .null
  }
}
