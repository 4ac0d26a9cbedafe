import KilnAdapters
import KilnProject

extension SQLitePlanner {
  /// dbt's incremental flow: a temp table from the model SQL, `on_schema_change` applied to
  /// the target, then the strategy's statements over the destination columns.
  ///
  /// SQLite has no `merge`: with a `unique_key` that matches a unique index or primary key of
  /// the table, `merge` is an upsert (`insert … on conflict (key) do update`); without such an
  /// index it falls back to delete+insert, which gives the same rows.
  func incremental(_ c: CompiledNode, schema: String, name: String, existing e: ExistingRelation) throws -> [PlanStep] {
    let p = c.parsed
    let keys = p.config.uniqueKey ?? []
    let strategy = p.config.incrementalStrategy ?? (keys.isEmpty ? "append" : "delete+insert")
    guard ["append", "delete+insert", "merge"].contains(strategy) else {
      throw PlanError(
        message: "incremental_strategy '\(strategy)' is not supported on sqlite",
        hint: "use 'append', 'delete+insert' or 'merge'")
    }
    if strategy == "delete+insert", keys.isEmpty {
      throw PlanError(
        message: "incremental_strategy 'delete+insert' needs a unique_key",
        hint: "set unique_key in the model's config")
    }
    let (columns, change) = try e.schemaChange(for: p)
    let tmp = "temp." + q(name + "__dbt_tmp")
    let target = rel(schema, name)
    let cols = columns.map(q).joined(separator: ", ")
    let predicates = p.config.extra["incremental_predicates"]?.stringList ?? []
    var steps: [PlanStep] = [
      .sql(.setup, "drop table if exists \(tmp)"),
      .sql(.setup, "create temp table \(q(name + "__dbt_tmp")) as\n\(c.sql)"),
    ]
    if let change { steps += alterColumns(target, change) }
    let insert = "insert into \(target) (\(cols))\n  select \(cols)\n  from \(tmp)"
    let upsertKey = keys.isEmpty ? nil : e.uniqueKeys.first { Set($0) == Set(keys) }
    switch strategy {
    case "merge" where keys.isEmpty:
      steps.append(.sql(.main, insert))
    case "merge" where upsertKey != nil:
      steps.append(.sql(.main, upsert(p, target: target, tmp: tmp, keys: keys, columns: columns, predicates: predicates)))
    case "append":
      steps.append(.sql(.main, insert))
    default:  // delete+insert, and merge without a unique index on the key
      let k = keys.map(q).joined(separator: ", ")
      if predicates.isEmpty {
        steps.append(.sql(.main, "delete from \(target)\nwhere (\(k)) in (\n  select \(k) from \(tmp)\n)"))
      } else {
        var delete = "delete from \(target) as DBT_INTERNAL_DEST\nwhere (\(k)) in (\n  select \(k) from \(tmp)\n)"
        for pred in predicates { delete += "\nand (\(pred))" }
        steps.append(.sql(.main, delete))
      }
      steps.append(.sql(.main, insert))
    }
    steps.append(.sql(.cleanup, "drop table if exists \(tmp)"))
    return steps
  }

  /// `merge` as an upsert. The update columns follow dbt's merge (`merge_update_columns`, or
  /// all but `merge_exclude_columns`); `incremental_predicates` guard the update, with
  /// `DBT_INTERNAL_SOURCE.` read as SQLite's `excluded.` (the row that was not inserted).
  func upsert(_ p: ParsedNode, target: String, tmp: String, keys: [String], columns: [String], predicates: [String]) -> String {
    let cols = columns.map(q).joined(separator: ", ")
    let keySet = Set(keys)
    let excluded = Set(p.config.extra["merge_exclude_columns"]?.stringList ?? [])
    let update = p.config.extra["merge_update_columns"]?.stringList
      ?? columns.filter { !excluded.contains($0) && !keySet.contains($0) }
    // `where true` keeps SQLite from reading `on conflict` as a join's `on` (sqlite.org/lang_upsert.html).
    var sql = "insert into \(target) as DBT_INTERNAL_DEST (\(cols))\n  select \(cols)\n  from \(tmp) where true\n"
    sql += "on conflict (\(keys.map(q).joined(separator: ", "))) "
    if update.isEmpty { return sql + "do nothing" }
    sql += "do update set\n  " + update.map { "\(q($0)) = excluded.\(q($0))" }.joined(separator: ", ")
    if !predicates.isEmpty {
      sql += "\nwhere " + predicates.map { "(\($0.replacingOccurrences(of: "DBT_INTERNAL_SOURCE.", with: "excluded.")))" }
        .joined(separator: " and ")
    }
    return sql
  }

  /// `on_schema_change` on SQLite: `add column` / `drop column` (3.35+), and a type change as
  /// dbt's `alter_column_type` does it: a new column, a copy, drop the old, rename.
  func alterColumns(_ target: String, _ change: SchemaChange) -> [PlanStep] {
    var steps: [PlanStep] = change.added.map { .sql(.setup, "alter table \(target) add column \(q($0.name)) \($0.type)") }
    steps += change.removed.map { .sql(.setup, "alter table \(target) drop column \(q($0.name))") }
    for col in change.retyped {
      let tmpName = col.name + "__dbt_alter"
      steps += [
        .sql(.setup, "alter table \(target) add column \(q(tmpName)) \(col.type)"),
        .sql(.setup, "update \(target) set \(q(tmpName)) = \(q(col.name))"),
        .sql(.setup, "alter table \(target) drop column \(q(col.name))"),
        .sql(.setup, "alter table \(target) rename column \(q(tmpName)) to \(q(col.name))"),
      ]
    }
    return steps
  }
}
