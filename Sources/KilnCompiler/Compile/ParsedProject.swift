import KilnBase
import KilnJinja
import KilnProject
import OrderedCollections

/// A node after the parse phase: its template, dependencies, final config and relation name.
public struct ParsedNode: Sendable {
  /// The loaded node.
  public var node: Node
  /// Final config (in-file > properties > project tree > defaults).
  public var config: NodeConfig
  /// In-file `config(...)` values as written.
  public var inFileConfig: [String: ConfigValue]
  /// `ref` calls in the order rendered.
  public var refs: [RefCall]
  /// `source` calls in the order rendered.
  public var sources: [SourceCall]
  /// Unique ids of the nodes and sources this node depends on, in first-use order.
  public var dependsOn: [String]
  /// Relation database (nil on SQLite).
  public var database: String?
  /// Relation schema.
  public var schema: String
  /// Relation name.
  public var alias: String
  /// The parsed template (nil for seeds).
  public var template: Template?
  /// For a generic test, its macro and arguments.
  public var genericTest: GenericTestInfo? = nil

  /// Unique id.
  public var id: String { node.uniqueID }
  /// Materialization (`view`, `table`, `incremental`, `ephemeral`, `seed`...).
  public var materialized: String { config.materialized ?? "view" }

  /// Where the node's files go under `target/compiled/<package>/` and `target/run/<package>/`:
  /// its own file, or for a generic test `<properties file>/<test name>.sql` (dbt's
  /// `get_target_write_path`).
  public var targetWritePath: String {
    let own = node.originalFilePath.split(separator: "/").last
    let path = node.path.split(separator: "/").last
    return own == path ? node.originalFilePath : node.originalFilePath + "/" + (path.map(String.init) ?? node.path)
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
  /// Warnings found while parsing.
  public var warnings: [Diagnostic]
  /// Parse-time log lines (`{{ log(..., info=true) }}`).
  public var logs: [String]

  /// The project.
  public var project: Project { session.project }
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
  /// tests, as `relation_name` in dbt's artifacts.
  public func relationName(of p: ParsedNode) -> String? {
    p.materialized == "ephemeral" || p.node.resourceType == .test
      ? nil : p.relation(policy: session.policy).renderedText
  }
}
