import KilnBase
import OrderedCollections

/// A model, seed, snapshot, analysis or singular test read from the project.
public struct Node: Sendable, Hashable {
  /// `<resource_type>.<package>.<name>`, e.g. `model.shop.stg_orders`.
  public var uniqueID: String
  /// What kind of resource this is.
  public var resourceType: ResourceType
  /// The node's name (file stem, or the snapshot block's name).
  public var name: String
  /// The package (project) that defines it.
  public var packageName: String
  /// Path relative to the resource folder, e.g. `staging/stg_orders.sql`.
  public var path: String
  /// Path relative to the project root, e.g. `models/staging/stg_orders.sql`.
  public var originalFilePath: String
  /// `[package, *subfolders, name]` (snapshots also include the file stem, as in dbt).
  public var fqn: [String]
  /// The file text as read (seeds: the CSV text).
  public var rawCode: String
  /// The file, for positions in diagnostics.
  public var file: SourceFile
  /// `description` from a properties file, empty when absent.
  public var description: String
  /// Columns from a properties file, by name in file order.
  public var columns: OrderedDictionary<String, ColumnInfo>
  /// `<package>://<path of the yml>` that described the node, as dbt's `patch_path`.
  public var patchPath: String?
  /// Config from defaults, the project tree and properties files (in-file part not yet merged).
  public var config: NodeConfig
  /// Layer from the properties file alone, kept so `config(forModel:inFile:)` can re-merge.
  public var propertiesConfig: NodeConfig
  /// Layer from `dbt_project.yml` alone (all matching folder levels merged).
  public var projectConfig: NodeConfig
  /// SHA-256 hex of the file text (dbt's `checksum` with name `sha256`); for a seed over 1 MiB,
  /// its `original_file_path` (name `path`), as dbt does.
  public var checksum: String
  /// dbt's name for how `checksum` was made: `sha256` or `path`.
  public var checksumName = "sha256"
  /// `docs` from the properties entry (outside `config:`), when given.
  public var docs: DocsConfig?

  /// Tags after merging (the node-level tags dbt reports).
  public var tags: [String] { config.tags }
  /// `meta` after merging.
  public var meta: OrderedDictionary<String, ConfigValue> { config.meta }
}
