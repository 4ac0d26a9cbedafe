import Foundation
import KilnBase
import KilnCompiler
import KilnProject
import KilnSQL
import OrderedCollections

/// Builds `target/index.html`: one self-contained page (inline CSS and script, data embedded
/// as JSON, no network) with the layered DAG, a searchable node list, a page per node and
/// column lineage highlighted through the graph.
public enum DocsSite {
  /// The page.
  public static func html(
    _ parsed: ParsedProject, compiled: OrderedDictionary<String, CompiledNode>, catalog: Catalog,
    lineage: ProjectLineage, docs: DocsBlocks = .empty
  ) -> String {
    let data = document(parsed, compiled: compiled, catalog: catalog, lineage: lineage, docs: docs).text()
    let safe = scriptSafe(data)
    let title = escape(parsed.project.name) + " · Kiln docs"
    return """
      <!doctype html>
      <html lang="en"><head><meta charset="utf-8">
      <meta name="viewport" content="width=device-width, initial-scale=1">
      <title>\(title)</title>
      <style>\(DocsSiteAssets.css)</style>
      </head><body>
      <header><strong>\(escape(parsed.project.name))</strong> <span class="muted">Kiln docs</span>
      <input id="search" type="search" placeholder="Search nodes" autocomplete="off"></header>
      <div id="layout">
      <nav id="sidebar"><ul id="node-list"></ul></nav>
      <main><section id="graph-panel"><svg id="graph" xmlns="http://www.w3.org/2000/svg"></svg></section>
      <section id="page"></section></main>
      </div>
      <script id="kiln-data" type="application/json">\(safe)</script>
      <script>\(DocsSiteAssets.script)</script>
      </body></html>

      """
  }

  /// JSON text that cannot close the `<script>` block it sits in: `</` becomes `<\/`, which
  /// JSON reads as the same string.
  static func scriptSafe(_ json: String) -> String {
    var out: [UInt8] = []
    out.reserveCapacity(json.utf8.count + 64)
    var previous: UInt8 = 0
    for b in json.utf8 {
      if b == UInt8(ascii: "/") && previous == UInt8(ascii: "<") { out.append(UInt8(ascii: "\\")) }
      out.append(b)
      previous = b
    }
    return String(decoding: out, as: UTF8.self)
  }

  static func escape(_ s: String) -> String {
    s.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;")
      .replacingOccurrences(of: ">", with: "&gt;").replacingOccurrences(of: "\"", with: "&quot;")
  }

