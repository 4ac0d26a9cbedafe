import Foundation
import KilnBase
import KilnJinja
import KilnProject
import OrderedCollections

/// Turns the generic tests of properties files into test nodes, named as dbt names them,
/// depending on the node they test (and on anything their arguments `ref`).
enum GenericTestParser {
  /// Every enabled generic test of the project; errors are collected, not thrown.
  static func parseAll(_ session: CompileSession, naming: Naming) -> ([ParsedNode], [Diagnostic]) {
    // Every test of one macro has the same template text: parse it once per macro, not once
    // per test (a 10,000-model project has ~20,000 tests).
    var templates: [String: Template] = [:]
    for name in session.sharedGlobals.keys where name.hasPrefix("test_") {
      templates[name] = try? session.environment.parse(
        "{{ \(name)(**_dbt_generic_test_kwargs) }}", name: "<generic test \(name)>")
    }
    let frozen = templates
    let cache = TemplateCache(environment: session.environment)
    let configs = TestConfigCache()
    let outcomes = parallelMap(session.project.testSpecs) { spec -> Result<ParsedNode?, Diagnostic> in
      do {
        return .success(
          try parse(spec, session: session, naming: naming, templates: frozen, cache: cache, configs: configs))
      } catch let e as JinjaError {
        return .failure(e.diagnostic)
      } catch let d as Diagnostic {
        return .failure(d)
      } catch {
        return .failure(Diagnostic(code: "C0210", "\(error)", span: spec.span))
      }
    }
    var nodes: [ParsedNode] = []
    var errors: [Diagnostic] = []
    var seen: [String: SourceSpan] = [:]
    seen.reserveCapacity(outcomes.count)
    nodes.reserveCapacity(outcomes.count)
    for (spec, outcome) in zip(session.project.testSpecs, outcomes) {
      switch outcome {
      case .success(let p?):
        if let first = seen[p.id] {
          errors.append(
            Diagnostic(
              code: "C0212", "two tests are named `\(p.node.name)` (same test, target and arguments)",
              span: spec.span, notes: [.init("first defined here", span: first)],
              hint: "give one of them a `name:`"))
          continue
        }
        seen[p.id] = spec.span
        nodes.append(p)
      case .success(nil): continue
      case .failure(let d): errors.append(d)
      }
    }
    return (nodes, errors)
  }

