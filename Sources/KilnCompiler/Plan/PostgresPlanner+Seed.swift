import KilnAdapters
import KilnProject

extension PostgresPlanner {
  /// dbt's seed flow (GP `seeds/seed.sql`): an existing table is truncated and reloaded; a new
  /// one, or any on `--full-refresh`, is created from the inferred types (`column_types` win).
  public func plan(seed p: ParsedNode, table: SeedTable, existing: ExistingRelation?, fullRefresh: Bool) throws
    -> MaterializationPlan
  {
    let target = rel(p, p.alias)
    if existing?.type == .view {
      throw PlanError(
        message: "cannot load seed \(p.node.name) into \(target): a view of that name exists",
        hint: "drop the view, or rename the seed")
    }
    let quoteColumns = p.config.quoteColumns ?? true
    // Unquoted names fold to lower case in Postgres; insert into the folded names.
    let names = table.columnNames.map { quoteColumns ? $0 : $0.lowercased() }
    let colDefs = table.columnNames.enumerated().map { i, n in
      "\(quoteColumns ? q(n) : n) \(table.postgresType(ofColumn: i))"
    }.joined(separator: ", ")
    let reload = existing != nil && !(p.config.fullRefresh ?? fullRefresh)
    var steps: [PlanStep] = reload ? [] : dependentsLock(existing)
    if reload {
      steps.append(.sql(.setup, "truncate table \(target)"))
    } else {
      if let e = existing {
        steps += dropDependents(e)
        steps.append(.sql(.setup, "drop table \(target)"))
      }
      steps.append(.sql(.main, "create table \(target) (\(colDefs))"))
    }
    var rows = table.data
    if reload {
      // Truncate-and-reload keeps the table's own column types; values go in binary only when
      // they are the inferred ones.
      let existingTypes = Dictionary(
        (existing?.typedColumns ?? []).map { ($0.name, $0.type) }, uniquingKeysWith: { a, _ in a })
      let same = rows.targetTypes.map { types in
        zip(names, types).allSatisfy { existingTypes[$0] == $1.postgresCatalogName }
      }
      if same != true { rows.targetTypes = nil }
    }
    steps.append(.loadSeed(schema: p.schema, table: p.alias, columns: names, rows: rows))
    if let e = existing, !reload { steps += recreateDependents(e) }
    steps.append(.sql(.cleanup, "analyze \(target)"))
    return MaterializationPlan(
      nodeID: p.id, steps: steps, schemas: [p.schema], legacyAlterTable: false,
      status: "\(reload ? "INSERT" : "CREATE") \(table.rowCount)", description: "seed file \(p.schema).\(p.alias)")
  }
}
