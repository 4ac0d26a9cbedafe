import Foundation
import KilnAdapters
import KilnProject

extension SnapshotPlanner {
  /// dbt's `snapshot_staging_table`, with explicit column lists: one row per change, with
  /// `dbt_change_type` insert (new key, or a new version of a changed row), update (close
  /// the changed row's current version) or delete (close a current row whose key left the
  /// source; `hard_deletes` invalidate / new_record), plus new_record's deletion rows.
  ///
  /// Columns: `dbt_change_type`, the source columns, then `dbt_scd_id`, `dbt_updated_at`,
  /// `dbt_valid_from`, `dbt_valid_to` (and `dbt_is_deleted` with new_record).
  func stagingSelect(
    _ p: ParsedNode, _ spec: SnapshotSpec, source: [DatabaseColumn], existing: [DatabaseColumn],
    time: String
  ) throws -> String {
    let m = spec.columns
    let target = dialect.relation(p, p.alias)
    let src = dialect.temp(sourceTable(p))
    let upd = updatedAt(spec, time: time)
    let newRecord = spec.hardDeletes == .newRecord
    let deletes = spec.hardDeletes != .ignore
    let keys = spec.uniqueKey.enumerated().map { "\($1) as dbt_unique_key_\($0 + 1)" }.joined(separator: ", ")
    let join = spec.uniqueKey.indices.map {
      "snapshotted_data.dbt_unique_key_\($0 + 1) = source_data.dbt_unique_key_\($0 + 1)"
    }.joined(separator: "\n    and ")
    let names = source.map(\.name)
    let cols = names.map(q)
    func qualified(_ alias: String) -> String { cols.map { "\(alias).\($0)" }.joined(separator: ",\n    ") }
    let changed = try rowChanged(spec, source: names, existing: existing)
      + (newRecord ? " or snapshotted_data.\(m.isDeleted) = 'True'" : "")

    var ctes: [String] = []
    ctes.append("snapshot_query as (\n  select * from \(src)\n)")
    ctes.append(
      "snapshotted_data as (\n  select *, \(keys)\n  from \(target)\n  where \(current(spec, nil))\n)")
    ctes.append(
      """
      insertions_source_data as (
        select *, \(keys),
          \(upd) as \(m.updatedAt),
          \(upd) as \(m.validFrom),
          \(validToCurrent(spec, upd)) as \(m.validTo),
          \(dialect.hash(spec.uniqueKey + [upd])) as \(m.scdID)
        from snapshot_query
      )
      """)
    ctes.append(
      """
      updates_source_data as (
        select *, \(keys),
          \(upd) as \(m.updatedAt),
          \(upd) as \(m.validFrom),
          \(upd) as \(m.validTo)
        from snapshot_query
      )
      """)
    if deletes {
      ctes.append("deletes_source_data as (\n  select *, \(keys)\n  from snapshot_query\n)")
    }
    ctes.append(
      """
      insertions as (
        select
          'insert' as dbt_change_type,
          \(qualified("source_data")),
          source_data.\(m.scdID),
          source_data.\(m.updatedAt),
          source_data.\(m.validFrom),
          source_data.\(m.validTo)\(newRecord ? ",\n    'False' as \(m.isDeleted)" : "")
        from insertions_source_data as source_data
        left outer join snapshotted_data
          on \(join)
        where snapshotted_data.dbt_unique_key_1 is null
          or (\(changed))
      )
      """)
    ctes.append(
      """
      updates as (
        select
          'update' as dbt_change_type,
          \(qualified("source_data")),
          snapshotted_data.\(m.scdID),
          source_data.\(m.updatedAt),
          source_data.\(m.validFrom),
          source_data.\(m.validTo)\(newRecord ? ",\n    snapshotted_data.\(m.isDeleted)" : "")
        from updates_source_data as source_data
        join snapshotted_data
          on \(join)
        where \(changed)
      )
      """)
    // A current row is deleted when no source row has its key (not exists: dbt's left join
    // tests the key for NULL); with new_record, a row already marked deleted stays as it is.
    let gone = "not exists (\n    select 1 from deletes_source_data as source_data\n    where \(join)\n  )"
      + (newRecord ? "\n  and not (snapshotted_data.\(m.isDeleted) = 'True')" : "")
    if deletes {
      ctes.append(
        """
        deletes as (
          select
            'delete' as dbt_change_type,
            \(source.map { "\(typedNull($0)) as \(q($0.name))" }.joined(separator: ",\n    ")),
            snapshotted_data.\(m.scdID),
            \(time) as \(m.updatedAt),
            \(time) as \(m.validFrom),
            \(time) as \(m.validTo)\(newRecord ? ",\n    snapshotted_data.\(m.isDeleted)" : "")
          from snapshotted_data
          where \(gone)
        )
        """)
    }
    if newRecord {
      // dbt's deletion_records: the last version again, marked deleted, current from now; a
      // column new in the source is NULL (the old row never had it).
      let had = Set(existing.map { $0.name.lowercased() })
      let carried = cols.enumerated().map { i, c in
        had.contains(names[i].lowercased()) ? "snapshotted_data.\(c)" : "\(typedNull(source[i])) as \(c)"
      }
      ctes.append(
        """
        deletion_records as (
          select
            'insert' as dbt_change_type,
            \(carried.joined(separator: ",\n    ")),
            \(dialect.hash(["snapshotted_data.\(m.scdID)", time])) as \(m.scdID),
            \(time) as \(m.updatedAt),
            \(time) as \(m.validFrom),
            snapshotted_data.\(m.validTo) as \(m.validTo),
            'True' as \(m.isDeleted)
          from snapshotted_data
          where \(gone)
        )
        """)
    }
    var parts = ["select * from insertions", "select * from updates"]
    if deletes { parts.append("select * from deletes") }
    if newRecord { parts.append("select * from deletion_records") }
    return "with " + ctes.joined(separator: ",\n") + "\n" + parts.joined(separator: "\nunion all\n")
  }

