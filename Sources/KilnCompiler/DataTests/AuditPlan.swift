import KilnProject

/// Which tests run inside a model's build, before it is published: the audits of
/// write-audit-publish (Kiln's default in `build`) and the row-level checks of quarantine.
public enum AuditPlan {
  /// For each selected table or incremental model, the selected error-severity tests that
  /// read it and otherwise only nodes that are not built from it (a `relationships` parent),
  /// so they can run on its staged build once those are built (see `edges`): model id → test
  /// ids, in the project's order. Other tests run after their nodes, as in dbt.
  public static func audits(in parsed: ParsedProject, selected: Set<String>) -> [String: [String]] {
    var out: [String: [String]] = [:]
    var upstream: [String: Set<String>] = [:]
    for (id, t) in parsed.nodes where selected.contains(id) && t.node.resourceType == .test {
      guard !TestQuery.isWarnOnly(t.config) else { continue }
      let parents = parsed.graph.parents(of: id)
      let staged = parents.filter { selected.contains($0) && stages(parsed.nodes[$0]) }
      guard staged.count == 1, let model = staged.first,
        onlyReadsBuilt(parents, model: model, parsed: parsed, cache: &upstream)
      else { continue }
      out[model, default: []].append(id)
    }
    return out
  }

  /// For each selected model with `meta: {kiln: {quarantine: true}}`, its row-level tests
  /// (every enabled generic test on it except `unique`) that read no node built from it.
  public static func quarantines(in parsed: ParsedProject, selected: Set<String>) -> [String: [String]] {
    let models = Set(selected.filter { parsed.nodes[$0].map(isQuarantined) == true })
    guard !models.isEmpty else { return [:] }
    var out: [String: [String]] = [:]
    var upstream: [String: Set<String>] = [:]
    for (id, t) in parsed.nodes where t.node.resourceType == .test {
      guard let info = t.genericTest, info.testName != "unique", models.contains(info.attachedNode),
        onlyReadsBuilt(parsed.graph.parents(of: id), model: info.attachedNode, parsed: parsed, cache: &upstream)
      else { continue }
      out[info.attachedNode, default: []].append(id)
    }
    for m in models where out[m] == nil { out[m] = [] }
    return out
  }

  /// `meta: {kiln: {quarantine: true}}` (set on the model or as a project default).
  public static func isQuarantined(_ p: ParsedNode) -> Bool {
    guard p.node.resourceType == .model, case .dict(let kiln)? = p.config.meta["kiln"] else { return false }
    return kiln["quarantine"]?.boolValue == true
  }

  static func stages(_ p: ParsedNode?) -> Bool {
    guard let p, p.node.resourceType == .model else { return false }
    return p.materialized == "table" || p.materialized == "incremental"
  }

  /// Whether no other parent of the test is built from `model` (then the model can wait for
  /// them without a cycle).
  static func onlyReadsBuilt(
    _ parents: Set<String>, model: String, parsed: ParsedProject, cache: inout [String: Set<String>]
  ) -> Bool {
    // Most tests read only their model: no graph walk for them.
    let others = parents.subtracting([model])
    if others.isEmpty { return true }
    if cache[model] == nil { cache[model] = parsed.graph.descendants(of: model) }
    return others.isDisjoint(with: cache[model] ?? [])
  }

  /// The edges that make a model wait for the other nodes its inner tests read (the `to` of a
  /// `relationships` test): (parent, model) pairs not already in the graph.
  public static func edges(in parsed: ParsedProject, inner: [String: [String]]) -> [(from: String, to: String)] {
    var out: [(from: String, to: String)] = []
    for (model, tests) in inner.sorted(by: { $0.key < $1.key }) {
      let others = Set(tests.flatMap { parsed.graph.parents(of: $0) }).subtracting([model])
      guard !others.isEmpty else { continue }  // the usual case: no graph walk
      let upstream = parsed.graph.ancestors(of: model)
      for parent in others.sorted() where !upstream.contains(parent) { out.append((parent, model)) }
    }
    return out
  }
}
