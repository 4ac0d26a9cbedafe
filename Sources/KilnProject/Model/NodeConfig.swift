import OrderedCollections

/// A node's configuration: the known dbt keys typed, everything else in `extra`.
///
/// A value of nil (or empty for tags, hooks and meta) means "not set at this level", so layers
/// from `dbt_project.yml`, properties files and `config(...)` can be combined with
/// `merged(with:)`; `NodeConfig.defaults(for:)` supplies the resource-type defaults.
public struct NodeConfig: Sendable, Hashable {
  /// The stored values, kept in one shared, copy-on-write box: a `NodeConfig` is copied into
  /// every node, test and merge, and a pointer copies far cheaper than some 50 fields.
  struct Fields: Sendable, Hashable {
    var materialized: String?
    var schema: String?
    var alias: String?
    var database: String?
    var tags: [String] = []
    var enabled: Bool?
    var preHook: [Hook] = []
    var postHook: [Hook] = []
    var uniqueKey: [String]?
    var incrementalStrategy: String?
    var onSchemaChange: String?
    var meta: OrderedDictionary<String, ConfigValue> = [:]
    var docs: DocsConfig?
    var persistDocs: PersistDocsConfig?
    var fullRefresh: Bool?
    var columnTypes: OrderedDictionary<String, String>?
    var delimiter: String?
    var quoteColumns: Bool?
    var grants: OrderedDictionary<String, [String]> = [:]
    var contract: ContractConfig?
    var severity: String?
    var `where`: String?
    var storeFailures: Bool?
    var storeFailuresAs: String?
    var limit: Int?
    var warnIf: String?
    var errorIf: String?
    var failCalc: String?
    var strategy: String?
    var updatedAt: String?
    var checkCols: CheckColumns?
    var targetSchema: String?
    var targetDatabase: String?
    var extra: OrderedDictionary<String, ConfigValue> = [:]
  }

  /// The box holding `Fields`; shared between copies until one of them is changed.
  final class Box: @unchecked Sendable {
    // @unchecked: a box is only mutated through `makeUnique()`, i.e. when this value is its
    // only owner, so no box that another thread can see is ever written.
    var fields: Fields
    init(_ fields: Fields) { self.fields = fields }
  }

  /// The one box of every empty layer (`NodeConfig()`), so empty layers allocate nothing.
  private static let emptyBox = Box(Fields())

  private var box: Box

  private mutating func makeUnique() {
    if !isKnownUniquelyReferenced(&box) { box = Box(box.fields) }
  }

  /// Whether nothing is set (the layer is `NodeConfig()` unchanged).
  public var isUnchangedEmpty: Bool { box === Self.emptyBox }

  /// The identity of the shared storage: two configs with the same identity hold the same
  /// values (the reverse need not hold). Lets writers cache per distinct config cheaply.
  public var storageID: ObjectIdentifier { ObjectIdentifier(box) }

  /// All values at once.
  var fields: Fields {
    get { box.fields }
    set {
      if isKnownUniquelyReferenced(&box) { box.fields = newValue } else { box = Box(newValue) }
    }
  }

  public static func == (a: NodeConfig, b: NodeConfig) -> Bool {
    a.box === b.box || a.box.fields == b.box.fields
  }

  public func hash(into hasher: inout Hasher) { hasher.combine(box.fields) }

