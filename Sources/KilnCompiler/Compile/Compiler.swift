import KilnAdapters
import KilnBase
import KilnJinja
import KilnProject
import OrderedCollections

/// The compile phase: renders parsed nodes with `execute` true, resolving `ref`/`source` to
/// relations and inlining ephemeral models as CTEs.
public struct Compiler: Sendable {
  /// The parsed project.
  public let parsed: ParsedProject
  /// Existing relations in the warehouse, for `is_incremental()`.
  public var lookup: RelationLookup?
  /// The connection `run_query`, `statement` and `adapter.get_columns_in_relation` use.
  public var database: DatabaseAccess?
  let byName: [String: String]
  /// `ref` targets rendered as another relation (a model's staged build, for audits).
  public var relationOverrides: [String: RelationValue] = [:]
  /// Skeletons of the built-in generic tests the project does not override.
  let testSkeletons: [String: BuiltinTestSkeleton]
  /// Whether built-in tests compile through their skeletons (see `BuiltinTestSkeleton`); off,
  /// every test renders through Jinja. Tests compare both.
  public var usesTestSkeletons = true
  /// The built-in tests that compile through skeletons in this project.
  public var skeletonTests: Set<String> { Set(testSkeletons.keys) }
  // Parsed once: evaluates a zero-argument host function to text.
  static let probe: Template? = try? Environment().parse("{{ is_incremental() }}", name: "<is_incremental>")

  /// Creates a compiler over a parsed project.
  public init(parsed: ParsedProject, lookup: RelationLookup?) {
    self.parsed = parsed
    self.lookup = lookup
    var names: [String: String] = [:]
    for (id, p) in parsed.nodes where p.node.resourceType != .test && p.node.resourceType != .analysis {
      if names[p.node.name] == nil { names[p.node.name] = id }
    }
    self.byName = names
    self.testSkeletons = BuiltinTestSkeleton.make(parsed.session)
  }

  /// The relation a node builds.
  public func relation(of p: ParsedNode) -> RelationValue { p.relation(policy: parsed.session.policy) }

  /// Compiles every parsed node (dependencies first). Ephemeral bodies are compiled once.
  public func compileAll(ids: [String]? = nil) throws(DiagnosticList) -> OrderedDictionary<String, CompiledNode> {
    var cache: [String: CompiledNode] = [:]
    var out = OrderedDictionary<String, CompiledNode>()
    var errors: [Diagnostic] = []
    let order = parsed.order
    let nodes = parsed.nodes.values
    // Places in `nodes` of the selected ids (all when nil), and of each `order` entry.
    var wanted: [Bool]?
    if let ids {
      var w = [Bool](repeating: false, count: nodes.count)
      for id in ids { if let k = parsed.nodes.index(forKey: id) { w[k] = true } }
      wanted = w
    }
    let places = parsed.orderIndices.count == order.count
      ? parsed.orderIndices : order.map { parsed.nodes.index(forKey: $0) ?? -1 }
    @Sendable func record(_ error: any Error) -> Diagnostic {
      switch error {
      case let e as JinjaError: return e.diagnostic
      case let e as Diagnostic: return e
      default: return Diagnostic(code: "C0300", "\(error)")
      }
    }
    // Ephemeral models first, in dependency order: their SQL is inlined into others.
    var rest: [String] = []
    rest.reserveCapacity(order.count)
    var restPlaces: [Int] = []
    restPlaces.reserveCapacity(order.count)
    for (i, k) in places.enumerated() where k >= 0 {
      if nodes[k].materialized == "ephemeral" {
        do { _ = try compile(order[i], cache: &cache) } catch { errors.append(record(error)) }
      } else if wanted?[k] ?? true {
        rest.append(order[i])
        restPlaces.append(k)
      }
    }
    // Everything else renders independently, in parallel, reading the ephemeral cache.
    let frozen = cache
    var results = parallelMap(rest) { id -> Result<CompiledNode, Diagnostic>? in
      var local = frozen
      do { return .success(try self.compile(id, cache: &local)) } catch { return .failure(record(error)) }
    }
    // In graph order: `rest` is `order` without the ephemeral (and unselected) nodes, so one
    // cursor walks both. Results are moved out, not copied (a compiled node is a dozen
    // references).
    out.reserveCapacity(rest.count + cache.count)
    var next = 0
    for (i, k) in places.enumerated() where k >= 0 {
      if next < restPlaces.count, restPlaces[next] == k {
        var r: Result<CompiledNode, Diagnostic>?
        swap(&r, &results[next])
        next += 1
        switch r {
        case .success(let c): out[order[i]] = c
        case .failure(let d): errors.append(d)
        case nil: break
        }
      } else if wanted?[k] ?? true, let c = cache[order[i]] {
        out[order[i]] = c
      }
    }
    if !errors.isEmpty { throw DiagnosticList(errors) }
    return out
  }

