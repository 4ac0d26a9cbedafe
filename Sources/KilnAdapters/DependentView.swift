/// A view that depends (directly or through other views) on a relation being replaced, with
/// the definition needed to recreate it.
public struct DependentView: Hashable, Sendable {
  /// The view's schema.
  public var schema: String
  /// The view's name.
  public var name: String
  /// Its `select` as the database prints it (`pg_get_viewdef`), without a trailing `;`.
  public var definition: String
  /// Its storage options (`security_barrier=true`, `check_option=local`), possibly empty.
  public var options: [String]
  /// How many views lie between it and the relation (1 = reads the relation directly); views
  /// are recreated in increasing and dropped in decreasing depth.
  public var depth: Int
  /// A materialized view (recreated with its data and its indexes, `indexes`).
  public var materialized = false
  /// `create index` statements of a materialized view (`pg_indexes.indexdef`).
  public var indexes: [String] = []

  /// Creates a description.
  public init(schema: String, name: String, definition: String, options: [String] = [], depth: Int = 1) {
    self.schema = schema
    self.name = name
    self.definition = definition
    self.options = options
    self.depth = depth
  }
}

extension DatabaseConnection {
  /// Views that would break when `schema.name` is replaced; none by default (SQLite keeps
  /// views bound to names under `legacy_alter_table`).
  public func dependentViews(schema: String, name: String) throws -> [DependentView] { [] }
}
