import Foundation
import KilnAdapters
import KilnBase
import KilnJinja
import KilnProject
import OrderedCollections

/// A unit test ready to run: its model, the relations its `given` rows stand in for, and the
/// project as the test sees it (with `overrides` of vars and macros applied).
public struct UnitTestCase: Sendable {
  /// One `given` input, resolved.
  public struct Input: Sendable {
    /// What the model's `ref`/`source`/`this` names: a node or source id.
    public var key: String
    /// The relation it replaces (its columns and types are read when it exists).
    public var relation: RelationValue
    /// The rows.
    public var rows: UnitTestSpec.Rows
    /// The CTE name the model reads instead (`__dbt__cte__<name>`).
    public var cteName: String
  }

  /// `unit_test.<project>.<model>.<name>`, as dbt names it.
  public var id: String
  /// The YAML entry.
  public var spec: UnitTestSpec
  /// The model under test.
  public var model: ParsedNode
  /// A node standing for the unit test in runs and results.
  public var node: ParsedNode
  /// The inputs.
  public var inputs: [Input]
  /// The project with the test's overrides.
  let parsed: ParsedProject

  /// Where its files go under `target/compiled/<project>/` and `target/run/<project>/`, as dbt
  /// writes them: `<properties file>/<model's folder>/<name>.sql`.
  public var writePath: String { spec.originalFilePath + "/" + node.node.path }

  /// The SQL for one run: the model compiled over CTEs of the given rows (each value cast to
  /// the column type of the relation it replaces, when `columns` knows it), and the expected
  /// rows; `columns` reads a relation's columns from the warehouse (nil when it is absent).
  /// Run the expected rows first: their columns are the ones `actual(_:columns:dialect:)` keeps.
  public func queries(dialect: AdapterType, columns: (RelationValue) -> [DatabaseColumn]?) throws
    -> (model: String, expected: String)
  {
    var compiler = Compiler(parsed: parsed, lookup: nil)
    var ctes: [String] = []
    for input in inputs {
      compiler.relationOverrides[input.key] = RelationValue(
        database: nil, schema: "", identifier: input.cteName, type: "cte", policy: parsed.session.policy,
        cteName: input.cteName)
      let fixture = try UnitTestRows.sql(input.rows, columns: columns(input.relation), dialect: dialect)
      ctes.append(" \(input.cteName) as (\n\(fixture)\n)")
    }
    var cache: [String: CompiledNode] = [:]
    let compiled: CompiledNode
    do { compiled = try compiler.compile(model.id, cache: &cache) } catch let e as JinjaError { throw e.diagnostic }
    let modelSQL = CTEInjection.inject(ctes, into: compiled.sql)
    let expected = try UnitTestRows.sql(spec.expect, columns: nil, dialect: dialect)
    return (modelSQL, expected)
  }

  /// The model's rows, only the expected columns (dbt compares those and ignores the rest).
  public static func actual(_ modelSQL: String, columns: [String], dialect: AdapterType) -> String {
    let q = dialect == .postgres ? PostgresDialect.quote : SQLiteDialect.quote
    let list = columns.isEmpty ? "*" : columns.map(q).joined(separator: ", ")
    return "select \(list) from (\n\(modelSQL)\n) dbt_internal_unit_test_actual"
  }
}

extension UnitTestCase {
  /// Every enabled unit test of the project; unknown models and inputs are diagnostics with
  /// the place in the properties file.
  public static func all(in parsed: ParsedProject) throws(DiagnosticList) -> [UnitTestCase] {
    var out: [UnitTestCase] = []
    var errors: [Diagnostic] = []
    let project = parsed.project
    let models = Dictionary(
      parsed.nodes.values.filter { $0.node.resourceType == .model }.map { ($0.node.name, $0) }, uniquingKeysWith: { a, _ in a })
    for spec in project.unitTestSpecs {
      guard let model = models[spec.model] else {
        errors.append(
          Diagnostic(
            code: "C0420", "unit test `\(spec.name)` tests `\(spec.model)`, which is not a model", span: spec.modelSpan,
            hint: Suggest.hint(for: spec.model, in: Array(models.keys))))
        continue
      }
      do {
        out.append(try make(spec, model: model, parsed: parsed))
      } catch let d as Diagnostic {
        errors.append(d)
      } catch let l as DiagnosticList {
        errors += l.diagnostics
      } catch {
        errors.append(Diagnostic(code: "C0421", "\(error)", span: spec.span))
      }
    }
    if !errors.isEmpty { throw DiagnosticList(errors) }
    return out
  }

