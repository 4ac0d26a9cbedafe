import KilnAdapters
import KilnProject

/// A table or incremental plan cut in two where the new data exists but nobody sees it yet:
/// `stage` builds the staged relation (`<name>__dbt_tmp`, or the incremental temp table of new
/// rows), `publish` swaps it in (or runs the incremental statements) and cleans up. Between the
/// two, inside the same transaction, Kiln audits and quarantines the staged rows.
public struct PlanStages: Sendable {
  /// Steps that build the staged relation.
  public var stage: [PlanStep]
  /// Steps that publish it.
  public var publish: [PlanStep]
  /// The relation the audit tests read.
  public var staged: RelationValue
  /// Statements that drop the staged relation when the audit fails, so the transaction can
  /// commit what the audit stored (failing rows, quarantined rows) and nothing else.
  public var discard: [String]
}

extension MaterializationPlan {
  /// The plan's stages for model `p` (nil for views, ephemeral models and seeds):
  /// - a swap plan (table; incremental on full refresh) stages `<name>__dbt_tmp` and publishes
  ///   from the first `swap` step;
  /// - an incremental load stages its temp table of new rows and publishes from the first
  ///   `main` step (the strategy's delete/insert/merge);
  /// - a first incremental build creates the target directly, so the target itself is staged
  ///   (it does not exist outside this transaction yet).
  public func stages(for p: ParsedNode, adapter: AdapterType) -> PlanStages? {
    guard p.materialized == "table" || p.materialized == "incremental" else { return nil }
    let policy = QuotePolicy.of(adapter)
    func relation(_ schema: String, _ name: String, database: String?) -> RelationValue {
      RelationValue(database: database, schema: schema, identifier: name, type: "table", policy: policy)
    }
    func split(at i: Int) -> ([PlanStep], [PlanStep]) { (Array(steps[..<i]), Array(steps[i...])) }
    if let swap = steps.firstIndex(where: { $0.purpose == .swap }) {
      let tmp = adapter == .postgres ? PostgresPlanner.suffixed(p.alias, "__dbt_tmp") : p.alias + "__dbt_tmp"
      let staged = relation(p.schema, tmp, database: p.database)
      let (stage, publish) = split(at: swap)
      return PlanStages(stage: stage, publish: publish, staged: staged, discard: ["drop table if exists \(staged.renderedText)"])
    }
    if let temp = steps.firstIndex(where: { $0.purpose == .setup && Self.tempTableName(of: $0) != nil }),
      let name = Self.tempTableName(of: steps[temp])
    {
      let staged =
        adapter == .postgres
        ? relation("", name, database: nil) : relation("temp", name, database: nil)
      let (stage, publish) = split(at: temp + 1)
      return PlanStages(stage: stage, publish: publish, staged: staged, discard: ["drop table if exists \(staged.renderedText)"])
    }
    guard let main = steps.firstIndex(where: { $0.purpose == .main }) else { return nil }
    let target = relation(p.schema, p.alias, database: p.database)
    let (stage, publish) = split(at: main + 1)
    return PlanStages(stage: stage, publish: publish, staged: target, discard: ["drop table if exists \(target.renderedText)"])
  }

  /// The name in `create temp table "x" as` / `create temporary table "x" as (`.
  static func tempTableName(of step: PlanStep) -> String? {
    guard case .sql(_, let sql) = step else { return nil }
    for prefix in ["create temp table \"", "create temporary table \""] where sql.hasPrefix(prefix) {
      let rest = sql.dropFirst(prefix.count)
      guard let end = rest.range(of: "\" as") else { return nil }
      return String(rest[..<end.lowerBound]).replacingOccurrences(of: "\"\"", with: "\"")
    }
    return nil
  }
}

extension PlanStep {
  /// The statement's purpose (nil for bulk inserts).
  public var purpose: Purpose? {
    if case .sql(let p, _) = self { return p }
    return nil
  }
}
