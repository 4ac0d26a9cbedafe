import KilnBase
import KilnJinja
import KilnProject
import OrderedCollections

/// The parse phase: renders every model and singular test with `execute` false to find its
/// refs, sources and in-file config (as dbt does), resolves final configs and relation names,
/// and builds the dependency graph. Collects every error before failing.
public enum ProjectParser {
  /// Parses the project in `session`.
  public static func parse(_ session: CompileSession) throws(DiagnosticList) -> ParsedProject {
    let project = session.project
    var errors: [Diagnostic] = []
    let warnings = project.diagnostics.filter { $0.severity != .error }
    var logs: [String] = []
    let naming: Naming
    do { naming = try Naming(session: session) } catch {
      throw DiagnosticList([Diagnostic(code: "C0001", "internal: \(error)")])
    }
    var parsed = OrderedDictionary<String, ParsedNode>()
    let candidates = project.nodes.values.filter {
      [.model, .seed, .test, .snapshot, .analysis].contains($0.resourceType)
    }
    // Nodes render independently (templates are immutable, each render has its own state).
    let configs = ModelConfigCache()
    let outcomes = parallelMap(candidates) { node -> (ParsedNode?, [Diagnostic], [String]) in
      var nodeLogs: [String] = []
      do {
        return (
          try parseNode(node, session: session, naming: naming, logs: &nodeLogs, configs: configs), [], nodeLogs
        )
      } catch let e as JinjaError {
        return (nil, [e.diagnostic], nodeLogs)
      } catch let e as DiagnosticList {
        return (nil, e.diagnostics, nodeLogs)
      } catch let e as Diagnostic {
        return (nil, [e], nodeLogs)
      } catch {
        return (nil, [Diagnostic(code: "C0100", "\(error)", path: node.originalFilePath)], nodeLogs)
      }
    }
    var disabledInFile = Set<String>()
    var found: [ParsedNode] = []
    found.reserveCapacity(outcomes.count)
    for (node, (p, diags, nodeLogs)) in zip(candidates, outcomes) {
      if p == nil && diags.isEmpty { disabledInFile.insert(node.name) }
      if let p { found.append(p) }
      errors += diags
      logs += nodeLogs
    }
    PhaseTimer.shared.mark("parse: render nodes")
    let (tests, testErrors) = GenericTestParser.parseAll(session, naming: naming)
    PhaseTimer.shared.mark("parse: generic tests")
    // A test of a model disabled in its own file is disabled with it.
    for t in tests where t.genericTest?.target.resourceType == .source || !disabledInFile.contains(t.genericTest?.target.name ?? "") {
      found.append(t)
    }
    errors += testErrors
    // Sorted by id; the ids are taken out once, so the sort compares plain strings.
    let keyed = found.indices.map { (id: found[$0].id, index: $0) }.sorted { $0.id < $1.id }
    found = keyed.map { found[$0.index] }
    // Resolve dependencies now that every node's name is known, each node on its own (in
    // parallel), as places in `found` (refs) and source ids.
    var byName: [String: [(index: Int, package: String)]] = [:]
    for (i, p) in found.enumerated() where p.node.resourceType != .test && p.node.resourceType != .analysis {
      byName[p.node.name, default: []].append((i, p.node.packageName))
    }
    let disabledNames = Set(project.disabled.map(\.name)).union(disabledInFile)
    let resolved = resolveDependencies(
      found, byName: byName, project: project, disabledNames: disabledNames)
    // The graph's nodes: every parsed node and every source something depends on, in sorted
    // order, so graph numbers compare like ids and ordering needs no string sort.
    var sourceIDs = Set<String>()
    for r in resolved { sourceIDs.formUnion(r.sources) }
    let sortedSources = sourceIDs.sorted()
    var graphIDs: [String] = []
    graphIDs.reserveCapacity(found.count + sortedSources.count)
    var number = [Int](repeating: 0, count: found.count)
    var s = 0
    for (i, p) in found.enumerated() {
      while s < sortedSources.count, sortedSources[s] < p.id {
        graphIDs.append(sortedSources[s])
        s += 1
      }
      number[i] = graphIDs.count
      graphIDs.append(p.id)
    }
    graphIDs += sortedSources[s...]
    var graph = KilnProject.DependencyGraph<String>()
    graph.addNodes(graphIDs)
    for i in found.indices {
      let r = resolved[i]
      errors += r.errors
      // Refs first, then sources, each in first-use order.
      var deps: [String] = []
      deps.reserveCapacity(r.refs.count + r.sources.count)
      for j in r.refs {
        deps.append(found[j].id)
        graph.addEdge(fromNumber: number[j], toNumber: number[i])
      }
      for sid in r.sources {
        deps.append(sid)
        if let n = graph.number(of: sid) { graph.addEdge(fromNumber: n, toNumber: number[i]) }
      }
      found[i].dependsOn = deps
    }
    parsed.reserveCapacity(found.count)
    for p in found { parsed[p.id] = p }
    PhaseTimer.shared.mark("parse: resolve refs")
    var order: [String] = []
    var orderIndices: [Int] = []
    if errors.isEmpty {
      switch Result(catching: { () throws(GraphCycle<String>) in try graph.topologicalNumbers() }) {
      case .success(let numbers):
        // Graph numbers back to places in `parsed` (-1: a source).
        var indexOfNumber = [Int](repeating: -1, count: graphIDs.count)
        for (i, n) in number.enumerated() { indexOfNumber[n] = i }
        order = numbers.map { graphIDs[$0] }
        orderIndices = numbers.map { indexOfNumber[$0] }
      case .failure(let cycle): errors.append(cycle.diagnostic())
      }
    }
    PhaseTimer.shared.mark("parse: graph order")
    if !errors.isEmpty { throw DiagnosticList(errors) }
    return ParsedProject(
      session: session, nodes: parsed, graph: graph, order: order, orderIndices: orderIndices,
      warnings: warnings, logs: logs)
  }

