import Foundation
import KilnAdapters
import KilnBase
import KilnJinja
import KilnProject
import OrderedCollections

/// Which phase a render belongs to: parsing renders with `execute` false to discover
/// dependencies and configs; compiling renders with `execute` true and real relations.
enum RenderPhase: Sendable {
  case parse
  case compile
}

/// Looks up relations that already exist in the warehouse (for `is_incremental()`,
/// `adapter.get_relation`). Nil when compiling without a connection.
public typealias RelationLookup = @Sendable (_ schema: String, _ name: String) -> RelationType?

/// What the context functions of one render need: the node, the phase, how to resolve refs,
/// and where to record what the render did. Passed as the render's `hostData`, so the
/// functions themselves are built once per session and shared by every render.
final class RenderHost: @unchecked Sendable {
  // @unchecked: one per render, used only by the thread doing that render.
  let node: Node
  let phase: RenderPhase
  let recorder: RenderRecorder
  let resolveRef: (@Sendable (RefCall) throws -> Value)?
  let resolveSource: (@Sendable (SourceCall) throws -> Value)?
  let this: Value
  let config: NodeConfig?
  let lookup: RelationLookup?
  /// The warehouse connection for `run_query` and friends (nil: none open).
  var database: DatabaseAccess?
  /// `statement` results by name, for `load_result`.
  var statementResults: [String: Value] = [:]

  init(
    node: Node, phase: RenderPhase, recorder: RenderRecorder,
    resolveRef: (@Sendable (RefCall) throws -> Value)?, resolveSource: (@Sendable (SourceCall) throws -> Value)?,
    this: Value, config: NodeConfig?, lookup: RelationLookup?
  ) {
    self.node = node
    self.phase = phase
    self.recorder = recorder
    self.resolveRef = resolveRef
    self.resolveSource = resolveSource
    self.this = this
    self.config = config
    self.lookup = lookup
  }

  static func of(_ state: RenderState) throws -> RenderHost {
    guard let h = state.hostData as? RenderHost else {
      throw JinjaError.runtime("this function is only available while rendering a node")
    }
    return h
  }
}

/// Builds the per-render part of dbt's context (`this`, `model`, `config`, `execute`) and the
/// host object; everything else (`ref`, `source`, `var`, `is_incremental`, `adapter`...) is a
/// session-wide function in `CompileSession.sharedGlobals`.
struct ContextBuilder {
  let session: CompileSession
  /// The per-render data, passed as the render's `hostData`.
  let host: RenderHost

  init(
    session: CompileSession, node: Node, phase: RenderPhase, recorder: RenderRecorder,
    resolveRef: (@Sendable (RefCall) throws -> Value)?, resolveSource: (@Sendable (SourceCall) throws -> Value)?,
    this: Value, config: NodeConfig?, lookup: RelationLookup?
  ) {
    self.session = session
    self.host = RenderHost(
      node: node, phase: phase, recorder: recorder, resolveRef: resolveRef, resolveSource: resolveSource,
      this: this, config: config, lookup: lookup)
  }

  func build() -> [String: Value] {
    let h = host
    return [
      "execute": .bool(h.phase == .compile),
      "this": h.this,
      "model": .object(NodeObject(node: h.node, config: h.config ?? h.node.config, this: h.this, session: session)),
      "config": .object(ConfigObject(recorder: h.recorder, final: h.config, phase: h.phase)),
    ]
  }

  static func varsDump(_ session: CompileSession) -> String {
    let keys = Array(session.project.config.vars.keys) + Array(session.project.cliVars.keys)
    return "{" + keys.map { "'\($0)'" }.joined(separator: ", ") + "}"
  }
}

