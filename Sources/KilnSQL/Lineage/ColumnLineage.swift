/// How an output column is derived from an upstream column.
///
/// Ordered from the most direct: when the same upstream column reaches an output in several
/// ways, the most direct one is kept.
public enum Derivation: String, Sendable, Hashable, Comparable, CaseIterable {
  /// The value is the upstream value as is (renamed at most).
  case copy
  /// The value is computed from the upstream value (an expression, cast, aggregate, window).
  case transform
  /// The upstream column only decides which rows there are (`where`, `join … on`,
  /// `group by`, `having`).
  case filter

  var rank: Int {
    switch self {
    case .copy: 0
    case .transform: 1
    case .filter: 2
    }
  }
  public static func < (a: Derivation, b: Derivation) -> Bool { a.rank < b.rank }
}

/// A column of an upstream relation (a node's unique id, or the name of a relation Kiln does
/// not know).
public struct SourceColumn: Sendable, Hashable, Comparable {
  /// The relation: a node or source unique id, else the relation's name as written.
  public var relation: String
  /// The column name; `*` when the relation's columns are unknown.
  public var column: String
  /// Creates a source column.
  public init(relation: String, column: String) {
    self.relation = relation
    self.column = column
  }
  public static func < (a: SourceColumn, b: SourceColumn) -> Bool {
    (a.relation, a.column) < (b.relation, b.column)
  }
}

/// One upstream column an output column depends on, and how.
public struct LineageEdge: Sendable, Hashable {
  /// The upstream column.
  public var source: SourceColumn
  /// How it reaches the output.
  public var derivation: Derivation
  /// Creates an edge.
  public init(source: SourceColumn, derivation: Derivation) {
    self.source = source
    self.derivation = derivation
  }
}

/// An output column and the upstream columns it comes from.
public struct ColumnLineage: Sendable, Hashable {
  /// The output column's name.
  public var name: String
  /// Its upstream columns, sorted by relation and column.
  public var edges: [LineageEdge]
  /// Creates a column's lineage.
  public init(name: String, edges: [LineageEdge]) {
    self.name = name
    self.edges = edges
  }
}

/// Something lineage could not resolve, at a byte offset of the statement.
public struct LineageWarning: Sendable, Hashable {
  /// Lower-case message.
  public var message: String
  /// UTF-8 byte offset in the statement.
  public var offset: Int
  /// Creates a warning.
  public init(_ message: String, at offset: Int) {
    self.message = message
    self.offset = offset
  }
}

/// What lineage knows about a relation a statement reads.
public struct RelationInfo: Sendable, Hashable {
  /// Its identity in the lineage graph (a node or source unique id).
  public var id: String
  /// Its columns in order, when known (from the catalog or the upstream model's lineage).
  public var columns: [String]?
  /// Creates relation info.
  public init(id: String, columns: [String]?) {
    self.id = id
    self.columns = columns
  }
}

/// The column lineage of one statement.
public struct StatementLineage: Sendable, Hashable {
  /// Output columns in select-list order.
  public var columns: [ColumnLineage]
  /// Every relation the statement reads, by id, sorted.
  public var relations: [String]
  /// What could not be resolved (unknown columns, `*` over a relation with unknown columns).
  public var warnings: [LineageWarning]
  /// True when every output column is known (no `*` left unexpanded).
  public var isComplete: Bool { !columns.contains { $0.name == "*" } }
}