  /// `materialized`: view, table, incremental, ephemeral, seed, test, snapshot...
  public var materialized: String? {
    _read { yield box.fields.materialized }
    _modify {
      makeUnique()
      yield &box.fields.materialized
    }
  }
  /// `schema`: the custom schema (appended to the target schema by `generate_schema_name`).
  public var schema: String? {
    _read { yield box.fields.schema }
    _modify {
      makeUnique()
      yield &box.fields.schema
    }
  }
  /// `alias`: the relation name when it differs from the node name.
  public var alias: String? {
    _read { yield box.fields.alias }
    _modify {
      makeUnique()
      yield &box.fields.alias
    }
  }
  /// `database`: the custom database.
  public var database: String? {
    _read { yield box.fields.database }
    _modify {
      makeUnique()
      yield &box.fields.database
    }
  }
  /// `tags`, unioned across levels.
  public var tags: [String] {
    _read { yield box.fields.tags }
    _modify {
      makeUnique()
      yield &box.fields.tags
    }
  }
  /// `enabled`; nil means enabled.
  public var enabled: Bool? {
    _read { yield box.fields.enabled }
    _modify {
      makeUnique()
      yield &box.fields.enabled
    }
  }
  /// `pre_hook` (`pre-hook`), appended across levels.
  public var preHook: [Hook] {
    _read { yield box.fields.preHook }
    _modify {
      makeUnique()
      yield &box.fields.preHook
    }
  }
  /// `post_hook` (`post-hook`), appended across levels.
  public var postHook: [Hook] {
    _read { yield box.fields.postHook }
    _modify {
      makeUnique()
      yield &box.fields.postHook
    }
  }
  /// `unique_key`, a column or a list of columns.
  public var uniqueKey: [String]? {
    _read { yield box.fields.uniqueKey }
    _modify {
      makeUnique()
      yield &box.fields.uniqueKey
    }
  }
  /// `incremental_strategy`: append, delete+insert, merge, microbatch...
  public var incrementalStrategy: String? {
    _read { yield box.fields.incrementalStrategy }
    _modify {
      makeUnique()
      yield &box.fields.incrementalStrategy
    }
  }
  /// `on_schema_change`: ignore, fail, append_new_columns, sync_all_columns.
  public var onSchemaChange: String? {
    _read { yield box.fields.onSchemaChange }
    _modify {
      makeUnique()
      yield &box.fields.onSchemaChange
    }
  }
  /// `meta`, merged key by key across levels.
  public var meta: OrderedDictionary<String, ConfigValue> {
    _read { yield box.fields.meta }
    _modify {
      makeUnique()
      yield &box.fields.meta
    }
  }
  /// `docs`: show and node_color.
  public var docs: DocsConfig? {
    _read { yield box.fields.docs }
    _modify {
      makeUnique()
      yield &box.fields.docs
    }
  }
  /// `persist_docs`: relation and columns.
  public var persistDocs: PersistDocsConfig? {
    _read { yield box.fields.persistDocs }
    _modify {
      makeUnique()
      yield &box.fields.persistDocs
    }
  }
  /// `full_refresh`: when set, overrides the `--full-refresh` flag for this node.
  public var fullRefresh: Bool? {
    _read { yield box.fields.fullRefresh }
    _modify {
      makeUnique()
      yield &box.fields.fullRefresh
    }
  }
  /// `column_types` (seeds): column name to SQL type.
  public var columnTypes: OrderedDictionary<String, String>? {
    _read { yield box.fields.columnTypes }
    _modify {
      makeUnique()
      yield &box.fields.columnTypes
    }
  }
  /// `delimiter` (seeds).
  public var delimiter: String? {
    _read { yield box.fields.delimiter }
    _modify {
      makeUnique()
      yield &box.fields.delimiter
    }
  }
  /// `quote_columns` (seeds).
  public var quoteColumns: Bool? {
    _read { yield box.fields.quoteColumns }
    _modify {
      makeUnique()
      yield &box.fields.quoteColumns
    }
  }
  /// `grants`: privilege to grantees.
  public var grants: OrderedDictionary<String, [String]> {
    _read { yield box.fields.grants }
    _modify {
      makeUnique()
      yield &box.fields.grants
    }
  }
  /// `contract`: enforced and alias_types.
  public var contract: ContractConfig? {
    _read { yield box.fields.contract }
    _modify {
      makeUnique()
      yield &box.fields.contract
    }
  }
  /// `severity` (tests): error or warn.
  public var severity: String? {
    _read { yield box.fields.severity }
    _modify {
      makeUnique()
      yield &box.fields.severity
    }
  }
  /// `where` (tests): a filter applied to the tested relation.
  public var `where`: String? {
    get { box.fields.`where` }
    _modify {
      makeUnique()
      yield &box.fields.`where`
    }
  }
  /// `store_failures` (tests).
  public var storeFailures: Bool? {
    _read { yield box.fields.storeFailures }
    _modify {
      makeUnique()
      yield &box.fields.storeFailures
    }
  }
  /// `store_failures_as` (tests): table, view or ephemeral.
  public var storeFailuresAs: String? {
    _read { yield box.fields.storeFailuresAs }
    _modify {
      makeUnique()
      yield &box.fields.storeFailuresAs
    }
  }
  /// `limit` (tests).
  public var limit: Int? {
    _read { yield box.fields.limit }
    _modify {
      makeUnique()
      yield &box.fields.limit
    }
  }
  /// `warn_if` (tests), e.g. `!= 0`.
  public var warnIf: String? {
    _read { yield box.fields.warnIf }
    _modify {
      makeUnique()
      yield &box.fields.warnIf
    }
  }
  /// `error_if` (tests), e.g. `!= 0`.
  public var errorIf: String? {
    _read { yield box.fields.errorIf }
    _modify {
      makeUnique()
      yield &box.fields.errorIf
    }
  }
  /// `fail_calc` (tests), e.g. `count(*)`.
  public var failCalc: String? {
    _read { yield box.fields.failCalc }
    _modify {
      makeUnique()
      yield &box.fields.failCalc
    }
  }
  /// `strategy` (snapshots): timestamp or check.
  public var strategy: String? {
    _read { yield box.fields.strategy }
    _modify {
      makeUnique()
      yield &box.fields.strategy
    }
  }
  /// `updated_at` (snapshots, timestamp strategy).
  public var updatedAt: String? {
    _read { yield box.fields.updatedAt }
    _modify {
      makeUnique()
      yield &box.fields.updatedAt
    }
  }
  /// `check_cols` (snapshots, check strategy).
  public var checkCols: CheckColumns? {
    _read { yield box.fields.checkCols }
    _modify {
      makeUnique()
      yield &box.fields.checkCols
    }
  }
  /// `target_schema` (snapshots).
  public var targetSchema: String? {
    _read { yield box.fields.targetSchema }
    _modify {
      makeUnique()
      yield &box.fields.targetSchema
    }
  }
  /// `target_database` (snapshots).
  public var targetDatabase: String? {
    _read { yield box.fields.targetDatabase }
    _modify {
      makeUnique()
      yield &box.fields.targetDatabase
    }
  }
  /// Every other key, including ones dbt knows but Kiln does not type (clobbered per key).
  public var extra: OrderedDictionary<String, ConfigValue> {
    _read { yield box.fields.extra }
    _modify {
      makeUnique()
      yield &box.fields.extra
    }
  }

