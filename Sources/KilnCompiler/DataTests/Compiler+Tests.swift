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

  /// The SQL of a built-in generic test filled into its skeleton, or nil when the test needs
  /// the full render (an overridden macro, a templated argument other than a plain `ref` or
  /// `source`, a value that is not a string or integer...).
  func builtinTestSQL(
    _ info: GenericTestInfo, config: NodeConfig,
    resolveRef: @Sendable (RefCall) throws -> Value, resolveSource: @Sendable (SourceCall) throws -> Value
  ) throws -> String? {
    guard usesTestSkeletons, info.namespace == nil, let skeleton = testSkeletons[info.testName] else {
      return nil
    }
    let macros = parsed.session.macros
    var args: [String: String] = [:]
    var quote = true
    if let q = info.kwargs["quote"] {
      guard case .bool(let b) = q else { return nil }
      quote = b
    }
    for (k, v) in info.kwargs {
      switch (k, v) {
      case ("column_name", .string(let s)):
        args[k] = s
      case ("field", .string(let s)) where GenericTestInfo.template(for: s) == nil:
        args[k] = s
      case ("to", .string(let s)) where GenericTestInfo.template(for: s) == nil:
        args[k] = s
      case ("to", .string(let s)):
        guard macros["ref"] == nil, macros["source"] == nil, let call = SimpleRelationCall(s) else { return nil }
        let relation: Value
        switch call {
        case .ref(let name): relation = try resolveRef(RefCall(package: nil, name: name, span: nil))
        case .source(let source, let table):
          relation = try resolveSource(SourceCall(source: source, table: table, span: nil))
        }
        guard case .object(let o) = relation else { return nil }
        args[k] = o.renderedText
      case ("values", .list(let items)):
        for case .string(let s) in items where GenericTestInfo.template(for: s) != nil { return nil }
        guard let text = BuiltinTestSkeleton.fillValues(v.jinjaValue, quote: quote) else { return nil }
        args[k] = text
      case ("quote", _):
        continue
      default:
        return nil
      }
    }
    let target = info.target
    let model =
      target.resourceType == .source
      ? try resolveSource(SourceCall(source: target.sourceName ?? "", table: target.name, span: nil))
      : try resolveRef(RefCall(package: nil, name: target.name, span: nil))
    guard case .object(let relation) = model else { return nil }
    if let w = config.where, !w.trimmingCharacters(in: .whitespaces).isEmpty {
      args["model"] = "(select * from \(relation.renderedText) where \(w)) dbt_subquery"
    } else {
      args["model"] = relation.renderedText
    }
    return skeleton.fill(args)
  }
}

/// A test argument that is exactly `ref('name')` or `source('source', 'table')` (either quote),
/// which the skeleton path resolves without rendering it.
enum SimpleRelationCall: Equatable {
  case ref(String)
  case source(String, String)

  init?(_ text: String) {
    var rest = Substring(text.trimmingCharacters(in: .whitespaces))
    func literal() -> String? {
      rest = rest.drop { $0 == " " }
      guard let q = rest.first, q == "'" || q == "\"" else { return nil }
      let body = rest.dropFirst()
      guard let end = body.firstIndex(of: q) else { return nil }
      let value = String(body[..<end])
      if value.contains("\\") { return nil }
      rest = body[body.index(after: end)...].drop { $0 == " " }
      return value
    }
    func expect(_ c: Character) -> Bool {
      rest = rest.drop { $0 == " " }
      guard rest.first == c else { return false }
      rest = rest.dropFirst()
      return true
    }
    if rest.hasPrefix("ref") {
      rest = rest.dropFirst(3)
      guard expect("("), let name = literal(), expect(")"), rest.allSatisfy({ $0 == " " }) else { return nil }
      self = .ref(name)
    } else if rest.hasPrefix("source") {
      rest = rest.dropFirst(6)
      guard expect("("), let source = literal(), expect(","), let table = literal(), expect(")"),
        rest.allSatisfy({ $0 == " " })
      else { return nil }
      self = .source(source, table)
    } else {
      return nil
    }
  }
}
