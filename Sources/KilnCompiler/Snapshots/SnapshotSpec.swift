import KilnBase
import KilnJinja
import KilnProject

/// A snapshot's configuration, checked and resolved: what the planner needs to write dbt's
/// type-2 history SQL (DBT-SEMANTICS §4.6; dbt-core `SnapshotConfig.final_validate`,
/// dbt-adapters `get_hard_deletes_behavior`).
public struct SnapshotSpec: Sendable, Hashable {
  /// How a changed row is recognised.
  public enum Strategy: Sendable, Hashable {
    /// `strategy: timestamp`: changed iff the stored `dbt_valid_from` < the row's `updated_at`.
    case timestamp(updatedAt: String)
    /// `strategy: check`: changed iff a check column differs; `updated_at` is the snapshot
    /// time unless configured.
    case check(columns: CheckColumns, updatedAt: String?)
  }

  /// What happens to current rows whose key left the source (`hard_deletes`).
  public enum HardDeletes: String, Sendable, Hashable {
    /// Keep them current (dbt's default).
    case ignore
    /// Close them (`dbt_valid_to` = snapshot time).
    case invalidate
    /// Close them and add a row with `dbt_is_deleted = 'True'`.
    case newRecord = "new_record"
  }

  /// The meta column names (`snapshot_meta_column_names`).
  public struct MetaColumns: Sendable, Hashable {
    /// `dbt_scd_id`.
    public var scdID = "dbt_scd_id"
    /// `dbt_updated_at`.
    public var updatedAt = "dbt_updated_at"
    /// `dbt_valid_from`.
    public var validFrom = "dbt_valid_from"
    /// `dbt_valid_to`.
    public var validTo = "dbt_valid_to"
    /// `dbt_is_deleted` (only with `hard_deletes: new_record`).
    public var isDeleted = "dbt_is_deleted"
  }

  /// `unique_key`, one or several columns (SQL as written).
  public var uniqueKey: [String]
  /// The change-detection strategy.
  public var strategy: Strategy
  /// `hard_deletes` (or the legacy `invalidate_hard_deletes: true`).
  public var hardDeletes: HardDeletes
  /// `dbt_valid_to_current`: the SQL expression current rows hold in `dbt_valid_to`, or nil
  /// for NULL.
  public var validToCurrent: String?
  /// Meta column names.
  public var columns: MetaColumns

  /// Resolves and checks a snapshot's final config; errors name the node's file.
  public static func resolve(_ c: NodeConfig, node: Node) throws(Diagnostic) -> SnapshotSpec {
    func fail(_ message: String, hint: String) -> Diagnostic {
      Diagnostic(
        code: "C0401", "snapshot `\(node.name)`: \(message)", span: blockSpan(node),
        path: node.originalFilePath, hint: hint)
    }
    guard let key = c.uniqueKey, !key.isEmpty, let strategyName = c.strategy else {
      throw fail(
        "snapshots must be configured with a 'strategy' and 'unique_key'",
        hint: "add config(unique_key='id', strategy='timestamp', updated_at='updated_at')")
    }
    let strategy: Strategy
    switch strategyName {
    case "timestamp":
      guard let u = c.updatedAt, !u.isEmpty else {
        throw fail(
          "a snapshot configured with the timestamp strategy must specify an updated_at configuration",
          hint: "set updated_at to the column that moves when a row changes")
      }
      if c.checkCols != nil {
        throw fail("a 'timestamp' snapshot should not have 'check_cols'", hint: "remove check_cols, or use strategy='check'")
      }
      strategy = .timestamp(updatedAt: u)
    case "check":
      guard let cols = c.checkCols, cols != .columns([]) else {
        throw fail(
          "a snapshot configured with the check strategy must specify a check_cols configuration",
          hint: "set check_cols to a list of columns, or 'all'")
      }
      strategy = .check(columns: cols, updatedAt: c.updatedAt)
    default:
      throw fail(
        "strategy '\(strategyName)' is not supported", hint: "use strategy='timestamp' or strategy='check'")
    }
    let legacy = c.extra["invalidate_hard_deletes"].flatMap { $0.isNull ? nil : $0 }
    let mode = c.extra["hard_deletes"].flatMap { $0.isNull ? nil : $0 }
    if legacy != nil, mode != nil {
      throw fail(
        "you cannot set both the invalidate_hard_deletes and hard_deletes config properties on the same snapshot",
        hint: "keep hard_deletes (invalidate_hard_deletes: true is hard_deletes: invalidate)")
    }
    var hardDeletes = HardDeletes.ignore
    if legacy?.boolValue == true { hardDeletes = .invalidate }
    if let m = mode {
      guard let v = m.stringValue.flatMap(HardDeletes.init(rawValue:)) else {
        throw fail("invalid setting for property hard_deletes", hint: "use ignore, invalidate or new_record")
      }
      hardDeletes = v
    }
    var meta = MetaColumns()
    if let names = c.extra["snapshot_meta_column_names"]?.dictValue {
      for (k, v) in names {
        guard let name = v.stringValue, !name.isEmpty else { continue }
        switch k {
        case "dbt_scd_id": meta.scdID = name
        case "dbt_updated_at": meta.updatedAt = name
        case "dbt_valid_from": meta.validFrom = name
        case "dbt_valid_to": meta.validTo = name
        case "dbt_is_deleted": meta.isDeleted = name
        default:
          throw fail(
            "unknown key `\(k)` in snapshot_meta_column_names",
            hint: "the keys are dbt_scd_id, dbt_updated_at, dbt_valid_from, dbt_valid_to, dbt_is_deleted")
        }
      }
    }
    let current = c.extra["dbt_valid_to_current"]?.stringValue.flatMap { $0.isEmpty ? nil : $0 }
    return SnapshotSpec(
      uniqueKey: key, strategy: strategy, hardDeletes: hardDeletes, validToCurrent: current, columns: meta)
  }

  /// Checks the config at parse time, as dbt does when it loads the project.
  static func validate(_ c: NodeConfig, node: Node) throws(Diagnostic) {
    _ = try resolve(c, node: node)
  }

  /// The `{% snapshot name %}` tag in the node's file, for diagnostics.
  static func blockSpan(_ node: Node) -> SourceSpan? {
    let text = node.file.text
    guard let r = text.range(of: "snapshot \(node.name)") ?? text.range(of: node.name) else { return nil }
    let start = text.utf8.distance(from: text.startIndex, to: r.lowerBound)
    let end = text.utf8.distance(from: text.startIndex, to: r.upperBound)
    return SourceSpan(file: node.file, range: start..<end)
  }
}

extension ProjectParser {
  /// A snapshot file's template is its `{% snapshot name %}` block (positions are the file's);
  /// nil for other nodes and for YAML-defined snapshots, whose SQL is `raw_code`.
  static func snapshotTemplate(_ node: Node, _ session: CompileSession) throws -> Template? {
    guard node.resourceType == .snapshot, node.originalFilePath.hasSuffix(".sql") else { return nil }
    let file = try session.environment.parse(node.file.text, name: node.originalFilePath)
    return file.block(.snapshot, named: node.name)
  }
}
