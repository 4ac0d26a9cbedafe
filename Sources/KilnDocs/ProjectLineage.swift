import Foundation
import KilnBase
import KilnCompiler
import KilnProject
import KilnSQL
import OrderedCollections

/// Column lineage of one node.
public struct NodeLineage: Sendable {
  /// How much of the node's lineage is known.
  public enum Status: String, Sendable {
    /// Every output column is mapped.
    case complete
    /// Parsed, but some `*` could not be expanded or some names not resolved.
    case partial
    /// The compiled SQL could not be parsed: only model-level lineage (`depends_on`).
    case fallback
  }
  /// The node's unique id.
  public var id: String
  /// Complete, partial or fallback.
  public var status: Status
  /// Output columns in order (empty on fallback).
  public var columns: [ColumnLineage]
  /// Why lineage is partial or fell back, with the place in the compiled file.
  public var warnings: [Diagnostic]
}

/// Column lineage of a whole project, upstream and downstream.
public struct ProjectLineage: Sendable {
  /// Per node, in topological order.
  public var nodes: OrderedDictionary<String, NodeLineage>
  /// For each upstream column, the output columns computed from it.
  public var downstream: [SourceColumn: [LineageEdge]]

  /// Nodes whose lineage fell back to model level.
  public var fallbacks: [NodeLineage] { nodes.values.filter { $0.status == .fallback } }

  /// The edges of `node.column`, or nil when the node or column has no column lineage.
  public func edges(of node: String, column: String) -> [LineageEdge]? {
    nodes[node]?.columns.first { $0.name.lowercased() == column.lowercased() }?.edges
  }
}

/// Computes column lineage for every compiled model, snapshot and analysis of a project.
///
/// Statements parse in parallel; the analysis then runs in dependency order so a model's
/// `select *` over an upstream model expands to that model's columns when the warehouse has
/// no catalog entry for it yet.
public enum LineageBuilder {
  /// Builds the project's lineage; `catalog` supplies columns of built relations and sources.
  public static func build(
    _ parsed: ParsedProject, compiled: OrderedDictionary<String, CompiledNode>, catalog: Catalog?
  ) -> ProjectLineage {
    let dialect: SQLDialect = parsed.session.adapterType == .postgres ? .postgres : .sqlite
    let order = (try? parsed.graph.topologicalOrder()) ?? Array(parsed.nodes.keys)
    let wanted: [CompiledNode] = order.compactMap { id in
      guard let c = compiled[id] else { return nil }
      let t = c.parsed.node.resourceType
      return t == .model || t == .snapshot || t == .analysis ? c : nil
    }
    let parsedQueries: [Result<Query, SQLSyntaxError>] = parallelMap(wanted) { c in
      Result { () throws(SQLSyntaxError) -> Query in try SQLParser.parse(c.sql, dialect: dialect) }
    }
    PhaseTimer.shared.mark("lineage: parse SQL")
    let names = RelationIndex(parsed)
    var ephemerals: [String: String] = [:]
    for p in parsed.nodes.values where p.materialized == "ephemeral" { ephemerals["__dbt__cte__" + p.node.name.lowercased()] = p.id }
    var known: [String: [String]] = [:]
    var out = OrderedDictionary<String, NodeLineage>()
    var downstream: [SourceColumn: [LineageEdge]] = [:]
    for (c, result) in zip(wanted, parsedQueries) {
      let file = SourceFile(path: "\(parsed.project.config.targetPath)/compiled/\(parsed.project.name)/\(c.parsed.targetWritePath)", text: c.sql)
      func span(_ offset: Int) -> SourceSpan {
        let o = min(max(0, offset), c.sql.utf8.count)
        return SourceSpan(file: file, range: o..<min(o + 1, c.sql.utf8.count))
      }
      switch result {
      case .failure(let e):
        let d = Diagnostic(
          .warning, code: "S0101",
          "cannot parse the compiled SQL of `\(c.parsed.node.name)` (\(e.message)); its lineage falls back to model level",
          span: span(e.offset), hint: "column lineage reads one select statement of SQLite's or PostgreSQL's dialect")
        out[c.id] = NodeLineage(id: c.id, status: .fallback, columns: [], warnings: [d])
      case .success(let q):
        var analyzer = LineageAnalyzer(dialect: dialect) { name in
          guard let id = names.lookup(name.parts, dependsOn: c.parsed.dependsOn) else { return nil }
          return RelationInfo(id: id, columns: catalog?.columns(of: id) ?? known[id])
        }
        analyzer.relationForCTE = { name in
          ephemerals[name.lowercased()].flatMap { id in known[id].map { RelationInfo(id: id, columns: $0) } }
        }
        let l = analyzer.lineage(of: q)
        let warnings = l.warnings.map { w in
          Diagnostic(.warning, code: "S0102", w.message + " in `\(c.parsed.node.name)`", span: span(w.offset))
        }
        let status: NodeLineage.Status = !l.isComplete ? .partial : (warnings.isEmpty ? .complete : .partial)
        if l.isComplete { known[c.id] = l.columns.map(\.name) }
        out[c.id] = NodeLineage(id: c.id, status: status, columns: l.columns, warnings: warnings)
        for col in l.columns {
          for e in col.edges {
            downstream[e.source, default: []].append(
              LineageEdge(source: SourceColumn(relation: c.id, column: col.name), derivation: e.derivation))
          }
        }
      }
    }
    return ProjectLineage(nodes: out, downstream: downstream)
  }
}

/// Maps relation names as compiled SQL spells them (`main."orders"`, `"db"."public"."orders"`,
/// `orders`) to node and source ids.
///
/// Two ids can share a relation (a source declared over a seed's table); the reading node's
/// own dependencies decide, and a source wins over a node, as `source()` is what the SQL says.
struct RelationIndex {
  var byKey: [String: [String]] = [:]

  init(_ parsed: ParsedProject) {
    for p in parsed.nodes.values where p.materialized != "ephemeral" && p.node.resourceType != .test {
      add([p.database, p.schema, p.alias], id: p.id)
    }
    for (id, s) in parsed.project.sources {
      add([s.database ?? parsed.session.profile.database, s.schema, s.identifier], id: id)
    }
  }

  mutating func add(_ parts: [String?], id: String) {
    let parts = parts.compactMap { $0?.lowercased() }
    for k in 0..<parts.count {
      let key = parts[k...].joined(separator: ".")
      if byKey[key]?.contains(id) != true { byKey[key, default: []].append(id) }
    }
  }

  func lookup(_ parts: [String], dependsOn: [String]) -> String? {
    let key = parts.map { $0.lowercased() }.joined(separator: ".")
    guard let ids = byKey[key] else { return nil }
    if ids.count == 1 { return ids[0] }
    let mine = ids.filter { dependsOn.contains($0) }
    return mine.first { $0.hasPrefix("source.") } ?? mine.first
  }
}