/// The session-wide context functions (built once; per-render data comes from `RenderHost`).
enum ContextFunctions {
  static func make(_ session: CompileSession) -> [String: Value] {
    var g: [String: Value] = [:]
    g["target"] = session.targetValue
    g["invocation_id"] = .string(session.invocationID)
    g["run_started_at"] = .object(DateTimeValue(session.runStartedAt))
    g["project_name"] = .string(session.project.name)
    g["modules"] = Modules.value
    g["flags"] = .dict([("FULL_REFRESH", .bool(session.fullRefresh)), ("WHICH", .string("run"))])
    g["builtins"] = .dict([])
    g["graph"] = .dict([("nodes", .dict([])), ("sources", .dict([]))])
    let policy = session.policy
    let schema = session.profile.schema
    g["ref"] = .function("ref") { a, state in
      let host = try RenderHost.of(state)
      var names = a.positional.compactMap(\.stringValue)
      if let v = a.keyword["version"] ?? a.keyword["v"] { names.append("v" + v.pythonStr) }
      guard (1...2).contains(a.positional.count), a.positional.allSatisfy({ $0.stringValue != nil }) else {
        throw JinjaError.runtime("ref() takes a model name and an optional package name, all strings")
      }
      let call =
        a.positional.count == 2
        ? RefCall(package: names[0], name: names[1], span: state.currentCallSite)
        : RefCall(package: nil, name: names[0], span: state.currentCallSite)
      host.recorder.refs.append(call)
      if let resolve = host.resolveRef { return try resolve(call) }
      return .object(RelationValue(database: nil, schema: schema, identifier: call.name, type: nil, policy: policy))
    }
    g["source"] = .function("source") { a, state in
      let host = try RenderHost.of(state)
      guard a.positional.count == 2, let s = a.positional[0].stringValue,
        let t = a.positional[1].stringValue
      else { throw JinjaError.runtime("source() takes a source name and a table name") }
      let call = SourceCall(source: s, table: t, span: state.currentCallSite)
      host.recorder.sources.append(call)
      if let resolve = host.resolveSource { return try resolve(call) }
      return .object(RelationValue(database: nil, schema: s, identifier: t, type: nil, policy: policy))
    }
    g["var"] = .function("var") { a, state in
      guard let name = a.positional.first?.stringValue else {
        throw JinjaError.runtime("var() takes a variable name")
      }
      if let v = session.variable(name) { return v.jinjaValue }
      if a.positional.count > 1 { return a.positional[1] }
      if let d = a.keyword["default"] { return d }
      let nodeName = (state.hostData as? RenderHost)?.node.name ?? "this node"
      var e = JinjaError.runtime(
        "Required var '\(name)' not found in config:\nVars supplied to \(nodeName) = \(ContextBuilder.varsDump(session))")
      e.hint = "set it under `vars:` in dbt_project.yml or pass --vars '{\(name): ...}'"
      throw e
    }
    let env = session.environmentVariables
    g["env_var"] = .function("env_var") { a, _ in
      guard let name = a.positional.first?.stringValue else {
        throw JinjaError.runtime("env_var() takes a variable name")
      }
      if name.hasPrefix("DBT_ENV_SECRET_") {
        throw JinjaError.runtime("Secret env vars are allowed only in profiles.yml or packages.yml")
      }
      if let v = env[name] { return .string(v) }
      if a.positional.count > 1 { return .string(a.positional[1].pythonStr) }
      if let d = a.keyword["default"] { return .string(d.pythonStr) }
      var e = JinjaError.runtime("Env var required but not provided: '\(name)'")
      e.hint = "export \(name)=... or give a default: env_var('\(name)', 'value')"
      throw e
    }
    let fullRefresh = session.fullRefresh
    g["is_incremental"] = .function("is_incremental") { _, state in
      // dbt: false while parsing; else the relation exists, is a table, the model is
      // incremental, and no full refresh is requested (config full_refresh wins over the flag).
      let host = try RenderHost.of(state)
      guard host.phase == .compile, let config = host.config, config.materialized == "incremental" else {
        return .bool(false)
      }
      if config.fullRefresh ?? fullRefresh { return .bool(false) }
      guard let lookup = host.lookup, case .object(let o) = host.this, let rel = o as? RelationValue else {
        return .bool(false)
      }
      return .bool(lookup(rel.schema, rel.identifier) == .table)
    }
    g["should_full_refresh"] = .function("should_full_refresh") { _, state in
      .bool((state.hostData as? RenderHost)?.config?.fullRefresh ?? fullRefresh)
    }
    g["log"] = .function("log") { a, state in
      let info = a.keyword["info"]?.isTruthy ?? (a.positional.count > 1 && a.positional[1].isTruthy)
      if let host = state.hostData as? RenderHost, host.phase == .compile || info {
        host.recorder.logs.append(a.positional.first?.pythonStr ?? "")
      }
      return .string("")
    }
    g["print"] = .function("print") { a, state in
      (state.hostData as? RenderHost)?.recorder.logs.append(a.positional.map(\.pythonStr).joined(separator: " "))
      return .string("")
    }
    g["return"] = .function("return") { a, _ in throw MacroReturn(a.positional.first ?? Value.none) }
    g["exceptions"] = .dict([
      (
        "raise_compiler_error",
        .function("raise_compiler_error") { a, _ in
          throw JinjaError.runtime("Compilation Error: " + (a.positional.first?.pythonStr ?? ""))
        }
      ),
      (
        "warn",
        .function("warn") { a, state in
          (state.hostData as? RenderHost)?.recorder.logs.append("warning: " + (a.positional.first?.pythonStr ?? ""))
          return .string("")
        }
      ),
      (
        "raise_not_implemented",
        .function("raise_not_implemented") { a, _ in
          throw JinjaError.runtime("Not implemented: " + (a.positional.first?.pythonStr ?? ""))
        }
      ),
    ])
    g["adapter"] = .object(AdapterObject(session: session))
    g["zip"] = .function("zip") { a, _ in
      let lists = try a.positional.map { v -> [Value] in
        guard let i = v.iterationItems() else { throw JinjaError.type("zip argument is not iterable") }
        return i
      }
      let n = lists.map(\.count).min() ?? 0
      return .list((0..<n).map { i in .tuple(lists.map { $0[i] }) })
    }
    g["set"] = .function("set") { a, _ in
      var seen = Set<Value>()
      return .list((a.positional.first?.iterationItems() ?? []).filter { seen.insert($0).inserted })
    }
    g["set_strict"] = g["set"]
    g["tojson"] = .function("tojson") { a, _ in
      .string(try (a.positional.first ?? Value.none).toJSON(sortKeys: a.keyword["sort_keys"]?.isTruthy ?? false))
    }
    g["fromjson"] = .function("fromjson") { a, _ in
      guard let s = a.positional.first?.stringValue else { return .none }
      do { return try Value.fromJSON(s) } catch {
        if a.positional.count > 1 { return a.positional[1] }
        throw error
      }
    }
    g["toyaml"] = .function("toyaml") { a, _ in .string(YAMLBridge.dump(a.positional.first ?? Value.none)) }
    g["fromyaml"] = .function("fromyaml") { a, _ in
      guard let s = a.positional.first?.stringValue else { return .none }
      return try YAMLBridge.load(s)
    }
    g["local_md5"] = .function("local_md5") { a, _ in
      .string(Hashing.md5Hex(a.positional.first?.pythonStr ?? ""))
    }
    return g
  }
}