  /// Each node's refs (places in `found`) and sources (ids), in first-use order without
  /// repeats, and the errors for unknown ones; every node on its own, in parallel.
  private static func resolveDependencies(
    _ found: [ParsedNode], byName: [String: [(index: Int, package: String)]], project: Project,
    disabledNames: Set<String>
  ) -> [(refs: [Int], sources: [String], errors: [Diagnostic])] {
    parallelMap(Array(found.indices)) { i in
      let p = found[i]
      var refs: [Int] = []
      var sources: [String] = []
      var errs: [Diagnostic] = []
      for r in p.refs {
        guard let target = byName[r.name]?.first(where: { r.package == nil || $0.package == r.package })?.index else {
          errs.append(unknownRef(r, from: p, candidates: byName.keys, disabled: disabledNames))
          continue
        }
        if !refs.contains(target) { refs.append(target) }
      }
      for src in p.sources {
        let sid = "source.\(project.name).\(src.source).\(src.table)"
        guard project.sources[sid] != nil else {
          errs.append(unknownSource(src, from: p, project: project))
          continue
        }
        if !sources.contains(sid) { sources.append(sid) }
      }
      return (refs, sources, errs)
    }
  }

  static func parseNode(
    _ node: Node, session: CompileSession, naming: Naming, logs: inout [String], configs: ModelConfigCache? = nil
  ) throws -> ParsedNode? {
    var template: Template?
    let recorder = RenderRecorder()
    if node.resourceType != .seed {
      // dbt strips every file before rendering.
      let text = node.rawCode.pythonStripped
      let t = try snapshotTemplate(node, session) ?? session.environment.parse(text, name: node.originalFilePath)
      template = t
      let ctx = ContextBuilder(
        session: session, node: node, phase: .parse, recorder: recorder, resolveRef: nil,
        resolveSource: nil, this: placeholderThis(node, session), config: nil, lookup: nil)
      _ = try t.render(ctx.build(), shared: session.sharedGlobals, hostData: ctx.host)
      logs += recorder.logs
    }
    let config = try configs?.config(of: node, inFile: recorder.config) ?? Project.config(of: node, inFile: recorder.config)
    if !config.isEnabled { return nil }
    let ctx = {
      ContextBuilder(
        session: session, node: node, phase: .parse, recorder: RenderRecorder(), resolveRef: nil,
        resolveSource: nil, this: placeholderThis(node, session), config: config, lookup: nil
      )
    }
    var schema = try naming.schema(for: config, context: ctx())
    let alias = try naming.alias(for: config, node: node, context: ctx())
    var database = try naming.database(for: config, context: ctx())
    if node.resourceType == .snapshot {
      try SnapshotSpec.validate(config, node: node)
      // dbt: snapshots' legacy `target_schema`/`target_database` are used verbatim.
      if let s = config.targetSchema, !s.isEmpty { schema = s }
      if let d = config.targetDatabase, !d.isEmpty { database = d }
    }
    return ParsedNode(
      node: node, config: config, inFileConfig: recorder.config, refs: recorder.refs,
      sources: recorder.sources, dependsOn: [], database: database, schema: schema, alias: alias,
      template: template)
  }

