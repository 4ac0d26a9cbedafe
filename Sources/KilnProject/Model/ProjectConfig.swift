import KilnBase
import OrderedCollections

/// The settings read from `dbt_project.yml`.
public struct ProjectConfig: Sendable, Hashable {
  /// `name`: the project (package) name.
  public var name: String
  /// `version`, as written.
  public var version: String?
  /// `profile`: which profiles.yml entry to use (nil: use the project name, as dbt does).
  public var profile: String?
  /// Where `profile:` is written, for "unknown profile" errors.
  public var profileSpan: SourceSpan?
  /// `config-version` (dbt only supports 2).
  public var configVersion: Int
  /// `model-paths`, default `[models]`.
  public var modelPaths: [String]
  /// `macro-paths`, default `[macros]`.
  public var macroPaths: [String]
  /// `seed-paths`, default `[seeds]`.
  public var seedPaths: [String]
  /// `test-paths`, default `[tests]`.
  public var testPaths: [String]
  /// `snapshot-paths`, default `[snapshots]`.
  public var snapshotPaths: [String]
  /// `analysis-paths`, default `[analyses]`.
  public var analysisPaths: [String]
  /// `target-path`, default `target`.
  public var targetPath: String
  /// `clean-targets`, default `[target-path]`.
  public var cleanTargets: [String]
  /// `vars`: global names and package-scoped mappings (`vars: {shop: {x: 1}}`), unrendered.
  public var vars: OrderedDictionary<String, ConfigValue>
  /// `on-run-start` hooks, unrendered.
  public var onRunStart: [String]
  /// `on-run-end` hooks, unrendered.
  public var onRunEnd: [String]
  /// Every top-level key as written (after rendering), for anything not typed here.
  public var raw: OrderedDictionary<String, ConfigValue>

  /// The profile to look up: `profile`, or the project name when it is absent.
  public var profileName: String { profile ?? name }
}
