import KilnJinja
import KilnProject

extension Compiler {
  /// `_dbt_generic_test_kwargs` for one test: the rendered arguments plus `model`, the tested
  /// relation, or `(select * from <relation> where <where>) dbt_subquery` when the test has a
  /// `where` config (dbt's `get_where_subquery`).
  func testKwargs(
    _ info: GenericTestInfo, config: NodeConfig, globals: [String: Value], host: RenderHost,
    resolveRef: @Sendable (RefCall) throws -> Value, resolveSource: @Sendable (SourceCall) throws -> Value
  ) throws -> Value {
    let session = parsed.session
    var kwargs = try info.renderedKwargs { text in
      let t = try session.environment.parse(text, name: "<test argument>")
      return .string(try t.render(globals, shared: session.sharedGlobals, hostData: host))
    }
    let target = info.target
    var model =
      target.resourceType == .source
      ? try resolveSource(SourceCall(source: target.sourceName ?? "", table: target.name, span: nil))
      : try resolveRef(RefCall(package: nil, name: target.name, span: nil))
    if let w = config.where, !w.trimmingCharacters(in: .whitespaces).isEmpty {
      model = .string("(select * from \(model.pythonStr) where \(w)) dbt_subquery")
    }
    kwargs["model"] = model
    return .dict(kwargs.map { ($0.key, $0.value) })
  }
}