  /// An empty layer: nothing set.
  public init() { box = Self.emptyBox }

  /// A layer holding `fields`.
  init(_ fields: Fields) { box = Box(fields) }

  /// The defaults dbt applies per resource type (models are views, seeds `seed`, tests
  /// `test` with severity error in schema `dbt_test__audit`, snapshots `snapshot`).
  public static func defaults(for type: ResourceType) -> NodeConfig {
    switch type {
    case .model: return modelDefaults
    case .test: return testDefaults
    default: return makeDefaults(for: type)
    }
  }

  // Built once: every node and test starts from these.
  private static let modelDefaults = makeDefaults(for: .model)
  private static let testDefaults = makeDefaults(for: .test)

  private static func makeDefaults(for type: ResourceType) -> NodeConfig {
    var c = NodeConfig()
    c.enabled = true
    switch type {
    case .model:
      c.materialized = "view"
      c.onSchemaChange = "ignore"
    case .seed:
      c.materialized = "seed"
      c.delimiter = ","
    case .test:
      c.materialized = "test"
      c.severity = "ERROR"
      c.schema = "dbt_test__audit"
      c.storeFailures = nil
      c.warnIf = "!= 0"
      c.errorIf = "!= 0"
      c.failCalc = "count(*)"
    case .snapshot:
      c.materialized = "snapshot"
    case .analysis:
      c.materialized = "view"
    case .source, .operation:
      break
    }
    return c
  }

  /// Whether the node is enabled (`enabled` unset counts as true).
  public var isEnabled: Bool { enabled ?? true }
}

/// A hook statement; a hook written as a mapping may opt out of the transaction.
public struct Hook: Sendable, Hashable {
  /// The SQL (possibly Jinja) to run.
  public var sql: String
  /// Whether it runs inside the model's transaction (dbt's default is true).
  public var transaction: Bool
  /// Creates a hook.
  public init(sql: String, transaction: Bool = true) {
    self.sql = sql
    self.transaction = transaction
  }
}

/// The `docs` config: whether the node is shown in the docs site, and its colour.
public struct DocsConfig: Sendable, Hashable {
  /// `show`.
  public var show: Bool?
  /// `node_color`.
  public var nodeColor: String?
  /// Creates a docs config.
  public init(show: Bool? = nil, nodeColor: String? = nil) {
    self.show = show
    self.nodeColor = nodeColor
  }
}

/// The `persist_docs` config: which descriptions become database comments.
public struct PersistDocsConfig: Sendable, Hashable {
  /// `relation`.
  public var relation: Bool?
  /// `columns`.
  public var columns: Bool?
  /// Creates a persist_docs config.
  public init(relation: Bool? = nil, columns: Bool? = nil) {
    self.relation = relation
    self.columns = columns
  }
}

/// The `contract` config.
public struct ContractConfig: Sendable, Hashable {
  /// `enforced`.
  public var enforced: Bool?
  /// `alias_types`.
  public var aliasTypes: Bool?
  /// Creates a contract config.
  public init(enforced: Bool? = nil, aliasTypes: Bool? = nil) {
    self.enforced = enforced
    self.aliasTypes = aliasTypes
  }
}

/// A snapshot's `check_cols`: `all` or a list of columns.
public enum CheckColumns: Sendable, Hashable {
  /// `check_cols: all`.
  case all
  /// The listed columns.
  case columns([String])
}
