import Foundation
import KilnAdapters
import KilnProject

/// Materializations for Postgres, in dbt-postgres's order (DBT-SEMANTICS §4.3–4.4), each run
/// in one transaction: Postgres DDL is transactional, so a failure leaves the old relation.
///
/// Unlike dbt, nothing is dropped with `cascade`: views reading a relation that is replaced
/// (`ExistingRelation.dependents`) are dropped before the swap and recreated from their
/// definitions after it, since Postgres binds views to the table's OID, not its name.
public struct PostgresPlanner: MaterializationPlanner {
  /// The suffix of incremental temp tables; dbt uses the time as `HHMMSSffffff`.
  let tempSuffix: @Sendable () -> String

  /// Creates the planner; `tempSuffix` fixes the temp-table suffix (golden tests).
  public init(tempSuffix: (@Sendable () -> String)? = nil) {
    self.tempSuffix = tempSuffix ?? PostgresPlanner.clockSuffix
  }

  public var adapterType: AdapterType { .postgres }

  /// The current UTC time as `HHMMSSffffff`, dbt-postgres's temp-relation suffix.
  @Sendable public static func clockSuffix() -> String {
    let now = Date().timeIntervalSince1970
    let secs = Int(now)
    let micros = Int((now - Double(secs)) * 1_000_000)
    let day = secs % 86_400
    return String(format: "%02d%02d%02d%06d", day / 3600, day % 3600 / 60, day % 60, micros)
  }

  func q(_ s: String) -> String { PostgresDialect.quote(s) }
  func rel(_ p: ParsedNode, _ name: String) -> String {
    QuotePolicy.postgres.render(database: p.database, schema: p.schema, identifier: name)
  }
  /// `name + suffix`, with `name` cut so the result fits Postgres' 63-character limit.
  static func suffixed(_ name: String, _ suffix: String) -> String {
    String(name.prefix(max(0, 63 - suffix.count))) + suffix
  }

  public func plan(model c: CompiledNode, existing: ExistingRelation?, fullRefresh: Bool) throws -> MaterializationPlan {
    let p = c.parsed
    let target = rel(p, p.alias)
    var steps: [PlanStep] = c.preHooks.map { .sql(.preHook, $0) }
    let full = (p.config.fullRefresh ?? fullRefresh) || existing?.type == .view
    // Only swaps touch dependent views; an incremental insert leaves them be.
    if p.materialized == "view" || p.materialized == "table" || (p.materialized == "incremental" && full) {
      steps = dependentsLock(existing) + steps
    }
    switch p.materialized {
    case "ephemeral":
      return MaterializationPlan(
        nodeID: p.id, steps: [], schemas: [], legacyAlterTable: false, status: "OK",
        description: "sql ephemeral model \(p.schema).\(p.alias)")
    case "view":
      steps += swapIn(p, create: "create view", sql: c.sql, type: .view, existing: existing)
      steps += configSteps(c, existing: existing, rebuilt: true)
    case "table":
      let tmp = rel(p, Self.suffixed(p.alias, "__dbt_tmp"))
      steps += try contracted(c, swapIn(p, create: createTable(p), sql: c.sql, type: .table, existing: existing), relation: tmp)
      steps += configSteps(c, existing: existing, rebuilt: true)
      steps.append(.sql(.cleanup, "analyze \(target)"))
    case "incremental":
      if let e = existing, !full {
        steps += try incremental(c, existing: e)
      } else if existing == nil {
        steps += try contracted(c, [.sql(.main, "\(createTable(p)) \(target) as (\n\(c.sql)\n)")], relation: target)
      } else {
        let tmp = rel(p, Self.suffixed(p.alias, "__dbt_tmp"))
        steps += try contracted(c, swapIn(p, create: createTable(p), sql: c.sql, type: .table, existing: existing), relation: tmp)
      }
      steps += configSteps(c, existing: existing, rebuilt: existing == nil || full)
      steps.append(.sql(.cleanup, "analyze \(target)"))
    case "materialized_view":
      steps += materializedView(c, existing: existing, fullRefresh: p.config.fullRefresh ?? fullRefresh)
    default:
      throw PlanError(
        message: "materialization '\(p.materialized)' is not supported on postgres",
        hint: "use view, table, incremental, materialized_view or ephemeral")
    }
    steps += c.postHooks.map { .sql(.postHook, $0) }
    return MaterializationPlan(
      nodeID: p.id, steps: steps, schemas: [p.schema], legacyAlterTable: false, status: "OK",
      description: "sql \(p.materialized) model \(p.schema).\(p.alias)")
  }

  /// `create table`, or `create unlogged table` with `unlogged: true`.
  func createTable(_ p: ParsedNode) -> String {
    p.config.extra["unlogged"]?.boolValue == true ? "create unlogged table" : "create table"
  }

  func kind(_ type: RelationType) -> String { type == .view ? "view" : "table" }

  /// dbt's order: build `<name>__dbt_tmp`, rename the old relation to `<name>__dbt_backup`,
  /// rename the new one in, drop the backup; dependent views are dropped before the renames
  /// and recreated after them.
  func swapIn(_ p: ParsedNode, create: String, sql: String, type: RelationType, existing: ExistingRelation?) -> [PlanStep] {
    let tmp = Self.suffixed(p.alias, "__dbt_tmp")
    let backup = Self.suffixed(p.alias, "__dbt_backup")
    var steps: [PlanStep] = [
      .sql(.setup, "drop \(kind(type)) if exists \(rel(p, tmp))"),
      .sql(.main, "\(create) \(rel(p, tmp)) as (\n\(sql)\n)"),
    ]
    if let e = existing {
      steps.append(.sql(.setup, "drop \(kind(e.type)) if exists \(rel(p, backup))"))
      steps += dropDependents(e)
      steps.append(.sql(.swap, "alter \(kind(e.type)) \(rel(p, p.alias)) rename to \(q(backup))"))
    }
    steps.append(.sql(.swap, "alter \(kind(type)) \(rel(p, tmp)) rename to \(q(p.alias))"))
    if let e = existing {
      steps += recreateDependents(e)
      steps.append(.sql(.cleanup, "drop \(kind(e.type)) \(rel(p, backup))"))
    }
    return steps
  }

  /// Drops the views reading the old relation, deepest first (no `cascade`: anything else
  /// depending on them, like a materialized view, makes Postgres refuse with its name).
  func dropDependents(_ e: ExistingRelation) -> [PlanStep] {
    e.dependents.reversed().map {
      .sql(.swap, "drop \($0.materialized ? "materialized view" : "view") if exists \(PostgresDialect.render(schema: $0.schema, name: $0.name))")
    }
  }

  /// Taken first by plans that rebuild dependent views (see `PGConnection.dependentViewsLockKey`).
  func dependentsLock(_ existing: ExistingRelation?) -> [PlanStep] {
    guard let e = existing, !e.dependents.isEmpty else { return [] }
    return [.sql(.setup, "select pg_advisory_xact_lock(\(PGConnection.dependentViewsLockKey))")]
  }

  /// Recreates the dropped views from their definitions, shallowest first.
  func recreateDependents(_ e: ExistingRelation) -> [PlanStep] {
    e.dependents.flatMap { v -> [PlanStep] in
      let with = v.options.isEmpty ? "" : " with (\(v.options.joined(separator: ", ")))"
      let kind = v.materialized ? "materialized view" : "view"
      return [.sql(.recreate, "create \(kind) \(PostgresDialect.render(schema: v.schema, name: v.name))\(with) as\n\(v.definition)")]
        + v.indexes.map { .sql(.recreate, $0) }
    }
  }
}
