import KilnBase
import OrderedCollections

/// Everything read from a project folder: settings, nodes, sources, macros and tests.
public struct Project: Sendable {
  /// Absolute path of the project root.
  public var root: String
  /// `dbt_project.yml` settings.
  public var config: ProjectConfig
  /// Enabled models, seeds, snapshots, analyses and singular tests, by unique id (sorted).
  public var nodes: OrderedDictionary<String, Node>
  /// Nodes switched off by `enabled: false` in the project tree or a properties file.
  public var disabled: [Node]
  /// Source tables by unique id (sorted).
  public var sources: OrderedDictionary<String, SourceDefinition>
  /// Macro files, sorted by path.
  public var macroFiles: [MacroFile]
  /// Markdown files under the resource paths (dbt's docs-paths), read with the rest.
  public var docFiles: [MacroFile] = []
  /// Generic tests from properties files, in file order.
  public var testSpecs: [TestSpec]
  /// `macros:` descriptions from properties files, by macro name.
  public var macroDescriptions: [String: String]
  /// Warnings found while loading (unknown config keys, properties for missing models...).
  public var diagnostics: [Diagnostic]
  /// The config tree under `models:` in `dbt_project.yml`.
  public var modelTree: ConfigTree
  /// The config tree under `seeds:`.
  public var seedTree: ConfigTree
  /// The config tree under `snapshots:`.
  public var snapshotTree: ConfigTree
  /// The config tree under `data_tests:` (or the older `tests:`).
  public var testTree: ConfigTree
  /// `--vars` from the command line.
  public var cliVars: OrderedDictionary<String, ConfigValue>
  /// Enabled `unit_tests:` entries of properties files, in file order.
  public var unitTestSpecs: [UnitTestSpec] = []
  /// `exposures:` from properties files, in file order.
  public var exposures: [ExposureDefinition] = []

  /// The project name.
  public var name: String { config.name }

  /// Enabled nodes of one type, in unique-id order.
  public func nodes(of type: ResourceType) -> [Node] {
    nodes.values.filter { $0.resourceType == type }
  }

  /// The enabled model called `name`.
  public func model(named name: String) -> Node? {
    nodes["model.\(config.name).\(name)"]
  }

  /// Seeds (enabled), in unique-id order.
  public var seeds: [Node] { nodes(of: .seed) }
  /// Singular tests (enabled), in unique-id order.
  public var singularTests: [Node] { nodes(of: .test) }

  /// Looks up a variable as dbt's `var()` does: CLI `--vars` first, then the project's
  /// package-scoped `vars: {<package>: {name: ...}}`, then its global vars; nil when missing.
  public func `var`(name: String, package: String? = nil) -> ConfigValue? {
    if let v = cliVars[name] { return v }
    let pkg = package ?? config.name
    if let scoped = config.vars[pkg]?.dictValue, let v = scoped[name] { return v }
    if name == pkg, config.vars[name]?.dictValue != nil { return nil }
    return config.vars[name]
  }

  /// The final config of a model once its in-file `config(...)` values are known
  /// (in-file > properties > project tree > defaults).
  public func config(forModel id: String, inFile: [String: ConfigValue]) throws(DiagnosticList)
    -> NodeConfig
  {
    guard let node = nodes[id] ?? disabled.first(where: { $0.uniqueID == id }) else {
      throw DiagnosticList([
        Diagnostic(
          code: "P0204", "no node `\(id)`",
          hint: Suggest.hint(for: id, in: nodes.keys))
      ])
    }
    return try Self.config(of: node, inFile: inFile)
  }

  /// `node`'s final config with `inFile` (its `{{ config(...) }}` calls) on top.
  public static func config(of node: Node, inFile: [String: ConfigValue]) throws(DiagnosticList) -> NodeConfig {
    let layer = try NodeConfig.fromInFile(inFile)
    return NodeConfig.merging([
      .defaults(for: node.resourceType), node.projectConfig, node.propertiesConfig, layer,
    ])
  }

  /// The config of a generic test once its name is synthesized (`not_null_orders_id`):
  /// defaults, then `data_tests:` in dbt_project.yml at `[package, *yml folders, name]`,
  /// then the test's own `config:` in the properties file.
  /// What `config(forTest:testName:)` depends on, when that is only the project's test tree:
  /// the deepest tree level the test's fqn reaches, for a test with no config of its own. Tests
  /// with the same key get the same config (nil: the test has its own config).
  public func sharedTestConfigKey(_ spec: TestSpec, testName: String) -> [String]? {
    spec.config.isUnchangedEmpty ? testTree.deepestLevel(for: spec.fqnPrefix + [testName]) : nil
  }

  public func config(forTest spec: TestSpec, testName: String) -> NodeConfig {
    NodeConfig.merging([
      .defaults(for: .test), testTree.config(for: spec.fqnPrefix + [testName]), spec.config,
    ])
  }
}
