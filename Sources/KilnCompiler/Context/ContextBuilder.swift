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

/// Builds the globals dbt puts in a node's render context (`ref`, `source`, `config`, `var`,
/// `this`, `target`, `is_incremental`, `adapter`, ...). One builder per render.
struct ContextBuilder {
  let session: CompileSession
  let node: Node
  let phase: RenderPhase
  let recorder: RenderRecorder
  /// Resolves `ref` to a relation (compile phase) — nil during parse.
  let resolveRef: (@Sendable (RefCall) throws -> Value)?
  /// Resolves `source` to a relation (compile phase).
  let resolveSource: (@Sendable (SourceCall) throws -> Value)?
  /// `this`.
  let this: Value
  /// The node's final config, once known (compile phase).
  let config: NodeConfig?
  /// Existing warehouse relations.
  let lookup: RelationLookup?

  func build() -> [String: Value] {
    var g: [String: Value] = [:]
    let execute = phase == .compile
    let rec = recorder
    let session = self.session
    let node = self.node
    g["execute"] = .bool(execute)
    g["target"] = session.targetValue
    g["this"] = this
    g["invocation_id"] = .string(session.invocationID)
    g["run_started_at"] = .object(DateTimeValue(session.runStartedAt))
    g["project_name"] = .string(session.project.name)
    g["modules"] = Modules.value
    g["flags"] = .dict([("FULL_REFRESH", .bool(session.fullRefresh)), ("WHICH", .string("run"))])
    g["model"] = nodeValue
    g["builtins"] = .dict([])
    g["graph"] = .dict([("nodes", .dict([])), ("sources", .dict([]))])

    let resolveRef = self.resolveRef
    g["ref"] = .function("ref") { a, state in
      var names = a.positional.compactMap(\.stringValue)
      if let v = a.keyword["version"] ?? a.keyword["v"] { names.append("v" + v.pythonStr) }
      guard (1...2).contains(a.positional.count), a.positional.allSatisfy({ $0.stringValue != nil }) else {
        throw JinjaError.runtime("ref() takes a model name and an optional package name, all strings")
      }
      let call =
        a.positional.count == 2
        ? RefCall(package: names[0], name: names[1], span: state.currentCallSite)
        : RefCall(package: nil, name: names[0], span: state.currentCallSite)
      rec.refs.append(call)
      if let resolveRef { return try resolveRef(call) }
      return .object(
        RelationValue(
          database: nil, schema: session.profile.schema, identifier: call.name, type: nil,
          policy: session.policy))
    }
    let resolveSource = self.resolveSource
    g["source"] = .function("source") { a, state in
      guard a.positional.count == 2, let s = a.positional[0].stringValue,
        let t = a.positional[1].stringValue
      else { throw JinjaError.runtime("source() takes a source name and a table name") }
      let call = SourceCall(source: s, table: t, span: state.currentCallSite)
      rec.sources.append(call)
      if let resolveSource { return try resolveSource(call) }
      return .object(
        RelationValue(database: nil, schema: s, identifier: t, type: nil, policy: session.policy))
    }
    g["config"] = .object(ConfigObject(recorder: rec, final: config, phase: phase))
    g["var"] = .function("var") { a, _ in
      guard let name = a.positional.first?.stringValue else {
        throw JinjaError.runtime("var() takes a variable name")
      }
      if let v = session.variable(name) { return v.jinjaValue }
      if a.positional.count > 1 { return a.positional[1] }
      if let d = a.keyword["default"] { return d }
      var e = JinjaError.runtime(
        "Required var '\(name)' not found in config:\nVars supplied to \(node.name) = \(Self.varsDump(session))")
      e.hint = "set it under `vars:` in dbt_project.yml or pass --vars '{\(name): ...}'"
      throw e
    }
    g["env_var"] = .function("env_var") { a, _ in
      guard let name = a.positional.first?.stringValue else {
        throw JinjaError.runtime("env_var() takes a variable name")
      }
      if name.hasPrefix("DBT_ENV_SECRET_") {
        throw JinjaError.runtime("Secret env vars are allowed only in profiles.yml or packages.yml")
      }
      if let v = session.environmentVariables[name] { return .string(v) }
      if a.positional.count > 1 { return .string(a.positional[1].pythonStr) }
      if let d = a.keyword["default"] { return .string(d.pythonStr) }
      throw JinjaError.runtime("Env var required but not provided: '\(name)'")
    }
    let fullRefresh = session.fullRefresh
    let config = self.config
    let lookup = self.lookup
    let thisValue = this
    g["is_incremental"] = .function("is_incremental") { _, _ in
      // dbt: false while parsing; else the relation exists, is a table, the model is
      // incremental, and no full refresh is requested (config full_refresh wins over the flag).
      guard execute, let config, config.materialized == "incremental" else { return .bool(false) }
      if config.fullRefresh ?? fullRefresh { return .bool(false) }
      guard let lookup, case .object(let o) = thisValue, let rel = o as? RelationValue else {
        return .bool(false)
      }
      return .bool(lookup(rel.schema, rel.identifier) == .table)
    }
    g["should_full_refresh"] = .function("should_full_refresh") { _, _ in
      .bool(config?.fullRefresh ?? fullRefresh)
    }
    g["log"] = .function("log") { a, _ in
      let info = a.keyword["info"]?.isTruthy ?? (a.positional.count > 1 && a.positional[1].isTruthy)
      if execute || info { rec.logs.append(a.positional.first?.pythonStr ?? "") }
      return .string("")
    }
    g["print"] = .function("print") { a, _ in
      rec.logs.append(a.positional.map(\.pythonStr).joined(separator: " "))
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
        .function("warn") { a, _ in
          rec.logs.append("warning: " + (a.positional.first?.pythonStr ?? ""))
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
    g["adapter"] = .object(AdapterObject(session: session, lookup: lookup, recorder: rec))
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
      .string(try (a.positional.first ?? Value.none).toJSON())
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
    g["run_query"] = .function("run_query") { _, _ in .none }
    g["statement"] = .function("statement") { _, _ in .string("") }
    g["load_result"] = .function("load_result") { _, _ in .none }
    return g
  }

  static func varsDump(_ session: CompileSession) -> String {
    let keys = Array(session.project.config.vars.keys) + Array(session.project.cliVars.keys)
    return "{" + keys.map { "'\($0)'" }.joined(separator: ", ") + "}"
  }

  /// The `model` variable: a dict of the node's main attributes.
  var nodeValue: Value {
    var d = OrderedDictionary<Value, Value>()
    d[.string("name")] = .string(node.name)
    d[.string("unique_id")] = .string(node.uniqueID)
    d[.string("resource_type")] = .string(node.resourceType.rawValue)
    d[.string("package_name")] = .string(node.packageName)
    d[.string("path")] = .string(node.path)
    d[.string("original_file_path")] = .string(node.originalFilePath)
    d[.string("fqn")] = .list(node.fqn.map { .string($0) })
    d[.string("tags")] = .list((config ?? node.config).tags.map { .string($0) })
    d[.string("description")] = .string(node.description)
    d[.string("raw_code")] = .string(node.rawCode)
    if case .object(let o) = this, let r = o as? RelationValue {
      d[.string("schema")] = .string(r.schema)
      d[.string("alias")] = .string(r.identifier)
      d[.string("database")] = r.database.map { .string($0) } ?? .string(session.profile.database ?? "")
    }
    d[.string("config")] = ConfigObject.dict(config ?? node.config)
    return .dict(d)
  }
}