  static func placeholderThis(_ node: Node, _ session: CompileSession) -> Value {
    .object(
      RelationValue(
        database: session.profile.database, schema: session.profile.schema, identifier: node.name,
        type: nil, policy: session.policy))
  }

  static func unknownRef(
    _ r: RefCall, from p: ParsedNode, candidates: Dictionary<String, [(index: Int, package: String)]>.Keys, disabled: Set<String>
  ) -> Diagnostic {
    let kind = p.node.resourceType.rawValue.capitalized
    if disabled.contains(r.name) {
      return Diagnostic(
        code: "C0202",
        "\(kind) '\(p.node.uniqueID)' (\(p.node.originalFilePath)) depends on a node named '\(r.name)' which is disabled",
        span: r.span, path: p.node.originalFilePath, hint: "enable `\(r.name)` or remove the ref")
    }
    return Diagnostic(
      code: "C0201",
      "\(kind) '\(p.node.uniqueID)' (\(p.node.originalFilePath)) depends on a node named '\(r.name)' which was not found",
      span: r.span, path: p.node.originalFilePath, hint: Suggest.hint(for: r.name, in: candidates))
  }

  static func unknownSource(_ s: SourceCall, from p: ParsedNode, project: Project) -> Diagnostic {
    let names = project.sources.values.map { "\($0.sourceName).\($0.name)" }
    return Diagnostic(
      code: "C0203",
      "\(p.node.resourceType.rawValue.capitalized) '\(p.node.uniqueID)' (\(p.node.originalFilePath)) depends on a source named '\(s.source).\(s.table)' which was not found",
      span: s.span, path: p.node.originalFilePath,
      hint: Suggest.hint(for: "\(s.source).\(s.table)", in: names))
  }
}

/// Final configs shared by nodes that only differ in name: same type, same project-tree level
/// (one shared storage per level), no properties-file config, and the same in-file
/// `config(...)` values. A 10,000-model project merges a few dozen configs instead of 10,000,
/// and the manifest writes each shared config's text once.
final class ModelConfigCache: Sendable {
  private struct Key: Hashable {
    var type: ResourceType
    var projectLayer: ObjectIdentifier
    var inFile: [String: ConfigValue]
  }
  private let configs = SharedCache<Key, NodeConfig>()

  /// `Project.config(of:inFile:)`, computed once per key.
  func config(of node: Node, inFile: [String: ConfigValue]) throws(DiagnosticList) -> NodeConfig {
    guard node.propertiesConfig.isUnchangedEmpty else { return try Project.config(of: node, inFile: inFile) }
    let key = Key(type: node.resourceType, projectLayer: node.projectConfig.storageID, inFile: inFile)
    return try configs.value(key) { () throws(DiagnosticList) in try Project.config(of: node, inFile: inFile) }
  }
}
