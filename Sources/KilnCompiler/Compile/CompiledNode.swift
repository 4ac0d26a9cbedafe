import KilnAdapters
import KilnProject

/// A node rendered with `execute` true: plain SQL with ephemeral CTEs injected.
public struct CompiledNode: Sendable {
  /// The parsed node.
  public var parsed: ParsedNode
  /// The compiled SQL as written to `target/compiled/` (dbt writes it exactly as rendered).
  public var sql: String
  /// Ephemeral models inlined as CTEs, in injection order.
  public var ephemerals: [String]
  /// `is_incremental()` evaluated true during this compile.
  public var isIncremental: Bool
  /// Log lines the render produced.
  public var logs: [String]
  /// The rendered SQL before CTE injection (the body used when this node is itself inlined).
  public var rawSQL: String = ""
  /// Rendered pre-hooks, in order.
  public var preHooks: [String] = []
  /// Rendered post-hooks, in order.
  public var postHooks: [String] = []
  /// The render reached the warehouse (`run_query`...) in the compile before a run, so the
  /// worker renders it again when it runs, after its parents are built (as dbt renders).
  public var rendersAtRunTime = false
  /// The columns the SQL yields, described on the warehouse before planning (contracts).
  public var describedColumns: [DatabaseColumn]?
  /// The contract's columns as the warehouse types them (`cast(null as <data_type>)`).
  public var contractColumns: [DatabaseColumn]?

  init(parsed: ParsedNode, sql: String, ephemerals: [String], isIncremental: Bool, logs: [String]) {
    self.parsed = parsed
    self.sql = sql
    self.ephemerals = ephemerals
    self.isIncremental = isIncremental
    self.logs = logs
    self.rawSQL = sql
  }

  /// Unique id.
  public var id: String { parsed.id }
}
