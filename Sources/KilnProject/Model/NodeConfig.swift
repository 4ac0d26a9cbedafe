import OrderedCollections

/// A node's configuration: the known dbt keys typed, everything else in `extra`.
///
/// A value of nil (or empty for tags, hooks and meta) means "not set at this level", so layers
/// from `dbt_project.yml`, properties files and `config(...)` can be combined with
/// `merged(with:)`; `NodeConfig.defaults(for:)` supplies the resource-type defaults.
public struct NodeConfig: Sendable, Hashable {
  /// `materialized`: view, table, incremental, ephemeral, seed, test, snapshot...
  public var materialized: String?
  /// `schema`: the custom schema (appended to the target schema by `generate_schema_name`).
  public var schema: String?
  /// `alias`: the relation name when it differs from the node name.
  public var alias: String?
  /// `database`: the custom database.
  public var database: String?
  /// `tags`, unioned across levels.
  public var tags: [String] = []
  /// `enabled`; nil means enabled.
  public var enabled: Bool?
  /// `pre_hook` (`pre-hook`), appended across levels.
  public var preHook: [Hook] = []
  /// `post_hook` (`post-hook`), appended across levels.
  public var postHook: [Hook] = []
  /// `unique_key`, a column or a list of columns.
  public var uniqueKey: [String]?
  /// `incremental_strategy`: append, delete+insert, merge, microbatch...
  public var incrementalStrategy: String?
  /// `on_schema_change`: ignore, fail, append_new_columns, sync_all_columns.
  public var onSchemaChange: String?
  /// `meta`, merged key by key across levels.
  public var meta: OrderedDictionary<String, ConfigValue> = [:]
  /// `docs`: show and node_color.
  public var docs: DocsConfig?
  /// `persist_docs`: relation and columns.
  public var persistDocs: PersistDocsConfig?
  /// `full_refresh`: when set, overrides the `--full-refresh` flag for this node.
  public var fullRefresh: Bool?
  /// `column_types` (seeds): column name to SQL type.
  public var columnTypes: OrderedDictionary<String, String>?
  /// `delimiter` (seeds).
  public var delimiter: String?
  /// `quote_columns` (seeds).
  public var quoteColumns: Bool?
  /// `grants`: privilege to grantees.
  public var grants: OrderedDictionary<String, [String]> = [:]
  /// `contract`: enforced and alias_types.
  public var contract: ContractConfig?
  /// `severity` (tests): error or warn.
  public var severity: String?
  /// `where` (tests): a filter applied to the tested relation.
  public var `where`: String?
  /// `store_failures` (tests).
  public var storeFailures: Bool?
  /// `store_failures_as` (tests): table, view or ephemeral.
  public var storeFailuresAs: String?
  /// `limit` (tests).
  public var limit: Int?
  /// `warn_if` (tests), e.g. `!= 0`.
  public var warnIf: String?
  /// `error_if` (tests), e.g. `!= 0`.
  public var errorIf: String?
  /// `fail_calc` (tests), e.g. `count(*)`.
  public var failCalc: String?
  /// `strategy` (snapshots): timestamp or check.
  public var strategy: String?
  /// `updated_at` (snapshots, timestamp strategy).
  public var updatedAt: String?
  /// `check_cols` (snapshots, check strategy).
  public var checkCols: CheckColumns?
  /// `target_schema` (snapshots).
  public var targetSchema: String?
  /// `target_database` (snapshots).
  public var targetDatabase: String?
  /// Every other key, including ones dbt knows but Kiln does not type (clobbered per key).
  public var extra: OrderedDictionary<String, ConfigValue> = [:]

  /// An empty layer: nothing set.
  public init() {}

  /// The defaults dbt applies per resource type (models are views, seeds `seed`, tests
  /// `test` with severity error in schema `dbt_test__audit`, snapshots `snapshot`).
  public static func defaults(for type: ResourceType) -> NodeConfig {
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
