import Foundation
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
    found.sort { $0.id < $1.id }
    // Resolve dependencies now that every node's name is known. Nodes are moved, not copied:
    // a ParsedNode is large and copies showed up in profiles of 10,000-model projects.
    var byName: [String: [(id: String, package: String)]] = [:]
    for p in found where p.node.resourceType != .test && p.node.resourceType != .analysis {
      byName[p.node.name, default: []].append((p.id, p.node.packageName))
    }
    let disabledNames = Set(project.disabled.map(\.name)).union(disabledInFile)
    // Each node's dependencies resolve on their own (in parallel); the graph is then built in
    // one pass. Nodes are updated in place, so their boxes are not copied.
    let frozenByName = byName
    let resolved = parallelMap(found) { p -> ([String], [Diagnostic]) in
      var deps: [String] = []
      var errs: [Diagnostic] = []
      for r in p.refs {
        guard let target = frozenByName[r.name]?.first(where: { r.package == nil || $0.package == r.package })?.id else {
          errs.append(unknownRef(r, from: p, candidates: frozenByName.keys, disabled: disabledNames))
          continue
        }
        if !deps.contains(target) { deps.append(target) }
      }
      for s in p.sources {
        let sid = "source.\(project.name).\(s.source).\(s.table)"
        guard project.sources[sid] != nil else {
          errs.append(unknownSource(s, from: p, project: project))
          continue
        }
        if !deps.contains(sid) { deps.append(sid) }
      }
      return (deps, errs)
    }
    var graph = KilnProject.DependencyGraph<String>()
    graph.addNodes(found.map(\.id))
    parsed.reserveCapacity(found.count)
    for i in found.indices {
      let (deps, errs) = resolved[i]
      errors += errs
      let id = found[i].id
      for d in deps { graph.addEdge(from: d, to: id) }
      found[i].dependsOn = deps
      parsed[id] = found[i]
    }
    PhaseTimer.shared.mark("parse: resolve refs")
    var order: [String] = []
    if errors.isEmpty {
      switch Result(catching: { () throws(GraphCycle<String>) in try graph.topologicalOrder() }) {
      case .success(let o): order = o
      case .failure(let cycle): errors.append(cycle.diagnostic())
      }
    }
    PhaseTimer.shared.mark("parse: graph order")
    if !errors.isEmpty { throw DiagnosticList(errors) }
    return ParsedProject(
      session: session, nodes: parsed, graph: graph, order: order, warnings: warnings, logs: logs)
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
    _ r: RefCall, from p: ParsedNode, candidates: Dictionary<String, [(id: String, package: String)]>.Keys, disabled: Set<String>
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
final class ModelConfigCache: @unchecked Sendable {
  // @unchecked: every access to `configs` holds `lock`; NodeConfig values are immutable here.
  private struct Key: Hashable {
    var type: ResourceType
    var projectLayer: ObjectIdentifier
    var inFile: [String: ConfigValue]
  }
  private var configs: [Key: NodeConfig] = [:]
  private let lock = NSLock()

  /// `Project.config(of:inFile:)`, computed once per key.
  func config(of node: Node, inFile: [String: ConfigValue]) throws(DiagnosticList) -> NodeConfig {
    guard node.propertiesConfig.isUnchangedEmpty else { return try Project.config(of: node, inFile: inFile) }
    let key = Key(type: node.resourceType, projectLayer: node.projectConfig.storageID, inFile: inFile)
    lock.lock()
    let cached = configs[key]
    lock.unlock()
    if let cached { return cached }
    let made = try Project.config(of: node, inFile: inFile)
    lock.lock()
    defer { lock.unlock() }
    if let raced = configs[key] { return raced }
    configs[key] = made
    return made
  }
}