  static func make(_ spec: UnitTestSpec, model: ParsedNode, parsed: ParsedProject) throws -> UnitTestCase {
    let project = parsed.project
    let id = "unit_test.\(project.name).\(model.node.name).\(spec.name)"
    var inputs: [Input] = []
    let byName = Dictionary(
      parsed.nodes.values.filter { $0.node.resourceType != .test }.map { ($0.node.name, $0) },
      uniquingKeysWith: { a, _ in a })
    for g in spec.given {
      let call = UnitTestInputCall(g.input)
      switch call {
      case .ref(let name):
        guard let target = byName[name] else {
          throw Diagnostic(
            code: "C0422", "unit test `\(spec.name)`: input ref('\(name)') is not a model or seed", span: g.span,
            hint: Suggest.hint(for: name, in: Array(byName.keys)))
        }
        inputs.append(.init(key: target.id, relation: target.relation(policy: parsed.session.policy), rows: g.rows, cteName: "__dbt__cte__\(name)"))
      case .source(let s, let t):
        let sid = "source.\(project.name).\(s).\(t)"
        guard let src = project.sources[sid] else {
          throw Diagnostic(code: "C0422", "unit test `\(spec.name)`: input source('\(s)', '\(t)') is not a source", span: g.span)
        }
        let rel = RelationValue(
          database: src.database ?? parsed.session.profile.database, schema: src.schema, identifier: src.identifier,
          type: "table", policy: parsed.session.policy)
        inputs.append(.init(key: sid, relation: rel, rows: g.rows, cteName: "__dbt__cte__\(s)_\(t)"))
      case .this:
        inputs.append(.init(key: model.id, relation: model.relation(policy: parsed.session.policy), rows: g.rows, cteName: "__dbt__cte__this"))
      case nil:
        throw Diagnostic(
          code: "C0423", "unit test `\(spec.name)`: cannot read input `\(g.input)`", span: g.span,
          hint: "write `input: ref('model')`, `input: source('source', 'table')` or `input: this`")
      }
    }
    // dbt writes a unit test's files at `<properties file>/<model's folder>/<name>.sql`.
    let folder = (model.node.originalFilePath as NSString).deletingLastPathComponent
    let node = Node(
      synthesized: id, resourceType: .test, name: spec.name, packageName: project.name,
      path: (folder.isEmpty ? "" : folder + "/") + spec.name + ".sql",
      originalFilePath: spec.originalFilePath, fqn: [project.name, model.node.name, spec.name], rawCode: "",
      file: spec.span.file, description: spec.description, config: NodeConfig(), propertiesConfig: NodeConfig())
    var config = NodeConfig.defaults(for: .test)
    config.tags = spec.tags
    let parsedNode = ParsedNode(
      node: node, config: config, inFileConfig: [:], refs: [], sources: [], dependsOn: [model.id],
      database: model.database, schema: model.schema, alias: spec.name, template: nil)
    return UnitTestCase(
      id: id, spec: spec, model: model, node: parsedNode, inputs: inputs,
      parsed: try overridden(parsed, vars: spec.vars, envVars: spec.envVars, macros: spec.macros))
  }

  /// The project as a unit test sees it: `overrides.vars` win over every other var,
  /// `overrides.env_vars` over the environment, and each `overrides.macros` entry replaces that
  /// macro (or context function) with its value.
  static func overridden(
    _ parsed: ParsedProject, vars: OrderedDictionary<String, ConfigValue>,
    envVars: OrderedDictionary<String, ConfigValue>, macros: OrderedDictionary<String, ConfigValue>
  ) throws -> ParsedProject {
    guard !vars.isEmpty || !envVars.isEmpty || !macros.isEmpty else { return parsed }
    var copy = parsed
    if !vars.isEmpty || !envVars.isEmpty {
      var project = parsed.project
      for (k, v) in vars { project.cliVars[k] = v }
      let s = parsed.session
      var env = s.environmentVariables
      for (k, v) in envVars { env[k] = v.scalarText ?? v.description }
      copy.session = try CompileSession(
        project: project, profile: s.profile, fullRefresh: s.fullRefresh, environmentVariables: env,
        runStartedAt: s.runStartedAt, invocationID: s.invocationID, storeFailures: s.storeFailures)
    }
    for (name, value) in macros {
      let v = value.jinjaValue
      copy.session.sharedGlobals[name] = .function(name) { _, _ in v }
    }
    return copy
  }
}

/// `ref('x')`, `source('a', 'b')` or `this`, as a unit test's `input:` names them.
enum UnitTestInputCall: Equatable {
  case ref(String)
  case source(String, String)
  case this

  init?(_ text: String) {
    let t = text.trimmingCharacters(in: .whitespaces)
    if t == "this" {
      self = .this
      return
    }
    func args(_ prefix: String) -> [String]? {
      guard t.hasPrefix(prefix + "("), t.hasSuffix(")") else { return nil }
      let inner = t.dropFirst(prefix.count + 1).dropLast()
      let parts = inner.split(separator: ",").map {
        $0.trimmingCharacters(in: .whitespaces).trimmingCharacters(in: CharacterSet(charactersIn: "'\""))
      }
      return parts.allSatisfy { !$0.isEmpty } ? parts : nil
    }
    if let a = args("ref"), a.count == 1 || a.count == 2 {
      self = .ref(a[a.count - 1])
    } else if let a = args("source"), a.count == 2 {
      self = .source(a[0], a[1])
    } else {
      return nil
    }
  }
}