  /// The embedded data: nodes with positions, columns, tests, SQL and lineage; edges.
  static func document(
    _ parsed: ParsedProject, compiled: OrderedDictionary<String, CompiledNode>, catalog: Catalog,
    lineage: ProjectLineage, docs: DocsBlocks
  ) -> JSON {
    let project = parsed.project
    var ids: [String] = parsed.nodes.values.filter { $0.node.resourceType != .test }.map(\.id)
    ids += project.sources.keys
    let exposures = ManifestExposures(parsed)
    ids += exposures.exposures.keys.sorted()
    @Sendable func parents(_ id: String) -> [String] { exposures.exposures[id]?.dependsOn ?? Array(parsed.graph.parents(of: id)) }
    @Sendable func children(_ id: String) -> [String] { Array(parsed.graph.children(of: id)) + (exposures.children[id].map(Array.init) ?? []) }
    let layout = GraphLayout(ids: ids) { parents($0) }
    // Tests by the node and column they test.
    var tests: [String: [String: [String]]] = [:]
    for p in parsed.nodes.values {
      guard let t = p.genericTest else { continue }
      tests[t.attachedNode, default: [:]][t.target.column ?? "", default: []].append(t.testName)
    }
    let testsByNode = tests
    let nodes: [JSON] = parallelMap(ids) { id in
      // Serialised per node on all cores, like the manifest.
      let pos = layout.positions[id]
      var pairs: [(String, JSON)] = [("id", .string(id))]
      var declared: OrderedDictionary<String, ColumnInfo> = [:]
      if let p = parsed.nodes[id] {
        let n = p.node
        declared = n.columns
        pairs += [
          ("name", .string(n.name)), ("type", .string(n.resourceType.rawValue)),
          ("materialized", .string(n.resourceType == .seed ? "seed" : p.materialized)),
          ("path", .string(n.originalFilePath)), ("description", .string(docs.resolve(n.description))),
          ("relation", .opt(parsed.relationName(of: p))),
          ("tags", .array(p.config.tags.map { .string($0) })),
          ("raw", .string(n.resourceType == .seed ? "" : n.rawCode)),
          ("compiled", .opt(compiled[id]?.sql)),
        ]
      } else if let x = exposures.exposures[id]?.definition {
        pairs += [
          ("name", .string(x.label ?? x.name)), ("type", .string("exposure")), ("materialized", .string(x.type)),
          ("path", .string(x.originalFilePath)), ("description", .string(docs.resolve(x.description))),
          ("relation", .opt([x.ownerName, x.ownerEmail].compactMap { $0 }.joined(separator: " · "))),
          ("tags", .array(x.tags.map { .string($0) })), ("raw", .string("")), ("compiled", .null),
        ]
      } else if let s = project.sources[id] {
        declared = s.columns
        pairs += [
          ("name", .string("\(s.sourceName).\(s.name)")), ("type", .string("source")),
          ("materialized", .string("source")), ("path", .string(s.originalFilePath)),
          ("description", .string(docs.resolve(s.description))),
          ("relation", .string(session(parsed).policy.render(database: s.database ?? session(parsed).profile.database, schema: s.schema, identifier: s.identifier))),
          ("tags", .array(s.tags.map { .string($0) })), ("raw", .string("")), ("compiled", .null),
        ]
      }
      pairs += [
        ("layer", .int(pos?.layer ?? 0)), ("x", .int(pos?.x ?? 0)), ("y", .int(pos?.y ?? 0)),
        ("parents", .array(parents(id).sorted().map { .string($0) })),
        ("children", .array(children(id).sorted().map { .string($0) })),
        ("columns", columns(id, declared: declared, catalog: catalog, lineage: lineage, tests: testsByNode[id] ?? [:], docs: docs)),
        ("lineage_status", .opt(lineage.nodes[id]?.status.rawValue)),
        ("lineage_warnings", .array((lineage.nodes[id]?.warnings ?? []).map { .string($0.message) })),
        ("rows", catalog.nodes[id]?.rowCount.map { .int($0) } ?? catalog.sources[id]?.rowCount.map { .int($0) } ?? .null),
      ]
      return JSON.raw(JSON.object(pairs).bytes(capacity: 4096))
    }
    return .object([
      ("project", .string(project.name)), ("adapter", .string(parsed.session.adapterType.rawValue)),
      ("width", .int(layout.width)), ("height", .int(layout.height)),
      ("node_width", .int(GraphLayout.nodeWidth)), ("node_height", .int(GraphLayout.nodeHeight)),
      ("nodes", .array(nodes)),
    ])
  }

  static func session(_ p: ParsedProject) -> CompileSession { p.session }

  /// Columns in warehouse order (catalog), then lineage order, then declared order; each with
  /// type, description, tests and upstream columns.
  static func columns(
    _ id: String, declared: OrderedDictionary<String, ColumnInfo>, catalog: Catalog, lineage: ProjectLineage,
    tests: [String: [String]], docs: DocsBlocks
  ) -> JSON {
    var names: [String] = []
    var seen: Set<String> = []
    func add(_ n: String) { if seen.insert(n.lowercased()).inserted { names.append(n) } }
    let cat = catalog.nodes[id] ?? catalog.sources[id]
    for c in cat?.columns ?? [] { add(c.name) }
    for c in lineage.nodes[id]?.columns ?? [] where c.name != "*" { add(c.name) }
    for c in declared.values { add(c.name) }
    let declaredByKey = Dictionary(declared.values.map { ($0.name.lowercased(), $0) }, uniquingKeysWith: { a, _ in a })
    return .array(names.map { n in
      let key = n.lowercased()
      let d = declaredByKey[key]
      let type = cat?.columns.first { $0.name.lowercased() == key }?.type ?? d?.dataType
      let edges = lineage.edges(of: id, column: n) ?? []
      let t = tests.first { $0.key.lowercased() == key }?.value ?? []
      return .object([
        ("name", .string(n)), ("type", .opt(type)), ("description", .string(docs.resolve(d?.description ?? ""))),
        ("tests", .array(t.map { .string($0) })),
        ("sources", .array(edges.map { e in
          .array([.string(e.source.relation), .string(e.source.column), .string(e.derivation.rawValue)])
        })),
      ])
    })
  }
}