  /// Compiles one node; `cache` holds already compiled nodes (ephemeral bodies are reused).
  public func compile(_ id: String, cache: inout [String: CompiledNode]) throws -> CompiledNode {
    if let c = cache[id] { return c }
    guard let p = parsed.nodes[id] else {
      throw Diagnostic(code: "C0301", "no node `\(id)` to compile")
    }
    guard let template = p.template else {
      let c = CompiledNode(parsed: p, sql: "", ephemerals: [], isIncremental: false, logs: [])
      cache[id] = c
      return c
    }
    let session = parsed.session
    let recorder = RenderRecorder()
    let nodes = parsed.nodes
    let byName = self.byName
    let me = self
    let resolveRef: @Sendable (RefCall) throws -> Value = { call in
      guard let target = byName[call.name], let t = nodes[target] else {
        throw JinjaError.runtime("ref '\(call.name)' not found")
      }
      if let o = me.relationOverrides[target] { return .object(o) }
      if t.materialized == "ephemeral", !recorder.ephemerals.contains(target) {
        recorder.ephemerals.append(target)
      }
      return .object(me.relation(of: t))
    }
    let policy = session.policy
    // The closures capture the session (one reference), not a copy of the project.
    let resolveSource: @Sendable (SourceCall) throws -> Value = { call in
      let sid = "source.\(session.project.name).\(call.source).\(call.table)"
      if let o = me.relationOverrides[sid] { return .object(o) }
      guard let s = session.project.sources[sid] else { throw JinjaError.runtime("source '\(call.source).\(call.table)' not found") }
      return .object(
        RelationValue(
          database: s.database ?? session.profile.database, schema: s.schema, identifier: s.identifier,
          type: "table", policy: policy))
    }
    let ctx = ContextBuilder(
      session: session, node: p.node, phase: .compile, recorder: recorder, resolveRef: resolveRef,
      resolveSource: resolveSource, this: .object(relationOverrides[id] ?? relation(of: p)), config: p.config,
      lookup: lookup)
    let host = ctx.host
    host.database = database
    var globals: [String: Value] = [:]
    let rendered: String
    if let info = p.genericTest, p.config.preHook.isEmpty, p.config.postHook.isEmpty,
      let fast = try builtinTestSQL(info, config: p.config, resolveRef: resolveRef, resolveSource: resolveSource)
    {
      rendered = fast
    } else {
      globals = ctx.build()
      if let info = p.genericTest {
        globals["_dbt_generic_test_kwargs"] = try testKwargs(
          info, config: p.config, globals: globals, host: host, resolveRef: resolveRef, resolveSource: resolveSource)
      }
      do {
        rendered = try template.render(globals, shared: session.sharedGlobals, hostData: host)
      } catch where recorder.usedDatabase && database?.deferred == true {
        // It queried a relation a parent builds later in this run: render it when it runs.
        var c = CompiledNode(parsed: p, sql: "", ephemerals: [], isIncremental: false, logs: recorder.logs)
        c.rendersAtRunTime = true
        return c
      }
    }
    var sql = rendered
    var isIncremental = false
    if p.config.materialized == "incremental" {
      isIncremental = try Compiler.probe?.render(globals, shared: session.sharedGlobals, hostData: host) == "True"
    }
    // Inline ephemeral dependencies, depth first, each once.
    var order: [String] = []
    func visit(_ eid: String) throws {
      if order.contains(eid) { return }
      let e = try compile(eid, cache: &cache)
      for inner in e.ephemerals where !order.contains(inner) { order.append(inner) }
      order.append(eid)
    }
    for e in recorder.ephemerals { try visit(e) }
    if !order.isEmpty {
      let ctes = try order.map { eid -> String in
        let e = try compile(eid, cache: &cache)
        return CTEInjection.cte(name: e.parsed.node.name, sql: e.rawSQL)
      }
      sql = CTEInjection.inject(ctes, into: sql)
    }
    var c = CompiledNode(parsed: p, sql: sql, ephemerals: order, isIncremental: isIncremental, logs: recorder.logs)
    c.rawSQL = rendered
    c.rendersAtRunTime = recorder.usedDatabase && database?.deferred == true
    // Hooks are templates too, rendered in the node's context.
    func renderHook(_ h: Hook, _ i: Int, _ kind: String) throws -> String {
      try session.environment.parse(h.sql, name: "\(p.node.originalFilePath) (\(kind) \(i + 1))")
        .render(globals, shared: session.sharedGlobals, hostData: host)
    }
    c.preHooks = try p.config.preHook.enumerated().map { try renderHook($1, $0, "pre-hook") }
    c.postHooks = try p.config.postHook.enumerated().map { try renderHook($1, $0, "post-hook") }
    cache[id] = c
    return c
  }
}
