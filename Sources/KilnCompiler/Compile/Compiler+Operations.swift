import KilnBase
import KilnJinja
import KilnProject

/// Project hooks (`on-run-start`, `on-run-end` in `dbt_project.yml`), rendered as dbt renders
/// them: `execute` true, `ref`/`source` resolved, plus the run's `results` and `schemas` for
/// `on-run-end`.
extension Compiler {
  /// dbt's node for the `index`-th (0-based) hook of `kind`: `operation.<p>.<p>-on-run-start-0`.
  public func hookNode(kind: String, index: Int, sql: String) -> Node {
    let project = parsed.session.project.name
    let name = "\(project)-\(kind)-\(index)"
    // The template is the hook's text; errors name the hook and point into that text.
    let file = SourceFile(path: "dbt_project.yml (\(kind) \(index + 1))", text: sql)
    return Node(
      synthesized: "operation.\(project).\(name)", resourceType: .operation, name: name, packageName: project,
      path: "hooks/\(name).sql", originalFilePath: "./dbt_project.yml", fqn: [project, "hooks", name], rawCode: sql,
      file: file, description: "", config: NodeConfig(), propertiesConfig: NodeConfig())
  }

  /// Renders one project hook; `extra` adds globals (`results`, `schemas`, `database_schemas`).
  public func renderHook(_ node: Node, extra: [String: Value]) throws -> String {
    let session = parsed.session
    let nodes = parsed.nodes
    let byName = self.byName
    let me = self
    let recorder = RenderRecorder()
    let resolveRef: @Sendable (RefCall) throws -> Value = { call in
      guard let target = byName[call.name], let t = nodes[target] else {
        throw JinjaError.runtime("ref '\(call.name)' not found")
      }
      return .object(me.relation(of: t))
    }
    let project = session.project
    let resolveSource: @Sendable (SourceCall) throws -> Value = { call in
      let sid = "source.\(project.name).\(call.source).\(call.table)"
      guard let s = project.sources[sid] else { throw JinjaError.runtime("source '\(call.source).\(call.table)' not found") }
      return .object(
        RelationValue(
          database: s.database ?? session.profile.database, schema: s.schema, identifier: s.identifier, type: "table",
          policy: session.policy))
    }
    let ctx = ContextBuilder(
      session: session, node: node, phase: .compile, recorder: recorder, resolveRef: resolveRef,
      resolveSource: resolveSource, this: .none, config: nil, lookup: lookup)
    ctx.host.database = database
    var globals = ctx.build()
    for (k, v) in extra { globals[k] = v }
    do {
      let template = try session.environment.parse(node.rawCode, name: node.file.path)
      return try template.render(globals, shared: session.sharedGlobals, hostData: ctx.host)
    } catch let e as JinjaError {
      throw e.diagnostic
    }
  }

  /// Runs rendered hook SQL on the compiler's connection (a script may hold several statements).
  public func runHook(_ sql: String) throws {
    guard let database else {
      throw Diagnostic(code: "R0210", "no connection to run the project hook on")
    }
    let trimmed = sql.trimmingCharacters(in: .whitespacesAndNewlines)
    guard !trimmed.isEmpty else { return }
    _ = try database.run(trimmed, fetch: false)
  }
}