  /// A NULL of the column's type: Postgres types an untyped NULL in a CTE as text, which then
  /// fails to union with the column's real type.
  func typedNull(_ c: DatabaseColumn) -> String {
    dialect == .postgres && !c.type.isEmpty ? "cast(null as \(c.type))" : "null"
  }

  /// dbt's `row_changed`: timestamp compares `dbt_valid_from` with the new `updated_at`;
  /// check compares each check column NULL-aware, and is TRUE for every row when a check
  /// column is new to the table.
  func rowChanged(_ spec: SnapshotSpec, source: [String], existing: [DatabaseColumn]) throws -> String {
    let m = spec.columns
    switch spec.strategy {
    case .timestamp:
      return "snapshotted_data.\(m.validFrom) < source_data.\(m.updatedAt)"
    case .check(let which, _):
      let byName = Dictionary(source.map { ($0.lowercased(), $0) }, uniquingKeysWith: { a, _ in a })
      let checked: [String]
      switch which {
      case .all:
        checked = source
      case .columns(let listed):
        checked = try listed.map { name in
          guard let actual = byName[name.lowercased()] ?? byName[name.trimmingCharacters(in: CharacterSet(charactersIn: "\"`")).lowercased()] else {
            throw PlanError(
              message: "check_cols names `\(name)`, which the snapshot query does not return",
              hint: "the query returns \(source.map { "`\($0)`" }.joined(separator: ", "))")
          }
          return actual
        }
      }
      let have = Set(existing.map { $0.name.lowercased() })
      if checked.contains(where: { !have.contains($0.lowercased()) }) { return "TRUE" }
      return "(" + checked.map { c in
        let s = "snapshotted_data.\(q(c))"
        let n = "source_data.\(q(c))"
        return "\(s) != \(n) or ((\(s) is null) and not (\(n) is null)) or ((not \(s) is null) and (\(n) is null))"
      }.joined(separator: "\n    or ") + ")"
    }
  }
}
