import KilnBase
import KilnJinja
import KilnProject
import OrderedCollections

/// A node after the parse phase: its template, dependencies, final config and relation name.
///
/// The fields live in one copy-on-write box: the parse and compile phases, selection and the
/// artifact writers copy tens of thousands of these, and a copy is then one retain.
public struct ParsedNode: Sendable {
  struct Fields: Sendable {
    var node: Node
    var config: NodeConfig
    var inFileConfig: [String: ConfigValue]
    var refs: [RefCall]
    var sources: [SourceCall]
    var dependsOn: [String]
    var database: String?
    var schema: String
    var alias: String
    var template: Template?
    var genericTest: GenericTestInfo?
  }

  final class Box: @unchecked Sendable {
    // @unchecked: a box is only written through `fields`' setter when this value is its only
    // owner (or into a fresh box), so no box another thread can see is ever mutated.
    var fields: Fields
    init(_ fields: Fields) { self.fields = fields }
  }

  private var box: Box

  private var fields: Fields {
    get { box.fields }
    _modify {
      if !isKnownUniquelyReferenced(&box) { box = Box(box.fields) }
      yield &box.fields
    }
  }

  public init(
    node: Node, config: NodeConfig, inFileConfig: [String: ConfigValue], refs: [RefCall],
    sources: [SourceCall], dependsOn: [String], database: String?, schema: String, alias: String,
    template: Template?, genericTest: GenericTestInfo? = nil
  ) {
    box = Box(
      Fields(
        node: node, config: config, inFileConfig: inFileConfig, refs: refs, sources: sources,
        dependsOn: dependsOn, database: database, schema: schema, alias: alias, template: template,
        genericTest: genericTest))
  }

  /// The loaded node.
  public var node: Node {
    _read { yield box.fields.node }
    set { fields.node = newValue }
  }
  /// Final config (in-file > properties > project tree > defaults).
  public var config: NodeConfig {
    _read { yield box.fields.config }
    set { fields.config = newValue }
  }
  /// In-file `config(...)` values as written.
  public var inFileConfig: [String: ConfigValue] {
    _read { yield box.fields.inFileConfig }
    set { fields.inFileConfig = newValue }
  }
  /// `ref` calls in the order rendered.
  public var refs: [RefCall] {
    _read { yield box.fields.refs }
    set { fields.refs = newValue }
  }
  /// `source` calls in the order rendered.
  public var sources: [SourceCall] {
    _read { yield box.fields.sources }
    set { fields.sources = newValue }
  }
  /// Unique ids of the nodes and sources this node depends on, in first-use order.
  public var dependsOn: [String] {
    _read { yield box.fields.dependsOn }
    set { fields.dependsOn = newValue }
  }
  /// Relation database (nil on SQLite).
  public var database: String? {
    _read { yield box.fields.database }
    set { fields.database = newValue }
  }
  /// Relation schema.
  public var schema: String {
    _read { yield box.fields.schema }
    set { fields.schema = newValue }
  }
  /// Relation name.
  public var alias: String {
    _read { yield box.fields.alias }
    set { fields.alias = newValue }
  }
  /// The parsed template (nil for seeds).
  public var template: Template? {
    _read { yield box.fields.template }
    set { fields.template = newValue }
  }
  /// For a generic test, its macro and arguments.
  public var genericTest: GenericTestInfo? {
    _read { yield box.fields.genericTest }
    set { fields.genericTest = newValue }
  }

  /// Unique id.
  public var id: String { node.uniqueID }
  /// Materialization (`view`, `table`, `incremental`, `ephemeral`, `seed`...).
  public var materialized: String { config.materialized ?? "view" }

  /// Where the node's files go under `target/compiled/<package>/` and `target/run/<package>/`:
  /// its own file, or for a generic test `<properties file>/<test name>.sql` (dbt's
  /// `get_target_write_path`).
  public var targetWritePath: String {
    func lastComponent(_ s: String) -> Substring {
      guard let slash = s.utf8.lastIndex(of: UInt8(ascii: "/")) else { return s[...] }
      return s[s.utf8.index(after: slash)...]
    }
    // A YAML-defined snapshot's path is `<yml>/<name>.sql`: only its last part is appended.
    let path = lastComponent(node.path)
    return lastComponent(node.originalFilePath) == path
      ? node.originalFilePath : node.originalFilePath + "/" + path
  }
}

/// The whole project after parsing: nodes, the dependency graph, warnings.
public struct ParsedProject: Sendable {
  /// The session the project was parsed in.
  public var session: CompileSession
  /// Parsed nodes by unique id (models, seeds, singular tests), sorted by id.
  public var nodes: OrderedDictionary<String, ParsedNode>
  /// Dependency graph over node and source ids.
  public var graph: KilnProject.DependencyGraph<String>
  /// Every node and source of `graph`, parents first (ties by id), computed once at parse time.
  public var order: [String]
  /// For each entry of `order`, its place in `nodes` (-1 for a source).
  public var orderIndices: [Int]
  /// Warnings found while parsing.
  public var warnings: [Diagnostic]
  /// Parse-time log lines (`{{ log(..., info=true) }}`).
  public var logs: [String]

  /// The project.
  public var project: Project { _read { yield session.project } }
}

extension ParsedNode {
  /// The relation this node builds, printed under `policy`.
  public func relation(policy: QuotePolicy) -> RelationValue {
    let type: String? = materialized == "view" ? "view" : (materialized == "ephemeral" ? "cte" : "table")
    return RelationValue(
      database: database, schema: schema, identifier: alias, type: type, policy: policy,
      cteName: materialized == "ephemeral" ? "__dbt__cte__\(node.name)" : nil)
  }
}

extension ParsedProject {
  /// The rendered relation name of a node (`main."orders"`), or nil for ephemeral models and
  /// tests, as `relation_name` in dbt's artifacts; a test that stores its failures has the
  /// relation it stores them in.
  public func relationName(of p: ParsedNode) -> String? {
    if p.node.resourceType == .test {
      return p.config.storesFailures(flag: session.storeFailures) ? p.relation(policy: session.policy).renderedText : nil
    }
    return p.materialized == "ephemeral" ? nil : p.relation(policy: session.policy).renderedText
  }
}
