import KilnAdapters
import KilnProject

/// The statements of one snapshot run, in dbt's shape (GP `snapshot.sql`, `helpers.sql`,
/// `strategies.sql`; PG `snapshot_merge.sql`), so a table dbt built can be continued by Kiln
/// and the other way round. Pure: the worker stages the source query, reads its columns and
/// the target's, and passes them in; plans are golden-tested per dialect.
///
/// A run is: stage the snapshot query into a temp table (so every later statement, and the
/// unique-key guard, reads the same rows), check the key, then either create the table or add
/// new source columns, build the staging table of changes (`dbt_change_type` insert / update /
/// delete), close changed rows by `dbt_scd_id`, insert new versions, drop the temp tables.
public struct SnapshotPlanner: Sendable {
  /// The SQL dialect.
  public let dialect: SnapshotDialect

  /// Creates a planner for an adapter.
  public init(adapter: AdapterType) { dialect = SnapshotDialect(adapter) }

  /// The statements, with the index of the one whose row count is the run's result.
  public struct Plan: Sendable, Hashable {
    /// The steps (after staging), in order.
    public var steps: [PlanStep]
    /// Index in `steps` of the insert (or create) whose row count is reported.
    public var resultStep: Int?
    /// As golden text.
    public var text: String {
      MaterializationPlan(
        nodeID: "", steps: steps, schemas: [], legacyAlterTable: false, status: "", description: ""
      ).text
    }
  }

  func q(_ s: String) -> String { dialect.quote(s) }

  /// The temp table holding the snapshot query's rows for this run.
  public func sourceTable(_ p: ParsedNode) -> String { dialect.suffixed(p.alias, "__dbt_source") }
  /// The temp table of changes.
  public func stagingTable(_ p: ParsedNode) -> String { dialect.suffixed(p.alias, "__dbt_staging") }

  /// Stages the compiled snapshot query into the session's temp table.
  public func stageSource(_ c: CompiledNode) -> PlanStep {
    let p = c.parsed
    return .sql(
      .setup,
      dialect.createTemp(sourceTable(p), as: "select * from (\n\(c.sql)\n) as dbt_snapshot_query"))
  }

  /// Rows of the staged source whose `unique_key` is duplicated or NULL (at most 11), one per
  /// key: `dbt_unique_key_<i>` columns and `dbt_rows`.
  public func keyViolations(_ p: ParsedNode, _ spec: SnapshotSpec) -> String {
    violations(of: spec, in: dialect.temp(sourceTable(p)), where: nil, nullsToo: true)
  }

  /// Keys with more than one current row in the target after the merge (at most 11): Kiln's
  /// final guard, so a run never commits two current versions of a row.
  public func currentDuplicates(_ p: ParsedNode, _ spec: SnapshotSpec) -> String {
    violations(of: spec, in: dialect.relation(p, p.alias), where: current(spec, nil), nullsToo: false)
  }

  func violations(of spec: SnapshotSpec, in relation: String, where filter: String?, nullsToo: Bool) -> String {
    let keys = spec.uniqueKey.enumerated().map { "\($1) as dbt_unique_key_\($0 + 1)" }
    let groups = spec.uniqueKey.joined(separator: ", ")
    var conditions = ["dbt_rows > 1"]
    if nullsToo { conditions += spec.uniqueKey.indices.map { "dbt_unique_key_\($0 + 1) is null" } }
    return """
      select * from (
        select \(keys.joined(separator: ", ")), count(*) as dbt_rows
        from \(relation)\(filter.map { "\n  where \($0)" } ?? "")
        group by \(groups)
      ) as dbt_keys
      where \(conditions.joined(separator: " or "))
      limit 11
      """
  }

  /// The plan for a run. `source` are the staged query's columns; `existing` the target's,
  /// nil when it does not exist yet; `time` the snapshot time as a SQL literal.
  public func plan(
    _ c: CompiledNode, spec: SnapshotSpec, source: [DatabaseColumn], existing: [DatabaseColumn]?,
    time: String
  ) throws -> Plan {
    let p = c.parsed
    let target = dialect.relation(p, p.alias)
    let src = dialect.temp(sourceTable(p))
    let m = spec.columns
    let upd = updatedAt(spec, time: time)
    let scd = dialect.hash(spec.uniqueKey + [upd])
    let cols = source.map { q($0.name) }
    guard let existing else {
      var select = "select \(cols.joined(separator: ", ")),\n  \(scd) as \(m.scdID),\n"
      select += "  \(upd) as \(m.updatedAt),\n  \(upd) as \(m.validFrom),\n"
      select += "  \(validToCurrent(spec, upd)) as \(m.validTo)"
      if spec.hardDeletes == .newRecord { select += ",\n  'False' as \(m.isDeleted)" }
      select += "\nfrom \(src) as sbq"
      return Plan(
        steps: [
          .sql(.main, dialect.createTable(target, as: select)),
          .sql(.cleanup, "drop table if exists \(src)"),
        ], resultStep: 0)
    }
    try checkTarget(existing, spec: spec, p: p)
    let have = Set(existing.map { $0.name.lowercased() })
    var steps: [PlanStep] = []
    // dbt's create_columns: a new source column is added to the table (NULL in old rows).
    for col in source where !have.contains(col.name.lowercased()) {
      let type = col.type.isEmpty ? "" : " " + col.type
      steps.append(.sql(.setup, "alter table \(target) add column \(q(col.name))\(type)"))
    }
    steps += expandedColumns(source: source, existing: existing, target: target)
    let staging = stagingTable(p)
    steps.append(.sql(.setup, "drop table if exists \(dialect.temp(staging))"))
    steps.append(
      .sql(
        .setup,
        dialect.createTemp(
          staging, as: try stagingSelect(p, spec, source: source, existing: existing, time: time))))
    steps.append(.sql(.main, closeChanged(target, staging: dialect.temp(staging), spec)))
    // Meta columns unquoted, as dbt writes them everywhere (created unquoted too).
    let insertCols = (cols + [m.scdID, m.updatedAt, m.validFrom, m.validTo]
      + (spec.hardDeletes == .newRecord ? [m.isDeleted] : [])).joined(separator: ", ")
    steps.append(
      .sql(
        .main,
        "insert into \(target) (\(insertCols))\nselect \(insertCols)\nfrom \(dialect.temp(staging))\nwhere dbt_change_type = 'insert'"
      ))
    let result = steps.count - 1
    steps.append(.sql(.cleanup, "drop table if exists \(dialect.temp(staging))"))
    steps.append(.sql(.cleanup, "drop table if exists \(src)"))
    return Plan(steps: steps, resultStep: result)
  }

