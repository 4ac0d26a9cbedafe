import KilnAdapters
import KilnProject

extension PostgresPlanner {
  /// `materialized_view`: created on first build; refreshed when the existing materialized
  /// view already has the model's definition; otherwise (changed SQL, `--full-refresh`, or a
  /// table or view in its place) built under `__dbt_tmp` and swapped in like a table, with
  /// dependent views recreated. Indexes are created whenever it is (re)built.
  func materializedView(_ c: CompiledNode, existing: ExistingRelation?, fullRefresh: Bool) -> [PlanStep] {
    let p = c.parsed
    let target = rel(p, p.alias)
    if let e = existing, e.isMaterializedView, e.sameDefinition, !fullRefresh {
      return [.sql(.main, "refresh materialized view \(target)")] + configSteps(c, existing: e, rebuilt: false)
    }
    guard let e = existing else {
      return [.sql(.main, "create materialized view \(target) as (\n\(c.sql)\n)")]
        + configSteps(c, existing: nil, rebuilt: true)
    }
    let tmp = Self.suffixed(p.alias, "__dbt_tmp")
    let backup = Self.suffixed(p.alias, "__dbt_backup")
    let kind = e.isMaterializedView ? "materialized view" : self.kind(e.type)
    var steps: [PlanStep] = dependentsLock(e) + [
      .sql(.setup, "drop materialized view if exists \(rel(p, tmp))"),
      .sql(.main, "create materialized view \(rel(p, tmp)) as (\n\(c.sql)\n)"),
      .sql(.setup, "drop \(kind) if exists \(rel(p, backup))"),
    ]
    steps += dropDependents(e)
    steps += [
      .sql(.swap, "alter \(kind) \(target) rename to \(q(backup))"),
      .sql(.swap, "alter materialized view \(rel(p, tmp)) rename to \(q(p.alias))"),
    ]
    steps += recreateDependents(e)
    steps.append(.sql(.cleanup, "drop \(kind) \(rel(p, backup))"))
    return steps + configSteps(c, existing: e, rebuilt: true)
  }

  /// `steps` with the `create table <relation> as (…)` step replaced by the contract's
  /// typed DDL and insert, when the model enforces a contract.
  func contracted(_ c: CompiledNode, _ steps: [PlanStep], relation: String) throws -> [PlanStep] {
    guard let ddl = try contractedCreate(c, relation: relation) else { return steps }
    let head = "\(createTable(c.parsed)) \(relation) as ("
    return steps.flatMap { step -> [PlanStep] in
      if case .sql(.main, let sql) = step, sql.hasPrefix(head) { return ddl }
      return [step]
    }
  }
}
