import ArgumentParser
import Foundation
import KilnBase
import KilnDocs
import KilnSQL

/// `kiln lineage MODEL.COLUMN`: where a column's values come from and where they go.
struct LineageCommand: AsyncParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "lineage", abstract: "Print the upstream and downstream columns of MODEL.COLUMN.")
  @OptionGroup var global: GlobalOptions
  @Argument(help: "A node and column, e.g. customer_churn_features.tenure_days.") var column: String
  @Flag(name: .long, help: "Also list columns used only in filters, joins and group by.")
  var includeFilters = false

  func run() async throws {
    let inv = try Invocation.load(global)
    let t = inv.terminal
    guard let dot = column.firstIndex(of: ".") else {
      t.diagnostic(Diagnostic(code: "K0311", "expected MODEL.COLUMN, got `\(column)`", hint: "for example `kiln lineage orders.amount`"))
      throw ExitStatus.badInput
    }
    let nodeName = String(column[..<dot]), colName = String(column[column.index(after: dot)...])
    let candidates = inv.parsed.nodes.values.filter { $0.node.resourceType != .test }
    guard let node = candidates.first(where: { $0.node.name == nodeName || $0.id == nodeName }) else {
      let hint = Suggest.closest(to: nodeName, in: candidates.map(\.node.name)).map { "did you mean `\($0)`?" }
      t.diagnostic(Diagnostic(code: "K0312", "no model, seed or snapshot named `\(nodeName)`", hint: hint))
      throw ExitStatus.badInput
    }
    let a = try DocsArtifacts.build(inv)
    let lineage = a.lineage
    let own = lineage.nodes[node.id]
    if own?.status == .fallback {
      for d in own?.warnings ?? [] { t.diagnostic(d) }
    }
    let known = (own?.columns.map(\.name) ?? []) + (a.catalog.columns(of: node.id) ?? [])
    guard known.contains(where: { $0.lowercased() == colName.lowercased() }) || !lineage.downstream.keys.filter({ $0.relation == node.id && $0.column.lowercased() == colName.lowercased() }).isEmpty else {
      let hint = Suggest.closest(to: colName, in: known).map { "did you mean `\($0)`?" }
      t.diagnostic(Diagnostic(code: "K0313", "`\(node.node.name)` has no known column `\(colName)`", hint: hint))
      throw ExitStatus.badInput
    }
    func label(_ id: String) -> String {
      if let p = inv.parsed.nodes[id] { return p.node.name }
      if let s = inv.project.sources[id] { return "source \(s.sourceName).\(s.name)" }
      return id
    }
    func walk(_ id: String, _ col: String, depth: Int, seen: inout Set<SourceColumn>, next: (String, String) -> [LineageEdge]) {
      for e in next(id, col) where includeFilters || e.derivation != .filter {
        let key = e.source
        let pad = String(repeating: "  ", count: depth)
        let mark = seen.contains(key) ? " (see above)" : ""
        print("\(pad)\(label(key.relation)).\(key.column)  [\(e.derivation.rawValue)]\(mark)")
        if seen.insert(key).inserted, depth < 50 { walk(key.relation, key.column, depth: depth + 1, seen: &seen, next: next) }
      }
    }
    print("\(node.node.name).\(colName)")
    print("upstream:")
    var seen: Set<SourceColumn> = []
    walk(node.id, colName, depth: 1, seen: &seen) { id, col in lineage.edges(of: id, column: col) ?? [] }
    print("downstream:")
    seen = []
    walk(node.id, colName, depth: 1, seen: &seen) { id, col in
      lineage.downstream.first { $0.key.relation == id && $0.key.column.lowercased() == col.lowercased() }?.value ?? []
    }
  }
}
