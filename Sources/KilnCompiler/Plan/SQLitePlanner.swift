import KilnAdapters
import KilnProject

/// Materializations for SQLite. Every plan runs in one transaction (SQLite DDL is
/// transactional), so a failed build leaves the previous relation as it was.
///
/// Tables are built as `<name>__dbt_tmp` and swapped in by renames with
/// `legacy_alter_table` on: since SQLite 3.26 a rename otherwise rewrites views that reference
/// the old table to point at `__dbt_backup` (sqlite.org/lang_altertable.html).
public struct SQLitePlanner: MaterializationPlanner {
  /// Creates the planner.
  public init() {}
  public var adapterType: AdapterType { .sqlite }

  func q(_ s: String) -> String { SQLiteDialect.quote(s) }
  /// dbt-sqlite's rendering: schema unquoted, identifier quoted.
  func rel(_ schema: String, _ name: String) -> String { QuotePolicy.sqlite.render(database: nil, schema: schema, identifier: name) }

  public func plan(model c: CompiledNode, existing: ExistingRelation?, fullRefresh: Bool) throws -> MaterializationPlan {
    let p = c.parsed
    let schema = p.schema
    let name = p.alias
    let target = rel(schema, name)
    var steps: [PlanStep] = c.preHooks.map { .sql(.preHook, $0) }
    var status = "OK"
    var legacy = false
    switch p.materialized {
    case "ephemeral":
      return MaterializationPlan(
        nodeID: p.id, steps: [], schemas: [], legacyAlterTable: false, status: "OK",
        description: "sql ephemeral model \(schema).\(name)")
    case "view":
      if let e = existing { steps.append(.sql(.setup, drop(e.type, target))) }
      steps.append(.sql(.main, "create view \(target) as\n\(c.sql)"))
      // SQLite accepts a view over missing tables or columns and fails only when it is read;
      // reading it once here makes a broken view fail its own build (and roll back).
      steps.append(.sql(.cleanup, "select * from \(target) limit 0"))
      status = "OK"
    case "table", "materialized_view":
      // SQLite has no materialized views: a table, rebuilt on every run.
      legacy = true
      steps += swapIn(c.sql, schema: schema, name: name, existing: existing)
      status = "OK"
    case "incremental":
      let full = (p.config.fullRefresh ?? fullRefresh) || existing?.type == .view
      if existing == nil {
        steps.append(.sql(.main, "create table \(target) as\n\(c.sql)"))
      } else if full {
        legacy = true
        steps += swapIn(c.sql, schema: schema, name: name, existing: existing)
      } else if let e = existing {
        steps += try incremental(c, schema: schema, name: name, existing: e)
      }
      status = "OK"
    default:
      throw PlanError(
        message: "materialization '\(p.materialized)' is not supported on sqlite",
        hint: "use view, table, incremental or ephemeral")
    }
    steps += c.postHooks.map { .sql(.postHook, $0) }
    return MaterializationPlan(
      nodeID: p.id, steps: steps, schemas: [schema], legacyAlterTable: legacy, status: status,
      description: "sql \(p.materialized) model \(schema).\(name)")
  }

  func drop(_ type: RelationType, _ target: String) -> String {
    type == .view ? "drop view if exists \(target)" : "drop table if exists \(target)"
  }

  /// Build `<name>__dbt_tmp`, move the old relation aside, rename the new one in, drop the old.
  func swapIn(_ sql: String, schema: String, name: String, existing: ExistingRelation?) -> [PlanStep] {
    let tmp = name + "__dbt_tmp"
    let backup = name + "__dbt_backup"
    var steps: [PlanStep] = [
      .sql(.setup, "drop table if exists \(rel(schema, tmp))"),
      .sql(.main, "create table \(rel(schema, tmp)) as\n\(sql)"),
    ]
    switch existing?.type {
    case .table?:
      steps.append(.sql(.setup, "drop table if exists \(rel(schema, backup))"))
      steps.append(.sql(.swap, "alter table \(rel(schema, name)) rename to \(q(backup))"))
      steps.append(.sql(.swap, "alter table \(rel(schema, tmp)) rename to \(q(name))"))
      steps.append(.sql(.cleanup, "drop table if exists \(rel(schema, backup))"))
    case .view?:
      steps.append(.sql(.swap, "drop view if exists \(rel(schema, name))"))
      steps.append(.sql(.swap, "alter table \(rel(schema, tmp)) rename to \(q(name))"))
    case nil:
      steps.append(.sql(.swap, "alter table \(rel(schema, tmp)) rename to \(q(name))"))
    }
    return steps
  }

  public func plan(seed p: ParsedNode, table: SeedTable, existing: ExistingRelation?, fullRefresh: Bool) throws
    -> MaterializationPlan
  {
    let schema = p.schema
    let name = p.alias
    let target = rel(schema, name)
    var steps: [PlanStep] = []
    if existing?.type == .view {
      throw PlanError(
        message: "cannot load seed \(p.node.name) into \(target): a view of that name exists",
        hint: "drop the view, or rename the seed")
    }
    let quoteColumns = p.config.quoteColumns ?? true
    let colNames = table.columnNames
    let colDefs = colNames.enumerated().map { i, n in
      "\(quoteColumns ? q(n) : n) \(table.sqliteType(ofColumn: i))"
    }.joined(separator: ", ")
    let create = "create table \(target) (\(colDefs))"
    if existing != nil && !fullRefresh {
      steps.append(.sql(.setup, "delete from \(target)"))
    } else {
      if existing != nil { steps.append(.sql(.setup, "drop table if exists \(target)")) }
      steps.append(.sql(.main, create))
    }
    steps.append(.loadSeed(schema: schema, table: name, columns: colNames, rows: table.data))
    let verb = existing != nil && !fullRefresh ? "INSERT" : "CREATE"
    return MaterializationPlan(
      nodeID: p.id, steps: steps, schemas: [schema], legacyAlterTable: false,
      status: "\(verb) \(table.rowCount)", description: "seed file \(schema).\(name)")
  }
}