  /// One test node, or nil when it is disabled.
  static func parse(
    _ spec: TestSpec, session: CompileSession, naming: Naming, templates: [String: Template] = [:],
    cache: TemplateCache? = nil, configs: TestConfigCache? = nil
  ) throws -> ParsedNode? {
    let target = spec.attachedTo
    let isSource = target.resourceType == .source
    var kwargs = spec.arguments.mapValues(\.configValue)
    if let column = target.column { kwargs["column_name"] = .string(column) }
    let attached =
      isSource
      ? "source.\(spec.packageName).\(target.sourceName ?? "").\(target.name)"
      : "\(target.resourceType.rawValue).\(spec.packageName).\(target.name)"
    var info = GenericTestInfo(
      testName: spec.testName, namespace: spec.namespace, kwargs: kwargs, target: target,
      attachedNode: attached, shortName: "")
    let testType = (spec.namespace.map { "\($0)_" } ?? "") + (isSource ? "source_" : "") + spec.testName
    let targetName = isSource ? "\(target.sourceName ?? "")_\(target.name)" : target.name
    let names =
      spec.customName.map { ($0, $0) }
      ?? GenericTestName.synthesize(testType: testType, target: targetName, arguments: info.metadataKwargs)
    info.shortName = names.0
    let full = names.1
    let merge = { session.project.config(forTest: spec, testName: full) }
    var config = configs?.config(session.project.sharedTestConfigKey(spec, testName: full), merge) ?? merge()
    if names.0 != full, spec.config.alias == nil { config.alias = names.0 }
    if !config.isEnabled { return nil }
    if let ns = spec.namespace, ns != session.project.name {
      throw Diagnostic(
        code: "C0211", "generic test `\(spec.name)` comes from package `\(ns)`, and Kiln does not install packages",
        span: spec.span, hint: "define `{% test \(spec.testName)(model, ...) %}` in macros/ and call it as `\(spec.testName)`")
    }
    guard session.sharedGlobals[info.macroName] != nil else {
      let known = session.sharedGlobals.keys.filter { $0.hasPrefix("test_") }.map { String($0.dropFirst(5)) }
      throw Diagnostic(
        code: "C0210", "no generic test named `\(spec.testName)`", span: spec.span,
        hint: Suggest.hint(for: spec.testName, in: known)
          ?? "define it with `{% test \(spec.testName)(model, column_name) %}` in a macro file")
    }
    let hash = GenericTestName.hash(
      name: full, namespace: spec.namespace, testName: spec.testName, kwargs: info.metadataKwargs)
    let node = Node(
      synthesized: "test.\(spec.packageName).\(full).\(hash)", resourceType: .test, name: full,
      packageName: spec.packageName, path: "\(names.0).sql", originalFilePath: spec.originalFilePath,
      fqn: spec.fqnPrefix + [full], rawCode: "{{ \(info.macroName)(**_dbt_generic_test_kwargs) }}",
      file: spec.span.file, description: spec.description ?? "", config: config,
      propertiesConfig: spec.config)
    let template =
      try templates[info.macroName]
      ?? session.environment.parse(node.rawCode, name: "\(spec.originalFilePath) (\(full))")
    // Refs in the arguments (`to: ref('customers')`), then the tested node itself.
    let recorder = RenderRecorder()
    let ctx = ContextBuilder(
      session: session, node: node, phase: .parse, recorder: recorder, resolveRef: nil, resolveSource: nil,
      this: ProjectParser.placeholderThis(node, session), config: config, lookup: nil)
    try info.forEachTemplate { text in
      let t =
        try cache?.template(text, name: "\(spec.originalFilePath) (\(full))")
        ?? session.environment.parse(text, name: "\(spec.originalFilePath) (\(full))")
      _ = try t.render(ctx.build(), shared: session.sharedGlobals, hostData: ctx.host)
    }
    var refs = recorder.refs
    var sources = recorder.sources
    if isSource {
      sources.append(SourceCall(source: target.sourceName ?? "", table: target.name, span: spec.span))
    } else {
      refs.append(RefCall(package: nil, name: target.name, span: spec.span))
    }
    return ParsedNode(
      node: node, config: config, inFileConfig: [:], refs: refs, sources: sources, dependsOn: [],
      database: try naming.database(for: config, context: ctx), schema: try naming.schema(for: config, context: ctx),
      alias: try naming.alias(for: config, node: node, context: ctx), template: template, genericTest: info)
  }
}

extension GenericTestInfo {
  /// The arguments as the test macro receives them (without `model`): strings that are
  /// templates (`ref('x')`, `{{ var('y') }}`) go through `render`; `column_name` never does.
  func renderedKwargs(_ render: (String) throws -> Value) throws -> OrderedDictionary<String, Value> {
    func map(_ v: ConfigValue) throws -> Value {
      switch v {
      case .string(let s): return try GenericTestInfo.template(for: s).map(render) ?? .string(s)
      case .list(let l): return .list(try l.map(map))
      case .dict(let d): return .dict(try d.map { ($0.key, try map($0.value)) })
      default: return v.jinjaValue
      }
    }
    var out = OrderedDictionary<String, Value>()
    for (k, v) in kwargs { out[k] = k == "column_name" ? v.jinjaValue : try map(v) }
    return out
  }

  /// Calls `body` with each argument template, in the order `renderedKwargs` renders them,
  /// without building the arguments as values (the parse phase only needs the refs the
  /// templates record).
  func forEachTemplate(_ body: (String) throws -> Void) throws {
    func walk(_ v: ConfigValue) throws {
      switch v {
      case .string(let s): if let t = GenericTestInfo.template(for: s) { try body(t) }
      case .list(let l): for item in l { try walk(item) }
      case .dict(let d): for item in d.values { try walk(item) }
      default: break
      }
    }
    for (k, v) in kwargs where k != "column_name" { try walk(v) }
  }
}

/// Merged test configs shared by tests that only take the project's test tree (most tests):
/// one merge per tree level instead of one per test, and one config storage they all share.
final class TestConfigCache: Sendable {
  private let configs = SharedCache<[String], NodeConfig>()

  /// The config for `key`, made by `make` once; nil when `key` is nil.
  func config(_ key: [String]?, _ make: () -> NodeConfig) -> NodeConfig? {
    key.map { configs.value($0, make) }
  }
}
