import Foundation
import KilnAdapters
import KilnProject

/// One step of a materialization: a SQL statement with its purpose, or a bulk load of rows.
public enum PlanStep: Sendable, Hashable {
  /// A statement; `purpose` says why it runs (`main` is the model's own statement).
  case sql(Purpose, String)
  /// Load a seed's rows, read from its source (again) and cast as its first pass chose
  /// (`SeedBinding.load`).
  case loadSeed(schema: String, table: String, columns: [String], rows: SeedRows)

  /// Why a statement runs.
  public enum Purpose: String, Sendable, Hashable {
    case preHook = "pre-hook", setup, main, swap, cleanup, postHook = "post-hook"
    /// Recreating a view that reads the replaced relation (Postgres).
    case recreate = "recreate-dependent"
    /// DDL a config asks for after the build (`indexes`, `grants`, `persist_docs`).
    case config
  }
}

/// The statements that build one node, run in order inside one transaction, so a failure
/// leaves the previous relation intact.
public struct MaterializationPlan: Sendable, Hashable {
  /// The node's unique id.
  public var nodeID: String
  /// The steps, in order.
  public var steps: [PlanStep]
  /// Schemas to create first.
  public var schemas: [String]
  /// Run the steps with SQLite's `legacy_alter_table` on, so renames do not rewrite views.
  public var legacyAlterTable: Bool
  /// What dbt prints as the adapter response (`CREATE VIEW`, `INSERT 32`...).
  public var status: String
  /// A one-line description (`sql table model main.customers`).
  public var description: String

  /// The plan as text, one statement per block; golden-tested per dialect.
  public var text: String {
    var out = ""
    if !schemas.isEmpty { out += "-- schemas: \(schemas.joined(separator: ", "))\n" }
    if legacyAlterTable { out += "-- legacy_alter_table: on\n" }
    for s in steps {
      switch s {
      case .sql(let purpose, let sql): out += "-- \(purpose.rawValue)\n\(sql);\n"
      case .loadSeed(let schema, let table, let columns, let rows):
        out += "-- insert \(rows.rowCount) rows into \(schema).\(table) (\(columns.joined(separator: ", ")))\n"
      }
    }
    return out
  }
}

/// The state of the target relation before a build, as read from the warehouse.
public struct ExistingRelation: Sendable, Hashable {
  /// Table or view.
  public var type: RelationType
  /// Its columns in order (needed by incremental inserts).
  public var columns: [String]
  /// Views reading it that a swap must drop and recreate (Postgres; empty on SQLite).
  public var dependents: [DependentView]
  /// Its columns with their types; read for incremental builds (`on_schema_change`).
  public var typedColumns: [DatabaseColumn] = []
  /// The columns the model's SQL yields now, described by the runner when `on_schema_change`
  /// is not `ignore`; nil when not described.
  public var modelColumns: [DatabaseColumn]?
  /// Column sets of its unique indexes (SQLite's `merge` upserts on one matching `unique_key`).
  public var uniqueKeys: [[String]] = []
  /// Privileges granted on it now, by privilege (Postgres; for `grants`).
  public var grants: [String: [String]] = [:]
  /// It is a materialized view (Postgres reports those as views).
  public var isMaterializedView = false
  /// Its view definition is the model's SQL (materialized views are refreshed, not rebuilt).
  public var sameDefinition = false
  /// Creates a description.
  public init(type: RelationType, columns: [String], dependents: [DependentView] = []) {
    self.type = type
    self.columns = columns
    self.dependents = dependents
  }
}

/// Turns a compiled node into statements for one dialect. Pure: the caller reads the
/// existing relation first, so plans are golden-testable without a database.
public protocol MaterializationPlanner: Sendable {
  /// The adapter this planner writes SQL for.
  var adapterType: AdapterType { get }
  /// The plan for a model (`view`, `table`, `incremental`, `ephemeral`).
  func plan(model: CompiledNode, existing: ExistingRelation?, fullRefresh: Bool) throws -> MaterializationPlan
  /// The plan for a seed.
  func plan(seed: ParsedNode, table: SeedTable, existing: ExistingRelation?, fullRefresh: Bool) throws
    -> MaterializationPlan
}

/// A plan cannot be made (unsupported strategy, a seed over a view...).
public struct PlanError: Error, Sendable, CustomStringConvertible {
  /// What is wrong.
  public var message: String
  /// How to fix it.
  public var hint: String?
  public var description: String { message }
}

extension PlanError {
  /// A view reading the rebuilt relation could not be recreated on the new one (it uses a
  /// column the model no longer has, say); names the view and how to get past it.
  public static func dependentView(_ sql: String, plan: MaterializationPlan, underlying: any Error) -> PlanError {
    let head = sql.split(separator: "\n", maxSplits: 1).first.map(String.init) ?? sql
    let view = head.replacingOccurrences(of: "create materialized view ", with: "").replacingOccurrences(of: "create view ", with: "").components(separatedBy: " as").first
      .map { $0.components(separatedBy: " with (").first ?? $0 } ?? head
    let model = plan.nodeID.split(separator: ".").last.map(String.init) ?? plan.nodeID
    let reason = (underlying as? AdapterError)?.message ?? "\(underlying)"
    return PlanError(
      message: "view \(view) reads \(model) and cannot be recreated on the new relation: \(reason)",
      hint: "Kiln never drops dependent views with cascade; drop the view (`drop view \(view)`) "
        + "and rebuild it on the new relation (for a Kiln model: `kiln build --select \(model)+`)")
  }
}