  /// dbt's `expand_target_column_types` (Postgres): a `character varying(n)` column the
  /// source now has wider is widened in the table, so longer values fit.
  func expandedColumns(source: [DatabaseColumn], existing: [DatabaseColumn], target: String) -> [PlanStep] {
    guard dialect == .postgres else { return [] }
    func size(_ type: String) -> Int? {
      let prefix = "character varying("
      guard type.hasPrefix(prefix), type.hasSuffix(")") else { return nil }
      return Int(type.dropFirst(prefix.count).dropLast())
    }
    let byName = Dictionary(existing.map { ($0.name, $0.type) }, uniquingKeysWith: { a, _ in a })
    return source.compactMap { col in
      guard let new = size(col.type), let old = byName[col.name].flatMap(size), new > old else { return nil }
      return .sql(.setup, "alter table \(target) alter column \(q(col.name)) type \(col.type)")
    }
  }

  /// dbt's `updated_at`: the configured column (timestamp; check when set), else the
  /// snapshot time.
  func updatedAt(_ spec: SnapshotSpec, time: String) -> String {
    switch spec.strategy {
    case .timestamp(let u): u
    case .check(_, let u): u ?? time
    }
  }

  /// dbt's `get_dbt_valid_to_current`: NULL, or `dbt_valid_to_current`, typed like updated_at.
  func validToCurrent(_ spec: SnapshotSpec, _ upd: String) -> String {
    "coalesce(nullif(\(upd), \(upd)), \(spec.validToCurrent ?? "null"))"
  }

  /// The "current row" condition on `alias` (or unqualified).
  func current(_ spec: SnapshotSpec, _ alias: String?) -> String {
    let col = (alias.map { $0 + "." } ?? "") + spec.columns.validTo
    guard let cur = spec.validToCurrent else { return "\(col) is null" }
    return "(\(col) = \(cur) or \(col) is null)"
  }

  /// Closes the rows the staging table updates or deletes: `dbt_valid_to` from staging,
  /// matched by `dbt_scd_id`, current rows only.
  func closeChanged(_ target: String, staging: String, _ spec: SnapshotSpec) -> String {
    let m = spec.columns
    let cast = dialect == .postgres ? "::text" : ""
    return """
      update \(target) as DBT_INTERNAL_DEST
      set \(m.validTo) = DBT_INTERNAL_SOURCE.\(m.validTo)
      from \(staging) as DBT_INTERNAL_SOURCE
      where DBT_INTERNAL_SOURCE.\(m.scdID)\(cast) = DBT_INTERNAL_DEST.\(m.scdID)\(cast)
        and DBT_INTERNAL_SOURCE.dbt_change_type\(cast) in ('update'\(cast), 'delete'\(cast))
        and \(current(spec, "DBT_INTERNAL_DEST"))
      """
  }

  /// The target must hold the meta columns (dbt's `assert_valid_snapshot_target_given_strategy`).
  func checkTarget(_ existing: [DatabaseColumn], spec: SnapshotSpec, p: ParsedNode) throws {
    let m = spec.columns
    var wanted = [m.scdID, m.updatedAt, m.validFrom, m.validTo]
    if spec.hardDeletes == .newRecord { wanted.append(m.isDeleted) }
    let have = Set(existing.map { $0.name.lowercased() })
    let missing = wanted.filter { !have.contains($0.lowercased()) }
    guard missing.isEmpty else {
      throw PlanError(
        message:
          "\(dialect.relation(p, p.alias)) is not a snapshot table: it has no column \(missing.map { "`\($0)`" }.joined(separator: ", "))",
        hint: spec.hardDeletes == .newRecord && missing == [m.isDeleted]
          ? "hard_deletes: new_record needs the column; add it (`alter table ... add column \(m.isDeleted) text`) or rebuild the snapshot"
          : "drop or rename the table, or point the snapshot at another alias")
    }
  }
}
