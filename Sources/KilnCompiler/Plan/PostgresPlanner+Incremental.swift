import KilnAdapters
import KilnProject

extension PostgresPlanner {
  /// dbt's incremental flow on an existing table: a temp table from the model SQL, then the
  /// strategy's statements over the target's columns (GP `strategies.sql`, `merge.sql`).
  func incremental(_ c: CompiledNode, existing e: ExistingRelation) throws -> [PlanStep] {
    let p = c.parsed
    let (columns, change) = try e.schemaChange(for: p)
    let keys = p.config.uniqueKey ?? []
    let strategy = p.config.incrementalStrategy ?? (keys.isEmpty ? "append" : "delete+insert")
    let tmp = q(Self.suffixed(p.alias, "__dbt_tmp" + tempSuffix()))
    let target = rel(p, p.alias)
    let cols = columns.map(q).joined(separator: ", ")
    let predicates = p.config.extra["incremental_predicates"]?.stringList ?? []
    var steps: [PlanStep] = [.sql(.setup, "create temporary table \(tmp) as (\n\(c.sql)\n)")]
    if let change { steps += alterColumns(p, target: target, change, existing: e) }
    let insert = "insert into \(target) (\(cols))\n(\n  select \(cols)\n  from \(tmp)\n)"
    switch strategy {
    case "append":
      steps.append(.sql(.main, insert))
    case "delete+insert":
      guard !keys.isEmpty else {
        throw PlanError(
          message: "incremental_strategy 'delete+insert' needs a unique_key", hint: "set unique_key in the model's config")
      }
      let k = keys.joined(separator: ", ")
      var delete = "delete from \(target) as DBT_INTERNAL_DEST\nwhere (\(k)) in (\n  select distinct \(k)\n  from \(tmp) as DBT_INTERNAL_SOURCE\n)"
      for pred in predicates { delete += "\nand (\(pred))" }
      steps.append(.sql(.main, delete))
      steps.append(.sql(.main, insert))
    case "merge":
      steps.append(.sql(.main, merge(p, target: target, tmp: tmp, keys: keys, columns: columns, predicates: predicates)))
    default:
      throw PlanError(
        message: "incremental_strategy '\(strategy)' is not supported on postgres",
        hint: "use 'append', 'delete+insert' or 'merge'")
    }
    steps.append(.sql(.cleanup, "drop table if exists \(tmp)"))
    return steps
  }

  /// PostgreSQL 15's `merge`, as dbt's `default__get_merge_sql` writes it; without a unique
  /// key it matches nothing (`on (FALSE)`) and only inserts.
  func merge(_ p: ParsedNode, target: String, tmp: String, keys: [String], columns: [String], predicates: [String]) -> String {
    var conditions = keys.map { "DBT_INTERNAL_SOURCE.\($0) = DBT_INTERNAL_DEST.\($0)" }
    if keys.isEmpty { conditions = ["FALSE"] }
    conditions += predicates
    var sql = "merge into \(target) as DBT_INTERNAL_DEST\nusing \(tmp) as DBT_INTERNAL_SOURCE\n"
    sql += "on (" + conditions.joined(separator: ") and (") + ")"
    if !keys.isEmpty {
      let excluded = Set(p.config.extra["merge_exclude_columns"]?.stringList ?? [])
      let update = p.config.extra["merge_update_columns"]?.stringList ?? columns.filter { !excluded.contains($0) }
      let sets = update.map { "\(q($0)) = DBT_INTERNAL_SOURCE.\(q($0))" }.joined(separator: ", ")
      sql += "\nwhen matched then update set\n  \(sets)"
    }
    let cols = columns.map(q).joined(separator: ", ")
    let values = columns.map { "DBT_INTERNAL_SOURCE.\(q($0))" }.joined(separator: ", ")
    sql += "\nwhen not matched then insert\n  (\(cols))\nvalues\n  (\(values))"
    return sql
  }

  /// `on_schema_change` on Postgres: dbt's one `alter table … add column …, drop column …`,
  /// and per type change dbt's `alter_column_type` (new column, copy, drop, rename) — but
  /// never `cascade`: views reading the table are dropped and recreated around the change
  /// (a view that used a removed column then fails with its name, and nothing is changed).
  func alterColumns(_ p: ParsedNode, target: String, _ change: SchemaChange, existing e: ExistingRelation) -> [PlanStep] {
    let clauses = change.added.map { "add column \(q($0.name)) \($0.type)" } + change.removed.map { "drop column \(q($0.name))" }
    var alters: [PlanStep] = []
    if !clauses.isEmpty { alters.append(.sql(.setup, "alter table \(target)\n  " + clauses.joined(separator: ",\n  "))) }
    for col in change.retyped {
      let tmpName = q(col.name + "__dbt_alter")
      alters += [
        .sql(.setup, "alter table \(target) add column \(tmpName) \(col.type)"),
        .sql(.setup, "update \(target) set \(tmpName) = \(q(col.name))"),
        .sql(.setup, "alter table \(target) drop column \(q(col.name))"),
        .sql(.setup, "alter table \(target) rename column \(tmpName) to \(q(col.name))"),
      ]
    }
    // Adding columns never breaks a view; removing or retyping one the view reads would.
    guard !e.dependents.isEmpty, !(change.removed.isEmpty && change.retyped.isEmpty) else { return alters }
    return dependentsLock(e) + dropDependents(e) + alters + recreateDependents(e)
  }
}