/// The `model` variable: the node's attributes, computed when a template reads them.
final class NodeObject: JinjaObject {
  let node: Node
  let config: NodeConfig
  let this: Value
  let session: CompileSession

  init(node: Node, config: NodeConfig, this: Value, session: CompileSession) {
    self.node = node
    self.config = config
    self.this = this
    self.session = session
  }

  var renderedText: String { dict.pythonStr }
  var typeName: String { "dict" }
  var dict: Value {
    var d = OrderedDictionary<Value, Value>()
    for k in ["name", "unique_id", "resource_type", "package_name", "path", "original_file_path", "fqn", "tags", "schema", "alias", "database", "config"] {
      d[.string(k)] = attribute(k) ?? Value.none
    }
    return .dict(d)
  }

  func attribute(_ name: String) -> Value? {
    let rel = { () -> RelationValue? in
      if case .object(let o) = self.this { return o as? RelationValue }
      return nil
    }
    switch name {
    case "name": return .string(node.name)
    case "unique_id": return .string(node.uniqueID)
    case "resource_type": return .string(node.resourceType.rawValue)
    case "package_name": return .string(node.packageName)
    case "path": return .string(node.path)
    case "original_file_path": return .string(node.originalFilePath)
    case "fqn": return .list(node.fqn.map { .string($0) })
    case "tags": return .list(config.tags.map { .string($0) })
    case "description": return .string(node.description)
    case "raw_code", "raw_sql": return .string(node.rawCode)
    case "schema": return rel().map { .string($0.schema) }
    case "alias": return rel().map { .string($0.identifier) }
    case "database": return .string(rel()?.database ?? session.profile.database ?? "")
    case "config": return ConfigObject.dict(config)
    case "meta": return ConfigValue.dict(config.meta).jinjaValue
    case "columns": return .dict([])
    case "get":
      return .function("get") { [self] a, _ in
        guard let k = a.positional.first?.stringValue else { return .none }
        return self.attribute(k) ?? (a.positional.count > 1 ? a.positional[1] : .none)
      }
    default: return nil
    }
  }
}
